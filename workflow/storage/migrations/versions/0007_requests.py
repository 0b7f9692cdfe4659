"""Case data and citizen requests: `case_field` (a cycle's typed fields) and `citizen_request` (the PQRSD
of activity 5, Ley 1755 de 2015), both projections of the audit chain that `audit verify` rebuilds.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

On PostgreSQL, every role that may read the trail may read both tables, and those that may append
events (staff, administrators) insert and update them too (as 0006 does for the catalogue; roles granted
later get them from `grant_access`, redefined here), and a guard
(`pg_guard.GUARD_CASE_ROW`) lets a row be written only by a transaction that appended, in its own name,
the event of the same cycle that its `audit_seq` names.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.storage import pg_guard
from workflow.storage.migrations import named_schema

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_field",
        sa.Column("cycle_id", sa.String(), nullable=False),
        sa.Column("field_id", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("cycle_id", "field_id"),
        schema=named_schema(),
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
        schema=named_schema(),
    )
    op.create_index("ix_citizen_request_state_due", "citizen_request", ["state", "due_date"], schema=named_schema())
    op.create_index("ix_citizen_request_received_day", "citizen_request", ["received_day"], schema=named_schema())
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.install_statements((pg_guard.GRANT_ACCESS, *pg_guard.CASE_FUNCTIONS),
                                                     pg_guard.CASE_TRIGGERS):
            op.execute(statement)
        op.execute(pg_guard.regrant_statement("case_field", "citizen_request"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.uninstall_statements(pg_guard.CASE_FUNCTIONS, pg_guard.CASE_TRIGGERS):
            op.execute(statement)
    op.drop_index("ix_citizen_request_received_day", "citizen_request", schema=named_schema())
    op.drop_index("ix_citizen_request_state_due", "citizen_request", schema=named_schema())
    op.drop_table("citizen_request", schema=named_schema())
    op.drop_table("case_field", schema=named_schema())
