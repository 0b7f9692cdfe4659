"""The `workflow` command: the root typer app, the command groups registered on it, and `main`.

Each group lives in its own module (`procedure`, `data`, `staff`, `cycle`, `audit`, `db`); they parse,
call the library and render, and no rule lives in any of them. Heavy modules (the database stack, the
service) are imported inside the commands that need them, so `workflow --help` and
`workflow procedure validate` start quickly and never touch a database.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer

from workflow.cli import audit, catalog, catalog_web, cycle, data, db, mail, procedure, report, request, staff
from workflow.cli.errors import handled
from workflow.cli.options import JsonOption, word
from workflow.cli.root import new_root
from workflow.i18n import t

app = new_root()

app.command("init", help=t("cli.help.init"))(db.init)


@app.command(help=t("cli.help.demo"))
def demo(keep: Annotated[Path | None, typer.Option("--home", metavar=word("folder"), help=t("cli.opt.demo_home"))]
         = None) -> None:
    from workflow.cli import render, startup
    from workflow.cli.demo import run_demo  # the whole library: only when the demo runs

    startup.loaded()
    with handled():
        result = run_demo(keep)
    render.demo_result(result)


@app.command("run", help=t("cli.help.run"))
def run_file(file: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.script"), allow_dash=True)],
             keep_going: Annotated[bool, typer.Option("--keep-going", help=t("cli.opt.keep_going"))] = False,
             as_json: JsonOption = False) -> None:
    from workflow.cli import script

    with handled(as_json):
        lines = script.script_lines(script.read_script(file))
    raise typer.Exit(script.run_script(root_command(), lines, keep_going, as_json))


@app.command("shell", help=t("cli.help.shell"))
def shell() -> None:
    from workflow.cli.shell import run_shell

    raise typer.Exit(run_shell(root_command()))


# In this order in `workflow --help`.
app.add_typer(procedure.app, name="procedure")
app.add_typer(staff.app, name="staff")
app.add_typer(cycle.app, name="cycle")
app.add_typer(audit.app, name="audit")
app.add_typer(db.app, name="db")
app.add_typer(data.app, name="data")
app.add_typer(catalog.app, name="catalog")
catalog_web.register(catalog.app)  # reconcile and publish: activities 1 and 4
app.add_typer(mail.app, name="mail")
app.add_typer(request.app, name="request")
app.add_typer(report.app, name="report")


@cache
def root_command() -> Any:
    """The click command behind the whole app, built once (typer builds a new one on every call): what
    `run` and `shell` run each line through."""
    return typer.main.get_command(app)


def main() -> None:
    """The whole app (the console script's `main` is `workflow.cli.entry.main`, which loads only the
    group typed)."""
    app(prog_name="workflow")
