"""`workflow report ...`: the reports on citizen requests the law asks for (HTML, CSV, XLSX; in Spanish)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from workflow.cli.options import ForceOption, JsonOption, emit_json, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("report.help.group"), no_args_is_help=True)

Day = Annotated[dt.datetime, typer.Option(metavar="YYYY-MM-DD", formats=["%Y-%m-%d"])]
From = Annotated[dt.datetime, typer.Option("--from", metavar="YYYY-MM-DD", formats=["%Y-%m-%d"],
                                           help=t("report.opt.from"))]
To = Annotated[dt.datetime, typer.Option("--to", metavar="YYYY-MM-DD", formats=["%Y-%m-%d"], help=t("report.opt.to"))]
Format = Annotated[str, typer.Option("--format", metavar="html|csv|xlsx", help=t("report.opt.format"))]
Output = Annotated[Path, typer.Option("-o", "--output", metavar=word("file"), help=t("report.opt.output"))]


def _done(figures: dict[str, Any], output: Path, as_json: bool) -> None:
    if as_json:
        emit_json(figures)
    else:
        echo(t("report.written", path=str(output), received=figures["received"]))


@app.command("channel", help=t("report.help.channel"))
def report_channel(start: From, end: To, output: Output, fmt: Format = "html",
                   cycle: Annotated[str | None, typer.Option("--cycle", metavar="ID", help=t("report.opt.cycle"))]
                   = None, force: ForceOption = False, as_json: JsonOption = False) -> None:
    from workflow.service import reports

    figures = run(as_json, lambda flow: reports.channel(flow, start.date(), end.date(), fmt, output, cycle, force))
    _done(figures, output, as_json)


@app.command("information-requests", help=t("report.help.information"))
def report_information(start: From, end: To, output: Output, fmt: Format = "html", force: ForceOption = False,
                       as_json: JsonOption = False) -> None:
    from workflow.service import reports

    figures = run(as_json, lambda flow: reports.information(flow, start.date(), end.date(), fmt, output, force))
    _done(figures, output, as_json)


@app.command("semiannual", help=t("report.help.semiannual"))
def report_semiannual(semester: Annotated[str, typer.Option("--semester", metavar="YYYY-1|YYYY-2",
                                                            help=t("report.opt.semester"))],
                      output: Output, fmt: Format = "html", force: ForceOption = False,
                      as_json: JsonOption = False) -> None:
    from workflow.service import reports

    figures = run(as_json, lambda flow: reports.semiannual(flow, semester, fmt, output, force))
    _done(figures, output, as_json)
