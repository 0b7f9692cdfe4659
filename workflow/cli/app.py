"""The `workflow` command: parse, call the library, render. No rule lives here.

Heavy modules (the database stack, the service) are imported inside the commands that need them, so
`workflow --help` and `workflow procedure validate` start quickly and never touch a database.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from workflow.errors import Conflict, DefinitionInvalid, UsageError, WorkflowError
from workflow.i18n import detect_language, set_language, t

if TYPE_CHECKING:
    from workflow.service.facade import Workflow

set_language(detect_language(os.environ))

app = typer.Typer(help=t("cli.help.app"), no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None)
procedure_app = typer.Typer(help=t("cli.help.procedure"), no_args_is_help=True)
staff_app = typer.Typer(help=t("cli.help.staff"), no_args_is_help=True)
cycle_app = typer.Typer(help=t("cli.help.cycle"), no_args_is_help=True)
audit_app = typer.Typer(help=t("cli.help.audit"), no_args_is_help=True)
db_app = typer.Typer(help=t("cli.help.db"), no_args_is_help=True)
app.add_typer(procedure_app, name="procedure")
app.add_typer(staff_app, name="staff")
app.add_typer(cycle_app, name="cycle")
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")

JsonOption = Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))]


def _emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _fail(error: WorkflowError, as_json: bool) -> NoReturn:
    from workflow.cli import render

    if as_json:
        document: dict[str, Any] = {"error": {"exit_code": error.exit_code, "message": str(error)}}
        if isinstance(error, DefinitionInvalid):
            document["error"]["problems"] = [p.render() for p in error.problems]
        _emit_json(document)
    render.error(error)
    raise typer.Exit(error.exit_code)


@contextmanager
def _handled(as_json: bool = False) -> Iterator[None]:
    """The one place where library errors become messages and exit codes."""
    try:
        yield
    except WorkflowError as error:
        _fail(error, as_json)
    except OSError as error:
        _fail(WorkflowError("cli.os_error", detail=f"{error.strerror or error} ({error.filename or ''})"),
              as_json)
    except Exception as error:  # database errors and the like: no traceback, but the facts
        translated = _translate_foreign(error)
        if translated is None:
            raise
        _fail(translated, as_json)


def _translate_foreign(error: Exception) -> WorkflowError | None:
    """Errors of the database driver, said in the user's words."""
    module = type(error).__module__
    if not module.startswith("sqlalchemy"):
        return None
    original = getattr(error, "orig", error)
    text = str(original)
    sqlstate = getattr(original, "sqlstate", None) or ""
    # lock timeout, deadlock, serialization failure: someone else got there first; nothing was saved
    if sqlstate in ("55P03", "40P01", "40001") or "database is locked" in text:
        return Conflict("cli.db_busy")
    if sqlstate == "42501":
        return WorkflowError("cli.db_privilege", detail=text.splitlines()[0])
    return WorkflowError("cli.db_error", detail=text.splitlines()[0] if text else type(error).__name__)


def _workflow() -> Workflow:
    from workflow.service.facade import Workflow
    from workflow.settings import Settings

    return Workflow(Settings.from_environ())


def _run(as_json: bool, action: Callable[[Workflow], Any]) -> Any:
    with _handled(as_json), _workflow() as flow:
        _warn_ignored_user(flow)
        return action(flow)


def _warn_ignored_user(flow: Workflow) -> None:
    """On PostgreSQL the database's session user acts; a different WORKFLOW_USER is not obeyed."""
    declared = os.environ.get("WORKFLOW_USER", "").strip()
    if declared and not flow.settings.embedded and declared != flow.login():
        typer.echo(t("cli.user_ignored", declared=declared, actual=flow.login()), err=True)


# -- top level ------------------------------------------------------------------------------------
@app.command(help=t("cli.help.init"))
def init(name: Annotated[str | None, typer.Option("--name", help=t("cli.opt.name"))] = None,
         as_json: JsonOption = False) -> None:
    from workflow.cli import render

    result = _run(as_json, lambda flow: flow.init(name=name))
    if as_json:
        _emit_json(result.to_json())
    else:
        render.init_result(result)


@app.command(help=t("cli.help.demo"))
def demo(keep: Annotated[Path | None, typer.Option("--home", help=t("cli.opt.demo_home"))] = None) -> None:
    from workflow.cli import render
    from workflow.cli.demo import run_demo

    with _handled():
        result = run_demo(keep)
    render.demo_result(result)


# -- procedures -----------------------------------------------------------------------------------
@procedure_app.command("validate", help=t("cli.help.validate"))
def procedure_validate(paths: Annotated[list[Path], typer.Argument(help=t("cli.arg.paths"))],
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
                typer.echo(problem.render(), err=summary is None)
            if summary:
                typer.echo(summary)
    if as_json:
        _emit_json(report)
    raise typer.Exit(1 if failed else 0)


@procedure_app.command("publish", help=t("cli.help.publish"))
def procedure_publish(path: Annotated[Path, typer.Argument(help=t("cli.arg.path"))],
                      as_json: JsonOption = False) -> None:
    result = _run(as_json, lambda flow: flow.publish(path))
    if as_json:
        _emit_json(result.to_json())
    else:
        key = "cli.published" if result.changed else "cli.already_published"
        typer.echo(t(key, code=result.code, version=result.version, sha=result.sha256[:12]))


@procedure_app.command("list", help=t("cli.help.procedure_list"))
def procedure_list(as_json: JsonOption = False) -> None:
    from workflow.cli import render

    rows = _run(as_json, lambda flow: flow.procedures())
    if as_json:
        _emit_json([r.to_json() for r in rows])
    else:
        render.procedure_list(rows)


@procedure_app.command("show", help=t("cli.help.procedure_show"))
def procedure_show(code: Annotated[str, typer.Argument(help=t("cli.arg.code"))],
                   version: Annotated[str | None, typer.Option("--version", help=t("cli.opt.version"))] = None,
                   as_json: JsonOption = False) -> None:
    from workflow.cli import render
    from workflow.service.views import procedure_json

    procedure, row = _run(as_json, lambda flow: flow.procedure(code, version))
    if as_json:
        _emit_json(procedure_json(procedure, row.sha256, row.published_at, row.published_by))
    else:
        render.procedure(procedure, row)


@procedure_app.command("diff", help=t("cli.help.procedure_diff"))
def procedure_diff(code: Annotated[str, typer.Argument(help=t("cli.arg.code"))],
                   old: Annotated[str, typer.Argument(metavar="V1", help=t("cli.arg.version_old"))],
                   new: Annotated[str, typer.Argument(metavar="V2", help=t("cli.arg.version_new"))],
                   as_json: JsonOption = False) -> None:
    from workflow.authoring.diff import diff_procedures, render_diff

    def compare(flow: Workflow) -> list[Any]:
        return diff_procedures(flow.procedure(code, old)[0], flow.procedure(code, new)[0])

    changes = _run(as_json, compare)
    if as_json:
        _emit_json([{"kind": c.kind, "subject": c.subject, "key": c.key, "text": c.render()} for c in changes])
        return
    lines = render_diff(changes)
    for line in lines:
        typer.echo(line)
    if not lines:
        typer.echo(t("diff.no_changes", old=old, new=new))


DiagramOption = Annotated[str, typer.Option("--format", help=t("cli.opt.diagram_format"))]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output", help=t("cli.opt.diagram_out"))]


def _emit_diagram(text: str, fmt: str, output: Path | None) -> None:
    from workflow.authoring.diagram import render_svg
    from workflow.storage.atomic import write_atomically

    with _handled():
        if fmt not in ("mermaid", "dot", "svg"):
            raise UsageError("cli.bad_diagram_format", format=fmt)
        content = render_svg(text) if fmt == "svg" else text.encode("utf-8")
        if output is not None:
            write_atomically(output, content)
            typer.echo(t("cli.written", path=str(output)), err=True)
        else:
            sys.stdout.buffer.write(content if content.endswith(b"\n") else content + b"\n")


@procedure_app.command("diagram", help=t("cli.help.procedure_diagram"))
def procedure_diagram(code: Annotated[str, typer.Argument(help=t("cli.arg.code"))],
                      fmt: DiagramOption = "mermaid",
                      version: Annotated[str | None, typer.Option("--version", help=t("cli.opt.version"))] = None,
                      output: OutputOption = None) -> None:
    from workflow.authoring.diagram import procedure_diagram as draw

    procedure, _row = _run(False, lambda flow: flow.procedure(code, version))
    with _handled():
        text = draw(procedure, "dot" if fmt == "svg" else fmt)  # type: ignore[arg-type]
    _emit_diagram(text, fmt, output)


@procedure_app.command("schema", help=t("cli.help.procedure_schema"))
def procedure_schema() -> None:
    from workflow.authoring.json_schema import procedure_json_schema

    _emit_json(procedure_json_schema())


data_app = typer.Typer(help=t("cli.help.data"), no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("publish", help=t("cli.help.data_publish"))
def data_publish(path: Annotated[Path, typer.Argument(help=t("cli.arg.data_path"))],
                 kind: Annotated[str, typer.Option("--kind", help=t("cli.opt.data_kind"))] = "list",
                 as_json: JsonOption = False) -> None:
    kind_id, name, sha, changed = _run(as_json, lambda flow: flow.publish_data(path, kind))
    if as_json:
        _emit_json({"kind": kind_id, "name": name, "sha256": sha, "published": changed})
    else:
        typer.echo(t("cli.data_published" if changed else "cli.data_unchanged", name=name, sha=sha[:12]))


# -- staff ----------------------------------------------------------------------------------------
@staff_app.command("add", help=t("cli.help.staff_add"))
def staff_add(login: Annotated[str, typer.Argument(help=t("cli.arg.login"))],
              area: Annotated[str, typer.Option("--area", help=t("cli.opt.area"))],
              role: Annotated[str, typer.Option("--role", help=t("cli.opt.role"))],
              name: Annotated[str | None, typer.Option("--name", help=t("cli.opt.name"))] = None,
              as_json: JsonOption = False) -> None:
    view = _run(as_json, lambda flow: flow.add_staff(login, area, role, name))
    if as_json:
        _emit_json(view.to_json())
    else:
        typer.echo(t("cli.staff_added" if view.created else "cli.staff_saved", login=view.login,
                     name=view.name, area=view.area_name or view.area, role=view.role_name or view.role))


@staff_app.command("list", help=t("cli.help.staff_list"))
def staff_list(as_json: JsonOption = False) -> None:
    from workflow.cli import render

    rows = _run(as_json, lambda flow: flow.staff())
    if as_json:
        _emit_json([r.to_json() for r in rows])
    else:
        render.staff_list(rows)


# -- cycles ---------------------------------------------------------------------------------------
ActivityOption = Annotated[int | None, typer.Option("--activity", help=t("cli.opt.activity"), min=1)]
NoteOption = Annotated[str | None, typer.Option("--note", help=t("cli.opt.note"))]
ReasonOption = Annotated[str, typer.Option("--reason", help=t("cli.opt.reason"))]


@cycle_app.command("start", help=t("cli.help.cycle_start"))
def cycle_start(code: Annotated[str, typer.Argument(help=t("cli.arg.code"))],
                title: Annotated[str | None, typer.Option("--title", help=t("cli.opt.title"))] = None,
                as_json: JsonOption = False) -> None:
    view = _run(as_json, lambda flow: flow.start_cycle(code, title))
    if as_json:
        _emit_json(view.to_json())
    else:
        typer.echo(t("cli.cycle_started", id=view.id, number=view.activity, name=view.activity_name))


@cycle_app.command("list", help=t("cli.help.cycle_list"))
def cycle_list(state: Annotated[str | None, typer.Option("--state", help=t("cli.opt.state"))] = None,
               overdue: Annotated[bool, typer.Option("--overdue", help=t("cli.opt.overdue"))] = False,
               as_json: JsonOption = False) -> None:
    from workflow.cli import render

    if state is not None and state not in ("active", "completed", "cancelled", "suspended"):
        raise typer.BadParameter(t("cli.bad_state", state=state), param_hint="--state")
    rows = _run(as_json, lambda flow: flow.cycles(state, overdue))
    if as_json:
        _emit_json([r.to_json() for r in rows])
    else:
        render.cycle_list(rows)


@cycle_app.command("show", help=t("cli.help.cycle_show"))
def cycle_show(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
               as_json: JsonOption = False) -> None:
    from workflow.cli import render

    detail = _run(as_json, lambda flow: flow.cycle(cycle_id))
    if as_json:
        _emit_json(detail.to_json())
    else:
        render.cycle_detail(detail)


@cycle_app.command("attach", help=t("cli.help.attach"))
def cycle_attach(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                 file: Annotated[Path, typer.Argument(metavar="FILE", help=t("cli.arg.file"))],
                 record: Annotated[str, typer.Option("--record", help=t("cli.opt.record"))],
                 item: Annotated[str | None, typer.Option("--item", help=t("cli.opt.item"))] = None,
                 all_pending: Annotated[bool, typer.Option("--all-pending", help=t("cli.opt.all_pending"))] = False,
                 note: NoteOption = None, activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    from workflow.service.facade import EvidenceInput

    if item is not None and all_pending:
        raise typer.BadParameter(t("cli.item_or_all"), param_hint="--item/--all-pending")
    views = _run(as_json, lambda flow: flow.attach(cycle_id, EvidenceInput(file, record, item), note, activity,
                                                   all_pending))
    if as_json:
        _emit_json(views[0].to_json() if len(views) == 1 else [v.to_json() for v in views])
        return
    for view in views:
        typer.echo(t("cli.attached", name=view.name, record=view.record_name, sha=view.sha256[:12],
                     number=view.activity) + (f" · {view.item}" if view.item else ""))


@cycle_app.command("waive", help=t("cli.help.waive"))
def cycle_waive(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                item: Annotated[str, typer.Option("--item", help=t("cli.opt.item"))],
                reason: Annotated[str, typer.Option("--reason", help=t("cli.opt.reason"))],
                activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    view = _run(as_json, lambda flow: flow.waive(cycle_id, item, reason, activity))
    if as_json:
        _emit_json(view.to_json())
    else:
        typer.echo(t("cli.waived", item=view.name))


@cycle_app.command("complete", help=t("cli.help.complete"))
def cycle_complete(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                   activity: ActivityOption = None,
                   evidence: Annotated[list[Path] | None, typer.Option("--evidence", help=t("cli.opt.evidence"))]
                   = None,
                   record: Annotated[list[str] | None, typer.Option("--record", help=t("cli.opt.evidence_record"))]
                   = None,
                   note: NoteOption = None, as_json: JsonOption = False) -> None:
    from workflow.service.facade import EvidenceInput

    files, records = evidence or [], record or []
    if len(files) != len(records):
        raise typer.BadParameter(t("cli.evidence_pairs", files=len(files), records=len(records)),
                                 param_hint="--evidence/--record")
    given = [EvidenceInput(path, rec) for path, rec in zip(files, records, strict=True)]
    view = _run(as_json, lambda flow: flow.complete(cycle_id, activity, given, note))
    if as_json:
        _emit_json(view.to_json())
    elif view.activity is None:
        typer.echo(t("cli.cycle_ended", id=view.id, state=t(f"state.{view.state}")))
    else:
        typer.echo(t("cli.cycle_moved", id=view.id, number=view.activity, name=view.activity_name))


@cycle_app.command("return", help=t("cli.help.return"))
def cycle_return(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                 to: Annotated[int, typer.Option("--to", help=t("cli.opt.to"))],
                 reason: ReasonOption, activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    view = _run(as_json, lambda flow: flow.return_cycle(cycle_id, to, reason, activity))
    if as_json:
        _emit_json(view.to_json())
    else:
        typer.echo(t("cli.cycle_returned", id=view.id, number=view.activity, name=view.activity_name))


def _moved(view: Any, as_json: bool) -> None:
    if as_json:
        _emit_json(view.to_json())
    elif view.activity is None:
        typer.echo(t("cli.cycle_ended", id=view.id, state=t(f"state.{view.state}")))
    else:
        typer.echo(t("cli.cycle_at", id=view.id, state=t(f"state.{view.state}"), number=view.activity,
                     name=view.activity_name))


@cycle_app.command("skip", help=t("cli.help.skip"))
def cycle_skip(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
               reason: ReasonOption, activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    _moved(_run(as_json, lambda flow: flow.skip(cycle_id, reason, activity)), as_json)


@cycle_app.command("suspend", help=t("cli.help.suspend"))
def cycle_suspend(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                  reason: ReasonOption, activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    _moved(_run(as_json, lambda flow: flow.suspend(cycle_id, reason, activity)), as_json)


@cycle_app.command("resume", help=t("cli.help.resume"))
def cycle_resume(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                 reason: ReasonOption, activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    _moved(_run(as_json, lambda flow: flow.resume(cycle_id, reason, activity)), as_json)


@cycle_app.command("migrate", help=t("cli.help.migrate"))
def cycle_migrate(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                  to_version: Annotated[str, typer.Option("--to-version", help=t("cli.opt.to_version"))],
                  maps: Annotated[list[str] | None, typer.Option("--map", help=t("cli.opt.map"))] = None,
                  as_json: JsonOption = False) -> None:
    mapping: dict[int, int] = {}
    for value in maps or []:
        old, _, new = value.partition("=")
        if not (old.strip().isdigit() and new.strip().isdigit()):
            raise typer.BadParameter(t("service.bad_map", value=value), param_hint="--map")
        mapping[int(old)] = int(new)
    _moved(_run(as_json, lambda flow: flow.migrate(cycle_id, to_version, mapping)), as_json)


@cycle_app.command("cancel", help=t("cli.help.cancel"))
def cycle_cancel(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                 reason: ReasonOption, activity: ActivityOption = None, as_json: JsonOption = False) -> None:
    view = _run(as_json, lambda flow: flow.cancel(cycle_id, reason, activity))
    if as_json:
        _emit_json(view.to_json())
    else:
        typer.echo(t("cli.cycle_ended", id=view.id, state=t(f"state.{view.state}")))


@cycle_app.command("diagram", help=t("cli.help.cycle_diagram"))
def cycle_diagram(cycle_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))],
                  fmt: DiagramOption = "mermaid", output: OutputOption = None) -> None:
    from workflow.authoring.diagram import cycle_diagram as draw
    from workflow.core.states import machine_state

    def load(flow: Workflow) -> tuple[Any, Any]:
        detail = flow.cycle(cycle_id)
        return detail, flow.procedure_of(detail.cycle)

    detail, procedure = _run(False, load)
    history = [(h.from_state, h.to_state, h.type) for h in detail.history]
    with _handled():
        text = draw(procedure, machine_state(detail.cycle.state, detail.cycle.activity), history,
                    "dot" if fmt == "svg" else fmt)  # type: ignore[arg-type]
    _emit_diagram(text, fmt, output)


# -- audit and database ---------------------------------------------------------------------------
@audit_app.command("verify", help=t("cli.help.verify"))
def audit_verify(
    checkpoint: Annotated[Path | None, typer.Option("--checkpoint", help=t("cli.opt.checkpoint"))] = None,
    key: Annotated[Path | None, typer.Option("--key", help=t("cli.opt.key"))] = None,
    as_json: JsonOption = False,
) -> None:
    from workflow.cli import render
    from workflow.service import auditing

    with render.progress(t("cli.progress.verify"), enabled=not as_json) as advance:
        result = _run(as_json, lambda flow: auditing.verify(flow, checkpoint, key, advance))
    if as_json:
        _emit_json(result.to_json())
    else:
        render.verify_result(result)
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("checkpoint", help=t("cli.help.checkpoint"))
def audit_checkpoint(
    output: Annotated[Path, typer.Option("-o", "--output", help=t("cli.opt.checkpoint_out"))],
    pub: Annotated[bool, typer.Option("--pub", help=t("cli.opt.pub"))] = False,
    as_json: JsonOption = False,
) -> None:
    from workflow.service import auditing

    signed = _run(as_json, lambda flow: auditing.take_checkpoint(flow, output, pub))
    if as_json:
        _emit_json({**signed.to_json(), "file": str(output), "public_key": f"{output}.pub" if pub else None})
    else:
        typer.echo(t("cli.checkpoint_written", path=str(output), size=signed.size, head=signed.head[:16],
                     key=signed.key[:16]))
        if pub:
            typer.echo(t("cli.public_key_written", path=f"{output}.pub"))


@audit_app.command("export", help=t("cli.help.export"))
def audit_export(
    fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))],
    output: Annotated[Path, typer.Option("-o", "--output", help=t("cli.opt.export_out"))],
    cycle: Annotated[str | None, typer.Option("--cycle", help=t("cli.opt.cycle"))] = None,
    since: Annotated[str | None, typer.Option("--since", help=t("cli.opt.since"))] = None,
    until: Annotated[str | None, typer.Option("--until", help=t("cli.opt.until"))] = None,
) -> None:
    from workflow.cli import render
    from workflow.service import auditing

    with render.progress(t("cli.progress.export"), enabled=True) as advance:
        count = _run(False, lambda flow: auditing.export(flow, fmt, output, cycle, since, until, advance))
    typer.echo(t("cli.exported", count=count, format=fmt, path=str(output)))


@db_app.command("upgrade", help=t("cli.help.db_upgrade"))
def db_upgrade() -> None:
    revision = _run(False, lambda flow: flow.upgrade())
    typer.echo(t("cli.db_upgraded", revision=revision))


@db_app.command("grant", help=t("cli.help.db_grant"))
def db_grant(login: Annotated[str, typer.Argument(help=t("cli.arg.login"))],
             as_: Annotated[str, typer.Option("--as", help=t("cli.opt.grant_as"))],
             as_json: JsonOption = False) -> None:
    from workflow.service import access

    created = _run(as_json, lambda flow: access.grant(flow, login, as_))
    if as_json:
        _emit_json({"login": login, "class": as_, "created": created})
    else:
        typer.echo(t("cli.granted_new" if created else "cli.granted", login=login, klass=as_))


def main() -> None:
    app(prog_name="workflow")
