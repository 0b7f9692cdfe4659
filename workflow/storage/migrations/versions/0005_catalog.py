"""The trámites catalogue: `catalog_entry`, a projection of the `catalog.*` events, guarded on PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

On PostgreSQL the guard of `workflow.storage.pg_guard` (`guard_catalog`) is installed: a row may be
written only by a transaction that appended, in its own name, the catalogue event that explains it.
`grant_access` is replaced by the version that grants the new table, and every role that may already
append events (staff and administrators) is granted INSERT and UPDATE on it (never DELETE).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.storage import pg_guard

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

REGRANT_WRITERS = """
DO $$
DECLARE
    writer record;
BEGIN
    FOR writer IN SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
                  WHERE g.table_schema = 'workflow' AND g.table_name = 'audit_event' AND g.privilege_type = 'INSERT'
                  AND g.grantee <> current_user ORDER BY g.grantee LOOP
        EXECUTE format('GRANT INSERT, UPDATE ON workflow.catalog_entry TO %I', writer.grantee);
    END LOOP;
END
$$
"""


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
    )
    op.create_index("ix_catalog_entry_dependencia", "catalog_entry", ["dependencia"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.catalog_install_statements():
        op.execute(statement)
    op.execute(REGRANT_WRITERS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.catalog_uninstall_statements():
            op.execute(statement)
    op.drop_index("ix_catalog_entry_dependencia", "catalog_entry")
    op.drop_table("catalog_entry")
