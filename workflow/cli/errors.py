"""The one error handler of the command line: what went wrong becomes one message and the contract's
exit code, never a traceback.

- A `WorkflowError` (the library already turned driver errors into these) is said on stderr; with
  `--json` its JSON error document also goes to stdout. The exit code is the exception class's own
  (`workflow.errors`): 1 refused, 2 usage, 3 conflict.

The error document: `{"error": {"exit_code": N, "message": TEXT}}`, plus `"problems"` (PATH:LINE:COL
lines) for an invalid procedure file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer

from workflow.cli.options import emit_json
from workflow.errors import DefinitionInvalid, WorkflowError


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
        # Last resort for a file or folder the service touches itself (the home folder `init` creates,
        # the signing key's folder): storage already says what it could not write or open, but a path a
        # person typed must still end in a sentence, not a traceback.
        fail(WorkflowError("cli.os_error", detail=f"{error.strerror or error} ({error.filename or ''})"),
             as_json)
