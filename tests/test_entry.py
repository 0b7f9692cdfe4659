"""The console script builds only the group typed, and in it only the command typed: a person sees the same
help, usage lines and errors as from the whole app."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
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


def test_code_that_imports_the_cli_keeps_its_collector(tmp_path: Path) -> None:
    """Only the console script pauses the collector and freezes what start-up made; a test or a script
    that runs the CLI in its own process keeps the collector as it had it."""
    import gc

    before = gc.get_freeze_count()
    result = CliRunner().invoke(app, ["cycle", "list", "--json"],
                                env={"WORKFLOW_HOME": str(tmp_path), "WORKFLOW_USER": "ana"})
    assert result.exit_code == 1 and "workflow init" in result.output  # it did open the library
    assert gc.isenabled() and gc.get_freeze_count() == before


@pytest.mark.parametrize(("argv", "resumed"), [(["cycle", "list", "--json"], True), (["--help"], False)])
def test_the_console_script_resumes_the_collector_once_the_library_is_loaded(tmp_path: Path, argv: list[str],
                                                                             resumed: bool) -> None:
    """After start-up the collector runs as usual (a long command frees its garbage), with what start-up
    made frozen out of its passes; a command that never opens the library ends before that matters."""
    code = ("import gc, os, sys\n"
            f"os.environ.update(WORKFLOW_HOME={str(tmp_path)!r}, WORKFLOW_USER='ana')\n"
            f"sys.argv = ['workflow', *{argv!r}]\n"
            "from workflow.cli.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == f"{resumed} {resumed}", done.stderr
