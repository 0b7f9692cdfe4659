"""`workflow data ...`: organisation data that procedures refer to (item lists, calendars)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow.cli.options import JsonOption, emit_json, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("cli.help.data"), no_args_is_help=True)


@app.command("publish", help=t("cli.help.data_publish"))
def data_publish(path: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.data_path"))],
                 kind: Annotated[str, typer.Option("--kind", metavar=word("kind"),
                                                   help=t("cli.opt.data_kind"))] = "list",
                 as_json: JsonOption = False) -> None:
    kind_id, name, sha, changed = run(as_json, lambda flow: flow.publish_data(path, kind))
    if as_json:
        emit_json({"kind": kind_id, "name": name, "sha256": sha, "published": changed})
    else:
        echo(t("cli.data_published" if changed else "cli.data_unchanged", name=name, sha=sha[:12]))
