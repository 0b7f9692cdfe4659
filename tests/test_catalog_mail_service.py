"""`mail import` on a real cycle: answers attached to the dependencia that sent them, once per
Message-ID, in one transaction; the rest listed with why; `audit verify` still agrees."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from tests.conftest import Office, cycle_at
from workflow.errors import NotFound, Refused
from workflow.service.catalog_mail import import_mail


def _answer(sender: str, message_id: str, body: str = "Confirmamos los trámites.") -> bytes:
    return (f"From: {sender}\r\nTo: atencion@example.org\r\nSubject: =?utf-8?q?Re:_Solicitud_de_informaci=C3=B3n?=\r\n"
            f"Message-ID: {message_id}\r\nDate: Sun, 06 Dec 2026 10:00:00 -0500\r\n\r\n{body}\r\n").encode()


def test_answers_are_attached_to_their_dependencia_once(any_office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(any_office, tmp_path, 2)
    luis = any_office.as_user("luis")
    box = mailbox.mbox(str(tmp_path / "respuestas.mbox"))
    box.add(_answer("Secretaría de Planeación <PLANEACION@santamarta.gov.co>", "<a1@santamarta.gov.co>"))
    box.add(_answer("dadma@santamarta.gov.co", "<a2@santamarta.gov.co>"))
    box.add(_answer("desconocido@example.org", "<a3@example.org>"))
    box.add(b"this is not an e-mail at all")
    box.close()
    result = import_mail(luis, tmp_path / "respuestas.mbox", cycle_id)
    assert sorted((a["item"], a["message_id"]) for a in result.to_json()["attached"]) == [
        ("dadsa", "<a2@santamarta.gov.co>"), ("secretaria-de-planeacion", "<a1@santamarta.gov.co>")]
    assert [u["why"] for u in result.unmatched] == ["unknown_sender", "no_sender"]
    detail = luis.cycle(cycle_id)
    assert detail.requirement is not None
    done = {i.id for i in detail.requirement.items if i.state == "done"}
    assert done == {"dadsa", "secretaria-de-planeacion"}
    mails = [e for e in detail.evidence if e.record == "correo_electronico"]
    assert all(e.note and e.note.startswith("Message-ID: <a") for e in mails)
    # the same answers again, now as loose .eml files: nothing new
    folder = tmp_path / "otra-vez"
    folder.mkdir()
    (folder / "planeacion.eml").write_bytes(_answer("planeacion@santamarta.gov.co", "<a1@santamarta.gov.co>", "x"))
    again = import_mail(luis, folder, cycle_id)
    assert again.attached == [] and again.duplicates == 1
    assert luis.verify().ok


def test_refused_away_from_activity_2_and_for_a_missing_path(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 1)
    (tmp_path / "a.eml").write_bytes(_answer("planeacion@santamarta.gov.co", "<b@x>"))
    with pytest.raises(Refused) as refused:
        import_mail(office.as_user("ana"), tmp_path / "a.eml", cycle_id)
    assert refused.value.message.key == "mail.no_items"
    with pytest.raises(NotFound):
        import_mail(office.as_user("ana"), tmp_path / "nada.eml", cycle_id)


def test_someone_who_may_not_act_attaches_nothing(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 2)
    (tmp_path / "a.eml").write_bytes(_answer("planeacion@santamarta.gov.co", "<c@x>"))
    with pytest.raises(Refused):
        import_mail(office.as_user("marta"), tmp_path / "a.eml", cycle_id)
    assert not [e for e in office.as_user("luis").cycle(cycle_id).evidence if e.record == "correo_electronico"]
