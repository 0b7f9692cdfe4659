"""The audit events' content: one builder, so every event has the same traceability fields.

Fields an auditor looks for (DOMAIN.md): case id, event, activity, from and to state, actor with
name, role and area, UTC time, the procedure version in force, evidence and the comment or reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from workflow.core.catalog.event_types import EVENT_TYPES as CATALOG_EVENT_TYPES
from workflow.core.chain import PAYLOAD_FORMAT
from workflow.core.definition import Procedure
from workflow.core.evidence import StoredFile
from workflow.core.guards import Actor
from workflow.core.records import CycleRow, EvidenceRow, StaffRow
from workflow.i18n import t

PROCEDURE_PUBLISHED = "procedure.published"
STAFF_ADDED = "staff.added"
STAFF_CHANGED = "staff.changed"
CYCLE_STARTED = "cycle.started"
EVIDENCE_ATTACHED = "evidence.attached"
ACTIVITY_COMPLETED = "activity.completed"
CYCLE_RETURNED = "cycle.returned"
CYCLE_CANCELLED = "cycle.cancelled"
ACCESS_GRANTED = "access.granted"
REFERENCE_PUBLISHED = "reference.published"
ITEM_WAIVED = "item.waived"
ACTIVITY_SKIPPED = "activity.skipped"
CYCLE_SUSPENDED = "cycle.suspended"
CYCLE_RESUMED = "cycle.resumed"
CYCLE_MIGRATED = "cycle.migrated"
FIELDS_SET = "fields.set"  # a named action set case data (workflow.core.case_steps)
REQUEST_TERMS_MOVED = "request.terms_moved"  # a suspension of terms moved an open request's due date

EVENT_TYPES = (PROCEDURE_PUBLISHED, STAFF_ADDED, STAFF_CHANGED, CYCLE_STARTED, EVIDENCE_ATTACHED,
               ACTIVITY_COMPLETED, CYCLE_RETURNED, CYCLE_CANCELLED, ACCESS_GRANTED,
               REFERENCE_PUBLISHED, ITEM_WAIVED, ACTIVITY_SKIPPED, CYCLE_SUSPENDED, CYCLE_RESUMED, CYCLE_MIGRATED,
               *CATALOG_EVENT_TYPES, FIELDS_SET,
               REQUEST_TERMS_MOVED)
_KNOWN = frozenset(EVENT_TYPES)


def event_label(kind: str) -> str:
    """The event type in the reader's words (catalogue `workflow/messages/events.py`): the one label
    that the terminal, the CSV and XLSX sheets, the XES log and the HTML report show. A type that is
    none of ours (a forged payload, a log written by a newer version) is shown as it is, never looked
    up: its text must not choose a message key."""
    return t(f"event.{kind}") if kind in _KNOWN else kind


def waived_item(kind: str, body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(id, display name) of the item a waiver event excused, read from its payload as text (a forged
    payload may hold anything there); (None, None) for any other event."""
    data = body.get("data")
    if kind != ITEM_WAIVED or not isinstance(data, dict) or data.get("item") in (None, ""):
        return None, None
    name = data.get("item_name")
    return str(data["item"]), None if name in (None, "") else str(name)


def utc_text(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds and a Z: sortable as text, identical on every backend."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def actor_fields(actor: Actor) -> dict[str, Any]:
    return {"login": actor.login, "name": actor.name, "role": actor.role, "area": actor.area,
            "admin": actor.is_admin}


def make_event(
    kind: str,
    at: str,
    actor: Actor,
    *,
    procedure: dict[str, str] | None = None,
    cycle: str | None = None,
    activity: dict[str, Any] | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    evidence: Sequence[dict[str, Any]] = (),
    note: str | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "format": PAYLOAD_FORMAT,
        "type": kind,
        "at": at,
        "actor": actor_fields(actor),
        "procedure": procedure,
        "cycle": cycle,
        "activity": activity,
        "from_state": from_state,
        "to_state": to_state,
        "evidence": list(evidence),
        "note": note,
        "reason": reason,
        "data": data or {},
    }


# -- the references every event of a cycle carries --------------------------------------------------

def procedure_ref(code: str, version: str, sha256: str) -> dict[str, str]:
    return {"code": code, "version": version, "sha256": sha256}


def cycle_procedure_ref(cycle: CycleRow) -> dict[str, str]:
    """The procedure version a cycle runs on, as its events name it."""
    return procedure_ref(cycle.procedure_code, cycle.procedure_version, cycle.procedure_sha256)


def activity_ref(procedure: Procedure, number: int) -> dict[str, Any]:
    return {"number": number, "name": procedure.activity(number).name}


def evidence_ref(stored: StoredFile, record: str, item: str | None) -> dict[str, Any]:
    ref = {"sha256": stored.sha256, "name": stored.display_name, "size": stored.size,
           "media_type": stored.media_type, "record": record, "item": item}
    if stored.manifest is not None:  # PostgreSQL: which list of chunks holds this file's content
        ref["manifest"] = stored.manifest
    return ref


def evidence_ref_of(row: EvidenceRow) -> dict[str, Any]:
    return {"sha256": row.sha256, "name": row.display_name, "size": row.size, "media_type": row.media_type,
            "record": row.record_id, "item": row.item}


def staff_data(row: StaffRow) -> dict[str, Any]:
    return {"login": row.login, "name": row.name, "area": row.area_id, "role": row.role_id,
            "admin": row.is_admin}


def cycle_event(kind: str, at: str, actor: Actor, cycle: CycleRow, procedure: Procedure, activity: int,
                from_state: str | None, to_state: str | None, *, evidence: Sequence[dict[str, Any]] = (),
                note: str | None = None, reason: str | None = None,
                data: dict[str, Any] | None = None) -> dict[str, Any]:
    """An event of one cycle at one of its activities, naming the version the cycle runs on."""
    return make_event(kind, at, actor, procedure=cycle_procedure_ref(cycle), cycle=cycle.id,
                      activity=activity_ref(procedure, activity), from_state=from_state, to_state=to_state,
                      evidence=evidence, note=note, reason=reason, data=data)
