"""The limits on what people hand in (workflow.core.limits): refused at the door with a sentence, never
stored to break or slow down every later command; special files refused before a byte is read."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CODE, SHIPPED, Office, cycle_at
from workflow.core import limits
from workflow.core.calendar import load_local_days
from workflow.core.loading import load_procedure_file, load_procedure_text
from workflow.errors import DefinitionInvalid, Refused, UsageError
from workflow.service import auditing
from workflow.service.facade import EvidenceInput, Workflow
from workflow.service.reference import read_reference
from workflow.settings import Settings

TEXT = SHIPPED.read_text(encoding="utf-8")


def _edited(old: str, new: str, count: int = 1) -> str:
    assert old in TEXT
    return TEXT.replace(old, new, count)


def _problems(text: str) -> list[str]:
    with pytest.raises(DefinitionInvalid) as invalid:
        load_procedure_text(text, "p.yaml")
    return [p.render() for p in invalid.value.problems if p.severity == "error"]


# -- integers of a procedure file ----------------------------------------------------------------------
@pytest.mark.parametrize(("old", "new", "said"), [
    # The cases: both passed validation, then every read of the version crashed.
    ("  - number: 1\n", "  - number: 1\n    term_business_days: 3000000\n",
     "`term_business_days` must be 1000 or less, but it is 3000000"),
    ("pages: 3", "pages: 0x" + "f" * 5000, "is too large (at most 9,007,199,254,740,991)"),
    ("pages: 3", "pages: " + "9" * 5000, "is too large (at most 9,007,199,254,740,991)"),
    ("pages: 3", "pages: 1001", "`pages` must be 1000 or less, but it is 1001"),
    ("  - number: 5\n", "  - number: 1000\n", "`number` must be 999 or less, but it is 1000"),
    ("  - number: 5\n", "  - number: 5\n    returns_to: [4, 99999]\n", "must be 999 or less, but it is 99999"),
])
def test_an_integer_out_of_range_is_a_located_problem(old: str, new: str, said: str) -> None:
    problems = _problems(_edited(old, new))
    assert any(said in p for p in problems), problems


def test_the_limits_themselves_are_accepted() -> None:
    text = _edited("  - number: 1\n", "  - number: 1\n    term_business_days: 1000\n")
    text = text.replace("pages: 3", "pages: 1000")
    procedure = load_procedure_text(text).procedure
    assert procedure.activity(1).term_business_days == 1000 and procedure.pages == 1000


def test_the_longest_term_still_gives_a_due_date(tmp_path: Path, office: Office) -> None:
    source = tmp_path / "MM-GAC-P-006.yaml"
    source.write_text(_edited('version: "2"', 'version: "3"').replace(
        "  - number: 1\n", "  - number: 1\n    term_business_days: 1000\n", 1), encoding="utf-8")
    office.as_user("admin").publish(source)
    cycle = office.as_user("ana").start_cycle(CODE)
    for shown in (office.as_user("ana").cycle(cycle.id).cycle, *office.as_user("ana").cycles()):
        assert shown.deadline is not None and shown.deadline.term_business_days == 1000
        assert "2030-07" < shown.deadline.due < "2031-07"  # about four years of business days after 2026-11-30


# -- size and nesting of definition files ------------------------------------------------------------
def test_a_definition_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(TEXT + "#" * (limits.MAX_DEFINITION_BYTES - len(TEXT.encode("utf-8"))) + "\n", encoding="utf-8")
    with pytest.raises(DefinitionInvalid) as invalid:
        load_procedure_file(big)
    assert [p.render() for p in invalid.value.problems] == [
        f"{big}:1:1: this file is not read: it is 262,145 bytes, more than the 262,144 bytes accepted"]
    with pytest.raises(DefinitionInvalid):
        read_reference(big, "list")


def test_a_file_just_under_the_size_limit_is_read(tmp_path: Path) -> None:
    padded = tmp_path / "padded.yaml"
    padded.write_text(TEXT + "#" * (limits.MAX_DEFINITION_BYTES - len(TEXT.encode("utf-8")) - 1) + "\n",
                      encoding="utf-8")
    assert load_procedure_file(padded).procedure.code == CODE


@pytest.mark.parametrize("depth", [limits.MAX_NESTING + 1, 100_000])
def test_nesting_beyond_the_limit_is_one_located_problem(depth: int) -> None:
    problems = _problems("leaders: " + "[" * depth + "]" * depth + "\n")
    # The mapping at the top is the first level: the 20th bracket opens the 21st.
    assert problems == ["p.yaml:1:29: the file nests more than 20 levels: a procedure does not need that many"]


def test_nesting_up_to_the_limit_is_only_a_type_problem() -> None:
    depth = limits.MAX_NESTING - 1
    assert not any("nests" in p for p in _problems("leaders: " + "[" * depth + "]" * depth + "\n"))


def test_a_calendar_naming_a_day_beyond_the_years_it_may_name_is_refused() -> None:
    # 9999-12-31 built a calendar whose days could not be counted past (OverflowError on every read).
    text = ("format: 1\ndays:\n  - {date: 2026-01-02, until: 9999-12-31, kind: suspension, reason: Decreto 1}\n"
            "  - {date: 1492-10-12, kind: non_working, reason: Decreto 2}\n")
    with pytest.raises(DefinitionInvalid) as invalid:
        load_local_days(text, "c.yaml")
    assert [p.render() for p in invalid.value.problems] == [
        "c.yaml:3:31: `until: 9999-12-31` is outside the years a calendar may name (2000-01-01 to 2199-12-31): "
        "check the year",
        "c.yaml:4:12: `date: 1492-10-12` is outside the years a calendar may name (2000-01-01 to 2199-12-31): "
        "check the year"]


# -- special files, refused before anything is read ----------------------------------------------------
@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def _without_blocking(fifo: Path, call: Callable[[], Any]) -> BaseException | None:
    """Run `call`, which is given `fifo`; what it raised. If it blocks on the pipe (the bug), a writer
    that opens and closes the pipe releases it, so the test fails instead of hanging the suite."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as error:  # handed to the test
            outcome.append(error)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(10)
    blocked = worker.is_alive()
    if blocked:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # end of file for the waiting reader
        worker.join(10)
    assert not blocked, "reading the named pipe blocked"
    return outcome[0]


def test_procedure_validate_refuses_a_fifo_without_waiting(fifo: Path) -> None:
    raised = _without_blocking(fifo, lambda: load_procedure_file(fifo))
    assert isinstance(raised, DefinitionInvalid)
    assert [p.render() for p in raised.problems] == [
        f"{fifo}:1:1: this file is not read: it is a named pipe (FIFO), not a regular file"]


def test_data_publish_refuses_a_fifo_without_waiting(fifo: Path, office: Office) -> None:
    raised = _without_blocking(fifo, lambda: office.as_user("admin").publish_data(fifo, "list"))
    assert isinstance(raised, DefinitionInvalid) and "named pipe (FIFO)" in str(raised)


@pytest.mark.parametrize("option", ["checkpoint", "key"])
def test_audit_verify_refuses_a_fifo_checkpoint_or_key_without_waiting(fifo: Path, office: Office, tmp_path: Path,
                                                                        option: str) -> None:
    flow = office.as_user("admin")
    auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    checkpoint, key = (fifo, None) if option == "checkpoint" else (tmp_path / "cp.txt", fifo)
    outcome: list[Any] = []
    assert _without_blocking(fifo, lambda: outcome.append(auditing.verify(flow, checkpoint, key))) is None
    assert outcome[0].ok is False and "named pipe (FIFO), not a regular file" in outcome[0].problem.render()


@pytest.mark.parametrize("how", ["attach", "complete"])
def test_evidence_from_a_fifo_is_refused_without_waiting(fifo: Path, office: Office, tmp_path: Path,
                                                         how: str) -> None:
    cycle_id = cycle_at(office, tmp_path, 2)
    luis = office.as_user("luis")
    events = len(luis.cycle(cycle_id).history)
    given = EvidenceInput(fifo, "correo_electronico", "secretaria-de-hacienda")
    if how == "attach":
        raised = _without_blocking(fifo, lambda: luis.attach(cycle_id, given))
    else:
        request = tmp_path / "circular.eml"
        request.write_text("to every dependencia", encoding="utf-8")
        luis.attach(cycle_id, EvidenceInput(request, "correo_electronico"), all_pending=True)
        events += 1
        raised = _without_blocking(fifo, lambda: luis.complete(cycle_id, 2, [replace(given, item=None)]))
    assert isinstance(raised, Refused) and "named pipe (FIFO)" in str(raised)
    assert len(luis.cycle(cycle_id).history) == events


def test_a_device_or_a_folder_is_not_a_procedure_file(tmp_path: Path) -> None:
    with pytest.raises(DefinitionInvalid) as invalid:
        load_procedure_file(Path(os.devnull))
    assert "it is a device, not a regular file" in str(invalid.value)
    with pytest.raises(DefinitionInvalid) as invalid:
        load_procedure_file(tmp_path)
    assert "this is a folder" in str(invalid.value)


# -- evidence size -------------------------------------------------------------------------------------
@pytest.fixture
def small_limit(any_office: Office) -> Iterator[Workflow]:
    """luis with WORKFLOW_MAX_EVIDENCE_MB=0.001 (1048 bytes), on each backend."""
    settings = replace(any_office.as_user("luis").settings, max_evidence_mb="0.001")
    with Workflow(settings, clock=any_office.clock) as flow:
        yield flow


def test_evidence_over_the_configured_size_is_refused_and_nothing_stored(small_limit: Workflow, any_office: Office,
                                                                         tmp_path: Path) -> None:
    cycle_id = cycle_at(any_office, tmp_path, 2)
    evidence_dir = any_office.home / "evidence"
    stored_before = sorted(evidence_dir.rglob("*"))
    events = len(small_limit.cycle(cycle_id).history)
    big = tmp_path / "big.eml"
    big.write_bytes(b"x" * 1049)
    with pytest.raises(Refused) as refused:
        small_limit.attach(cycle_id, EvidenceInput(big, "correo_electronico", "secretaria-de-hacienda"))
    assert str(refused.value) == (f"the evidence file {big} is too large (it is 1,049 bytes, more than the "
                                  "1,048 bytes accepted): WORKFLOW_MAX_EVIDENCE_MB sets the limit")
    assert sorted(evidence_dir.rglob("*")) == stored_before
    assert len(small_limit.cycle(cycle_id).history) == events
    fits = tmp_path / "fits.eml"
    fits.write_bytes(b"x" * 1048)
    small_limit.attach(cycle_id, EvidenceInput(fits, "correo_electronico", "secretaria-de-hacienda"))


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1025", "nan", "inf"])
def test_a_bad_max_evidence_setting_is_a_usage_error(tmp_path: Path, value: str) -> None:
    settings = Settings.from_environ({"WORKFLOW_HOME": str(tmp_path), "WORKFLOW_MAX_EVIDENCE_MB": value})
    with pytest.raises(UsageError) as raised:
        Workflow(settings)
    assert str(raised.value) == (f"WORKFLOW_MAX_EVIDENCE_MB={value} is not valid: give a number of MB above 0 "
                                 "and at most 1024")
    assert not (tmp_path / "workflow.db").exists()


def test_the_evidence_limit_defaults_to_100_mb(tmp_path: Path) -> None:
    with Workflow(Settings.from_environ({"WORKFLOW_HOME": str(tmp_path)})) as flow:
        assert flow.max_evidence_bytes == 100 * 1024 * 1024


# -- notes, reasons, titles ----------------------------------------------------------------------------
def test_a_note_or_reason_beyond_the_limit_is_a_usage_error_and_changes_nothing(office: Office,
                                                                               tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 2)
    luis = office.as_user("luis")
    events = len(luis.cycle(cycle_id).history)
    long = "x" * (limits.MAX_TEXT_CHARS + 1)
    attempts: list[Callable[[], object]] = [
        lambda: luis.complete(cycle_id, 2, note=long),
        lambda: luis.cancel(cycle_id, long),
        lambda: luis.return_cycle(cycle_id, 1, long),
        lambda: luis.waive(cycle_id, "essmar", long),
        lambda: office.as_user("ana").start_cycle(CODE, "t" * (limits.MAX_TITLE_CHARS + 1)),
    ]
    for attempt in attempts:
        with pytest.raises(UsageError) as raised:
            attempt()
        assert raised.value.exit_code == 2 and "characters; at most" in str(raised.value)
    assert len(luis.cycle(cycle_id).history) == events
    assert len(office.as_user("ana").cycles()) == 1
    luis.waive(cycle_id, "essmar", "y" * limits.MAX_TEXT_CHARS)  # the limit itself is fine


# -- dates on the command line -------------------------------------------------------------------------
@pytest.mark.parametrize(("since", "until"), [
    (None, "9999-12-31"),  # the case: OverflowError computing the day after
    ("1999-12-31", None),
    ("0226-01-01", None),
])
def test_an_export_date_outside_the_sane_range_is_a_usage_error(office: Office, tmp_path: Path,
                                                               since: str | None, until: str | None) -> None:
    out = tmp_path / "trail.csv"
    with pytest.raises(UsageError) as raised:
        auditing.export(office.as_user("admin"), "csv", out, since=since, until=until)
    assert "is outside the accepted range (2000-01-01 to 9999-12-30): check the year" in str(raised.value)
    assert not out.exists()


def test_the_first_and_last_days_of_the_range_are_accepted(office: Office, tmp_path: Path) -> None:
    flow = office.as_user("admin")
    everything = auditing.export(flow, "csv", tmp_path / "all.csv")
    assert everything > 0
    assert auditing.export(flow, "csv", tmp_path / "range.csv", since="2000-01-01", until="9999-12-30") == everything
