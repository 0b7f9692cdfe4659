"""`main`, the `workflow` console script: only the command group a person typed is loaded.

Typer builds the click command of every registered command on each start (reading every command
function's signature) and `workflow.cli.app` imports every group's module; a person typing one command
needs one group. So `main` builds a root with only that group when the first word names one of the
groups below, and hands everything else (the top-level commands, `--help`, a mistyped group, a group
added later and not listed here) to the whole app, which then says and does exactly what it always did.
The root is made by `workflow.cli.root.new_root` in both cases, so usage lines, help and errors are the same.
"""

from __future__ import annotations

import sys
from importlib import import_module

from workflow.cli.root import new_root

# Group name -> module whose `app` it is (as `workflow.cli.app` registers them).
GROUPS = {"procedure": "workflow.cli.procedure", "staff": "workflow.cli.staff", "cycle": "workflow.cli.cycle",
          "audit": "workflow.cli.audit", "db": "workflow.cli.db", "data": "workflow.cli.data",
          "mail": "workflow.cli.mail", "request": "workflow.cli.request", "report": "workflow.cli.report"}
# `catalog` is not here: its group gains reconcile and publish in `workflow.cli.app` (catalog_web.register).


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    module = GROUPS.get(name)
    if module is None:
        from workflow.cli.app import app

        app(prog_name="workflow")
        return
    root = new_root()
    root.add_typer(import_module(module).app, name=name)
    root(prog_name="workflow")
