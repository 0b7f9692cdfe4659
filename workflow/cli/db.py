"""`workflow init` and `workflow db ...`: create, upgrade and grant access to the database."""

from __future__ import annotations

from typing import Annotated

import typer

from workflow.cli.options import JsonOption, emit_json, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("cli.help.db"), no_args_is_help=True)


# Registered at the top level by `workflow.cli.app` (people type `workflow init`), kept here beside
# `db upgrade` because both create or upgrade the schema.
def init(name: Annotated[str | None, typer.Option("--name", metavar=word("text"), help=t("cli.opt.name"))] = None,
         as_json: JsonOption = False) -> None:
    from workflow.cli import render

    result = run(as_json, lambda flow: flow.init(name=name))
    if as_json:
        emit_json(result.to_json())
    else:
        render.init_result(result)


@app.command("upgrade", help=t("cli.help.db_upgrade"))
def db_upgrade() -> None:
    revision = run(False, lambda flow: flow.upgrade())
    echo(t("cli.db_upgraded", revision=revision))


@app.command("grant", help=t("cli.help.db_grant"))
def db_grant(login: Annotated[str, typer.Argument(metavar=word("login"), help=t("cli.arg.login"))],
             as_: Annotated[str, typer.Option("--as", metavar=word("class"), help=t("cli.opt.grant_as"))],
             as_json: JsonOption = False) -> None:
    from workflow.service import access

    created = run(as_json, lambda flow: access.grant(flow, login, as_))
    if as_json:
        emit_json({"login": login, "class": as_, "created": created})
    else:
        echo(t("cli.granted_new" if created else "cli.granted", login=login, klass=as_))
