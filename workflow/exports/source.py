"""What exports read: audit events joined with the names an auditor needs, streamed from the store."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workflow.core.chain import decode

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


Names = Callable[[str | None, str, str | None], str | None]  # (procedure sha or None, kind, id) -> name


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


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def payload_part(payload: bytes, key: str) -> dict[str, Any]:
    """The object under `key` of an event's payload (`data`, `procedure`), empty if there is none."""
    try:
        return _mapping(_mapping(decode(payload)).get(key))
    except ValueError:
        return {}


def _evidence(entry: object, sha: str | None, names: Names) -> EvidenceRef:
    e = _mapping(entry)
    record = _text(e.get("record")) or ""
    return EvidenceRef(sha256=_text(e.get("sha256")) or "", name=_text(e.get("name")) or "",
                       size=_number(e.get("size")) or 0, media_type=_text(e.get("media_type")) or "",
                       record_id=record, record_name=names(sha, "record", record or None) or record,
                       item=_text(e.get("item")))


def to_export_event(seq: int, at: str, kind: str, actor: str, cycle_id: str | None, payload: bytes,
                    prev_hash: str, digest: str, names: Names) -> ExportEvent:
    try:
        body = _mapping(decode(payload))
    except ValueError:  # not JSON, or not an object: `audit verify` says which event; the row is still shown
        body = {}
    who = _mapping(body.get("actor"))
    procedure = _mapping(body.get("procedure"))
    activity = _mapping(body.get("activity"))
    sha = _text(procedure.get("sha256"))
    listed = body.get("evidence")
    evidence = tuple(_evidence(e, sha, names) for e in (listed if isinstance(listed, list) else ()))
    role, area = _text(who.get("role")), _text(who.get("area"))
    return ExportEvent(
        seq=seq, at=at, type=kind, cycle_id=cycle_id, actor_login=actor, actor_name=_text(who.get("name")) or actor,
        role_id=role, role_name=names(sha, "role", role), area_id=area, area_name=names(sha, "area", area),
        procedure_code=_text(procedure.get("code")), procedure_version=_text(procedure.get("version")),
        activity_number=_number(activity.get("number")), activity_name=_text(activity.get("name")),
        from_state=_text(body.get("from_state")), to_state=_text(body.get("to_state")), evidence=evidence,
        note=_text(body.get("note")), reason=_text(body.get("reason")), payload=payload, prev_hash=prev_hash,
        hash=digest)


def iter_events(rows: Iterator[tuple[int, str, str, str, str | None, bytes, str, str]],
                names: Names) -> Iterator[ExportEvent]:
    for seq, at, kind, actor, cycle_id, payload, prev_hash, digest in rows:
        yield to_export_event(seq, at, kind, actor, cycle_id, bytes(payload), prev_hash, digest, names)
