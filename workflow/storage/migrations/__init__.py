"""Alembic migrations: the schema is created and changed only by these scripts.

`upgrade_to_head` runs them on a connection the caller already holds, inside the caller's
transaction, so `init` and `db upgrade` are one transaction like every other command. On PostgreSQL,
when a superuser runs them, they also install the incident recorder (`workflow.storage.pg_incidents`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

SCRIPT_LOCATION = Path(__file__).parent


def alembic_config(connection: Connection | None = None) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        # The schema must exist before Alembic creates its version table in it. (Not "IF NOT EXISTS":
        # that still needs the CREATE privilege, which only the schema's owner has.)
        exists = connection.exec_driver_sql("SELECT 1 FROM pg_namespace WHERE nspname = 'workflow'").first()
        if exists is None:
            connection.exec_driver_sql("CREATE SCHEMA workflow")
    command.upgrade(alembic_config(connection), revision)  # type: ignore[arg-type]
    if connection.dialect.name == "postgresql":
        from workflow.storage.pg_incidents import forget_upgrade_ddl, install_recorder

        # The guards an upgrade itself installs are no incident (only a superuser can say so: the
        # recorder's table is theirs). Only a superuser can create event triggers: run by one, `db
        # upgrade` installs the recorder.
        forget_upgrade_ddl(connection)
        install_recorder(connection)


def named_schema() -> str | None:
    """The schema a migration names its tables in: `workflow` on PostgreSQL (a connection handed in need
    not have it on its search_path), none on SQLite. Only for a migration's own `op` calls."""
    from alembic import op

    return "workflow" if op.get_bind().dialect.name == "postgresql" else None


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[arg-type]
