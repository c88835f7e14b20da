"""LTI 1.3 (LTI Advantage) tool: launches from learning platforms, deep linking, roster sync
(NRPS) and grade passback (AGS) through a durable outbox."""
