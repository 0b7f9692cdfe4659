"""How a command opens the library: settings from the environment, the one error handler around the
call, and the warning about a WORKFLOW_USER that PostgreSQL does not obey.

The service is imported inside `open_workflow`, not at the top, so that `workflow --help` and
`workflow procedure validate` never load the database stack.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from workflow.cli import startup
from workflow.cli.errors import handled
from workflow.cli.shown import echo
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.service.facade import Workflow

Result = TypeVar("Result")


def open_workflow() -> Workflow:
    from workflow.service.facade import Workflow
    from workflow.settings import Settings

    startup.loaded()  # the library is imported: see `workflow.cli.startup`
    return Workflow(Settings.from_environ())


class _Shared:
    """The one `Workflow` of `workflow run` and `workflow shell`, opened by the first line that needs it."""

    active = False
    flow: Workflow | None = None


@contextmanager
def sharing() -> Iterator[None]:
    """While inside, every command of this process acts through one `Workflow` (its engine, its
    connections, its parsed definitions), closed at the end; each command keeps its own transaction."""
    startup.loaded()  # a long-lived process: the collector runs as usual from here on
    _Shared.active, _Shared.flow = True, None
    try:
        yield
    finally:
        flow, _Shared.active, _Shared.flow = _Shared.flow, False, None
        if flow is not None:
            flow.close()


def run(as_json: bool, action: Callable[[Workflow], Result]) -> Result:
    """`action` on a library opened for this command, its errors said the contract's way."""
    if not _Shared.active:
        with handled(as_json), open_workflow() as flow:
            warn_ignored_user(flow)
            return action(flow)
    with handled(as_json):
        if _Shared.flow is None:
            _Shared.flow = open_workflow()
        warn_ignored_user(_Shared.flow)
        return action(_Shared.flow)


def warn_ignored_user(flow: Workflow) -> None:
    """On PostgreSQL the database's session user acts; a different WORKFLOW_USER is not obeyed."""
    declared = os.environ.get("WORKFLOW_USER", "").strip()
    if declared and not flow.settings.embedded and declared != flow.login():
        echo(t("cli.user_ignored", declared=declared, actual=flow.login()), err=True)
