"""The command line: a thin typer shell that parses, calls `workflow.service` and renders with rich.

The only package that may import typer or rich. `main` is the `workflow` console script.
"""

import os

from workflow.i18n import detect_language, set_language

# Before any command module is imported: they build their help texts, in this language, as they load.
set_language(detect_language(os.environ))

from workflow.cli.entry import main  # noqa: E402  (after the language, on purpose)

__all__ = ["main"]
