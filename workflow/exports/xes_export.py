"""The audit trail as an XES event log (IEEE 1849-2016) for process-mining tools (ProM, pm4py, Disco...).

Streamed text, never a document tree: the source hands over the events of cycles only, ordered by
cycle then seq, so a `<trace>` is opened when the cycle id changes and closed before the next one;
memory stays flat whatever the size of the log. Events without a cycle (publications, staff changes)
are skipped if they come at all, and not counted.

The log declares the Concept, Time, Organizational and Lifecycle extensions, globals with defaults,
classifiers ("Activity" = concept:name; "Activity classifier" = concept:name + lifecycle:transition;
"Resource" = org:resource)
and `lifecycle:model` = "standard"; log attributes say where and when it was made, the filters, and
each published procedure version (`procedure_<i>` = code, with version, title, sha256 and published_at
nested). One trace per cycle: concept:name = cycle id, with the procedure
code, version and the cycle's title (when the trace starts with `cycle.started`).

Lifecycle mapping (standard transactional model). The contract says `complete` marks the completion
of an activity and nothing else, so only `activity.completed` has it:

- cycle.started      -> "1. <first activity>", start (the cycle opens with its first activity under way)
- activity.completed -> "N. <activity>", complete
- evidence.attached  -> "Evidencia: <record>" / "Evidence: <record>", unknown (its own name: attaching
                        changes no activity's state, so it is outside the lifecycle model)
- cycle.returned     -> "N. <activity being left>", ate_abort (that activity instance is abandoned and
                        the cycle goes back to an earlier activity)
- cycle.cancelled    -> "N. <current activity>", pi_abort (the process instance ends, aborted)
- cycle.suspended    -> "N. <current activity>", suspend;  cycle.resumed -> same name, resume
- item.waived        -> "N. <activity>", manualskip;  cycle.migrated -> "N. <current activity>", reassign
- activity.skipped   -> "N. <activity skipped>", manualskip
- any other type     -> its label (`events.event_label`: the type itself if not ours), unknown

A start/complete pair of activity 1 gives its duration to tools that pair transitions; for the other
activities, the previous completion is when they became current.

Event attributes: time:timestamp as xs:dateTime in UTC with milliseconds and an explicit offset
("2026-11-30T13:00:01.000+00:00", the form every XES reader parses); the exact stored time, with
microseconds, is in the string `at`. org:resource = the actor's login (name in `actor_name`),
org:role = role id ("UNKNOWN" for someone acting without a role, such as an administrator),
org:group = area id when there is one. Also: `seq` (int), `type`, `type_label` (the type in the
reader's words, the same label as the CSV, XLSX and HTML exports), `activity`, `activity_number`,
`from_state`, `to_state` (in the reader's words, as every export shows states), `item` and
`item_name` (the item waived), `procedure`, `procedure_version`, `hash`, `prev_hash`, `note`, `reason`,
role and area names, `evidence_sha256` (the SHA-256s, space separated) and, per evidence file, a
string `evidence_<i>` whose value is its SHA-256 with nested attributes name, record, size,
media_type, item and item_name (the log declares the nested-attributes feature).

Text is escaped for XML 1.0: `& < > " '` as entities, tab/CR/LF in attribute values as character
references (so they survive attribute-value normalisation), and characters XML 1.0 does not allow
(other control characters, lone surrogates, U+FFFE/U+FFFF) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from workflow.core import events as ev
from workflow.core.states import state_label
from workflow.exports.source import ExportContext, ExportEvent, payload_part
from workflow.i18n import t, using_language

XES_NAMESPACE = "http://www.xes-standard.org/"
UNKNOWN = "UNKNOWN"
INVALID = "__INVALID__"
EPOCH = "1970-01-01T00:00:00.000+00:00"

EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
    ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
)

# Event type -> lifecycle transition of the activity the event names (the mapping above).
LIFECYCLE = {
    ev.CYCLE_STARTED: "start",
    ev.ACTIVITY_COMPLETED: "complete",
    ev.CYCLE_RETURNED: "ate_abort",
    ev.CYCLE_CANCELLED: "pi_abort",
    ev.CYCLE_SUSPENDED: "suspend",
    ev.CYCLE_RESUMED: "resume",
    ev.ITEM_WAIVED: "manualskip",
    ev.ACTIVITY_SKIPPED: "manualskip",
    ev.CYCLE_MIGRATED: "reassign",
}

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPECIAL = re.compile("[&<>\"'\t\n\r]|" + _NOT_XML.pattern)
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def xml_text(value: object) -> str:
    """`value` as text for an XML 1.0 attribute value between double quotes."""
    text = str(value)
    if _SPECIAL.search(text) is None:  # the common case: nothing to escape or drop
        return text
    return escape(_NOT_XML.sub("", text), _ATTRIBUTE_ENTITIES)


def xs_datetime(at: str) -> str:
    """A stored UTC time ("2026-11-30T13:00:01.000000Z") as xs:dateTime with milliseconds and offset."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"


def _attribute(kind: str, key: str, value: object, indent: str) -> str:
    return f'{indent}<{kind} key="{xml_text(key)}" value="{xml_text(value)}"/>\n'


def _string(key: str, value: object | None, indent: str = "\t\t\t") -> str:
    return "" if value is None or value == "" else _attribute("string", key, value, indent)


def _whole(key: str, value: int | str, indent: str = "\t\t\t") -> str:
    """An int attribute; a string one for what a forged payload put where a number belongs (the source
    keeps it as text), so that the document stays valid XES and the value is still there to see."""
    return _attribute("int", key, value, indent) if isinstance(value, int) else _string(key, value, indent)


def _title(payload: bytes) -> object:
    return payload_part(payload, "data").get("title")


def activity_label(event: ExportEvent) -> str | None:
    if event.activity_number is None:
        return event.activity_name
    return f"{event.activity_number}. {event.activity_name or ''}".rstrip()


def event_name_and_transition(event: ExportEvent) -> tuple[str, str]:
    """(concept:name, lifecycle:transition) of an audit event: the mapping in the module docstring."""
    if event.type == ev.EVIDENCE_ATTACHED:
        records = ", ".join(dict.fromkeys(e.record_name or e.record_id for e in event.evidence)) or "?"
        return t("export.report.xes.evidence", record=records), "unknown"
    activity = activity_label(event)
    transition = LIFECYCLE.get(event.type)
    if transition is not None and activity:
        return activity, transition
    return ev.event_label(event.type), "unknown"


def _header(context: ExportContext) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             f'<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="{XES_NAMESPACE}">\n']
    parts += [f'\t<extension name="{n}" prefix="{p}" uri="{u}"/>\n' for n, p, u in EXTENSIONS]
    parts += ['\t<global scope="trace">\n', _string("concept:name", INVALID, "\t\t"), "\t</global>\n",
              '\t<global scope="event">\n', _string("concept:name", INVALID, "\t\t"),
              _attribute("date", "time:timestamp", EPOCH, "\t\t"),
              _string("lifecycle:transition", "unknown", "\t\t"), _string("org:resource", UNKNOWN, "\t\t"),
              _string("org:role", UNKNOWN, "\t\t"), "\t</global>\n",
              '\t<classifier name="Activity" keys="concept:name"/>\n',
              '\t<classifier name="Activity classifier" keys="concept:name lifecycle:transition"/>\n',
              '\t<classifier name="Resource" keys="org:resource"/>\n']
    name = t("export.report.xes.log_name")
    if context.cycle:
        name += f" {context.cycle}"
    parts += [_string("concept:name", name, "\t"), _string("lifecycle:model", "standard", "\t"),
              _string("source", "workflow", "\t"), _string("generated_at", context.generated_at, "\t"),
              _string("generated_by", context.generated_by, "\t"), _string("filter_cycle", context.cycle, "\t"),
              _string("filter_since", context.since, "\t"), _string("filter_until", context.until, "\t")]
    for index, procedure in enumerate(context.procedures, start=1):
        parts += [f'\t<string key="procedure_{index}" value="{xml_text(procedure.code)}">\n',
                  _string("version", procedure.version, "\t\t"), _string("title", procedure.title, "\t\t"),
                  _string("sha256", procedure.sha256, "\t\t"),
                  _string("published_at", procedure.published_at, "\t\t"),
                  "\t</string>\n"]
    return "".join(parts)


def _trace_open(event: ExportEvent) -> str:
    parts = ["\t<trace>\n", _string("concept:name", event.cycle_id, "\t\t"),
             _string("procedure", event.procedure_code, "\t\t"),
             _string("procedure_version", event.procedure_version, "\t\t")]
    if event.type == ev.CYCLE_STARTED:
        parts.append(_string("title", _title(event.payload), "\t\t"))
    return "".join(parts)


def _event(event: ExportEvent) -> str:
    name, transition = event_name_and_transition(event)
    parts = ["\t\t<event>\n", _string("concept:name", name), _attribute("date", "time:timestamp",
                                                                       xs_datetime(event.at), "\t\t\t"),
             _string("lifecycle:transition", transition), _string("org:resource", event.actor_login or UNKNOWN),
             _string("org:role", event.role_id or UNKNOWN), _string("org:group", event.area_id),
             _attribute("int", "seq", event.seq, "\t\t\t"), _string("at", event.at), _string("type", event.type),
             _string("type_label", ev.event_label(event.type)),
             _string("actor_name", event.actor_name), _string("role_name", event.role_name),
             _string("area_name", event.area_name), _string("activity", activity_label(event))]
    if event.activity_number is not None:
        parts.append(_whole("activity_number", event.activity_number))
    parts += [_string("from_state", event.from_state and state_label(event.from_state)),
              _string("to_state", event.to_state and state_label(event.to_state)),
              _string("item", event.item), _string("item_name", event.item_name),
              _string("procedure", event.procedure_code), _string("procedure_version", event.procedure_version),
              _string("note", event.note), _string("reason", event.reason), _string("hash", event.hash),
              _string("prev_hash", event.prev_hash)]
    if event.evidence:
        parts.append(_string("evidence_sha256", " ".join(e.sha256 for e in event.evidence)))
        for index, evidence in enumerate(event.evidence, start=1):
            parts += [f'\t\t\t<string key="evidence_{index}" value="{xml_text(evidence.sha256)}">\n',
                      _string("name", evidence.name, "\t\t\t\t"), _string("record", evidence.record_id, "\t\t\t\t"),
                      _string("record_name", evidence.record_name, "\t\t\t\t"),
                      _whole("size", evidence.size, "\t\t\t\t"),
                      _string("media_type", evidence.media_type, "\t\t\t\t"),
                      _string("item", evidence.item, "\t\t\t\t"),
                      _string("item_name", evidence.item_name, "\t\t\t\t"), "\t\t\t</string>\n"]
    parts.append("\t\t</event>\n")
    return "".join(parts)


def write(events: Iterator[ExportEvent], out: BinaryIO, context: ExportContext) -> int:
    """Write `events` (ordered by cycle, then seq) as one XES log; return how many events were written."""
    written = 0
    with using_language(context.language):
        out.write(_header(context).encode("utf-8"))
        current: str | None = None
        for event in events:
            if event.cycle_id is None:
                continue
            chunk = ""
            if event.cycle_id != current:
                if current is not None:
                    chunk += "\t</trace>\n"
                chunk += _trace_open(event)
                current = event.cycle_id
            out.write((chunk + _event(event)).encode("utf-8"))
            written += 1
        out.write(("\t</trace>\n" if current is not None else "").encode("utf-8") + b"</log>\n")
    return written
