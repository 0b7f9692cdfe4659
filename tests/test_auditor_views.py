"""What an auditor reads: every item that was excused is named (id and display name) with its reason,
who and when, on screen and in every export; evidence attached for one item says which; the XLSX
sorts numbers as numbers and prints legibly; no machine state name reaches a person.

Each output is read back as its reader would: the table `cycle show` prints, the CSV's rows, the
cells and page setup openpyxl sees, the XES attributes, the report's table cells.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

from tests.conftest import Office, cycle_at, write_file
from tests.test_vocabulary import _Tables
from workflow.cli import render
from workflow.core.engine import decide
from workflow.core.guards import Actor, StepContext
from workflow.core.loading import LoadedProcedure
from workflow.errors import Refused
from workflow.exports import csv_export, html_export, xes_export, xlsx_export
from workflow.exports.source import ExportContext, ExportEvent
from workflow.i18n import LANGUAGES, t, using_language
from workflow.service import auditing
from workflow.service.facade import EvidenceInput

WAIVED, REASON = "essmar", "Empresa de servicios: sin trámites en este ciclo"
ANSWERED = "secretaria-de-hacienda"
MACHINE_STATE = re.compile(r"\b(?:activity|suspended)_\d+\b")


def _drive(office: Office, folder: Path) -> tuple[str, dict[str, str]]:
    """A cycle past activity 2: one dependencia waived, one answered on its own, the rest by a
    circular; returns the cycle id and the item names the cycle holds (id -> name)."""
    cycle_id = cycle_at(office, folder, 2)
    luis = office.as_user("luis")
    names = {i.id: i.name for i in luis.cycle(cycle_id).requirement.items}  # type: ignore[union-attr]
    luis.waive(cycle_id, WAIVED, REASON)
    luis.attach(cycle_id, EvidenceInput(write_file(folder, "respuesta-hacienda.eml", "hacienda"),
                                        "correo_electronico", ANSWERED))
    luis.attach(cycle_id, EvidenceInput(write_file(folder, "circular.eml", "a todas"), "correo_electronico"),
                all_pending=True)
    luis.complete(cycle_id, 2)  # the waiver is no longer the current activity's: it must stay visible
    return cycle_id, names


def _show(office: Office, cycle_id: str, monkeypatch: pytest.MonkeyPatch) -> str:
    screen = Console(file=io.StringIO(), width=200, no_color=True, highlight=False)
    monkeypatch.setattr(render, "out", screen)
    render.cycle_detail(office.as_user("admin").cycle(cycle_id))
    return screen.file.getvalue()  # type: ignore[attr-defined]


def _table(text: str, title: str) -> list[list[str]]:
    """The body rows of the rich table titled `title`, each cell's wrapped lines joined again."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    rows: list[list[str]] = []
    for line in lines[start + 1:]:
        if line.startswith("└"):
            break
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_cycle_show_names_what_was_waived_why_who_and_when(office: Office, tmp_path: Path, language: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cycle_id, names = _drive(office, tmp_path)
    with using_language(language):
        text = _show(office, cycle_id, monkeypatch)
        waived = _table(text, t("cli.title.waived"))
        evidence = _table(text, t("cli.title.evidence"))
        timeline = " ".join(" ".join(row) for row in _table(text, t("cli.title.timeline")))
    assert len(waived) == 1
    activity, item, reason, who, when = waived[0]
    assert (activity, item, reason, who) == ("2", f"{names[WAIVED]} ({WAIVED})", REASON, "Luis Pérez")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", when)
    assert f"{names[WAIVED]} ({WAIVED})" in timeline and REASON in timeline
    answered = [row for row in evidence if "respuesta-hacienda.eml" in row]
    assert len(answered) == 1 and f"{names[ANSWERED]} ({ANSWERED})" in answered[0]
    assert not MACHINE_STATE.search(text)


def test_cycle_show_json_lists_the_waivers(office: Office, tmp_path: Path) -> None:
    cycle_id, names = _drive(office, tmp_path)
    document = office.as_user("admin").cycle(cycle_id).to_json()
    [waiver] = document["waived"]
    assert (waiver["activity"], waiver["item"], waiver["name"], waiver["reason"], waiver["actor"]) == (
        2, WAIVED, names[WAIVED], REASON, "luis")
    assert {e["item_name"] for e in document["evidence"] if e["item"] == ANSWERED} == {names[ANSWERED]}


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_csv_names_the_waived_item_and_the_item_evidence_was_for(office: Office, tmp_path: Path,
                                                                 language: str) -> None:
    cycle_id, names = _drive(office, tmp_path)
    out = tmp_path / "trail.csv"
    with using_language(language):
        auditing.export(office.as_user("admin"), "csv", out, cycle=cycle_id)
        rows = _rows(out)
        col = {key: t(f"export.tabular.column.{key}") for key in ("type", "items", "item_names", "reason",
                                                                    "evidence_names", "from_state", "to_state")}
        [waiver] = [r for r in rows if r[col["type"]] == "item.waived"]
        assert (waiver[col["items"]], waiver[col["item_names"]], waiver[col["reason"]]) == (
            WAIVED, names[WAIVED], REASON)
        [answer] = [r for r in rows if r[col["evidence_names"]] == "respuesta-hacienda.eml"]
        assert (answer[col["items"]], answer[col["item_names"]]) == (ANSWERED, names[ANSWERED])
        assert {r[col["to_state"]] for r in rows} >= {t("state.activity_n", number=3)}
    assert not MACHINE_STATE.search(out.read_text(encoding="utf-8-sig"))
    assert list(rows[0])[-2:] == [col["items"], col["item_names"]]  # after the columns scripts already read


def test_xlsx_is_numbers_where_numbers_and_prints_landscape_one_page_wide(office: Office, tmp_path: Path) -> None:
    _, names = _drive(office, tmp_path)
    out = tmp_path / "trail.xlsx"
    auditing.export(office.as_user("admin"), "xlsx", out)
    book = openpyxl.load_workbook(out)
    try:
        for sheet in book.worksheets:
            setup = sheet.page_setup
            assert setup.orientation == "landscape"
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # 1 wide (the default), any tall
            assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
            assert sheet.freeze_panes == "A2"
        events, evidence = book["Events"], book["Evidence"]
        header = [c.value for c in events[1]]
        seqs = [row[header.index("Seq")] for row in events.iter_rows(min_row=2, values_only=True)]
        assert all(isinstance(seq, int) for seq in seqs) and seqs == sorted(seqs)
        numbers = [row[header.index("Activity")] for row in events.iter_rows(min_row=2, values_only=True)]
        assert {type(n) for n in numbers} <= {int, type(None)} and 2 in numbers
        header = [c.value for c in evidence[1]]
        rows = [dict(zip(header, row, strict=True)) for row in evidence.iter_rows(min_row=2, values_only=True)]
        assert all(isinstance(r["Size (bytes)"], int) and isinstance(r["Seq"], int) for r in rows)
        [answer] = [r for r in rows if r["File"] == "respuesta-hacienda.eml"]
        assert (answer["Item"], answer["Item name"]) == (ANSWERED, names[ANSWERED])
        waiver = next(dict(zip([c.value for c in events[1]], row, strict=True))
                      for row in events.iter_rows(min_row=2, values_only=True) if row[2] == "item.waived")
        assert (waiver["Items"], waiver["Item names"], waiver["Reason"]) == (WAIVED, names[WAIVED], REASON)
    finally:
        book.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_names_the_waiver_in_the_timeline_and_the_matrix(office: Office, tmp_path: Path,
                                                                language: str) -> None:
    _, names = _drive(office, tmp_path)
    out = tmp_path / "report.html"
    with using_language(language):
        auditing.export(office.as_user("admin"), "html", out)
        tables = _Tables(out.read_text(encoding="utf-8"))
        shown = f"{names[WAIVED]} ({WAIVED})"
        # The activity heads its group of rows (a `th` that the parser files among the headings): the
        # cells of each row are the seven columns after it.
        heads = tables.headings["matrix"][1:8]
        matrix = [dict(zip(heads, row, strict=True)) for row in tables.rows["matrix"] if row]
        [waived] = [row for row in matrix if row.get(t("export.report.col.item")) == shown]
        assert waived[t("export.report.col.status")] == t("export.report.status.waived")
        assert REASON in waived[t("export.report.col.evidence_name")]
        assert waived[t("export.report.col.attached_by")] == "Luis Pérez (luis)"
        assert waived[t("export.report.col.attached_at")]
        answered = [row for row in matrix if row.get(t("export.report.col.evidence_name")) == "respuesta-hacienda.eml"]
        assert [row[t("export.report.col.item")] for row in answered] == [f"{names[ANSWERED]} ({ANSWERED})"]
        event = t("export.report.col.event")
        timeline = [dict(zip(tables.headings["timeline"], row, strict=True)) for row in tables.rows["timeline"] if row]
        [row] = [r for r in timeline if r[event] == t("event.item.waived")]
        assert shown in row[t("export.report.col.note")] and REASON in row[t("export.report.col.note")]
    assert not MACHINE_STATE.search(out.read_text(encoding="utf-8"))


def test_xes_names_the_waived_item(office: Office, tmp_path: Path) -> None:
    _, names = _drive(office, tmp_path)
    out = tmp_path / "log.xes"
    auditing.export(office.as_user("admin"), "xes", out)
    events = [{c.get("key"): c.get("value") for c in e}
              for e in ET.parse(out).getroot().iter("{http://www.xes-standard.org/}event")]
    [waiver] = [e for e in events if e["type"] == "item.waived"]
    assert (waiver["item"], waiver["item_name"], waiver["reason"]) == (WAIVED, names[WAIVED], REASON)
    assert not MACHINE_STATE.search(out.read_text(encoding="utf-8"))


# -- states no person should read as the machine spells them ----------------------------------------------

def _suspension() -> list[ExportEvent]:
    """A cycle suspended at activity 2 and resumed (the shipped procedure does not suspend)."""
    def event(seq: int, kind: str, before: str, after: str) -> ExportEvent:
        return ExportEvent(seq=seq, at=f"2026-11-30T13:00:0{seq}.000000Z", type=kind, cycle_id="C-1",
                           actor_login="ana", actor_name="Ana Rojas", role_id=None, role_name=None, area_id=None,
                           area_name=None, procedure_code="P", procedure_version="1", activity_number=2,
                           activity_name="Pedir", from_state=before, to_state=after, evidence=(), note=None,
                           reason="pausa", payload=b"{}", prev_hash="0" * 64, hash=f"{seq:064x}")
    return [event(1, "cycle.suspended", "activity_2", "suspended_2"),
            event(2, "cycle.resumed", "suspended_2", "activity_2")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_export_spells_a_state_as_the_machine_does(language: str) -> None:
    context = ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t", language=language)
    with using_language(language):
        words = t("state.suspended_n", number=2)
        for writer in (csv_export.write, xlsx_export.write, xes_export.write, html_export.write):
            out = io.BytesIO()
            writer(iter(_suspension()), out, context)
            if writer is xlsx_export.write:
                book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
                text = "\n".join(str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row)
                book.close()
            else:
                text = out.getvalue().decode("utf-8-sig")
            assert not MACHINE_STATE.search(text), writer.__module__
            assert words in text, writer.__module__


def test_a_refused_step_names_the_state_in_words(shipped: LoadedProcedure) -> None:
    procedure = shipped.procedure
    ctx = StepContext(procedure=procedure, activity=procedure.activity(3),
                      actor=Actor(login="ana", name="Ana", role="profesional_universitario",
                                  area="atencion_ciudadano", is_admin=True))
    with pytest.raises(Refused) as refused:
        decide(procedure, shipped.sha256, "activity_3", "jump", ctx)
    said = str(refused.value)
    assert t("state.activity_n", number=3) in said and not MACHINE_STATE.search(said), said
