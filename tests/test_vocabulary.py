"""One vocabulary: every audit event type has one label, and the terminal (`cycle show`), the CSV, the
XLSX, the XES log and the HTML report all show that same label for it.

Each output is read back the way its reader would (the table a person sees, the cells Excel opens,
the attributes a process-mining tool reads, the report's table cells) and every event's label is
compared with `event_label` of its type: one output that used a label of its own fails here.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

from tests.conftest import CODE, ROOT, Office, complete_step, write_file
from workflow.cli import render
from workflow.core import events as ev
from workflow.core.events import EVENT_TYPES, event_label
from workflow.exports import csv_export, html_export, xes_export, xlsx_export
from workflow.exports.source import ExportContext, ExportEvent
from workflow.i18n import LANGUAGES, catalogue, t, using_language
from workflow.service import auditing
from workflow.service.facade import EvidenceInput
from workflow.service.views import CycleDetail, CycleView, HistoryEntry

# The types the shipped procedure produces when driven below; the others come from other procedures
# (suspend, resume, skip), another version (migrate) or PostgreSQL (db grant), and are fed to the
# writers directly in `test_every_type_reads_the_same_in_every_output`.
CYCLE_TYPES = {ev.CYCLE_STARTED, ev.ACTIVITY_COMPLETED, ev.EVIDENCE_ATTACHED, ev.ITEM_WAIVED, ev.CYCLE_RETURNED,
               ev.CYCLE_CANCELLED}
OUTSIDE_TYPES = {ev.PROCEDURE_PUBLISHED, ev.STAFF_ADDED, ev.STAFF_CHANGED, ev.REFERENCE_PUBLISHED}
FORGED = "cycle.exploded"  # a type that is none of ours, as a forged payload would carry

Labels = dict[int, str]  # seq -> the label an output shows for that event


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_type_has_its_own_label_in_each_language(language: str) -> None:
    assert [kind for kind in EVENT_TYPES if f"event.{kind}" not in catalogue()] == []
    with using_language(language):
        labels = {kind: event_label(kind) for kind in EVENT_TYPES}
    assert all(label.strip() and label != kind for kind, label in labels.items()), labels
    assert len(set(labels.values())) == len(EVENT_TYPES), labels  # no two types read the same


def test_a_type_that_is_none_of_ours_shows_as_it_is() -> None:
    for kind in (FORGED, "", "cli.title", "event.cycle.started", "<b>x</b>"):
        assert event_label(kind) == kind


# The same thing has one name on screen, in the spreadsheets and in the report: (CLI heading, CSV/XLSX
# heading, report heading) keys of each concept that all three show.
CONCEPTS = {
    "item": ("cli.col.item", "export.tabular.column.item", "export.report.col.item"),
    "role": ("cli.col.role", "export.tabular.column.role_name", "export.report.col.role"),
    "area": ("cli.col.area", "export.tabular.column.area_name", "export.report.col.area"),
    "activity": ("cli.col.activity", "export.tabular.column.activity_number", "export.report.col.activity"),
    "cycle": ("cli.col.id", "export.tabular.column.cycle", "export.report.col.cycle"),
    "event": ("cli.col.event", "export.tabular.column.type_label", "export.report.col.event"),
    "reason": ("cli.col.reason", "export.tabular.column.reason", "export.report.reason"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_word_per_concept_on_screen_in_spreadsheets_and_report(language: str) -> None:
    with using_language(language):
        words = {concept: {t(key) for key in keys} for concept, keys in CONCEPTS.items()}
        item_word = t("cli.col.item").lower()
        mentions = {t("cli.items").lower(), t("export.report.item", item="x").split()[0].lower(),
                    t("cli.item_text", item="x").split(":")[0].lower(), t("event.item.waived").split()[0].lower(),
                    t("export.tabular.column.items").lower()}
    assert {concept: w for concept, w in words.items() if len(w) != 1} == {}
    # an item is called so (elemento) wherever it is mentioned, never "ítem" in one place
    assert {m.removesuffix("s") for m in mentions} == {item_word}, mentions


# Each cycle command and the audit event it records: the help says the action with the verb the
# event's label uses ("Exime un elemento..." / "Elemento eximido"), so a person reading the trail
# recognises the command they typed.
COMMAND_EVENTS = {
    "cycle_start": ev.CYCLE_STARTED, "attach": ev.EVIDENCE_ATTACHED, "waive": ev.ITEM_WAIVED,
    "complete": ev.ACTIVITY_COMPLETED, "return": ev.CYCLE_RETURNED, "skip": ev.ACTIVITY_SKIPPED,
    "suspend": ev.CYCLE_SUSPENDED, "resume": ev.CYCLE_RESUMED, "cancel": ev.CYCLE_CANCELLED,
    "migrate": ev.CYCLE_MIGRATED,
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_command_and_its_event_use_one_verb(language: str) -> None:
    with using_language(language):
        pairs = {command: (t(f"cli.help.{command}"), event_label(kind)) for command, kind in COMMAND_EVENTS.items()}
    # the verb's stem: the help's first word, the label's participle (its second word)
    differ = {command: (help_text, label) for command, (help_text, label) in pairs.items()
              if help_text.split()[0][:4].lower() != label.split()[1][:4].lower()}
    assert differ == {}


# -- reading each output back ------------------------------------------------------------------------

def _cli_table(text: str) -> Labels:
    """The Timeline table of `cycle show` as printed by rich: seq -> the text of the event column
    (a label wrapped over two lines is joined again)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == t("cli.title.timeline"))
    rows: list[list[str]] = []
    for line in lines[start + 1:]:
        if line.startswith("└"):
            break
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) != 7:  # borders and the header row (drawn with ┃)
            continue
        seq, _when, _who, label, _detail = cells[1:6]
        if seq:
            rows.append([seq, label])
        elif label:
            rows[-1][1] += " " + label
    return {int(seq): label for seq, label in rows}


def _cli_show(office: Office, cycle_id: str, language: str) -> Labels:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
    env.update(WORKFLOW_HOME=str(office.home), WORKFLOW_USER="admin", WORKFLOW_LANG=language, NO_COLOR="1",
               COLUMNS="220", PYTHONIOENCODING="utf-8")
    shown = subprocess.run([sys.executable, "-m", "workflow", "cycle", "show", cycle_id], capture_output=True,
                           text=True, encoding="utf-8", cwd=ROOT, env=env, check=True)
    return _cli_table(shown.stdout)


def _csv(path: Path) -> Labels:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    seq, label = t("export.tabular.column.seq"), t("export.tabular.column.type_label")
    return {int(row[seq]): row[label] for row in rows}


def _xlsx(path: Path) -> Labels:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book[t("export.tabular.sheet.events")]
        rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()  # read-only mode keeps the file open until told
    seq, label = rows[0].index(t("export.tabular.column.seq")), rows[0].index(t("export.tabular.column.type_label"))
    return {int(row[seq]): str(row[label]) for row in rows[1:]}


def _xes(path: Path) -> Labels:
    labels: Labels = {}
    for event in ET.parse(path).getroot().iter("{http://www.xes-standard.org/}event"):
        values = {child.get("key"): child.get("value") or "" for child in event}
        labels[int(values["seq"])] = values["type_label"]
    return labels


class _Tables(HTMLParser):
    """Each table of the report by class: its column headings and the text of each body cell."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self._table: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table.append(dict(attrs).get("class") or "")
            self.headings.setdefault(self._table[-1], [])
            self.rows.setdefault(self._table[-1], [])
        elif tag == "tr" and self._table:
            self.rows[self._table[-1]].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table:
            self._table.pop()
        elif tag in ("td", "th") and self._cell is not None and self._table:
            text = " ".join("".join(self._cell).split())
            if tag == "th" and not self.rows[self._table[-1]][-1]:
                self.headings[self._table[-1]].append(text)
            else:
                self.rows[self._table[-1]][-1].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html(text: str) -> Labels:
    tables = _Tables(text)
    labels: Labels = {}
    for name in ("timeline", "others"):
        headings = tables.headings.get(name, [])
        if not headings:
            continue
        seq, label = headings.index(t("export.report.col.seq")), headings.index(t("export.report.col.event"))
        labels.update({int(row[seq]): row[label] for row in tables.rows[name] if len(row) == len(headings)})
    return labels


def _same_label_everywhere(outputs: dict[str, Labels], types: dict[int, str], expected: dict[str, set[str]]) -> None:
    """Every event in every output shows `event_label` of its type, and each output shows the types
    it is expected to hold."""
    shown: dict[str, dict[str, set[str]]] = {}  # type -> output -> labels shown
    for output, labels in outputs.items():
        assert labels, output
        for seq, label in labels.items():
            shown.setdefault(types[seq], {}).setdefault(output, set()).add(label)
        missing = expected[output] - {types[seq] for seq in labels}
        assert not missing, (output, missing)
    for kind, by_output in shown.items():
        assert by_output == {output: {event_label(kind)} for output in by_output}, (kind, by_output)


# -- a cycle driven through the service, read in every output ------------------------------------------

def _drive(office: Office, folder: Path) -> str:
    """A cycle of the shipped procedure with one event of each type it can produce, and events outside
    any cycle: publication, staff added and changed, a reference list published."""
    office.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana María Rojas")  # changed
    office.as_user("admin").publish_data(write_file(folder, "vocabulario.yaml",
                                                       "id: vocabulario\nitems: [Secretaría General]\n"), "list")
    cycle_id = office.as_user("ana").start_cycle(CODE, "vocabulario").id
    complete_step(office, folder, cycle_id, 1)
    office.as_user("luis").waive(cycle_id, "essmar", "sin trámites")
    mail = EvidenceInput(write_file(folder, "circular.txt", "a todas"), "correo_electronico")
    office.as_user("luis").attach(cycle_id, mail, all_pending=True)
    office.as_user("luis").return_cycle(cycle_id, 1, "falta la revisión")
    office.as_user("admin").cancel(cycle_id, "duplicado")
    return cycle_id


def _stored_types(office: Office) -> dict[int, str]:
    with office.as_user("admin").store.read() as tx:
        return {row[0]: row[2] for row in tx.export_rows()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cycle_reads_the_same_on_screen_and_in_every_export(office: Office, tmp_path: Path,
                                                              language: str) -> None:
    cycle_id = _drive(office, tmp_path)
    types = _stored_types(office)
    assert set(types.values()) == CYCLE_TYPES | OUTSIDE_TYPES
    admin = office.as_user("admin")
    with using_language(language):
        paths = {fmt: tmp_path / f"trail.{fmt}" for fmt in ("csv", "xlsx", "xes", "html")}
        for fmt, path in paths.items():
            auditing.export(admin, fmt, path)
        outputs = {"cycle show": _cli_show(office, cycle_id, language), "csv": _csv(paths["csv"]),
                   "xlsx": _xlsx(paths["xlsx"]), "xes": _xes(paths["xes"]),
                   "html": _html(paths["html"].read_text(encoding="utf-8"))}
        everything = CYCLE_TYPES | OUTSIDE_TYPES
        _same_label_everywhere(outputs, types, {"cycle show": CYCLE_TYPES, "csv": everything, "xlsx": everything,
                                                "xes": CYCLE_TYPES, "html": everything})


# -- every type, fed to the writers and the screen directly ----------------------------------------------

def _synthetic() -> list[ExportEvent]:
    """One event of each type (and one of a type that is none of ours), all in one cycle so that the
    XES log and the report's timeline hold every one of them."""
    return [ExportEvent(seq=seq, at=f"2026-11-30T13:00:{seq:02d}.000000Z", type=kind, cycle_id="C-1",
                        actor_login="ana", actor_name="Ana Rojas", role_id=None, role_name=None, area_id=None,
                        area_name=None, procedure_code=CODE, procedure_version="2", activity_number=None,
                        activity_name=None, from_state=None, to_state=None, evidence=(), note=None, reason=None,
                        payload=b"{}", prev_hash="0" * 64, hash=f"{seq:064x}")
            for seq, kind in enumerate((*EVENT_TYPES, FORGED), start=1)]


def _written(write: Callable[[Iterator[ExportEvent], io.BytesIO, ExportContext], int], language: str,
             folder: Path, name: str) -> Path:
    out = io.BytesIO()
    write(iter(_synthetic()), out, ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t",
                                                 language=language))
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


def _screen(events: list[ExportEvent]) -> Labels:
    history = tuple(HistoryEntry(seq=e.seq, type=e.type, actor=e.actor_login, actor_name=e.actor_name, role=None,
                                 area=None, at=e.at, from_state=None, to_state=None, activity=None, evidence=(),
                                 note=None, reason=None, hash=e.hash) for e in events)
    cycle = CycleView(id="C-1", procedure=CODE, version="2", title=None, state="active", activity=1,
                      activity_name=None, started_at=events[0].at, started_by="ana", updated_at=events[-1].at,
                      ended_at=None)
    screen = Console(file=io.StringIO(), width=220, no_color=True, highlight=False)
    screen.print(render.timeline(CycleDetail(cycle=cycle, procedure_title="", history=history, evidence=(),
                                             requirement=None)))
    return _cli_table(screen.file.getvalue())  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_type_reads_the_same_in_every_output(tmp_path: Path, language: str) -> None:
    events = _synthetic()
    types = {e.seq: e.type for e in events}
    with using_language(language):
        outputs = {"cycle show": _screen(events),
                   "csv": _csv(_written(csv_export.write, language, tmp_path, "trail.csv")),
                   "xlsx": _xlsx(_written(xlsx_export.write, language, tmp_path, "trail.xlsx")),
                   "xes": _xes(_written(xes_export.write, language, tmp_path, "trail.xes")),
                   "html": _html(_written(html_export.write, language, tmp_path, "trail.html").read_text("utf-8"))}
        every = {*EVENT_TYPES, FORGED}
        _same_label_everywhere(outputs, types, dict.fromkeys(outputs, every))
        assert {labels[len(events)] for labels in outputs.values()} == {FORGED}  # shown as it is
