"""The YAML carries every line of the document it transcribes (procedures/sources/MM-GAC-P-006.seed.txt).

The source is cut into fragments (table cells, lines, bold labels, "Nota:" and parenthesised codes), and
each fragment must appear, lightly normalised, inside one string value of the loaded procedure. Numbered
rows, dates, page numbers and header labels are checked against the fields that hold them; column and
section headings must name a non-empty part of the YAML.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workflow.core.definition import Procedure
from workflow.core.loading import load_procedure_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "procedures" / "sources" / "MM-GAC-P-006.seed.txt"
SHIPPED = ROOT / "procedures" / "MM-GAC-P-006.yaml"
SEED_SHA256 = "8e0bc68b49c120d4413fb26a46a7b41bb115fc6da8bb159636b70e5227531df6"

# Headings are layout, not content: each must name a part of the YAML that is not empty.
HEADINGS = {
    "control de cambios": "change_control",
    "version": "change_control",
    "descripcion de la modificacion": "change_control",
    "responsables lideres": "leaders",
    "objetivo": "objective",
    "alcance": "scope",
    "base legal": "legal_basis",
    "definiciones": "definitions",
    "lineamientos o politicas de operacion": "operating_policies",
    "descripcion del procedimiento": "activities",
    "no": "activities",
    "descripcion de la actividad": "activities",
    "area responsable": "areas",
    "cargo responsable": "roles",
    "registros": "records",
    "documentos relacionados": "related_documents",
    "nombre": "related_documents",
    "codigo": "related_documents",
}


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing do not count: words and digits do."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


@pytest.fixture(scope="module")
def procedure() -> Procedure:
    return load_procedure_file(SHIPPED).procedure


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def structured(seed: str) -> tuple[str, dict[str, list[tuple[str, ...]]]]:
    """Take out the parts that map to typed fields; return the rest and what was taken."""
    patterns = {
        "code": r"<b>Código:</b> (\S+)",
        "version": r"<b>Versión:</b> (\S+)",
        "page": r"Página (\d+) de (\d+)",
        "change": r"^(\d+)\. (\d{2})/(\d{2})/(\d{4})",
        "activity": r"^(\d+)(?=\t)",
    }
    taken: dict[str, list[tuple[str, ...]]] = {}
    for name, pattern in patterns.items():
        taken[name] = [m.groups() for m in re.finditer(pattern, seed, flags=re.MULTILINE)]
        seed = re.sub(pattern, "\t", seed, flags=re.MULTILINE)
    return seed, taken


def fragments(seed: str) -> Iterator[str]:
    text = re.sub(r"</?(?:b|p)>", "\t", seed)  # a bold label or a paragraph ends a fragment
    text = re.sub(r"<[^>]+>", "", text)  # italics and the like are inside a sentence
    for cell in re.split(r"\t|\n| {2,}|Nota:|[()]", text):
        fragment = cell.strip(" ,;:")
        if normalise(fragment):  # rules like "-----" carry nothing
            yield fragment


def string_values(data: Any, path: tuple[Any, ...] = ()) -> Iterator[str]:
    """Every string the procedure holds, except ids and our own short activity names."""
    if isinstance(data, str):
        if path[-1:] != ("id",) and not (path[:1] == ("activities",) and path[-1:] == ("name",)):
            yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from string_values(value, (*path, key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from string_values(value, (*path, index))


def missing_fragments(seed: str, data: dict[str, Any]) -> list[str]:
    values = [normalise(v) for v in string_values(data)]
    haystack = "|".join(f" {v} " for v in values)
    missing = []
    for fragment in fragments(structured(seed)[0]):
        key = normalise(fragment)
        if key in HEADINGS:
            if not data.get(HEADINGS[key]):
                missing.append(f"{fragment} (heading of an empty `{HEADINGS[key]}`)")
            continue
        if f" {key} " in haystack:
            continue
        # A comma-separated cell may be a list in the YAML (the leaders): each piece must be a value.
        pieces = [normalise(piece) for piece in fragment.split(",")]
        if len(pieces) > 1 and all(piece in values for piece in pieces):
            continue
        missing.append(fragment)
    return missing


def test_the_source_is_the_approved_document_byte_for_byte() -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_every_fragment_of_the_document_is_in_the_yaml(seed: str, procedure: Procedure) -> None:
    assert len(list(fragments(seed))) > 60  # the cutting itself works: the document has that many cells
    missing = missing_fragments(seed, procedure.model_dump())
    assert missing == [], "not transcribed:\n" + "\n".join(missing)


@pytest.mark.parametrize(("path", "lost"), [
    (("activities", 4, "notes"), "Pasar reportes de funcionamiento del canal virtual a la Oficina TICS"),
    (("definitions", 1, "text"), "Es un conjunto de actividades que buscan satisfacer las necesidades de un cliente"),
    (("areas", 0, "as_written"), "Secretaria General/ Atención al ciudadano"),
    (("leaders",), "Alcalde, Secretario General, Líder de Atención al ciudadano"),
    (("legal_basis", 1, "description"), "Estrategia Gobierno en Línea"),
])
def test_the_check_notices_a_lost_text(seed: str, procedure: Procedure, path: tuple[Any, ...], lost: str) -> None:
    data = procedure.model_dump()
    holder = data
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = () if isinstance(holder[path[-1]], tuple) else "otra cosa"
    if path == ("areas", 0, "as_written"):
        data["areas"][0]["name"] = "Atención al ciudadano"  # the normalised name would still match
    assert lost in missing_fragments(seed, data)


def test_header_code_version_and_pages(seed: str, procedure: Procedure) -> None:
    taken = structured(seed)[1]
    assert taken["code"] == [(procedure.code,)] * 3
    assert taken["version"] == [(procedure.version,)] * 3
    assert taken["page"] == [("1", "3"), ("2", "3"), ("3", "3")]
    assert procedure.pages == 3
    assert procedure.organization.name == "Alcaldía de Santa Marta"
    assert procedure.organization.subtitle == "Distrito Turístico, Cultural e Histórico"


def test_activity_rows_are_the_numbered_activities(seed: str, procedure: Procedure) -> None:
    taken = structured(seed)[1]
    assert [int(n) for (n,) in taken["activity"]] == [a.number for a in procedure.activities] == [1, 2, 3, 4, 5]


def test_change_control_versions_dates_and_resolution(seed: str, procedure: Procedure) -> None:
    rows = [(version, f"{year}-{month}-{day}") for version, day, month, year in structured(seed)[1]["change"]]
    assert rows == [(c.version, c.date) for c in procedure.change_control] == [
        ("1", "2018-03-12"), ("2", "2019-06-21")]
    latest = procedure.change_control[-1]
    assert latest.act is not None
    assert (latest.act.kind, latest.act.number, latest.act.date) == ("Resolución", "3725", "2019-06-21")
    assert "Mediante Resolución 3725 del 21 de junio de 2019" in latest.description
    assert latest.version == procedure.version


def test_legal_basis_keeps_both_norms_with_their_descriptions(procedure: Procedure) -> None:
    assert [(n.norm, n.description) for n in procedure.legal_basis] == [
        ("Decreto 2573 de 2014", "Por el cual se establecen los lineamientos generales de la Estrategia de "
                                 "Gobierno en línea, se reglamenta parcialmente la Ley 1341 de 2009 y se dictan "
                                 "otras disposiciones."),
        ("Decreto 1151 de 2008", "Estrategia Gobierno en Línea"),
    ]


def test_definitions_keep_the_three_listed_without_text(procedure: Procedure) -> None:
    assert [(d.term, d.text is None) for d in procedure.definitions] == [
        ("Trámites", False), ("Servicio", False), ("Gobierno en línea", True), ("Página Web", True),
        ("Chat Virtual", True)]
    assert procedure.definitions[0].as_written == "Tramites"


def test_related_document_and_record_codes(procedure: Procedure) -> None:
    assert [(d.name, d.code) for d in procedure.related_documents] == [
        ("Manual de Atención al Ciudadano", "ME-GAC-M-001")]
    assert procedure.record("hoja_vida_tramites").code == "ME-GAC-F-003"
