"""The command line: a thin typer shell that parses, calls `workflow.service` and renders with rich.

The only package that may import typer or rich. `main` is the `workflow` console script.
"""

from workflow.cli.app import main

__all__ = ["main"]
