"""What each command on a cycle decides, as data: the events to record and the row changes.

Every command of the service reads as load -> decide -> persist. The service loads the facts
(`CycleFacts`), one function here decides, and the service writes the `Outcome` in one transaction:
its events first (the chain is the source of truth), then the cycle row under its lock version, the
items a newly reached activity copies in, and a waiver. Nothing here touches the database, the
files or the clock: `now` and the stored files' facts come in as arguments.

Commands that take a file decide in two steps, so that nothing is stored for a step that is refused:
`plan_*` says whether the step may happen (and where it goes), then the service stores the files and
`*_outcome` builds the events that name them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from workflow.core import engine, events, states
from workflow.core import items as item_rules
from workflow.core.definition import Activity, Procedure
from workflow.core.engine import Decision
from workflow.core.evidence import StoredFile
from workflow.core.guards import Actor, StepContext
from workflow.core.records import CycleRow, EvidenceRow, ItemRow, ProcedureRow
from workflow.errors import Message, Refused

# How each lifecycle event of a cycle is written in the trail.
MOVE_EVENTS: Mapping[str, str] = {
    "cancel": events.CYCLE_CANCELLED, "skip": events.ACTIVITY_SKIPPED,
    "suspend": events.CYCLE_SUSPENDED, "resume": events.CYCLE_RESUMED,
}


@dataclass(frozen=True)
class CycleFacts:
    """What a step on a cycle looks at, as loaded by the service: the row, the procedure version it
    runs on, who is acting, and the evidence and items of its current activity (where the command
    needs them)."""

    cycle: CycleRow
    procedure: Procedure
    actor: Actor
    evidence: tuple[EvidenceRow, ...] = ()
    items: tuple[ItemRow, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)  # the cycle's case data

    # Worked out once per step (a frozen dataclass: cached_property writes the instance's dict directly).
    @cached_property
    def state(self) -> str:
        return states.machine_state(self.cycle.state, self.cycle.activity)

    @cached_property
    def activity(self) -> Activity | None:
        return engine.current_activity(self.procedure, self.state)

    def item_statuses(self) -> list[item_rules.ItemStatus]:
        activity = self.activity
        return item_rules.item_states(activity, self.items, self.evidence) if activity is not None else []

    def context(self, **more: Any) -> StepContext:
        return StepContext(procedure=self.procedure, activity=self.activity, actor=self.actor, fields=self.fields,
                           **more)


@dataclass(frozen=True)
class NewEvidence:
    """An evidence row to write; it is linked to the event that names it once that has its seq."""

    activity: int
    record: str
    item: str | None
    file: StoredFile
    note: str | None
    attached_by: str
    attached_at: str

    def row(self, cycle_id: str, seq: int) -> EvidenceRow:
        return EvidenceRow(cycle_id=cycle_id, activity=self.activity, record_id=self.record, item=self.item,
                           sha256=self.file.sha256, size=self.file.size, display_name=self.file.display_name,
                           media_type=self.file.media_type, note=self.note, attached_by=self.attached_by,
                           attached_at=self.attached_at, audit_seq=seq)


@dataclass(frozen=True)
class PlannedEvent:
    payload: dict[str, Any]
    evidence: tuple[NewEvidence, ...] = ()


@dataclass(frozen=True)
class ItemCopy:
    """The items of list `list_id` become the items of `activity` in this cycle, unless it has them."""

    activity: int
    list_id: str


@dataclass(frozen=True)
class ItemWaiver:
    activity: int
    item: str
    reason: str
    by: str
    at: str
    status: item_rules.ItemStatus  # the item as the waiver leaves it


@dataclass(frozen=True)
class Outcome:
    """The events to record and the changes to make, in the order the service persists them."""

    cycle: CycleRow  # the row as the command leaves it
    events: tuple[PlannedEvent, ...]
    changes: Mapping[str, Any] = field(default_factory=dict)  # the columns that change (empty: a new row)
    created: bool = False  # a new cycle: its row is inserted, not updated
    read_lock_version: int = 0  # the version read: the store writes only if nobody else did since
    # Columns of `changes` that hold that value already: the store leaves them out of its UPDATE, so that
    # an index on them (the cycle's state) is not rewritten, one page less for every commit to write.
    unchanged: frozenset[str] = frozenset()
    copy_items: tuple[ItemCopy, ...] = ()  # lists the cycle copies in now (once per activity)
    waiver: ItemWaiver | None = None
    fields: Mapping[str, str] = field(default_factory=dict)  # case data the command sets


def _changed(cycle: CycleRow, changes: dict[str, Any], planned: Sequence[PlannedEvent],
             copy_items: tuple[ItemCopy, ...] = (), waiver: ItemWaiver | None = None) -> Outcome:
    # Built from the row's fields rather than by `dataclasses.replace`, which costs several times more.
    after = CycleRow(**{**cycle.__dict__, **changes, "lock_version": cycle.lock_version + 1})
    return Outcome(cycle=after, events=_versioned(planned, after.lock_version), changes=changes,
                   read_lock_version=cycle.lock_version,
                   unchanged=frozenset(name for name, value in changes.items() if getattr(cycle, name) == value),
                   copy_items=copy_items, waiver=waiver)


def changed(cycle: CycleRow, changes: dict[str, Any], planned: Sequence[PlannedEvent]) -> Outcome:
    """A command that changes a cycle without a transition (the lock version moves by one)."""
    return _changed(cycle, changes, planned)


def _versioned(planned: Sequence[PlannedEvent], lock_version: int) -> tuple[PlannedEvent, ...]:
    """Each event of a command names the cycle's lock version as the command leaves it, so that the
    replay of `audit verify` rebuilds that column too (one command, one bump, however many events)."""
    return tuple(PlannedEvent({**p.payload, "lock_version": lock_version}, p.evidence) for p in planned)


# -- start ------------------------------------------------------------------------------------------

def start(procedure: Procedure, published: ProcedureRow, actor: Actor, number: int, title: str | None,
          now: str, fields: Mapping[str, str] | None = None, data: Mapping[str, Any] | None = None) -> Outcome:
    """A new cycle number `number` of the version `published`, at its first activity, with its case data
    (`fields`, already checked) and what else its event carries (`data`)."""
    engine.check_start(procedure, StepContext(procedure=procedure, activity=None, actor=actor))
    first = procedure.first_activity.number
    cycle = CycleRow(id=f"{procedure.code}-{number:04d}", procedure_code=procedure.code,
                     procedure_version=published.version, procedure_sha256=published.sha256, number=number,
                     title=(title or "").strip() or None, state=states.ACTIVE, activity=first, lock_version=1,
                     started_at=now, started_by=actor.login, updated_at=now, ended_at=None, activity_since=now)
    # Only a procedure with case data writes `fields`: the events of the others stay as they were.
    case = {"fields": dict(fields or {})} if procedure.fields else {}
    started = events.cycle_event(events.CYCLE_STARTED, now, actor, cycle, procedure, first, None,
                                 states.activity_state(first), data={"title": cycle.title, **case, **(data or {})})
    # Every list is copied in at the start: later changes of a list do not change a running cycle.
    lists = tuple(copy for a in procedure.activities for copy in item_copies(procedure, a.number))
    return Outcome(cycle=cycle, events=_versioned([PlannedEvent(started)], cycle.lock_version), created=True,
                   copy_items=lists, fields=dict(fields or {}))


# -- attach -----------------------------------------------------------------------------------------

def plan_attach(facts: CycleFacts, record: str, item: str | None, all_pending: bool,
                expected_activity: int | None) -> tuple[str | None, ...]:
    """Whom a file is attached for: the activity (None), one item, or every pending item at once (one
    circular e-mail to every dependencia, say). Refused when this person may not attach it here."""
    ctx = facts.context(expected_activity=expected_activity)
    known = frozenset(i.item_id for i in facts.items)
    engine.check_attach(facts.procedure, facts.state, record, ctx, item, known)
    activity = facts.activity
    assert activity is not None
    if not all_pending:
        return (item,)
    if activity.for_each is None:
        raise Refused("engine.activity_has_no_items", number=activity.number)
    pending = tuple(s.id for s in facts.item_statuses() if s.state == item_rules.PENDING)
    if not pending:
        raise Refused("engine.no_pending_items", number=activity.number)
    return pending


def attach_outcome(facts: CycleFacts, record: str, targets: Sequence[str | None], stored: StoredFile,
                   note: str | None, now: str) -> Outcome:
    """One event for the file, one evidence row per target. Attaching changes what the cycle holds,
    so it counts as a change for optimistic locking."""
    cycle, number = facts.cycle, _current(facts)
    attached = tuple(NewEvidence(number, record, target, stored, note, facts.actor.login, now) for target in targets)
    payload = events.cycle_event(
        events.EVIDENCE_ATTACHED, now, facts.actor, cycle, facts.procedure, number, facts.state, facts.state,
        evidence=[events.evidence_ref(stored, record, target) for target in targets], note=note)
    return _changed(cycle, {"updated_at": now}, [PlannedEvent(payload, attached)])


# -- complete ---------------------------------------------------------------------------------------

def plan_complete(facts: CycleFacts, given_records: Sequence[str], expected_activity: int | None) -> Decision:
    """Where completing the current activity takes the cycle, counting the records given with the
    command as attached; refused (or a conflict) otherwise. Each guard runs once."""
    statuses = facts.item_statuses()
    ctx = facts.context(
        expected_activity=expected_activity,
        records_attached=item_rules.records_attached(facts.evidence, given_records),
        records_this_visit=item_rules.records_this_visit(facts.evidence, facts.cycle.activity_since, given_records),
        pending_items=item_rules.pending_names(statuses), waived_items=item_rules.count(statuses, item_rules.WAIVED),
        total_items=len(statuses))
    decision = engine.decide(facts.procedure, facts.cycle.procedure_sha256, facts.state, "complete", ctx)
    for record in given_records:
        # Evidence given to `complete` is for the activity as a whole, never for one item.
        engine.check_record_of_activity(facts.procedure, _current(facts), record)
    return decision


def complete_outcome(facts: CycleFacts, decision: Decision, given: Sequence[tuple[str, StoredFile]],
                     note: str | None, now: str) -> Outcome:
    """An evidence event per file given, then the completion naming all the activity's evidence."""
    cycle, number, actor = facts.cycle, _current(facts), facts.actor
    planned: list[PlannedEvent] = []
    refs = [events.evidence_ref_of(row) for row in facts.evidence]
    for record, stored in given:
        ref = events.evidence_ref(stored, record, None)
        planned.append(PlannedEvent(
            events.cycle_event(events.EVIDENCE_ATTACHED, now, actor, cycle, facts.procedure, number, facts.state,
                               facts.state, evidence=[ref]),
            (NewEvidence(number, record, None, stored, None, actor.login, now),)))
        refs.append(ref)
    planned.append(PlannedEvent(events.cycle_event(
        events.ACTIVITY_COMPLETED, now, actor, cycle, facts.procedure, number, decision.from_state,
        decision.to_state, evidence=refs, note=note)))
    return _transition(cycle, facts.procedure, decision, now, planned)


# -- return, cancel, skip, suspend, resume ----------------------------------------------------------

def move(facts: CycleFacts, event: str, reason: str, expected_activity: int | None, now: str,
         target: int | None = None) -> Outcome:
    """A step that needs a reason and no evidence: `return_to_N` (with `target` N), `cancel`, `skip`,
    `suspend`, `resume`."""
    ctx = facts.context(expected_activity=expected_activity, reason=reason, target_activity=target)
    decision = engine.decide(facts.procedure, facts.cycle.procedure_sha256, facts.state, event, ctx)
    kind = events.CYCLE_RETURNED if event.startswith("return_to_") else MOVE_EVENTS[event]
    payload = events.cycle_event(
        kind, now, facts.actor, facts.cycle, facts.procedure, _current(facts), decision.from_state,
        decision.to_state, reason=reason.strip(),
        data={"to_activity": decision.to_activity} if target is not None else None)
    return _transition(facts.cycle, facts.procedure, decision, now, [PlannedEvent(payload)])


def transition_changes(cycle: CycleRow, decision: Decision, now: str) -> dict[str, Any]:
    """The columns a transition changes: state, activity, when it reached the activity, when it ended."""
    ended = decision.to_lifecycle in states.TERMINAL_STATES
    changes: dict[str, Any] = {"state": decision.to_lifecycle, "activity": decision.to_activity,
                               "updated_at": now, "ended_at": now if ended else None}
    if decision.to_activity != decision.from_activity:
        changes["activity_since"] = now if decision.to_activity is not None else None
    elif decision.event == "resume" and cycle.activity_since:
        changes["activity_since"] = resumed_since(cycle, now)
    return changes


def resumed_since(cycle: CycleRow, now: str) -> str:
    """Terms do not run while a cycle is suspended: its activity's start moves by the time it was
    paused (nothing else can change a suspended cycle, so its last change is the suspension)."""
    assert cycle.activity_since is not None
    return shifted_since(cycle.activity_since, cycle.updated_at, now)


def shifted_since(activity_since: str, paused_at: str, resumed_at: str) -> str:
    """When an activity started, moved later by the time its cycle was paused."""
    paused = _parse_utc(resumed_at) - _parse_utc(paused_at)
    return events.utc_text(_parse_utc(activity_since) + paused)


def item_copies(procedure: Procedure, number: int | None) -> tuple[ItemCopy, ...]:
    """The list a cycle reaching activity `number` must hold, if that activity runs once per item."""
    if number is None:
        return ()
    list_id = procedure.activity(number).for_each
    return (ItemCopy(number, list_id),) if list_id is not None else ()


def _transition(cycle: CycleRow, procedure: Procedure, decision: Decision, now: str,
                planned: Sequence[PlannedEvent]) -> Outcome:
    return _changed(cycle, transition_changes(cycle, decision, now), planned,
                    copy_items=item_copies(procedure, decision.to_activity))


# -- waive ------------------------------------------------------------------------------------------

def waive(facts: CycleFacts, item: str, reason: str, expected_activity: int | None, now: str) -> Outcome:
    """Excuse one pending item of a multi-instance activity (it then needs no evidence), with a reason."""
    ctx = facts.context(expected_activity=expected_activity, reason=reason)
    known = frozenset(i.item_id for i in facts.items)
    engine.check_waive(facts.procedure, facts.state, ctx, item, known)
    number = _current(facts)
    current = {s.id: s for s in facts.item_statuses()}[item]
    if current.state != item_rules.PENDING:
        raise Refused("engine.item_not_pending", item=current.name, state=Message(f"item.{current.state}"))
    why = reason.strip()
    payload = events.cycle_event(events.ITEM_WAIVED, now, facts.actor, facts.cycle, facts.procedure, number,
                                 facts.state, facts.state, reason=why,
                                 data={"item": item, "item_name": current.name})
    waiver = ItemWaiver(activity=number, item=item, reason=why, by=facts.actor.login, at=now,
                        status=replace(current, state=item_rules.WAIVED, reason=why))
    return _changed(facts.cycle, {"updated_at": now}, [PlannedEvent(payload)], waiver=waiver)


# -- migrate ----------------------------------------------------------------------------------------

def migrate(facts: CycleFacts, target_version: Callable[[], tuple[Procedure, ProcedureRow]],
            mapping: Mapping[int, int] | None, now: str) -> Outcome:
    """Move a running cycle to another published version, deliberately: its current activity goes to
    the activity of the same number, or where `mapping` says. `target_version` looks the version up;
    it is asked only once the person may migrate, so who is acting is answered first."""
    engine.check_migrate(facts.procedure, facts.state, facts.context())
    target, target_row = target_version()
    cycle = facts.cycle
    if target_row.sha256 == cycle.procedure_sha256:
        raise Refused("engine.migrate_same_version", version=target_row.version)
    current = _current(facts)
    number = (mapping or {}).get(current, current)
    if number not in {a.number for a in target.activities}:
        raise Refused("engine.migrate_no_counterpart", number=current, version=target_row.version)
    lifecycle, _ = states.row_state(facts.state)
    to_state = states.machine_state(lifecycle, number)
    payload = events.make_event(
        events.CYCLE_MIGRATED, now, facts.actor,
        procedure=events.procedure_ref(target_row.code, target_row.version, target_row.sha256), cycle=cycle.id,
        activity=events.activity_ref(target, number), from_state=facts.state, to_state=to_state,
        data={"from_version": cycle.procedure_version, "from_sha256": cycle.procedure_sha256,
              "to_version": target_row.version, "mapping": {str(k): v for k, v in (mapping or {}).items()}})
    changes: dict[str, Any] = {"procedure_version": target_row.version, "procedure_sha256": target_row.sha256,
                               "activity": number, "updated_at": now}
    if number != current:
        changes["activity_since"] = now
    return _changed(cycle, changes, [PlannedEvent(payload)], copy_items=item_copies(target, number))


def _current(facts: CycleFacts) -> int:
    number = facts.cycle.activity
    if number is None:
        raise ValueError(f"cycle {facts.cycle.id} has no current activity")  # the engine refused it before
    return number


def _parse_utc(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))
