"""`procedure diff`: what changed between two versions, in the reader's language."""

from __future__ import annotations

import pytest

from tests.conftest import SHIPPED
from workflow.authoring.diff import Change, diff_procedures, render_diff
from workflow.authoring.json_schema import models
from workflow.core.definition import Procedure
from workflow.core.loading import LoadedProcedure, load_procedure_text
from workflow.i18n import catalogue, set_language

ORIGINAL = SHIPPED.read_text(encoding="utf-8")


def edited(*replacements: tuple[str, str]) -> Procedure:
    text = ORIGINAL
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_procedure_text(text).procedure


RENAME = ("name: Levantar los trámites y servicios", "name: Levantar el inventario de trámites y servicios")
AREA_TO_3 = ("    description: Realizar levantamiento de trámites y servicios.\n"
             "    areas: [atencion_ciudadano, oficina_sig]",
             "    description: Realizar levantamiento de trámites y servicios.\n"
             "    areas: [atencion_ciudadano, oficina_sig, oficina_tic]")
RECORD_CODE = ("code: ME-GAC-F-003}", "code: ME-GAC-F-004}")
VERSION_3 = ('    act: {kind: Resolución, number: "3725", date: "2019-06-21"}\n',
             '    act: {kind: Resolución, number: "3725", date: "2019-06-21"}\n'
             '  - version: "3"\n'
             '    date: "2025-02-14"\n'
             '    description: Actualización del formato de hoja de vida\n')


@pytest.fixture(scope="module")
def modified() -> Procedure:
    return edited(RENAME, AREA_TO_3, RECORD_CODE, VERSION_3)


def test_the_four_edits_are_exactly_four_changes_in_english(shipped: LoadedProcedure, modified: Procedure) -> None:
    changes = diff_procedures(shipped.procedure, modified)
    assert [(c.kind, c.subject, c.key) for c in changes] == [
        ("added", "document", "change_control"),
        ("changed", "record", "hoja_vida_tramites"),
        ("changed", "activity", "3"),
        ("changed", "activity", "3"),
    ]
    assert render_diff(changes) == [
        "document: change control: added version 3 (2025-02-14): Actualización del formato de hoja de vida",
        "record hoja_vida_tramites: code: “ME-GAC-F-003” → “ME-GAC-F-004”",
        "activity 3: name: “Levantar los trámites y servicios” → “Levantar el inventario de trámites y servicios”",
        "activity 3: areas: added Oficina TIC",
    ]


def test_the_same_changes_in_spanish(shipped: LoadedProcedure, modified: Procedure) -> None:
    changes = diff_procedures(shipped.procedure, modified)
    set_language("es")
    assert render_diff(changes) == [
        "documento: control de cambios: se agregó la versión 3 (2025-02-14): Actualización del formato de hoja "
        "de vida",
        "registro hoja_vida_tramites: código: «ME-GAC-F-003» → «ME-GAC-F-004»",
        "actividad 3: nombre: «Levantar los trámites y servicios» → «Levantar el inventario de trámites y "
        "servicios»",
        "actividad 3: áreas: se agregó Oficina TIC",
    ]


def test_identical_versions_have_no_changes(shipped: LoadedProcedure) -> None:
    again = load_procedure_text(ORIGINAL).procedure
    assert diff_procedures(shipped.procedure, again) == []
    assert render_diff([]) == []


def test_the_reverse_diff_says_removed(shipped: LoadedProcedure, modified: Procedure) -> None:
    assert render_diff(diff_procedures(modified, shipped.procedure)) == [
        "document: change control: removed version 3 (2025-02-14): Actualización del formato de hoja de vida",
        "record hoja_vida_tramites: code: “ME-GAC-F-004” → “ME-GAC-F-003”",
        "activity 3: name: “Levantar el inventario de trámites y servicios” → “Levantar los trámites y servicios”",
        "activity 3: areas: removed Oficina TIC",
    ]


def test_areas_swapped_in_one_line_and_the_document_fields(shipped: LoadedProcedure) -> None:
    new = edited(
        ('version: "2"\norganization', 'version: "3"\norganization'),
        ("leaders: [Alcalde, ", "leaders: [Alcaldesa, "),
        ("  - {id: oficina_tic, name: Oficina TIC}", "  - {id: oficina_tic, name: Oficina TIC}\n"
                                                   "  - {id: juridica, name: Oficina Jurídica}"),
        ("  - term: Página Web\n    text: null", "  - term: Página Web\n    text: Sitio de la Alcaldía"),
        ("    areas: [atencion_ciudadano, oficina_sig]\n    role: profesional_universitario\n"
         "    records: [correo_electronico]",
         "    areas: [atencion_ciudadano, oficina_tic]\n    role: profesional_universitario\n"
         "    records: [correo_electronico]"),
        ("      - Pasar reportes", "      - Nueva nota\n      - Pasar reportes"),
        ("  subtitle: Distrito Turístico, Cultural e Histórico\n", ""),
        ("    description: Estrategia Gobierno en Línea\n", "    description: Estrategia Gobierno Digital\n"),
    )
    assert render_diff(diff_procedures(shipped.procedure, new)) == [
        "document: version: “2” → “3”",
        "document: organization: subtitle: now empty (was “Distrito Turístico, Cultural e Histórico”)",
        "document: leaders: added Alcaldesa; removed Alcalde",
        "document: legal basis: “Decreto 1151 de 2008”: description: “Estrategia Gobierno en Línea” → "
        "“Estrategia Gobierno Digital”",
        "document: definitions: “Página Web”: text: now “Sitio de la Alcaldía” (was empty)",
        "added area juridica: Oficina Jurídica",
        "activity 2: areas: added Oficina TIC; removed Oficina SIG",
        "activity 5: notes: added Nueva nota",
    ]


def test_activities_added_and_removed(shipped: LoadedProcedure) -> None:
    four = edited((ORIGINAL[ORIGINAL.index("  - number: 5"):ORIGINAL.index("related_documents:")], ""))
    assert render_diff(diff_procedures(shipped.procedure, four)) == [
        "removed activity 5: Atender las solicitudes por canal virtual"]
    assert render_diff(diff_procedures(four, shipped.procedure)) == [
        "added activity 5: Atender las solicitudes por canal virtual"]


def test_a_change_is_plain_data(shipped: LoadedProcedure, modified: Procedure) -> None:
    change = diff_procedures(shipped.procedure, modified)[1]
    assert isinstance(change, Change)
    assert change.detail.key == "diff.value_changed"
    assert change.render() == "record hoja_vida_tramites: code: “ME-GAC-F-003” → “ME-GAC-F-004”"


def test_every_field_of_the_format_has_a_name_in_both_languages() -> None:
    """A field added to the format later gets words in the diff (diff.field.NAME), or this fails."""
    fields = {name for model in models().values() for name in model.model_fields}
    missing = sorted(name for name in fields if f"diff.field.{name}" not in catalogue())
    assert missing == []


def test_every_kind_of_line_has_words() -> None:
    keys = set(catalogue())
    for subject in ("activity", "area", "role", "record"):
        assert f"diff.subject.{subject}" in keys
        assert {f"diff.line.added.{subject}", f"diff.line.removed.{subject}"} <= keys
    for kind in ("added", "removed"):
        assert {f"diff.entry_{kind}", f"diff.change_entry_{kind}"} <= keys
