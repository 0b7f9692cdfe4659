"""Activities 1, 2 and 4 of the catalogue in an office: the review of the web page (kept as activity 1's
evidence), the requests and answers by e-mail, and the publication with its informe attached as
activity 4's `informe`, through the library and the command line in-process; `audit verify` agrees."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import Office, cycle_at
from workflow.cli.app import app
from workflow.errors import Refused, UsageError
from workflow.service import auditing, catalog_mail, catalog_publish, catalog_review
from workflow.service import catalog as service

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "catalog"
SAMPLE = DATA / "suit-sample.json"
WEB = DATA / "web-entries.json"
DUPLICATED = ["T28597", "T65978", "T65981", "T65989", "T65992", "T66057", "T66256", "T69149"]
pytestmark = pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the real catalogue data is not beside the project "
                                                             f"({DATA})")


def _cli(home: Path, *args: str, user: str = "ana") -> tuple[int, str]:
    env = {k: "" for k in os.environ if k.startswith("WORKFLOW_")}
    env.update(WORKFLOW_HOME=str(home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200", WORKFLOW_USER=user)
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def _verified(office: Office) -> None:
    result = auditing.verify(office.as_user("admin"))
    assert result.ok, result.to_json()


def test_reviewing_the_real_page_against_the_real_sample(office: Office, tmp_path: Path) -> None:
    service.import_file(office.as_user("ana"), SAMPLE)
    code, out = _cli(office.home, "catalog", "reconcile", str(WEB), "--json")
    assert code == 0, out
    report = json.loads(out)
    web_codes = {e["codigo"] for e in json.loads(WEB.read_text(encoding="utf-8"))["entries"]}
    assert report["duplicated_on_web"] == DUPLICATED
    assert report["not_in_catalog"] == sorted(web_codes - {"T33046", "T14088", "T14089", "T2621"})
    assert report["not_on_web"] == [] and report["name_differs"] == [] and report["link_mismatch"] == []
    code, out = _cli(office.home, "catalog", "reconcile", str(WEB), "-o", str(tmp_path / "r.html"))
    assert code == 0 and "Listed twice on the page (8): T28597" in out
    assert 'lang="es"' in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_review_is_kept_as_activity_1s_evidence(any_office: Office, tmp_path: Path) -> None:
    ana = any_office.as_user("ana")
    service.import_file(ana, SAMPLE)
    cycle_id = cycle_at(any_office, tmp_path, 1)
    done = catalog_review.review(ana, WEB, cycle_id)
    assert len(done.evidence) == 1 and done.evidence[0].record_id == catalog_review.REVIEW_RECORD
    shown = [e for e in ana.cycle(cycle_id).evidence if e.activity == 1]
    assert [e.record for e in shown] == ["revision_pagina_web"] and "duplicated_on_web=8" in (shown[0].note or "")
    with pytest.raises(Refused):  # marta is not staff of activity 1
        catalog_review.review(any_office.as_user("marta"), WEB, cycle_id)
    ana.complete(cycle_id, 1)
    with pytest.raises(Refused) as refused:
        catalog_review.review(ana, WEB, cycle_id)
    assert refused.value.message.key == "review.not_activity_1"
    _verified(any_office)


def test_requests_by_dependencia_and_their_answers(office: Office, tmp_path: Path) -> None:
    service.import_file(office.as_user("ana"), SAMPLE)
    cycle_id = cycle_at(office, tmp_path, 2)
    luis = office.as_user("luis")
    sender = "Atención al Ciudadano <atencion@example.org>"
    written = catalog_mail.write_requests(luis, cycle_id, tmp_path / "out", sender)
    assert len(written) == 33
    planeacion = next(w for w in written if w.item == "secretaria-de-planeacion")
    assert planeacion.to == ("planeacion@santamarta.gov.co",) and planeacion.entries == 1
    message = BytesParser(policy=policy.default).parsebytes(planeacion.path.read_bytes())
    assert message["To"] == "planeacion@santamarta.gov.co" and "Planeación" in message["Subject"]
    body = message.get_body(("plain",))
    assert body is not None and "T14089" in body.get_content()
    # The answer comes back from Planeación's address: attached to Planeación, which is then done.
    answer = tmp_path / "respuesta.eml"
    answer.write_bytes(b"From: planeacion@santamarta.gov.co\r\nMessage-ID: <r1@santamarta.gov.co>\r\n"
                       b"Subject: Re: solicitud\r\n\r\nConfirmado.\r\n")
    code, out = _cli(office.home, "mail", "import", str(answer), "--cycle", cycle_id, "--json", user="luis")
    assert code == 0 and json.loads(out) == {"attached": [{"item": "secretaria-de-planeacion",
                                                           "message_id": "<r1@santamarta.gov.co>"}],
                                             "unmatched": [], "duplicates": 0}
    code, out = _cli(office.home, "mail", "requests", "--cycle", cycle_id, "-o", str(tmp_path / "o2"), "--json",
                     user="luis")
    assert code == 2 and "WORKFLOW_MAIL_FROM" in json.loads(out)["error"]["message"]  # no sender said
    _verified(office)


def _changed_sample(tmp_path: Path) -> Path:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    changed["tramites"] = [t for t in changed["tramites"] if t["fi"] != 14088]
    changed["tramites"][0]["proposito"] = "Inscribir la publicidad exterior visual del Distrito."
    path = tmp_path / "suit-cambiado.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    return path


def test_publishing_twice_the_informe_lists_what_changed(any_office: Office, tmp_path: Path) -> None:
    ana = any_office.as_user("ana")
    service.import_file(ana, SAMPLE)
    cycle_id = cycle_at(any_office, tmp_path, 4)
    marta = any_office.as_user("marta")
    first = catalog_publish.publish(marta, cycle_id, tmp_path / "sitio")
    assert (first.publication, first.entries, first.previous) == (1, 4, None)
    site = tmp_path / "sitio"
    assert {"index.html", "datos-abiertos.csv", "informe.html", "diccionario-de-datos.csv", "catalogo.json",
            "tramites/T2621.html"} <= set(first.files)
    assert hashlib.sha256((site / "catalogo.json").read_bytes()).hexdigest() == first.sha256
    informes = [e for e in marta.cycle(cycle_id).evidence if e.record == "informe"]
    assert len(informes) == 1
    marta.complete(cycle_id, 4)  # the informe is there: no hand-made file
    # The next cycle changes one entry and drops another; its publication's informe says exactly that.
    service.import_file(ana, _changed_sample(tmp_path))  # import adds and changes; T14088 stays
    second_cycle = cycle_at(any_office, tmp_path, 4, title="segunda")
    with pytest.raises(Refused):
        catalog_publish.publish(any_office.as_user("luis"), second_cycle, tmp_path / "no")  # not of activity 4
    second = catalog_publish.publish(marta, second_cycle, tmp_path / "sitio2")
    assert (second.publication, second.previous) == (2, 1)
    informe = (tmp_path / "sitio2" / "informe.html").read_text(encoding="utf-8")
    assert "0 agregados, 1 modificados, 0 retirados" in informe and "Inscribir la publicidad exterior" in informe
    # `catalog diff` reads publication numbers, as the contract says, and by default starts at the last one.
    between = service.diff(ana, "1", "2")
    assert (between.added, between.removed, [c.code for c in between.changed]) == ((), (), ["T33046"])
    assert service.diff(ana, None, "draft").empty  # nothing changed since publication 2
    assert len(service.diff(ana, "@1", "1").added) == 4  # @N: after audit event N (the first: no entry yet)
    with pytest.raises(UsageError, match="no publication 7 of the catalogue; publications: 1, 2"):
        service.diff(ana, "7", None)
    _verified(any_office)
