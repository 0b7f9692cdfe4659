"""Forged audit rows through every export: someone with the SQLite file in hand appends correctly chained
events whose fields hold markup, terminal escapes and numbers that are not numbers (a string, a float,
a huge int, null, a list, a mapping, a boolean). Every export still writes a valid document, nothing
is injected, and the text is there as it was written."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import Office, cycle_at
from tests.hostile import HOSTILE, HTML, MARKUP, NOT_NUMBERS, cli, forge, forged_step

XES = "{http://www.xes-standard.org/}"
# The elements and attributes our report writes; a forged value must add none.
REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "nav", "strong", "ol", "li", "a", "header",
               "h1", "h2", "h3", "p", "section", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
               "small", "code", "wbr", "time", "span", "ul", "div", "br", "pre", "details", "summary", "em", "b",
               "caption", "footer", "main", "article", "figure", "figcaption"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[int]]:
    """An office whose cycle got one forged event per odd "number" (module-wide: the set-up is the cost)."""
    from tests.conftest import _staffed_office
    from workflow.i18n import set_language

    set_language("en")
    home, folder = tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("files")
    office = _staffed_office(home, None)
    cycle_id = cycle_at(office, folder, 2, title=HOSTILE)
    seqs = [forge(home, forged_step(cycle_id, number)) for number in NOT_NUMBERS]
    office.close()
    return home, cycle_id, seqs


def _export(home: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"trail.{fmt}"
    result = cli(home, "audit", "export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, repr(result.exception)  # before: int() of a forged size, a traceback
    return out


def test_the_forged_chain_is_reported_not_a_crash(forged: tuple[Path, str, list[int]]) -> None:
    """Well chained, but each event returns the cycle from activity 2 to 1: the first is a step luis may
    take; the second starts from where the cycle no longer is, and verify names it (exit 1), whatever odd
    values the events hold."""
    home, _, seqs = forged
    result = cli(home, "audit", "verify", "--json")
    assert result.exit_code == 1, result.output
    verified = json.loads(result.output)
    assert verified["first_bad_seq"] == seqs[1]
    assert "started from activity_2, but the cycle was at activity_1" in verified["problem"]


def test_html_report_injects_nothing_and_shows_the_text(forged: tuple[Path, str, list[int]], tmp_path: Path) -> None:
    raw = _export(forged[0], "html", tmp_path).read_text(encoding="utf-8")
    page = _Tags()
    page.feed(raw)
    page.close()
    tags = {tag for tag, _attrs in page.tags}
    assert tags <= REPORT_TAGS, tags - REPORT_TAGS
    assert not [a for _t, attrs in page.tags for a in attrs if a.startswith("on")]
    assert not [v for _t, attrs in page.tags for v in attrs.values() if v and "evil" in v]
    text = " ".join(page.text)
    assert HTML.split(" & ")[0] in text and "</script>" in text  # the markup as text an auditor reads
    assert MARKUP in text
    for number in ("1.5", str(10**40), "[1, 2]", '{"n": 1}', "true"):
        assert number in text, number


def test_xes_is_valid_and_odd_numbers_are_strings(forged: tuple[Path, str, list[int]], tmp_path: Path) -> None:
    root = ET.parse(_export(forged[0], "xes", tmp_path)).getroot()
    in_xml = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", HOSTILE)  # XML 1.0 cannot hold these at all
    events = [e for e in root.iter(XES + "event")
              if any(a.get("key") == "reason" and a.get("value") == in_xml for a in e)]
    assert len(events) == len(NOT_NUMBERS)
    numbers: list[tuple[str, str | None]] = []
    for event in events:
        for attribute in event:
            if attribute.get("key") == "activity_number":
                numbers.append((attribute.tag.removeprefix(XES), attribute.get("value")))
    for kind, value in numbers:
        if kind == "int":
            int(value or "")  # an int attribute holds an integer XES readers can parse
            assert -(2**63) <= int(value or "") < 2**63
    assert ("string", "<img src=x onerror=alert(1)>") in numbers and ("string", "1.5") in numbers
    assert ("string", str(10**40)) in numbers and ("int", "-3") in numbers and ("string", "true") in numbers
    for ints in root.iter(XES + "int"):
        int(ints.get("value") or "")  # sizes too: before, a forged size was written as an int attribute


def test_csv_and_jsonl_keep_the_text(forged: tuple[Path, str, list[int]], tmp_path: Path) -> None:
    home, _cycle, seqs = forged
    rows = list(csv.reader(io.StringIO(_export(home, "csv", tmp_path).read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    assert sum(row.count(HOSTILE) for row in rows) >= len(seqs) * 5  # raw values, as the contract says
    lines = [json.loads(line) for line in _export(home, "jsonl", tmp_path).read_text(encoding="utf-8").splitlines()]
    forged_lines = [line for line in lines if line.get("seq") in seqs]
    assert len(forged_lines) == len(seqs)
    assert all(json.loads(line["payload"])["reason"] == HOSTILE for line in forged_lines)


def test_xlsx_opens_and_keeps_the_text(forged: tuple[Path, str, list[int]], tmp_path: Path) -> None:
    book = load_workbook(_export(forged[0], "xlsx", tmp_path), read_only=True)
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(MARKUP in c for c in cells)


def test_an_office_export_is_unchanged_for_real_numbers(office: Office, tmp_path: Path) -> None:
    cycle_at(office, tmp_path, 3)
    root = ET.parse(_export(office.home, "xes", tmp_path)).getroot()
    kinds = {a.tag.removeprefix(XES) for e in root.iter(XES + "event") for a in e
             if a.get("key") in ("activity_number", "size")}
    assert kinds == {"int"}


def test_a_forged_lone_surrogate_is_written_everywhere_as_its_escape(office: Office, tmp_path: Path) -> None:
    """JSON's `\\ud800` decodes to a character no UTF-8 file can hold: every output says `\\ud800`."""
    cycle_id = cycle_at(office, tmp_path, 2)
    forge(office.home, forged_step(cycle_id, 2, "malo \ud800 fin"))
    shown = cli(office.home, "cycle", "show", cycle_id, "--json")
    assert shown.exit_code == 0, repr(shown.exception)  # before: UnicodeEncodeError writing stdout
    assert "malo \\ud800 fin" in shown.stdout and json.loads(shown.stdout)["id"] == cycle_id
    for fmt in ("csv", "xlsx", "html", "xes", "jsonl"):
        written = _export(office.home, fmt, tmp_path)  # before: csv and xlsx failed half-way
        if fmt in ("csv", "html"):
            assert "malo \\ud800 fin" in written.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def hostile_procedure(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office whose procedure file names everything with hostile text (and one cycle of it)."""
    import shutil

    import yaml

    from tests.conftest import ROOT

    folder = tmp_path_factory.mktemp("procedures")
    shutil.copytree(ROOT / "procedures" / "data", folder / "data")
    shutil.copytree(ROOT / "procedures" / "calendars", folder / "calendars")
    document = yaml.safe_load((ROOT / "procedures" / "MM-GAC-P-006.yaml").read_text(encoding="utf-8"))
    document["title"] = document["organization"]["name"] = document["process"] = HOSTILE
    for key in ("areas", "roles", "records", "activities"):
        for entry in document[key]:
            entry["name"] = HOSTILE + " " + str(entry.get("id", entry.get("number")))
    (folder / "MM-GAC-P-006.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    home = tmp_path_factory.mktemp("hostile-procedure")
    assert cli(home, "init", WORKFLOW_PROCEDURES=str(folder)).exit_code == 0
    assert cli(home, "staff", "add", "ana", "--area", "atencion_ciudadano", "--role",
               "profesional_universitario").exit_code == 0
    assert cli(home, "cycle", "start", "MM-GAC-P-006", user="ana").exit_code == 0
    return home


def test_procedure_text_in_the_report_and_the_log(hostile_procedure: Path, tmp_path: Path) -> None:
    raw = _export(hostile_procedure, "html", tmp_path).read_text(encoding="utf-8")
    page = _Tags()
    page.feed(raw)
    page.close()
    assert {tag for tag, _attrs in page.tags} <= REPORT_TAGS
    assert not [a for _t, attrs in page.tags for a in attrs if a.startswith("on")]
    assert " ".join(page.text).count(MARKUP) >= 3  # title, organisation, activity names
    root = ET.parse(_export(hostile_procedure, "xes", tmp_path)).getroot()
    names = [a.get("value") or "" for a in root.iter() if a.get("key") == "concept:name"]
    assert any(MARKUP in name for name in names)  # the activity, as the file names it


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_procedure_text_in_diagrams(hostile_procedure: Path, fmt: str) -> None:
    from tests.test_diagram import parse_mermaid

    result = cli(hostile_procedure, "procedure", "diagram", "MM-GAC-P-006", "--format", fmt)
    assert result.exit_code == 0, repr(result.exception)
    assert "\x1b" not in result.stdout
    if fmt == "mermaid":
        nodes, _edges, _others = parse_mermaid(result.stdout)  # every line one of the statements we write
        assert any("[/x]" in label for label in nodes.values())
    else:  # every quoted string closed on its own line: no name reaches the DOT syntax
        for line in result.stdout.splitlines():
            assert line.replace("\\\\", "").replace('\\"', "").count('"') % 2 == 0, line
        assert 'label="MM-GAC-P-006 version 2: [/x] [link=https://evil.example]aquí' in result.stdout


def test_procedure_text_in_the_terminal(hostile_procedure: Path) -> None:
    for args in (["procedure", "show", "MM-GAC-P-006"], ["procedure", "list"],
                 ["cycle", "show", "MM-GAC-P-006-0001"], ["cycle", "list"]):
        result = cli(hostile_procedure, *args, COLUMNS="400")
        assert result.exit_code == 0, (args, repr(result.exception))
        assert "\x1b" not in result.stdout and "[/x]" in result.stdout, args
