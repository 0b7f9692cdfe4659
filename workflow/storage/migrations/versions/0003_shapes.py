"""Shapes of real procedures: multi-instance items, reference data (item lists, calendars), terms.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cycle") as batch:
        batch.add_column(sa.Column("activity_since", sa.String(), nullable=True))
    # Cycles of older versions reached their current activity at their last change at the latest.
    op.execute("UPDATE cycle SET activity_since = updated_at WHERE activity IS NOT NULL")
    op.create_table(
        "reference_data",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.String(), nullable=False),
        sa.Column("published_by", sa.String(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "name", "sha256", name="uq_reference_data_kind_name_sha"),
    )
    op.create_table(
        "cycle_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.String(), nullable=False),
        sa.Column("activity", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("group_name", sa.String(), nullable=True),
        sa.Column("waived_reason", sa.String(), nullable=True),
        sa.Column("waived_by", sa.String(), nullable=True),
        sa.Column("waived_at", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "activity", "item_id", name="uq_cycle_item"),
    )
    op.create_index("ix_cycle_item_cycle_id", "cycle_item", ["cycle_id"])


def downgrade() -> None:
    op.drop_index("ix_cycle_item_cycle_id", "cycle_item")
    op.drop_table("cycle_item")
    op.drop_table("reference_data")
    with op.batch_alter_table("cycle") as batch:
        batch.drop_column("activity_since")
