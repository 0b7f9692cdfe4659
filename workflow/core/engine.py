"""The state machine of a procedure and the pure decisions made with it.

One `transitions` machine is built per procedure version (keyed by the SHA-256 of its YAML) and
cached. Cycles are database rows, never bound to the machine: to decide a step, the engine fires the
event on a throw-away token that carries only the row's state, and reads back where it landed. The
machine's conditions are guard functions from `workflow.core.guards`, passed as callables: transitions is
never handed a string it could resolve into an import.

States (named in `workflow.core.states`): `activity_1` ... `activity_N`, `suspended_1` ...
`suspended_N`, `completed`, `cancelled`.
Events: `complete` (activity_i -> activity_i+1, activity_N -> completed), `return_to_j` (activity_i ->
activity_j for every j < i), `cancel` (any activity -> cancelled). No automatic `to_*` transitions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from transitions import EventData, Machine, MachineError

from workflow.core.definition import END, Activity, Branch, Procedure
from workflow.core.guards import Blocked, Guard, StepContext, condition, guard
from workflow.core.states import (
    CANCELLED,
    COMPLETED,
    TERMINAL_STATES,
    activity_state,
    is_suspended,
    row_state,
    state_message,
    suspended_state,
)
from workflow.errors import Conflict, Refused

# The order is the contract's: who is acting first, then whether the person's view is current,
# then the rules of the step itself.
COMPLETE_GUARDS = ("actor_registered", "actor_holds_role", "activity_is_current", "required_records_attached")
RETURN_GUARDS = ("actor_registered", "actor_holds_role_or_admin", "activity_is_current", "reason_given")
CANCEL_GUARDS = ("actor_registered", "actor_holds_role_or_admin", "activity_is_current", "reason_given")
ATTACH_GUARDS = ("actor_registered", "actor_holds_role", "activity_is_current")
SKIP_GUARDS = ("actor_registered", "actor_holds_role_or_admin", "activity_is_current", "reason_given")
SUSPEND_GUARDS = ("actor_registered", "actor_holds_role_or_admin", "activity_is_current", "reason_given")


@dataclass(frozen=True)
class Decision:
    event: str
    from_state: str
    to_state: str

    # Read several times while an outcome is built: parsed once (cached_property writes the frozen
    # instance's dict directly).
    @cached_property
    def from_activity(self) -> int | None:
        return row_state(self.from_state)[1]

    @cached_property
    def to_activity(self) -> int | None:
        return row_state(self.to_state)[1]

    @cached_property
    def to_lifecycle(self) -> str:
        return row_state(self.to_state)[0]


class _Token:
    """What the machine moves: a cycle's state and, if a guard said no, why."""

    __slots__ = ("blocked", "state")

    def __init__(self, state: str) -> None:
        self.state = state
        self.blocked: Blocked | None = None


def _condition(check: Guard) -> Callable[[EventData], bool]:
    def condition(event: EventData) -> bool:
        token = event.model
        assert isinstance(token, _Token)
        blocked = check(event.kwargs["context"])
        if blocked is not None:
            token.blocked = blocked
            return False
        return True

    return condition


def _conditions(names: Sequence[str]) -> list[Callable[[EventData], bool]]:
    return [_condition(guard(name)) for name in names]


def _target(to: int | str) -> str:
    return COMPLETED if to == END else activity_state(int(to))


def build_machine(procedure: Procedure) -> Machine:
    numbers = [a.number for a in procedure.activities]
    states = ([activity_state(n) for n in numbers] + [suspended_state(n) for n in numbers]
              + [COMPLETED, CANCELLED])
    transitions: list[dict[str, Any]] = []
    for activity in procedure.activities:
        number = activity.number
        here = activity_state(number)
        guards = _conditions(COMPLETE_GUARDS + (("items_done",) if activity.for_each else ()))
        # Several branches: transitions tries them in order and takes the first whose conditions hold.
        for branch in procedure.branches(number):
            chooses = [_branch_condition(branch)] if branch.when else []
            transitions.append({"trigger": "complete", "source": here, "dest": _target(branch.to),
                                "conditions": guards + chooses})
        for earlier in procedure.return_targets(number):
            transitions.append({"trigger": f"return_to_{earlier}", "source": here,
                                "dest": activity_state(earlier), "conditions": _conditions(RETURN_GUARDS)})
        if activity.optional:
            # Skipping takes the activity's default way out (its last branch), without its conditions.
            transitions.append({"trigger": "skip", "source": here,
                                "dest": _target(procedure.branches(number)[-1].to),
                                "conditions": _conditions(SKIP_GUARDS)})
        transitions.append({"trigger": "suspend", "source": here, "dest": suspended_state(number),
                            "conditions": _conditions(SUSPEND_GUARDS)})
        transitions.append({"trigger": "resume", "source": suspended_state(number), "dest": here,
                            "conditions": _conditions(SUSPEND_GUARDS)})
        for source in (here, suspended_state(number)):
            transitions.append({"trigger": "cancel", "source": source, "dest": CANCELLED,
                                "conditions": _conditions(CANCEL_GUARDS)})
    return Machine(model=None, states=states, transitions=transitions, initial=states[0],
                   auto_transitions=False, send_event=True, ignore_invalid_triggers=False)


def _branch_condition(branch: Branch) -> Callable[[EventData], bool]:
    """A branch's condition only chooses the way; failing it is no refusal, so it records nothing."""
    assert branch.when is not None
    check = condition(branch.when)

    def chooses(event: EventData) -> bool:
        return check(event.kwargs["context"], branch)

    return chooses


_machines: dict[str, tuple[Procedure, Machine]] = {}
_machines_lock = threading.Lock()


def machine_for(procedure: Procedure, sha256: str) -> Machine:
    """The cached machine of one published version (the YAML's SHA-256 identifies it). It is kept
    with the definition it was built from and rebuilt for another one under the same hash, so a
    machine never outlives the text it was made of (a stored text altered behind the hash, say)."""
    cached = _machines.get(sha256)
    if cached is None or cached[0] is not procedure:
        with _machines_lock:
            cached = _machines.get(sha256)
            if cached is None or cached[0] is not procedure:
                cached = _machines[sha256] = (procedure, build_machine(procedure))
    return cached[1]


def _run_guards(names: Sequence[str], ctx: StepContext) -> None:
    for name in names:
        _raise_blocked(guard(name)(ctx))


def _raise_blocked(blocked: Blocked | None) -> None:
    if blocked is None:
        return
    raise (Conflict if blocked.conflict else Refused)(blocked.message)


def _refuse_if_ended(state: str, ctx: StepContext) -> None:
    """An ended cycle accepts nothing; but who is acting is still checked first, and a person who
    named an activity was looking at a cycle that has moved on (a conflict, not a refusal)."""
    if state not in TERMINAL_STATES:
        return
    _run_guards(("actor_registered", "activity_exists"), ctx)
    if ctx.expected_activity is not None:
        raise Conflict("engine.cycle_ended_conflict", expected=ctx.expected_activity,
                       state=state_message(state))
    raise Refused("engine.cycle_ended", state=state_message(state))


def current_activity(procedure: Procedure, state: str) -> Activity | None:
    number = row_state(state)[1]
    return procedure.activity(number) if number is not None else None


def decide(procedure: Procedure, sha256: str, state: str, event: str, ctx: StepContext) -> Decision:
    """Where `event` takes a cycle in `state`, or the refusal (exit 1) / conflict (exit 3) saying why
    not. Pure: the caller loads the context and records the decision."""
    _refuse_if_ended(state, ctx)
    machine = machine_for(procedure, sha256)
    token = _Token(state)
    trigger = machine.events.get(event)
    try:
        if trigger is None:
            raise MachineError(event)
        moved = trigger.trigger(token, context=ctx)
    except MachineError:
        raise _impossible(procedure, state, event, ctx) from None
    if not moved:
        _raise_blocked(token.blocked)
        raise _not_allowed(event, state)
    return Decision(event=event, from_state=state, to_state=token.state)


def _impossible(procedure: Procedure, state: str, event: str, ctx: StepContext) -> Refused:
    """Why the machine has no `event` from `state`, in the person's words. Who is acting is checked
    first, as for every step, so that the contract's order of answers holds."""
    _run_guards(("actor_registered", "actor_holds_role_or_admin", "activity_is_current"), ctx)
    current = row_state(state)[1]
    if is_suspended(state):
        return Refused("engine.cycle_suspended", number=current)
    if event == "resume":
        return Refused("engine.not_suspended")
    if event == "skip" and current is not None:
        return Refused("engine.not_optional", number=current)
    if event.startswith("return_to_"):
        allowed = procedure.return_targets(current) if current is not None else ()
        return Refused("engine.return_target", target=ctx.target_activity, current=current,
                       allowed=", ".join(map(str, allowed)) or "-")
    return _not_allowed(event, state)


def _not_allowed(event: str, state: str) -> Refused:
    """In the person's words: the command they typed (`return`, not the machine's `return_to_2`) and
    the state as every screen names it."""
    command = "return" if event.startswith("return_to_") else event
    return Refused("engine.event_not_allowed", event=command, state=state_message(state))


def check_attach(procedure: Procedure, state: str, record_id: str, ctx: StepContext,
                 item: str | None = None, items: frozenset[str] = frozenset()) -> None:
    """May this person attach evidence for `record_id` (for `item`) to the current activity?"""
    activity = check_may_act(state, ctx)
    check_item_of_activity(activity, item, items)
    check_record_of_activity(procedure, activity.number, record_id)


def check_item_of_activity(activity: Activity, item: str | None, items: frozenset[str]) -> None:
    """Is `item` (None: the activity as a whole) one of the items the activity runs for?"""
    if item is not None and activity.for_each is None:
        raise Refused("engine.activity_has_no_items", number=activity.number)
    if item is not None and item not in items:
        raise Refused("engine.unknown_item", item=item, number=activity.number)


def check_may_act(state: str, ctx: StepContext) -> Activity:
    """May this person add to the current activity (evidence, or a record the system makes)? Its activity."""
    _refuse_if_ended(state, ctx)
    _run_guards(ATTACH_GUARDS, ctx)
    activity = ctx.activity
    assert activity is not None
    if is_suspended(state):
        raise Refused("engine.cycle_suspended", number=activity.number)
    return activity


def check_record_of_activity(procedure: Procedure, number: int, record_id: str) -> None:
    """Is `record_id` a record activity `number` may hold? (Who is acting was checked before.)"""
    allowed = attachable_records(procedure, number)
    if record_id not in allowed:
        if allowed:
            raise Refused("engine.record_not_of_activity", record=record_id, number=number,
                          records=", ".join(allowed))
        raise Refused("engine.activity_has_no_records", record=record_id, number=number)


def attachable_records(procedure: Procedure, number: int) -> tuple[str, ...]:
    """The records an activity requires, then those its branch conditions look at (which choose the
    way out, so they may be attached without being required)."""
    activity = procedure.activity(number)
    records = [*activity.records, *(r for r in activity.optional_records if r not in activity.records)]
    for branch in procedure.branches(number):
        if branch.record is not None and branch.record not in records:
            records.append(branch.record)
    return tuple(records)


def check_waive(procedure: Procedure, state: str, ctx: StepContext, item: str, items: frozenset[str]) -> None:
    """May this person waive `item` of the current activity? Those who may attach may waive."""
    check_may_act(state, ctx)
    _run_guards(("reason_given",), ctx)
    activity = ctx.activity
    assert activity is not None
    if activity.for_each is None:
        raise Refused("engine.activity_has_no_items", number=activity.number)
    if item not in items:
        raise Refused("engine.unknown_item", item=item, number=activity.number)


def check_migrate(procedure: Procedure, state: str, ctx: StepContext) -> None:
    """Moving a cycle to another version: the current activity's staff or an administrator."""
    _refuse_if_ended(state, ctx)
    _run_guards(("actor_registered", "actor_holds_role_or_admin"), ctx)


def check_start(procedure: Procedure, actor_ctx: StepContext) -> None:
    """Registered staff holding one of the procedure's roles may start a cycle."""
    _run_guards(("actor_registered",), actor_ctx)
    roles = {a.role for a in procedure.activities}
    if actor_ctx.actor.role not in roles:
        raise Refused("engine.cannot_start", login=actor_ctx.actor.login, code=procedure.code,
                      roles=", ".join(procedure.role(r).name for r in sorted(roles)))


def next_events(procedure: Procedure, sha256: str, state: str) -> list[str]:
    """The events the machine knows from `state`, for "what can be done next?" hints."""
    if state in TERMINAL_STATES:
        return []
    return sorted(machine_for(procedure, sha256).get_triggers(state))
