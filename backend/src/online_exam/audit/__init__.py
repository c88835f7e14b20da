"""The audit trail: who created, changed, published or deleted what, and when."""
