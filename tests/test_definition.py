"""The definition room: the shipped procedure loads, and every broken file is explained in one pass."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from workflow.core import rules
from workflow.core.definition import Activity, Procedure, Role
from workflow.core.loading import load_procedure_file, load_procedure_text, validate_paths
from workflow.errors import DefinitionInvalid, Problem
from workflow.i18n import set_language
from workflow.messages.core import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "procedures" / "MM-GAC-P-006.yaml"
INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"

# The base of the fixtures under fixtures/invalid/ (they change one thing each), for in-memory cases.
MINIMAL = """\
# valid
format: 1
code: PR-TEST-001
title: Procedimiento de prueba
version: "1"
organization: {name: Alcaldía de Prueba}
macroprocess: Macroproceso estratégico
process: Gestión de prueba
change_control:
  - {version: "1", date: "2020-01-31", description: Adopción del procedimiento}
leaders: [Alcalde]
objective: Probar el cargador.
scope: Todo el archivo.
legal_basis: []
definitions: []
operating_policies: []
areas:
  - {id: atencion_ciudadano, name: Atención al ciudadano}
  - {id: oficina_tic, name: Oficina TIC}
roles:
  - {id: profesional_universitario, name: Profesional Universitario}
records:
  - {id: informe, name: Informe, code: null}
activities:
  - number: 1
    name: Revisar
    description: Revisar la información.
    areas: [atencion_ciudadano]
    role: profesional_universitario
    records: []
  - number: 2
    name: Publicar
    description: Publicar la información.
    areas: [atencion_ciudadano, oficina_tic]
    role: profesional_universitario
    records: [informe]
related_documents: []
"""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def spanish() -> Iterator[None]:
    set_language("es")
    yield
    set_language("en")


def problems_in_file(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(DefinitionInvalid) as caught:
        load_procedure_file(path)
    return caught.value.problems


def problems_in_text(text: str) -> tuple[Problem, ...]:
    with pytest.raises(DefinitionInvalid) as caught:
        load_procedure_text(text, "p.yaml")
    return caught.value.problems


def edited(*replacements: tuple[str, str]) -> str:
    text = MINIMAL
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# ------------------------------------------------------------------------------------------------
# The shipped procedure


def test_shipped_procedure_loads_with_exactly_the_three_empty_definitions_as_warnings() -> None:
    loaded = load_procedure_file(SHIPPED)
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert [w.severity for w in loaded.warnings] == ["warning"] * 3
    rendered = [w.render() for w in loaded.warnings]
    for warning, term in zip(rendered, ["Gobierno en línea", "Página Web", "Chat Virtual"], strict=True):
        assert warning.startswith(f"{SHIPPED}:")
        assert f'warning: the definition "{term}" has no text in the document' in warning
    # Each warning points at the `text: null` of its definition.
    assert all(lines[w.line - 1].strip() == "text: null" for w in loaded.warnings)


def test_shipped_procedure_header_and_identity() -> None:
    loaded = load_procedure_file(SHIPPED)
    p = loaded.procedure
    assert (p.format, p.code, p.title, p.version, p.pages) == (1, "MM-GAC-P-006", "Atención por canal virtual", "2", 3)
    assert p.organization.name == "Alcaldía de Santa Marta"
    assert p.organization.subtitle == "Distrito Turístico, Cultural e Histórico"
    assert (p.macroprocess, p.process) == ("Macroproceso estratégico", "Gestión de Atención al Ciudadano")
    assert p.as_written is not None
    assert (p.as_written.process, p.as_written.macroprocess) == (
        "GESTION DE ATENCIÓN AL CIUDADANO", "MACROPROCESO ESTRATEGICO")
    assert loaded.text == SHIPPED.read_text(encoding="utf-8")
    assert loaded.sha256 == hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    assert loaded.path == str(SHIPPED)


@pytest.mark.parametrize(("number", "areas", "records", "notes"), [
    (1, ("atencion_ciudadano",), (), ()),
    (2, ("atencion_ciudadano", "oficina_sig"), ("correo_electronico",),
     ("Cada dependencia deberá enviar los ajustes pertinentes cada vez que sean necesarios",)),
    (3, ("atencion_ciudadano", "oficina_sig"), ("hoja_vida_tramites",), ()),
    (4, ("atencion_ciudadano", "oficina_tic"), ("informe",), ()),
    (5, ("atencion_ciudadano", "oficina_tic"), ("plataforma_digital",),
     ("Pasar reportes de funcionamiento del canal virtual a la Oficina TICS",)),
])
def test_shipped_activities(number: int, areas: tuple[str, ...], records: tuple[str, ...],
                            notes: tuple[str, ...]) -> None:
    procedure = load_procedure_file(SHIPPED).procedure
    activity = procedure.activity(number)
    assert (activity.areas, activity.records, activity.notes) == (areas, records, notes)
    assert activity.role == "profesional_universitario"
    assert procedure.role(activity.role).name == "Profesional Universitario"
    assert activity.name and activity.description


def test_shipped_lookups_and_record_codes() -> None:
    procedure = load_procedure_file(SHIPPED).procedure
    assert [a.number for a in procedure.activities] == [1, 2, 3, 4, 5]
    assert (procedure.first_activity.number, procedure.last_activity.number) == (1, 5)
    assert procedure.activity(1).records_as_written == "N/A"
    assert {r.id: r.code for r in procedure.records} == {
        "correo_electronico": None, "hoja_vida_tramites": "ME-GAC-F-003", "informe": None,
        "plataforma_digital": None}
    assert procedure.area("atencion_ciudadano").as_written == "Secretaria General/ Atención al ciudadano"
    assert procedure.area("oficina_tic").name == "Oficina TIC"
    assert [(d.name, d.code) for d in procedure.related_documents] == [
        ("Manual de Atención al Ciudadano", "ME-GAC-M-001")]
    for lookup, missing in [(procedure.area, "oficina_x"), (procedure.role, "alcalde"),
                            (procedure.record, "acta"), (procedure.activity, 6)]:
        with pytest.raises(KeyError):
            lookup(missing)  # type: ignore[operator]


# ------------------------------------------------------------------------------------------------
# One fixture file per kind of problem: exactly one problem, where it is, saying what and how to fix.


FIXTURE_CASES = [
    ("unknown_key.yaml", 37, 5, "unknown key `note`: did you mean `notes`?"),
    ("missing_field.yaml", 25, 5, "the required field `role` is missing: add `role:`"),
    ("wrong_type_list.yaml", 11, 10, "`leaders` must be a list, but it holds the text \"Alcalde\": "
                                     "write it as a list: [Alcalde]"),
    ("wrong_type_integer.yaml", 31, 13, "`number` must be a whole number, not text: write it without quotes: 2"),
    ("unquoted_version.yaml", 5, 10, "`version` must be text, but it holds the number 1: "
                                     "write it in quotes: \"1\""),
    ("undeclared_area.yaml", 34, 33, "the area `oficina_tics` is not declared under `areas`: "
                                     "did you mean `oficina_tic`?"),
    ("undeclared_role.yaml", 29, 11, "the role `tecnico` is not declared under `roles`: "
                                     "use one of those declared (`profesional_universitario`)"),
    ("undeclared_record.yaml", 36, 15, "the record `informes` is not declared under `records`: "
                                       "did you mean `informe`?"),
    ("duplicate_area_id.yaml", 20, 10, "the id `atencion_ciudadano` is repeated in `areas` "
                                       "(it already appears on line 18)"),
    ("duplicate_key.yaml", 6, 1, "the key `title` is repeated (it already appears on line 4)"),
    ("duplicate_activity_number.yaml", 31, 13, "activity number 1 is repeated (it already appears on line 25)"),
    ("non_consecutive_numbers.yaml", 31, 13, "activity number 3 does not follow the previous one, 2 was expected"),
    ("bad_id_pattern.yaml", 20, 10, "the id `Oficina-SIG` is not valid: use lowercase letters"),
    ("bad_date.yaml", 10, 26, "\"31/01/2020\" is not a valid date; write it as YYYY-MM-DD in quotes, "
                              "for example \"2020-01-31\""),
    ("syntax_error.yaml", 27, 25, "unexpected colon: if the text contains \": \", put it in quotes"),
    ("activity_without_areas.yaml", 28, 12, "the activity has no responsible area"),
    ("empty.yaml", 1, 1, "the file is empty"),
    ("top_level_list.yaml", 2, 1, "the file must be a mapping of keys (format:, code:, title:, ...), "
                                  "but it holds a list"),
]


@pytest.mark.parametrize(("name", "line", "column", "says"), FIXTURE_CASES)
def test_each_invalid_fixture_reports_one_located_problem(name: str, line: int, column: int, says: str) -> None:
    path = INVALID / name
    problems = problems_in_file(path)
    assert [(p.line, p.column, p.severity) for p in problems] == [(line, column, "error")]
    rendered = problems[0].render()
    assert rendered.startswith(f"{path}:{line}:{column}: ")
    assert says in rendered


# The rules of the newer parts of the format (branches, returns, items, optional activities, terms): one
# fixture each, said exactly, in both languages: (file, line, column, key, English, Spanish).
SHAPE_FIXTURE_CASES = [
    ("for_each_undeclared_list.yaml", 37, 15, "definition.undeclared_list",
     "the list 'dependencia' is not declared under `item_lists`; did you mean `dependencias`?",
     "la lista «dependencia» no está declarada en `item_lists`; ¿quiso decir `dependencias`?"),
    ("for_each_bad_id.yaml", 37, 15, "definition.bad_id",
     "the id `Dependencias` is not valid: use lowercase letters without accents, digits and _, starting with a "
     "letter (for example `dependencias`)",
     "el identificador `Dependencias` no es válido: use minúsculas sin tildes, cifras y _, empezando por una "
     "letra (por ejemplo `dependencias`)"),
    ("item_list_duplicate_id.yaml", 39, 10, "definition.duplicate_id",
     "the id `dependencias` is repeated in `item_lists` (it already appears on line 38): each id must be unique",
     "el id `dependencias` está repetido en `item_lists` (ya aparece en la línea 38): cada id debe ser único"),
    ("returns_to_later_activity.yaml", 31, 18, "definition.bad_return",
     "activity 1 cannot return to 2: only to an earlier activity that exists",
     "la actividad 1 no puede devolverse a 2: solo a una actividad anterior que exista"),
    ("returns_to_zero.yaml", 37, 18, "definition.too_small",
     "an item of `returns_to` must be 1 or more, but it is 0",
     "un elemento de `returns_to` debe ser 1 o más, pero es 0"),
    ("branch_to_missing_activity.yaml", 32, 14, "definition.bad_branch_target",
     "there is no activity 3: a branch goes to an activity of the procedure or to `end`",
     "no existe la actividad 3: una rama va a una actividad del procedimiento o a `end`"),
    ("branch_to_not_a_number.yaml", 32, 14, "definition.bad_branch_to",
     "`to` must be the number of an activity or `end`, but it holds the text \"fin\"",
     "`to` debe ser el número de una actividad o `end`, pero contiene el texto «fin»"),
    ("branch_default_not_last.yaml", 32, 9, "definition.default_branch_not_last",
     "a branch without a condition (`when`) must be the last: branches are tried in order",
     "una rama sin condición (`when`) debe ser la última: las ramas se prueban en orden"),
    ("branch_last_has_condition.yaml", 32, 9, "definition.last_branch_has_condition",
     "the last branch must have no condition: it is the default when no other applies",
     "la última rama no debe tener condición: es la rama por defecto cuando ninguna otra aplica"),
    ("branch_unknown_condition.yaml", 32, 25, "definition.unknown_condition",
     "unknown condition 'record_attach'; did you mean `record_attached`?",
     "condición desconocida «record_attach»; ¿quiso decir `record_attached`?"),
    ("branch_condition_without_record.yaml", 32, 9, "definition.condition_needs_record",
     "the condition 'record_missing' needs `record`: the id of the record it looks at",
     "la condición «record_missing» necesita `record`: el id del registro que mira"),
    ("branch_condition_without_items.yaml", 32, 25, "definition.condition_needs_items",
     "the condition 'some_items_waived' only applies to an activity with `for_each`",
     "la condición «some_items_waived» solo sirve en una actividad con `for_each`"),
    ("branch_undeclared_record.yaml", 32, 50, "definition.undeclared_record",
     "the record `informes` is not declared under `records`: did you mean `informe`?",
     "el registro `informes` no está declarado en `records`: ¿quiso decir `informe`?"),
    ("optional_not_bool.yaml", 31, 15, "definition.expected_bool",
     "`optional` must be true or false, but it holds the text \"sí\"",
     "`optional` debe ser true o false, pero contiene el texto «sí»"),
    ("term_zero_days.yaml", 31, 25, "definition.too_small",
     "`term_business_days` must be 1 or more, but it is 0",
     "`term_business_days` debe ser 1 o más, pero es 0"),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("name", "line", "column", "key", "english", "spanish"), SHAPE_FIXTURE_CASES)
def test_each_branch_return_and_item_fixture_says_its_one_problem(name: str, line: int, column: int, key: str,
                                                                  english: str, spanish: str, language: str) -> None:
    set_language(language)
    path = INVALID / name
    problems = problems_in_file(path)
    assert [(p.line, p.column, p.severity, p.message.key) for p in problems] == [(line, column, "error", key)]
    assert problems[0].render() == f"{path}:{line}:{column}: {english if language == 'en' else spanish}"


def test_every_rule_on_branches_returns_and_items_has_a_fixture() -> None:
    # A new rule there needs its own failing file: the source says which keys those rules raise.
    raised = set(re.findall(r'"(definition\.[a-z_]+)"', inspect.getsource(rules._check_shapes)))
    assert raised - {case[3] for case in SHAPE_FIXTURE_CASES} == set()


def test_every_invalid_fixture_is_covered_by_a_test() -> None:
    tested = {"python_tag.yaml", "several_errors.yaml"} | {case[0] for case in FIXTURE_CASES + SHAPE_FIXTURE_CASES}
    assert {p.name for p in INVALID.glob("*.yaml")} == tested


@pytest.mark.parametrize(("name", "says"), [
    ("unknown_key.yaml", "clave desconocida `note`: ¿quiso decir `notes`?"),
    ("unquoted_version.yaml",
     "`version` debe ser un texto, pero contiene el número 1: escríbalo entre comillas: \"1\""),
    ("undeclared_area.yaml", "el área `oficina_tics` no está declarada en `areas`: ¿quiso decir `oficina_tic`?"),
    ("bad_date.yaml", "«31/01/2020» no es una fecha válida; escríbala como AAAA-MM-DD"),
    ("missing_field.yaml", "falta el campo obligatorio `role`"),
    ("empty.yaml", "el archivo está vacío"),
])
def test_problems_are_said_in_spanish(spanish: None, name: str, says: str) -> None:
    (problem,) = problems_in_file(INVALID / name)
    assert says in problem.render()


def test_a_file_with_several_mistakes_reports_all_of_them_in_order() -> None:
    problems = problems_in_file(INVALID / "several_errors.yaml")
    found = [(p.line, p.column, p.message.key) for p in problems]
    assert found == [
        (5, 10, "definition.expected_text_quote"),  # version: 1
        (10, 26, "definition.expected_text_quote"),  # an unquoted date
        (14, 1, "definition.duplicate_key"),  # scope twice
        (26, 5, "definition.missing_field"),  # `areas` misspelt, so missing ...
        (29, 5, "definition.unknown_key_suggestion"),  # ... and unknown, with the suggestion
        (32, 13, "definition.number_out_of_order"),  # 1, 4
        (35, 33, "definition.undeclared_area"),  # oficina_sig is not declared
    ]
    assert "write it in quotes: \"2020-01-31\"" in problems[1].render()


def test_the_exception_text_is_one_line_per_problem() -> None:
    with pytest.raises(DefinitionInvalid) as caught:
        load_procedure_file(INVALID / "several_errors.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 7
    assert all(re.match(r"^.+several_errors\.yaml:\d+:\d+: \S", line) for line in lines)


# ------------------------------------------------------------------------------------------------
# Safety: tags are never constructed, aliases never expanded.


def test_a_python_tag_is_a_problem_and_nothing_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object) -> None:
        raise AssertionError("the loader ran a command named in the file")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "system", forbidden)
    problems = problems_in_file(INVALID / "python_tag.yaml")
    assert [(p.line, p.column) for p in problems] == [(12, 12)]
    assert "the YAML tag `!!python/object/apply:os.system` is not allowed" in problems[0].render()
    assert not (tmp_path / "pwned.txt").exists()


@pytest.mark.parametrize("tagged", [
    "!!python/name:os.system",
    "!!python/object/new:subprocess.Popen [[touch, pwned.txt]]",
    "!!python/module:os",
    "!custom valor",
    "!!binary aGVsbG8=",
])
def test_any_non_standard_tag_is_refused(tagged: str) -> None:
    problems = problems_in_text(edited(("objective: Probar el cargador.", f"objective: {tagged}")))
    assert [(p.line, p.column, p.message.key) for p in problems] == [(12, 12, "definition.yaml_tag")]


def test_aliases_are_refused_where_they_are_used() -> None:
    text = edited(("organization: {name: Alcaldía de Prueba}",
                   "organization: &org {name: Alcaldía de Prueba}\nx: *org"))
    problems = problems_in_text(text)
    assert [(p.line, p.column, p.message.key) for p in problems] == [
        (7, 1, "definition.unknown_key"), (7, 4, "definition.yaml_alias")]


# ------------------------------------------------------------------------------------------------
# The other rules, in memory: (replacement, line, column, words of the message)


BRANCHES = "    records: []\n"  # the end of activity 1, where its `next:` goes


@pytest.mark.parametrize(("old", "new", "line", "column", "says"), [
    ("format: 1", "format: 2", 2, 9, "format version 2 is not supported: this program reads files with `format: 1`"),
    ("leaders:", "pages: 0\nleaders:", 11, 8, "`pages` must be 1 or more, but it is 0"),
    ("title: Procedimiento de prueba", "title:", 4, 7, "`title` cannot be empty: write a value"),
    ("scope: Todo el archivo.", "scope: \"\"", 13, 8, "`scope` cannot be empty text"),
    ("scope: Todo el archivo.", "scope: [a, b]", 13, 8, "`scope` must be text, but it holds a list"),
    ("records: []", "records: null", 30, 14, "`records` must be a list: write [] if it has no items"),
    ("organization: {name: Alcaldía de Prueba}", "organization: Alcaldía", 6, 15,
     "`organization` must be a block of keys (key: value), but it holds the text \"Alcaldía\""),
    ("role: profesional_universitario\n    records: []", "role: {id: x}\n    records: []", 29, 11,
     "`role` must be text, but it holds a block of keys"),
    ("leaders: [Alcalde]", "leaders: [Alcalde, 7]", 11, 20, "an item of `leaders` must be text, but it holds the "
                                                          "number 7: write it in quotes: \"7\""),
    ('date: "2020-01-31"', 'date: "2019-02-30"', 10, 26, "\"2019-02-30\" is not a valid date"),
    ('date: "2020-01-31"', "date: 2019-02-30", 10, 26, "\"2019-02-30\" is not a valid date"),
    ("scope: Todo el archivo.\n", "scope: Todo el archivo.\n[a]: b\n", 14, 1, "keys must be plain words"),
    ("  - number: 1", "\t- number: 1", 25, 1, "there is a tab character: YAML indents with spaces only"),
    ("objective: Probar el cargador.", "objective: \"Probar el cargador.", 38, 1,
     "the file ends inside a quoted text opened on line 12: close the quotes"),
    ("related_documents: []", "related_documents: []\n---\nformat: 1", 38, 1,
     "the file holds more than one YAML document"),
    ("Revisar la información.", "Revisar \x07 la información.", 27, 26, "character U+0007 is not allowed"),
    ("areas: [atencion_ciudadano]\n", "areas: [atencion_ciudadano]\n    roles: [x]\n", 29, 5,
     "unknown key `roles`: did you mean `role`?"),
    ("macroprocess: Macroproceso estratégico\n", "macroprocess: Macroproceso estratégico\nowner: Ana\n", 8, 1,
     "unknown key `owner`; the keys allowed here are: format, code, title, version"),
    # A value the schema refuses is not judged again by a rule (one mistake, one problem):
    ("  - number: 1\n", "  - number: 0\n", 25, 13, "`number` must be 1 or more, but it is 0"),
    (BRANCHES, BRANCHES + "    next:\n      - {to: end, when: Record_attached, record: informe}\n      - {to: 2}\n",
     32, 25, "the id `Record_attached` is not valid"),
    (BRANCHES, BRANCHES + "    next:\n      - {to: end, when: record_attached, record: Informe}\n      - {to: 2}\n",
     32, 50, "the id `Informe` is not valid"),
    (BRANCHES, BRANCHES + "    next:\n      - {to: 0}\n", 32, 14,
     "`to` must be the number of an activity or `end`, but it holds the number 0"),
    (BRANCHES, BRANCHES + "    next:\n      - {to: \"2\"}\n", 32, 14,
     "`to` must be the number of an activity or `end`, but it holds the text \"2\""),
    ("records: [informe]\nrelated_documents: []",
     "records: [informe]\n    for_each: dependencias\nrelated_documents: []\nitem_lists: null", 39, 13,
     "`item_lists` must be a list: write [] if it has no items"),
])
def test_rule(old: str, new: str, line: int, column: int, says: str) -> None:
    problems = problems_in_text(edited((old, new)))
    assert [(p.line, p.column) for p in problems] == [(line, column)], [p.render() for p in problems]
    assert says in problems[0].render()


@pytest.mark.parametrize("empty_text", ["null", '""', "'   '"])
def test_a_definition_without_text_is_a_warning_that_does_not_block(empty_text: str) -> None:
    text = edited(("definitions: []", f"definitions:\n  - {{term: Chat Virtual, text: {empty_text}}}"))
    loaded = load_procedure_text(text, "p.yaml")
    assert [(w.line, w.column, w.severity) for w in loaded.warnings] == [(16, 32, "warning")]
    assert loaded.warnings[0].render() == \
        'p.yaml:16:32: warning: the definition "Chat Virtual" has no text in the document'


def test_warnings_travel_with_the_errors_when_loading_fails(spanish: None) -> None:
    text = edited(("definitions: []", "definitions:\n  - {term: Gobierno en línea, text: null}"),
                  ('version: "1"\norganization', "version: 1\norganization"))
    problems = problems_in_text(text)
    assert [(p.line, p.severity) for p in problems] == [(5, "error"), (16, "warning")]
    assert problems[1].render() == ("p.yaml:16:37: aviso: la definición «Gobierno en línea» "
                                    "no tiene texto en el documento")


@pytest.mark.parametrize(("text", "says"), [
    ("", "the file is empty"),
    ("# nothing but a comment\n", "the file is empty"),
    ("42\n", "but it holds the number 42"),
    ("Atención por canal virtual\n", "but it holds the text \"Atención por canal virtual\""),
])
def test_a_file_that_is_not_a_mapping_is_one_problem(text: str, says: str) -> None:
    problems = problems_in_text(text)
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert says in problems[0].render()


# ------------------------------------------------------------------------------------------------
# Files


@pytest.mark.parametrize(("name", "content", "line", "column", "says"), [
    ("missing.yaml", None, 1, 1, "the file does not exist: check the path"),
    ("folder", None, 1, 1, "this is a folder, not a file: give the procedure's .yaml file"),
    ("latin1.yaml", b"format: 1\ncode: MM-GAC-P-006\ntitle: Atenci\xf3n\n", 3, 14,
     "the file is not UTF-8 (byte 0xF3 is invalid here): save it with UTF-8 encoding"),
])
def test_a_file_that_cannot_be_read_is_one_problem(tmp_path: Path, name: str, content: bytes | None,
                                                   line: int, column: int, says: str) -> None:
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    (problem,) = problems_in_file(path)
    assert problem.render() == f"{path}:{line}:{column}: {says}"


def test_validate_paths_reports_each_file(tmp_path: Path) -> None:
    results = validate_paths([SHIPPED, INVALID / "duplicate_key.yaml", tmp_path / "none.yaml"])
    assert [(name, loaded is not None, len(problems)) for name, loaded, problems in results] == [
        (str(SHIPPED), True, 3),
        (str(INVALID / "duplicate_key.yaml"), False, 1),
        (str(tmp_path / "none.yaml"), False, 1),
    ]


# ------------------------------------------------------------------------------------------------
# The models, for code that builds or reads them in Python


def test_models_are_frozen_strict_and_closed() -> None:
    role = Role(id="profesional_universitario", name="Profesional Universitario")
    with pytest.raises(ValidationError):
        role.name = "Otro"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="string_type"):
        Role(id="x", name=2)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="extra_forbidden"):
        Role(id="x", name="X", area="y")  # type: ignore[call-arg]
    activity = Activity(number=1, name="N", description="D", areas=["a"], role="r", records=[])  # type: ignore[arg-type]
    assert activity.areas == ("a",)
    assert activity.notes == ()


def test_a_procedure_built_in_python_is_checked_across_the_file_too() -> None:
    data = json.loads(load_procedure_file(SHIPPED).procedure.model_dump_json())
    assert Procedure.model_validate(data).code == "MM-GAC-P-006"
    data["activities"][1]["areas"] = ["atencion_ciudadano", "oficina_sgi"]
    with pytest.raises(ValidationError, match="did you mean `oficina_sig`"):
        Procedure.model_validate(data)


def test_the_catalogue_has_every_key_the_definition_code_uses() -> None:
    used: set[str] = set()
    for module in (ROOT / "workflow" / "core").glob("*.py"):
        used |= set(re.findall(r'"(definition\.[a-z_]+)"', module.read_text(encoding="utf-8")))
    assert used - set(MESSAGES) == set()
    assert {"definition.invalid", "definition.warning_prefix"} <= set(MESSAGES)


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              cwd=ROOT).stdout.split())


def test_definition_imports_no_terminal_or_database_library() -> None:
    loaded = _modules_after_import("workflow.core.loading")
    assert {"workflow.core.definition", "workflow.core.rules", "workflow.core.schema_errors"} <= loaded
    assert not {name.split(".")[0] for name in loaded} & {"sqlalchemy", "sqlmodel", "typer", "rich", "click"}


@pytest.mark.parametrize(("module", "not_above"), [
    ("workflow.core.rules", {"workflow.core.definition", "workflow.core.schema_errors", "workflow.core.loading"}),
    ("workflow.core.definition", {"workflow.core.schema_errors", "workflow.core.loading"}),
    ("workflow.core.schema_errors", {"workflow.core.loading"}),
])
def test_the_definition_modules_import_only_those_below_them(module: str, not_above: set[str]) -> None:
    # rules <- models <- schema errors <- loading: an import upwards would be a cycle waiting to happen.
    assert not _modules_after_import(module) & not_above
