"""No silent wrong outcome when publishing: reference data is published under the id it declares, a
version naming data that is not published is refused, and a version dropping what staff or running
cycles use says so (at publish and at `procedure diff`), with "renamed" where only a name changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CODE, ROOT, SHIPPED, Office, cycle_at, write_file
from tests.test_silent import Terminal
from workflow.core.itemlists import parse_item_list
from workflow.errors import DefinitionInvalid, Refused
from workflow.service import reference, versions
from workflow.service.facade import Workflow
from workflow.settings import Settings

SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")


def _events(office: Office) -> int:
    with office.as_user("admin").reading() as tx:
        return tx.event_count()


def _version(folder: Path, version: str, *edits: tuple[str, str]) -> Path:
    text = SHIPPED_TEXT.replace('version: "2"', f'version: "{version}"', 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return write_file(folder, f"v{version}.yaml", text)


# -- reference data: its id is written inside ---------------------------------------------------------


def test_a_list_is_published_under_the_id_it_declares_not_its_file_name(office: Office, tmp_path: Path) -> None:
    deps = write_file(tmp_path, "deps.yaml", "id: dependencias\nitems:\n  - Secretaría General\n  - Catastro\n")
    kind, name, _sha, changed = office.as_user("admin").publish_data(deps, "list")
    assert (kind, name, changed) == ("item_list", "dependencias", True)
    with office.as_user("admin").store.read() as tx:
        assert [i.name for i in reference.items(tx, "dependencias") or ()] == ["Secretaría General", "Catastro"]
        assert reference.items(tx, "deps") is None


@pytest.mark.parametrize(("kind", "text", "said"), [
    ("list", "- Secretaría General\n", "deps.yaml:1:1: `id:` is missing: write at the top of the file the id "
                                       "procedures name this list by"),
    ("list", "secretarias:\n  - Secretaría General\n", "`id:` is missing"),
    ("list", "id: dependencias\nsecretarias:\n  - Secretaría General\n", "deps.yaml:2:1: unknown key `secretarias`"),
    ("calendar", "format: 1\ndays: []\n", "`id:` is missing: write at the top of the file the id procedures name "
                                          "this calendar by"),
    ("calendar", "id: santa-marta\nformat: 1\ndays: []\n", "deps.yaml:1:5: `id: santa-marta` is not an id a "
                                                           "procedure can name"),
])
def test_a_data_file_without_a_usable_id_is_refused_and_nothing_is_published(office: Office, tmp_path: Path,
                                                                           kind: str, text: str, said: str) -> None:
    before = _events(office)
    with pytest.raises(DefinitionInvalid) as raised:
        office.as_user("admin").publish_data(write_file(tmp_path, "deps.yaml", text), kind)
    assert said in "\n".join(p.render() for p in raised.value.problems)
    assert _events(office) == before


def test_lists_published_before_ids_were_declared_are_still_read() -> None:
    # Databases hold list texts published in the older shapes: cycles started on them must go on.
    assert [i.id for i in parse_item_list("- Secretaría General\n- DADSA\n", "stored")] == ["secretaria-general",
                                                                                        "dadsa"]
    assert [i.group for i in parse_item_list("entes:\n  - DADSA\n", "stored")] == ["entes"]


def test_init_publishes_the_shipped_calendar_under_the_id_the_shipped_procedure_names(office: Office) -> None:
    procedure, _row = office.as_user("admin").procedure(CODE)
    assert procedure.calendar == "santa_marta"
    with office.as_user("admin").store.read() as tx:
        assert tx.reference(reference.CALENDAR, "santa_marta") is not None
        assert tx.reference(reference.CALENDAR, "santa-marta") is None


def test_two_files_declaring_one_id_stop_init(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    (folder / "data").mkdir(parents=True)
    (folder / "calendars").mkdir()
    write_file(folder, "MM-GAC-P-006.yaml", SHIPPED_TEXT)
    write_file(folder / "calendars", "santa_marta.yaml", (ROOT / "procedures/calendars/santa_marta.yaml").read_text())
    for name in ("dependencias.yaml", "copia.yaml"):
        write_file(folder / "data", name, "id: dependencias\nitems: [Secretaría General]\n")
    with Workflow(Settings.for_home(tmp_path / "home", "admin", folder)) as flow, \
            pytest.raises(DefinitionInvalid) as raised:
        flow.init()
    assert "another file already declares `id: dependencias`" in str(raised.value.problems[0].render())


# -- a version names only published data --------------------------------------------------------------


@pytest.mark.parametrize(("edit", "said"), [
    (("calendar: santa_marta", "calendar: santa_marta_2027"),
     "MM-GAC-P-006 version 3 uses the calendar santa_marta_2027, which is not published: publish it first with "
     "`workflow data publish FILE --kind calendar` (a file declaring `id: santa_marta_2027`)"),
    (("for_each: dependencias", "for_each: entidades"),
     "MM-GAC-P-006 version 3 uses the list entidades, which is not published"),
])
def test_a_version_naming_unpublished_data_is_refused(office: Office, tmp_path: Path, edit: tuple[str, str],
                                                     said: str) -> None:
    edits = [edit] + ([("{id: dependencias,", "{id: entidades,")] if "entidades" in edit[1] else [])
    before = _events(office)
    with pytest.raises(Refused) as raised:
        office.as_user("admin").publish(_version(tmp_path, "3", *edits))
    assert said in str(raised.value.message.render())
    assert _events(office) == before
    assert office.as_user("admin").procedure(CODE)[0].version == "2"


# -- a version that drops what is in use --------------------------------------------------------------

DROP_TIC = (("{id: oficina_tic, name: Oficina TIC}", "{id: direccion_tic, name: Dirección TIC}"),
            ("oficina_tic]", "direccion_tic]"))


def test_dropping_an_area_in_use_warns_at_publish_and_at_diff_naming_staff_and_cycles(office: Office,
                                                                                   tmp_path: Path) -> None:
    running = cycle_at(office, tmp_path, 1)
    term = Terminal(office.home)
    code, said = term("procedure", "publish", str(_version(tmp_path, "3", *DROP_TIC)))
    assert code == 0, said
    assert ("Warning: the new version drops area oficina_tic (Oficina TIC), which is still in use: staff "
            f"registered in it: marta; running cycles whose version uses it: {running}") in said
    _changes, dropped = versions.diff(office.as_user("admin"), CODE, "2", "3")
    assert [(d.subject, d.id, d.staff, d.cycles) for d in dropped] == [("area", "oficina_tic", ("marta",), (running,))]
    code, said = term("procedure", "diff", CODE, "2", "3")
    assert code == 0 and "Warning: the new version drops area oficina_tic" in said
    # While a cycle runs on the version that has it, people can still be registered in it.
    assert office.as_user("admin").add_staff("pedro", "oficina_tic", "profesional_universitario").area == "oficina_tic"


def test_a_version_dropping_nothing_in_use_publishes_without_a_word(office: Office, tmp_path: Path) -> None:
    office.as_user("admin").add_staff("marta", "atencion_ciudadano", "profesional_universitario")
    result = office.as_user("admin").publish(_version(tmp_path, "3", *DROP_TIC))
    assert result.changed and result.warnings == ()


def test_the_diff_says_renamed_where_the_id_stayed(office: Office, tmp_path: Path) -> None:
    office.as_user("admin").publish(_version(tmp_path, "3", ("name: Oficina TIC}", "name: Dirección TIC}")))
    changes, _ = versions.diff(office.as_user("admin"), CODE, "2", "3")
    assert "renamed area oficina_tic: “Oficina TIC” → “Dirección TIC”" in [c.render() for c in changes]
    assert not any(c.kind in ("added", "removed") and c.subject == "area" for c in changes)


def test_another_id_under_the_same_name_is_told_apart(office: Office, tmp_path: Path) -> None:
    office.as_user("admin").publish(_version(tmp_path, "3", ("name: Oficina TIC}", "name: Dirección TIC}")))
    same_name = (("{id: oficina_tic, name: Oficina TIC}", "{id: direccion_tic, name: Dirección TIC}"),
                 ("oficina_tic]", "direccion_tic]"))
    office.as_user("admin").publish(_version(tmp_path, "4", *same_name))
    lines = [c.render() for c in versions.diff(office.as_user("admin"), CODE, "3", "4")[0]]
    assert "activity 4: areas: added Dirección TIC (direccion_tic); removed Dirección TIC (oficina_tic)" in lines
