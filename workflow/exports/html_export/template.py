"""The report's markup: the page skeleton and the fragments (cells, rows, lists) it is built from.

Everything that turns data into HTML is here, and every text from the data goes through `h` on its
way in: names, notes, ids, hashes, and numbers read from a payload too. A payload is whatever was
hashed, forged events included, so no field is trusted to be of the type it should be (an activity
"number" may be `<img src=x onerror=...>`). Labels come from `t()` in the export's language and are
escaped too (a translation is text, not markup).
"""

from __future__ import annotations

import html
import re
from typing import Any

from workflow.core import events as ev
from workflow.core.items import item_label
from workflow.core.states import state_label
from workflow.exports.html_export.style import CSS
from workflow.exports.source import EvidenceRef, ExportEvent, payload_part
from workflow.i18n import t

REPORT_KEYS = "export.report."
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def label(name: str, /, **params: Any) -> str:
    """The report's text `export.report.<name>` in the current language."""
    return t(REPORT_KEYS + name, **params)


def h(value: object) -> str:
    """Text for HTML content or a double-quoted attribute: escaped, without control characters."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def page_start(language: str, title: str) -> str:
    """From the doctype to `<body>`: the language, the title and the inline style sheet."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{h(language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="workflow">\n'
            f"<title>{h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")


def nav() -> str:
    items = [("document-control", "document_control"), ("verification", "verification"),
             ("timeline", "timeline"), ("other-events", "other_events")]
    return (f'<nav><strong>{h(t("export.report.contents"))}</strong><ol>'
            + "".join(f'<li><a href="#{a}">{h(label(k))}</a></li>' for a, k in items)
            + "</ol></nav>\n")


def head(columns: tuple[str, ...]) -> str:
    """A table's heading row: `export.report.col.<column>` for each column."""
    return "<thead><tr>" + "".join(f"<th>{h(label('col.' + c))}</th>" for c in columns) + "</tr></thead>\n"


def facts(pairs: list[tuple[str, str]]) -> str:
    """A definition list of (label name, value already written as HTML)."""
    return '<dl class="facts">' + "".join(f"<dt>{h(label(k))}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>\n"


def sha(digest: str) -> str:
    """A SHA-256 in monospace that breaks, if it must, in the middle rather than anywhere."""
    half = len(digest) // 2
    return f'<code class="sha">{h(digest[:half])}<wbr>{h(digest[half:])}</code>'


def time_tag(at: str | None) -> str:
    if not at:
        return ""
    day, _sep, clock = at.removesuffix("Z").partition("T")
    return f'<time datetime="{h(at)}">{h(day)} <span class="clock">{h(clock.split(".")[0])}</span></time>'


def plain_time(at: str) -> str:
    """A stored time as text inside a sentence ("2026-11-30 13:00:01 UTC"); escaped with the sentence."""
    return at.replace("T", " ").removesuffix("Z").split(".")[0] + " UTC"


def state_text(state: str | None) -> str:
    """A machine state in words (not escaped: it joins other text before `h`)."""
    return "—" if state is None else state_label(state)


def anchor(cycle_id: str) -> str:
    return "cycle-" + re.sub(r"[^A-Za-z0-9_-]", "_", cycle_id)


def actor(event: ExportEvent) -> str:
    if event.actor_name and event.actor_name != event.actor_login:
        return f"{h(event.actor_name)} <small>({h(event.actor_login)})</small>"
    return h(event.actor_login)


def named(ident: str | None, name: str | None) -> str:
    if not ident:
        return "—"
    return h(name) if name else h(ident)


def evidence_list(evidence: tuple[EvidenceRef, ...]) -> str:
    if not evidence:
        return ""
    items = []
    for item in evidence:
        what = h(item.name or "—")
        extra = [h(item.record_name or item.record_id)]
        if item.item:
            extra.append(h(t("export.report.item", item=item_label(item.item, item.item_name))))
        extra.append(h(t("export.report.bytes", size=item.size)))
        items.append(f'<li>{what} <small>({", ".join(extra)})</small><br>{sha(item.sha256)}</li>')
    return '<ul class="evidence">' + "".join(items) + "</ul>"


def note(event: ExportEvent) -> str:
    parts = []
    if event.item:  # what a waiver excused, before why
        parts.append(f'<div class="text"><strong>{h(t("export.report.col.item"))}:</strong> '
                     f"{h(item_label(event.item, event.item_name))}</div>")
    if event.reason:
        parts.append(f'<div class="text"><strong>{h(t("export.report.reason"))}:</strong> {h(event.reason)}</div>')
    if event.note:
        parts.append(f'<div class="text"><strong>{h(t("export.report.note"))}:</strong> {h(event.note)}</div>')
    return "".join(parts)


def activity(event: ExportEvent) -> str:
    if event.activity_number is None:
        return h(event.activity_name or "—")
    return f"{h(event.activity_number)}. {h(event.activity_name or '')}"


def timeline_row(event: ExportEvent) -> str:
    """One row of the timeline: an event of a cycle."""
    cycle = event.cycle_id or ""
    states = "" if event.from_state is None and event.to_state is None else \
        f"{h(state_text(event.from_state))} → {h(state_text(event.to_state))}"
    return (f'<tr class="event {h(event.type.replace(".", "-"))}"><td class="num">{event.seq}</td>'
            f'<td class="time">{time_tag(event.at)}</td>'
            f'<td class="nowrap"><a href="#{h(anchor(cycle))}">{h(cycle)}</a></td>'
            f"<td>{actor(event)}</td><td>{named(event.role_id, event.role_name)}</td>"
            f"<td>{named(event.area_id, event.area_name)}</td><td>{h(ev.event_label(event.type))}</td>"
            f'<td>{activity(event)}</td><td>{states}</td><td class="evidence">{evidence_list(event.evidence)}'
            f'</td><td class="notes">{note(event)}</td></tr>\n')


def other_row(event: ExportEvent) -> str:
    """One row of the events outside any cycle: publications, staff changes."""
    return (f'<tr class="event {h(event.type.replace(".", "-"))}"><td class="num">{event.seq}</td>'
            f'<td class="time">{time_tag(event.at)}</td><td>{actor(event)}</td>'
            f"<td>{named(event.role_id, event.role_name)}</td><td>{named(event.area_id, event.area_name)}</td>"
            f"<td>{h(ev.event_label(event.type))}</td><td>{details(event)}</td>"
            f'<td class="notes">{note(event)}</td></tr>\n')


def details(event: ExportEvent) -> str:
    data = payload_part(event.payload, "data")
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
    return str(payload_part(event.payload, "procedure").get("sha256") or "")
