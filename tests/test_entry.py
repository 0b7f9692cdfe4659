"""The console script builds only the group typed, and in it only the command typed: a person sees the same
help, usage lines and errors as from the whole app."""

from __future__ import annotations

from importlib import import_module

import pytest
from typer.testing import CliRunner

from workflow.cli.app import app
from workflow.cli.entry import GROUPS, app_for, command_name

COMMANDS = [(group, command_name(c)) for group, module in GROUPS.items()
            for c in import_module(module).app.registered_commands]


def _said(args: list[str], whole: bool) -> tuple[int, str]:
    result = CliRunner().invoke(app if whole else app_for(args), args, prog_name="workflow")
    return result.exit_code, result.output


@pytest.mark.parametrize(("group", "command"), COMMANDS)
def test_a_command_alone_says_what_the_whole_app_says(group: str, command: str) -> None:
    for args in ([group, command, "--help"], [group, command, "--no-such-option"]):
        assert _said(args, whole=False) == _said(args, whole=True)


@pytest.mark.parametrize("args", [["cycle"], ["cycle", "--help"], ["cycle", "shw"], ["cycle", "--json", "show"],
                                  ["staff", "lst", "--json"], ["audit", "--help"]])
def test_a_group_without_one_of_its_commands_is_the_whole_group(args: list[str]) -> None:
    assert _said(args, whole=False) == _said(args, whole=True)


def test_only_the_command_typed_is_built() -> None:
    (cycle,) = app_for(["cycle", "show", "MM-GAC-P-006-0001"]).registered_groups
    assert cycle.typer_instance is not None
    assert [command_name(c) for c in cycle.typer_instance.registered_commands] == ["show"]
    assert len(import_module("workflow.cli.cycle").app.registered_commands) > 1  # the group itself is untouched
