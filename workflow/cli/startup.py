"""The cyclic garbage collector while a `workflow` process starts.

Starting a command means importing typer, pydantic, SQLAlchemy, sqlmodel and our own modules: a few
hundred thousand objects (modules, classes, functions, the command line) that live as long as the
process and are never garbage. The collector does not know that: it walks them again and again while
they are made, and once more, all of them, when the interpreter exits. For a one-shot command that is
about a fifth of its time, and frees nothing.

So the console script pauses the collector first thing (`pause`), and once the command has loaded the
library (`loaded`, called where the CLI opens it) everything that exists by then is frozen out of the
collector's sight (`gc.freeze`) and the collector runs again as usual for whatever the command makes
from then on: its rows, its texts, its connections, each freed as ever. A process that never opens
the library (`--help`, `procedure validate`) is over before it would matter. Only a process that called
`pause` is ever frozen: code that imports the CLI (tests, a script) keeps its collector as it was.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Called by the console script before anything else it does."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def loaded() -> None:
    """The library is loaded: what exists now lives as long as the process. Resume the collector, with
    all of it frozen out of its passes (idempotent; nothing if `pause` did not pause it)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
