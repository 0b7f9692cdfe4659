"""The trámites catalogue: `catalog_entry`, a projection of the `catalog.*` events, guarded on PostgreSQL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

On PostgreSQL the guard of `workflow.storage.pg_guard` (`guard_catalog`) is installed: a row may be
written only by a transaction that appended, in its own name, the catalogue event that explains it.
`grant_access` is replaced by the version that grants the new table; every role that may already read
the trail is granted SELECT on it, and those that may append events (staff, administrators) INSERT and
UPDATE too (never DELETE).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.storage import pg_guard
from workflow.storage.migrations import named_schema

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_entry",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("dependencia", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        schema=named_schema(),
    )
    op.create_index("ix_catalog_entry_dependencia", "catalog_entry", ["dependencia"], schema=named_schema())
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.install_statements(
            (pg_guard.GRANT_ACCESS, *pg_guard.CATALOG_FUNCTIONS), pg_guard.CATALOG_TRIGGERS):
        op.execute(statement)
    op.execute(pg_guard.regrant_statement("catalog_entry"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.uninstall_statements(pg_guard.CATALOG_FUNCTIONS, pg_guard.CATALOG_TRIGGERS):
            op.execute(statement)
    op.drop_table("catalog_entry", schema=named_schema())  # and its index with it
