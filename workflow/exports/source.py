"""What exports read: audit events joined with the names an auditor needs, streamed from the store."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.core import payloads
from workflow.core.events import waived_item
from workflow.i18n import t

FORMATS = ("csv", "xlsx", "jsonl", "xes", "html")


@dataclass(frozen=True)
class EvidenceRef:
    sha256: str
    name: str  # display name only: never used as a path
    size: int | str  # a str only when a forged payload held something else than a whole number
    media_type: str
    record_id: str
    record_name: str
    item: str | None
    item_name: str | None = None  # the item's display name, where the names know it


@dataclass(frozen=True)
class ExportEvent:
    """One audit event with its names resolved; `payload`, `prev_hash` and `hash` are the raw chain."""

    seq: int
    at: str  # ISO 8601 UTC with microseconds and Z
    type: str
    cycle_id: str | None
    actor_login: str
    actor_name: str
    role_id: str | None
    role_name: str | None
    area_id: str | None
    area_name: str | None
    procedure_code: str | None
    procedure_version: str | None
    activity_number: int | str | None  # a str only when a forged payload held something else
    activity_name: str | None
    from_state: str | None
    to_state: str | None
    evidence: tuple[EvidenceRef, ...]
    note: str | None
    reason: str | None
    payload: bytes
    prev_hash: str
    hash: str
    item: str | None = None  # the item an event is about (a waiver): its id and display name
    item_name: str | None = None

    def items(self) -> list[tuple[str, str | None]]:
        """(id, display name) of every item this event names: the item waived, or the items its
        evidence was attached for, each once and in order."""
        named: dict[str, str | None] = {}
        if self.item:
            named[self.item] = self.item_name
        for ref in self.evidence:
            if ref.item and named.get(ref.item) is None:
                named[ref.item] = ref.item_name
        return list(named.items())


@dataclass(frozen=True)
class ProcedureHeader:
    """Document control of a procedure version, for report headers."""

    code: str
    title: str
    version: str
    sha256: str
    published_at: str
    organization: str
    process: str
    change_control: tuple[tuple[str, str, str], ...]  # (version, date, description)
    activities: tuple[tuple[int, str, tuple[tuple[str, str], ...]], ...]  # (number, name, ((record id, name),))


@dataclass(frozen=True)
class ExportContext:
    generated_at: str
    generated_by: str
    cycle: str | None = None
    since: str | None = None
    until: str | None = None
    procedures: tuple[ProcedureHeader, ...] = ()  # every published version, in publication order
    verify: dict[str, Any] | None = None  # the `audit verify --json` document at export time
    checkpoint_text: str | None = None  # the latest signed checkpoint, if one was taken
    public_key_text: str | None = None  # its public key line
    language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)
    scratch_dir: Path | None = None  # where a writer keeps temporary files (None: the system's)


Names = Callable[[str | None, str, str | None], str | None]  # (procedure sha or None, kind, id) -> name
# kinds: area, role, record (by the procedure version), item (by the published item lists)


# A payload is whatever was hashed: a forged one may put a list where a name belongs or a float where a
# number does. Exports read every field through these, so that each has the type the writers expect
# and no value is lost: what is not of its kind is kept as its JSON text, to be shown (escaped) as it is.
_LONG = 2**63  # XES and XLSX integers are 64-bit; a bigger "number" is kept as text


_SURROGATE = re.compile("[\ud800-\udfff]")  # a JSON `\\ud800` escape decodes to one; no file can hold it


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if _SURROGATE.search(text) is None else _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _number(value: object) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and -_LONG <= value < _LONG:
        return value
    return _text(value) or ""


def payload_part(payload: bytes, key: str) -> dict[str, Any]:
    """The object under `key` of an event's payload (`data`, `procedure`), empty if there is none."""
    return payloads.field(payload, key)


def _evidence(entry: object, sha: str | None, names: Names) -> EvidenceRef:
    e = payloads.mapping(entry)
    record = _text(e.get("record")) or ""
    return EvidenceRef(sha256=_text(e.get("sha256")) or "", name=_text(e.get("name")) or "",
                       size=_number(e.get("size")) or 0, media_type=_text(e.get("media_type")) or "",
                       record_id=record, record_name=names(sha, "record", record or None) or record,
                       item=_text(e.get("item")), item_name=names(sha, "item", _text(e.get("item"))))


def to_export_event(seq: int, at: str, kind: str, actor: str, cycle_id: str | None, payload: bytes,
                    prev_hash: str, digest: str, names: Names) -> ExportEvent:
    """One event for an export, read from its hashed payload (the row's columns only select rows,
    and `audit verify` proves them equal to the payload); a damaged payload is exported with the
    row's columns and a note saying so, never a crash."""
    body = payloads.readable(payload)
    if body is None:
        return ExportEvent(
            seq=seq, at=str(at), type=str(kind), cycle_id=cycle_id, actor_login=str(actor), actor_name=str(actor),
            role_id=None, role_name=None, area_id=None, area_name=None, procedure_code=None,
            procedure_version=None, activity_number=None, activity_name=None, from_state=None, to_state=None,
            evidence=(), note=t("export.payload_unreadable"), reason=None, payload=bytes(payload) if isinstance(
                payload, bytes | bytearray | memoryview) else str(payload).encode("utf-8", "replace"),
            prev_hash=prev_hash, hash=digest)
    who = payloads.mapping(body.get("actor"))
    login = _text(who.get("login")) or ""
    procedure = payloads.mapping(body.get("procedure"))
    activity = payloads.mapping(body.get("activity"))
    sha = _text(procedure.get("sha256"))
    listed = body.get("evidence")
    evidence = tuple(_evidence(e, sha, names) for e in (listed if isinstance(listed, list) else ()))
    role, area = _text(who.get("role")), _text(who.get("area"))
    event_type = _text(body.get("type")) or ""
    item, item_name = waived_item(event_type, body)
    return ExportEvent(
        seq=seq, at=_text(body.get("at")) or "", type=event_type, cycle_id=_text(body.get("cycle")),
        actor_login=login, actor_name=_text(who.get("name")) or login,
        role_id=role, role_name=names(sha, "role", role), area_id=area, area_name=names(sha, "area", area),
        procedure_code=_text(procedure.get("code")), procedure_version=_text(procedure.get("version")),
        activity_number=_number(activity.get("number")), activity_name=_text(activity.get("name")),
        from_state=_text(body.get("from_state")), to_state=_text(body.get("to_state")), evidence=evidence,
        note=_text(body.get("note")), reason=_text(body.get("reason")), payload=payload, prev_hash=prev_hash,
        hash=digest, item=item, item_name=item_name)


def iter_events(rows: Iterator[tuple[int, str, str, str, str | None, bytes, str, str]],
                names: Names) -> Iterator[ExportEvent]:
    for seq, at, kind, actor, cycle_id, payload, prev_hash, digest in rows:
        yield to_export_event(seq, at, kind, actor, cycle_id, payload, prev_hash, digest, names)
