"""A cycle's section of the report: the summary kept while the cycle is open in the stream, and the
section (facts and traceability matrix) written from it when the cycle ends or the stream does.

The summary is what bounds the report's memory: a few fields, completions per activity and evidence
per activity and record (deduplicated by SHA-256 and item), never anything per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflow.core import events as ev
from workflow.core.items import item_label
from workflow.exports.html_export.template import (
    anchor,
    facts,
    h,
    head,
    label,
    plain_time,
    sha,
    state_text,
    time_tag,
)
from workflow.exports.source import ExportEvent, ProcedureHeader, payload_part
from workflow.i18n import t


@dataclass(slots=True)
class Attached:
    name: str
    sha256: str
    size: int | str  # str: what a forged payload held
    item: str | None
    by: str | None  # None: attached before the exported period (seen only in a completion)
    at: str | None


@dataclass(slots=True)
class Waiver:
    item: str
    name: str | None
    reason: str | None
    by: str
    at: str


@dataclass(slots=True)
class CycleSummary:
    """What a cycle's section needs: small, and independent of how many events the cycle has."""

    cycle_id: str
    code: str | None = None
    version: str | None = None
    title: str | None = None
    started: tuple[str, str] | None = None  # (at, actor)
    last_at: str = ""
    state: str | None = None
    events: int = 0
    # Numbers are whole numbers, or the text a forged payload held instead (see exports.source).
    activity_names: dict[int | str, str] = field(default_factory=dict)
    completed: dict[int | str, tuple[str, str]] = field(default_factory=dict)  # number -> (at, actor)
    evidence: dict[tuple[int | str, str], dict[tuple[str, str | None], Attached]] = field(default_factory=dict)
    record_names: dict[str, str] = field(default_factory=dict)
    waived: dict[int | str, dict[str, Waiver]] = field(default_factory=dict)  # number -> item -> the waiver

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
            title = payload_part(event.payload, "data").get("title")
            self.title = (title if isinstance(title, str) else None) or self.title
        if event.type == ev.ACTIVITY_COMPLETED and event.activity_number is not None:
            self.completed[event.activity_number] = (event.at, actor)
        if event.activity_number is None:
            return
        if event.type == ev.ITEM_WAIVED and event.item:
            self.waived.setdefault(event.activity_number, {})[event.item] = Waiver(
                item=event.item, name=event.item_name, reason=event.reason, by=actor, at=event.at)
        attached_here = event.type == ev.EVIDENCE_ATTACHED
        for item in event.evidence:
            self.record_names[item.record_id] = item.record_name or item.record_id
            files = self.evidence.setdefault((event.activity_number, item.record_id), {})
            key = (item.sha256, item.item)
            known = files.get(key)
            if known is None or (known.by is None and attached_here):
                files[key] = Attached(name=item.name, sha256=item.sha256, size=item.size,
                                      item=item_label(item.item, item.item_name) if item.item else None,
                                      by=actor if attached_here else None, at=event.at if attached_here else None)


def section(cycle: CycleSummary, header: ProcedureHeader | None) -> str:
    """The cycle's section; `header` is its procedure version as published (None if not among them)."""
    heading = t("export.report.cycle", cycle=cycle.cycle_id) + (f" — {cycle.title}" if cycle.title else "")
    procedure = f"{cycle.code or '—'} v{cycle.version or '—'}"
    if header is not None:
        procedure += f" «{header.title}»"
    pairs = [("cycle_procedure", h(procedure)
              + (f'<br><code class="sha">{h(header.sha256)}</code>' if header else "")),
             ("cycle_started", h(t("export.report.by", at=plain_time(cycle.started[0]), actor=cycle.started[1]))
              if cycle.started else h(t("export.report.started_before"))),
             ("cycle_last", time_tag(cycle.last_at)),
             ("cycle_state", h(state_text(cycle.state))),
             ("cycle_events", h(cycle.events))]
    text = f'<section class="cycle" id="{h(anchor(cycle.cycle_id))}">\n<h2>{h(heading)}</h2>\n' + facts(pairs)
    if header is None:
        unknown = t("export.report.version_unknown", code=cycle.code or "—", version=cycle.version or "—")
        text += f'<p class="bad">{h(unknown)}</p>\n'
    return text + _matrix(cycle, header) + "</section>\n"


def _matrix(cycle: CycleSummary, header: ProcedureHeader | None) -> str:
    plan: list[tuple[int | str, str, tuple[tuple[str, str], ...]]]
    if header is not None:
        plan = [(number, name, records) for number, name, records in header.activities]
    else:
        numbers = sorted(set(cycle.activity_names) | {n for n, _r in cycle.evidence}, key=_in_order)
        plan = [(n, cycle.activity_names.get(n, ""),
                 tuple((r, cycle.record_names.get(r, r)) for (m, r) in cycle.evidence if m == n)) for n in numbers]
    columns = ("activity", "record", "item", "evidence_name", "sha256", "attached_by", "attached_at", "status")
    rows: list[str] = []
    for number, name, records in plan:
        done = cycle.completed.get(number)
        completion = (h(t("export.report.completed_by", at=plain_time(done[0]), actor=done[1])) if done
                      else h(t("export.report.not_completed")))
        lines: list[str] = []
        required = [record for record, _n in records]
        extra = [record for (m, record) in cycle.evidence if m == number and record not in required]
        if not records and not extra:
            lines.append(f'<td class="na">—</td><td></td><td></td><td></td><td></td><td></td>'
                         f'<td class="na">{h(t("export.report.status.na"))}</td>')
        names = dict(records)
        for record in required + extra:
            record_cell = h(names.get(record) or cycle.record_names.get(record, record))
            files = list(cycle.evidence.get((number, record), {}).values())
            status = "attached" if record in required else "extra"
            for index, item in enumerate(files):
                who = h(item.by) if item.by else \
                    f'<span class="muted">{h(t("export.report.attached_outside"))}</span>'
                lines.append(f'<td>{record_cell if index == 0 else ""}</td><td>{h(item.item or "")}</td>'
                             f'<td>{h(item.name or "—")}</td>'
                             f'<td class="sha-cell">{sha(item.sha256)}</td><td>{who}</td>'
                             f'<td class="time">{time_tag(item.at)}</td>'
                             f'<td class="ok">{h(label("status." + status))}</td>')
            if not files:
                css, key = ("missing", "missing") if done else ("pending", "pending")
                lines.append(f"<td>{record_cell}</td><td></td><td></td><td></td><td></td><td></td>"
                             f'<td class="{css}">{"✘ " if done else ""}{h(label("status." + key))}</td>')
        lines.extend(_waived_rows(cycle.waived.get(number, {})))
        cell = (f'<th scope="rowgroup" rowspan="{len(lines)}">{h(number)}. {h(name)}<br>'
                f"<small>{completion}</small></th>")
        rows.extend(f'<tr>{cell if index == 0 else ""}{line}</tr>\n' for index, line in enumerate(lines))
    return (f'<table class="matrix">\n<caption>{h(t("export.report.matrix"))}</caption>\n'
            + head(columns) + "<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n"
            f'<p class="muted">{h(t("export.report.matrix_note"))}</p>\n')


def _waived_rows(waived: dict[str, Waiver]) -> list[str]:
    """One row per item waived at the activity: which, why, who and when; it needs no evidence."""
    rows = []
    for waiver in waived.values():
        reason = (f'<span class="text"><strong>{h(t("export.report.reason"))}:</strong> {h(waiver.reason)}</span>'
                  if waiver.reason else "")
        rows.append(f'<td class="na">—</td><td>{h(item_label(waiver.item, waiver.name))}</td><td>{reason}</td>'
                    f'<td></td><td>{h(waiver.by)}</td><td class="time">{time_tag(waiver.at)}</td>'
                    f'<td class="waived">{h(label("status.waived"))}</td>')
    return rows


def _in_order(number: object) -> tuple[int, int, str]:
    """Activities by number; anything else a payload calls a number (a forged event's text) after them,
    so that one odd value neither breaks the sort nor hides the cycle's section."""
    if isinstance(number, int):
        return 0, number, ""
    return 1, 0, str(number)
