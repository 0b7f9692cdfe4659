"""`workflow mail ...`: activity 2 by e-mail — the requests to each dependencia, and their answers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow.cli.options import JsonOption, emit_json, word
from workflow.cli.session import run
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
