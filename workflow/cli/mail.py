"""`workflow mail ...`: activity 2 by e-mail — the requests to each dependencia, and their answers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from workflow.cli.options import ForceOption, JsonOption, emit_json, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("cli.help.mail"), no_args_is_help=True)

CycleRequired = Annotated[str, typer.Option("--cycle", metavar="ID", help=t("cli.opt.mail_cycle"))]


@app.command("import", help=t("cli.help.mail_import"))
def mail_import(path: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.mail_path"))],
                cycle: CycleRequired, as_json: JsonOption = False) -> None:
    from workflow.service import catalog_mail

    result = run(as_json, lambda flow: catalog_mail.import_mail(flow, path, cycle))
    if as_json:
        emit_json(result.to_json())
        return
    from workflow.cli import catalog_render

    catalog_render.mail_import(result)


@app.command("requests", help=t("cli.help.mail_requests"))
def mail_requests(cycle: CycleRequired,
                  output: Annotated[Path, typer.Option("-o", "--output", metavar=word("folder"),
                                                       help=t("cli.opt.mail_out"))],
                  sender: Annotated[str | None, typer.Option("--from", metavar=word("text"),
                                                             help=t("cli.opt.mail_from"))] = None,
                  force: ForceOption = False, as_json: JsonOption = False) -> None:
    from workflow.service import catalog_mail

    given = sender if sender is not None else os.environ.get("WORKFLOW_MAIL_FROM")
    written = run(as_json, lambda flow: catalog_mail.write_requests(flow, cycle, output, given, force))
    if as_json:
        emit_json([w.to_json() for w in written])
        return
    for request in written:
        key = "cli.mail_request_written" if request.to else "cli.mail_request_no_address"
        echo(t(key, path=str(request.path), name=request.name, entries=request.entries, to=", ".join(request.to)))
