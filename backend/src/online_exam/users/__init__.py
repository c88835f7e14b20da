"""User management for admins: list and search accounts, change roles, deactivate."""
