"""Activity 4's publication as pure functions: the site, the open data and the informe; the site
checked with axe-core in headless Chromium (WCAG 2.1 A/AA)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.axe_runner import axe_violations, missing, screenshot
from tests.catalog_samples import SUIT, suit_entries
from workflow.catalog.changes import changes_between, snapshot_sha256
from workflow.catalog.informe import informe_html
from workflow.catalog.opendata import COLUMNS, dictionary_csv, open_data_csv
from workflow.catalog.site import Publication, render_site
from workflow.i18n import using_language

needs_data = pytest.mark.skipif(not SUIT.exists(), reason=f"the shared catalogue data is not at {SUIT.parent}")
AT = "2026-12-06T15:00:00Z"


def _publication(entries: list[dict[str, Any]], number: int = 1) -> Publication:
    return Publication(number, AT, "Alcaldía Distrital de Santa Marta", snapshot_sha256(entries))


def _write(folder: Path, entries: list[dict[str, Any]], previous: list[dict[str, Any]] | None = None) -> None:
    publication = _publication(entries, 2 if previous else 1)
    with using_language("es"):
        files = render_site(entries, publication)
        files["informe.html"] = informe_html(
            changes_between({x["code"]: x for x in previous} if previous else None, {x["code"]: x for x in entries}),
            publication, 1 if previous else None, "MM-GAC-P-006-0001").encode("utf-8")
        files["datos-abiertos.csv"] = open_data_csv(entries, AT)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


@needs_data
def test_the_site_has_an_index_by_dependencia_and_a_page_per_tramite(tmp_path: Path) -> None:
    entries = suit_entries()
    _write(tmp_path, entries)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in index and "<main" in index and "<nav" in index and "<script" not in index
    assert index.index("<h2>DADSA</h2>") < index.index("<h2>Secretaría de Hacienda</h2>")
    assert 'href="tramites/T2621.html"' in index
    page = (tmp_path / "tramites" / "T2621.html").read_text(encoding="utf-8")
    for heading in ("Para qué sirve", "Requisitos", "Costo", "Tiempo de respuesta", "Dónde y cómo",
                    "Fundamento legal"):
        assert f"<h2>{heading}</h2>" in page
    assert "2 horas" in page and "Parcialmente en línea" in page
    assert 'href="https://impuestos.santamarta.gov.co:8443/autoservicios.jsf"' in page
    assert 'href="https://www.gov.co/ficha-tramites-y-servicios/T2621"' in page


def test_hostile_text_is_escaped_and_only_web_links_are_links(tmp_path: Path) -> None:
    entry = {"code": "T1", "name": "<script>alert(1)</script>", "purpose": "a & b", "modality": "TOTALMENTE",
             "online_url": "javascript:alert(1)", "dependencia": "<b>x</b>",
             "legal_basis": [{"kind": "Decreto", "number": "1", "year": "2020", "articles": "",
                              "url": "http://file:///C:/Users/x/decreto.pdf"},
                             {"kind": "Ley", "number": "2", "year": "2021", "url": "file:///C:/ley.pdf"}]}
    _write(tmp_path, [entry])
    page = (tmp_path / "tramites" / "T1.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "javascript:" not in page.split("<main")[1].split("Hágalo")[0]
    assert 'href="file:' not in page and "Ley 2 de 2021" in page


@needs_data
def test_open_data_follows_datos_gov_co_and_has_its_dictionary() -> None:
    entries = suit_entries()
    rows = list(csv.DictReader(io.StringIO(open_data_csv(entries, AT).decode("utf-8"))))
    assert [r["codigo"] for r in rows] == ["T14088", "T14089", "T2621", "T33046"]
    assert list(rows[0]) == [name for name, _ in COLUMNS]
    assert all(name == name.lower() and name.isascii() and " " not in name for name, _ in COLUMNS)
    assert rows[2]["tiempo_cantidad"] == "2" and rows[2]["fecha_publicacion"] == AT
    dictionary = list(csv.DictReader(io.StringIO(dictionary_csv().decode("utf-8"))))
    assert [d["columna"] for d in dictionary] == [name for name, _ in COLUMNS]
    assert all(d["descripcion"] and d["tipo_de_dato"] for d in dictionary)


@needs_data
def test_the_informe_lists_exactly_what_changed_per_dependencia() -> None:
    before = suit_entries()
    after = [dict(x) for x in before if x["code"] != "T14088"]
    after[0]["name"] = after[0]["name"] + " (actualizado)"
    after.append({"code": "T99999", "name": "Nuevo servicio", "dependencia": "Secretaría de Salud"})
    changes = changes_between({x["code"]: x for x in before}, {x["code"]: x for x in after})
    assert [c.code for c in changes.added] == ["T99999"]
    assert [c.code for c in changes.removed] == ["T14088"]
    assert [(c.code, [f.field for f in c.fields]) for c in changes.changed] == [(after[0]["code"], ["name"])]
    assert changes_between({x["code"]: x for x in after}, {x["code"]: x for x in after}).empty
    with using_language("es"):
        text = informe_html(changes, _publication(after, 2), 1, "MM-GAC-P-006-0002")
    assert "1 agregados, 1 modificados, 1 retirados" in text and "Cambios desde la publicación 1" in text
    assert text.index("<h2>Secretaría de Movilidad") < text.index("<h2>Secretaría de Salud</h2>")


@needs_data
def test_the_same_catalogue_is_the_same_snapshot() -> None:
    entries = suit_entries()
    assert snapshot_sha256(entries) == snapshot_sha256(list(reversed(entries)))
    changed = [dict(x) for x in entries]
    changed[0]["purpose"] = "otro"
    assert snapshot_sha256(changed) != snapshot_sha256(entries)


@needs_data
@pytest.mark.skipif(missing() is not None, reason=missing() or "")
def test_the_published_site_passes_axe_wcag_21_aa_in_chromium(tmp_path: Path) -> None:
    before = suit_entries()
    after = [dict(x) for x in before[1:]]
    after[0]["purpose"] = "Propósito revisado"
    _write(tmp_path, after, previous=before)
    for page in (tmp_path / "index.html", tmp_path / "tramites" / "T2621.html", tmp_path / "informe.html"):
        assert axe_violations(page) == [], page
    screenshot(tmp_path / "tramites" / "T2621.html", tmp_path / "page.png")
    assert (tmp_path / "page.png").stat().st_size > 10_000


@needs_data
@pytest.mark.skipif(missing() is not None, reason=missing() or "")
def test_the_reconcile_report_passes_axe_too(tmp_path: Path) -> None:
    from tests.test_catalog_reconcile import WEB, _suit_pairs
    from workflow.catalog.reconcile import reconcile
    from workflow.catalog.reconcile_html import reconcile_html
    from workflow.catalog.weblist import WebEntry, parse_web_list

    web = [*parse_web_list(WEB.read_bytes(), WEB.name), WebEntry("T2621", "Impuesto predial", "http://x.co/<b>", 119)]
    with using_language("es"):
        text = reconcile_html(reconcile(_suit_pairs(), web), WEB.name, AT, "Alcaldía", "MM-GAC-P-006-0001")
    assert "<b>" not in text and "Impuesto predial unificado" in text
    (tmp_path / "revision.html").write_text(text, encoding="utf-8")
    assert axe_violations(tmp_path / "revision.html") == []
