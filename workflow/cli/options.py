"""The options every command group shares, defined once: `--json`, `-o/--output`, `--format` of diagrams,
and the helpers that write what they ask for.

One definition per option keeps the spelling, the help text and the behaviour identical everywhere a
script may pass it (the contract promises `--json` on every read command).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from workflow.cli.shown import echo, undecodable
from workflow.errors import UsageError
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.service.facade import Workflow

_WORDS = {kind: f"cli.metavar.{kind}" for kind in (
    "file", "folder", "text", "number", "code", "login", "version", "format", "state", "record", "item", "date",
    "kind", "class", "area", "role", "map")}


def word(kind: str) -> str:
    """A value's placeholder in help and usage lines, in the person's words: ARCHIVO, FECHA, ID..."""
    return t(_WORDS[kind])


JsonOption = Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))]

# A list command's table shows the latest this many rows unless --limit says otherwise (thousands of rows
# help nobody and take seconds to draw); --json lists every row unless told, as it always has.
TABLE_LIMIT = 100


def limit_option(help_key: str) -> Any:
    return typer.Option("--limit", metavar="N", min=0, help=t(help_key, n=TABLE_LIMIT))


def listed_limit(limit: int | None, as_json: bool) -> int | None:
    """How many of the latest rows a list command shows: `--limit N` (0: all), else the table's
    TABLE_LIMIT and JSON all. None: all."""
    if limit is None:
        return None if as_json else TABLE_LIMIT
    return limit or None
DiagramOption = Annotated[str, typer.Option("--format", metavar=word("format"), help=t("cli.opt.diagram_format"))]
DIAGRAM_FORMATS = ("mermaid", "dot", "svg")


def output_option(help_key: str) -> Any:
    """`-o/--output FILE`, with the help text of the command that writes it (the file differs)."""
    return typer.Option("-o", "--output", metavar=word("file"), help=t(help_key))


OutputOption = Annotated[Path | None, output_option("cli.opt.diagram_out")]  # optional: stdout without it
ForceOption = Annotated[bool, typer.Option("--force", help=t("cli.opt.force"))]


def guard_output(flow: Workflow, output: Path | None, force: bool) -> None:
    """Before any work: refuse an `-o` over what the program reads, or over an existing file without
    `--force` (the library's own rule, `workflow.service.outputs`)."""
    from workflow.service.outputs import check_output

    if output is not None:
        check_output(flow.settings, output, force)


def emit_json(document: Any) -> None:
    """One JSON document on stdout: the only thing a `--json` command prints there."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if undecodable(text):  # a lone surrogate (from a forged event's `\\ud800`) is no UTF-8: escape it all
        text = json.dumps(document, ensure_ascii=True, indent=2)
    sys.stdout.write(text + "\n")


def write_output(content: bytes, output: Path | None, force: bool = False) -> None:
    """`content` to the file of `-o` (atomically, replacing a file only with `force`; said on stderr) or,
    without `-o`, to stdout."""
    from workflow.storage.atomic import write_atomically

    if output is not None:
        write_atomically(output, content, overwrite=force)
        echo(t("cli.written", path=str(output)), err=True)
    else:
        sys.stdout.buffer.write(content if content.endswith(b"\n") else content + b"\n")


def drawn_as(fmt: str) -> str:
    """The format a diagram is drawn in: SVG is rendered from Graphviz dot."""
    return "dot" if fmt == "svg" else fmt


def emit_diagram(text: str, fmt: str, output: Path | None, force: bool = False) -> None:
    """A drawn diagram (Mermaid or dot text) in the asked format, to `-o` or stdout."""
    from workflow.authoring.diagram import render_svg

    if fmt not in DIAGRAM_FORMATS:
        raise UsageError("cli.bad_diagram_format", format=fmt)
    write_output(render_svg(text) if fmt == "svg" else text.encode("utf-8"), output, force)
