"""What exports read: audit events joined with the names an auditor needs, streamed from the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.core.chain import decode

FORMATS = ("csv", "xlsx", "jsonl", "xes", "html")


@dataclass(frozen=True)
class EvidenceRef:
    sha256: str
    name: str  # display name only: never used as a path
    size: int
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
    activity_number: int | None
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
    scratch_dir: Path | None = None  # where a writer keeps temporary files (None: the system's)


Names = Callable[[str | None, str, str | None], str | None]  # (procedure sha or None, kind, id) -> name


def to_export_event(seq: int, at: str, kind: str, actor: str, cycle_id: str | None, payload: bytes,
                    prev_hash: str, digest: str, names: Names) -> ExportEvent:
    body = decode(payload)
    who = body.get("actor") or {}
    procedure = body.get("procedure") or {}
    activity = body.get("activity") or {}
    sha = procedure.get("sha256")
    evidence = tuple(
        EvidenceRef(sha256=e["sha256"], name=e.get("name") or "", size=int(e.get("size") or 0),
                    media_type=e.get("media_type") or "", record_id=e.get("record") or "",
                    record_name=names(sha, "record", e.get("record")) or e.get("record") or "",
                    item=e.get("item"))
        for e in body.get("evidence") or ())
    return ExportEvent(
        seq=seq, at=at, type=kind, cycle_id=cycle_id, actor_login=actor, actor_name=who.get("name") or actor,
        role_id=who.get("role"), role_name=names(sha, "role", who.get("role")),
        area_id=who.get("area"), area_name=names(sha, "area", who.get("area")),
        procedure_code=procedure.get("code"), procedure_version=procedure.get("version"),
        activity_number=activity.get("number"), activity_name=activity.get("name"),
        from_state=body.get("from_state"), to_state=body.get("to_state"), evidence=evidence,
        note=body.get("note"), reason=body.get("reason"), payload=payload, prev_hash=prev_hash, hash=digest)


def iter_events(rows: Iterator[tuple[int, str, str, str, str | None, bytes, str, str]],
                names: Names) -> Iterator[ExportEvent]:
    for seq, at, kind, actor, cycle_id, payload, prev_hash, digest in rows:
        yield to_export_event(seq, at, kind, actor, cycle_id, bytes(payload), prev_hash, digest, names)
