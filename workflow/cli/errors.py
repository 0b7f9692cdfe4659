"""The one error handler of the command line: what went wrong becomes one message and the contract's
exit code, never a traceback.

- A `WorkflowError` (the library already turned driver errors into these) is said on stderr; with
  `--json` its JSON error document also goes to stdout. The exit code is the exception class's own
  (`workflow.errors`): 1 refused, 2 usage, 3 conflict.
- A usage error that typer finds while parsing (missing argument, bad value, unknown option or command)
  is said as click would say it, in the person's language (`frame`); with `--json` on the command line
  the same JSON error document goes to stdout as well, so a script reads one shape whatever failed.

The error document: `{"error": {"exit_code": N, "message": TEXT}}`, plus `"problems"` (PATH:LINE:COL
lines) for an invalid procedure file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn, Protocol, cast

import typer
from typer.core import TyperGroup

from workflow.cli import frame
from workflow.cli.options import emit_json
from workflow.cli.shown import undecodable
from workflow.errors import DefinitionInvalid, UsageError, WorkflowError

_JSON_META = "workflow.json"  # in click's context meta: whether --json was on the command line


def error_document(exit_code: int, message: str, problems: list[str] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"exit_code": exit_code, "message": message}
    if problems is not None:
        error["problems"] = problems
    return {"error": error}


def fail(error: WorkflowError, as_json: bool) -> NoReturn:
    from workflow.cli import render

    if as_json:
        problems = [p.render() for p in error.problems] if isinstance(error, DefinitionInvalid) else None
        emit_json(error_document(error.exit_code, str(error), problems))
    render.error(error)
    raise typer.Exit(error.exit_code)


@contextmanager
def handled(as_json: bool = False) -> Iterator[None]:
    """Around everything a command asks of the library."""
    try:
        yield
    except WorkflowError as error:
        fail(error, as_json)
    except OSError as error:
        # Last resort: storage already says what it could not write, make or open, but any path a person
        # typed that something still reads unguarded must end in a sentence, not a traceback.
        fail(WorkflowError("cli.os_error", detail=f"{error.strerror or error} ({error.filename or ''})"),
             as_json)


# -- text that is not text -----------------------------------------------------------------------
def _as_typed(value: str) -> str:
    """`value` with the bytes that were not UTF-8 written as `\\xNN`, as a person can read it."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: only an in-process caller makes one
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def refuse_undecodable(args: list[str], environ: Mapping[str, str], as_json: bool) -> None:
    """Exit 2, before anything runs, when an argument or a WORKFLOW_* variable is not valid UTF-8:
    every text the command would store or look up must be text."""
    for arg in args:
        if undecodable(arg):
            fail(UsageError("cli.argument_not_utf8", value=_as_typed(arg)), as_json)
    for name in sorted(environ):
        if name.startswith("WORKFLOW_") and undecodable(environ[name]):
            fail(UsageError("cli.environment_not_utf8", name=name, value=_as_typed(environ[name])), as_json)


# -- usage errors found by typer/click before (or instead of) running the command ------------------
class _ClickError(Protocol):
    """What the CLI uses of click's ClickException."""

    exit_code: int

    def format_message(self) -> str: ...

    def show(self) -> None: ...


def _click_exception() -> type[Exception]:
    # Newer typer vendors click and older typer depends on it, so its root exception lives in a module
    # whose name depends on the version; reach it through the public `typer.BadParameter`.
    for klass in typer.BadParameter.__mro__:
        if klass.__name__ == "ClickException":
            return cast(type[Exception], klass)
    raise RuntimeError("typer.BadParameter does not derive from click's ClickException")


_CLICK_EXCEPTION = _click_exception()


def wants_json(args: list[str]) -> bool:
    """Whether `--json` is among the arguments (before a `--`, after which everything is an operand)."""
    return "--json" in (args[:args.index("--")] if "--" in args else args)


@contextmanager
def _usage_errors(as_json: bool) -> Iterator[None]:
    try:
        yield
    except _CLICK_EXCEPTION as error:
        usage = cast(_ClickError, error)
        asks_for_help = type(error).__name__ == "NoArgsIsHelpError"  # its "message" is the help itself
        if asks_for_help and not as_json:
            raise
        message = usage.format_message() if asks_for_help else frame.error_message(error)
        if as_json:
            emit_json(error_document(usage.exit_code, message))
        if asks_for_help:
            usage.show()
        else:
            frame.show_usage_error(error)  # on stderr, as every other error is said there too
        raise typer.Exit(usage.exit_code) from None


class JsonUsageErrorsGroup(TyperGroup):
    """The root command: every parsing error of the root, of a group or of a command (and a
    `typer.BadParameter` a command raises) happens inside its `make_context` or `invoke`.

    Contexts are typed `Any`: their class is click's, whose module depends on typer's version (above)."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        frame.translate_help(self)  # every command's help and usage line in the person's words
        as_json = wants_json(args)  # before parsing, which consumes `args`
        if parent is None:
            refuse_undecodable(args, os.environ, as_json)
        with _usage_errors(as_json):
            context = super().make_context(info_name, args, parent, **extra)
        context.meta[_JSON_META] = as_json
        return context

    def invoke(self, ctx: Any) -> Any:
        with _usage_errors(bool(ctx.meta.get(_JSON_META, False))):
            return super().invoke(ctx)
