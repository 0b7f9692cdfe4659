"""PostgreSQL roles and privileges for the shared mode: one database role per member of staff.

Granting runs `workflow.grant_access` (migration 0004, `workflow.storage.pg_guard`): a SECURITY DEFINER
function of the schema's owner that creates the login role if it is missing and gives it exactly the
privileges of its class. Administrators hold EXECUTE on it instead of CREATEROLE, so they cannot make
themselves members of the owner. `workflow.service.access` decides who may grant and records it.
"""

from __future__ import annotations

from sqlalchemy import Connection

from workflow.storage.store import PG_SCHEMA

CLASSES = ("staff", "auditor", "admin")


def grant_role(connection: Connection, login: str, klass: str) -> bool:
    """Create `login`'s role if it is missing and give it exactly the privileges of `klass`; True if
    the role was created."""
    created = connection.exec_driver_sql(f"SELECT {PG_SCHEMA}.grant_access(%(login)s, %(klass)s)",
                                         {"login": login, "klass": klass}).scalar()
    return bool(created)
