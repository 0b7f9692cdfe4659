"""The root of the `workflow` command, made the same way for the whole app and for one group
(`workflow.cli.entry`), so usage lines, help and errors are the same."""

from __future__ import annotations

import typer

from workflow.cli.errors import JsonUsageErrorsGroup
from workflow.i18n import t


def new_root() -> typer.Typer:
    return typer.Typer(cls=JsonUsageErrorsGroup, help=t("cli.help.app"), no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)
