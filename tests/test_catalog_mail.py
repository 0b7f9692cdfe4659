"""Activity 2 by e-mail, as pure functions: the requests written, the answers read and matched."""

from __future__ import annotations

import mailbox
import sys
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from workflow.catalog.mail_in import Incoming, match_sender, read_mail, read_messages
from workflow.catalog.mail_out import RequestMail, parse_address, request_message
from workflow.core.itemlists import parse_item_list
from workflow.errors import DefinitionInvalid
from workflow.i18n import using_language

LIMIT = 1024 * 1024
_VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"
_CORPUS = [Path(p) / "lib" / _VERSION / "test" / "test_email" / "data" for p in (sys.base_prefix, sys.prefix)]
CORPUS = next((p for p in _CORPUS if p.is_dir()), None)


def _request(emails: tuple[str, ...] = ("planeacion@santamarta.gov.co",)) -> EmailMessage:
    request = RequestMail("MM-GAC-P-006-0001", "secretaria-de-planeacion", "Secretaría de Planeación", emails,
                          (("T14089", "Radicación de documentos para construcción y enajenación de vivienda"),
                           ("T2621", "Impuesto predial unificado")))
    with using_language("es"):
        return request_message(request, parse_address("Atención al Ciudadano <atencion@example.org>"),
                               datetime(2026, 12, 6, 15, 0, tzinfo=UTC))


def test_a_request_is_an_rfc_5322_draft_that_parses_back() -> None:
    data = bytes(_request())
    assert b"\r\n" in data and all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert data.isascii()  # headers in RFC 2047, bodies in quoted-printable or base64
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert parsed["Subject"] == ("Solicitud de información de trámites y servicios: Secretaría de Planeación "
                                 "(MM-GAC-P-006-0001)")
    assert str(parsed["To"]) == "planeacion@santamarta.gov.co"
    assert parsed["From"].addresses[0].display_name == "Atención al Ciudadano"
    assert parsed["X-Unsent"] == "1" and parsed["Message-ID"].endswith("@example.org>")
    assert parsed["Date"].datetime == datetime(2026, 12, 6, 15, 0, tzinfo=UTC)
    plain = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content()
    assert "T2621: Impuesto predial unificado" in text
    assert "https://www.gov.co/ficha-tramites-y-servicios/T14089" in text
    assert 'lang="es"' in html.get_content() and parsed.defects == []


def test_a_request_without_addresses_has_no_to_and_bad_addresses_are_refused() -> None:
    assert _request(())["To"] is None
    for bad in ("", "no address", "a@b, c@d", "ana@"):
        with pytest.raises(ValueError):
            parse_address(bad)


def test_answers_match_the_dependencia_by_sender_never_by_guess() -> None:
    emails = {"secretaria-de-planeacion": ["planeacion@santamarta.gov.co"],
              "dadsa": ["dadma@santamarta.gov.co"], "oficina-privada": ["dadma@santamarta.gov.co"]}
    answer = read_mail(b"From: =?utf-8?q?Planeaci=C3=B3n?= <PLANEACION@santamarta.gov.co>\r\n"
                       b"Message-ID: <1@x>\r\nSubject: Re: solicitud\r\n\r\nok\r\n", "a.eml", LIMIT)
    assert answer.senders == ("planeacion@santamarta.gov.co",) and answer.message_id == "<1@x>"
    assert match_sender(answer, emails).item == "secretaria-de-planeacion"
    shared = read_mail(b"From: dadma@santamarta.gov.co\r\n\r\nx", "b.eml", LIMIT)
    assert match_sender(shared, emails).why == "ambiguous"
    assert shared.message_id.startswith("sha256:")
    stranger = read_mail(b"From: someone@example.org\r\n\r\nx", "c.eml", LIMIT)
    assert match_sender(stranger, emails).why == "unknown_sender"
    assert match_sender(read_mail(b"Subject: no sender\r\n\r\n", "d.eml", LIMIT), emails).why == "no_sender"
    assert match_sender(read_mail(b"From: a@b\r\n\r\n" + b"x" * 100, "e.eml", 50), emails).why == "too_large"


def test_mbox_maildir_and_folders_are_read_alike(tmp_path: Path) -> None:
    one = b"From: planeacion@santamarta.gov.co\nMessage-ID: <1@x>\nSubject: a\n\nuno\n"
    two = b"From: dadma@santamarta.gov.co\nMessage-ID: <2@x>\nSubject: b\n\nFrom the start\n"
    box = mailbox.mbox(str(tmp_path / "inbox.mbox"))
    for data in (one, two):
        box.add(data)
    box.close()
    maildir = mailbox.Maildir(str(tmp_path / "Maildir"))
    for data in (one, two):
        maildir.add(data)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "1.eml").write_bytes(one)
    (folder / "2.eml").write_bytes(two)
    for path in (tmp_path / "inbox.mbox", tmp_path / "Maildir", folder):
        found = list(read_messages(path, LIMIT))
        assert sorted(m.message_id for m in found) == ["<1@x>", "<2@x>"], path
        assert all(m.problem is None and not m.data.startswith(b"From ") for m in found), path
        bodies = sorted(BytesParser(policy=policy.default).parsebytes(m.data).get_content() for m in found)
        assert bodies == [">From the start\n" if path.suffix == ".mbox" else "From the start\n", "uno\n"]


def test_a_huge_file_is_not_read_and_a_missing_one_is_unreadable(tmp_path: Path) -> None:
    big = tmp_path / "big.eml"
    big.write_bytes(b"From: a@b.c\r\n\r\n" + b"x" * 2000)
    assert [m.problem for m in read_messages(big, 1000)] == ["too_large"]
    assert [m.problem for m in read_messages(tmp_path / "nothing.eml", 1000)] == ["unreadable"]


@pytest.mark.skipif(CORPUS is None, reason="this Python has no test.test_email data (its `test` package is not "
                                           "installed); the corpus is the standard library's own e-mail tests")
def test_the_standard_librarys_email_corpus_reads_without_a_traceback() -> None:
    assert CORPUS is not None
    found: list[Incoming] = list(read_messages(CORPUS, LIMIT))
    assert len(found) >= 40
    readable = [m for m in found if m.problem is None]
    assert len(readable) >= 30
    for message in readable:
        assert message.senders and all("@" in s for s in message.senders)
        match_sender(message, {"x": ["bperson@dom.ain"]})  # never raises


def test_an_item_may_give_the_addresses_that_answer_for_it() -> None:
    items = parse_item_list("id: d\nitems:\n  g:\n    - A\n    - name: Secretaría de Planeación\n"
                            "      emails: [Planeacion@santamarta.gov.co, planeacion@santamarta.gov.co]\n", "x")
    assert [(i.id, i.emails) for i in items] == [("a", ()), ("secretaria-de-planeacion",
                                                             ("planeacion@santamarta.gov.co",))]


@pytest.mark.parametrize(("text", "where", "key"), [
    ("id: d\nitems:\n  - name: X\n    emails: x@y.co\n", (4, 13), "itemlist.emails_not_list"),
    ("id: d\nitems:\n  - name: X\n    emails: ['Ana <a@b.co>']\n", (4, 14), "itemlist.bad_email"),
    ("id: d\nitems:\n  - name: X\n    emails: [a@localhost]\n", (4, 14), "itemlist.bad_email"),
    ("id: d\nitems:\n  - name: X\n    mail: []\n", (4, 5), "itemlist.item_unknown_key"),
    ("id: d\nitems:\n  - {emails: [a@b.co]}\n", (3, 5), "itemlist.bad_item"),
])
def test_a_bad_address_in_a_list_is_located(text: str, where: tuple[int, int], key: str) -> None:
    with pytest.raises(DefinitionInvalid) as invalid:
        parse_item_list(text, "x")
    assert [((p.line, p.column), p.message.key) for p in invalid.value.problems] == [(where, key)]


def test_the_shipped_addresses_are_the_suit_records_own() -> None:
    """Only addresses that the real SUIT records give (seguimiento.email), never invented ones."""
    shipped = Path(__file__).resolve().parents[1] / "procedures" / "data" / "dependencias.yaml"
    items = parse_item_list(shipped.read_text(encoding="utf-8"), str(shipped))
    given = {address for item in items for address in item.emails}
    assert given <= {"dadma@santamarta.gov.co", "planeacion@santamarta.gov.co"}
