"""Many commands, one process: `workflow run FILE|-` and `workflow shell`, run in this process through the
command line (what a person or a script sees: exit codes, messages, the trail they leave)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import CODE, Office, write_file
from workflow.cli.app import app, root_command
from workflow.cli.script import script_lines
from workflow.cli.shell import completions
from workflow.service import auditing


class Terminal:
    def __init__(self, home: Path) -> None:
        self.env = {k: "" for k in os.environ if k.startswith("WORKFLOW_")}
        self.env.update(WORKFLOW_HOME=str(home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200")

    def __call__(self, *args: str, user: str = "ana", stdin: str | None = None, **env: str) -> Result:
        result = CliRunner().invoke(app, list(args), input=stdin, env={**self.env, "WORKFLOW_USER": user, **env})
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result


@pytest.fixture
def term(office: Office) -> Terminal:
    return Terminal(office.home)


def _events(office: Office) -> list[tuple[str, str | None, str]]:
    with office.as_user("admin").store.read() as tx:
        return [(e.type, e.cycle_id, e.actor) for e in tx.events()]


def test_lines_are_split_as_a_shell_splits_words_and_comments_are_skipped() -> None:
    lines = script_lines('# a comment\n\n  cycle complete X --note "revisada # sin falta"  # why\n'
                         "cycle attach X 'respuesta hacienda.eml' --record r\ncycle 'open\n")
    assert [(line.number, line.args) for line in lines[:2]] == [
        (3, ("cycle", "complete", "X", "--note", "revisada # sin falta")),
        (4, ("cycle", "attach", "X", "respuesta hacienda.eml", "--record", "r"))]
    assert lines[2].number == 5 and lines[2].problem


def test_a_script_runs_each_line_as_its_own_audited_command(term: Terminal, office: Office, tmp_path: Path) -> None:
    before = len(_events(office))
    script = write_file(tmp_path, "steps.txt", f"""# Revisión de diciembre
cycle start {CODE} --title "Revisión diciembre"
cycle complete {CODE}-0001 --activity 1 --note "Página revisada # toda"
cycle show {CODE}-0001 --json
""")
    result = term("run", str(script))
    assert result.exit_code == 0, result.output
    assert "activity 2" in result.stdout
    assert json.loads(result.stdout[result.stdout.index("{"):])["activity"] == 2
    assert _events(office)[before:] == [("cycle.started", f"{CODE}-0001", "ana"),
                                        ("activity.completed", f"{CODE}-0001", "ana")]
    assert office.as_user("ana").cycle(f"{CODE}-0001").history[-1].note == "Página revisada # toda"
    assert auditing.verify(office.as_user("admin")).ok


def test_the_first_line_that_fails_stops_the_script_with_its_code(term: Terminal, office: Office,
                                                                   tmp_path: Path) -> None:
    script = write_file(tmp_path, "steps.txt", f"""cycle start {CODE}
cycle complete {CODE}-0001 --activity 1
cycle complete {CODE}-0001 --activity 1
cycle start {CODE}
""")
    before = len(_events(office))
    result = term("run", str(script))
    assert result.exit_code == 3  # the conflict of line 3
    assert f"Stopped at line 3 (cycle complete {CODE}-0001 --activity 1): it exited 3" in result.stderr
    assert "1 line(s) after it were not run" in result.stderr
    assert len(_events(office)) == before + 2  # line 3 saved nothing, line 4 never ran
    assert [c.id for c in office.as_user("ana").cycles()] == [f"{CODE}-0001"]


def test_keep_going_runs_every_line_and_exits_with_the_highest_code(term: Terminal, office: Office,
                                                                     tmp_path: Path) -> None:
    script = write_file(tmp_path, "steps.txt", f"""cycle start {CODE}
cycle complete {CODE}-0001 --activity 2
cycle show NO-SUCH-CYCLE
cycle start {CODE}
""")
    result = term("run", "--keep-going", str(script))
    assert result.exit_code == 3  # line 2: a conflict (3); line 3: not found (1)
    assert "2 line(s) did not exit 0: 2, 3; exit code 3" in result.stderr
    assert [c.id for c in office.as_user("ana").cycles()] == [f"{CODE}-0001", f"{CODE}-0002"]


def test_json_gives_one_document_with_every_line(term: Terminal, tmp_path: Path) -> None:
    script = write_file(tmp_path, "steps.txt", f"cycle start {CODE} --json\ncycle show NO-SUCH --json\n"
                                               f"cycle list\n")
    result = term("run", "--json", "--keep-going", str(script))
    document: dict[str, Any] = json.loads(result.stdout)
    assert result.exit_code == 1 and document["exit_code"] == 1 and document["stopped_at"] is None
    first, second, third = document["lines"]
    assert (first["line"], first["exit_code"], first["result"]["id"]) == (1, 0, f"{CODE}-0001")
    assert second["exit_code"] == 1 and second["result"]["error"]["exit_code"] == 1
    assert third["exit_code"] == 0 and f"{CODE}-0001" in third["output"]


def test_standard_input_nested_scripts_and_unsplittable_lines(term: Terminal, office: Office) -> None:
    result = term("run", "-", stdin=f"cycle start {CODE}\nrun other.txt\ncycle start {CODE}\n")
    assert result.exit_code == 2 and "'run' cannot be used inside a script" in result.stderr
    assert len(office.as_user("ana").cycles()) == 1
    result = term("run", "-", stdin='cycle start "MM-GAC\n')
    assert result.exit_code == 2 and "cannot split the line into words" in result.stderr
    assert term("run", "missing.txt").exit_code == 2


def test_each_line_is_said_in_the_language_of_the_environment(term: Terminal, office: Office) -> None:
    result = term("run", "-", stdin="cycle show NO-SUCH\n", WORKFLOW_LANG="es")
    assert result.exit_code == 1 and "Detenido en la línea 1" in result.stderr


def test_the_shell_runs_lines_as_typed_and_leaves_with_the_last_code(term: Terminal, office: Office) -> None:
    result = term("shell", stdin=f"cycle start {CODE}\n\n# nada\ncycle complete {CODE}-0001 --activity 1\n"
                                 f"cycle complete {CODE}-0001 --activity 1\n")
    assert result.exit_code == 3 and "no longer at activity 1" in result.stderr
    assert _events(office)[-2:] == [("cycle.started", f"{CODE}-0001", "ana"),
                                    ("activity.completed", f"{CODE}-0001", "ana")]
    assert term("shell", stdin=f"cycle show {CODE}-0001\nexit\ncycle start {CODE}\n").exit_code == 0
    assert len(office.as_user("ana").cycles()) == 1  # nothing after `exit` ran


def test_the_shell_completes_commands_and_options() -> None:
    root = root_command()
    assert completions(root, [], "cy") == ["cycle "]
    assert "exit" in completions(root, [], "")
    assert completions(root, ["cycle"], "sh") == ["show "]
    assert completions(root, ["cycle", "complete", "X"], "--ac") == ["--activity "]
    assert "--json" in completions(root, ["cycle", "show", "X"], "--")
