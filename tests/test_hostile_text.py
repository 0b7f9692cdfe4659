"""Every text is text in the terminal: stored titles, notes, reasons, names, file names, item names and
procedure text are shown as typed (no rich markup, no emoji codes, no terminal escapes); arguments and
environment values that are not UTF-8 are refused up front; logins follow one documented rule."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from tests.conftest import CODE, ROOT, Office, complete_step, cycle_at, write_file
from tests.hostile import ESCAPES, HOSTILE, MARKUP, NOT_NUMBERS, cli, forge, forged_step, shown_text
from workflow.cli import render
from workflow.core.loading import load_procedure_file
from workflow.core.logins import is_login
from workflow.service.facade import EvidenceInput


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """What rich writes to a real colour terminal, wide enough for one line per cell."""
    screen = io.StringIO()
    console = type(render.out)(file=screen, force_terminal=True, color_system="truecolor", width=400,
                               highlight=False, markup=False, emoji=False)
    monkeypatch.setattr(render, "out", console)
    yield screen


def _read_as_a_person(output: str) -> str:
    text = shown_text(output)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text  # nothing the terminal obeys
    assert "\u202e" not in text
    return text


def _assert_shown_as_typed(text: str) -> None:
    assert MARKUP in text  # markup, link and emoji code as typed: none of them interpreted
    assert "\\x1b[2J" in text and "\\x1b]8;;https://evil.example\\x07" in text and "\\x9b31m" in text
    assert "\\u202eabc" in text


# A file name holds anything but `/` and NUL.
FILE_NAME = "[link=https:evil.example]pulse [bold red]ALERTA :smile: \x1b[2J\x9b31m\u202eabc.eml"


@pytest.fixture
def hostile_office(office: Office, tmp_path: Path) -> tuple[Office, str]:
    """A cycle at activity 2 whose title, notes, reasons, staff name and file name are hostile."""
    office.add_staff("pedro", "oficina_sig", "profesional_universitario", HOSTILE)
    cycle_id = office.as_user("ana").start_cycle(CODE, HOSTILE).id
    complete_step(office, tmp_path, cycle_id, 1, note=HOSTILE)
    folder = tmp_path / "files"
    folder.mkdir()
    evidence = EvidenceInput(write_file(folder, FILE_NAME, "correo"), "correo_electronico",
                             item="secretaria-de-hacienda")
    office.as_user("pedro").attach(cycle_id, evidence, note=HOSTILE)
    office.as_user("pedro").waive(cycle_id, "essmar", HOSTILE)
    return office, cycle_id


@pytest.mark.parametrize("command", [["cycle", "show"], ["cycle", "list"], ["staff", "list"]])
def test_stored_hostile_text_is_shown_as_typed(hostile_office: tuple[Office, str], command: list[str],
                                               terminal: io.StringIO) -> None:
    office, cycle_id = hostile_office
    args = [*command, cycle_id] if command[1] == "show" else command
    result = cli(office.home, *args)
    assert result.exit_code == 0, result.output + repr(result.exception)  # before: MarkupError on `[/x]`
    text = _read_as_a_person(terminal.getvalue())
    _assert_shown_as_typed(text)
    if command[1] == "show":
        assert text.count(MARKUP) >= 4  # title, note of activity 1, attach note, waiver reason
        assert "[link=https:evil.example]pulse [bold red]ALERTA :smile: " in text  # the file name


def test_item_names_from_a_published_list_are_shown_as_typed(office: Office, tmp_path: Path,
                                                            terminal: io.StringIO) -> None:
    source = (ROOT / "procedures" / "data" / "dependencias.yaml").read_text(encoding="utf-8")
    hostile = source.replace("- Secretaría de Hacienda", "- " + json.dumps(HOSTILE))
    office.as_user("admin").publish_data(write_file(tmp_path, "dependencias.yaml", hostile), "list")
    cycle_id = cycle_at(office, tmp_path, 2)
    result = cli(office.home, "cycle", "show", cycle_id)
    assert result.exit_code == 0, repr(result.exception)
    _assert_shown_as_typed(_read_as_a_person(terminal.getvalue()))


def test_procedure_text_is_shown_as_typed(tmp_path: Path, terminal: io.StringIO) -> None:
    source = (ROOT / "procedures" / "MM-GAC-P-006.yaml").read_text(encoding="utf-8")
    loaded = load_procedure_file(write_file(tmp_path, "p.yaml", source))
    procedure = loaded.procedure
    organization = procedure.organization.model_copy(update={"name": HOSTILE})
    first = procedure.activities[0].model_copy(update={"name": HOSTILE, "description": HOSTILE})
    hostile = procedure.model_copy(update={"organization": organization, "title": HOSTILE,
                                           "activities": [first, *procedure.activities[1:]]})

    class Row:
        published_at, published_by, sha256 = "2026-11-30T13:00:00.000000Z", HOSTILE, "ab" * 32

    render.procedure(hostile, Row())  # type: ignore[arg-type]
    text = _read_as_a_person(terminal.getvalue())
    assert text.count("[/x]") >= 4  # panel title (organisation), title, activity name and description
    assert "\\x1b[2J" in text


def test_a_forged_event_is_shown_as_typed(office: Office, tmp_path: Path, terminal: io.StringIO) -> None:
    cycle_id = cycle_at(office, tmp_path, 2)
    for number in NOT_NUMBERS:
        forge(office.home, forged_step(cycle_id, number))
    result = cli(office.home, "cycle", "show", cycle_id)
    assert result.exit_code == 0, repr(result.exception)
    text = _read_as_a_person(terminal.getvalue())
    assert "[/x] [link=https://evil.example]" in text


def test_an_error_naming_typed_text_is_shown_as_typed() -> None:
    screen = io.StringIO()
    console = type(render.err)(file=screen, force_terminal=True, width=400, highlight=False, markup=False,
                               emoji=False)
    from workflow.errors import NotFound

    original, render.err = render.err, console
    try:
        render.error(NotFound("service.cycle_unknown", cycle=ESCAPES + " [/x]"))
    finally:
        render.err = original
    text = _read_as_a_person(screen.getvalue())
    assert "\\x1b[2J" in text and "[/x]" in text


def test_plain_rich_consoles_interpret_nothing() -> None:
    screen = io.StringIO()
    render_console = type(render.out)(file=screen, width=200, markup=False, emoji=False)
    render_console.print("[bold]x[/bold] :smile: [link=https://evil.example]y[/link]")
    assert screen.getvalue().strip() == "[bold]x[/bold] :smile: [link=https://evil.example]y[/link]"
    assert isinstance(render_console, Console)


# -- not UTF-8 ------------------------------------------------------------------------------------------
# What Python makes of `--reason "$(printf 'Sin tr\xe1mites')"` and friends (surrogateescape).
LATIN1 = b"Sin tr\xe1mites".decode("utf-8", "surrogateescape")
CAFE = b"caf\xe9".decode("utf-8", "surrogateescape")
FF = b"\xff".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("args", [
    ["cycle", "cancel", "{cycle}", "--reason", LATIN1],
    ["cycle", "complete", "{cycle}", "--note", CAFE],
    ["cycle", "start", CODE, "--title", FF],
    ["cycle", "show", FF],
    ["cycle", "show", FF, "--json"],
    ["staff", "add", CAFE, "--area", "oficina_sig", "--role", "profesional_universitario"],
])
def test_arguments_that_are_not_utf8_are_refused_and_nothing_is_saved(office: Office, tmp_path: Path,
                                                                      args: list[str]) -> None:
    cycle_id = cycle_at(office, tmp_path, 1)
    before = office.as_user("admin").verify().events
    result = cli(office.home, *[a.replace("{cycle}", cycle_id) for a in args], user="ana")
    assert result.exit_code == 2, repr(result.exception)  # before: UnicodeEncodeError, a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "is not valid UTF-8" in result.stderr and "\\x" in result.stderr
    if "--json" in args:
        assert json.loads(result.stdout)["error"]["exit_code"] == 2
    assert office.as_user("admin").verify().events == before


def test_an_environment_value_that_is_not_utf8_is_refused(office: Office) -> None:
    result = cli(office.home, "cycle", "start", CODE, user=CAFE)
    assert result.exit_code == 2, repr(result.exception)
    assert "WORKFLOW_USER" in result.stderr and "caf\\xe9" in result.stderr


# -- logins ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("login", ["ana", "jefe.atencion", "p_gomez-2", "_svc", "a" * 63])
def test_logins_that_follow_the_rule(login: str) -> None:
    assert is_login(login)


@pytest.mark.parametrize("login", ["Pedro Gómez", "Ana", "pedro gomez", "-x", ".x", "josé", "a" * 64,
                                   "a;drop", "[/x]", "ana\n", "", "\x1b[31m"])
def test_logins_that_break_the_rule(login: str) -> None:
    assert not is_login(login)


def test_staff_add_refuses_a_login_off_the_rule(office: Office) -> None:
    result = cli(office.home, "staff", "add", "Pedro Gómez", "--area", "oficina_sig",
                 "--role", "profesional_universitario")
    assert result.exit_code == 1
    assert "'Pedro Gómez' is not a valid login" in result.stderr and "--name" in result.stderr


def test_workflow_user_off_the_rule_is_refused(office: Office) -> None:
    result = cli(office.home, "cycle", "start", CODE, user="Pedro Gómez")
    assert result.exit_code == 1 and "is not a valid login" in result.stderr


def test_init_refuses_to_make_an_administrator_off_the_rule(tmp_path: Path) -> None:
    result = cli(tmp_path / "home", "init", user="Pedro Gómez", WORKFLOW_PROCEDURES=str(ROOT / "procedures"))
    assert result.exit_code == 1 and "is not a valid login" in result.stderr
    assert not (tmp_path / "home" / "workflow.db").exists() or cli(tmp_path / "home", "staff", "list").exit_code


def test_db_grant_refuses_a_login_off_the_rule(tmp_path: Path) -> None:
    from workflow.errors import Refused
    from workflow.service import access
    from workflow.settings import Settings

    context = SimpleNamespace(settings=Settings.for_home(tmp_path, "admin"))  # the login is checked first
    with pytest.raises(Refused, match="not a valid login"):
        access.grant(context, "Pedro Gómez", "staff")  # type: ignore[arg-type]
