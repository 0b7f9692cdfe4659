"""`workflow staff ...`: who works in which area with which role."""

from __future__ import annotations

from typing import Annotated

import typer

from workflow.cli.options import JsonOption, emit_json, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("cli.help.staff"), no_args_is_help=True)


@app.command("add", help=t("cli.help.staff_add"))
def staff_add(login: Annotated[str, typer.Argument(metavar=word("login"), help=t("cli.arg.login"))],
              area: Annotated[str, typer.Option("--area", metavar=word("area"), help=t("cli.opt.area"))],
              role: Annotated[str, typer.Option("--role", metavar=word("role"), help=t("cli.opt.role"))],
              name: Annotated[str | None, typer.Option("--name", metavar=word("text"), help=t("cli.opt.name"))] = None,
              as_json: JsonOption = False) -> None:
    view = run(as_json, lambda flow: flow.add_staff(login, area, role, name))
    if as_json:
        emit_json(view.to_json())
    else:
        echo(t("cli.staff_added" if view.created else "cli.staff_saved", login=view.login,
                     name=view.name, area=view.area_name or view.area, role=view.role_name or view.role))


@app.command("list", help=t("cli.help.staff_list"))
def staff_list(as_json: JsonOption = False) -> None:
    from workflow.cli import render

    rows = run(as_json, lambda flow: flow.staff())
    if as_json:
        emit_json([r.to_json() for r in rows])
    else:
        render.staff_list(rows)
