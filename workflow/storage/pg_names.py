"""Names the PostgreSQL side shares: the schema every table lives in and the writers' lock (the store
takes it per writing transaction; the guard on the audit table takes it too)."""

PG_SCHEMA = "workflow"
# One lock for every writer: the audit chain has one head, so writers take turns (SQLite does the same
# with BEGIN IMMEDIATE). A transaction-level advisory lock is released by COMMIT or ROLLBACK.
PG_WRITE_LOCK = 0x776F726B666C6F77  # "workflow"
