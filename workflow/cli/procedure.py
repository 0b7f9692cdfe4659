"""`workflow procedure ...`: validate, publish and look at procedure definitions.

`validate` and `schema` work on files alone and import nothing of the database stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from workflow.cli.errors import handled
from workflow.cli.options import (
    DiagramOption,
    ForceOption,
    JsonOption,
    OutputOption,
    drawn_as,
    emit_diagram,
    emit_json,
    guard_output,
    word,
)
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.errors import DefinitionInvalid
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.service.facade import Workflow

app = typer.Typer(help=t("cli.help.procedure"), no_args_is_help=True)

CodeArgument = Annotated[str, typer.Argument(metavar=word("code"), help=t("cli.arg.code"))]
VersionOption = Annotated[str | None, typer.Option("--version", metavar=word("version"), help=t("cli.opt.version"))]


@app.command("validate", help=t("cli.help.validate"))
def procedure_validate(paths: Annotated[list[Path], typer.Argument(metavar=word("file"), help=t("cli.arg.paths"))],
                       as_json: JsonOption = False) -> None:
    from workflow.core.loading import load_procedure_file
    from workflow.errors import Problem

    failed = False
    report: list[dict[str, Any]] = []
    for path in paths:
        problems: tuple[Problem, ...]
        try:
            loaded = load_procedure_file(path)
            problems = loaded.warnings
            summary = t("cli.valid", path=str(path), code=loaded.procedure.code,
                        version=loaded.procedure.version, count=len(loaded.procedure.activities))
        except DefinitionInvalid as invalid:
            failed = True
            problems = invalid.problems
            summary = None
        report.append({"path": str(path), "ok": summary is not None,
                       "problems": [{"line": p.line, "column": p.column, "severity": p.severity,
                                     "message": p.message.render()} for p in problems]})
        if not as_json:
            for problem in problems:
                echo(problem.render(), err=summary is None)
            if summary:
                echo(summary)
    if as_json:
        emit_json(report)
    raise typer.Exit(1 if failed else 0)


@app.command("publish", help=t("cli.help.publish"))
def procedure_publish(path: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.path"))],
                      as_json: JsonOption = False) -> None:
    from workflow.cli import render

    result = run(as_json, lambda flow: flow.publish(path))
    if as_json:
        emit_json(result.to_json())
    else:
        key = "cli.published" if result.changed else "cli.already_published"
        echo(t(key, code=result.code, version=result.version, sha=result.sha256[:12]))
        render.warnings(result.warnings)


@app.command("list", help=t("cli.help.procedure_list"))
def procedure_list(as_json: JsonOption = False) -> None:
    from workflow.cli import render

    rows = run(as_json, lambda flow: flow.procedures())
    if as_json:
        emit_json([r.to_json() for r in rows])
    else:
        render.procedure_list(rows)


@app.command("show", help=t("cli.help.procedure_show"))
def procedure_show(code: CodeArgument, version: VersionOption = None, as_json: JsonOption = False) -> None:
    from workflow.cli import render
    from workflow.service.views import procedure_json

    procedure, row = run(as_json, lambda flow: flow.procedure(code, version))
    if as_json:
        emit_json(procedure_json(procedure, row.sha256, row.published_at, row.published_by))
    else:
        render.procedure(procedure, row)


@app.command("diff", help=t("cli.help.procedure_diff"))
def procedure_diff(code: CodeArgument,
                   old: Annotated[str, typer.Argument(metavar="V1", help=t("cli.arg.version_old"))],
                   new: Annotated[str, typer.Argument(metavar="V2", help=t("cli.arg.version_new"))],
                   as_json: JsonOption = False) -> None:
    from workflow.authoring.diff import render_diff
    from workflow.cli import render
    from workflow.service import versions

    changes, dropped = run(as_json, lambda flow: versions.diff(flow, code, old, new))
    if as_json:
        emit_json([{"kind": c.kind, "subject": c.subject, "key": c.key, "text": c.render()} for c in changes]
                  + [{"kind": "in_use", "subject": d.subject, "key": d.id, "text": d.render(),
                      "staff": list(d.staff), "cycles": list(d.cycles)} for d in dropped])
        return
    lines = render_diff(changes)
    for line in lines:
        echo(line)
    if not lines:
        echo(t("diff.no_changes", old=old, new=new))
    render.warnings(d.message for d in dropped)


@app.command("diagram", help=t("cli.help.procedure_diagram"))
def procedure_diagram(code: CodeArgument, fmt: DiagramOption = "mermaid", version: VersionOption = None,
                      output: OutputOption = None, force: ForceOption = False) -> None:
    from workflow.authoring.diagram import procedure_diagram as draw

    def load(flow: Workflow) -> Any:
        guard_output(flow, output, force)
        return flow.procedure(code, version)[0]

    procedure = run(False, load)
    with handled():
        text = draw(procedure, drawn_as(fmt))  # type: ignore[arg-type]
        emit_diagram(text, fmt, output, force)


@app.command("schema", help=t("cli.help.procedure_schema"))
def procedure_schema() -> None:
    from workflow.authoring.json_schema import procedure_json_schema

    emit_json(procedure_json_schema())
