"""Evidence content in the database (shared mode) and an append-only audit table on PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION workflow.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "evidence_blob",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Even the table's owner cannot rewrite history through SQL: only a superuser who disables
        # triggers can, and `audit verify` catches what they change.
        op.execute(REFUSE_FUNCTION)
        op.execute("CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON workflow.audit_event "
                   "FOR EACH ROW EXECUTE FUNCTION workflow.refuse_audit_change()")
        op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON workflow.audit_event "
                   "FOR EACH STATEMENT EXECUTE FUNCTION workflow.refuse_audit_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON workflow.audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON workflow.audit_event")
        op.execute("DROP FUNCTION IF EXISTS workflow.refuse_audit_change()")
    op.drop_table("evidence_blob")
