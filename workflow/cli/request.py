"""`workflow request ...`: the staff's front for citizen requests (PQRSD, Ley 1755 de 2015, activity 5).

Each command is one transaction of `workflow.service.requests`; this module parses, calls and renders.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from workflow.cli.options import JsonOption, emit_json, limit_option, listed_limit, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("request.help.group"), no_args_is_help=True)

Radicado = Annotated[str, typer.Argument(metavar="RADICADO", help=t("request.arg.radicado"))]
Reason = Annotated[str, typer.Option("--reason", metavar=word("text"), help=t("cli.opt.reason"))]


def _said(row: dict[str, Any], key: str, as_json: bool, **more: Any) -> None:
    if as_json:
        emit_json(row)
    else:
        echo(t(key, radicado=row["radicado"], state=t(f"request.state.{row['state']}"), **more))


@app.command("enable", help=t("request.help.enable"))
def request_enable(
        path: Annotated[Path | None, typer.Argument(metavar=word("file"), help=t("request.arg.model"))] = None,
        as_json: JsonOption = False) -> None:
    result = run(as_json, lambda flow: flow.requests.enable(path))
    if as_json:
        emit_json({"code": result.code, "version": result.version, "sha256": result.sha256,
                   "changed": result.changed})
    else:
        echo(t("request.enabled", code=result.code, version=result.version))


@app.command("new", help=t("request.help.new"))
def request_new(
        kind: Annotated[str, typer.Option("--type", metavar="TYPE", help=t("request.opt.type"))],
        channel: Annotated[str, typer.Option("--channel", metavar="CHANNEL", help=t("request.opt.channel"))],
        subject: Annotated[str, typer.Option("--subject", metavar=word("text"), help=t("request.opt.subject"))],
        received_at: Annotated[str | None, typer.Option("--received-at", metavar="ISO-8601",
                                                        help=t("request.opt.received_at"))] = None,
        citizen: Annotated[str | None, typer.Option("--citizen", metavar=word("text"),
                                                    help=t("request.opt.citizen"))] = None,
        email: Annotated[str | None, typer.Option("--email", metavar="ADDRESS", help=t("request.opt.email"))] = None,
        anonymous: Annotated[bool, typer.Option("--anonymous", help=t("request.opt.anonymous"))] = False,
        dependencia: Annotated[str | None, typer.Option("--dependencia", metavar="ID",
                                                        help=t("request.opt.dependencia"))] = None,
        evidence: Annotated[list[Path] | None, typer.Option("--evidence", metavar=word("file"),
                                                            help=t("request.opt.evidence"))] = None,
        receipt: Annotated[Path | None, typer.Option("--receipt", metavar=word("file"),
                                                     help=t("request.opt.receipt"))] = None,
        as_json: JsonOption = False) -> None:
    from workflow.service.requests import NewRequest

    def file(flow: Any) -> tuple[dict[str, Any], str]:
        from workflow.service.request_texts import receipt as receipt_text
        from workflow.service.requests import PROCEDURE

        if receipt is not None:
            from workflow.service.outputs import check_output

            check_output(flow.settings, receipt, force=False)
        row = flow.requests.file(NewRequest(type=kind, channel=channel, subject=subject, received_at=received_at,
                                            citizen=citizen, email=email, anonymous=anonymous,
                                            dependencia=dependencia, evidence=tuple(evidence or ())))
        shown = flow.requests.show(row["radicado"])
        procedure, _ = flow.procedure(PROCEDURE)
        text = receipt_text(shown, procedure.organization.name, f"{procedure.code} v{procedure.version}")
        if receipt is not None:
            from workflow.storage.atomic import write_atomically

            write_atomically(receipt, text.encode("utf-8"), overwrite=False)
        return {k: v for k, v in shown.items() if k not in ("history", "evidence")}, text

    document, text = run(as_json, file)
    if as_json:
        emit_json(document)
    else:
        echo(text.rstrip("\n"))
    if receipt is not None:
        echo(t("cli.written", path=str(receipt)), err=True)


@app.command("list", help=t("request.help.list"))
def request_list(
        state: Annotated[str | None, typer.Option("--state", metavar="S", help=t("request.opt.state"))] = None,
        kind: Annotated[str | None, typer.Option("--type", metavar="T", help=t("request.opt.type"))] = None,
        overdue: Annotated[bool, typer.Option("--overdue", help=t("request.opt.overdue"))] = False,
        due_within: Annotated[int | None, typer.Option("--due-within", metavar="N", min=0,
                                                       help=t("request.opt.due_within"))] = None,
        limit: Annotated[int | None, limit_option("request.opt.limit")] = None,
        as_json: JsonOption = False) -> None:
    rows = run(as_json, lambda flow: flow.requests.list(state, kind, overdue, due_within))
    latest = listed_limit(limit, as_json)
    shown = rows[-latest:] if latest else rows
    if as_json:
        emit_json(shown)
        return
    from workflow.cli.request_render import request_table

    request_table(shown, len(rows))


@app.command("show", help=t("request.help.show"))
def request_show(radicado: Radicado, as_json: JsonOption = False) -> None:
    document = run(as_json, lambda flow: flow.requests.show(radicado))
    if as_json:
        emit_json(document)
        return
    from workflow.cli.request_render import request_detail

    request_detail(document)


@app.command("assign", help=t("request.help.assign"))
def request_assign(radicado: Radicado,
                   dependencia: Annotated[str, typer.Option("--dependencia", metavar="ID",
                                                            help=t("request.opt.dependencia"))],
                   as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.assign(radicado, dependencia))
    _said(row, "request.assigned", as_json, dependencia=row["dependencia"])


@app.command("extend", help=t("request.help.extend"))
def request_extend(radicado: Radicado,
                   until: Annotated[dt.datetime, typer.Option("--until", metavar="YYYY-MM-DD", formats=["%Y-%m-%d"],
                                                              help=t("request.opt.until"))],
                   reason: Reason, as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.extend(radicado, until.date(), reason))
    _said(row, "request.extended", as_json, until=row["extended_until"])


@app.command("forward", help=t("request.help.forward"))
def request_forward(radicado: Radicado,
                    to: Annotated[str, typer.Option("--to", metavar=word("text"), help=t("request.opt.to"))],
                    reason: Reason, as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.forward(radicado, to, reason))
    _said(row, "request.forwarded", as_json, to=row["forwarded_to"])


@app.command("incomplete", help=t("request.help.incomplete"))
def request_incomplete(radicado: Radicado, reason: Reason, as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.incomplete(radicado, reason))
    _said(row, "request.stopped", as_json, days=row["days_left"])


@app.command("resume", help=t("request.help.resume"))
def request_resume(radicado: Radicado,
                   note: Annotated[str, typer.Option("--note", metavar=word("text"), help=t("cli.opt.note"))],
                   as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.resume(radicado, note))
    _said(row, "request.resumed", as_json, due=row["due_date"])


@app.command("close", help=t("request.help.close"))
def request_close(radicado: Radicado, reason: Reason, as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.close(radicado, reason))
    _said(row, "request.closed", as_json)


@app.command("withdraw-expired", help=t("request.help.withdraw_expired"))
def request_withdraw_expired(as_json: JsonOption = False) -> None:
    done = run(as_json, lambda flow: flow.requests.withdraw_expired())
    if as_json:
        emit_json({"withdrawn": done})
    else:
        echo(t("request.withdrawn_count", count=len(done), radicados=", ".join(done) or "-"))


@app.command("answer", help=t("request.help.answer"))
def request_answer(radicado: Radicado,
                   evidence: Annotated[Path, typer.Option("--evidence", metavar=word("file"),
                                                          help=t("request.opt.response"))],
                   notified_at: Annotated[str | None, typer.Option("--notified-at", metavar="ISO-8601",
                                                                   help=t("request.opt.notified_at"))] = None,
                   note: Annotated[str | None, typer.Option("--note", metavar=word("text"),
                                                            help=t("cli.opt.note"))] = None,
                   denied: Annotated[bool, typer.Option("--denied", help=t("request.opt.denied"))] = False,
                   as_json: JsonOption = False) -> None:
    row = run(as_json, lambda flow: flow.requests.answer(radicado, evidence, notified_at, note, denied))
    _said(row, "request.answered", as_json)


@app.command("import", help=t("request.help.import"))
def request_import(path: Annotated[Path, typer.Argument(metavar=word("file"), help=t("request.arg.import"))],
                   channel: Annotated[str | None, typer.Option("--channel", metavar="email|chat",
                                                               help=t("request.opt.import_channel"))] = None,
                   as_json: JsonOption = False) -> None:
    from workflow.cli.render import progress

    def imported(flow: Any) -> Any:
        from workflow.service.request_import import import_path

        with progress(t("request.importing"), enabled=not as_json) as advance:
            return import_path(flow, path, channel, advance)

    result = run(as_json, imported)
    if as_json:
        emit_json(result.to_json())
    else:
        echo(t("request.imported", created=len(result.created), attached=len(result.attached),
               skipped=result.skipped, radicados=", ".join(result.created) or "-"))
