"""A suspension of terms decreed later moves the due dates of the open requests, each move audited.

Called by `data publish` (workflow.service.setup) in the transaction that publishes the new calendar:
every open request of the PQRSD procedure on that calendar gets its due date on the new calendar
(`term_days` business days after `term_from`), and an event `request.terms_moved` says from which date
to which, so `audit verify` rebuilds the moved date too.
"""

from __future__ import annotations

import datetime as dt

from workflow.core import events
from workflow.core import requests as rules
from workflow.core.guards import Actor
from workflow.service import reference
from workflow.service.context import Context
from workflow.storage.store import Tx

PROCEDURE = "PQRSD-L1755"


def move_terms(tx: Tx, calendar_name: str, actor: Actor, now: str, ctx: Context) -> int:
    """A calendar published again (a suspension of terms decreed later): every open request on it gets
    its due date on the new calendar, each move an event of its own. The number moved."""
    moved = 0
    rows = tx.requests(state=rules.OPEN)
    if not rows:
        return 0
    published = tx.procedure(PROCEDURE)
    if published is None:
        return 0
    procedure = ctx.definitions.of(published)
    if procedure.calendar != calendar_name:
        return 0
    calendar = reference.calendar(tx, procedure.calendar)
    for row in rows:
        start = dt.date.fromisoformat(row["term_from"]) if row["term_from"] else None
        due = rules.due_on(calendar, start, row["term_days"])
        if due is None or due.isoformat() == row["due_date"]:
            continue
        changes = {"radicado": row["radicado"], "due_date": due.isoformat()}
        cycle = tx.cycle(row["cycle_id"])
        assert cycle is not None
        link = tx.append_event(events.make_event(
            events.REQUEST_TERMS_MOVED, now, actor, procedure=events.cycle_procedure_ref(cycle), cycle=cycle.id,
            data={"request": changes, "from": row["due_date"], "calendar": calendar_name}))
        tx.update_request(row["radicado"], {"due_date": due.isoformat(), "updated_at": now, "audit_seq": link.seq})
        moved += 1
    return moved
