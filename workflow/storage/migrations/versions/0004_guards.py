"""PostgreSQL refuses forged history: guard triggers on every table, grants through a function.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

SQLite gets nothing: whoever holds the file can change it, and `audit verify` is its defence. On
PostgreSQL the guards of `workflow.storage.pg_guard` are installed, and the administrators' roles
lose CREATEROLE (with which they could make themselves members of the owner): they grant through
`workflow.grant_access`, which this migration also uses to give them their privileges again.
"""

from __future__ import annotations

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
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.install_statements():
        op.execute(statement)
    op.execute(REGRANT_ADMINS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.uninstall_statements():
        op.execute(statement)
