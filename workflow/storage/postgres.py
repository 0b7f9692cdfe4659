"""PostgreSQL roles and privileges for the shared mode: one database role per member of staff.

The statements are built here, where the SQL dialect lives; `workflow.service.access` decides who
may grant and records it in the trail.
"""

from __future__ import annotations

from sqlalchemy import Connection

from workflow.storage.store import PG_SCHEMA

CLASSES = ("staff", "auditor", "admin")
STAFF_INSERTS = ("audit_event", "evidence", "evidence_blob", "cycle", "cycle_item")
STAFF_UPDATES = ("cycle", "cycle_item")  # moving cycles; waiving items
ADMIN_WRITES = ("staff", "procedure_version", "reference_data")


def privilege_statements(role: str, klass: str) -> list[str]:
    """The SQL that gives `role` exactly the privileges of `klass` (pure: `role` is already quoted)."""
    schema = PG_SCHEMA
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON SCHEMA {schema} FROM {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}",
    ]
    if klass in ("staff", "admin"):
        statements.append(f"GRANT INSERT ON {', '.join(f'{schema}.{t}' for t in STAFF_INSERTS)} TO {role}")
        statements.append(f"GRANT UPDATE ON {', '.join(f'{schema}.{t}' for t in STAFF_UPDATES)} TO {role}")
        statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    if klass == "admin":
        statements.append(f"GRANT INSERT, UPDATE ON {', '.join(f'{schema}.{t}' for t in ADMIN_WRITES)} TO {role}")
    return statements


def role_attribute_statement(role: str, klass: str, can_create_roles: bool) -> str | None:
    """Admins may create roles (to grant); others may not. None when the role is already right, so
    that granting does not rewrite a server-wide role for nothing."""
    wanted = klass == "admin"
    if wanted == can_create_roles:
        return None
    return f"ALTER ROLE {role} {'CREATEROLE' if wanted else 'NOCREATEROLE'}"


def grant_role(connection: Connection, login: str, klass: str) -> bool:
    """Create `login`'s role if it is missing and give it exactly the privileges of `klass`; True if
    the role was created."""
    quoted = connection.dialect.identifier_preparer.quote(login)
    can_create_roles = role_can_create_roles(connection, login)
    created = can_create_roles is None
    if created:
        connection.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
    for statement in privilege_statements(quoted, klass):
        connection.exec_driver_sql(statement)
    attribute = role_attribute_statement(quoted, klass, bool(can_create_roles))
    if attribute is not None:
        connection.exec_driver_sql(attribute)
    return created


def role_can_create_roles(connection: Connection, login: str) -> bool | None:
    """Whether the role may create roles; None when there is no such role."""
    found = connection.exec_driver_sql("SELECT rolcreaterole FROM pg_roles WHERE rolname = %(name)s",
                                       {"name": login}).first()
    return None if found is None else bool(found[0])
