"""Replaying the audit chain: the tables every event implies, rebuilt from the hashed payloads alone.

The chain is the source of truth. Cycles, their items, evidence rows, staff, published procedures and
reference data are projections of its events; `audit verify` replays every event here and compares the
result with what the tables hold (`workflow.core.reconcile`). The denormalised columns of
`audit_event` (`at`, `type`, `actor`, `cycle_id`), which filters and indexes read, are checked against
the payload of the same row as it is replayed.

The replay mirrors what the commands write (`workflow.core.outcomes`, `workflow.service.setup`,
`reference`, `access`), event type by event type, so a change to what a command writes is a change
here too; the tamper tests and the projection tests keep the two in step. Pure: the procedure
definitions and item lists an event refers to come in as functions of their SHA-256.

Given the published definitions (`procedure_of`), every step is also decided again by the engine as
it is replayed (`workflow.core.conformance`): a step the procedure did not allow is a problem too.

This is the hot loop of `audit verify` (a million events in seconds), hence plain tuples and lists
instead of dataclasses, and one dispatch per event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# orjson parses a payload three to four times faster than json: the verify path decodes every event.
from orjson import loads as _fast_loads

from workflow.core import events as ev
from workflow.core import states
from workflow.core.catalog.projection import CatalogReplay, CatalogUnexplained
from workflow.core.conformance import Conformance, ProcedureOf, StepRefused
from workflow.core.itemlists import Item
from workflow.core.outcomes import shifted_since
from workflow.core.payloads import decode_payload as decode_payload  # here before; readers need no replay
from workflow.core.payloads import shown as shown

HasText = Callable[[str], bool]  # is a published text with this SHA-256 still stored?
# (activity number, list id) for every activity of a procedure version that runs once per item.
ListsOf = Callable[[str], tuple[tuple[int, str], ...] | None]  # procedure sha256 -> lists, None if unknown
ItemsOf = Callable[[str], tuple[Item, ...] | None]  # item list sha256 -> its items, None if unknown

CYCLE_COLUMNS = ("procedure_code", "procedure_version", "procedure_sha256", "number", "title", "state", "activity",
                 "started_at", "started_by", "updated_at", "ended_at", "activity_since", "lock_version")
ITEM_COLUMNS = ("name", "group_name", "waived_reason", "waived_by", "waived_at")
EVIDENCE_COLUMNS = ("cycle_id", "activity", "record_id", "item", "sha256", "size", "display_name", "media_type",
                    "note", "attached_by", "attached_at", "audit_seq")
STAFF_COLUMNS = ("name", "area_id", "role_id", "is_admin", "created_at", "updated_at")
PROCEDURE_COLUMNS = ("title", "sha256", "published_at", "published_by", "audit_seq")
REFERENCE_COLUMNS = ("published_at", "published_by", "audit_seq")
CASE_FIELD_COLUMNS = ("value", "audit_seq")  # keyed by (cycle_id, field_id)
# Keyed by radicado; every column is named by the events of the request (`data.request`).
REQUEST_COLUMNS = ("cycle_id", "year", "number", "type", "channel", "subject", "citizen", "email", "anonymous",
                   "dependencia", "received_at", "received_day", "term_business_days", "term_from", "term_days",
                   "due_date", "extended_until", "state", "answered_at", "notified_at", "outcome", "forwarded_to",
                   "incomplete_since", "days_left", "source_id", "updated_at", "audit_seq")

# Index of each cycle column in the replay's lists (the last slot is the seq of the last event).
_STATE, _ACTIVITY, _UPDATED, _ENDED, _SINCE, _SHA, _VERSION, _LOCK = 5, 6, 9, 10, 11, 2, 1, 12
_CYCLE_SEQ = len(CYCLE_COLUMNS)

_TRANSITIONS = frozenset({ev.ACTIVITY_COMPLETED, ev.CYCLE_RETURNED, ev.CYCLE_CANCELLED, ev.ACTIVITY_SKIPPED,
                          ev.CYCLE_SUSPENDED, ev.CYCLE_RESUMED})


@dataclass(frozen=True)
class ReplayProblem:
    """An event the replay cannot accept: its row disagrees with its own payload, the payload is not
    readable, or it names something no earlier event made."""

    seq: int
    key: str  # message key under audit.*
    params: dict[str, Any]


class EventUnexplained(Exception):
    """Raised inside the replay of one event; becomes a ReplayProblem at that event's seq."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class Replay:
    """The projections as the events say they should be, built by `apply`ing every event in order."""

    def __init__(self, has_text: HasText, lists_of: ListsOf, items_of: ItemsOf,
                 procedure_of: ProcedureOf | None = None) -> None:
        self._has_text = has_text
        self._lists_of = lists_of
        self._items_of = items_of
        self.cycles: dict[str, list[Any]] = {}  # id -> CYCLE_COLUMNS values + last seq
        # The items a cycle copied in, per (cycle, activity): the event that copied them and the list's
        # items (shared, not copied: 33 dependencias per cycle add up); waivers apart, by item.
        self.item_groups: dict[tuple[str, int], tuple[int, tuple[Item, ...]]] = {}
        self.waivers: dict[tuple[str, int, str], tuple[str, str, str, int]] = {}  # -> reason, by, at, seq
        self.evidence: list[tuple[Any, ...]] = []  # EVIDENCE_COLUMNS values
        # The content every evidence event recorded, (sha256, manifest or None) -> the first seq naming it;
        # on PostgreSQL the manifest lists the chunks that hold it (None: stored whole, or a file).
        self.contents: dict[tuple[str, str | None], int] = {}
        self.staff: dict[str, list[Any]] = {}  # login -> STAFF_COLUMNS values + last seq
        self.procedures: dict[tuple[str, str], tuple[Any, ...]] = {}  # (code, version) -> PROCEDURE_COLUMNS
        self.references: dict[tuple[str, str, str], tuple[Any, ...]] = {}  # (kind, name, sha) -> REFERENCE_...
        self._current_reference: dict[tuple[str, str], str] = {}  # (kind, name) -> sha in force
        self.case_fields: dict[tuple[str, str], tuple[str, int]] = {}  # (cycle, field) -> value, seq
        self.requests: dict[str, dict[str, Any]] = {}  # radicado -> REQUEST_COLUMNS by name
        self._apply: dict[str, Callable[[int, dict[str, Any], str], None]] = {
            ev.PROCEDURE_PUBLISHED: self._procedure_published, ev.REFERENCE_PUBLISHED: self._reference_published,
            ev.STAFF_ADDED: self._staff_saved, ev.STAFF_CHANGED: self._staff_saved,
            ev.ACCESS_GRANTED: self._access_granted, ev.CYCLE_STARTED: self._cycle_started,
            ev.EVIDENCE_ATTACHED: self._evidence_attached, ev.ITEM_WAIVED: self._item_waived,
            ev.CYCLE_MIGRATED: self._cycle_migrated, ev.FIELDS_SET: self._fields_set,
            ev.REQUEST_TERMS_MOVED: self._terms_moved,
            **{kind: self._transition for kind in _TRANSITIONS},
        }
        # Every step asked of the engine again (None: only the projections are rebuilt).
        self._conformance = None if procedure_of is None else Conformance(
            procedure_of, self.staff, self.cycles, self._items_copied, self.waivers)
        self.catalog = CatalogReplay()  # the trámites catalogue (`workflow.core.catalog.projection`)
        for kind, handler in self.catalog.handlers().items():
            self._apply[kind] = self._of_known_cycle(handler)

    # -- one event ----------------------------------------------------------------------------------
    def apply(self, row: Sequence[Any]) -> ReplayProblem | None:
        """Check one stored event, (seq, payload, prev_hash, hash, at, type, actor, cycle_id), against
        its own payload and replay it; the problem, if any."""
        return self.apply_rows((row,))

    def apply_rows(self, rows: Iterable[Sequence[Any]], columns: list[tuple[Any, ...]] | None = None
                   ) -> ReplayProblem | None:
        """`apply` each row in turn, stopping at the first problem. The hot loop of `audit verify`: a
        batch at a time, with the names it needs looked up once rather than once per event.

        Given `columns`, rows are (seq, payload) alone, and what the payload says of the row's other
        columns, (at, type, actor, cycle_id), is appended there for the caller to compare."""
        loads, handlers, case_data, conformance = _fast_loads, self._apply, self._case_data, self._conformance
        for row in rows:
            seq = row[0]
            try:
                body = loads(row[1])
                login = body["actor"]["login"]
                if columns is not None:
                    if body["seq"] != seq:
                        return self._row_problem(seq, body, row)
                    columns.append((body["at"], body["type"], login, body["cycle"]))
                elif (body["seq"] != seq or body["at"] != row[4] or body["type"] != row[5] or login != row[6]
                        or body["cycle"] != row[7]):  # one by one, stopping at the first: no tuples built
                    return self._row_problem(seq, body, row)
                handler = handlers.get(body["type"])
                if handler is None:
                    return ReplayProblem(seq, "audit.event_unknown_type", {"seq": seq, "type": shown(body["type"])})
                if conformance is not None:
                    conformance.check(body, login)
                handler(seq, body, login)
                data = body.get("data")
                if data and type(data) is dict and ("fields" in data or "request" in data):
                    case_data(seq, body, data)
            except StepRefused as refused:
                return ReplayProblem(seq, "audit.step_refused", {"seq": seq, "type": shown(body["type"]),
                                                                 "login": shown(login), "why": refused.why})
            except (EventUnexplained, CatalogUnexplained) as unexplained:
                return ReplayProblem(seq, unexplained.key, {"seq": seq, **unexplained.params})
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
                return self._damaged(seq, row[1], exc)
        return None

    @staticmethod
    def _damaged(seq: int, payload: object, exc: Exception) -> ReplayProblem:
        """Not JSON, or JSON of the wrong shape: a damaged row, or a rewritten chain."""
        detail = f"{type(exc).__name__}: {exc}"
        try:
            decode_payload(payload)
        except ValueError as damaged:
            detail = str(damaged)
        return ReplayProblem(seq, "audit.payload_damaged", {"seq": seq, "detail": shown(detail)})

    @staticmethod
    def _row_problem(seq: int, body: dict[str, Any], row: Sequence[Any]) -> ReplayProblem:
        """The first column of an event's row that says something else than its hashed payload."""
        for column, stored, hashed in (("at", row[4], body["at"]), ("type", row[5], body["type"]),
                                       ("actor", row[6], body["actor"]["login"]), ("cycle_id", row[7], body["cycle"])):
            if stored != hashed:
                return ReplayProblem(seq, "audit.column_mismatch", {
                    "seq": seq, "column": column, "stored": shown(stored), "hashed": shown(hashed)})
        return ReplayProblem(seq, "audit.problem_order", {"seq": seq})  # the payload names another seq

    # -- organisation ---------------------------------------------------------------------------------
    def _procedure_published(self, seq: int, body: dict[str, Any], login: str) -> None:
        ref = body["procedure"]
        self._require_text("procedure_version", f"{ref['code']} / {ref['version']}", ref["sha256"])
        self.procedures[(ref["code"], ref["version"])] = (body["data"]["title"], ref["sha256"], body["at"], login,
                                                          seq)

    def _reference_published(self, seq: int, body: dict[str, Any], login: str) -> None:
        data = body["data"]
        self._require_text("reference_data", f"{data['kind']} / {data['name']}", data["sha256"])
        self.references[(data["kind"], data["name"], data["sha256"])] = (body["at"], login, seq)
        self._current_reference[(data["kind"], data["name"])] = data["sha256"]

    def _staff_saved(self, seq: int, body: dict[str, Any], login: str) -> None:
        data = body["data"]
        existing = self.staff.get(data["login"])
        created = existing[4] if existing is not None else body["at"]
        self.staff[data["login"]] = [data["name"], data["area"], data["role"], bool(data["admin"]), created,
                                     body["at"], seq]

    def _access_granted(self, seq: int, body: dict[str, Any], login: str) -> None:
        # `db grant` keeps the staff table's admin flag in step with the role class it gives.
        data = body["data"]
        grantee, admin = data["login"], data["class"] == "admin"
        existing = self.staff.get(grantee)
        if admin or (existing is not None and existing[3]):
            if existing is None:
                existing = [grantee, None, None, False, body["at"], body["at"], seq]
            self.staff[grantee] = [*existing[:3], admin, existing[4], body["at"], seq]

    def _require_text(self, table: str, row: str, sha: str) -> None:
        if not self._has_text(sha):
            raise EventUnexplained("audit.published_text_gone", table=table, row=shown(row), sha256=shown(sha))

    def _of_known_cycle(self, handler: Callable[[int, dict[str, Any], str], None]
                        ) -> Callable[[int, dict[str, Any], str], None]:
        """An event that may name the cycle it was made in (without changing it): that cycle must exist."""
        def apply(seq: int, body: dict[str, Any], login: str) -> None:
            if body["cycle"] is not None and body["cycle"] not in self.cycles:
                raise EventUnexplained("audit.event_unknown_cycle", cycle=shown(body["cycle"]))
            handler(seq, body, login)
        return apply

    # -- cycles ---------------------------------------------------------------------------------------
    def _cycle(self, seq: int, body: dict[str, Any]) -> list[Any]:
        """The cycle an event changes, its lock version moved to the one the event names. Events
        written before they named it count one command per run of events with the same time."""
        cycle = self.cycles.get(body["cycle"])
        if cycle is None:
            raise EventUnexplained("audit.event_unknown_cycle", cycle=shown(body["cycle"]))
        lock = body.get("lock_version")
        if lock is None:
            same_command = cycle[_CYCLE_SEQ] == seq - 1 and cycle[_UPDATED] == body["at"]
            lock = cycle[_LOCK] if same_command else cycle[_LOCK] + 1
        cycle[_LOCK] = lock
        cycle[_CYCLE_SEQ] = seq
        return cycle

    def _cycle_started(self, seq: int, body: dict[str, Any], login: str) -> None:
        ref, at, cycle_id = body["procedure"], body["at"], body["cycle"]
        if cycle_id in self.cycles:
            raise EventUnexplained("audit.event_cycle_restarted", cycle=shown(cycle_id))
        number = int(str(cycle_id).rsplit("-", 1)[1])  # ids are CODE-NNNN, numbered per procedure
        self.cycles[cycle_id] = [ref["code"], ref["version"], ref["sha256"], number, body["data"]["title"],
                                 states.ACTIVE, body["activity"]["number"], at, login, at, None, at,
                                 body.get("lock_version", 1), seq]
        lists = self._lists(ref["sha256"])
        for number_, list_id in lists:  # every list is copied in at the start
            self._copy_items(seq, cycle_id, number_, list_id)

    def _evidence_attached(self, seq: int, body: dict[str, Any], login: str) -> None:
        cycle = self._cycle(seq, body)
        at, activity, note, cycle_id = body["at"], body["activity"]["number"], body["note"], body["cycle"]
        add, contents = self.evidence.append, self.contents
        for ref in body["evidence"]:
            add((cycle_id, activity, ref["record"], ref["item"], ref["sha256"], ref["size"], ref["name"],
                 ref["media_type"], note, login, at, seq))
            content = (ref["sha256"], ref.get("manifest"))
            if content not in contents:
                contents[content] = seq
        cycle[_UPDATED] = at

    def _transition(self, seq: int, body: dict[str, Any], login: str) -> None:
        cycle = self._cycle(seq, body)
        at = body["at"]
        to_lifecycle, to_activity = states.row_state(body["to_state"])
        from_activity = states.row_state(body["from_state"])[1]
        since = cycle[_SINCE]
        if to_activity != from_activity:
            since = at if to_activity is not None else None
        elif body["type"] == ev.CYCLE_RESUMED and since:
            since = shifted_since(since, cycle[_UPDATED], at)  # terms do not run while suspended
        cycle[_STATE] = to_lifecycle
        cycle[_ACTIVITY] = to_activity
        cycle[_UPDATED] = at
        cycle[_ENDED] = at if to_lifecycle in states.TERMINAL_STATES else None
        cycle[_SINCE] = since
        self._copy_reached(seq, body["cycle"], cycle[_SHA], to_activity)

    def _item_waived(self, seq: int, body: dict[str, Any], login: str) -> None:
        cycle = self._cycle(seq, body)
        key = (body["cycle"], body["activity"]["number"], body["data"]["item"])
        group = self.item_groups.get(key[:2])
        if group is None or all(item.id != key[2] for item in group[1]):
            raise EventUnexplained("audit.event_unknown_item", item=shown(key[2]), cycle=shown(key[0]))
        self.waivers[key] = (body["reason"], login, body["at"], seq)
        cycle[_UPDATED] = body["at"]

    def _cycle_migrated(self, seq: int, body: dict[str, Any], login: str) -> None:
        cycle = self._cycle(seq, body)
        ref, at, number = body["procedure"], body["at"], body["activity"]["number"]
        if number != cycle[_ACTIVITY]:
            cycle[_SINCE] = at
        cycle[_VERSION], cycle[_SHA], cycle[_ACTIVITY], cycle[_UPDATED] = ref["version"], ref["sha256"], number, at
        self._copy_reached(seq, body["cycle"], ref["sha256"], number)

    # -- case data and citizen requests ---------------------------------------------------------------
    def _fields_set(self, seq: int, body: dict[str, Any], login: str) -> None:
        self._cycle(seq, body)[_UPDATED] = body["at"]

    def _terms_moved(self, seq: int, body: dict[str, Any], login: str) -> None:
        """A suspension of terms moved the due date: the request changes, its cycle does not."""
        if body["cycle"] not in self.cycles:
            raise EventUnexplained("audit.event_unknown_cycle", cycle=shown(body["cycle"]))

    def _case_data(self, seq: int, body: dict[str, Any], data: dict[str, Any]) -> None:
        cycle_id, kind = body["cycle"], body["type"]
        fields = data.get("fields")
        if fields is not None:
            for name, value in fields.items():
                self.case_fields[(cycle_id, name)] = (value, seq)
        changes = data.get("request")
        if changes is None:
            return
        radicado = changes["radicado"]
        known = self.requests.get(radicado)
        if (known is None) != (kind == ev.CYCLE_STARTED) or (known is not None and known["cycle_id"] != cycle_id):
            raise EventUnexplained("audit.event_unknown_request", radicado=shown(radicado))
        row = known if known is not None else dict.fromkeys(REQUEST_COLUMNS)
        for name, value in changes.items():
            if name != "radicado":
                if name not in row:
                    raise KeyError(name)
                row[name] = value
        row["cycle_id"], row["updated_at"], row["audit_seq"] = cycle_id, body["at"], seq
        self.requests[radicado] = row

    # -- items ----------------------------------------------------------------------------------------
    def _items_copied(self, cycle_id: str, activity: int) -> tuple[Item, ...]:
        group = self.item_groups.get((cycle_id, activity))
        return group[1] if group is not None else ()

    def _lists(self, procedure_sha: str) -> tuple[tuple[int, str], ...]:
        lists = self._lists_of(procedure_sha)
        if lists is None:
            raise EventUnexplained("audit.event_unknown_procedure", sha256=shown(procedure_sha))
        return lists

    def _copy_reached(self, seq: int, cycle_id: str, procedure_sha: str, number: int | None) -> None:
        """A cycle reaching an activity that runs once per item copies its list in, unless it has it."""
        if number is None:
            return
        for activity, list_id in self._lists(procedure_sha):
            if activity == number:
                self._copy_items(seq, cycle_id, activity, list_id)

    def _copy_items(self, seq: int, cycle_id: str, activity: int, list_id: str) -> None:
        group = (cycle_id, activity)
        if group in self.item_groups:
            return
        sha = self._current_reference.get(("item_list", list_id))
        found = self._items_of(sha) if sha is not None else None
        if found is None:
            raise EventUnexplained("audit.event_unknown_list", name=shown(list_id))
        if found:  # the command copies again while the cycle holds no item of the activity
            self.item_groups[group] = (seq, found)

    def item_rows(self) -> Iterator[tuple[tuple[Any, ...], int]]:
        """Every item row the events imply, (cycle_id, activity, item_id, *ITEM_COLUMNS), with the seq of
        the event that last wrote it, in the order the commands inserted them."""
        waivers = self.waivers
        for (cycle_id, activity), (seq, items) in self.item_groups.items():
            for item in items:
                waiver = waivers.get((cycle_id, activity, item.id)) if waivers else None
                if waiver is None:
                    yield (cycle_id, activity, item.id, item.name, item.group, None, None, None), seq
                else:
                    yield (cycle_id, activity, item.id, item.name, item.group, *waiver[:3]), waiver[3]
