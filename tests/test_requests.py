"""Citizen requests under Ley 1755 de 2015: terms on the Colombian calendar, the law's refusals, radicados,
every step in the audit chain and `audit verify` rebuilding the request table."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, Office
from tests.hostile import cli
from workflow.core import requests as rules
from workflow.core.calendar import BusinessCalendar, LocalDay
from workflow.errors import Refused
from workflow.service.requests import NewRequest

CALENDAR = BusinessCalendar()
FRIDAY = dt.date(2026, 7, 10)


# -- the terms, pure --------------------------------------------------------------------------------

def test_the_worked_example_a_peticion_of_friday_10_july_2026_is_due_tuesday_4_august() -> None:
    # 13 July (9 July moved, Ley 2578 de 2026) and 20 July are holidays: 15 business days end on 4 August.
    assert rules.due_on(CALENDAR, FRIDAY, 15) == dt.date(2026, 8, 4)


@pytest.mark.parametrize(("kind", "days", "due"), [
    ("informacion", 10, dt.date(2026, 7, 28)), ("consulta", 30, dt.date(2026, 8, 27))])
def test_other_terms_count_the_same_way(kind: str, days: int, due: dt.date) -> None:
    assert rules.due_on(CALENDAR, FRIDAY, days) == due, kind


def test_a_suspension_of_terms_moves_the_due_date() -> None:
    suspended = BusinessCalendar(local_days=(LocalDay(dt.date(2026, 7, 21), "Decreto 1 de 2026", "suspension",
                                                      dt.date(2026, 7, 24)),))
    assert rules.due_on(suspended, FRIDAY, 15) == dt.date(2026, 8, 11)  # 4 business days later


@settings(max_examples=60, deadline=None)
@given(received=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), term=st.sampled_from([10, 15, 30]))
def test_a_due_date_is_a_business_day_exactly_the_term_after_receipt(received: dt.date, term: int) -> None:
    due = rules.due_on(CALENDAR, received, term)
    assert due is not None and CALENDAR.is_business_day(due)
    assert CALENDAR.business_days_between(received, due) == term
    limit = rules.extension_limit(CALENDAR, received, term)
    assert CALENDAR.business_days_between(received, limit) == 2 * term


def test_an_extension_after_the_due_date_or_beyond_twice_the_term_is_refused_naming_the_rule() -> None:
    due = dt.date(2026, 8, 4)
    with pytest.raises(Refused, match="before the term expires"):
        rules.check_extension(CALENDAR, FRIDAY, 15, due, dt.date(2026, 8, 20), dt.date(2026, 8, 5))
    with pytest.raises(Refused, match="never beyond twice the initial term"):
        rules.check_extension(CALENDAR, FRIDAY, 15, due, dt.date(2026, 9, 1), dt.date(2026, 8, 3))
    assert rules.check_extension(CALENDAR, FRIDAY, 15, due, dt.date(2026, 8, 27), dt.date(2026, 8, 4)) == 30


def test_a_forward_later_than_5_business_days_is_refused() -> None:
    rules.check_forward(CALENDAR, FRIDAY, dt.date(2026, 7, 21))  # the 5th business day (13 and 20 July: holidays)
    with pytest.raises(Refused, match=r"art\. 21"):
        rules.check_forward(CALENDAR, FRIDAY, dt.date(2026, 7, 22))


@pytest.mark.parametrize(("since", "desisted"), [
    (dt.date(2026, 7, 10), dt.date(2026, 8, 11)), (dt.date(2026, 1, 31), dt.date(2026, 3, 1)),
    (dt.date(2026, 12, 15), dt.date(2027, 1, 16))])
def test_one_month_without_completing_is_desistimiento(since: dt.date, desisted: dt.date) -> None:
    assert rules.desist_day(since) == desisted



# -- requests through the library -------------------------------------------------------------------

def _new(office: Office, kind: str = "peticion", **more: object) -> dict[str, object]:
    return office.as_user("ana").requests.file(NewRequest(type=kind, channel="chat", subject="Alumbrado", **more))


def test_radicados_are_gap_free_per_year_even_after_a_refused_filing(office: Office) -> None:
    first = _new(office)
    with pytest.raises(Refused):
        _new(office, kind="tutela")
    second = _new(office, received_at="2026-07-10T09:00")
    assert (first["radicado"], second["radicado"]) == ("2026-000001", "2026-000002")
    assert second["due_date"] == "2026-08-04" and second["term_business_days"] == 15


def test_every_step_is_audited_and_verify_rebuilds_the_requests(any_office: Office, tmp_path: Path) -> None:
    ana = any_office.as_user("ana").requests
    answered = _new(any_office)["radicado"]
    forwarded = _new(any_office, kind="queja")["radicado"]
    stopped = _new(any_office)["radicado"]
    ana.assign(str(answered), "secretaria-de-hacienda")
    due = dt.date.fromisoformat(str(ana.show(str(answered))["due_date"]))
    ana.extend(str(answered), CALENDAR.add_business_days(due, 3), "Consulta a Catastro")
    response = tmp_path / "respuesta.pdf"
    response.write_bytes(b"%PDF respuesta")
    done = ana.answer(str(answered), response, notified_at="2026-11-30T07:00")
    assert done["state"] == "answered"
    with pytest.raises(Refused, match="applies only to open requests"):
        ana.answer(str(answered), response)
    assert ana.forward(str(forwarded), "Gobernación del Magdalena", "Competencia")["state"] == "forwarded"
    assert ana.incomplete(str(stopped), "Falta la dirección")["state"] == "incomplete"
    assert ana.resume(str(stopped), "Dirección recibida")["state"] == "open"
    shown = ana.show(str(answered))
    assert shown["on_time"] is True and shown["extended_until"] is not None
    assert [h["type"] for h in shown["history"]] == ["cycle.started", "fields.set", "fields.set",
                                                    "evidence.attached", "activity.completed"]
    listed = {r["radicado"]: r["state"] for r in ana.list()}
    assert listed == {answered: "answered", forwarded: "forwarded", stopped: "open"}
    result = any_office.as_user("admin").verify()
    assert result.ok, result.problem


def test_a_request_row_changed_by_hand_is_named_by_verify(office: Office) -> None:
    _new(office)
    with closing(sqlite3.connect(office.home / "workflow.db")) as db, db:
        db.execute("UPDATE citizen_request SET due_date = '2027-12-31'")
    result = office.as_user("admin").verify()
    assert not result.ok and result.problem is not None
    assert "citizen_request" in result.problem.render() and "due_date" in result.problem.render()


def test_a_suspension_published_later_moves_open_requests_and_says_so(any_office: Office, tmp_path: Path) -> None:
    row = _new(any_office)
    due = dt.date.fromisoformat(str(row["due_date"]))
    start = due - dt.timedelta(days=3)
    calendar = tmp_path / "santa_marta.yaml"
    calendar.write_text(f'id: santa_marta\nformat: 1\ndays:\n  - date: "{start}"\n    until: "{due}"\n'
                        '    kind: suspension\n    reason: "Decreto 9 de 2026: suspensión de términos"\n',
                        encoding="utf-8")
    any_office.as_user("admin").publish_data(calendar, "calendar")
    moved = any_office.as_user("ana").requests.show(str(row["radicado"]))
    assert moved["due_date"] > str(due)
    assert moved["history"][-1]["type"] == "request.terms_moved"
    assert any_office.as_user("admin").verify().ok


def test_a_month_incomplete_ends_as_desistida(office: Office) -> None:
    radicado = str(_new(office)["radicado"])
    office.as_user("ana").requests.incomplete(radicado, "Falta la cédula")
    office.clock.moment += dt.timedelta(days=40)
    assert office.as_user("ana").requests.withdraw_expired() == [radicado]
    assert office.as_user("ana").requests.show(radicado)["state"] == "withdrawn"
    assert office.as_user("admin").verify().ok


def test_the_worked_example_through_the_command_line(office: Office, tmp_path: Path) -> None:
    receipt = tmp_path / "constancia.txt"
    made = cli(office.home, "request", "new", "--type", "peticion", "--channel", "presencial", "--subject",
               "Arreglo de vía", "--received-at", "2026-07-10T10:00", "--citizen", "Juan Pérez", "--receipt",
               str(receipt), user="ana")
    assert made.exit_code == 0, made.output
    assert "2026-08-04" in made.output and "2026-08-04" in receipt.read_text(encoding="utf-8")
    late = cli(office.home, "request", "extend", "2026-000001", "--until", "2026-08-20", "--reason", "x", user="ana")
    assert late.exit_code == 1 and "art. 14" in late.output
    listed = cli(office.home, "request", "list", "--overdue", "--json", user="ana")
    assert listed.exit_code == 0 and '"2026-000001"' in listed.output



def test_the_table_shows_the_latest_hundred_radicados_and_json_every_one(office: Office) -> None:
    made = [str(_new(office)["radicado"]) for _ in range(103)]
    table = cli(office.home, "request", "list", user="ana")
    assert table.exit_code == 0, table.output
    assert [r for r in made if r in table.output] == made[-100:] and "Requests (103)" in table.output
    assert "Showing the 100 latest radicados of 103. --limit 0 shows them all" in " ".join(table.output.split())
    every = cli(office.home, "request", "list", "--limit", "0", user="ana")
    assert [r for r in made if r in every.output] == made and "Showing" not in every.output
    listed = cli(office.home, "request", "list", "--json", user="ana")
    assert [r["radicado"] for r in json.loads(listed.output)] == made
    latest = cli(office.home, "request", "list", "--json", "--limit", "2", user="ana")
    assert [r["radicado"] for r in json.loads(latest.output)] == made[-2:]


def test_an_80_column_terminal_keeps_types_and_dependencias_whole(office: Office) -> None:
    made = [str(_new(office)["radicado"]), str(_new(office, kind="informacion")["radicado"])]
    office.as_user("ana").requests.assign(made[0], "secretaria-de-hacienda")

    def typed(columns: str) -> str:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
        done = subprocess.run([sys.executable, "-m", "workflow", "request", "list"], capture_output=True, text=True,
                              cwd=ROOT, env={**clean, "WORKFLOW_HOME": str(office.home), "WORKFLOW_USER": "ana",
                                             "WORKFLOW_LANG": "en", "NO_COLOR": "1", "COLUMNS": columns})
        assert done.returncode == 0, done.stderr
        return done.stdout

    narrow = typed("80")
    assert all(r in narrow for r in made) and "peticion" in narrow and "informacion" in narrow
    assert "Channel" not in narrow and "Received" not in narrow  # `request show` gives them
    assert "…" not in narrow and max(len(line) for line in narrow.splitlines()) <= 80
    assert "secretaria-de-hacienda" in "".join(c for c in narrow if c.isalnum() or c == "-")  # folded, not cut
    wide = typed("160")
    assert "Channel" in wide and "Received" in wide and "secretaria-de-hacienda" in wide

# -- intake ----------------------------------------------------------------------------------------

def _mail(folder: Path, name: str, message_id: str, subject: str, **headers: str) -> Path:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "María López <maria@example.org>"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = "Fri, 27 Nov 2026 10:00:00 -0500"
    for key, value in headers.items():
        message[key.replace("_", "-")] = value
    message.set_content("Buenos días")
    message.add_attachment(b"%PDF cedula", maintype="application", subtype="pdf", filename="../cedula.pdf")
    path = folder / name
    path.write_bytes(bytes(message))
    return path


def test_an_email_imported_twice_exists_once_and_a_reply_is_attached(any_office: Office, tmp_path: Path) -> None:
    from workflow.service.request_import import import_path

    ana = any_office.as_user("ana")
    first = _mail(tmp_path, "a.eml", "<a1@example.org>", "Solicitud de copia del contrato")
    assert import_path(ana, first).to_json() == {"created": ["2026-000001"], "attached": [], "skipped": 0}
    assert import_path(ana, first).to_json() == {"created": [], "attached": [], "skipped": 1}
    reply = _mail(tmp_path, "b.eml", "<a2@example.org>", "RE: Solicitud", In_Reply_To="<a1@example.org>")
    assert import_path(ana, reply).to_json() == {"created": [], "attached": ["2026-000001"], "skipped": 0}
    assert import_path(ana, reply).to_json()["skipped"] == 1
    shown = ana.requests.show("2026-000001")
    assert (shown["type"], shown["channel"], shown["email"]) == ("informacion", "email", "maria@example.org")
    assert shown["received_day"] == "2026-11-27"
    assert sorted(e["name"] for e in shown["evidence"]) == ["00-cedula.pdf", "00-cedula.pdf", "mensaje.eml",
                                                            "mensaje.eml"]
    assert any_office.as_user("admin").verify().ok


def test_a_chat_export_gives_one_request_per_conversation(office: Office, tmp_path: Path) -> None:
    from workflow.service.request_import import import_path

    export = tmp_path / "chat.csv"
    export.write_text("conversation_id;at;from;name;email;text\n"
                      "c1;2026-11-27T09:00;visitor;Pedro;;Quiero poner una queja por el alumbrado\n"
                      "c1;2026-11-27T09:01;agent;;;Con gusto\n"
                      "c2;2026-11-27T10:00;visitor;;;Felicitaciones por el parque\n", encoding="utf-8")
    ana = office.as_user("ana")
    assert import_path(ana, export).to_json()["created"] == ["2026-000001", "2026-000002"]
    assert import_path(ana, export).to_json()["skipped"] == 2
    kinds = [(r["type"], r["due_date"] is None) for r in ana.requests.list()]
    assert kinds == [("queja", False), ("felicitacion", True)]


def test_concurrent_filings_get_consecutive_radicados_on_each_backend(any_office: Office) -> None:
    """Two people filing at once: numbers 1..N of the year, none twice, none skipped (the write lock
    serialises the read of the next number and the insert, on SQLite and PostgreSQL alike)."""
    from concurrent.futures import ThreadPoolExecutor

    assert not any_office.as_user("admin").requests.enable().changed  # init published the shipped model
    desks = [any_office.as_user(login).requests for login in ("ana", "marta")]

    def file_five(index: int) -> list[str]:
        return [str(desks[index].file(NewRequest(type="peticion", channel="web", subject=f"{index}-{n}"))["radicado"])
                for n in range(5)]

    with ThreadPoolExecutor(2) as pool:
        made = [r for batch in pool.map(file_five, (0, 1)) for r in batch]
    assert sorted(made) == [f"2026-{n:06d}" for n in range(1, 11)]
    assert any_office.as_user("admin").verify().ok
