"""The CSV and XLSX exports: what an auditor opens in Excel must say what the database holds, with
nothing in a cell that a spreadsheet would run as a formula, in flat memory."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import CODE, Office
from workflow.core import chain as audit
from workflow.core.events import EVENT_TYPES
from workflow.errors import Refused
from workflow.exports import csv_export, xlsx_export
from workflow.exports.source import EvidenceRef, ExportContext, ExportEvent
from workflow.exports.tabular import COLUMN_KEYS, EVENT_COLUMNS, EVIDENCE_COLUMNS, neutralise
from workflow.i18n import catalogue, set_language
from workflow.service.auditing import export
from workflow.service.facade import EvidenceInput

BOM = b"\xef\xbb\xbf"
HEADINGS = ["Seq", "Time (UTC)", "Event type", "Event", "Cycle", "Procedure", "Version", "Actor login",
            "Actor name", "Role id", "Role", "Area id", "Area", "Activity", "Activity name", "From state", "To state",
            "Evidence files", "Evidence SHA-256", "Evidence records", "Note", "Reason", "Previous hash", "Hash",
            "Items", "Item names"]  # added after the columns the CSV always had, so scripts keep reading them
EVIDENCE_HEADINGS = ["Seq", "Time (UTC)", "Cycle", "Activity", "Activity name", "Record id", "Record", "File",
                     "SHA-256", "Size (bytes)", "Media type", "Item", "Actor login", "Actor name", "Item name"]
NUMBERS = {"Seq", "Activity", "Size (bytes)"}  # written as numbers in the XLSX
LATER_DAY = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # the office clock starts on 2026-11-30



@pytest.fixture
def office(any_office: Office) -> Office:
    """Exports read what the store holds: these tests run on SQLite and on PostgreSQL."""
    return any_office

def _file(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def _scenario(office: Office, tmp_path: Path) -> tuple[str, str]:
    """Two cycles: the first on 2026-11-30 with evidence, notes, a return with a reason and an attach;
    the second started days later by someone whose name looks like a formula."""
    files = tmp_path / "files"
    files.mkdir()
    office.add_staff("pedro", "atencion_ciudadano", "profesional_universitario", "=Pedro Malo")
    first = office.as_user("ana").start_cycle(CODE, "primero").id
    office.as_user("ana").complete(first, 1, note="-5 días de plazo")
    circular = EvidenceInput(_file(files, "circular.txt", "a todas"), "correo_electronico")
    office.as_user("luis").attach(first, circular, all_pending=True)
    office.as_user("luis").complete(first, 2, [EvidenceInput(_file(files, "@correo.txt", "correo"),
                                                             "correo_electronico")])
    office.as_user("luis").complete(first, 3, [EvidenceInput(_file(files, "hoja.xlsx", "hoja"), "hoja_vida_tramites")],
                                    note="revisado; a=b\nsegunda línea")
    office.as_user("marta").return_cycle(first, 2, "+falta la Secretaría de Salud")
    office.as_user("luis").attach(first, EvidenceInput(_file(files, "anexo.pdf", "anexo"), "correo_electronico"),
                                  note="@todos revisen")
    office.clock.moment = LATER_DAY
    second = office.as_user("pedro").start_cycle(CODE, "segundo").id
    return first, second


def _shown(value: object) -> str:
    """What a cell must show for a stored value (written independently of the code under test)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else text


def _state_words(state: str | None) -> str:
    """A stored machine state as a person reads it in English (written independently of the code)."""
    if state is None:
        return ""
    kind, _, number = state.rpartition("_")
    return {"activity": f"activity {number}", "suspended": f"suspended at activity {number}"}.get(kind, state)


def _expected_rows(office: Office, cycle: str | None = None) -> list[dict[str, str]]:
    """The events table straight from the database: seq, hashes and the decoded payloads."""
    with office.as_user("admin").store.read() as tx:
        rows = tx.events(cycle)
    expected = []
    for row in rows:
        body = audit.decode(row.payload)
        actor = body["actor"]
        activity = body.get("activity") or {}
        procedure = body.get("procedure") or {}
        evidence = body.get("evidence") or []
        expected.append({
            "Seq": str(row.seq), "Time (UTC)": row.at, "Event type": row.type, "Cycle": _shown(row.cycle_id),
            "Procedure": _shown(procedure.get("code")), "Version": _shown(procedure.get("version")),
            "Actor login": _shown(row.actor), "Actor name": _shown(actor.get("name")),
            "Role id": _shown(actor.get("role")), "Area id": _shown(actor.get("area")),
            "Activity": _shown(activity.get("number")), "Activity name": _shown(activity.get("name")),
            "From state": _state_words(body.get("from_state")), "To state": _state_words(body.get("to_state")),
            "Evidence files": _shown(" | ".join(e["name"] for e in evidence)),
            "Evidence SHA-256": " | ".join(e["sha256"] for e in evidence),
            "Evidence records": _shown(" | ".join(e["record"] for e in evidence)),
            "Note": _shown(body.get("note")), "Reason": _shown(body.get("reason")),
            "Previous hash": row.prev_hash, "Hash": row.hash,
        })
    return expected


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _sheet_rows(sheet: Any) -> list[dict[str, str]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return [{h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=True)} for row in rows[1:]]


def _project(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    wanted = [h for h in HEADINGS if h not in ("Event", "Role", "Area", "Items", "Item names")]  # names: elsewhere
    return [{k: row[k] for k in wanted} for row in rows]


# -- neutralising -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+34 300", "-5", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Ana Rojas", "a=b", "1+1", "'=quoted", " =x", "MM-GAC-P-006"])
def test_other_cells_stay_as_they_are(text: str) -> None:
    assert neutralise(text) == text


def test_every_heading_and_event_type_has_words_in_both_languages() -> None:
    keys = [COLUMN_KEYS + c.key for c in EVENT_COLUMNS + EVIDENCE_COLUMNS] + ["event." + k for k in EVENT_TYPES]
    assert [k for k in keys if k not in catalogue()] == []


# -- CSV --------------------------------------------------------------------------------------------

def test_csv_rows_are_what_the_database_holds(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    out = tmp_path / "trail.csv"
    written = export(office.as_user("admin"), "csv", out)
    rows = _read_csv(out)
    assert written == len(rows) == len(_expected_rows(office))
    assert list(rows[0]) == HEADINGS
    assert _project(rows) == _expected_rows(office)
    completed = [r for r in rows if r["Event type"] == "activity.completed" and r["Actor login"] == "luis"]
    assert completed[0]["Role"] and completed[0]["Area"]  # names resolved, not only ids
    assert completed[0]["Event"] == "Activity completed"


def test_csv_is_utf8_with_bom_semicolons_and_crlf(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    out = tmp_path / "trail.csv"
    export(office.as_user("admin"), "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
    first_line = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert first_line == ";".join(HEADINGS)
    assert raw.endswith(b"\r\n")
    assert "Luis Pérez".encode() in raw  # UTF-8, not Latin-1
    # a note with a line break and a separator is quoted, and comes back whole
    assert any(r["Note"] == "revisado; a=b\nsegunda línea" for r in _read_csv(out))


def test_csv_neutralises_formulas_and_leaves_the_rest_raw(office: Office, tmp_path: Path) -> None:
    first, _ = _scenario(office, tmp_path)
    out = tmp_path / "trail.csv"
    export(office.as_user("admin"), "csv", out)
    rows = _read_csv(out)
    notes = {r["Note"] for r in rows}
    assert {"'-5 días de plazo", "'@todos revisen", "revisado; a=b\nsegunda línea"} <= notes
    assert "'+falta la Secretaría de Salud" in {r["Reason"] for r in rows}
    assert "'=Pedro Malo" in {r["Actor name"] for r in rows}
    assert "'@correo.txt" in {r["Evidence files"] for r in rows}
    assert {"Ana Rojas", "Luis Pérez"} <= {r["Actor name"] for r in rows}
    assert first in {r["Cycle"] for r in rows}
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_csv_of_one_cycle_holds_only_its_events(office: Office, tmp_path: Path) -> None:
    first, second = _scenario(office, tmp_path)
    out = tmp_path / "cycle.csv"
    written = export(office.as_user("admin"), "csv", out, cycle=first)
    rows = _read_csv(out)
    assert written == len(rows) > 0
    assert {r["Cycle"] for r in rows} == {first}
    assert _project(rows) == _expected_rows(office, first)
    assert {r["Cycle"] for r in _read_csv(_export_to(office, tmp_path, cycle=second))} == {second}


def _export_to(office: Office, tmp_path: Path, fmt: str = "csv", **filters: Any) -> Path:
    out = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.{fmt}"
    export(office.as_user("admin"), fmt, out, **filters)
    return out


def test_csv_date_filter_is_inclusive_by_day(office: Office, tmp_path: Path) -> None:
    _, second = _scenario(office, tmp_path)
    everything = _read_csv(_export_to(office, tmp_path))
    later = _read_csv(_export_to(office, tmp_path, since="2026-12-01"))
    earlier = _read_csv(_export_to(office, tmp_path, until="2026-11-30"))
    that_day = _read_csv(_export_to(office, tmp_path, since="2026-12-03", until="2026-12-03"))
    assert later and earlier
    assert {r["Cycle"] for r in later} == {second}
    assert all(r["Time (UTC)"].startswith("2026-12-03") for r in later)
    assert all(r["Time (UTC)"].startswith("2026-11-30") for r in earlier)
    assert [r["Seq"] for r in earlier + later] == [r["Seq"] for r in everything]
    assert that_day == later
    assert _read_csv(_export_to(office, tmp_path, since="2026-12-04")) == []


def test_csv_headers_and_labels_follow_the_language(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    set_language("es")
    rows = _read_csv(_export_to(office, tmp_path))
    header = list(rows[0])
    assert header[:4] == ["Secuencia", "Fecha y hora (UTC)", "Tipo de evento", "Evento"]
    assert "Motivo" in header and "Nota" in header
    assert "Ciclo iniciado" in {r["Evento"] for r in rows}
    assert "cycle.started" in {r["Tipo de evento"] for r in rows}  # the raw type does not change


# -- XLSX -------------------------------------------------------------------------------------------

def test_xlsx_sheets_hold_what_the_database_holds_numbers_as_numbers(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    out = tmp_path / "trail.xlsx"
    written = export(office.as_user("admin"), "xlsx", out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Events", "Evidence"]
    events, evidence = book["Events"], book["Evidence"]
    rows = _sheet_rows(events)
    assert written == len(rows) == len(_expected_rows(office))
    assert [c.value for c in events[1]] == HEADINGS
    assert _project(rows) == _expected_rows(office)
    assert rows == _read_csv(_export_to(office, tmp_path))  # same columns, same cells as the CSV
    for sheet in (events, evidence):
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            for heading, cell in zip(header, row, strict=True):
                if cell.value is not None:
                    wanted = "n" if heading in NUMBERS else "s"  # seq, activity and size sort as numbers
                    assert cell.data_type == wanted, (sheet.title, cell.coordinate, cell.value)
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert (sheet.column_dimensions["B"].width or 0) > 20


def test_xlsx_evidence_sheet_has_one_row_per_evidence_file(office: Office, tmp_path: Path) -> None:
    first, second = _scenario(office, tmp_path)
    out = tmp_path / "trail.xlsx"
    export(office.as_user("admin"), "xlsx", out)
    sheet = openpyxl.load_workbook(out)["Evidence"]
    assert [c.value for c in sheet[1]] == EVIDENCE_HEADINGS
    rows = _sheet_rows(sheet)
    with office.as_user("admin").store.read() as tx:
        stored = tx.evidence(first) + tx.evidence(second)
    assert len(stored) == 3 + 33  # the three files, and the circular request once per dependencia
    assert [(r["Seq"], r["Cycle"], r["Activity"], r["Record id"], _unshown(r["File"]), r["SHA-256"], r["Size (bytes)"],
             r["Media type"], r["Actor login"]) for r in rows] == [
        (str(e.audit_seq), e.cycle_id, str(e.activity), e.record_id, e.display_name, e.sha256, str(e.size),
         e.media_type, e.attached_by) for e in sorted(stored, key=lambda e: e.audit_seq)]
    assert "'@correo.txt" in [r["File"] for r in rows]
    assert all(r["Record"] and r["Activity name"] and r["Actor name"] for r in rows)


def _unshown(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def test_xlsx_neutralises_formulas_and_filters_like_the_csv(office: Office, tmp_path: Path) -> None:
    first, _ = _scenario(office, tmp_path)
    book = openpyxl.load_workbook(_export_to(office, tmp_path, "xlsx", cycle=first))
    rows = _sheet_rows(book["Events"])
    assert {r["Cycle"] for r in rows} == {first}
    assert "'+falta la Secretaría de Salud" in {r["Reason"] for r in rows}
    assert {"'-5 días de plazo", "'@todos revisen", "revisado; a=b\nsegunda línea"} <= {r["Note"] for r in rows}
    assert "Luis Pérez" in {r["Actor name"] for r in rows}
    later = _sheet_rows(openpyxl.load_workbook(_export_to(office, tmp_path, "xlsx", since="2026-12-01"))["Events"])
    assert {r["Actor name"] for r in later} == {"'=Pedro Malo"}


def test_xlsx_in_spanish(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    set_language("es")
    book = openpyxl.load_workbook(_export_to(office, tmp_path, "xlsx"))
    assert book.sheetnames == ["Eventos", "Evidencias"]
    assert book["Eventos"]["A1"].value == "Secuencia"
    assert book.properties.title == "Registro de auditoría"


def test_xlsx_marks_a_cell_it_had_to_cut(tmp_path: Path) -> None:
    long_note = "x" * 40_000
    out = tmp_path / "long.xlsx"
    with out.open("wb") as handle:
        assert xlsx_export.write(iter([_synthetic(1, note=long_note)]), handle, _context()) == 1
    note = openpyxl.load_workbook(out)["Events"]["U2"].value
    assert note.startswith("x" * 30_000) and "40000" in note and len(note) <= 32_767
    buffer = io.BytesIO()
    csv_export.write(iter([_synthetic(1, note=long_note)]), buffer, _context())
    assert long_note.encode() in buffer.getvalue()  # the CSV carries it whole


def test_xlsx_refuses_more_rows_than_excel_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 4)
    with (tmp_path / "big.xlsx").open("wb") as handle, pytest.raises(Refused) as refused:
        xlsx_export.write(_many(10), handle, _context())
    assert "CSV" in str(refused.value)


def test_a_failed_xlsx_export_leaves_no_file_behind(office: Office, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _scenario(office, tmp_path)
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 4)
    out = tmp_path / "exports" / "trail.xlsx"
    with pytest.raises(Refused):
        export(office.as_user("admin"), "xlsx", out)
    assert not out.exists() and list(out.parent.iterdir()) == []


# -- streaming --------------------------------------------------------------------------------------

def _context() -> ExportContext:
    return ExportContext(generated_at="2026-11-30T13:00:00.000000Z", generated_by="auditor")


def _synthetic(seq: int, note: str | None = None) -> ExportEvent:
    """One plausible completion event with its own strings (a held list would really cost memory)."""
    digest = f"{seq:064x}"
    return ExportEvent(
        seq=seq, at=f"2026-11-30T13:{seq // 60 % 60:02d}:{seq % 60:02d}.{seq % 1_000_000:06d}Z",
        type="activity.completed", cycle_id=f"{CODE}-{seq:06d}", actor_login=f"user{seq % 97}",
        actor_name=f"Funcionario número {seq}", role_id="profesional_universitario",
        role_name="Profesional Universitario", area_id="oficina_sig", area_name="Oficina SIG",
        procedure_code=CODE, procedure_version="2", activity_number=seq % 5 + 1,
        activity_name="Revisar la hoja de vida del trámite", from_state="activity_2", to_state="activity_3",
        evidence=(EvidenceRef(sha256=digest[::-1], name=f"informe-{seq}.pdf", size=seq * 10,
                              media_type="application/pdf", record_id="informe", record_name="Informe",
                              item=None),),
        note=note if note is not None else f"nota {seq}", reason=None, payload=b"{}", prev_hash=f"{seq - 1:064x}",
        hash=digest)


def _many(count: int) -> Iterator[ExportEvent]:
    for seq in range(1, count + 1):
        yield _synthetic(seq)


def _peak(run: Any) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


COUNT = 20_000


def test_csv_streams_in_flat_memory(tmp_path: Path) -> None:
    held = _peak(lambda: list(_many(COUNT // 10))) * 10  # what holding them all would cost, about
    with (tmp_path / "many.csv").open("wb") as handle:
        written: list[int] = []
        peak = _peak(lambda: written.append(csv_export.write(_many(COUNT), handle, _context())))
    assert written == [COUNT]
    assert peak < 20 * 1024 * 1024 and peak * 10 < held, (peak, held)
    with (tmp_path / "many.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sum(1 for _ in csv.reader(handle, delimiter=";")) == COUNT + 1


def test_xlsx_streams_in_flat_memory(tmp_path: Path) -> None:
    count = COUNT // 10  # xlsxwriter is slower per row; the shape of the curve is what matters
    with (tmp_path / "many.xlsx").open("wb") as handle:
        written: list[int] = []
        peak = _peak(lambda: written.append(xlsx_export.write(_many(count), handle, _context())))
    assert written == [count]
    assert peak < 20 * 1024 * 1024, peak
    book = openpyxl.load_workbook(tmp_path / "many.xlsx", read_only=True)
    assert book["Events"].max_row == count + 1 and book["Evidence"].max_row == 1  # no attach events
    book.close()
