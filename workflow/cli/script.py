"""Many commands, one process: `workflow run FILE|-` and `workflow shell`.

A person doing many steps in a row pays the start-up (the interpreter, the database stack, the command
line) once. Each line is the arguments of one `workflow` command, split as a POSIX shell splits words
(`shlex`), and runs through the very same command-line app as when typed alone: the same parsing, the
same checks, its own transaction and its own audit events, the same messages and the same exit code.

What lives between lines, and why it is safe to keep:
- one `Workflow` (`session.sharing`): its database engine and connections, and the published
  definitions it parsed, which are immutable and kept by their SHA-256; the person acting is the same
  for every line (the same environment). Every line opens its own transaction, which checks the schema
  again (a line may have run `db upgrade`) and reads everything it decides on afresh.
- nothing else: the language is set again from the environment before every line (a command that
  writes in another language puts it back), and standard output is flushed after each line so that
  what a line printed is never mixed up with the next line's.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from workflow.cli import session
from workflow.cli.errors import fail
from workflow.cli.shown import echo
from workflow.errors import UsageError
from workflow.i18n import detect_language, set_language, t

NESTED = ("run", "shell")  # a script runs commands, not more scripts


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    args: tuple[str, ...] = ()
    problem: str | None = None  # the line cannot be split into words (an unclosed quote)


@dataclass
class Outcome:
    line: Line
    exit_code: int
    stdout: str = ""
    stderr: str = ""
    result: Any = field(default=None)


def script_lines(text: str) -> list[Line]:
    """The commands of a script: every line that is not empty and does not start with `#`, split as a
    POSIX shell splits words (a `#` that begins a word starts a comment there too)."""
    lines: list[Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            args = tuple(shlex.split(stripped, comments=True))
        except ValueError as error:
            lines.append(Line(number, stripped, problem=str(error)))
            continue
        if args:
            lines.append(Line(number, stripped, args))
    return lines


def run_args(command: Any, args: Sequence[str]) -> int:
    """One command line, in this process, as `workflow ARGS...` would run it through `command` (the
    app's root click command); its exit code."""
    set_language(detect_language(os.environ))
    if args and args[0] in NESTED:
        with contextlib.suppress(typer.Exit):
            fail(UsageError("cli.script_nested", command=args[0]), "--json" in args)
        return UsageError.exit_code
    from workflow.cli.errors import _CLICK_EXCEPTION

    try:
        returned = command.main(args=list(args), prog_name="workflow", standalone_mode=False)
    except _CLICK_EXCEPTION as error:  # what our group leaves to click (help asked for by no arguments)
        error.show()  # type: ignore[attr-defined]
        returned = error.exit_code  # type: ignore[attr-defined]
    except SystemExit as error:  # a command that leaves by sys.exit
        returned = error.code if isinstance(error.code, int) else 1
    except typer.Abort:
        echo(t("cli.script_aborted"), err=True)
        returned = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return returned if isinstance(returned, int) else 0


def run_line(command: Any, line: Line, capture: bool = False) -> Outcome:
    """A script's line; with `capture`, what it printed is kept (for `run --json`) instead of shown."""
    if not capture:
        return Outcome(line, _run_or_refuse(command, line))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = _run_or_refuse(command, line)
    outcome = Outcome(line, code, out.getvalue(), err.getvalue())
    if "--json" in line.args:
        with contextlib.suppress(ValueError):
            outcome.result = json.loads(outcome.stdout)
    return outcome


def _run_or_refuse(command: Any, line: Line) -> int:
    if line.problem is not None:
        with contextlib.suppress(typer.Exit):
            fail(UsageError("cli.script_unsplittable", problem=line.problem), "--json" in line.text)
        return UsageError.exit_code
    return run_args(command, line.args)


def run_script(command: Any, lines: Sequence[Line], keep_going: bool, as_json: bool) -> int:
    """`workflow run`: each line in turn; stop at the first that does not exit 0 (naming it) and exit
    with its code, or with `keep_going` run them all and exit with the highest code."""
    outcomes: list[Outcome] = []
    stopped: Outcome | None = None
    with session.sharing():
        for line in lines:
            outcome = run_line(command, line, capture=as_json)
            outcomes.append(outcome)
            if outcome.exit_code != 0 and not keep_going:
                stopped = outcome
                break
    worst = max((o.exit_code for o in outcomes), default=0)
    if as_json:
        from workflow.cli.options import emit_json

        emit_json({"exit_code": worst, "lines": [_line_json(o) for o in outcomes],
                   "stopped_at": stopped.line.number if stopped else None, "run": len(outcomes),
                   "total": len(lines)})
    if stopped is not None:
        echo(t("cli.script_stopped", number=stopped.line.number, text=stopped.line.text, code=stopped.exit_code,
               left=len(lines) - len(outcomes)), err=True)
    elif worst != 0:
        failed = [o.line.number for o in outcomes if o.exit_code != 0]
        echo(t("cli.script_failed_lines", count=len(failed), lines=", ".join(map(str, failed)), code=worst),
             err=True)
    return worst


def _line_json(outcome: Outcome) -> dict[str, Any]:
    document: dict[str, Any] = {"line": outcome.line.number, "command": outcome.line.text,
                                "exit_code": outcome.exit_code}
    if outcome.result is not None:
        document["result"] = outcome.result
    else:
        document["output"] = outcome.stdout
    document["errors"] = outcome.stderr
    return document


def read_script(path: Path) -> str:
    """The script's text (`-`: standard input), or a usage error saying why it cannot be read."""
    if str(path) == "-":
        return sys.stdin.read()
    from workflow.core.named_files import UnreadableFile, read_named_file

    try:
        data = read_named_file(path, 16 * 1024 * 1024)
        return data.decode("utf-8")
    except UnreadableFile as refused:
        raise UsageError("cli.script_unreadable", path=str(path), reason=refused.reason()) from None
    except UnicodeDecodeError:
        raise UsageError("cli.script_not_utf8", path=str(path)) from None


@contextlib.contextmanager
def _history(home: Path) -> Iterator[None]:
    """readline's history of the shell, kept in WORKFLOW_HOME between sessions (where readline exists)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        yield
        return
    history = home / "shell_history"
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
