"""The chain is the truth: cycles' derived columns rebuilt from it; on PostgreSQL, guard triggers on
every table and grants through a function.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

On both backends, each cycle's `activity_since` and `lock_version` are set to what its events say:
revision 0003 approximated `activity_since` by the last change (the chain was not read then), and
`audit verify` now compares every column with the replayed chain. A log the replay cannot read to
the end keeps its stored values for verify to report. Then SQLite gets nothing more: whoever holds
the file can change it, and `audit verify` is its defence. On PostgreSQL the guards of
`workflow.storage.pg_guard` are installed, and the administrators' roles lose CREATEROLE (with which
they could make themselves members of the owner): they grant through `workflow.grant_access`, which
this migration also uses to give them their privileges again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.storage import pg_guard

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Every administrator registered in the application, but the owner running this and anyone who can
# already act as the owner (or is a superuser): grant_access refuses those, and they need nothing.
REGRANT_ADMINS = """
DO $$
DECLARE
    admin record;
BEGIN
    FOR admin IN SELECT s.login FROM workflow.staff s JOIN pg_catalog.pg_roles r ON r.rolname = s.login
                 WHERE s.is_admin AND NOT r.rolsuper AND NOT pg_catalog.pg_has_role(r.oid, current_user, 'MEMBER')
                 ORDER BY s.login LOOP
        PERFORM workflow.grant_access(admin.login, 'admin');
    END LOOP;
END
$$
"""


def upgrade() -> None:
    _cycles_as_the_chain_says()
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.install_statements():
        op.execute(statement)
    op.execute(REGRANT_ADMINS)


def _cycles_as_the_chain_says() -> None:
    """Before the guards exist (they would refuse a change with no event of its own)."""
    from workflow.core.chain import walk_chain
    from workflow.core.replay import CYCLE_COLUMNS, Replay

    bind = op.get_bind()
    schema = "workflow." if bind.dialect.name == "postgresql" else ""  # whatever the search_path says
    replay = Replay(lambda _sha: True, lambda _sha: (), lambda _sha: ())  # cycles only: no items needed
    rows = bind.exec_driver_sql("SELECT seq, payload, prev_hash, hash, at, type, actor, cycle_id "
                                f"FROM {schema}audit_event ORDER BY seq")
    _count, broken, unexplained = walk_chain(rows, replay.apply)
    if broken is not None or unexplained is not None:
        return
    stored = {row[0]: (row[1], row[2]) for row in bind.execute(
        sa.text(f"SELECT id, activity_since, lock_version FROM {schema}cycle"))}
    update = sa.text(f"UPDATE {schema}cycle SET activity_since = :since, lock_version = :lock WHERE id = :id")
    for cycle_id, values in replay.cycles.items():
        implied = (values[CYCLE_COLUMNS.index("activity_since")], values[CYCLE_COLUMNS.index("lock_version")])
        if cycle_id in stored and stored[cycle_id] != implied:
            bind.execute(update, {"since": implied[0], "lock": implied[1], "id": cycle_id})


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.uninstall_statements():
        op.execute(statement)
