"""Versions side by side: what a new version changes (`procedure diff`) and what it drops that staff
and running cycles still use (said at `procedure publish` and at `procedure diff`); and the areas
and roles staff may be registered in: those of the versions in force and of the versions running
cycles are on, so that a cycle on an older version can still get people for its activities."""

from __future__ import annotations

from workflow.authoring.diff import Change, diff_procedures
from workflow.authoring.in_use import DroppedInUse, RunningCycle, StaffPost, dropped_in_use
from workflow.core.definition import Procedure
from workflow.core.states import TERMINAL_STATES
from workflow.service.context import Context
from workflow.service.procedures import latest_versions
from workflow.storage.store import Tx


def running_cycles(ctx: Context, tx: Tx, code: str | None = None) -> list[RunningCycle]:
    """Cycles that have not ended (of `code`, or of every procedure), each with its own version."""
    return [RunningCycle(row.id, ctx.definitions.of_cycle(tx, row)) for row in tx.cycles()
            if row.state not in TERMINAL_STATES and (code is None or row.procedure_code == code)]


def dropped(ctx: Context, tx: Tx, old: Procedure, new: Procedure) -> list[DroppedInUse]:
    """What `new` no longer declares of `old` while staff or running cycles of its code use it."""
    others = [ctx.definitions.of(row) for other, row in latest_versions(tx.procedures()).items() if other != new.code]
    staff = [StaffPost(s.login, s.area_id, s.role_id) for s in tx.all_staff()]
    return dropped_in_use(old, new, staff, running_cycles(ctx, tx, new.code), others)


def before_publishing(ctx: Context, tx: Tx, new: Procedure) -> list[DroppedInUse]:
    """Said when `new` is about to become the version in force of its code."""
    current = tx.procedure(new.code)
    return dropped(ctx, tx, ctx.definitions.of(current), new) if current is not None else []


def diff(ctx: Context, code: str, old_version: str, new_version: str) -> tuple[list[Change], list[DroppedInUse]]:
    with ctx.reading() as tx:
        old = ctx.definitions.of(ctx.definitions.row(tx, code, old_version))
        new = ctx.definitions.of(ctx.definitions.row(tx, code, new_version))
        return diff_procedures(old, new), dropped(ctx, tx, old, new)


def staffable(ctx: Context, tx: Tx) -> tuple[dict[str, str], dict[str, str]]:
    """Areas and roles (id -> name) staff may be registered in: those the version in force of every
    procedure declares, and those of the versions running cycles are on."""
    versions = [ctx.definitions.of(row) for row in latest_versions(tx.procedures()).values()]
    versions += [cycle.procedure for cycle in running_cycles(ctx, tx)]
    areas: dict[str, str] = {}
    roles: dict[str, str] = {}
    for procedure in reversed(versions):  # the names of the versions in force win
        areas.update({a.id: a.name for a in procedure.areas})
        roles.update({r.id: r.name for r in procedure.roles})
    return areas, roles
