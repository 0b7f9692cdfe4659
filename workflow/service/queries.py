"""The read models: what staff and auditors look at (procedures, staff, cycles, one cycle in full).
Each query is one reading transaction and changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from workflow.core import items as item_rules
from workflow.core import states
from workflow.core.definition import Procedure
from workflow.core.records import CycleRow, ProcedureRow
from workflow.service import reference
from workflow.service.context import Context
from workflow.service.procedures import latest_versions
from workflow.service.views import (
    CycleDetail,
    CycleListing,
    CycleView,
    Deadline,
    ItemView,
    ProcedureSummary,
    Requirement,
    StaffView,
    cycle_view,
    evidence_view,
    history_entry,
)
from workflow.storage.store import Tx

# Terms count in the Alcaldía's days: "today" and "the day the cycle arrived" are dates in Bogotá.
LOCAL_ZONE = ZoneInfo("America/Bogota")


def procedures(ctx: Context) -> list[ProcedureSummary]:
    with ctx.reading() as tx:
        rows = tx.procedures()
    latest = latest_versions(rows)
    return [ProcedureSummary(code=r.code, version=r.version, title=r.title, sha256=r.sha256,
                             published_at=r.published_at, published_by=r.published_by,
                             latest=latest[r.code].version == r.version) for r in rows]


def procedure(ctx: Context, code: str, version: str | None = None) -> tuple[Procedure, ProcedureRow]:
    with ctx.reading() as tx:
        row = ctx.definitions.row(tx, code, version)
    return ctx.definitions.of(row), row


def staff(ctx: Context) -> list[StaffView]:
    from workflow.service.setup import organisation, staff_view

    with ctx.reading() as tx:
        areas, roles = organisation(ctx, tx)
        return [staff_view(row, areas, roles) for row in tx.all_staff()]


def cycles(ctx: Context, state: str | None = None, overdue: bool = False) -> list[CycleView]:
    return cycle_listing(ctx, state, overdue).cycles


def cycle_listing(ctx: Context, state: str | None = None, overdue: bool = False,
                  limit: int | None = None) -> CycleListing:
    """The cycles (in `state`, past their term with `overdue`) in the order they started; with `limit`,
    only the most recently started that many, and how many there are in all."""
    # Without --overdue the database keeps the latest `limit` and counts the rest; with it only the terms
    # say which are late, so every cycle of the state is looked at and the latest are kept here.
    in_query = limit if not overdue else None
    with ctx.reading() as tx:
        views = []
        for row in tx.cycles(state, in_query):
            definition = ctx.definitions.of_cycle(tx, row)
            view = cycle_view(row, definition, deadline(ctx, tx, row, definition))
            if not overdue or (view.deadline is not None and view.deadline.light == "red"):
                views.append(view)
        total = tx.cycle_count(state) if in_query is not None else len(views)
    if limit is not None and in_query is None:
        views = views[-limit:] if limit else []
    return CycleListing(cycles=views, total=total)


def cycle(ctx: Context, cycle_id: str) -> CycleDetail:
    with ctx.reading() as tx:
        row = ctx.cycle_row(tx, cycle_id)
        definition = ctx.definitions.of_cycle(tx, row)
        evidence = tx.evidence(row.id)
        item_names = {i.item_id: i.name for i in tx.items(row.id)}
        requirement = None
        if row.activity is not None and row.state in (states.ACTIVE, states.SUSPENDED):
            activity = definition.activity(row.activity)
            current = [e for e in evidence if e.activity == activity.number]
            attached = {e.record_id for e in current if e.item is None}
            statuses = item_rules.item_states(activity, tx.items(row.id, activity.number), current)
            requirement = Requirement(
                number=activity.number, name=activity.name, role=definition.role(activity.role).name,
                areas=tuple(definition.area(a).name for a in activity.areas),
                records=tuple((r, definition.record(r).name, r in attached) for r in activity.records),
                items=tuple(ItemView.of(s) for s in statuses), optional=activity.optional)
        return CycleDetail(cycle=cycle_view(row, definition, deadline(ctx, tx, row, definition)),
                           procedure_title=definition.title,
                           history=tuple(history_entry(e) for e in tx.events(row.id)),
                           evidence=tuple(evidence_view(e, definition, item_names) for e in evidence),
                           requirement=requirement, fields=case_fields(tx, row.id, definition))


def case_fields(tx: Tx, cycle_id: str, definition: Procedure) -> tuple[tuple[str, str, str | None], ...]:
    """The cycle's case data as the procedure declares it: (id, name, value or None), in its order."""
    if not definition.fields:
        return ()
    values = tx.case_fields(cycle_id)
    return tuple((f.id, f.name, values.get(f.id)) for f in definition.fields)


def procedure_of(ctx: Context, view: CycleView) -> Procedure:
    """The procedure version a cycle runs on (it keeps the version it started with)."""
    with ctx.reading() as tx:
        return ctx.definitions.of_cycle(tx, ctx.cycle_row(tx, view.id))


def deadline(ctx: Context, tx: Tx, row: CycleRow, definition: Procedure) -> Deadline | None:
    """How the current activity stands against its term in business days, if it has one."""
    if row.activity is None or row.state != states.ACTIVE or not row.activity_since:
        return None
    term = definition.activity(row.activity).term_business_days
    if term is None:
        return None
    from workflow.core.calendar import deadline_status

    since = local_date(row.activity_since)
    status = deadline_status(reference.calendar(tx, definition.calendar), since, term,
                             ctx.clock().astimezone(LOCAL_ZONE).date())
    return Deadline(term_business_days=term, since=since.isoformat(), due=status.due.isoformat(),
                    business_days_left=status.business_days_left, light=status.light)


def local_date(moment: str) -> date:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(LOCAL_ZONE).date()
