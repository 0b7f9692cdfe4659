"""Who may touch what in the shared PostgreSQL database: one database role per member of staff.

`grant` creates the login role if it is missing and replaces its privileges with those of its class:
  staff    read everything; insert what commands insert (events, evidence, cycles) and move cycles;
  auditor  read only;
  admin    staff's privileges, plus publishing procedures, registering staff and granting roles.
Nobody is granted UPDATE, DELETE or TRUNCATE on the audit table, and a trigger refuses them for
everyone, the table's owner included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflow.core import events as ev
from workflow.errors import Refused, UsageError
from workflow.storage.store import PG_SCHEMA, StaffRow

if TYPE_CHECKING:
    from workflow.service.context import Context
    from workflow.storage.store import Tx

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


def grant(ctx: Context, login: str, klass: str) -> bool:
    """Create or update `login`'s role with the privileges of `klass`; True if the role was created."""
    if klass not in CLASSES:
        raise UsageError("access.bad_class", klass=klass, classes=", ".join(CLASSES))
    if ctx.settings.embedded:
        raise Refused("cli.grant_sqlite")
    login = login.strip()
    if not login:
        raise Refused("service.login_empty")
    with ctx.as_admin() as (tx, actor):
        quoted = tx.connection.dialect.identifier_preparer.quote(login)
        can_create_roles = _role_can_create_roles(tx, login)
        created = can_create_roles is None
        if created:
            tx.connection.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
        for statement in privilege_statements(quoted, klass):
            tx.connection.exec_driver_sql(statement)
        attribute = role_attribute_statement(quoted, klass, bool(can_create_roles))
        if attribute is not None:
            tx.connection.exec_driver_sql(attribute)
        now = ctx.now_text()
        existing = tx.staff(login)
        if klass == "admin" or (existing is not None and existing.is_admin):
            row = StaffRow(login=login, name=existing.name if existing else login,
                           area_id=existing.area_id if existing else None,
                           role_id=existing.role_id if existing else None, is_admin=klass == "admin",
                           created_at=existing.created_at if existing else now, updated_at=now)
            tx.save_staff(row, exists=existing is not None)
        tx.append_event(ev.make_event(ev.ACCESS_GRANTED, now, actor,
                                      data={"login": login, "class": klass, "role_created": created}))
    return created


def _role_can_create_roles(tx: Tx, login: str) -> bool | None:
    """Whether the role may create roles; None when there is no such role."""
    found = tx.connection.exec_driver_sql("SELECT rolcreaterole FROM pg_roles WHERE rolname = %(name)s",
                                          {"name": login}).first()
    return None if found is None else bool(found[0])
