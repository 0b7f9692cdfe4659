"""The streaming writer: document control and integrity first, then one timeline row per event as it
is read, then the cycles' sections and the events outside any cycle from their spools, then the
footer. Layout and memory bound: the package docstring."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from workflow.core import checkpoint
from workflow.core.states import TERMINAL_STATES
from workflow.errors import Refused
from workflow.exports.html_export.cycles import CycleSummary, section
from workflow.exports.html_export.template import (
    facts,
    h,
    head,
    label,
    nav,
    other_row,
    page_start,
    sha,
    time_tag,
    timeline_row,
)
from workflow.exports.source import ExportContext, ExportEvent, ProcedureHeader
from workflow.i18n import t, using_language

SPOOL_IN_MEMORY = 1 << 20


class _Report:
    def __init__(self, out: BinaryIO, context: ExportContext, sections: IO[bytes], others: IO[bytes]) -> None:
        self.out = out
        self.context = context
        self.versions = {(p.code, p.version): p for p in context.procedures}
        self.open: dict[str, CycleSummary] = {}
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
        self.emit(page_start(context.language, title)
                  + f'<header id="document-control">\n<h1>{h(t("export.report.title"))}</h1>\n')
        organisations = list(dict.fromkeys(p.organization for p in latest))
        if organisations:
            self.emit(f'<p class="subtitle">{h(" · ".join(organisations))}</p>\n')
        self.emit(nav())
        self.emit(f'<h2>{h(t("export.report.document_control"))}</h2>\n')
        self.emit(self._procedures(latest))
        self.emit(self._export_facts())
        self.emit("</header>\n")
        self.emit(self._verification())
        self.emit(f'<section id="timeline">\n<h2>{h(t("export.report.timeline"))}</h2>\n'
                  f'<p class="muted">{h(t("export.report.timeline_note"))}</p>\n'
                  '<table class="timeline">\n'
                  + head(("seq", "time", "cycle", "actor", "role", "area", "event", "activity", "states",
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
                        f'<td class="time">{time_tag(p.published_at)}</td><td>{sha(p.sha256)}</td></tr>\n')
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
        return f'<h3>{h(t("export.report.export"))}</h3>\n' + facts([
            ("generated_at", time_tag(context.generated_at)),
            ("generated_by", h(context.generated_by)),
            ("filters", h("; ".join(filters) if filters else t("export.report.no_filters"))),
        ])

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
            shown = [("events_in_log", verify.get("events")), ("evidence_checked", verify.get("evidence_files"))]
            if not verify.get("ok"):
                shown += [("first_bad_seq", verify.get("first_bad_seq")), ("problem", verify.get("problem"))]
            text += (facts([(k, h("—" if v is None else v)) for k, v in shown])
                     + f'<p class="muted">{h(t("export.report.verify_scope"))}</p>\n')
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
        return facts([("checkpoint_origin", f"<code>{h(signed.origin)}</code>"),
                      ("checkpoint_size", h(signed.size)),
                      ("checkpoint_head", f'<code class="sha">{h(signed.head)}</code>'),
                      ("checkpoint_time", time_tag(signed.time)),
                      ("checkpoint_key", f'<code class="sha">{h(signed.key)}</code>'),
                      ("checkpoint_signature", signature)])

    # -- one event at a time ---------------------------------------------------------------------
    def add(self, event: ExportEvent) -> None:
        if self.signed is not None and event.seq == self.signed.size:
            self.crosscheck = event.hash == self.signed.head
        if event.cycle_id is None:
            self.other_events += 1
            self.emit(other_row(event), self.others)
            return
        self.cycle_events += 1
        self.emit(timeline_row(event))
        summary = self.open.get(event.cycle_id)
        if summary is None:
            summary = self.open[event.cycle_id] = CycleSummary(cycle_id=event.cycle_id)
        summary.add(event)
        if event.to_state in TERMINAL_STATES:
            self._section(self.open.pop(event.cycle_id))

    def _section(self, summary: CycleSummary) -> None:
        """Render a cycle's section into its spool; the summary is dropped by the caller."""
        self.cycles += 1
        self.emit(section(summary, self.versions.get((summary.code or "", summary.version or ""))), self.sections)

    # -- after the last event ----------------------------------------------------------------------
    def finish(self) -> None:
        if self.cycle_events == 0:
            self.emit(f'<tr><td colspan="11" class="muted">{h(t("export.report.no_events"))}</td></tr>\n')
        self.emit("</tbody>\n</table>\n</section>\n")
        for summary in self.open.values():
            self._section(summary)
        self.open.clear()
        self._copy(self.sections)
        self.emit(f'<section id="other-events">\n<h2>{h(t("export.report.other_events"))}</h2>\n'
                  f'<p class="muted">{h(t("export.report.other_note"))}</p>\n')
        if self.other_events:
            self.emit('<table class="others">\n'
                      + head(("seq", "time", "actor", "role", "area", "event", "details", "note")) + "<tbody>\n")
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


def _latest(procedures: tuple[ProcedureHeader, ...]) -> list[ProcedureHeader]:
    """The version in force of each code: the one published last. The headers come in publication
    order (`ExportContext.procedures`), the same rule the service applies everywhere else; a clock
    that went backwards between two publications does not change which one is in force."""
    latest: dict[str, ProcedureHeader] = {}
    for procedure in procedures:
        latest[procedure.code] = procedure
    return [latest[code] for code in sorted(latest)]


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
