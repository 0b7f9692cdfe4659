"""`workflow cycle ...`: start cycles of a procedure and move them, step by audited step."""

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
    limit_option,
    listed_limit,
    word,
)
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.service.facade import Workflow

app = typer.Typer(help=t("cli.help.cycle"), no_args_is_help=True)

CycleArgument = Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.cycle"))]


def activity_option(action: str) -> Any:
    """`--activity N`, saying what the person means to do at that activity with this command."""
    return typer.Option("--activity", metavar="N", help=t(f"cli.opt.activity.{action}"), min=1)


AttachActivity = Annotated[int | None, activity_option("attach")]
WaiveActivity = Annotated[int | None, activity_option("waive")]
CompleteActivity = Annotated[int | None, activity_option("complete")]
ReturnActivity = Annotated[int | None, activity_option("return")]
SkipActivity = Annotated[int | None, activity_option("skip")]
SuspendActivity = Annotated[int | None, activity_option("suspend")]
ResumeActivity = Annotated[int | None, activity_option("resume")]
CancelActivity = Annotated[int | None, activity_option("cancel")]


NoteOption = Annotated[str | None, typer.Option("--note", metavar=word("text"), help=t("cli.opt.note"))]
ReasonOption = Annotated[str, typer.Option("--reason", metavar=word("text"), help=t("cli.opt.reason"))]
STATES = ("active", "completed", "cancelled", "suspended")


def _ended(view: Any) -> str:
    return t("cli.cycle_ended", id=view.id, state=t(f"state.{view.state}"))


def _moved(view: Any, as_json: bool) -> None:
    if as_json:
        emit_json(view.to_json())
    elif view.activity is None:
        echo(_ended(view))
    else:
        echo(t("cli.cycle_at", id=view.id, state=t(f"state.{view.state}"), number=view.activity,
                     name=view.activity_name))


FieldOption = Annotated[list[str] | None, typer.Option("--field", metavar="NAME=VALUE", help=t("case.opt.field"))]


def field_values(given: list[str] | None) -> dict[str, str]:
    """`--field NAME=VALUE`, repeated, as a mapping; a value without `=` is a usage error."""
    from workflow.errors import UsageError

    values: dict[str, str] = {}
    for text in given or ():
        name, equals, value = text.partition("=")
        if not equals or not name.strip():
            raise UsageError("case.field_syntax", given=text)
        values[name.strip()] = value
    return values


@app.command("start", help=t("cli.help.cycle_start"))
def cycle_start(code: Annotated[str, typer.Argument(metavar=word("code"), help=t("cli.arg.code"))],
                title: Annotated[str | None, typer.Option("--title", metavar=word("text"),
                                                          help=t("cli.opt.title"))] = None,
                field: FieldOption = None,
                as_json: JsonOption = False) -> None:
    view = run(as_json, lambda flow: flow.start_cycle(code, title, field_values(field)))
    if as_json:
        emit_json(view.to_json())
    else:
        echo(t("cli.cycle_started", id=view.id, number=view.activity, name=view.activity_name))


@app.command("act", help=t("case.help.act"))
def cycle_act(cycle_id: CycleArgument,
              action: Annotated[str, typer.Argument(metavar="ACTION", help=t("case.arg.action"))],
              field: FieldOption = None,
              reason: Annotated[str | None, typer.Option("--reason", metavar=word("text"),
                                                         help=t("cli.opt.reason"))] = None,
              activity: AttachActivity = None, as_json: JsonOption = False) -> None:
    values = run(as_json, lambda flow: flow.act(cycle_id, action, field_values(field), reason, activity))
    if as_json:
        emit_json({"id": cycle_id, "action": action, "fields": values})
    else:
        echo(t("case.action_done", action=action, id=cycle_id,
               fields=", ".join(f"{k}={v}" for k, v in values.items())))


@app.command("list", help=t("cli.help.cycle_list"))
def cycle_list(state: Annotated[str | None, typer.Option("--state", metavar=word("state"),
                                                         help=t("cli.opt.state"))] = None,
               overdue: Annotated[bool, typer.Option("--overdue", help=t("cli.opt.overdue"))] = False,
               limit: Annotated[int | None, limit_option("cli.opt.cycle_limit")] = None,
               as_json: JsonOption = False) -> None:
    if state is not None and state not in STATES:
        raise typer.BadParameter(t("cli.bad_state", state=state), param_hint="--state")
    listing = run(as_json, lambda flow: flow.cycle_listing(state, overdue, listed_limit(limit, as_json)))
    if as_json:
        emit_json([r.to_json() for r in listing.cycles])
    else:
        from workflow.cli import render  # rich: only for a person

        render.cycle_list(listing.cycles, listing.total)


@app.command("show", help=t("cli.help.cycle_show"))
def cycle_show(cycle_id: CycleArgument, as_json: JsonOption = False) -> None:
    detail = run(as_json, lambda flow: flow.cycle(cycle_id))
    if as_json:
        emit_json(detail.to_json())
    else:
        from workflow.cli import render  # rich: only for a person

        render.cycle_detail(detail)


@app.command("attach", help=t("cli.help.attach"))
def cycle_attach(cycle_id: CycleArgument,
                 file: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.file"))],
                 record: Annotated[str, typer.Option("--record", metavar=word("record"), help=t("cli.opt.record"))],
                 item: Annotated[str | None, typer.Option("--item", metavar=word("item"),
                                                          help=t("cli.opt.item"))] = None,
                 all_pending: Annotated[bool, typer.Option("--all-pending", help=t("cli.opt.all_pending"))] = False,
                 note: NoteOption = None, activity: AttachActivity = None, as_json: JsonOption = False) -> None:
    from workflow.service.facade import EvidenceInput

    if item is not None and all_pending:
        raise typer.BadParameter(t("cli.item_or_all"), param_hint="--item/--all-pending")
    views = run(as_json, lambda flow: flow.attach(cycle_id, EvidenceInput(file, record, item), note, activity,
                                                  all_pending))
    if as_json:
        emit_json(views[0].to_json() if len(views) == 1 else [v.to_json() for v in views])
        return
    for view in views:
        echo(t("cli.attached", name=view.name, record=view.record_name, sha=view.sha256[:12],
                     number=view.activity) + (f" · {view.item}" if view.item else ""))


@app.command("waive", help=t("cli.help.waive"))
def cycle_waive(cycle_id: CycleArgument,
                item: Annotated[str, typer.Option("--item", metavar=word("item"), help=t("cli.opt.item"))],
                reason: ReasonOption, activity: WaiveActivity = None, as_json: JsonOption = False) -> None:
    view = run(as_json, lambda flow: flow.waive(cycle_id, item, reason, activity))
    if as_json:
        emit_json(view.to_json())
    else:
        echo(t("cli.waived", item=view.name))


@app.command("complete", help=t("cli.help.complete"))
def cycle_complete(cycle_id: CycleArgument,
                   activity: CompleteActivity = None,
                   evidence: Annotated[list[Path] | None, typer.Option("--evidence", metavar=word("file"),
                                                                       help=t("cli.opt.evidence"))]
                   = None,
                   record: Annotated[list[str] | None, typer.Option("--record", metavar=word("record"),
                                                                    help=t("cli.opt.evidence_record"))]
                   = None,
                   note: NoteOption = None, as_json: JsonOption = False) -> None:
    from workflow.service.facade import EvidenceInput

    files, records = evidence or [], record or []
    if len(files) != len(records):
        raise typer.BadParameter(t("cli.evidence_pairs", files=len(files), records=len(records)),
                                 param_hint="--evidence/--record")
    given = [EvidenceInput(path, rec) for path, rec in zip(files, records, strict=True)]
    view = run(as_json, lambda flow: flow.complete(cycle_id, activity, given, note))
    if as_json:
        emit_json(view.to_json())
    elif view.activity is None:
        echo(_ended(view))
    else:
        echo(t("cli.cycle_moved", id=view.id, number=view.activity, name=view.activity_name))


@app.command("return", help=t("cli.help.return"))
def cycle_return(cycle_id: CycleArgument,
                 to: Annotated[int, typer.Option("--to", metavar="N", help=t("cli.opt.to"))],
                 reason: ReasonOption, activity: ReturnActivity = None, as_json: JsonOption = False) -> None:
    view = run(as_json, lambda flow: flow.return_cycle(cycle_id, to, reason, activity))
    if as_json:
        emit_json(view.to_json())
    else:
        echo(t("cli.cycle_returned", id=view.id, number=view.activity, name=view.activity_name))


@app.command("skip", help=t("cli.help.skip"))
def cycle_skip(cycle_id: CycleArgument, reason: ReasonOption, activity: SkipActivity = None,
               as_json: JsonOption = False) -> None:
    _moved(run(as_json, lambda flow: flow.skip(cycle_id, reason, activity)), as_json)


@app.command("suspend", help=t("cli.help.suspend"))
def cycle_suspend(cycle_id: CycleArgument, reason: ReasonOption, activity: SuspendActivity = None,
                  as_json: JsonOption = False) -> None:
    _moved(run(as_json, lambda flow: flow.suspend(cycle_id, reason, activity)), as_json)


@app.command("resume", help=t("cli.help.resume"))
def cycle_resume(cycle_id: CycleArgument, reason: ReasonOption, activity: ResumeActivity = None,
                 as_json: JsonOption = False) -> None:
    _moved(run(as_json, lambda flow: flow.resume(cycle_id, reason, activity)), as_json)


@app.command("migrate", help=t("cli.help.migrate"))
def cycle_migrate(cycle_id: CycleArgument,
                  to_version: Annotated[str, typer.Option("--to-version", metavar=word("version"),
                                                          help=t("cli.opt.to_version"))],
                  maps: Annotated[list[str] | None, typer.Option("--map", metavar=word("map"),
                                                                 help=t("cli.opt.map"))] = None,
                  as_json: JsonOption = False) -> None:
    mapping: dict[int, int] = {}
    for value in maps or []:
        old, _, new = value.partition("=")
        if not (old.strip().isdigit() and new.strip().isdigit()):
            raise typer.BadParameter(t("service.bad_map", value=value), param_hint="--map")
        mapping[int(old)] = int(new)
    _moved(run(as_json, lambda flow: flow.migrate(cycle_id, to_version, mapping)), as_json)


@app.command("cancel", help=t("cli.help.cancel"))
def cycle_cancel(cycle_id: CycleArgument, reason: ReasonOption, activity: CancelActivity = None,
                 as_json: JsonOption = False) -> None:
    view = run(as_json, lambda flow: flow.cancel(cycle_id, reason, activity))
    if as_json:
        emit_json(view.to_json())
    else:
        echo(_ended(view))


@app.command("diagram", help=t("cli.help.cycle_diagram"))
def cycle_diagram(cycle_id: CycleArgument, fmt: DiagramOption = "mermaid", output: OutputOption = None,
                  force: ForceOption = False) -> None:
    from workflow.authoring.diagram import cycle_diagram as draw
    from workflow.core.states import machine_state

    def load(flow: Workflow) -> tuple[Any, Any]:
        guard_output(flow, output, force)
        detail = flow.cycle(cycle_id)
        return detail, flow.procedure_of(detail.cycle)

    detail, procedure = run(False, load)
    history = [(h.from_state, h.to_state, h.type) for h in detail.history]
    with handled():
        text = draw(procedure, machine_state(detail.cycle.state, detail.cycle.activity), history,
                    drawn_as(fmt))  # type: ignore[arg-type]
        emit_diagram(text, fmt, output, force)
