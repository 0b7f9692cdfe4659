"""Was every step allowed by the procedure when it was taken? The engine's own decisions, replayed.

The database guards (PostgreSQL) make sure an event is in the name of the person connected and that the
rows change only with it; they do not know the procedure. Someone typing SQL with their own login, or a
modified copy of the program, can still append a well-formed event in their own name that the engine
would have refused: a completion by a person who holds no role in the activity's areas, an activity
completed without its required record, a cycle moved where the procedure has no way, an item waived by
someone else's staff. `audit verify` asks the engine again, for every step in the chain, with the facts
as the replay knows them at that moment (the person's staff row, the cycle's state, the evidence and
items it held, its case data), and names the first step the engine refuses or sends elsewhere.

Decisions go through the same pure functions the commands use (`workflow.core.engine`), so the rules
are written once. A decision depends only on a handful of facts, so each distinct set is decided once
per run and remembered: a million events of a few procedures ask the state machine a few hundred times.

What this cannot see: what the person typed (`--activity`), the content of a file, the values an action
was given (checked by the command, not kept as facts here), and the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from workflow.core import engine, states
from workflow.core import events as ev
from workflow.core import items as item_rules
from workflow.core.definition import Procedure
from workflow.core.guards import Actor, StepContext
from workflow.core.itemlists import Item
from workflow.core.payloads import shown
from workflow.errors import Message, WorkflowError

ProcedureOf = Callable[[str], Procedure | None]  # published text's SHA-256 -> its definition, None if unknown

# The replay's cycle list (workflow.core.replay.CYCLE_COLUMNS): procedure sha, state, activity, since.
_SHA, _STATE, _ACTIVITY, _SINCE = 2, 5, 6, 11
_TERMINAL = states.TERMINAL_STATES
_ATTACHED = ev.EVIDENCE_ATTACHED
_ALLOWED = True  # what a remembered decision holds when the step was allowed
_MOVES = {ev.CYCLE_CANCELLED: "cancel", ev.ACTIVITY_SKIPPED: "skip", ev.CYCLE_SUSPENDED: "suspend",
          ev.CYCLE_RESUMED: "resume"}


class StepRefused(Exception):
    """A step in the chain that the engine, asked again, refuses (or takes elsewhere)."""

    def __init__(self, why: Message) -> None:
        super().__init__(why.key)
        self.why = why


class _Files:
    """What an activity of a running cycle holds: its evidence rows as (record, item, attached_at), and
    the ids of the items it runs for (empty unless it runs once per item; None: to be read again, after
    the cycle moved to another version)."""

    __slots__ = ("item_ids", "rows")

    def __init__(self, item_ids: frozenset[str] | None) -> None:
        self.rows: list[tuple[str, str | None, str]] = []
        self.item_ids = item_ids


class _Unknowable(Exception):
    """The procedure an event runs on is not stored: the replay reports that, not this check."""


class Conformance:
    """Fed every event before the replay applies it (`check`), which decides it and keeps what later
    decisions need.

    `staff`, `cycles` and `waivers` are the replay's own projections, read as they stand before the event:
    login -> [name, area, role, admin, ..., seq], cycle id -> its CYCLE_COLUMNS values, and the items
    waived; `items` gives the items a cycle copied in for an activity."""

    def __init__(self, procedure_of: ProcedureOf, staff: dict[str, list[Any]], cycles: dict[str, list[Any]],
                 items: Callable[[str, int], tuple[Item, ...]],
                 waivers: dict[tuple[str, int, str], Any]) -> None:
        self._procedure_of = procedure_of
        self._staff = staff
        self._cycles = cycles
        self._items = items  # (cycle, activity) -> the items it copied in, () if none
        self._ids_of_list: dict[int, tuple[tuple[Item, ...], frozenset[str]]] = {}
        self._state_names: dict[tuple[str, int | None], str] = {}
        self._waivers = waivers  # the replay's: (cycle, activity, item) -> the waiver
        # cycle -> activity -> its evidence rows and item ids, of the cycles still running
        self._files: dict[str, dict[int, _Files]] = {}
        self._fields: dict[str, dict[str, Any]] = {}  # cycle -> its case data as the events set it
        self._decided: dict[tuple[Any, ...], str | Message] = {}  # facts -> where the engine went, or why not
        self._attach_decided: dict[tuple[Any, ...], Message | bool] = {}  # the same, of files attached
        self._checks: dict[str, Callable[[dict[str, Any], str], None]] = {
            ev.CYCLE_STARTED: self._started,
            ev.ACTIVITY_COMPLETED: self._completed, ev.CYCLE_RETURNED: self._returned,
            ev.ITEM_WAIVED: self._item_waived, ev.CYCLE_MIGRATED: self._migrated, ev.FIELDS_SET: self._acted,
            **dict.fromkeys(_MOVES, self._moved)}

    def check(self, body: dict[str, Any], login: str) -> None:
        """Raise StepRefused when the engine would not have taken this step; KeyError/TypeError for a
        payload of the wrong shape (the replay reports it as damaged). An event naming a cycle or a
        procedure nobody started or published is left to the replay, which names it.

        Then keep what the event leaves for later decisions (its files, its case data), and let go of
        a cycle that ended: memory stays bounded by the cycles running, not by the chain's length. (A
        refusal here, or the replay's of the same event, ends the walk: nothing kept is read again.)"""
        kind = body["type"]
        try:
            if kind == _ATTACHED:  # most events: no case data, never the end of a cycle
                cycle = self._cycles.get(body["cycle"])
                if cycle is not None:
                    self._attached(body, login, cycle)
                return
            checked = self._checks.get(kind)
            if checked is not None and (kind == ev.CYCLE_STARTED or body["cycle"] in self._cycles):
                checked(body, login)
        except _Unknowable:
            return
        data = body.get("data")
        if data and type(data) is dict and type(data.get("fields")) is dict:
            self._fields.setdefault(body["cycle"], {}).update(data["fields"])
        if body.get("to_state") in _TERMINAL:
            self._files.pop(body["cycle"], None)
            self._fields.pop(body["cycle"], None)
        elif kind == ev.CYCLE_MIGRATED:  # its items are those of the new version's lists from now on
            for kept in self._files.get(body["cycle"], {}).values():
                kept.item_ids = None

    # -- the facts ------------------------------------------------------------------------------------
    def _who(self, login: str) -> tuple[str, int | None]:
        """The person as a key: their login and the seq of the event that last set their staff row."""
        row = self._staff.get(login)
        return login, None if row is None else row[-1]

    def _actor(self, login: str) -> Actor:
        row = self._staff.get(login)
        if row is None:
            return Actor(login=login, registered=False)
        return Actor(login=login, name=row[0], area=row[1], role=row[2], is_admin=bool(row[3]))

    def _procedure(self, sha: str) -> Procedure:
        procedure = self._procedure_of(sha)
        if procedure is None:
            raise _Unknowable
        return procedure

    def _state(self, body: dict[str, Any], cycle: list[Any]) -> str:
        """The cycle's machine state; the event must say it started from there."""
        key = (cycle[_STATE], cycle[_ACTIVITY])
        state = self._state_names.get(key)
        if state is None:
            state = self._state_names[key] = states.machine_state(*key)
        stated = body.get("from_state")
        if stated is not None and stated != state:
            raise StepRefused(Message("audit.step_from_elsewhere", {"stated": shown(stated), "state": state}))
        return state

    def _context(self, procedure: Procedure, state: str, actor: Actor, cycle_id: str, **more: Any) -> StepContext:
        return StepContext(procedure=procedure, activity=engine.current_activity(procedure, state), actor=actor,
                           fields=self._fields.get(cycle_id, {}), **more)

    def _item_ids(self, cycle_id: str, activity: int | None) -> frozenset[str]:
        """The ids of the items a cycle copied in for an activity. Cycles share the list they copied (the
        replay keeps one tuple per published list), so the set is made once per list, kept with it."""
        items = self._items(cycle_id, activity or 0)
        known = self._ids_of_list.get(id(items))
        if known is None:
            known = (items, frozenset(i.id for i in items))
            self._ids_of_list[id(items)] = known  # the tuple kept alive with it: its id is never reused
        return known[1]

    # -- the steps ------------------------------------------------------------------------------------
    def _started(self, body: dict[str, Any], login: str) -> None:
        sha = body["procedure"]["sha256"]

        def ask() -> str:
            procedure = self._procedure(sha)
            engine.check_start(procedure, StepContext(procedure=procedure, activity=None, actor=self._actor(login)))
            return ""
        self._decide(("start", sha, self._who(login)), ask)

    def _attached(self, body: dict[str, Any], login: str, cycle: list[Any]) -> None:
        """The hot one (an answer per dependencia): decided on a key of plain values, the engine asked
        only once per distinct key."""
        cycle_id, number = body["cycle"], cycle[_ACTIVITY]
        if body["activity"]["number"] != number:
            raise StepRefused(Message("audit.step_other_activity", {"stated": shown(body["activity"]["number"]),
                                                                     "current": shown(number)}))
        state = self._state_names.get((cycle[_STATE], number)) or self._state(body, cycle)
        if body["from_state"] != state:
            self._state(body, cycle)  # says how it differs
        staff = self._staff.get(login)
        who = None if staff is None else staff[-1]
        by_activity = self._files.get(cycle_id)
        if by_activity is None:
            by_activity = self._files[cycle_id] = {}
        kept = by_activity.get(number)
        if kept is None:
            kept = by_activity[number] = _Files(None)
        rows, item_ids = kept.rows, kept.item_ids
        if item_ids is None:
            item_ids = kept.item_ids = self._item_ids(cycle_id, number)
        at, sha, decided = body["at"], cycle[_SHA], self._attach_decided
        for ref in body["evidence"]:
            record, item = ref["record"], ref["item"]
            known = item is None or item in item_ids
            rows.append((record, item, at))
            key = (sha, state, login, who, record, item is None, known)
            answer = decided.get(key)
            if answer is None:
                answer = decided[key] = self._may_attach(sha, state, login, cycle_id, record, item, known)
            if answer is not _ALLOWED:
                assert isinstance(answer, Message)
                raise StepRefused(answer)

    def _may_attach(self, sha: str, state: str, login: str, cycle_id: str, record: str, item: str | None,
                    known: bool) -> Message | bool:
        try:
            procedure = self._procedure(sha)
            ctx = self._context(procedure, state, self._actor(login), cycle_id)
            activity = engine.check_may_act(state, ctx)
            engine.check_item_of_activity(activity, item, frozenset({item}) if known and item else frozenset())
            # A record the procedure does not declare is one the system keeps for the activity (the
            # catalogue's review page): who may add it is checked here, which record it is, the command's.
            if any(r.id == record for r in procedure.records):
                engine.check_record_of_activity(procedure, activity.number, record)
        except WorkflowError as refused:
            return refused.message
        return _ALLOWED

    def _completed(self, body: dict[str, Any], login: str) -> None:
        cycle_id = body["cycle"]
        cycle = self._cycles[cycle_id]
        state, sha, number = self._state(body, cycle), cycle[_SHA], cycle[_ACTIVITY]
        kept = self._files.get(cycle_id, {}).get(number)
        evidence = kept.rows if kept is not None else ()
        since = cycle[_SINCE] or ""
        attached = frozenset(record for record, _, _ in evidence)
        this_visit = frozenset(record for record, _, at in evidence if at >= since)
        pending, waived, total = self._item_facts(cycle_id, number, evidence, sha)
        fields = self._fields.get(cycle_id, {})

        def ask() -> str:
            procedure = self._procedure(sha)
            ctx = self._context(procedure, state, self._actor(login), cycle_id, records_attached=attached,
                                records_this_visit=this_visit, pending_items=pending, waived_items=waived,
                                total_items=total)
            return engine.decide(procedure, sha, state, "complete", ctx).to_state
        self._expect(body, ("complete", sha, state, self._who(login), attached, this_visit, pending, waived, total,
                            tuple(sorted(fields.items()))), ask)

    def _item_facts(self, cycle_id: str, number: int, evidence: Sequence[tuple[str, str | None, str]],
                    sha: str) -> tuple[tuple[str, ...], int, int]:
        """(names of the pending items, how many are waived, how many in all) of a multi-instance
        activity, as `workflow.core.items` counts them from the rows."""
        items = self._items(cycle_id, number)
        if not items:
            return (), 0, 0
        required = set(self._procedure(sha).activity(number).records)
        answered = item_rules.records_by_item((item, record) for record, item, _ in evidence)
        waivers = self._waivers
        found = [item_rules.item_state(required, answered.get(item.id),
                                         bool(waivers) and (cycle_id, number, item.id) in waivers) for item in items]
        pending = [item.name for item, state in zip(items, found, strict=True) if state == item_rules.PENDING]
        waived = found.count(item_rules.WAIVED)
        return tuple(pending), waived, len(items)

    def _returned(self, body: dict[str, Any], login: str) -> None:
        target = states.row_state(body["to_state"])[1]  # where it says it went: the engine must agree
        if target is None:
            raise StepRefused(Message("audit.step_went_elsewhere", {"stated": shown(body["to_state"]),
                                                                     "state": "-"}))
        self._move(body, login, f"return_to_{target}", target)

    def _moved(self, body: dict[str, Any], login: str) -> None:
        self._move(body, login, _MOVES[body["type"]], None)

    def _move(self, body: dict[str, Any], login: str, event: str, target: int | None) -> None:
        cycle_id = body["cycle"]
        cycle = self._cycles[cycle_id]
        state, sha, reason = self._state(body, cycle), cycle[_SHA], _given(body.get("reason"))

        def ask() -> str:
            procedure = self._procedure(sha)
            ctx = self._context(procedure, state, self._actor(login), cycle_id, reason=reason,
                                target_activity=target)
            return engine.decide(procedure, sha, state, event, ctx).to_state
        self._expect(body, (event, sha, state, self._who(login), reason), ask)

    def _item_waived(self, body: dict[str, Any], login: str) -> None:
        cycle_id = body["cycle"]
        cycle = self._cycles[cycle_id]
        state, sha, reason = self._state(body, cycle), cycle[_SHA], _given(body.get("reason"))
        item = body["data"]["item"]
        known = item in self._item_ids(cycle_id, cycle[_ACTIVITY])

        def ask() -> str:
            procedure = self._procedure(sha)
            ctx = self._context(procedure, state, self._actor(login), cycle_id, reason=reason)
            engine.check_waive(procedure, state, ctx, item, frozenset({item}) if known else frozenset())
            return ""
        self._decide(("waive", sha, state, self._who(login), known, reason), ask)

    def _migrated(self, body: dict[str, Any], login: str) -> None:
        self._may_act(body, login, "migrate")

    def _acted(self, body: dict[str, Any], login: str) -> None:
        self._may_act(body, login, "act")

    def _may_act(self, body: dict[str, Any], login: str, step: str) -> None:
        """A change of the cycle at its current activity that moves nothing: the activity's staff (and, to
        migrate, an administrator) may make it."""
        cycle_id = body["cycle"]
        cycle = self._cycles[cycle_id]
        state, sha = self._state(body, cycle), cycle[_SHA]

        def ask() -> str:
            procedure = self._procedure(sha)
            ctx = self._context(procedure, state, self._actor(login), cycle_id)
            if step == "migrate":
                engine.check_migrate(procedure, state, ctx)
            else:
                engine.check_may_act(state, ctx)
            return ""
        self._decide((step, sha, state, self._who(login)), ask)

    # -- asking the engine, once per set of facts -----------------------------------------------------
    def _decide(self, facts: tuple[Any, ...], ask: Callable[[], str]) -> str:
        answer = self._decided.get(facts)
        if answer is None:
            try:
                answer = ask()
            except WorkflowError as refused:
                answer = refused.message
            self._decided[facts] = answer
        if isinstance(answer, Message):
            raise StepRefused(answer)
        return answer

    def _expect(self, body: dict[str, Any], facts: tuple[Any, ...], ask: Callable[[], str]) -> None:
        went = self._decide(facts, ask)
        if went != body["to_state"]:
            raise StepRefused(Message("audit.step_went_elsewhere", {"stated": shown(body["to_state"]),
                                                                     "state": went}))


def _given(reason: object) -> str | None:
    """A reason as the guards see it: given (some text) or not; its words do not change the decision."""
    return "-" if isinstance(reason, str) and reason.strip() else None
