"""Who may touch what in the shared PostgreSQL database: one database role per member of staff.

`grant` creates the login role if it is missing and replaces its privileges with those of its class:
  staff    read everything; insert what commands insert (events, evidence, cycles) and move cycles;
  auditor  read only;
  admin    staff's privileges, plus publishing procedures, registering staff and granting roles
           (through the database's `workflow.grant_access`, not CREATEROLE: see `workflow.storage.pg_guard`).
Nobody is granted DELETE or TRUNCATE; triggers refuse any change to the audit table and any write that
does not come with its event in the connected person's own name (the owner can switch them off, and
`audit verify` then says so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflow.core import events as ev
from workflow.core.logins import checked_login
from workflow.core.records import StaffRow
from workflow.errors import Refused, UsageError
from workflow.storage import postgres
from workflow.storage.postgres import CLASSES

if TYPE_CHECKING:
    from workflow.service.context import Context


def grant(ctx: Context, login: str, klass: str) -> bool:
    """Create or update `login`'s role with the privileges of `klass`; True if the role was created."""
    if klass not in CLASSES:
        raise UsageError("access.bad_class", klass=klass, classes=", ".join(CLASSES))
    login = checked_login(login)
    if ctx.settings.embedded:
        raise Refused("service.grant_sqlite")
    with ctx.as_admin() as (tx, actor):
        created = postgres.grant_role(tx.connection, login, klass)
        now = ctx.now_text()
        tx.append_event(ev.make_event(ev.ACCESS_GRANTED, now, actor,
                                      data={"login": login, "class": klass, "role_created": created}))
        existing = tx.staff(login)
        if klass == "admin" or (existing is not None and existing.is_admin):
            row = StaffRow(login=login, name=existing.name if existing else login,
                           area_id=existing.area_id if existing else None,
                           role_id=existing.role_id if existing else None, is_admin=klass == "admin",
                           created_at=existing.created_at if existing else now, updated_at=now)
            tx.save_staff(row, exists=existing is not None)
    return created
