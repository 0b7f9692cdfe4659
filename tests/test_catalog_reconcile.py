"""Activity 1's review as pure functions: the web page's list in its three shapes, and the comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflow.catalog.reconcile import comparable_name, is_own_link, reconcile
from workflow.catalog.weblist import WebEntry, parse_web_list
from workflow.errors import Refused

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "catalog"
WEB = DATA / "web-entries.json"
SUIT = DATA / "suit-sample.json"
DUPLICATED = ["T28597", "T65978", "T65981", "T65989", "T65992", "T66057", "T66256", "T69149"]
needs_data = pytest.mark.skipif(not WEB.exists(), reason=f"the shared catalogue data is not at {DATA}")


def _suit_pairs() -> list[tuple[str, str]]:
    return [(f"T{t['fi']}", t["nombre"]) for t in json.loads(SUIT.read_text(encoding="utf-8"))["tramites"]]


@needs_data
def test_the_real_web_list_against_the_real_suit_sample() -> None:
    web = parse_web_list(WEB.read_bytes(), WEB.name)
    assert len(web) == 118
    report = reconcile(_suit_pairs(), web)
    assert list(report.duplicated_on_web) == DUPLICATED
    web_codes = {entry.code for entry in web}
    assert list(report.not_in_catalog) == sorted(web_codes - {c for c, _ in _suit_pairs()})
    assert report.not_on_web == ()  # the four SUIT records are all on the page
    assert report.name_differs == ()  # their names there are SUIT's own
    assert report.link_mismatch == ()  # every link is its GOV.CO ficha
    assert report.as_json()["not_in_catalog"] == sorted(report.as_json()["not_in_catalog"])


def _entry(code: str, name: str, url: str | None = None, position: int = 1) -> WebEntry:
    return WebEntry(code, name, url if url is not None else f"https://www.gov.co/ficha-tramites-y-servicios/{code}",
                    position)


def test_names_that_differ_only_in_case_accents_or_spacing_are_the_same() -> None:
    catalog = [("T1", "Impuesto predial unificado"), ("T2", "Certificado de residencia"),
               ("T3", "Licencia de construcción")]
    web = [_entry("T1", "IMPUESTO  predial  unificádo "), _entry("T2", "Certificado de residencia y vecindad"),
           _entry("T3", "Licencia de construccion"), _entry("T3", "Licencia urbanística", position=2)]
    report = reconcile(catalog, web)
    assert report.as_json()["name_differs"] == [
        {"code": "T2", "catalog": "Certificado de residencia", "web": "Certificado de residencia y vecindad"},
        {"code": "T3", "catalog": "Licencia de construcción", "web": "Licencia urbanística"}]
    assert report.duplicated_on_web == ("T3",)
    assert comparable_name(" Ñandú\tÁrbol ") == "nandu arbol"


@pytest.mark.parametrize(("url", "own"), [
    ("https://www.gov.co/ficha-tramites-y-servicios/T28610", True),
    ("http://gov.co/ficha-tramites-y-servicios/t28610/", True),
    ("https://www.gov.co/ficha-tramites-y-servicios/T28611", False),  # another entry's ficha
    ("https://www.gov.co/", False),
    ("file:///C:/tramites/T28610.pdf", False),
    ("", False),
    ("https://www.santamarta.gov.co/tramites/T28610", True),  # the entity's own page for it
    ("https://www.santamarta.gov.co/tramites/T286100", False),
    ("https://www.santamarta.gov.co/pagos", True),  # a page the catalogue names for the entry
    ("https://[::1", False),
])
def test_links_must_point_to_the_entry_itself(url: str, own: bool) -> None:
    assert is_own_link(url, "T28610", ["https://santamarta.gov.co/pagos/"], ["santamarta.gov.co"]) is own


def test_not_on_web_and_links_sorted_by_code() -> None:
    report = reconcile([("T9", "b"), ("T10", "a"), ("T5", "c")],
                       [_entry("T5", "c", "https://example.org/x"), _entry("T7", "d", "")])
    assert report.not_on_web == ("T10", "T9")
    assert report.not_in_catalog == ("T7",)
    assert report.as_json()["link_mismatch"] == [{"code": "T5", "url": "https://example.org/x"},
                                                 {"code": "T7", "url": ""}]


def test_a_csv_with_or_without_header_and_either_separator() -> None:
    text = "codigo;nombre;url\nT28610;Licencia de  inhumación;https://www.gov.co/ficha-tramites-y-servicios/T28610\n\n"
    assert parse_web_list(text.encode("utf-8"), "x.csv") == (
        WebEntry("T28610", "Licencia de inhumación", "https://www.gov.co/ficha-tramites-y-servicios/T28610", 2),)
    latin = "t1,Certificación,https://x\n".encode("cp1252")
    assert parse_web_list(latin, "x.csv") == (WebEntry("T1", "Certificación", "https://x", 1),)


def test_a_saved_html_page_of_links_or_of_a_table() -> None:
    page = """<!doctype html><html lang="es"><head><script>var a = "<a href='/T999'>no</a>";</script></head>
    <body><nav><a href="/">Inicio</a></nav><ul>
    <li><a href="https://www.gov.co/ficha-tramites-y-servicios/T41140">Préstamo de parques &amp; escenarios</a></li>
    <li><a href="/tramites/otro">T2621 - Impuesto predial</a></li></ul>
    <table><tr><th>Código</th><th>Nombre</th></tr>
    <tr><td>T14088</td><td><a href="https://www.gov.co/ficha-tramites-y-servicios/T14088">Certificado de
    libertad</a></td></tr></table></body></html>"""
    assert parse_web_list(page.encode("utf-8"), "x.html") == (
        WebEntry("T41140", "Préstamo de parques & escenarios",
                 "https://www.gov.co/ficha-tramites-y-servicios/T41140", 1),
        WebEntry("T2621", "Impuesto predial", "/tramites/otro", 2),
        WebEntry("T14088", "Certificado de libertad", "https://www.gov.co/ficha-tramites-y-servicios/T14088", 3))


@pytest.mark.parametrize(("data", "key"), [
    (b"", "weblist.empty"),
    (b"{\"entries\": [", "weblist.bad_json"),
    (b"{\"entries\": 3}", "weblist.json_shape"),
    (b"{\"entries\": [{\"nombre\": \"x\"}]}", "weblist.bad_entry"),
    (b"T1;a;b\n;;\n?? ;x;y\n", "weblist.bad_row"),
    (b"<html><body><a href='/'>Inicio</a></body></html>", "weblist.empty"),
    (b"[" * 100000, "weblist.bad_json"),
])
def test_a_list_that_is_not_one_is_refused_with_where(data: bytes, key: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_web_list(data, "lista")
    assert refused.value.message.key == key
    assert "lista" in str(refused.value)
