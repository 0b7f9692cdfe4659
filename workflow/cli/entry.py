"""`main`, the `workflow` console script: only the command group a person typed is loaded.

Typer builds the click command of every registered command on each start (reading every command
function's signature) and `workflow.cli.app` imports every group's module; a person typing one command
needs one group. So `main` builds a root with only that group when the first word names one of the
groups below, and hands everything else (the top-level commands, `--help`, a mistyped group, a group
added later and not listed here) to the whole app, which then says and does exactly what it always did.
The root is made by `workflow.cli.root.new_root` in both cases, so usage lines, help and errors are the same.

Within the group, only the command typed is built when the second word names one exactly (`cycle show`
builds `show`, not the fourteen commands of `cycle`: typer reads each one's signature and type hints);
anything else (`cycle --help`, `cycle shw`, no command) gets the whole group, so listing its commands and
suggesting the one meant work as always. A command's own parsing, help and errors do not depend on its
siblings.
"""

from __future__ import annotations

import copy
import sys
from importlib import import_module

import typer

from workflow.cli import startup
from workflow.cli.root import new_root

# Group name -> module whose `app` it is (as `workflow.cli.app` registers them).
GROUPS = {"procedure": "workflow.cli.procedure", "staff": "workflow.cli.staff", "cycle": "workflow.cli.cycle",
          "audit": "workflow.cli.audit", "db": "workflow.cli.db", "data": "workflow.cli.data",
          "mail": "workflow.cli.mail", "request": "workflow.cli.request", "report": "workflow.cli.report"}
# `catalog` is not here: its group gains reconcile and publish in `workflow.cli.app` (catalog_web.register).


def command_name(command: typer.models.CommandInfo) -> str:
    """The name typer gives a registered command (its own, or its function's, as typer derives it)."""
    return command.name or typer.main.get_command_name(getattr(command.callback, "__name__", ""))


def only(group: typer.Typer, name: str) -> typer.Typer:
    """`group` with only its command `name` registered, or `group` itself when no command has that name."""
    matching = [c for c in group.registered_commands if command_name(c) == name]
    if len(matching) != 1 or group.registered_groups:
        return group
    trimmed = copy.copy(group)  # the group's own settings (help, no_args_is_help...) as they are
    trimmed.registered_commands = matching
    return trimmed


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs `workflow ARGS...`: a root with the group typed (or only its command typed), or
    the whole app."""
    module = GROUPS.get(args[0] if args else "")
    if module is None:
        from workflow.cli.app import app

        return app
    root = new_root()
    root.add_typer(only(import_module(module).app, args[1] if len(args) > 1 else ""), name=args[0])
    return root


def main() -> None:
    startup.pause()
    app_for(sys.argv[1:])(prog_name="workflow")
