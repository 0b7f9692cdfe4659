"""The catalogue in an office: import (twice), assign, check, sheet, template, diff, through the library and
the command line in-process, on SQLite and PostgreSQL; every change is an audited event and `audit verify`
rebuilds the table; a row changed by hand is named; on PostgreSQL staff cannot write the table directly."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from tests.conftest import Office, cycle_at
from tests.test_tamper import database
from workflow.cli.app import app
from workflow.errors import DefinitionInvalid, NotFound, Refused
from workflow.service import auditing
from workflow.service import catalog as service

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "catalog" / "suit-sample.json"
pytestmark = pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the real SUIT sample is not beside the project "
                                                             f"({SAMPLE})")


class Terminal:
    """`workflow` run in this process in the office's home (SQLite), as `user`."""

    def __init__(self, home: Path) -> None:
        self.env = {k: "" for k in os.environ if k.startswith("WORKFLOW_")}
        self.env.update(WORKFLOW_HOME=str(home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200")

    def __call__(self, *args: str, user: str = "ana") -> tuple[int, str, str]:
        result = CliRunner().invoke(app, list(args), env={**self.env, "WORKFLOW_USER": user})
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result.exit_code, result.stdout, result.stderr

    def json(self, *args: str, user: str = "ana") -> Any:
        code, out, err = self(*args, "--json", user=user)
        assert code == 0, err
        return json.loads(out)


def _verify_ok(office: Office) -> None:
    result = auditing.verify(office.as_user("admin"))
    assert result.ok, result.to_json()


def test_importing_twice_changes_nothing_and_every_change_is_verified(any_office: Office) -> None:
    ana = any_office.as_user("ana")
    first = service.import_file(ana, SAMPLE)
    assert (len(first.added), len(first.changed)) == (4, 0)
    assert set(first.assigned) == {"T33046", "T14089"}  # DADSA and Planeación, named by their service points
    again = service.import_file(ana, SAMPLE).to_json()
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 4)
    assert again["codes"] == ["T14088", "T14089", "T2621", "T33046"]
    row = service.assign(ana, "t2621", "secretaria-de-hacienda")
    assert (row.code, row.dependencia) == ("T2621", "secretaria-de-hacienda")
    _verify_ok(any_office)
    with any_office.as_user("admin").reading() as tx:
        kinds = [e.type for e in tx.events() if e.type.startswith("catalog.")]
    assert kinds.count("catalog.entry_added") == 4 and kinds.count("catalog.entry_assigned") == 3


def test_a_changed_record_is_one_event_naming_its_fields(any_office: Office, tmp_path: Path) -> None:
    ana = any_office.as_user("ana")
    service.import_file(ana, SAMPLE)
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["tramites"][0]["tiempo"]["cantidad"] = 10
    document["tramites"][0]["normativa"][0]["articulos"] = "Artículos 11 y 12"
    changed = tmp_path / "suit-2.json"
    changed.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    result = service.import_file(ana, changed)
    assert (result.changed, len(result.unchanged)) == (("T33046",), 3)
    with any_office.as_user("admin").reading() as tx:
        event = json.loads(tx.events()[-1].payload)
    assert event["type"] == "catalog.entry_changed"
    assert [c["field"] for c in event["data"]["changes"]] == ["time.quantity", "legal_basis[0].articles"]
    assert event["data"]["sha256"] == service.row(ana, "T33046").sha256 != event["data"]["previous_sha256"]
    assert service.diff(ana, f"@{event['seq'] - 1}", "draft").changed[0].fields[0].new == 10
    _verify_ok(any_office)


def test_a_malformed_file_imports_nothing(office: Office, tmp_path: Path) -> None:
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["tramites"][3]["puntosAtencion"][0]["latitud"] = "norte"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, indent=1), "utf-8")
    with pytest.raises(DefinitionInvalid, match=r"bad\.json:\d+:\d+: \$\.tramites\[3\]\.puntosAtencion\[0\]\.latitud"):
        service.import_file(office.as_user("ana"), bad)
    assert service.rows(office.as_user("ana")) == []


def test_who_may_write_the_catalogue(office: Office, tmp_path: Path) -> None:
    with pytest.raises(Refused, match="'nadie' is not registered"):
        service.import_file(office.as_user("nadie"), SAMPLE)
    service.import_file(office.as_user("ana"), SAMPLE)
    with pytest.raises(NotFound, match="'hacienda' is not a dependencia"):
        service.assign(office.as_user("ana"), "T2621", "hacienda")
    with pytest.raises(NotFound, match="no entry with code T1"):
        service.assign(office.as_user("ana"), "T1", "dadsa")
    cycle_id = cycle_at(office, tmp_path, 3)  # activity 3: luis's (Oficina SIG)
    with pytest.raises(Refused, match="'marta' may not act on activity 3"):
        service.assign(office.as_user("marta"), "T2621", "secretaria-de-hacienda", cycle_id)
    service.assign(office.as_user("luis"), "T2621", "secretaria-de-hacienda", cycle_id)
    history = office.as_user("admin").cycle(cycle_id).history
    assert history[-1].type == "catalog.entry_assigned" and history[-1].activity == 3
    _verify_ok(office)


def test_a_catalogue_row_changed_by_hand_is_named(any_office: Office) -> None:
    service.import_file(any_office.as_user("ana"), SAMPLE)
    with database(any_office) as db:
        db.execute("UPDATE catalog_entry SET content = replace(content, '15', '5') WHERE code = 'T33046'")
    result = auditing.verify(any_office.as_user("admin"))
    assert not result.ok and result.problem is not None
    said = result.problem.render()
    assert "the table catalog_entry disagrees" in said and "row T33046: content" in said


def test_staff_cannot_write_the_catalogue_table_directly_on_postgresql(any_office: Office) -> None:
    if any_office.server is None:
        pytest.skip("PostgreSQL guards only (SQLite: audit verify is the defence, tested above)")
    service.import_file(any_office.as_user("ana"), SAMPLE)
    engine = create_engine(any_office.server.url("ana"))
    try:
        for statement in ("UPDATE workflow.catalog_entry SET dependencia = 'dadsa' WHERE code = 'T2621'",
                          "INSERT INTO workflow.catalog_entry VALUES ('T1', 'x', 'x', '{}', NULL, 'a', 'a', 'ana', 1)",
                          "DELETE FROM workflow.catalog_entry WHERE code = 'T2621'"):
            with pytest.raises(DBAPIError) as raised, engine.begin() as connection:
                connection.execute(text(statement))
            assert getattr(raised.value.orig, "sqlstate", None) in ("WF001", "42501"), raised.value
    finally:
        engine.dispose()
    service.assign(any_office.as_user("ana"), "T2621", "secretaria-de-hacienda")  # the application's own path
    _verify_ok(any_office)


# -- the command line (contract shapes) -------------------------------------------------------------------------

def test_the_commands_and_their_json_shapes(office: Office, tmp_path: Path) -> None:
    term = Terminal(office.home)
    imported = term.json("catalog", "import", str(SAMPLE))
    assert {k: imported[k] for k in ("added", "changed", "unchanged")} == {"added": 4, "changed": 0, "unchanged": 0}
    listed = term.json("catalog", "list")
    assert [e["code"] for e in listed] == ["T14088", "T14089", "T2621", "T33046"]
    assert set(listed[0]) >= {"code", "name", "dependencia", "modality", "time", "cost"}
    assert [e["code"] for e in term.json("catalog", "list", "--dependencia", "dadsa")] == ["T33046"]
    shown = term.json("catalog", "show", "T2621")
    assert set(shown) >= {"code", "name", "purpose", "result", "modality", "online_url", "time", "cost",
                          "dependencia", "legal_basis", "steps", "service_points"}
    assert shown["time"] == {"quantity": 2, "unit": "hours", "note": None}
    assert set(shown["legal_basis"][0]) >= {"kind", "number", "year", "articles", "url"}
    assert set(shown["steps"][0]["requirements"][0]) >= {"kind", "document", "description", "mandatory"}
    assert shown["steps"][0]["requirements"][0]["kind"] == "SOLICITUD"
    assert shown["service_points"][0]["latitude"] == 11.245163
    findings = term.json("catalog", "check")
    assert all(set(f) >= {"code", "rule", "severity", "message"} for f in findings)
    assert ("T14088", "norm_file_mismatch") in {(f["code"], f["rule"]) for f in findings}
    assert term("catalog", "check", "--strict")[0] == 0  # the sample's findings are warnings
    assert term("catalog", "assign", "T2621", "--dependencia", "secretaria-de-hacienda")[0] == 0
    diff = term.json("catalog", "diff")
    assert diff["added"] == ["T14088", "T14089", "T2621", "T33046"] and diff["changed"] == []
    code, _, err = term("catalog", "show", "T999")
    assert code == 1 and "no entry with code T999" in err


def test_sheets_and_templates_are_written_and_read_back(office: Office, tmp_path: Path) -> None:
    term = Terminal(office.home)
    term("catalog", "import", str(SAMPLE))
    code, out, _ = term("catalog", "sheet", "--all", "-o", str(tmp_path / "hojas.xlsx"))
    assert code == 0 and "4 data sheets" in out
    book = load_workbook(tmp_path / "hojas.xlsx")
    assert book.sheetnames == ["T14088", "T14089", "T2621", "T33046"]
    cells = [c for row in book["T33046"].iter_rows(values_only=True) for c in row if c]
    assert "ME-GAC-F-003" in " ".join(cells) and "DADSA" in cells and "Legal basis" in cells
    assert term("catalog", "sheet", "T2621", "-o", str(tmp_path / "predial.html"))[0] == 0
    page = (tmp_path / "predial.html").read_text("utf-8")
    assert '<html lang="en">' in page and "Impuesto predial unificado" in page and "<main>" in page
    assert term("catalog", "sheet", "-o", str(tmp_path / "x.html"))[0] == 2  # neither a code nor --all
    for name in ("plantilla.xlsx", "plantilla.csv"):
        assert term("catalog", "template", "-o", str(tmp_path / name))[0] == 0
    assert (tmp_path / "plantilla-diccionario.csv").is_file()
    assert load_workbook(tmp_path / "plantilla.xlsx").sheetnames[-1] == "diccionario"


def test_the_template_imports_like_suit(office: Office, tmp_path: Path) -> None:
    from workflow.exports.catalog_template import xlsx

    path = tmp_path / "plantilla.xlsx"
    path.write_bytes(xlsx())
    book = load_workbook(path)
    book["tramites"].append(["T900001", "opa", "Préstamo de escenarios  ", None, "Para eventos", "Permiso",
                             "totalmente_en_linea", "http://file:///C:/tramite.pdf", None, 5, "business_days"])
    book["normativa"].append(["T900001", "Acuerdo", "004", 2016, "Artículo 1"])
    book["requisitos"].append(["T900001", 1, "Solicitar", 1, "DOCUMENTO", "Certificado de residencia"])
    book["puntos_atencion"].append(["T900001", "INRED", "Calle 1", None, "8 a 12", "Santa Marta", "Magdalena",
                                    4.6, -74.08])
    book.save(path)
    ana = office.as_user("ana")
    assert service.import_file(ana, path).added == ("T900001",)
    assert service.row(ana, "T900001").dependencia == "inred"
    rules = {f.rule for f in service.findings(ana) if f.code == "T900001"}
    assert {"link_not_http", "requirement_entity_document", "name_stray_spaces",
            "coordinates_outside_municipality"} <= rules
    assert service.import_file(ana, path).unchanged == ("T900001",)
    book["requisitos"].append(["T999999", 1, None, 1, "PAGO"])
    book.save(path)
    with pytest.raises(DefinitionInvalid, match="sheet 'requisitos', row 3, column 'codigo': code T999999 is not"):
        service.import_file(ana, path)


def test_activity_3_takes_its_hoja_de_vida_from_the_catalogue(office: Office, tmp_path: Path) -> None:
    service.import_file(office.as_user("ana"), SAMPLE)
    cycle_id = cycle_at(office, tmp_path, 3)  # activity 3: luis's, record hoja_vida_tramites
    term = Terminal(office.home)
    code, _, err = term("catalog", "sheet", "--cycle", cycle_id, "-o", str(tmp_path / "none.xlsx"), user="luis")
    assert code == 1 and f"no catalogue entry was changed in cycle {cycle_id}" in err
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["tramites"][3]["tiempo"]["cantidad"] = 1
    survey = tmp_path / "encuesta.json"
    survey.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert term.json("catalog", "import", str(survey), "--cycle", cycle_id, user="luis")["changed"] == 1
    assert term("catalog", "assign", "T14088", "--dependencia", "secretaria-de-movilidad-multimodal-y-sostenible",
                "--cycle", cycle_id, user="luis")[0] == 0
    made = term.json("catalog", "sheet", "--cycle", cycle_id, "--attach", "-o", str(tmp_path / "hv.xlsx"),
                     user="luis")
    assert made["codes"] == ["T2621", "T14088"] and made["attached"][0]["record"] == "hoja_vida_tramites"
    assert load_workbook(tmp_path / "hv.xlsx").sheetnames == ["T2621", "T14088"]
    assert term("cycle", "complete", cycle_id, "--activity", "3", user="luis")[0] == 0  # no hand-made file
    _verify_ok(office)


def test_a_superusers_upgrade_to_the_catalogue_is_no_incident(any_office: Office) -> None:
    """An installation at revision 0004 whose superuser installed the incident recorder: the upgrade's
    own DDL (the catalogue's guard, grant_access as 0006 has it) is no tampering, and the staff granted
    before it may write the catalogue after it."""
    if any_office.server is None:
        pytest.skip("PostgreSQL only: the incident recorder and the grants are PostgreSQL's")
    from workflow.storage.migrations import upgrade_to_head
    from workflow.storage.pg_incidents import uninstall_recorder

    superuser = create_engine(any_office.server.url(any_office.server.superuser_url.username or "postgres"),
                              connect_args={"options": "-c search_path=workflow"})
    try:
        with superuser.begin() as connection:
            from alembic import command

            from workflow.storage.migrations import alembic_config

            command.downgrade(alembic_config(connection), "0004")  # type: ignore[arg-type]
            upgrade_to_head(connection, "0004")  # as a superuser: the recorder is installed
        with superuser.begin() as connection:
            upgrade_to_head(connection)
        _verify_ok(any_office)
        assert service.import_file(any_office.as_user("ana"), SAMPLE).added  # 0006 granted the table to ana
        _verify_ok(any_office)
    finally:
        with superuser.begin() as connection:
            uninstall_recorder(connection)
        superuser.dispose()
