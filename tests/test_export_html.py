"""The HTML report: one self-contained, escaped, bilingual file that a browser renders and prints."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import CODE, Office
from workflow import auditing
from workflow.exports.html_export import write
from workflow.exports.source import EvidenceRef, ExportContext, ExportEvent, ProcedureHeader
from workflow.i18n import current_language
from workflow.service import EvidenceInput

WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}
RECORDS = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}
SCRIPT = "<script>alert('x')</script>"



@pytest.fixture
def office(any_office: Office) -> Office:
    """Exports read what the store holds: these tests run on SQLite and on PostgreSQL."""
    return any_office

class Page(HTMLParser):
    """The parts of a page the tests look at: tags with attributes, text, and rows per table class."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: dict[str, int] = {}
        self.title = ""
        self._tables: list[str] = []
        self._in_title = False
        self._in_tbody = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "table":
            self._tables.append(found.get("class") or "")
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody and self._tables:
            self.rows[self._tables[-1]] = self.rows.get(self._tables[-1], 0) + 1
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._tables:
            self._tables.pop()
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data

    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def having(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def _file(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _complete(office: Office, tmp_path: Path, cycle_id: str, number: int, note: str | None = None) -> None:
    given = [EvidenceInput(_file(tmp_path, f"{cycle_id}-{number}.txt", f"{cycle_id} {number}"), RECORDS[number])] \
        if number in RECORDS else []
    if number == 2:  # one request per dependencia: a circular e-mail answers every item
        office.as_user(WHO[number]).attach(cycle_id, given[0], all_pending=True)
    office.as_user(WHO[number]).complete(cycle_id, number, given, note=note)


def _scenario(office: Office, tmp_path: Path) -> dict[str, str]:
    """Three interleaved cycles: one run to the end (a note with a script in it), one returned and
    cancelled, one still open."""
    full = office.as_user("ana").start_cycle(CODE, f"Revisión {SCRIPT}").id
    returned = office.as_user("ana").start_cycle(CODE).id
    _complete(office, tmp_path, full, 1)
    _complete(office, tmp_path, returned, 1)
    office.as_user("luis").attach(returned, EvidenceInput(_file(tmp_path, "c.txt", "correo"), "correo_electronico"))
    for number in range(2, 6):
        _complete(office, tmp_path, full, number, note=f"nota {SCRIPT} & más" if number == 3 else None)
    office.as_user("luis").return_cycle(returned, 1, "Falta la revisión")
    office.as_user("admin").cancel(returned, "Duplicado")
    open_cycle = office.as_user("ana").start_cycle(CODE, "abierto").id
    return {"full": full, "returned": returned, "open": open_cycle}


def _export(office: Office, tmp_path: Path, cycle: str | None = None) -> tuple[Path, int]:
    out = tmp_path / "report.html"
    return out, auditing.export(office.as_user("admin"), "html", out, cycle=cycle)


def test_the_report_has_its_document_control_verification_and_sections(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    out, written = _export(office, tmp_path)
    raw = out.read_text(encoding="utf-8")
    page = Page(raw)
    text = page.all_text()
    assert raw.startswith("<!DOCTYPE html>")
    assert page.having("html", lang="en") and page.having("meta", charset="utf-8")
    assert page.title.startswith("Audit trail report") and CODE in page.title
    procedure, row = office.as_user("admin").procedure(CODE)
    for fact in ("Alcaldía de Santa Marta", CODE, "Atención por canal virtual", "Gestión de Atención al Ciudadano",
                 "Version in force", "Change control", "Resolución 3725", "Generated by admin",
                 "none: the whole trail"):
        assert fact in text, fact
    assert row.sha256 in "".join(text.split())
    assert "Intact" in text and "No checkpoint taken" in text
    assert f"Events in the log {written}" in text
    # Every exported event once: cycle events in the timeline, the others in the last section.
    histories = {c: office.as_user("admin").cycle(c).history for c in cycles.values()}
    assert page.rows["timeline"] == sum(len(h) for h in histories.values())
    assert page.rows["timeline"] + page.rows["others"] == written
    assert "Procedure published" in text and "Staff member added" in text
    # One section and one traceability matrix per cycle.
    assert sorted(a["id"] or "" for a in page.having("section", **{"class": "cycle"})) == sorted(
        f"cycle-{c}" for c in cycles.values())
    assert len(page.having("table", **{"class": "matrix"})) == len(cycles)
    assert procedure.activities[1].name in text


def test_the_latest_checkpoint_is_shown_and_checked(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    signed = auditing.take_checkpoint(office.as_user("admin"), tmp_path / "cp.txt")
    out, _written = _export(office, tmp_path)
    text = Page(out.read_text(encoding="utf-8")).all_text()
    assert "Signed checkpoint" in text and "No checkpoint taken" not in text
    assert f"Events covered {signed.size}" in text and signed.head in text and signed.key in text
    assert "valid with the key kept beside the data" in text
    assert f"Event {signed.size} in this report has the head hash signed in the checkpoint." in text
    # A checkpoint whose text was changed after signing is reported, not trusted.
    forged = (tmp_path / "cp.txt").read_text(encoding="utf-8").replace(f"size: {signed.size}", "size: 1")
    buffer = io.BytesIO()
    write(iter(()), buffer, ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t",
                                          checkpoint_text=forged,
                                          public_key_text=(tmp_path / "cp.txt").with_name("x").as_posix()))
    assert "NOT valid" in Page(buffer.getvalue().decode("utf-8")).all_text()
    kept = office.settings.checkpoints_dir / "latest.pub"
    buffer = io.BytesIO()
    write(iter(()), buffer, ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t",
                                          checkpoint_text=forged, public_key_text=kept.read_text(encoding="utf-8")))
    assert "NOT valid with the kept key" in Page(buffer.getvalue().decode("utf-8")).all_text()


def test_timeline_rows_carry_the_traceability_fields(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    out, _written = _export(office, tmp_path)
    text = Page(out.read_text(encoding="utf-8")).all_text()
    detail = office.as_user("admin").cycle(cycles["full"])
    evidence = {e.record: e for e in detail.evidence}
    assert "Luis Pérez (luis)" in text and "Profesional Universitario" in text and "Oficina SIG" in text
    assert "activity 2 → activity 3" in text and "activity 5 → completed" in text
    assert "Reason: Falta la revisión" in text and "Reason: Duplicado" in text
    assert evidence["correo_electronico"].sha256 in "".join(text.split())
    assert "2026-11-30 13:00" in text


def test_the_matrix_shows_evidence_and_pending_records(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    out, _written = _export(office, tmp_path, cycle=cycles["returned"])
    raw = out.read_text(encoding="utf-8")
    page = Page(raw)
    text = page.all_text()
    assert len(page.having("table", **{"class": "matrix"})) == 1
    assert "No record required (N/A)" in text  # activity 1
    assert "c.txt" in text and "Luis Pérez (luis)" in text and "Attached" in text
    assert raw.count('class="pending"') == 3 and 'class="missing"' not in raw  # activities 3 to 5
    assert f"cycle {cycles['returned']}" in text  # the filter is in the header


def test_a_script_in_user_text_stays_text(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    out, _written = _export(office, tmp_path)
    raw = out.read_text(encoding="utf-8")
    page = Page(raw)
    assert not [tag for tag, _attrs in page.tags if tag == "script"]
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    assert SCRIPT in page.all_text() and f"nota {SCRIPT} & más" in page.all_text()


def test_self_contained_and_printable(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    out, _written = _export(office, tmp_path)
    raw = out.read_text(encoding="utf-8")
    page = Page(raw)
    references = [value for _tag, attrs in page.tags for key, value in attrs.items()
                  if key in ("src", "href", "srcset", "data", "action", "poster") and value]
    assert references and all(value.startswith("#") for value in references)
    assert "http://" not in raw and "https://" not in raw and "url(" not in raw and "@import" not in raw
    assert not [tag for tag, _attrs in page.tags if tag in ("link", "script", "img", "iframe", "object")]
    assert "@media print" in raw and "table-header-group" in raw and "break-before: page" in raw


def test_spanish_report(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    with office.as_user("admin").store.read() as tx:
        rows = list(tx.export_rows())
    from workflow.exports.source import iter_events

    context = ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="auditora", language="es",
                            procedures=_headers(office), cycle=cycles["full"])
    out = io.BytesIO()
    write(iter_events(iter(rows), lambda _sha, _kind, ident: ident), out, context)
    raw = out.getvalue().decode("utf-8")
    page = Page(raw)
    assert page.having("html", lang="es")
    text = page.all_text()
    for label in ("Informe de trazabilidad", "Control del documento", "Matriz de trazabilidad", "Cronología",
                  "Generado por auditora", "No se verificó", "Adjunta", "actividad 2 → actividad 3"):
        assert label in text, label
    assert "export.report." not in raw  # no label without its text
    assert current_language() == "en"  # the shell's language is left as it was


def _headers(office: Office) -> tuple[ProcedureHeader, ...]:
    procedure, row = office.as_user("admin").procedure(CODE)
    return (ProcedureHeader(
        code=procedure.code, title=procedure.title, version=procedure.version, sha256=row.sha256,
        published_at=row.published_at, organization=procedure.organization.name, process=procedure.process,
        change_control=(), activities=tuple((a.number, a.name, tuple((r, procedure.record(r).name)
                                                                     for r in a.records))
                                            for a in procedure.activities)),)


def _event(seq: int, kind: str, cycle_id: str | None, number: int | None = None,
           evidence: tuple[EvidenceRef, ...] = (), to_state: str | None = None) -> ExportEvent:
    return ExportEvent(seq=seq, at=f"2026-11-30T13:00:{seq:02d}.000000Z", type=kind, cycle_id=cycle_id,
                       actor_login="ana", actor_name="Ana Rojas", role_id="profesional_universitario",
                       role_name="Profesional Universitario", area_id="atencion_ciudadano", area_name="Atención",
                       procedure_code=CODE, procedure_version="2", activity_number=number,
                       activity_name=f"Actividad {number}" if number else None, from_state=None,
                       to_state=to_state, evidence=evidence, note=None, reason=None, payload=b"{}",
                       prev_hash="0" * 64, hash=f"{seq:064x}")


HEADER = ProcedureHeader(code=CODE, title="Atención", version="2", sha256="ab" * 32,
                         published_at="2026-11-30T12:00:00.000000Z", organization="Alcaldía", process="GAC",
                         change_control=(), activities=((1, "Revisar", ()), (2, "Solicitar", (("correo", "Correo"),)),
                                                        (3, "Levantar", (("hoja", "Hoja de vida"),))))


def test_a_completed_activity_without_its_record_is_shown_missing() -> None:
    correo = EvidenceRef(sha256="cd" * 32, name="correo.eml", size=10, media_type="message/rfc822",
                         record_id="correo", record_name="Correo", item=None)
    events = [_event(1, "cycle.started", "C-1", 1, to_state="activity_1"),
              _event(2, "activity.completed", "C-1", 1, to_state="activity_2"),
              _event(3, "evidence.attached", "C-1", 2, (correo,), to_state="activity_2"),
              _event(4, "activity.completed", "C-1", 2, (correo,), to_state="activity_3"),
              _event(5, "activity.completed", "C-1", 3, to_state="completed")]  # no "hoja": missing
    out = io.BytesIO()
    verify = {"ok": False, "events": 5, "first_bad_seq": 4, "problem": "event 4 was altered", "evidence_files": 1}
    written = write(iter(events), out, ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t",
                                                     procedures=(HEADER,), verify=verify))
    assert written == 5
    raw = out.getvalue().decode("utf-8")
    text = Page(raw).all_text()
    assert "✘ MISSING" in text and 'class="missing"' in raw
    assert "correo.eml" in text and "cd" * 32 in "".join(text.split()) and "Ana Rojas (ana)" in text
    assert "BROKEN: the first bad event is 4." in text and "event 4 was altered" in text
    assert 'class="pending"' not in raw


def test_the_report_is_streamed() -> None:
    out = io.BytesIO()
    seen: list[bytes] = []

    def events() -> Iterator[ExportEvent]:
        seen.append(out.getvalue())
        yield _event(1, "cycle.started", "C-1", 1, to_state="activity_1")
        yield _event(2, "staff.added", None)
        seen.append(out.getvalue())
        yield _event(3, "activity.completed", "C-1", 1, to_state="activity_2")

    write(events(), out, ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t",
                                       procedures=(HEADER,)))
    assert b'<table class="timeline">' in seen[0] and b"Document control" in seen[0]  # before any event
    assert seen[1].count(b'<tr class="event') == 1  # the first row is out before the third event is read
    page = Page(out.getvalue().decode("utf-8"))
    assert page.rows["timeline"] == 2 and page.rows["others"] == 1


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def test_a_real_browser_renders_the_report(office: Office, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium not installed: apt-get install chromium")
    cycles = _scenario(office, tmp_path)
    out, _written = _export(office, tmp_path)
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    page = Page(dom)
    total = sum(len(office.as_user("admin").cycle(c).history) for c in cycles.values())
    assert page.rows["timeline"] == total
    assert len(page.having("table", **{"class": "matrix"})) == 3
    assert not [tag for tag, _attrs in page.tags if tag == "script"]
    shot = tmp_path / "shot.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2000", out.as_uri()], capture_output=True,
                   timeout=60, check=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
