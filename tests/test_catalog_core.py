"""The catalogue as pure functions: SUIT JSON in (with its real oddities), entries, their hash, the diff,
the reviewer's rules and the dependencia matching. No database."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.core.catalog.diff import diff_catalogues, diff_entries
from workflow.core.catalog.matching import match_dependencia
from workflow.core.catalog.model import Entry, content_sha256, content_text, entry_from_json
from workflow.core.catalog.projection import as_of
from workflow.core.catalog.rules import check, is_web_link, norm_file_disagreement
from workflow.core.catalog.suit import parse_suit_text
from workflow.core.itemlists import parse_item_list
from workflow.errors import DefinitionInvalid

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "catalog" / "suit-sample.json"
DEPENDENCIAS = parse_item_list((ROOT / "procedures" / "data" / "dependencias.yaml").read_text("utf-8"), "d")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    if not SAMPLE.is_file():
        pytest.skip(f"the real SUIT sample is not beside the project ({SAMPLE})")
    return json.loads(SAMPLE.read_text("utf-8"))  # type: ignore[no-any-return]


def _parse(document: dict[str, Any], name: str = "suit.json") -> tuple[Entry, ...]:
    return parse_suit_text(json.dumps(document, ensure_ascii=False, indent=2), name)


def _record(document: dict[str, Any], index: int = 0, **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(document["tramites"][index])
    record.update(changes)
    return record


def _rules(entries: tuple[Entry, ...]) -> set[tuple[str, str]]:
    return {(f.code, f.rule) for f in check([(e, "x") for e in entries])}


# -- reading SUIT ------------------------------------------------------------------------------------------

def test_the_real_sample_reads_into_four_entries_keyed_by_gov_co_code(document: dict[str, Any]) -> None:
    entries = _parse(document)
    assert [e.code for e in entries] == ["T33046", "T14088", "T14089", "T2621"]
    predial = entries[3]
    assert (predial.modality, predial.time.quantity, predial.time.unit) == ("parcialmente_en_linea", 2, "hours")
    assert entries[0].time.unit == "business_days"
    assert predial.has_payment_step() and not entries[0].has_payment_step()
    assert predial.service_points[0].latitude == Decimal("11.245163")
    assert [n.kind for n in entries[1].legal_basis][:2] == ["Resolución", "Directiva"]


def test_trailing_spaces_are_trimmed_and_remembered(document: dict[str, Any]) -> None:
    entry = _parse(document)[2]
    assert entry.result == "Constancia de radicación de documentos"  # SUIT: "... documentos "
    assert {"result", "steps[0].requirements[4].document"} <= {i.field for i in entry.source_issues}


def test_a_blank_horario_and_line_breaks_are_normalised(document: dict[str, Any]) -> None:
    points = [{**document["tramites"][0]["puntosAtencion"][0], "horario": " ", "nombre": "Punto\r\n  central "}]
    entry = _parse({"tramites": [_record(document, puntosAtencion=points)]})[0]
    assert (entry.service_points[0].hours, entry.service_points[0].name) == (None, "Punto central")
    kinds = {(i.field, i.kind) for i in entry.source_issues}
    assert {("service_points[0].hours", "blank"), ("service_points[0].name", "line_break")} <= kinds


def test_nulls_empty_lists_numbers_as_text_and_other_units_are_read(document: dict[str, Any]) -> None:
    record = _record(document, normativa=None, momentos=[], puntosAtencion=None, audiencias=[], seguimiento=None,
                     tiempo={"cantidad": "3", "unidad": "MES", "nota": None}, mediosResultado=None, fi="4242")
    entry = _parse({"tramites": [record]})[0]
    assert (entry.code, entry.time.quantity, entry.time.unit) == ("T4242", 3, "months")
    assert entry.legal_basis == () and entry.service_points == ()
    unknown = _parse({"tramites": [_record(document, tiempo={"cantidad": 1, "unidad": "QUINCENA"})]})[0]
    assert unknown.time.unit == "QUINCENA"
    assert ("T33046", "time_unit_unknown") in _rules((unknown,))


def test_a_malformed_record_is_reported_with_its_position_and_the_file_refused(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    broken["tramites"][2]["tiempo"]["cantidad"] = "quince"
    broken["tramites"][1]["normativa"] = {"tipo": "Ley"}
    text = json.dumps(broken, ensure_ascii=False, indent=2)
    with pytest.raises(DefinitionInvalid) as raised:
        parse_suit_text(text, "suit.json")
    shown = str(raised.value).splitlines()
    lines = text.splitlines()
    assert len(shown) == 2
    assert shown[0].startswith("suit.json:") and "$.tramites[1].normativa: expected a list, found dict" in shown[0]
    line = int(shown[1].split(":")[1])
    assert "$.tramites[2].tiempo.cantidad: 'quince' is not a number" in shown[1]
    assert '"quince"' in lines[line - 1]


@pytest.mark.parametrize(("record", "says"), [
    ({"nombre": "Sin número"}, "no SUIT number"),
    ({"fi": -3, "nombre": "Negativo"}, "'-3' is not a SUIT number"),
    ({"fi": 7}, "has no name"),
    ("texto", "is not a JSON object"),
])
def test_records_that_cannot_be_entries(record: Any, says: str) -> None:
    with pytest.raises(DefinitionInvalid, match=says):
        parse_suit_text(json.dumps({"tramites": [record]}), "x.json")


def test_the_same_code_twice_in_one_file_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(DefinitionInvalid, match="code T33046 already appears in record 1"):
        _parse({"tramites": [_record(document), _record(document)]})


def test_broken_json_names_its_line() -> None:
    with pytest.raises(DefinitionInvalid, match=r"^x.json:3:1: not valid JSON"):
        parse_suit_text('{"tramites": [\n  {"fi": 1,\n}\n', "x.json")


# -- content hash and diff ----------------------------------------------------------------------------------

def test_the_content_hash_ignores_key_order_and_formatting(document: dict[str, Any]) -> None:
    entry = _parse(document)[1]
    shuffled = {"tramites": [dict(reversed(list(_record(document, 1).items())))]}
    again = parse_suit_text(json.dumps(shuffled, separators=(",", ":")), "other.json")[0]
    assert content_sha256(entry) == content_sha256(again)
    assert entry_from_json(json.loads(content_text(entry))) == entry


def test_the_diff_names_fields_by_path(document: dict[str, Any]) -> None:
    old = _parse(document)[1]
    record = _record(document, 1, modalidad="PARCIALMENTE")
    record["normativa"][1]["tipo"] = "Decreto"
    record["puntosAtencion"].append({"nombre": "Sede norte"})
    new = _parse({"tramites": [record]})[0]
    fields = {c.field: (c.old, c.new) for c in diff_entries(old, new)}
    assert fields["modality"] == ("totalmente_en_linea", "parcialmente_en_linea")
    assert fields["legal_basis[1].kind"] == ("Directiva", "Decreto")
    assert fields["service_points[1]"][0] is None and fields["service_points[1]"][1]["name"] == "Sede norte"
    catalogue = diff_catalogues({"T1": old, "T2": old}, {"T1": new, "T3": old})
    assert (catalogue.added, catalogue.removed, [c.code for c in catalogue.changed]) == (("T3",), ("T2",), ["T1"])
    assert diff_catalogues({"T1": old}, {"T1": old}).empty


def test_the_catalogue_as_of_a_seq_replays_the_events(document: dict[str, Any]) -> None:
    from workflow.core.catalog import projection as proj

    first, second = _parse(document)[:2]
    actor = {"login": "ana"}
    events = [(1, {"type": proj.ENTRY_ADDED, "at": "t1", "actor": actor,
                   "data": proj.added_data(first, content_sha256(first), {})}),
              (2, {"type": proj.ENTRY_ASSIGNED, "at": "t2", "actor": actor,
                   "data": proj.assigned_data(first.code, "dadsa", "DADSA", None, proj.MATCHED)}),
              (3, {"type": proj.ENTRY_ADDED, "at": "t3", "actor": actor,
                   "data": proj.added_data(second, content_sha256(second), {})})]
    assert list(as_of(events[:2]).entries()) == [first.code]
    replay = as_of(events)
    assert replay.entries() == {first.code: first, second.code: second}
    assert replay.rows[first.code][3] == "dadsa"


# -- the reviewer's rules -------------------------------------------------------------------------------------

def test_the_known_oddities_of_the_real_sample_are_flagged(document: dict[str, Any]) -> None:
    found = check([(e, None) for e in _parse(document)])
    mismatched = {(f.code, f.field) for f in found if f.rule == "norm_file_mismatch"}
    # The Decreto-Ley 019 de 2012 typed as "Directiva" (twice) and the Decreto-Ley 2610 de 1979.
    assert mismatched == {("T14088", "legal_basis[1]"), ("T14089", "legal_basis[2]"), ("T14089", "legal_basis[3]")}
    assert {f.code for f in found if f.rule == "stray_spaces"} == {"T33046", "T14088", "T14089", "T2621"}
    assert all(f.severity in ("error", "warning") for f in found)
    assert {f.rule for f in found if f.severity == "error"} == set()  # the sample's own problems are warnings


def test_the_oddities_of_other_real_records_are_flagged(document: dict[str, Any]) -> None:
    record = _record(document, 3)
    record["normativa"][0]["url"] = "http://file:///C:/Users/planeacion/Desktop/ley-75-de-1986.pdf"
    record["puntosAtencion"][0].update(latitud=40.4167, longitud=-3.7033)  # Madrid
    record["puntosAtencion"][1].update(latitud=-74.21308, longitud=11.245163, horario=" ")  # swapped
    found = {(f.rule, f.field): f for f in check([(e, "x") for e in _parse({"tramites": [record]})])}
    assert ("link_not_http", "legal_basis[0].url") in found
    assert ("coordinates_outside_colombia", "service_points[0]") in found
    swapped = found[("coordinates_outside_colombia", "service_points[1]")]
    assert "latitude and longitude look swapped" in swapped.message.render()
    assert ("hours_missing", "service_points[1].hours") in found
    assert swapped.to_json()["severity"] == "error" and swapped.to_json()["fix"]


def test_missing_statements_and_payments_without_basis(document: dict[str, Any]) -> None:
    payment = document["tramites"][3]["momentos"][1]
    bare = _record(document, 3, normativa=[], tiempo={"cantidad": None, "unidad": None}, urlTramiteEnLinea=None,
                   momentos=[{**payment, "requisitos": [{**payment["requisitos"][0], "pago_valor": []}]}])
    rules = {rule for _, rule in _rules(_parse({"tramites": [bare]}))}
    assert {"legal_basis_missing", "time_missing", "cost_missing", "cost_without_legal_basis",
            "online_without_url"} <= rules


def test_a_document_the_entity_issues_and_names_badly_written(document: dict[str, Any]) -> None:
    record = _record(document, 2, nombre="  IMPUESTO PREDIAL UNIFICADO ")
    record["momentos"][0]["requisitos"][0]["documento"] = "Paz y salvo del Impuesto Predial"
    entries = _parse({"tramites": [record, _record(document, 3)]})
    rules = _rules(entries)
    assert {("T14089", "requirement_entity_document"), ("T14089", "name_stray_spaces"), ("T14089", "name_case"),
            ("T14089", "duplicate_name"), ("T2621", "duplicate_name")} <= rules


@pytest.mark.parametrize(("url", "web"), [
    ("https://www.gov.co/ficha-tramites-y-servicios/T28610", True),
    ("https://impuestos.santamarta.gov.co:8443/autoservicios.jsf", True),
    ("http://file:///C:/Users/x/ley.pdf", False), ("file:///C:/x.pdf", False), ("C:\\x.pdf", False),
    ("www.santamarta.gov.co", False), ("ftp://santamarta.gov.co/x", False), ("https://localhost/x", False),
    ("https://x.gov.co:port/", False),
])
def test_web_links(url: str, web: bool) -> None:
    assert is_web_link(url) is web


@pytest.mark.parametrize(("kind", "number", "file", "agree"), [
    ("Directiva", "019", "Decreto-19-de-2012.pdf", False), ("Resolución", "0153", "RESOL0153 (1).pdf", True),
    ("Acuerdo", "004", "Acdo 004 Estatuto tributario de 2016.pdf", True), ("Ley", "55", "Ley_55 de 85.pdf", True),
    ("Ley", "75", "ley-75-de-1986[1].pdf", True), ("Ley", "140", "LEY 141 DE 1994.pdf", False),
    ("Decreto", "1333", None, True),
])
def test_a_norm_against_its_file_name(kind: str, number: str, file: str | None, agree: bool) -> None:
    assert (norm_file_disagreement(kind, number, file) is None) is agree


# -- the responsible dependencia --------------------------------------------------------------------------------

def test_dependencias_are_matched_only_when_unambiguous(document: dict[str, Any]) -> None:
    entries = _parse(document)
    matched = {e.code: (m.id if (m := match_dependencia(e, DEPENDENCIAS)) else None) for e in entries}
    assert matched == {"T33046": "dadsa", "T14088": None, "T14089": "secretaria-de-planeacion", "T2621": None}
    both = _record(document, 2)
    both["puntosAtencion"].append({**both["puntosAtencion"][0], "nombre": "Secretaría de Hacienda"})
    assert match_dependencia(_parse({"tramites": [both]})[0], DEPENDENCIAS) is None


# -- hostile records --------------------------------------------------------------------------------------------

_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8)
                     | st.floats(allow_nan=False, allow_infinity=False),
                     lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children,
                                                                                         max_size=3), max_leaves=12)
_fields = st.sampled_from(["fi", "nombre", "tiempo", "normativa", "momentos", "puntosAtencion", "seguimiento",
                           "modalidad", "audiencias", "cuentas", "mediosResultado", "proposito"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(_fields, _json, max_size=4))
def test_hostile_records_are_read_or_refused_never_crash(document: dict[str, Any], changes: dict[str, Any]) -> None:
    record = _record(document, 3, **changes)
    try:
        entries = parse_suit_text(json.dumps({"tramites": [record]}), "h.json")
    except DefinitionInvalid as invalid:
        assert all(p.path == "h.json" and p.line >= 1 for p in invalid.problems)
        return
    check([(e, None) for e in entries])
    assert content_sha256(entries[0]) == content_sha256(entry_from_json(json.loads(content_text(entries[0]))))


def test_the_hoja_de_vida_workbook_still_refuses_taken_and_invalid_sheet_names() -> None:
    """Its sheet names are checked with a set (one sheet per entry: 2,000 of them), with every check
    of xlsxwriter kept."""
    import io

    from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName

    from workflow.exports.catalog_sheet import _Workbook

    book = _Workbook(io.BytesIO(), {"in_memory": True})
    book.add_worksheet("T28610")
    with pytest.raises(DuplicateWorksheetName):
        book.add_worksheet("t28610")
    with pytest.raises(InvalidWorksheetName):
        book.add_worksheet("T1/2")
    book.add_worksheet("T28611")
    assert [sheet.name for sheet in book.worksheets()] == ["T28610", "T28611"]
    book.close()
