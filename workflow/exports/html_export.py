"""The audit trail as one self-contained HTML report for people: read on screen, printed, archived.

One file, inline CSS, no script, no external resource (it opens offline and prints the same anywhere).
Every text from the data goes through `html.escape`; every label through `t()` in the export's
language (`<html lang>` says which).

Layout, in the order it is written:

1. Document control (written at once, before any event is read): the organisation, and for each
   procedure code its version in force (the latest published) with title, process, publication time,
   the SHA-256 of the definition and its change control; when and by whom the export was made; the
   filters.
2. Integrity: the `audit verify` result taken at export time (intact, or the first bad seq and the
   problem; events in the log; evidence files checked) and the latest signed checkpoint (origin,
   events covered, head hash, time, key fingerprint, signature checked with the key kept beside it)
   or "no checkpoint taken".
3. Timeline: one table of every cycle event in log order (seq), each row written as its event is
   read: seq, time (UTC), cycle, actor name (login), role, area, event, activity, from -> to,
   evidence (display name, record, size, SHA-256), note or reason.
4. One section per cycle (a page of its own when printed): procedure version, start, state at the
   last exported event, and the traceability matrix: for each activity of the cycle's procedure
   version and each record it requires, the evidence attached (display name, SHA-256, who, when),
   a required record of a completed activity without evidence shown as MISSING, "pending" for an
   activity not completed, "N/A" where the activity requires no record.
5. Events outside any cycle (procedure publications, staff changes).

Memory bound. The source streams events by seq, so cycles interleave. The writer keeps, for each
cycle that is open in the stream, a compact summary (procedure version, completions per activity,
evidence per activity and record, deduplicated by SHA-256 and item) and nothing per event. When a
cycle reaches a terminal state its matrix is rendered into a spool file and the summary dropped, as
are rows of events outside any cycle; the spool (`SpooledTemporaryFile`: memory up to 1 MiB, then a
temporary file on disk) is copied after the timeline. Memory is therefore proportional to the
cycles still open within the exported range and their evidence, never to the number of events.
Consequence: cycle sections come in the order the cycles ended, then the cycles still open, in the
order of their first exported event.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from workflow.core import checkpoint
from workflow.core import events as ev
from workflow.core.chain import decode
from workflow.core.states import state_label
from workflow.errors import Refused
from workflow.exports.source import EvidenceRef, ExportContext, ExportEvent, ProcedureHeader
from workflow.i18n import t, using_language

SPOOL_IN_MEMORY = 1 << 20
REPORT_KEYS = "export.report."
TERMINAL = frozenset({"completed", "cancelled"})
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1b1f24; background: #fff; margin: 24px 32px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: 3px; margin: 30px 0 10px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
p { margin: 4px 0 8px; }
.subtitle { color: #4a5361; margin: 0 0 14px; }
nav ol { margin: 4px 0 0; padding-left: 20px; columns: 2; max-width: 640px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 16px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #c9ced6; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #edf1f6; font-weight: 600; }
tbody tr:nth-child(even) { background: #f8f9fb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.time, td.nowrap { white-space: nowrap; }
code, .sha { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
              font-size: 11px; }
.sha { word-break: break-all; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.muted, small { color: #5b6472; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0 12px; }
dl.facts dt { font-weight: 600; color: #39414d; }
dl.facts dd { margin: 0; }
.status { font-weight: 700; padding: 6px 10px; border: 2px solid currentColor; display: inline-block;
          margin: 4px 0 8px; }
.ok { color: #17602e; }
.bad, .missing { color: #a3141b; font-weight: 700; }
.pending { color: #875400; }
.na { color: #5b6472; }
ul.evidence { margin: 0; padding-left: 16px; }
ul.evidence li { margin: 0 0 3px; }
td.evidence { min-width: 225px; }
td.notes { min-width: 140px; }
.matrix td.sha-cell { min-width: 240px; }
td time .clock { display: block; }
footer { margin-top: 28px; border-top: 1px solid #c9ced6; padding-top: 6px; color: #5b6472; font-size: 11px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 8.5pt; color: #000; }
  nav { display: none; }
  h2 { color: #000; border-color: #000; }
  thead { display: table-header-group; }
  tr, img { break-inside: avoid; page-break-inside: avoid; }
  thead th, tbody tr:nth-child(even) { background: none; }
  th, td { border-color: #777; }
  section.cycle, #other-events { break-before: page; page-break-before: always; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  dl.facts, .status { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .ok, .bad, .missing, .pending, .na, .muted, small { color: #000; }
}
"""


def label(name: str, /, **params: Any) -> str:
    """The report's text `export.report.<name>` in the current language."""
    return t(REPORT_KEYS + name, **params)


def h(value: object) -> str:
    """Text for HTML content or a double-quoted attribute: escaped, without control characters."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)




def _sha(digest: str) -> str:
    """A SHA-256 in monospace that breaks, if it must, in the middle rather than anywhere."""
    half = len(digest) // 2
    return f'<code class="sha">{h(digest[:half])}<wbr>{h(digest[half:])}</code>'


def _time(at: str | None) -> str:
    if not at:
        return ""
    day, _sep, clock = at.removesuffix("Z").partition("T")
    return f'<time datetime="{h(at)}">{h(day)} <span class="clock">{h(clock.split(".")[0])}</span></time>'


def _state(state: str | None) -> str:
    return "—" if state is None else state_label(state)


def _actor(event: ExportEvent) -> str:
    if event.actor_name and event.actor_name != event.actor_login:
        return f"{h(event.actor_name)} <small>({h(event.actor_login)})</small>"
    return h(event.actor_login)


def _named(ident: str | None, name: str | None) -> str:
    if not ident:
        return "—"
    return h(name) if name else h(ident)


def _evidence_list(evidence: tuple[EvidenceRef, ...]) -> str:
    if not evidence:
        return ""
    items = []
    for item in evidence:
        what = h(item.name or "—")
        extra = [h(item.record_name or item.record_id)]
        if item.item:
            extra.append(h(t("export.report.item", item=item.item)))
        extra.append(h(t("export.report.bytes", size=item.size)))
        items.append(f'<li>{what} <small>({", ".join(extra)})</small><br>{_sha(item.sha256)}</li>')
    return '<ul class="evidence">' + "".join(items) + "</ul>"


def _note(event: ExportEvent) -> str:
    parts = []
    if event.reason:
        parts.append(f'<div class="text"><strong>{h(t("export.report.reason"))}:</strong> {h(event.reason)}</div>')
    if event.note:
        parts.append(f'<div class="text"><strong>{h(t("export.report.note"))}:</strong> {h(event.note)}</div>')
    return "".join(parts)


def _activity(event: ExportEvent) -> str:
    if event.activity_number is None:
        return h(event.activity_name or "—")
    return f"{event.activity_number}. {h(event.activity_name or '')}"


def _anchor(cycle_id: str) -> str:
    return "cycle-" + re.sub(r"[^A-Za-z0-9_-]", "_", cycle_id)


@dataclass(slots=True)
class _Attached:
    name: str
    sha256: str
    size: int
    item: str | None
    by: str | None  # None: attached before the exported period (seen only in a completion)
    at: str | None


@dataclass(slots=True)
class _Cycle:
    """What a cycle's section needs: small, and independent of how many events the cycle has."""

    cycle_id: str
    code: str | None = None
    version: str | None = None
    title: str | None = None
    started: tuple[str, str] | None = None  # (at, actor)
    last_at: str = ""
    state: str | None = None
    events: int = 0
    activity_names: dict[int, str] = field(default_factory=dict)
    completed: dict[int, tuple[str, str]] = field(default_factory=dict)  # number -> (at, actor)
    evidence: dict[tuple[int, str], dict[tuple[str, str | None], _Attached]] = field(default_factory=dict)
    record_names: dict[str, str] = field(default_factory=dict)

    def add(self, event: ExportEvent) -> None:
        self.events += 1
        self.last_at = event.at
        self.code = event.procedure_code or self.code
        self.version = event.procedure_version or self.version
        if event.to_state is not None:
            self.state = event.to_state
        if event.activity_number is not None and event.activity_name:
            self.activity_names[event.activity_number] = event.activity_name
        actor = f"{event.actor_name} ({event.actor_login})" if event.actor_name != event.actor_login \
            else event.actor_login
        if event.type == ev.CYCLE_STARTED:
            self.started = (event.at, actor)
            with suppress(ValueError):
                self.title = (decode(event.payload).get("data") or {}).get("title") or self.title
        if event.type == ev.ACTIVITY_COMPLETED and event.activity_number is not None:
            self.completed[event.activity_number] = (event.at, actor)
        if event.activity_number is None:
            return
        attached_here = event.type == ev.EVIDENCE_ATTACHED
        for item in event.evidence:
            self.record_names[item.record_id] = item.record_name or item.record_id
            files = self.evidence.setdefault((event.activity_number, item.record_id), {})
            key = (item.sha256, item.item)
            known = files.get(key)
            if known is None or (known.by is None and attached_here):
                files[key] = _Attached(name=item.name, sha256=item.sha256, size=item.size, item=item.item,
                                       by=actor if attached_here else None, at=event.at if attached_here else None)


class _Report:
    def __init__(self, out: BinaryIO, context: ExportContext, sections: IO[bytes], others: IO[bytes]) -> None:
        self.out = out
        self.context = context
        self.versions = {(p.code, p.version): p for p in context.procedures}
        self.open: dict[str, _Cycle] = {}
        self.sections = sections  # rendered sections of ended cycles
        self.others = others  # rows of events outside any cycle
        self.cycle_events = 0
        self.other_events = 0
        self.cycles = 0
        self.signed: checkpoint.Checkpoint | None = None
        self.crosscheck: bool | None = None  # does the event at the checkpoint's size carry its head?

    def emit(self, text: str, to: IO[bytes] | BinaryIO | None = None) -> None:
        (self.out if to is None else to).write(text.encode("utf-8"))

    # -- before any event ----------------------------------------------------------------------
    def start(self) -> None:
        context = self.context
        latest = _latest(context.procedures)
        title = t("export.report.title")
        if context.cycle:
            title += f" — {context.cycle}"
        elif latest:
            title += " — " + ", ".join(p.code for p in latest)
        self.emit(
            "<!DOCTYPE html>\n"
            f'<html lang="{h(context.language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="workflow">\n'
            f"<title>{h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f'<header id="document-control">\n<h1>{h(t("export.report.title"))}</h1>\n')
        organisations = list(dict.fromkeys(p.organization for p in latest))
        if organisations:
            self.emit(f'<p class="subtitle">{h(" · ".join(organisations))}</p>\n')
        self.emit(_nav())
        self.emit(f'<h2>{h(t("export.report.document_control"))}</h2>\n')
        self.emit(self._procedures(latest))
        self.emit(self._export_facts())
        self.emit("</header>\n")
        self.emit(self._verification())
        self.emit(f'<section id="timeline">\n<h2>{h(t("export.report.timeline"))}</h2>\n'
                  f'<p class="muted">{h(t("export.report.timeline_note"))}</p>\n'
                  '<table class="timeline">\n'
                  + _head(("seq", "time", "cycle", "actor", "role", "area", "event", "activity", "states",
                           "evidence", "note"))
                  + "<tbody>\n")

    def _procedures(self, latest: list[ProcedureHeader]) -> str:
        if not latest:
            return f'<p>{h(t("export.report.no_procedures"))}</p>\n'
        columns = ("organization", "code", "procedure_title", "process", "version_in_force", "published",
                   "definition_sha")
        rows = []
        for p in latest:
            rows.append(f'<tr><td>{h(p.organization)}</td><td class="nowrap"><strong>{h(p.code)}</strong></td>'
                        f"<td>{h(p.title)}</td><td>{h(p.process)}</td><td>{h(p.version)}</td>"
                        f'<td class="time">{_time(p.published_at)}</td><td>{_sha(p.sha256)}</td></tr>\n')
        text = ('<table class="control">\n<thead><tr>'
                + "".join(f"<th>{h(label(c))}</th>" for c in columns)
                + "</tr></thead>\n<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n")
        for p in latest:
            if not p.change_control:
                continue
            text += (f'<table class="changes"><caption>{h(t("export.report.change_control", code=p.code))}</caption>\n'
                     f'<thead><tr><th>{h(t("export.report.version"))}</th><th>{h(t("export.report.date"))}</th>'
                     f'<th>{h(t("export.report.description"))}</th></tr></thead>\n<tbody>\n'
                     + "".join(f'<tr><td class="nowrap">{h(v)}</td><td class="nowrap">{h(d)}</td>'
                               f'<td class="text">{h(desc)}</td></tr>\n' for v, d, desc in p.change_control)
                     + "</tbody>\n</table>\n")
        return text

    def _export_facts(self) -> str:
        context = self.context
        filters = []
        if context.cycle:
            filters.append(t("export.report.filter_cycle", cycle=context.cycle))
        if context.since:
            filters.append(t("export.report.filter_since", date=context.since))
        if context.until:
            filters.append(t("export.report.filter_until", date=context.until))
        facts = [
            ("generated_at", _time(context.generated_at)),
            ("generated_by", h(context.generated_by)),
            ("filters", h("; ".join(filters) if filters else t("export.report.no_filters"))),
        ]
        return (f'<h3>{h(t("export.report.export"))}</h3>\n<dl class="facts">'
                + "".join(f"<dt>{h(label(k))}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>\n")

    def _verification(self) -> str:
        verify: dict[str, Any] | None = self.context.verify
        text = f'<section id="verification">\n<h2>{h(t("export.report.verification"))}</h2>\n'
        if verify is None:
            text += f'<p class="status muted">{h(t("export.report.verify_none"))}</p>\n'
        else:
            if verify.get("ok"):
                text += f'<p class="status ok">✔ {h(t("export.report.verify_ok"))}</p>\n'
            elif verify.get("first_bad_seq") is not None:
                text += (f'<p class="status bad">✘ {h(t("export.report.verify_bad", seq=verify["first_bad_seq"]))}'
                         "</p>\n")
            else:
                text += f'<p class="status bad">✘ {h(t("export.report.verify_failed"))}</p>\n'
            facts = [("events_in_log", verify.get("events")), ("evidence_checked", verify.get("evidence_files"))]
            if not verify.get("ok"):
                facts += [("first_bad_seq", verify.get("first_bad_seq")), ("problem", verify.get("problem"))]
            text += ('<dl class="facts">'
                     + "".join(f"<dt>{h(label(k))}</dt><dd>{h('—' if v is None else v)}</dd>"
                               for k, v in facts)
                     + f'</dl>\n<p class="muted">{h(t("export.report.verify_scope"))}</p>\n')
        text += f'<h3>{h(t("export.report.checkpoint"))}</h3>\n' + self._checkpoint() + "</section>\n"
        return text

    def _checkpoint(self) -> str:
        context = self.context
        if context.checkpoint_text is None:
            return f'<p class="muted">{h(t("export.report.no_checkpoint"))}</p>\n'
        try:
            signed, _body, _signature = checkpoint.parse(context.checkpoint_text)
        except Refused as refused:
            return f'<p class="bad">{h(t("export.report.checkpoint_unreadable", reason=str(refused)))}</p>\n'
        self.signed = signed
        if context.public_key_text is None:
            signature = f'<span class="muted">{h(t("export.report.signature_unchecked"))}</span>'
        else:
            try:
                checkpoint.verify_signature(context.checkpoint_text, checkpoint.parse_public_key(
                    context.public_key_text))
                signature = f'<span class="ok">✔ {h(t("export.report.signature_ok"))}</span>'
            except Refused as refused:
                signature = f'<span class="bad">✘ {h(t("export.report.signature_bad", reason=str(refused)))}</span>'
        facts = [("checkpoint_origin", f"<code>{h(signed.origin)}</code>"),
                 ("checkpoint_size", h(signed.size)),
                 ("checkpoint_head", f'<code class="sha">{h(signed.head)}</code>'),
                 ("checkpoint_time", _time(signed.time)),
                 ("checkpoint_key", f'<code class="sha">{h(signed.key)}</code>'),
                 ("checkpoint_signature", signature)]
        return ('<dl class="facts">' + "".join(f"<dt>{h(label(k))}</dt><dd>{v}</dd>" for k, v in facts)
                + "</dl>\n")

    # -- one event at a time ---------------------------------------------------------------------
    def add(self, event: ExportEvent) -> None:
        if self.signed is not None and event.seq == self.signed.size:
            self.crosscheck = event.hash == self.signed.head
        if event.cycle_id is None:
            self.other_events += 1
            self.emit(self._other_row(event), self.others)
            return
        self.cycle_events += 1
        self.emit(self._timeline_row(event))
        summary = self.open.get(event.cycle_id)
        if summary is None:
            summary = self.open[event.cycle_id] = _Cycle(cycle_id=event.cycle_id)
        summary.add(event)
        if event.to_state in TERMINAL:
            self.emit(self._cycle_section(self.open.pop(event.cycle_id)), self.sections)

    def _timeline_row(self, event: ExportEvent) -> str:
        cycle = event.cycle_id or ""
        states = "" if event.from_state is None and event.to_state is None else \
            f"{h(_state(event.from_state))} → {h(_state(event.to_state))}"
        return (f'<tr class="event {h(event.type.replace(".", "-"))}"><td class="num">{event.seq}</td>'
                f'<td class="time">{_time(event.at)}</td>'
                f'<td class="nowrap"><a href="#{h(_anchor(cycle))}">{h(cycle)}</a></td>'
                f"<td>{_actor(event)}</td><td>{_named(event.role_id, event.role_name)}</td>"
                f"<td>{_named(event.area_id, event.area_name)}</td><td>{h(ev.event_label(event.type))}</td>"
                f'<td>{_activity(event)}</td><td>{states}</td><td class="evidence">{_evidence_list(event.evidence)}'
                f'</td><td class="notes">{_note(event)}</td></tr>\n')

    def _other_row(self, event: ExportEvent) -> str:
        return (f'<tr class="event {h(event.type.replace(".", "-"))}"><td class="num">{event.seq}</td>'
                f'<td class="time">{_time(event.at)}</td><td>{_actor(event)}</td>'
                f"<td>{_named(event.role_id, event.role_name)}</td><td>{_named(event.area_id, event.area_name)}</td>"
                f"<td>{h(ev.event_label(event.type))}</td><td>{_details(event)}</td>"
                f'<td class="notes">{_note(event)}</td></tr>\n')

    # -- a cycle's section -----------------------------------------------------------------------
    def _cycle_section(self, cycle: _Cycle) -> str:
        self.cycles += 1
        header = self.versions.get((cycle.code or "", cycle.version or ""))
        heading = t("export.report.cycle", cycle=cycle.cycle_id) + (f" — {cycle.title}" if cycle.title else "")
        procedure = f"{cycle.code or '—'} v{cycle.version or '—'}"
        if header is not None:
            procedure += f" «{header.title}»"
        facts = [("cycle_procedure", h(procedure)
                  + (f'<br><code class="sha">{h(header.sha256)}</code>' if header else "")),
                 ("cycle_started", h(t("export.report.by", at=_plain_time(cycle.started[0]), actor=cycle.started[1]))
                  if cycle.started else h(t("export.report.started_before"))),
                 ("cycle_last", _time(cycle.last_at)),
                 ("cycle_state", h(_state(cycle.state))),
                 ("cycle_events", h(cycle.events))]
        text = (f'<section class="cycle" id="{h(_anchor(cycle.cycle_id))}">\n<h2>{h(heading)}</h2>\n<dl class="facts">'
                + "".join(f"<dt>{h(label(k))}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>\n")
        if header is None:
            unknown = t("export.report.version_unknown", code=cycle.code or "—", version=cycle.version or "—")
            text += f'<p class="bad">{h(unknown)}</p>\n'
        return text + self._matrix(cycle, header) + "</section>\n"

    def _matrix(self, cycle: _Cycle, header: ProcedureHeader | None) -> str:
        if header is not None:
            plan = [(number, name, records) for number, name, records in header.activities]
        else:
            numbers = sorted(set(cycle.activity_names) | {n for n, _r in cycle.evidence})
            plan = [(n, cycle.activity_names.get(n, ""),
                     tuple((r, cycle.record_names.get(r, r)) for (m, r) in cycle.evidence if m == n)) for n in numbers]
        columns = ("activity", "record", "evidence_name", "sha256", "attached_by", "attached_at", "status")
        rows: list[str] = []
        for number, name, records in plan:
            done = cycle.completed.get(number)
            completion = (h(t("export.report.completed_by", at=_plain_time(done[0]), actor=done[1])) if done
                          else h(t("export.report.not_completed")))
            lines: list[str] = []
            required = [record for record, _n in records]
            extra = [record for (m, record) in cycle.evidence if m == number and record not in required]
            if not records and not extra:
                lines.append(f'<td class="na">—</td><td></td><td></td><td></td><td></td>'
                             f'<td class="na">{h(t("export.report.status.na"))}</td>')
            names = dict(records)
            for record in required + extra:
                record_cell = h(names.get(record) or cycle.record_names.get(record, record))
                files = list(cycle.evidence.get((number, record), {}).values())
                status = "attached" if record in required else "extra"
                for index, item in enumerate(files):
                    shown = h(item.name or "—") + (f" <small>({h(t('export.report.item', item=item.item))})</small>"
                                                   if item.item else "")
                    who = h(item.by) if item.by else \
                        f'<span class="muted">{h(t("export.report.attached_outside"))}</span>'
                    lines.append(f'<td>{record_cell if index == 0 else ""}</td><td>{shown}</td>'
                                 f'<td class="sha-cell">{_sha(item.sha256)}</td><td>{who}</td>'
                                 f'<td class="time">{_time(item.at)}</td>'
                                 f'<td class="ok">{h(label("status." + status))}</td>')
                if not files:
                    css, key = ("missing", "missing") if done else ("pending", "pending")
                    lines.append(f"<td>{record_cell}</td><td></td><td></td><td></td><td></td>"
                                 f'<td class="{css}">{"✘ " if done else ""}{h(label("status." + key))}</td>')
            cell = (f'<th scope="rowgroup" rowspan="{len(lines)}">{number}. {h(name)}<br>'
                    f"<small>{completion}</small></th>")
            rows.extend(f'<tr>{cell if index == 0 else ""}{line}</tr>\n' for index, line in enumerate(lines))
        return (f'<table class="matrix">\n<caption>{h(t("export.report.matrix"))}</caption>\n'
                + _head(columns) + "<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n"
                f'<p class="muted">{h(t("export.report.matrix_note"))}</p>\n')

    # -- after the last event ----------------------------------------------------------------------
    def finish(self) -> None:
        if self.cycle_events == 0:
            self.emit(f'<tr><td colspan="11" class="muted">{h(t("export.report.no_events"))}</td></tr>\n')
        self.emit("</tbody>\n</table>\n</section>\n")
        for summary in self.open.values():
            self.emit(self._cycle_section(summary), self.sections)
        self.open.clear()
        self._copy(self.sections)
        self.emit(f'<section id="other-events">\n<h2>{h(t("export.report.other_events"))}</h2>\n'
                  f'<p class="muted">{h(t("export.report.other_note"))}</p>\n')
        if self.other_events:
            self.emit('<table class="others">\n'
                      + _head(("seq", "time", "actor", "role", "area", "event", "details", "note")) + "<tbody>\n")
            self._copy(self.others)
            self.emit("</tbody>\n</table>\n")
        else:
            self.emit(f'<p>{h(t("export.report.no_events"))}</p>\n')
        self.emit("</section>\n<footer>\n")
        self.emit(f"<p>{h(t('export.report.totals', events=self.cycle_events + self.other_events, cycles=self.cycles))}"
                  "</p>\n")
        if self.signed is not None and self.crosscheck is not None:
            key = "crosscheck_ok" if self.crosscheck else "crosscheck_bad"
            css = "ok" if self.crosscheck else "bad"
            self.emit(f'<p class="{css}">{h(label(key, seq=self.signed.size))}</p>\n')
        self.emit(f"<p>{h(t('export.report.footer'))}</p>\n</footer>\n</body>\n</html>\n")

    def _copy(self, spool: IO[bytes]) -> None:
        spool.seek(0)
        shutil.copyfileobj(spool, self.out)


def _head(columns: tuple[str, ...]) -> str:
    return "<thead><tr>" + "".join(f"<th>{h(label('col.' + c))}</th>" for c in columns) + "</tr></thead>\n"


def _plain_time(at: str) -> str:
    return at.replace("T", " ").removesuffix("Z").split(".")[0] + " UTC"


def _latest(procedures: tuple[ProcedureHeader, ...]) -> list[ProcedureHeader]:
    """The version in force of each code: the one published last."""
    latest: dict[str, ProcedureHeader] = {}
    for procedure in procedures:
        known = latest.get(procedure.code)
        if known is None or (procedure.published_at, procedure.version) > (known.published_at, known.version):
            latest[procedure.code] = procedure
    return [latest[code] for code in sorted(latest)]


def _nav() -> str:
    items = [("document-control", "document_control"), ("verification", "verification"),
             ("timeline", "timeline"), ("other-events", "other_events")]
    return (f'<nav><strong>{h(t("export.report.contents"))}</strong><ol>'
            + "".join(f'<li><a href="#{a}">{h(label(k))}</a></li>' for a, k in items)
            + "</ol></nav>\n")


def _details(event: ExportEvent) -> str:
    try:
        data = decode(event.payload).get("data") or {}
    except ValueError:
        data = {}
    if event.type == ev.PROCEDURE_PUBLISHED:
        return (h(t("export.report.published_detail", code=event.procedure_code or "—",
                    version=event.procedure_version or "—", title=data.get("title") or "—"))
                + (f'<br><code class="sha">{h(_payload_sha(event))}</code>' if _payload_sha(event) else ""))
    if event.type in (ev.STAFF_ADDED, ev.STAFF_CHANGED):
        detail = t("export.report.staff_detail", login=data.get("login") or "—", name=data.get("name") or "—",
                   area=data.get("area") or "—", role=data.get("role") or "—")
        if data.get("admin"):
            detail += t("export.report.admin_suffix")
        return h(detail)
    return "; ".join(f"{h(k)}: {h(v)}" for k, v in sorted(data.items()) if v not in (None, "", [], {}))


def _payload_sha(event: ExportEvent) -> str:
    try:
        procedure = decode(event.payload).get("procedure") or {}
    except ValueError:
        return ""
    return str(procedure.get("sha256") or "")


def write(events: Iterator[ExportEvent], out: BinaryIO, context: ExportContext) -> int:
    """Write the report of `events` (ordered by seq) to `out`; return how many events it shows."""
    with (using_language(context.language),
          tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as sections,
          tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as others):
        report = _Report(out, context, sections, others)
        report.start()
        for event in events:
            report.add(event)
        report.finish()
    return report.cycle_events + report.other_events
