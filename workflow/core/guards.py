"""The registry of named conditions a transition may require.

Guards are plain functions looked up here by name; nothing named in a YAML file is ever imported or
evaluated. Each guard returns None when the step may go on, or the reason it may not: a `Refusal`
(exit 1) or a `Stale` view of the cycle (exit 3).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from workflow.core.definition import Activity, Branch, Procedure
from workflow.errors import Message


@dataclass(frozen=True)
class Actor:
    """The person acting, as the store knows them (registered=False for an unknown login)."""

    login: str
    name: str = ""
    area: str | None = None
    role: str | None = None
    is_admin: bool = False
    registered: bool = True


@dataclass(frozen=True)
class StepContext:
    """Everything a guard may look at: no database, no clock."""

    procedure: Procedure
    activity: Activity | None  # the cycle's current activity
    actor: Actor
    expected_activity: int | None = None  # what the person believes is current (--activity)
    records_attached: frozenset[str] = field(default_factory=frozenset)  # since the activity was first reached
    records_this_visit: frozenset[str] = field(default_factory=frozenset)  # since the cycle last reached it
    reason: str | None = None
    target_activity: int | None = None  # for returns
    pending_items: tuple[str, ...] = ()  # names of the items of a multi-instance activity still pending
    waived_items: int = 0
    total_items: int = 0
    fields: Mapping[str, str] = field(default_factory=dict)  # the cycle's case data, as stored


@dataclass(frozen=True)
class Blocked:
    message: Message
    conflict: bool = False  # True: the person's view is stale (exit 3), not a rule refusal


Guard = Callable[[StepContext], Blocked | None]


def actor_registered(ctx: StepContext) -> Blocked | None:
    if not ctx.actor.registered:
        return Blocked(Message("engine.actor_not_registered", {"login": ctx.actor.login}))
    return None


def _holds_activity_role(ctx: StepContext) -> bool:
    activity = ctx.activity
    return (activity is not None and ctx.actor.role == activity.role
            and ctx.actor.area in activity.areas)


def actor_holds_role(ctx: StepContext) -> Blocked | None:
    if _holds_activity_role(ctx):
        return None
    return Blocked(_role_refusal(ctx))


def actor_holds_role_or_admin(ctx: StepContext) -> Blocked | None:
    if ctx.actor.is_admin or _holds_activity_role(ctx):
        return None
    return Blocked(_role_refusal(ctx, admin_also=True))


def _role_refusal(ctx: StepContext, admin_also: bool = False) -> Message:
    activity = ctx.activity
    assert activity is not None
    areas = ", ".join(ctx.procedure.area(a).name for a in activity.areas)
    return Message("engine.actor_lacks_role_admin" if admin_also else "engine.actor_lacks_role", {
        "login": ctx.actor.login,
        "number": activity.number,
        "role": ctx.procedure.role(activity.role).name,
        "areas": areas,
    })


def activity_exists(ctx: StepContext) -> Blocked | None:
    """`--activity N` naming an activity the procedure does not have is a mistake in the command, not a
    cycle that moved on: a refusal naming the activities there are, never a conflict."""
    expected = ctx.expected_activity
    procedure = ctx.procedure
    if expected is None or any(a.number == expected for a in procedure.activities):
        return None
    return Blocked(Message("engine.activity_unknown", {
        "expected": expected, "code": procedure.code, "version": procedure.version,
        "activities": "; ".join(f"{a.number} ({a.name})" for a in procedure.activities)}))


def activity_is_current(ctx: StepContext) -> Blocked | None:
    unknown = activity_exists(ctx)
    if unknown is not None:
        return unknown
    current = ctx.activity.number if ctx.activity else None
    if ctx.expected_activity is not None and ctx.expected_activity != current:
        return Blocked(Message("engine.activity_moved", {"expected": ctx.expected_activity,
                                                         "current": current}), conflict=True)
    return None


def required_records_attached(ctx: StepContext) -> Blocked | None:
    activity = ctx.activity
    assert activity is not None
    if activity.for_each is not None:
        return None  # its records are required per item: `items_done` checks them
    missing = [r for r in activity.records if r not in ctx.records_attached]
    if not missing:
        return None
    names = ", ".join(f"{ctx.procedure.record(r).name} ({r})" for r in missing)
    return Blocked(Message("engine.records_missing", {"number": activity.number, "records": names,
                                                      "first": missing[0]}))


def items_done(ctx: StepContext) -> Blocked | None:
    if not ctx.pending_items:
        return None
    assert ctx.activity is not None
    shown = ", ".join(ctx.pending_items[:10]) + (" …" if len(ctx.pending_items) > 10 else "")
    return Blocked(Message("engine.items_pending", {"number": ctx.activity.number,
                                                    "count": len(ctx.pending_items), "items": shown}))


def reason_given(ctx: StepContext) -> Blocked | None:
    if ctx.reason and ctx.reason.strip():
        return None
    return Blocked(Message("engine.reason_required"))


GUARDS: Mapping[str, Guard] = MappingProxyType({
    "actor_registered": actor_registered,
    "actor_holds_role": actor_holds_role,
    "actor_holds_role_or_admin": actor_holds_role_or_admin,
    "activity_exists": activity_exists,
    "activity_is_current": activity_is_current,
    "required_records_attached": required_records_attached,
    "reason_given": reason_given,
    "items_done": items_done,
})


def guard(name: str) -> Guard:
    """The guard registered under `name`; KeyError for anything else."""
    return GUARDS[name]


# Conditions that choose between branches (never refuse). Their names are what a YAML file may say
# (workflow.core.rules.BRANCH_CONDITIONS); a test keeps the two lists equal.
Condition = Callable[[StepContext, Branch], bool]

CONDITIONS: Mapping[str, Condition] = MappingProxyType({
    # Branches look at this visit only: evidence of an earlier pass through a loop must not choose again.
    "record_attached": lambda ctx, branch: branch.record in ctx.records_this_visit,
    "record_missing": lambda ctx, branch: branch.record not in ctx.records_this_visit,
    "all_items_waived": lambda ctx, _branch: ctx.total_items > 0 and ctx.waived_items == ctx.total_items,
    "some_items_waived": lambda ctx, _branch: ctx.waived_items > 0,
    # Case data: the value as stored (an unset field equals nothing).
    "field_equals": lambda ctx, branch: branch.field is not None and ctx.fields.get(branch.field) == branch.value,
    "field_in": lambda ctx, branch: branch.field is not None and ctx.fields.get(branch.field) in branch.values,
})


def condition(name: str) -> Condition:
    """The branch condition registered under `name`; KeyError for anything else."""
    return CONDITIONS[name]
