"""The reports on citizen requests, written as files (HTML, CSV, XLSX) in Spanish, from the requests.

`report channel` is the operating report of the virtual channel that activity 5 of MM-GAC-P-006 sends
to the Oficina TIC; with `cycle` it is attached to that cycle as its record `plataforma_digital` (in
its own transaction, after the file is written), so activity 5 completes with no hand-made file.
`report information-requests` (Decreto 1081 de 2015 art. 2.1.1.6.2) and `report semiannual` (Ley 1474
de 2011 art. 76) follow. Each carries the document-control header of the procedure whose record it is.
The figures come from the same documents `request list --json` gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from workflow.core import request_report as figures_of
from workflow.errors import UsageError
from workflow.exports.request_report import Chart, Report, Table, write_csv, write_html, write_xlsx
from workflow.i18n import t, using_language
from workflow.service import cycles, requests
from workflow.service.context import Context
from workflow.service.outputs import check_output
from workflow.storage.atomic import write_atomically

FORMATS: dict[str, Callable[[Report, BinaryIO], None]] = {"html": write_html, "csv": write_csv, "xlsx": write_xlsx}
RECORD = "plataforma_digital"
CHANNEL_PROCEDURE = "MM-GAC-P-006"


def _rows_and_calendar(ctx: Context) -> tuple[list[dict[str, Any]], Any]:
    rows = requests.listing(ctx)
    with ctx.reading() as tx:
        calendar = requests.procedure_calendar(ctx, tx)
    return rows, calendar


def _header(ctx: Context, code: str) -> tuple[tuple[str, str], ...]:
    """The document-control header of the procedure the report is a record of (the requests' one if that
    one is not published)."""
    with ctx.reading() as tx:
        row = tx.procedure(code) or tx.procedure(requests.PROCEDURE)
        if row is None:
            return ()
        procedure = ctx.definitions.of(row)
    last = procedure.change_control[-1]
    return ((t("report.h.organization"), procedure.organization.name), (t("report.h.process"), procedure.process),
            (t("report.h.procedure"), f"{procedure.code} · {procedure.title}"),
            (t("report.h.version"), f"{procedure.version} ({last.date})"),
            (t("report.h.source"), f"{requests.PROCEDURE} ({t('report.h.model')})"))


def _write(report: Report, fmt: str, output: Path) -> None:
    writer = FORMATS.get(fmt)
    if writer is None:
        raise UsageError("report.bad_format", format=fmt, formats=", ".join(FORMATS))
    write_atomically(output, lambda out: writer(report, out), overwrite=True)


def channel(ctx: Context, start: dt.date, end: dt.date, fmt: str, output: Path, cycle: str | None = None,
            force: bool = False) -> dict[str, Any]:
    """The operating report of the virtual channel over the requests received from `start` to `end`."""
    if end < start:
        raise UsageError("report.period_backwards", start=start.isoformat(), end=end.isoformat())
    check_output(ctx.settings, output, force)
    rows, calendar = _rows_and_calendar(ctx)
    figures = figures_of.channel_figures(rows, calendar, start, end)
    with using_language("es"):
        report = _channel_report(ctx, figures, t("report.channel.title"))
        _write(report, fmt, output)
        if cycle is not None:
            cycles.attach(ctx, cycle, cycles.EvidenceInput(output, RECORD),
                          note=t("report.channel.attached", start=start.isoformat(), end=end.isoformat()))
    return figures


def _channel_report(ctx: Context, figures: dict[str, Any], title: str) -> Report:
    received = figures["received"]
    share = f"{100 * figures['answered_on_time'] / figures['answered']:.1f} %" if figures["answered"] else "—"
    rows = (("received", received), ("answered", figures["answered"]),
            ("answered_on_time", figures["answered_on_time"]), ("on_time_share", share),
            ("overdue", figures["overdue"]), ("extended", figures["extended"]), ("forwarded", figures["forwarded"]),
            ("withdrawn", figures["withdrawn"]), ("median", figures["median_business_days"]),
            ("p90", figures["p90_business_days"]))
    overdue = tuple((o["radicado"], t(f"request.type.{o['type']}"), o["dependencia"] or "—", o["due_date"])
                    for o in figures["overdue_requests"])
    return Report(
        title=title, subtitle=t("report.period", start=figures["from"], end=figures["to"]),
        header=_header(ctx, CHANNEL_PROCEDURE),
        figures=tuple((t(f"report.f.{key}"), value) for key, value in rows),
        charts=(Chart(t("report.by_channel"), {t(f"request.channel.{k}"): v for k, v in figures["by_channel"].items()}),
                Chart(t("report.by_type"), {t(f"request.type.{k}"): v for k, v in figures["by_type"].items()}),
                Chart(t("report.by_dependencia"), {t("report.unassigned") if k == "-" else k: v
                                                   for k, v in figures["by_dependencia"].items()})),
        tables=(Table(t("report.overdue_named"), (t("report.col.radicado"), t("report.col.type"),
                                                  t("report.col.dependencia"), t("report.col.due")), overdue),),
        notes=(t("report.note.times"), t("report.note.source")))


def information(ctx: Context, start: dt.date, end: dt.date, fmt: str, output: Path,
                force: bool = False) -> dict[str, Any]:
    """Decreto 1081 de 2015 art. 2.1.1.6.2: requests for information received, forwarded, denied, and
    the response time of each."""
    check_output(ctx.settings, output, force)
    rows, calendar = _rows_and_calendar(ctx)
    figures = figures_of.information_figures(rows, calendar, start, end)
    with using_language("es"):
        each = tuple((r["radicado"], r["received_day"], t(f"request.state.{r['state']}"),
                      t(f"report.outcome.{r['outcome']}") if r["outcome"] else "—", r["response_business_days"],
                      t("report.yes") if r["granted_by_silence"] else "") for r in figures["requests"])
        report = Report(
            title=t("report.information.title"), subtitle=t("report.period", start=figures["from"], end=figures["to"]),
            header=_header(ctx, requests.PROCEDURE),
            figures=tuple((t(f"report.f.{k}"), figures[k]) for k in ("received", "forwarded", "denied", "answered")),
            tables=(Table(t("report.information.each"), (
                t("report.col.radicado"), t("report.col.received"), t("report.col.state"), t("report.outcome"),
                t("report.f.response_days"), t("report.col.silence")), each),),
            notes=(t("report.information.basis"), t("report.note.times")))
        _write(report, fmt, output)
    return figures


def semiannual(ctx: Context, semester: str, fmt: str, output: Path, force: bool = False) -> dict[str, Any]:
    """Ley 1474 de 2011 art. 76: the channel figures of a semester, the overdue requests named."""
    try:
        start, end = figures_of.semester(semester)
    except ValueError:
        raise UsageError("report.bad_semester", semester=semester) from None
    check_output(ctx.settings, output, force)
    rows, calendar = _rows_and_calendar(ctx)
    figures = figures_of.channel_figures(rows, calendar, start, end)
    with using_language("es"):
        report = _channel_report(ctx, figures, t("report.semiannual.title", semester=semester))
        report = Report(**{**report.__dict__, "notes": (*report.notes, t("report.semiannual.basis"))})
        _write(report, fmt, output)
    return figures
