"""The calendar room: business days for Ley 1755 terms, the office's own days, deadline lights, the data file."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from workflow.core.calendar import BusinessCalendar, LocalDay, deadline_status, load_local_days
from workflow.errors import DefinitionInvalid, NotFound
from workflow.messages.core import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / "procedures" / "calendars" / "santa_marta.yaml"
D = date.fromisoformat

# DOMAIN.md, "Calendar": the national holidays of 2026 (Ley Emiliani moves and Ley 2578 de 2026 applied).
HOLIDAYS_2026 = [D(f"2026-{month}-{day}") for day, month in (
    ("01", "01"), ("12", "01"), ("23", "03"), ("02", "04"), ("03", "04"), ("01", "05"), ("18", "05"),
    ("08", "06"), ("15", "06"), ("29", "06"), ("13", "07"), ("20", "07"), ("07", "08"), ("17", "08"),
    ("12", "10"), ("02", "11"), ("16", "11"), ("08", "12"), ("25", "12"))]

CO = BusinessCalendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


# -- national holidays --------------------------------------------------------------------------------


def test_the_2026_holidays_are_exactly_those_of_the_domain_notes() -> None:
    assert sorted(CO.holidays_in(2026)) == HOLIDAYS_2026


@pytest.mark.parametrize("holiday", HOLIDAYS_2026, ids=str)
def test_a_2026_holiday_is_not_a_business_day_and_its_weekday_neighbours_are(holiday: date) -> None:
    assert not CO.is_business_day(holiday)
    assert CO.holiday_name(holiday)
    assert CO.non_working_reason(holiday) == CO.holiday_name(holiday)
    for neighbour in (holiday - timedelta(days=1), holiday + timedelta(days=1)):
        if neighbour.weekday() < 5 and neighbour not in HOLIDAYS_2026:
            assert CO.is_business_day(neighbour), neighbour
            assert CO.non_working_reason(neighbour) is None


@pytest.mark.parametrize(("day", "name"), [
    (D("2026-07-13"), "Día de Nuestra Señora del Rosario de Chiquinquirá (observado)"),
    (D("2027-07-12"), "Día de Nuestra Señora del Rosario de Chiquinquirá (observado)"),
    (D("2026-07-20"), "Día de la Independencia"),
    (D("2026-12-25"), "Navidad"),
])
def test_holiday_names_are_in_spanish(day: date, name: str) -> None:
    assert CO.holiday_name(day) == name


@pytest.mark.parametrize(("day", "business"), [
    (D("2026-07-09"), True),   # Ley 2578 de 2026: 9 July is moved (Emiliani) to the next Monday...
    (D("2026-07-13"), False),  # ...Monday 13 July in 2026
    (D("2027-07-09"), True),   # a Friday in 2027, a working day
    (D("2027-07-12"), False),  # ...Monday 12 July in 2027
])
def test_ley_2578_de_2026_moves_9_july_to_the_next_monday(day: date, business: bool) -> None:
    assert CO.is_business_day(day) is business


@pytest.mark.parametrize(("day", "business"), [
    (D("2026-07-10"), True),   # Friday
    (D("2026-07-11"), False),  # Saturday: public offices do not work
    (D("2026-07-12"), False),  # Sunday
    (D("2026-07-14"), True),   # Tuesday after the holiday Monday
    (D("2027-01-02"), False),  # Saturday
    (D("2027-01-04"), True),   # Monday
])
def test_weekends_are_not_business_days(day: date, business: bool) -> None:
    assert CO.is_business_day(day) is business
    if not business and CO.holiday_name(day) is None:
        assert CO.non_working_reason(day) is None  # a plain weekend is not a named day


def test_each_year_is_computed_once_and_shared() -> None:
    calendar = BusinessCalendar()
    first = calendar.holidays_in(2031)
    assert calendar.holidays_in(2031) is first
    assert calendar == BusinessCalendar() and hash(calendar) == hash(BusinessCalendar())


@pytest.mark.parametrize(("country", "subdivision", "key"), [
    ("XX", None, "calendar.unknown_country"),
    ("CO", "ZZZ", "calendar.unknown_subdivision"),
])
def test_an_unknown_country_or_subdivision_is_refused_with_a_message(country: str, subdivision: str | None,
                                                                    key: str) -> None:
    with pytest.raises(NotFound) as caught:
        BusinessCalendar(country, subdivision)
    assert caught.value.message.key == key
    assert key in MESSAGES


# -- counting terms -------------------------------------------------------------------------------------

SUSPENSION = LocalDay(D("2026-07-27"), "Decreto de prueba: suspensión de términos", "suspension", D("2026-07-31"))
CIVIC_DAY = LocalDay(D("2026-07-21"), "Decreto de prueba: día cívico", "non_working")
WEEKEND_DAY = LocalDay(D("2026-07-25"), "Decreto de prueba: un sábado", "non_working")


@pytest.mark.parametrize(("received", "term", "local", "due"), [
    # DOMAIN.md worked example: Friday 10 July 2026, 15 business days -> Tuesday 4 August 2026
    (D("2026-07-10"), 15, (), D("2026-08-04")),
    (D("2026-07-10"), 15, (CIVIC_DAY,), D("2026-08-05")),           # one local day: one more day
    (D("2026-07-10"), 15, (SUSPENSION,), D("2026-08-12")),          # five suspended days (7 Aug a holiday)
    (D("2026-07-10"), 15, (CIVIC_DAY, SUSPENSION), D("2026-08-13")),
    (D("2026-07-10"), 15, (WEEKEND_DAY,), D("2026-08-04")),         # a local day on a Saturday changes nothing
    (D("2026-07-11"), 15, (), D("2026-08-04")),                     # received Saturday: counting starts Tuesday
    (D("2026-07-10"), 1, (), D("2026-07-14")),                      # the day after receipt, skipping the holiday
    (D("2026-07-10"), 0, (), D("2026-07-10")),
    (D("2026-12-23"), 10, (), D("2027-01-08")),                     # across the year end: 25 Dec, 1 Jan
])
def test_a_term_counts_from_the_day_after_receipt(received: date, term: int, local: tuple[LocalDay, ...],
                                                  due: date) -> None:
    assert BusinessCalendar(local_days=local).add_business_days(received, term) == due


def test_a_local_day_is_named_and_not_a_business_day() -> None:
    calendar = BusinessCalendar(local_days=(CIVIC_DAY, SUSPENSION))
    assert not calendar.is_business_day(D("2026-07-21"))
    assert calendar.non_working_reason(D("2026-07-21")) == "Decreto de prueba: día cívico"
    assert [calendar.is_business_day(day) for day in _days(D("2026-07-26"), D("2026-08-01"))] == [False] * 7
    assert calendar.local_days_on(D("2026-07-29")) == (SUSPENSION,)
    assert calendar.is_business_day(D("2026-08-03"))


def test_a_holiday_inside_a_suspension_gives_both_reasons() -> None:
    calendar = BusinessCalendar(local_days=(LocalDay(D("2026-07-20"), "Decreto de prueba", "suspension"),))
    assert calendar.non_working_reason(D("2026-07-20")) == "Día de la Independencia; Decreto de prueba"


def test_a_negative_term_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        CO.add_business_days(D("2026-07-10"), -1)


@pytest.mark.parametrize("calendar", [CO, BusinessCalendar(local_days=(CIVIC_DAY, SUSPENSION))],
                         ids=["national", "with-local-days"])
def test_business_days_between_agrees_with_add_business_days(calendar: BusinessCalendar) -> None:
    for start in _days(D("2026-01-01"), D("2027-12-31")):
        for term in (1, 2, 3, 10, 15, 30):
            due = calendar.add_business_days(start, term)
            assert calendar.is_business_day(due)
            assert calendar.business_days_between(start, due) == term
            assert calendar.business_days_between(start, due - timedelta(days=1)) == term - 1  # the first such day
            assert calendar.business_days_between(due, start) == -term
        assert calendar.business_days_between(start, start) == 0


# -- deadline lights ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("started", "term", "today", "left", "light"), [
    # 15 days from Friday 10 July 2026, due Tuesday 4 August: amber from 3 days left (20% of 15)
    (D("2026-07-10"), 15, D("2026-07-01"), 22, "green"),    # before the petition arrived: nothing urgent
    (D("2026-07-10"), 15, D("2026-07-10"), 15, "green"),
    (D("2026-07-10"), 15, D("2026-07-29"), 4, "green"),
    (D("2026-07-10"), 15, D("2026-07-30"), 3, "amber"),
    (D("2026-07-10"), 15, D("2026-08-01"), 2, "amber"),     # Saturday: Monday and Tuesday left
    (D("2026-07-10"), 15, D("2026-08-04"), 0, "amber"),     # the due date itself: still on time
    (D("2026-07-10"), 15, D("2026-08-05"), -1, "red"),
    (D("2026-07-10"), 15, D("2026-08-10"), -3, "red"),      # 7 Aug is a holiday, 8-9 a weekend
    # 30-day consulta from 10 July: due 27 August (17 Aug a holiday); amber from 6 days left (20% of 30)
    (D("2026-07-10"), 30, D("2026-08-18"), 7, "green"),
    (D("2026-07-10"), 30, D("2026-08-19"), 6, "amber"),
    # 10-day documents request: due 28 July; amber from 2 days left (both rules agree)
    (D("2026-07-10"), 10, D("2026-07-23"), 3, "green"),
    (D("2026-07-10"), 10, D("2026-07-24"), 2, "amber"),
    # 3-day copies: due 16 July; the 2-day rule rings before 20% would
    (D("2026-07-10"), 3, D("2026-07-10"), 3, "green"),
    (D("2026-07-10"), 3, D("2026-07-14"), 2, "amber"),
    # 13 days from 10 July: due Friday 31 July; overdue from the Saturday after (late is late)
    (D("2026-07-10"), 13, D("2026-07-31"), 0, "amber"),
    (D("2026-07-10"), 13, D("2026-08-01"), -1, "red"),
    (D("2026-07-10"), 13, D("2026-08-03"), -1, "red"),
    (D("2026-07-10"), 13, D("2026-08-04"), -2, "red"),
])
def test_deadline_lights_at_their_boundaries(started: date, term: int, today: date, left: int, light: str) -> None:
    status = deadline_status(CO, started, term, today)
    assert status.due == CO.add_business_days(started, term)
    assert (status.business_days_left, status.light) == (left, light)
    assert status.overdue is (light == "red")
    assert f"calendar.light_{light}" in MESSAGES


def test_the_worked_example_as_a_deadline() -> None:
    status = deadline_status(CO, D("2026-07-10"), 15, D("2026-07-10"))
    assert (status.started, status.term_business_days, status.today, status.due) == (
        D("2026-07-10"), 15, D("2026-07-10"), D("2026-08-04"))


def test_a_term_needs_at_least_one_day() -> None:
    with pytest.raises(ValueError):
        deadline_status(CO, D("2026-07-10"), 0, D("2026-07-10"))


# -- local days as values -------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"kind": "holiday"}, "unknown kind"),
    ({"until": D("2026-07-20")}, "before"),
    ({"reason": " "}, "reason"),
])
def test_a_local_day_checks_itself(kwargs: dict[str, object], fragment: str) -> None:
    fields: dict[str, object] = {"date": D("2026-07-21"), "reason": "x", "kind": "non_working", **kwargs}
    with pytest.raises(ValueError, match=fragment):
        LocalDay(**fields)  # type: ignore[arg-type]


# -- the data file --------------------------------------------------------------------------------------

VALID = """\
format: 1
days:
  - date: 2026-07-21
    kind: non_working
    reason: Decreto de prueba, día cívico
  - date: "2026-07-27"
    until: "2026-07-31"
    kind: suspension
    reason: "  Decreto de prueba, suspensión  "
examples:
  - date: "2026-12-24"
    kind: non_working
    reason: ejemplo que no cuenta
"""


def test_a_valid_file_gives_its_days_and_never_its_examples() -> None:
    assert load_local_days(VALID, "cal.yaml") == (
        LocalDay(D("2026-07-21"), "Decreto de prueba, día cívico", "non_working"),
        LocalDay(D("2026-07-27"), "Decreto de prueba, suspensión", "suspension", D("2026-07-31")),
    )


def test_the_shipped_file_loads_and_its_examples_are_valid() -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert load_local_days(text, str(DATA_FILE)) == ()
    assert "mantiene" in text.lower()
    examples = text[text.index("\nexamples:"):].replace("\nexamples:", "\ndays:", 1)
    moved = load_local_days("format: 1\n" + examples, "moved.yaml")
    assert {entry.kind for entry in moved} == {"non_working", "suspension"}
    assert all("EJEMPLO" in entry.reason for entry in moved)


@pytest.mark.parametrize("text", ["format: 1\ndays: []\n", "format: 1\ndays:\n", "format: 1\ndays:\nexamples:\n"])
def test_a_file_with_no_days_is_valid(text: str) -> None:
    assert load_local_days(text, "cal.yaml") == ()


def _entry(lines: str) -> str:
    return "format: 1\ndays:\n  - " + "\n    ".join(lines.splitlines()) + "\n"


@pytest.mark.parametrize(("text", "expected"), [
    # bad dates: not real, not ISO, a moment rather than a day, not a scalar
    (_entry("date: 2026-02-30\nkind: non_working\nreason: x"), [(3, 11, "calendar.bad_date")]),
    (_entry("date: 24/12/2026\nkind: non_working\nreason: x"), [(3, 11, "calendar.bad_date")]),
    (_entry("date: 2026-7-3\nkind: non_working\nreason: x"), [(3, 11, "calendar.bad_date")]),
    (_entry("date: 2026-07-03 08:00\nkind: non_working\nreason: x"), [(3, 11, "calendar.bad_date")]),
    (_entry('date: "2026-13-01"\nkind: non_working\nreason: x'), [(3, 11, "calendar.bad_date")]),
    (_entry("date: [2026-07-03]\nkind: non_working\nreason: x"), [(3, 11, "calendar.bad_date")]),
    (_entry("date: 2026-07-03\nuntil: soon\nkind: suspension\nreason: x"), [(4, 12, "calendar.bad_date")]),
    # unknown kind
    (_entry("date: 2026-07-03\nkind: holiday\nreason: x"), [(4, 11, "calendar.unknown_kind")]),
    # until before date
    (_entry("date: 2026-07-03\nuntil: 2026-07-02\nkind: suspension\nreason: x"),
     [(4, 12, "calendar.until_before_date")]),
    # missing and unknown keys, empty reason
    (_entry("date: 2026-07-03\nkind: suspension"), [(3, 5, "calendar.missing_key")]),
    (_entry("date: 2026-07-03\nkind: suspension\nreason: x\nto: 2026-07-04"), [(6, 5, "calendar.unknown_key")]),
    (_entry('date: 2026-07-03\nkind: suspension\nreason: ""'), [(5, 13, "calendar.reason_missing")]),
    # the file's shape
    ("", [(1, 1, "calendar.empty")]),
    ("- date: 2026-07-03\n", [(1, 1, "calendar.not_a_mapping")]),
    ("days: []\n", [(1, 1, "calendar.missing_key")]),
    ("format: 2\ndays: []\n", [(1, 9, "calendar.format")]),
    ("format: 1\ndays: 2026-07-03\n", [(2, 7, "calendar.not_a_list")]),
    ("format: 1\ndays:\n  - 2026-07-03\n", [(3, 5, "calendar.entry_not_a_mapping")]),
    ("format: 1\ndays: []\nholidays: []\n", [(3, 1, "calendar.unknown_key")]),
    # examples are checked too
    ("format: 1\ndays: []\nexamples:\n  - date: 2026-07-03\n    kind: other\n    reason: x\n",
     [(5, 11, "calendar.unknown_kind")]),
    # YAML-level problems come from the shared parser, located the same way
    ("format: 1\ndays: []\ndays: []\n", [(3, 1, "definition.duplicate_key")]),
    ("format: 1\ndays: [\n", [(3, 1, "definition.yaml_syntax")]),
    ("format: 1\ndays:\n\t- date: 2026-07-03\n", [(3, 1, "definition.yaml_tab")]),
    ("format: 1\ndays: !!python/object:os.system []\n", [(2, 7, "definition.yaml_tag")]),
    # several problems at once, in file order
    (_entry("date: 2026-02-30\nuntil: 2026-01-01\nkind: festivo\nreason: x"),
     [(3, 11, "calendar.bad_date"), (5, 11, "calendar.unknown_kind")]),
    ("format: 1\ndays:\n  - date: 2026-07-05\n    until: 2026-07-01\n    kind: suspension\n    reason: x\n"
     "  - date: 2026-07-06\n    kind: closed\n    reason: x\n",
     [(4, 12, "calendar.until_before_date"), (8, 11, "calendar.unknown_kind")]),
])
def test_every_problem_in_the_file_is_located(text: str, expected: list[tuple[int, int, str]]) -> None:
    with pytest.raises(DefinitionInvalid) as caught:
        load_local_days(text, "santa-marta.yaml")
    problems = caught.value.problems
    assert [(p.line, p.column, p.message.key) for p in problems] == expected
    assert all(p.path == "santa-marta.yaml" for p in problems)
    assert all(p.message.key in MESSAGES for p in problems if p.message.key.startswith("calendar."))


# -- the room's boundaries ----------------------------------------------------------------------------------

def test_the_calendar_imports_no_terminal_or_database_stack() -> None:
    code = "import workflow.core.calendar, sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = {name.split(".")[0] for name in json.loads(out.stdout.splitlines()[-1])}
    assert not loaded & {"sqlalchemy", "sqlmodel", "alembic", "typer", "rich", "click"}
    assert "holidays" in loaded


def test_the_calendar_module_reads_no_clock_or_environment() -> None:
    source = (ROOT / "workflow" / "core" / "calendar.py").read_text(encoding="utf-8")
    for forbidden in ("today(", "now(", "os.environ", "getenv", "import os", "time.time"):
        assert forbidden not in source, forbidden


def test_every_calendar_message_the_code_uses_exists_in_both_languages() -> None:
    source = (ROOT / "workflow" / "core" / "calendar.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""["'](calendar\.[a-z_]+)["']""", source))
    assert used and used <= set(MESSAGES)
    formatter = string.Formatter()
    for key, (spanish, english) in ((k, v) for k, v in MESSAGES.items() if k.startswith("calendar.")):
        fields = [{f for _, f, _, _ in formatter.parse(text) if f} for text in (spanish, english)]
        assert fields[0] == fields[1], key
