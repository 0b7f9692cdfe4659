"""The facts the store keeps, as plain frozen data: the core decides on them, storage maps them to
tables (workflow/storage/tables.py) and back. Times are UTC ISO 8601 text with a Z (`events.utc_text`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CycleRow:
    id: str
    procedure_code: str
    procedure_version: str
    procedure_sha256: str
    number: int
    title: str | None
    state: str
    activity: int | None
    lock_version: int
    started_at: str
    started_by: str
    updated_at: str
    ended_at: str | None
    activity_since: str | None = None


@dataclass(frozen=True)
class StaffRow:
    login: str
    name: str
    area_id: str | None
    role_id: str | None
    is_admin: bool
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ProcedureRow:
    code: str
    version: str
    title: str
    sha256: str
    text: str
    published_at: str
    published_by: str
    audit_seq: int


@dataclass(frozen=True)
class EvidenceRow:
    cycle_id: str
    activity: int
    record_id: str
    item: str | None
    sha256: str
    size: int
    display_name: str
    media_type: str
    note: str | None
    attached_by: str
    attached_at: str
    audit_seq: int


@dataclass(frozen=True)
class ReferenceRow:
    kind: str
    name: str
    sha256: str
    text: str
    published_at: str
    published_by: str
    audit_seq: int


@dataclass(frozen=True)
class ItemRow:
    cycle_id: str
    activity: int
    item_id: str
    name: str
    group_name: str | None
    waived_reason: str | None
    waived_by: str | None
    waived_at: str | None


@dataclass(frozen=True)
class EventRow:
    seq: int
    at: str
    type: str
    actor: str
    cycle_id: str | None
    payload: bytes
    prev_hash: str
    hash: str
