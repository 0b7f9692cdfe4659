"""Business days for legal terms: Colombia's national holidays plus the Alcaldía's own days.

Why this room exists: Ley 1755 de 2015 gives a petition its term in días hábiles, counted from the day
after receipt. A day is hábil here when it is

- Monday to Friday (public offices do not work on Saturdays, so a Saturday never counts),
- not a national holiday (the `holidays` package, which applies Ley 51 de 1983 "Ley Emiliani" moves and,
  from version 0.99, Ley 2578 de 2026),
- not a day the Alcaldía declared non-working (`kind: non_working`), and
- not inside a suspension of terms ordered by decree (`kind: suspension`).

The last two are in no package: the process owner keeps them as data (`procedures/calendars/*.yaml`),
read by `load_local_days` with every problem located at PATH:LINE:COL.

Pure: dates in, dates out. Nothing here reads the clock or the environment; "today" is always passed in.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal, cast, get_args

import holidays

from workflow.core.limits import MAX_CALENDAR_DAY, MIN_CALENDAR_DAY
from workflow.core.yaml_positions import ParsedYaml, Path, parse
from workflow.errors import DefinitionInvalid, Message, NotFound, Problem

__all__ = [
    "AMBER_BUSINESS_DAYS", "AMBER_SHARE_PERCENT", "FORMAT", "KINDS", "BusinessCalendar", "DeadlineStatus",
    "Kind", "Light", "LocalDay", "deadline_status", "load_local_days",
]

Kind = Literal["non_working", "suspension"]
KINDS: Final[tuple[str, ...]] = get_args(Kind)
Light = Literal["green", "amber", "red"]

FORMAT: Final = 1  # the layout version of calendar files this module reads
# Amber rings when either warning applies (see `deadline_status`).
AMBER_BUSINESS_DAYS: Final = 2
AMBER_SHARE_PERCENT: Final = 20

_ONE_DAY: Final = dt.timedelta(days=1)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class LocalDay:
    """A day, or an inclusive range `date`..`until`, on which terms do not run in this office.

    `non_working`: the office is closed (a día cívico, a local holiday declared by decree).
    `suspension`: the office may be open, but the legal terms are suspended (a decree suspending terms,
    e.g. for a system migration or an emergency). Both stop the count; the kind is kept because an
    auditor asks which one it was, and the reason (the decree) is what the citizen is told.
    """

    date: dt.date
    reason: str
    kind: Kind
    until: dt.date | None = None

    def __post_init__(self) -> None:
        # The loader reports these with a location; here they can only be a programming mistake.
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; known kinds: {', '.join(KINDS)}")
        if self.until is not None and self.until < self.date:
            raise ValueError(f"until {self.until} is before date {self.date}")
        if not self.reason.strip():
            raise ValueError("a local day needs a reason")

    @property
    def last(self) -> dt.date:
        """The last day covered (the range is inclusive)."""
        return self.until if self.until is not None else self.date

    def covers(self, day: dt.date) -> bool:
        return self.date <= day <= self.last

    def days(self) -> Iterator[dt.date]:
        day = self.date
        while day <= self.last:
            yield day
            day += _ONE_DAY


def _holidays_language(country: str) -> str | None:
    """Spanish when the package has it for the country: the names end up in letters to citizens."""
    return "es" if "es" in holidays.list_localized_countries().get(country, ()) else None


@dataclass(frozen=True)
class BusinessCalendar:
    """Which days count for a legal term, for one country (and subdivision) plus the office's own days.

    Build it once and share it: the package's holidays object is made here, once, and fills in the years
    it is asked about (the package's `expand`); each year's holidays are then kept as a read-only mapping,
    so asking about the same year again costs one dictionary lookup.
    """

    country: str = "CO"
    subdivision: str | None = None
    local_days: tuple[LocalDay, ...] = ()
    _source: Any = field(init=False, repr=False, compare=False)  # holidays.HolidayBase (expanding)
    _local: Mapping[dt.date, tuple[LocalDay, ...]] = field(init=False, repr=False, compare=False)
    _by_year: dict[int, Mapping[dt.date, str]] = field(
        init=False, repr=False, compare=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, repr=False, compare=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        object.__setattr__(self, "local_days", tuple(self.local_days))
        try:
            source = holidays.country_holidays(
                self.country, subdiv=self.subdivision, language=_holidays_language(self.country))
        except NotImplementedError as error:  # the package's way of saying "no such country/subdivision"
            if self.country not in holidays.list_supported_countries():
                raise NotFound("calendar.unknown_country", country=self.country) from error
            raise NotFound("calendar.unknown_subdivision", country=self.country,
                           subdivision=self.subdivision) from error
        object.__setattr__(self, "_source", source)
        local: dict[dt.date, tuple[LocalDay, ...]] = {}
        for entry in self.local_days:
            for day in entry.days():
                local[day] = (*local.get(day, ()), entry)
        object.__setattr__(self, "_local", MappingProxyType(local))

    # -- what a single day is -----------------------------------------------------------------------

    def holidays_in(self, year: int) -> Mapping[dt.date, str]:
        """The national (and subdivision) holidays of `year`: date -> name, computed once per year."""
        known = self._by_year.get(year)
        if known is not None:
            return known
        with self._lock:
            known = self._by_year.get(year)
            if known is None:
                # Touching a year makes the expanding object compute it. The neighbours too: a holiday
                # observed on another date may in principle land in the adjacent year.
                for near in range(max(year - 1, dt.MINYEAR), min(year + 1, dt.MAXYEAR) + 1):
                    self._source.get(dt.date(near, 1, 1))
                known = MappingProxyType(
                    {day: str(name) for day, name in self._source.items() if day.year == year})
                self._by_year[year] = known
        return known

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday's name as the package gives it (in Spanish for Colombia), or None."""
        return self.holidays_in(day.year).get(day)

    def local_days_on(self, day: dt.date) -> tuple[LocalDay, ...]:
        """The office's own entries covering `day` (usually none, sometimes a non-working day and a
        suspension at once)."""
        return self._local.get(day, ())

    def is_business_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a national holiday, not a local non-working day, not in a suspension."""
        return day.weekday() < 5 and day not in self._local and day not in self.holidays_in(day.year)

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why `day` does not count, as a person would say it: the holiday's name and/or the reason the
        calendar file gives, joined with "; ". None for a business day, and None for a plain Saturday or
        Sunday too: a weekend is not a named day, and `is_business_day` already says it does not count."""
        reasons = [name for name in (self.holiday_name(day),) if name is not None]
        reasons += [entry.reason for entry in self.local_days_on(day)]
        return "; ".join(reasons) if reasons else None

    # -- counting ---------------------------------------------------------------------------------

    def add_business_days(self, start: dt.date, n: int) -> dt.date:
        """The due date of a term of `n` business days that starts on `start` (the day of receipt).

        Ley 1755 counts from the day after receipt, so the answer is the n-th business day strictly
        after `start`, whatever kind of day `start` itself is (a petition filed online on a Sunday
        starts counting on Monday). `n == 0` gives `start` back.
        """
        if n < 0:
            raise ValueError(f"a term cannot be negative: {n}")
        day = start
        while n:
            day += _ONE_DAY
            if self.is_business_day(day):
                n -= 1
        return day

    def business_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many business days lie after `a` up to and including `b` (negative when `b` is before `a`).

        Counted like a term, so that `business_days_between(s, add_business_days(s, n)) == n`.
        """
        if b < a:
            return -self.business_days_between(b, a)
        count = 0
        day = a
        while day < b:
            day += _ONE_DAY
            count += self.is_business_day(day)
        return count


# -- the state of a term ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineStatus:
    """Where a term stands on a given day, for lists and reminders.

    `business_days_left` counts the business days after `today` up to and including `due`: 0 on the due
    date itself (an answer sent today is on time), negative once overdue (-1 from the first day after the
    due date, even when that day is a Saturday: late is late).
    """

    started: dt.date
    term_business_days: int
    today: dt.date
    due: dt.date
    business_days_left: int
    light: Light

    @property
    def overdue(self) -> bool:
        return self.today > self.due


def _light(term: int, left: int, overdue: bool) -> Light:
    if overdue:
        return "red"
    if left <= AMBER_BUSINESS_DAYS or left * 100 <= term * AMBER_SHARE_PERCENT:
        return "amber"
    return "green"


def deadline_status(calendar: BusinessCalendar, started: dt.date, term: int, today: dt.date) -> DeadlineStatus:
    """The due date, the business days left and a traffic light for a term of `term` business days.

    The rule (both warnings ring, whichever comes first, so a short term is never green to the end):
    - red: `today` is after the due date;
    - amber: not overdue, and at most 2 business days are left or what is left is at most 20% of the
      term: from 3 days left on a 15-day petition, 6 on a 30-day consulta, 2 on a 10-day request for
      documents or a 3-day copy;
    - green: otherwise.
    """
    if term < 1:
        raise ValueError(f"a term has at least one business day: {term}")
    due = calendar.add_business_days(started, term)
    overdue = today > due
    left = -max(1, calendar.business_days_between(due, today)) if overdue else calendar.business_days_between(
        today, due)
    return DeadlineStatus(started=started, term_business_days=term, today=today, due=due,
                          business_days_left=left, light=_light(term, left, overdue))


# -- the calendar file -----------------------------------------------------------------------------

_TOP_KEYS: Final = ("id", "format", "days", "examples")
_TOP_REQUIRED: Final = ("format", "days")
_ENTRY_KEYS: Final = ("date", "until", "kind", "reason")
_ENTRY_REQUIRED: Final = ("date", "kind", "reason")


def load_local_days(text: str, path: str) -> tuple[LocalDay, ...]:
    """The entries under `days:` of a calendar file, or `DefinitionInvalid` with every problem located.

    Entries under `examples:` are checked by the same rules, so an example stays right to copy, but they
    never count: moving one into `days:` is a deliberate act. The YAML is only composed (safe loader, no
    tags, no aliases, duplicate keys reported), never executed. The file's `id:` (what procedures name it
    by) is the publisher's to require: texts stored before calendars declared one are still read.
    """
    parsed = parse(text)
    reader = _Reader(parsed, path)
    for (line, column), message in parsed.problems:
        reader.problems.append(Problem(path, line, column, message))
    days: tuple[LocalDay, ...] = ()
    if parsed.empty:
        reader.problems.append(Problem(path, 1, 1, Message("calendar.empty")))
    elif parsed.value is not None or not parsed.problems:
        days = reader.read(parsed.value)
    if reader.problems:
        raise DefinitionInvalid(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    return days


class _Reader:
    def __init__(self, parsed: ParsedYaml, path: str) -> None:
        self.parsed = parsed
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, where: Path, message: Message, *, at_key: bool = False) -> None:
        position = self.parsed.key_positions.get(where) if at_key else None
        line, column = position or self.parsed.position(where)
        self.problems.append(Problem(self.path, line, column, message))

    def keys(self, mapping: dict[str, Any], where: Path, allowed: tuple[str, ...],
             required: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem((*where, key), Message("calendar.unknown_key", {
                    "key": key, "allowed": ", ".join(allowed)}), at_key=True)
        for key in required:
            if key not in mapping and not self.parsed.is_blocked(where):
                self.problem(where, Message("calendar.missing_key", {"key": key}))

    def read(self, value: Any) -> tuple[LocalDay, ...]:
        if not isinstance(value, dict):
            if not self.parsed.is_blocked(()):
                self.problem((), Message("calendar.not_a_mapping"))
            return ()
        self.keys(value, (), _TOP_KEYS, _TOP_REQUIRED)
        if "format" in value and value["format"] != FORMAT and not self.parsed.is_blocked(("format",)):
            self.problem(("format",), Message("calendar.format", {
                "value": self.parsed.sources.get(("format",), value["format"]), "supported": FORMAT}))
        self.entries(value.get("examples"), "examples")
        return self.entries(value.get("days"), "days")

    def entries(self, value: Any, key: str) -> tuple[LocalDay, ...]:
        # `days:` with nothing after it (every entry commented out) simply means none.
        where: Path = (key,)
        if value is None or self.parsed.is_blocked(where):
            return ()
        if not isinstance(value, list):
            self.problem(where, Message("calendar.not_a_list", {"key": key}))
            return ()
        found = (self.entry(item, (*where, index)) for index, item in enumerate(value))
        return tuple(entry for entry in found if entry is not None)

    def entry(self, value: Any, where: Path) -> LocalDay | None:
        if self.parsed.is_blocked(where):
            return None
        if not isinstance(value, dict):
            self.problem(where, Message("calendar.entry_not_a_mapping"))
            return None
        before = len(self.problems)
        self.keys(value, where, _ENTRY_KEYS, _ENTRY_REQUIRED)
        start = self.date(value, (*where, "date"))
        until = self.date(value, (*where, "until"))
        kind = value.get("kind")
        if "kind" in value and kind not in KINDS and not self.parsed.is_blocked((*where, "kind")):
            self.problem((*where, "kind"), Message("calendar.unknown_kind", {
                "value": self.parsed.sources.get((*where, "kind"), kind), "allowed": ", ".join(KINDS)}))
        reason = value.get("reason")
        if "reason" in value and not (isinstance(reason, str) and reason.strip()) \
                and not self.parsed.is_blocked((*where, "reason")):
            self.problem((*where, "reason"), Message("calendar.reason_missing"))
        if start is not None and until is not None and until < start:
            self.problem((*where, "until"), Message("calendar.until_before_date", {
                "until": until.isoformat(), "date": start.isoformat()}))
        if len(self.problems) > before or start is None or not isinstance(reason, str) or kind not in KINDS:
            return None
        return LocalDay(date=start, reason=reason.strip(), kind=cast(Kind, kind), until=until)

    def date(self, entry: dict[str, Any], where: Path) -> dt.date | None:
        """A real date written YYYY-MM-DD, quoted or not; None (with a problem, if present) otherwise."""
        key = where[-1]
        if key not in entry or self.parsed.is_blocked(where):
            return None
        value = entry[key]
        written = self.parsed.sources.get(where)
        # datetime is a date too: `2026-07-13 08:00` is a moment, not a day.
        if isinstance(value, dt.date | str) and not isinstance(value, dt.datetime) and written is not None \
                and _ISO_DATE.fullmatch(written):
            try:
                day = dt.date.fromisoformat(written)
            except ValueError:
                pass
            else:
                if MIN_CALENDAR_DAY <= day <= MAX_CALENDAR_DAY:
                    return day
                self.problem(where, Message("calendar.day_out_of_range", {
                    "key": key, "value": written, "earliest": MIN_CALENDAR_DAY.isoformat(),
                    "latest": MAX_CALENDAR_DAY.isoformat()}))
                return None
        self.problem(where, Message("calendar.bad_date", {"key": key, "value": written if written else value}))
        return None
