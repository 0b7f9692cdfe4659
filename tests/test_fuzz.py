"""Property tests (hypothesis): any text through the YAML loader, the command line and the renderers.

Bounded for `make test` (the `default` profile: 50 examples each, no deadline); `HYPOTHESIS_PROFILE=long`
runs 2,000 examples each (README, "Tests").
"""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SHIPPED
from tests.hostile import cli
from tests.test_diagram import parse_mermaid
from workflow.cli import render
from workflow.cli.shown import clean
from workflow.core.loading import load_procedure_text
from workflow.errors import DefinitionInvalid
from workflow.exports import csv_export, xes_export
from workflow.exports.html_export import write as write_html
from workflow.exports.source import ExportContext, iter_events

settings.register_profile("default", max_examples=50, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Any text, lone surrogates (what a non-UTF-8 argument becomes) and terminal escapes included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    ["[/x]", "[link=https://evil.example]x[/link]", "\x1b[2J", "<script>", "\udcff", "-", "--json", ":smile:"])
SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")


# -- the loader ---------------------------------------------------------------------------------------
def _load(text: str) -> None:
    try:
        load_procedure_text(text)
    except DefinitionInvalid as invalid:
        assert invalid.problems  # our error always says what is wrong
        for problem in invalid.problems:
            assert problem.render()


@given(st.text(max_size=300))
def test_any_text_is_a_procedure_or_our_error(text: str) -> None:
    _load(text)


@given(st.lists(st.text(alphabet="abc: -[]{}'\"\n\t#&*!|>%@`,?0123456789.", max_size=30), max_size=12))
def test_yaml_looking_text_is_a_procedure_or_our_error(lines: list[str]) -> None:
    _load("\n".join(lines))


@given(st.integers(min_value=0, max_value=len(SHIPPED_TEXT) - 1), st.text(max_size=8))
def test_the_shipped_procedure_edited_anywhere_is_a_procedure_or_our_error(at: int, inserted: str) -> None:
    _load(SHIPPED_TEXT[:at] + inserted + SHIPPED_TEXT[at + 1:])


# -- the command line ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office with one cycle, made once: the commands below only read it or are refused."""
    home = tmp_path_factory.mktemp("fuzz-home")
    assert cli(home, "init", WORKFLOW_PROCEDURES=str(ROOT / "procedures")).exit_code == 0
    return home


COMMANDS = [["cycle", "show"], ["cycle", "list", "--state"], ["cycle", "start", "MM-GAC-P-006", "--title"],
            ["cycle", "cancel", "MM-GAC-P-006-0001", "--reason"], ["procedure", "show"], ["staff", "add"],
            ["cycle", "waive", "MM-GAC-P-006-0001", "--item", "essmar", "--reason"], ["audit", "verify", "--json"]]


@given(command=st.sampled_from(COMMANDS), value=ANY_TEXT, user=st.sampled_from(["admin", "nadie", "Pedro Gómez"]))
def test_any_argument_ends_in_an_exit_code_and_a_sentence(home: Path, command: list[str], value: str,
                                                         user: str) -> None:
    result = cli(home, *command, value, user=user)
    assert result.exit_code in (0, 1, 2, 3), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.stderr.strip()  # said why


# -- rendering stored text ----------------------------------------------------------------------------
@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    screen = io.StringIO()
    monkeypatch.setattr(render, "out", type(render.out)(file=screen, force_terminal=True, width=300,
                                                         highlight=False, markup=False, emoji=False))
    yield screen


@given(st.text(max_size=60))
def test_stored_text_reaches_the_terminal_as_characters(terminal: io.StringIO, text: str) -> None:
    terminal.seek(0)
    terminal.truncate()
    render.out.print(render.plain(text), soft_wrap=True)
    render.out.print(text, soft_wrap=True)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue())
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    expected = " ".join(clean(text).split())  # rich expands tabs and ends lines its own way
    assert " ".join(shown.split()).count(expected) >= 2 or not expected  # once per print, as cleaned


def _payload(text: str, number: object) -> bytes:
    return json.dumps({"type": "cycle.returned", "cycle": "C-1", "actor": {"login": "ana", "name": text},
                       "activity": {"number": number, "name": text}, "note": text, "reason": text,
                       "data": {"title": text}, "from_state": "activity_2", "to_state": "activity_1"},
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


NUMBERS = (st.none() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
           | st.lists(st.integers(), max_size=2))


def _rows(text: str, number: object) -> Iterator[tuple[int, str, str, str, str, bytes, str, str]]:
    yield (1, "2026-11-30T13:00:01.000000Z", "cycle.started", "ana", "C-1", _payload(text, 1), "0" * 64, "1" * 64)
    yield (2, "2026-11-30T13:00:02.000000Z", "cycle.returned", "ana", "C-1", _payload(text, number), "1" * 64,
           "2" * 64)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        assert not [a for a, _v in attrs if a.startswith("on")]

    def handle_data(self, data: str) -> None:
        self.data.append(data)


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HTML_DROPS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
CONTEXT = ExportContext(generated_at="2026-12-01T10:00:00.000000Z", generated_by="t")


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40), NUMBERS)
def test_any_stored_text_makes_valid_exports_and_round_trips(text: str, number: object) -> None:
    names = lambda _sha, _kind, ident: ident  # noqa: E731
    html_out = io.BytesIO()
    write_html(iter_events(_rows(text, number), names), html_out, CONTEXT)
    page = _Text()
    page.feed(html_out.getvalue().decode("utf-8"))
    page.close()
    assert "script" not in page.tags and "img" not in page.tags
    kept = " ".join(_HTML_DROPS.sub("", text).split())
    assert not kept or kept in " ".join(" ".join(page.data).split())

    xes_out = io.BytesIO()
    xes_export.write(iter_events(_rows(text, number), names), xes_out, CONTEXT)
    root = ET.fromstring(xes_out.getvalue())
    values = [a.get("value") for a in root.iter() if a.get("key") == "note"]
    assert values == [_NOT_XML.sub("", text)] * 2 or not _NOT_XML.sub("", text)
    for whole in root.iter("{http://www.xes-standard.org/}int"):
        assert -(2**63) <= int(whole.get("value") or "") < 2**63

    csv_out = io.BytesIO()
    csv_export.write(iter_events(_rows(text, number), names), csv_out, CONTEXT)
    assert csv_out.getvalue().decode("utf-8-sig")


@given(st.text(max_size=40).filter(lambda s: s.strip()))
def test_any_activity_name_draws_a_diagram_that_reads_back(name: str) -> None:
    from workflow.authoring.diagram import procedure_diagram

    document = yaml.safe_load(SHIPPED_TEXT)
    document["activities"][0]["name"] = name
    try:
        procedure = load_procedure_text(yaml.safe_dump(document, allow_unicode=True)).procedure
    except DefinitionInvalid:
        return  # a name the rules refuse (empty after trimming, too long...) is the loader's to say
    nodes, _edges, _others = parse_mermaid(procedure_diagram(procedure, "mermaid"))  # no statement injected
    dot = procedure_diagram(procedure, "dot")
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    assert nodes
