"""Case data and citizen requests: `case_field` (a cycle's typed fields) and `citizen_request` (the PQRSD
of activity 5, Ley 1755 de 2015), both projections of the audit chain that `audit verify` rebuilds.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

On PostgreSQL, staff get INSERT and UPDATE on both tables (the grant function of 0004 gives the
privileges of the tables it knows; this revision gives them for the new ones to every role that
already holds INSERT on `cycle`, and `grant_access` is redefined to include them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.storage import pg_guard

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GRANT_TO_STAFF = """
DO $$
DECLARE
    grantee record;
BEGIN
    FOR grantee IN SELECT DISTINCT p.grantee FROM information_schema.role_table_grants p
                   WHERE p.table_schema = 'workflow' AND p.table_name = 'cycle' AND p.privilege_type = 'INSERT'
                   AND p.grantee <> current_user LOOP
        EXECUTE format('GRANT INSERT, UPDATE ON workflow.case_field, workflow.citizen_request TO %I',
                       grantee.grantee);
    END LOOP;
END
$$
"""


def upgrade() -> None:
    schema = "workflow" if op.get_bind().dialect.name == "postgresql" else None  # whatever the search_path says
    op.create_table(
        "case_field",
        sa.Column("cycle_id", sa.String(), nullable=False),
        sa.Column("field_id", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("cycle_id", "field_id"),
        schema=schema,
    )
    op.create_table(
        "citizen_request",
        sa.Column("radicado", sa.String(), nullable=False),
        sa.Column("cycle_id", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("citizen", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("anonymous", sa.Integer(), nullable=False),
        sa.Column("dependencia", sa.String(), nullable=True),
        sa.Column("received_at", sa.String(), nullable=False),
        sa.Column("received_day", sa.String(), nullable=False),
        sa.Column("term_business_days", sa.Integer(), nullable=True),
        sa.Column("term_from", sa.String(), nullable=True),
        sa.Column("term_days", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.String(), nullable=True),
        sa.Column("extended_until", sa.String(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("answered_at", sa.String(), nullable=True),
        sa.Column("notified_at", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("forwarded_to", sa.String(), nullable=True),
        sa.Column("incomplete_since", sa.String(), nullable=True),
        sa.Column("days_left", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("radicado"),
        sa.UniqueConstraint("year", "number", name="uq_citizen_request_year_number"),
        sa.UniqueConstraint("cycle_id", name="uq_citizen_request_cycle"),
        sa.UniqueConstraint("source_id", name="uq_citizen_request_source"),
        schema=schema,
    )
    op.create_index("ix_citizen_request_state_due", "citizen_request", ["state", "due_date"], schema=schema)
    op.create_index("ix_citizen_request_received_day", "citizen_request", ["received_day"], schema=schema)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pg_guard.GRANT_ACCESS.create())
        op.execute(GRANT_TO_STAFF)


def downgrade() -> None:
    # Named in their schema on PostgreSQL (the downgrade's search_path may not hold it); indexes go with them.
    schema = "workflow" if op.get_bind().dialect.name == "postgresql" else None
    op.drop_table("citizen_request", schema=schema)
    op.drop_table("case_field", schema=schema)
