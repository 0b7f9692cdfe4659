"""The `workflow` command: the root typer app, the command groups registered on it, and `main`.

Each group lives in its own module (`procedure`, `data`, `staff`, `cycle`, `audit`, `db`); they parse,
call the library and render, and no rule lives in any of them. Heavy modules (the database stack, the
service) are imported inside the commands that need them, so `workflow --help` and
`workflow procedure validate` start quickly and never touch a database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow.cli import audit, cycle, data, db, procedure, report, request, staff
from workflow.cli.errors import JsonUsageErrorsGroup, handled
from workflow.cli.options import word
from workflow.i18n import t

app = typer.Typer(cls=JsonUsageErrorsGroup, help=t("cli.help.app"), no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None)

app.command("init", help=t("cli.help.init"))(db.init)


@app.command(help=t("cli.help.demo"))
def demo(keep: Annotated[Path | None, typer.Option("--home", metavar=word("folder"), help=t("cli.opt.demo_home"))]
         = None) -> None:
    from workflow.cli import render
    from workflow.cli.demo import run_demo  # the whole library: only when the demo runs

    with handled():
        result = run_demo(keep)
    render.demo_result(result)


# In this order in `workflow --help`.
app.add_typer(procedure.app, name="procedure")
app.add_typer(staff.app, name="staff")
app.add_typer(cycle.app, name="cycle")
app.add_typer(audit.app, name="audit")
app.add_typer(db.app, name="db")
app.add_typer(data.app, name="data")
app.add_typer(request.app, name="request")
app.add_typer(report.app, name="report")


def main() -> None:
    app(prog_name="workflow")
