"""What the use cases return: plain frozen data with the contract's JSON shapes (`to_json`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflow.core import payloads
from workflow.core.definition import Procedure
from workflow.core.events import ITEM_WAIVED, waived_item
from workflow.core.items import ItemStatus
from workflow.core.records import CycleRow, EventRow, EvidenceRow
from workflow.errors import Message
from workflow.i18n import t


def procedure_json(procedure: Procedure, sha256: str, published_at: str | None = None,
                   published_by: str | None = None) -> dict[str, Any]:
    """The contract's `procedure show --json` shape, followed by the whole document."""
    document = procedure.model_dump(mode="json")
    activities = []
    for activity in procedure.activities:
        activities.append({
            "number": activity.number,
            "name": activity.name,
            "description": activity.description,
            "areas": [{"id": a, "name": procedure.area(a).name} for a in activity.areas],
            "role": {"id": activity.role, "name": procedure.role(activity.role).name},
            "records": [{"id": r, "name": procedure.record(r).name, "code": procedure.record(r).code}
                        for r in activity.records],
            "records_as_written": activity.records_as_written,
            "notes": list(activity.notes),
        })
    document.update(code=procedure.code, version=procedure.version, title=procedure.title,
                    activities=activities, sha256=sha256, published_at=published_at,
                    published_by=published_by)
    return document


@dataclass(frozen=True)
class PublishResult:
    code: str
    version: str
    sha256: str
    changed: bool  # False when this exact version was already published
    warnings: tuple[Message, ...] = ()  # what it drops that staff or running cycles still use

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "version": self.version, "sha256": self.sha256, "published": self.changed,
                "warnings": [w.render() for w in self.warnings]}


@dataclass(frozen=True)
class ProcedureSummary:
    code: str
    version: str
    title: str
    sha256: str
    published_at: str
    published_by: str
    latest: bool

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class StaffView:
    login: str
    name: str
    area: str | None
    area_name: str | None
    role: str | None
    role_name: str | None
    is_admin: bool
    created: bool = False  # for `staff add`: a new registration rather than a change

    def to_json(self) -> dict[str, Any]:
        return {"login": self.login, "name": self.name, "area": self.area, "area_name": self.area_name,
                "role": self.role, "role_name": self.role_name, "admin": self.is_admin}


@dataclass(frozen=True)
class CycleListing:
    """Cycles as `cycle list` shows them: those it lists, and how many matched in all (more when limited)."""

    cycles: list[CycleView]
    total: int


@dataclass(frozen=True)
class CycleView:
    id: str
    procedure: str
    version: str
    title: str | None
    state: str
    activity: int | None
    activity_name: str | None
    started_at: str
    started_by: str
    updated_at: str
    ended_at: str | None
    deadline: Deadline | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "procedure": self.procedure, "version": self.version, "title": self.title,
                "state": self.state, "activity": self.activity, "activity_name": self.activity_name,
                "started_at": self.started_at, "started_by": self.started_by,
                "updated_at": self.updated_at, "ended_at": self.ended_at,
                "deadline": self.deadline.to_json() if self.deadline else None}


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    type: str
    actor: str
    actor_name: str
    role: str | None
    area: str | None
    at: str
    from_state: str | None
    to_state: str | None
    activity: int | None
    evidence: tuple[dict[str, Any], ...]
    note: str | None
    reason: str | None
    hash: str
    item: str | None = None  # the item a waiver excused: its id and display name
    item_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "actor": self.actor, "actor_name": self.actor_name,
                "role": self.role, "area": self.area, "at": self.at, "from_state": self.from_state,
                "to_state": self.to_state, "activity": self.activity, "evidence": list(self.evidence),
                "note": self.note, "reason": self.reason, "hash": self.hash, "item": self.item,
                "item_name": self.item_name}


@dataclass(frozen=True)
class WaiverView:
    """An item excused from a multi-instance activity: which, why, who and when (from its audit event)."""

    activity: int | None
    item: str
    name: str | None
    reason: str | None
    actor: str
    actor_name: str
    at: str
    seq: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def of(cls, entry: HistoryEntry) -> WaiverView:
        return cls(activity=entry.activity, item=entry.item or "", name=entry.item_name, reason=entry.reason,
                   actor=entry.actor, actor_name=entry.actor_name, at=entry.at, seq=entry.seq)


@dataclass(frozen=True)
class EvidenceView:
    record: str
    record_name: str
    activity: int
    item: str | None
    name: str
    sha256: str
    size: int
    media_type: str
    attached_by: str
    attached_at: str
    seq: int
    note: str | None
    item_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "record_name": self.record_name, "activity": self.activity,
                "item": self.item, "item_name": self.item_name, "name": self.name, "sha256": self.sha256,
                "size": self.size,
                "media_type": self.media_type, "attached_by": self.attached_by,
                "attached_at": self.attached_at, "seq": self.seq, "note": self.note}


@dataclass(frozen=True)
class ItemView:
    id: str
    name: str
    group: str | None
    state: str  # pending | done | waived
    reason: str | None = None  # why it was waived

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "group": self.group, "state": self.state, "reason": self.reason}

    @classmethod
    def of(cls, status: ItemStatus) -> ItemView:
        return cls(id=status.id, name=status.name, group=status.group, state=status.state, reason=status.reason)


@dataclass(frozen=True)
class Deadline:
    """The current activity's term: due date in business days, and a traffic light."""

    term_business_days: int
    since: str  # date the cycle reached the activity (Bogotá)
    due: str
    business_days_left: int
    light: str  # green | amber | red

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Requirement:
    """For the current activity: who may complete it, which records and items are still missing."""

    number: int
    name: str
    role: str
    areas: tuple[str, ...]
    records: tuple[tuple[str, str, bool], ...]  # (record id, record name, attached?)
    items: tuple[ItemView, ...] = ()
    optional: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "name": self.name, "role": self.role, "areas": list(self.areas),
                "records": [{"id": r, "name": n, "attached": done} for r, n, done in self.records],
                "optional": self.optional}


@dataclass(frozen=True)
class CycleDetail:
    cycle: CycleView
    procedure_title: str
    history: tuple[HistoryEntry, ...]
    evidence: tuple[EvidenceView, ...]
    requirement: Requirement | None
    fields: tuple[tuple[str, str, str | None], ...] = ()  # case data: (id, name, value), as declared

    @property
    def waived(self) -> tuple[WaiverView, ...]:
        """Every item waived in this cycle, at any activity, oldest first: what was excused stays
        visible after the activity is done."""
        return tuple(WaiverView.of(entry) for entry in self.history if entry.type == ITEM_WAIVED and entry.item)

    def to_json(self) -> dict[str, Any]:
        document = self.cycle.to_json()
        document.update(procedure_title=self.procedure_title,
                        history=[h.to_json() for h in self.history],
                        evidence=[e.to_json() for e in self.evidence],
                        waived=[w.to_json() for w in self.waived],
                        current=self.requirement.to_json() if self.requirement else None,
                        items=[i.to_json() for i in self.requirement.items] if self.requirement else [])
        if self.fields:
            document["fields"] = {field_id: value for field_id, _name, value in self.fields}
        return document


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    first_bad_seq: int | None
    problem: Message | None
    evidence_files: int = 0
    checkpoint: dict[str, Any] | None = None  # the signed checkpoint checked against, if any

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "events": self.events, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem.render() if self.problem else None,
                "evidence_files": self.evidence_files, "checkpoint": self.checkpoint}


@dataclass(frozen=True)
class InitResult:
    home: str
    database: str
    admin: str
    published: tuple[PublishResult, ...] = field(default_factory=tuple)
    signing_key: str | None = None  # the checkpoint key `init` created (None: there was one, or it is named)

    def to_json(self) -> dict[str, Any]:
        return {"home": self.home, "database": self.database, "admin": self.admin,
                "procedures": [p.to_json() for p in self.published], "signing_key_created": self.signing_key}


# -- read models from rows ---------------------------------------------------------------------------

def cycle_view(row: CycleRow, procedure: Procedure, deadline: Deadline | None = None) -> CycleView:
    name = procedure.activity(row.activity).name if row.activity is not None else None
    return CycleView(id=row.id, procedure=row.procedure_code, version=row.procedure_version, title=row.title,
                     state=row.state, activity=row.activity, activity_name=name, started_at=row.started_at,
                     started_by=row.started_by, updated_at=row.updated_at, ended_at=row.ended_at,
                     deadline=deadline)


def evidence_view(row: EvidenceRow, procedure: Procedure, item_names: dict[str, str] | None = None) -> EvidenceView:
    try:
        record_name = procedure.record(row.record_id).name
    except KeyError:
        record_name = row.record_id
    return EvidenceView(record=row.record_id, record_name=record_name, activity=row.activity, item=row.item,
                        name=row.display_name, sha256=row.sha256, size=row.size, media_type=row.media_type,
                        attached_by=row.attached_by, attached_at=row.attached_at, seq=row.audit_seq,
                        note=row.note, item_name=(item_names or {}).get(row.item) if row.item else None)


def history_entry(row: EventRow) -> HistoryEntry:
    """One event as a person reads it, from the hashed payload (the row's own columns are only an
    index that `audit verify` checks); a damaged payload is shown as such, never a crash."""
    body = payloads.readable(row.payload)
    if body is None:
        return HistoryEntry(seq=row.seq, type=str(row.type), actor=str(row.actor), actor_name=str(row.actor),
                            role=None, area=None, at=str(row.at), from_state=None, to_state=None, activity=None,
                            evidence=(), note=t("audit.payload_unreadable_note"), reason=None, hash=str(row.hash))
    actor = payloads.mapping(body.get("actor"))
    login = payloads.text(actor.get("login")) or ""
    activity = payloads.mapping(body.get("activity"))
    kind = payloads.text(body.get("type")) or ""
    item, item_name = waived_item(kind, body)
    return HistoryEntry(seq=row.seq, type=kind, actor=login,
                        actor_name=payloads.text(actor.get("name")) or login, role=payloads.text(actor.get("role")),
                        area=payloads.text(actor.get("area")), at=payloads.text(body.get("at")) or "",
                        from_state=payloads.text(body.get("from_state")), to_state=payloads.text(body.get("to_state")),
                        activity=payloads.number(activity.get("number")),
                        evidence=tuple(payloads.mappings(body.get("evidence"))), note=payloads.text(body.get("note")),
                        reason=payloads.text(body.get("reason")), hash=str(row.hash), item=item,
                        item_name=item_name)
