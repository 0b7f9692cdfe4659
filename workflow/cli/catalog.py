"""`workflow catalog ...`: the trámites catalogue (import, template, list, show, assign, check, sheet, diff).

Parse, call the library (`workflow.service.catalog`), render; the service is imported inside each
command so that `workflow --help` never loads the database stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from workflow.cli.options import ForceOption, JsonOption, emit_json, output_option, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.core.catalog.rules import Finding

app = typer.Typer(help=t("cli.help.catalog"), no_args_is_help=True)

CycleOption = Annotated[str | None, typer.Option("--cycle", metavar="ID", help=t("cli.opt.catalog_cycle"))]
CodeArgument = Annotated[str, typer.Argument(metavar=word("code"), help=t("cli.arg.catalog_code"))]


@app.command("import", help=t("cli.help.catalog_import"))
def catalog_import(path: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.catalog_file"))],
                   cycle: CycleOption = None, as_json: JsonOption = False) -> None:
    from workflow.service import catalog

    result = run(as_json, lambda flow: catalog.import_file(flow, path, cycle))
    if as_json:
        emit_json(result.to_json())
        return
    echo(t("cli.catalog_imported", added=len(result.added), changed=len(result.changed),
           unchanged=len(result.unchanged), assigned=len(result.assigned)))


@app.command("template", help=t("cli.help.catalog_template"))
def catalog_template(output: Annotated[Path, output_option("cli.opt.catalog_template_out")],
                     force: ForceOption = False) -> None:
    from workflow.service import catalog_output

    written = run(False, lambda flow: catalog_output.template(flow, output, force))
    for path in written:
        echo(t("cli.written", path=str(path)))


@app.command("list", help=t("cli.help.catalog_list"))
def catalog_list(dependencia: Annotated[str | None, typer.Option("--dependencia", metavar="ID",
                                                                 help=t("cli.opt.catalog_dependencia"))] = None,
                 as_json: JsonOption = False) -> None:
    from workflow.core.catalog.views import list_json
    from workflow.service import catalog

    found = run(as_json, lambda flow: catalog.rows(flow, dependencia))
    listed = [list_json(row.entry(), row.dependencia) for row in found]
    if as_json:
        emit_json(listed)
        return
    _table(t("cli.title.catalog"), ("cli.col.code", "cli.col.name", "cli.col.dependencia", "cli.col.modality",
                                    "cli.col.time", "cli.col.cost"),
           [[e["code"], e["name"], e["dependencia"] or "-", _modality(e["modality"]), _time(e["time"]),
             t("cli.catalog_free") if e["cost"]["free"] else t("cli.catalog_paid")] for e in listed])


@app.command("show", help=t("cli.help.catalog_show"))
def catalog_show(code: CodeArgument, as_json: JsonOption = False) -> None:
    from workflow.core.catalog.views import show_json
    from workflow.service import catalog

    def shown(flow: Any) -> dict[str, Any]:
        row = catalog.row(flow, code)
        names = catalog.dependencia_names(flow)
        return show_json(row.entry(), row.dependencia, names.get(row.dependencia or ""), row.sha256, row.updated_at,
                         row.audit_seq)

    document = run(as_json, shown)
    if as_json:
        emit_json(document)
        return
    lines = [
        (t("cli.col.code"), document["code"]), (t("cli.col.name"), document["name"]),
        (t("cli.catalog.purpose"), document["purpose"]), (t("cli.catalog.result"), document["result"]),
        (t("cli.col.modality"), _modality(document["modality"])), (t("cli.catalog.online_url"), document["online_url"]),
        (t("cli.col.time"), _time(document["time"])),
        (t("cli.col.cost"), t("cli.catalog_free") if document["cost"]["free"] else _payments(document["cost"])),
        (t("cli.col.dependencia"), document["dependencia_name"] or document["dependencia"]),
        (t("cli.catalog.legal_basis"), "; ".join(_norm(n) for n in document["legal_basis"])),
        (t("cli.catalog.steps"), "\n".join(_step(s) for s in document["steps"])),
        (t("cli.catalog.service_points"), "\n".join(_point(p) for p in document["service_points"])),
        ("SHA-256", document["sha256"]),
    ]
    _table(document["name"], ("cli.col.field", "cli.col.value"), [[k, v or "-"] for k, v in lines], lines=True)


@app.command("assign", help=t("cli.help.catalog_assign"))
def catalog_assign(code: CodeArgument,
                   dependencia: Annotated[str, typer.Option("--dependencia", metavar="ID",
                                                            help=t("cli.opt.catalog_dependencia"))],
                   cycle: CycleOption = None, as_json: JsonOption = False) -> None:
    from workflow.service import catalog

    row = run(as_json, lambda flow: catalog.assign(flow, code, dependencia, cycle))
    if as_json:
        emit_json({"code": row.code, "dependencia": row.dependencia, "seq": row.audit_seq})
        return
    echo(t("cli.catalog_assigned", code=row.code, dependencia=row.dependencia))


@app.command("check", help=t("cli.help.catalog_check"))
def catalog_check(as_json: JsonOption = False,
                  strict: Annotated[bool, typer.Option("--strict", help=t("cli.opt.catalog_strict"))] = False) -> None:
    from workflow.service import catalog

    found = run(as_json, catalog.findings)
    if as_json:
        emit_json([f.to_json() for f in found])
    else:
        _findings(found)
    if strict and any(f.severity == "error" for f in found):
        raise typer.Exit(1)


@app.command("sheet", help=t("cli.help.catalog_sheet"))
def catalog_sheet(output: Annotated[Path, output_option("cli.opt.catalog_sheet_out")],
                  code: Annotated[str | None, typer.Argument(metavar=word("code"), help=t("cli.arg.catalog_code"))]
                  = None,
                  every: Annotated[bool, typer.Option("--all", help=t("cli.opt.catalog_all"))] = False,
                  cycle: CycleOption = None,
                  attach: Annotated[bool, typer.Option("--attach", help=t("cli.opt.catalog_attach"))] = False,
                  force: ForceOption = False, as_json: JsonOption = False) -> None:
    from workflow.errors import UsageError
    from workflow.service import catalog_output

    def write(flow: Any) -> catalog_output.SheetResult:
        if (code is not None and every) or (code is None and not every and cycle is None):
            raise UsageError("catalog.sheet_what")
        return catalog_output.sheet(flow, None if every or code is None else [code], output, force, cycle, attach)

    result = run(as_json, write)
    if as_json:
        emit_json({"file": str(output), "codes": list(result.codes),
                   "attached": [view.to_json() for view in result.attached]})
        return
    echo(t("cli.catalog_sheet_written", count=len(result.codes), path=str(output)))
    for view in result.attached:
        echo(t("cli.catalog_sheet_attached", record=view.record_name, sha=view.sha256[:12], seq=view.seq))


@app.command("diff", help=t("cli.help.catalog_diff"))
def catalog_diff(since: Annotated[str | None, typer.Option("--from", metavar=word("version"),
                                                           help=t("cli.opt.catalog_from"))] = None,
                 until: Annotated[str, typer.Option("--to", metavar=word("version"),
                                                    help=t("cli.opt.catalog_to"))] = "draft",
                 as_json: JsonOption = False) -> None:
    from workflow.service import catalog

    found = run(as_json, lambda flow: catalog.diff(flow, since, until))
    if as_json:
        emit_json({"from": since, "to": until, **found.to_json()})
        return
    if found.empty:
        echo(t("cli.catalog_no_difference"))
    for code in found.added:
        echo(t("cli.catalog_diff_added", code=code))
    for code in found.removed:
        echo(t("cli.catalog_diff_removed", code=code))
    for change in found.changed:
        echo(t("cli.catalog_diff_changed", code=change.code, name=change.name, count=len(change.fields)))
        for field in change.fields:
            echo(f"    {field.field}: {_short(field.old)} → {_short(field.new)}")


# -- rendering ----------------------------------------------------------------------------------------------

def _table(title: str, columns: tuple[str, ...], rows: list[list[Any]], lines: bool = False) -> None:
    from rich.table import Table

    from workflow.cli.render import out, plain

    table = Table(title=plain(title), show_lines=lines)
    for column in columns:
        table.add_column(t(column) if column.startswith("cli.") else column, overflow="fold")
    for row in rows:
        table.add_row(*(plain(value) for value in row))
    out.print(table)


def _findings(found: list[Finding]) -> None:
    if not found:
        echo(t("cli.catalog_no_findings"))
        return
    _table(t("cli.title.catalog_findings"), ("cli.col.code", "cli.col.rule", "cli.col.severity", "cli.col.message"),
           [[f.code, f.rule, t(f"cli.severity.{f.severity}"), f"{f.message.render()}\n→ {f.fix().render()}"]
            for f in found])
    errors = sum(1 for f in found if f.severity == "error")
    echo(t("cli.catalog_findings_count", count=len(found), errors=errors))


def _time(time: dict[str, Any]) -> str:
    if time.get("unit") is None:
        return "-"
    quantity = time.get("quantity")
    shown = "" if quantity is None else f"{quantity:g} " if isinstance(quantity, float) else f"{quantity} "
    return shown + t(f"cli.catalog.unit.{time['unit']}") if f"{time['unit']}" in _UNITS else f"{shown}{time['unit']}"


_UNITS = ("minutes", "hours", "business_days", "calendar_days", "months", "years", "immediate")


def _modality(value: str | None) -> str:
    from workflow.core.catalog.model import MODALITIES

    return t(f"sheet.modality.{value}") if value in MODALITIES else value or "-"


def _payments(cost: dict[str, Any]) -> str:
    parts = []
    for p in cost["payments"]:
        value = p.get("value")
        parts.append(" ".join(str(x) for x in (f"{value:,}" if isinstance(value, int | float) else None,
                                               p.get("value_kind"), p.get("description")) if x))
    return "; ".join(parts) or t("cli.catalog_paid")


def _norm(n: dict[str, Any]) -> str:
    return " ".join(str(x) for x in (n.get("kind"), n.get("number"), n.get("year") and f"({n['year']})",
                                     n.get("articles")) if x)


def _step(s: dict[str, Any]) -> str:
    lines = [f"{s['order']}. {s.get('description') or ''}"]
    for r in s["requirements"]:
        what = r.get("document") or r.get("description") or ""
        lines.append(f"   - {r['kind']}: {what}")
    return "\n".join(lines)


def _point(p: dict[str, Any]) -> str:
    return " · ".join(str(x) for x in (p.get("name"), p.get("address"), p.get("phone"), p.get("hours")) if x)


def _short(value: Any, limit: int = 80) -> str:
    text = "∅" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
