"""Citizen requests (PQRSD) under Ley 1755 de 2015: their legal terms and the rules of each step, pure.

A request is a cycle of the PQRSD procedure (`procedures/PQRSD-L1755.yaml`); this module holds what the
law adds to the engine's rules, as functions of the calendar (`workflow.core.calendar`) and plain dates:

- the term, in business days, counted from the day after receipt (America/Bogota);
- an extension (art. 14 parágrafo) only before the term runs out, never beyond twice the initial term;
- a forward to the competent entity (art. 21) within 5 business days of receipt;
- an incomplete petition (art. 17) stops the term; after one month without the citizen's answer it
  ends as desistida (withdrawn);
- a request for documents unanswered within its 10 days counts as granted (silencio positivo, art. 14
  num. 1), and the copies are due within 3 business days.

The running term is kept as `term_from` (the day it counts from) and `term_days`, so that a suspension of
terms published later moves the due date: `due_on` the new calendar. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from workflow.core.calendar import AMBER_BUSINESS_DAYS, AMBER_SHARE_PERCENT, BusinessCalendar, Light
from workflow.errors import Refused

__all__ = [
    "BOGOTA", "CHANNELS", "FORWARD_BUSINESS_DAYS", "OPEN", "STATES", "TYPES", "check_extension", "check_forward",
    "desist_day", "due_on", "light", "local_day", "on_time", "radicado", "received_moment",
]

# Colombia keeps UTC-5 all year (no daylight saving since 1993): a fixed offset needs no tz database.
BOGOTA: Final = dt.timezone(dt.timedelta(hours=-5), "America/Bogota")
TYPES: Final = ("peticion", "informacion", "consulta", "queja", "reclamo", "sugerencia", "denuncia", "felicitacion")
CHANNELS: Final = ("chat", "email", "web", "telefono", "presencial")
OPEN, ANSWERED, FORWARDED, INCOMPLETE, WITHDRAWN, CLOSED = (
    "open", "answered", "forwarded", "incomplete", "withdrawn", "closed")
STATES: Final = (OPEN, ANSWERED, FORWARDED, INCOMPLETE, WITHDRAWN, CLOSED)
FORWARD_BUSINESS_DAYS: Final = 5  # art. 21
COPIES_BUSINESS_DAYS: Final = 3  # art. 14 num. 1: copies after the silence
DOCUMENTS_TYPE: Final = "informacion"


def radicado(year: int, number: int) -> str:
    """`YYYY-NNNNNN`: the year of filing and the number within it (gap-free, never reused)."""
    return f"{year:04d}-{number:06d}"


def local_day(moment: dt.datetime) -> dt.date:
    """The Alcaldía's calendar day of a moment."""
    return moment.astimezone(BOGOTA).date()


def received_moment(text: str | None, now: dt.datetime) -> dt.datetime:
    """When the request arrived: `--received-at` as ISO 8601 (a date, or a time without offset, is the
    Alcaldía's time), or now. Never in the future, never before 2000."""
    if text is None:
        return now
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise Refused("request.received_at_syntax", value=text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BOGOTA)
    if moment > now:
        raise Refused("request.received_in_future", value=text)
    if moment.year < 2000:
        raise Refused("request.received_at_syntax", value=text)
    return moment


def due_on(calendar: BusinessCalendar, term_from: dt.date | None, term_days: int | None) -> dt.date | None:
    """The due date of a running term: `term_days` business days after `term_from`."""
    if term_from is None or term_days is None:
        return None
    return calendar.add_business_days(term_from, term_days)


def extension_limit(calendar: BusinessCalendar, received: dt.date, term: int) -> dt.date:
    """The latest date an extension may set: twice the initial term, counted like it."""
    return calendar.add_business_days(received, 2 * term)


def check_extension(calendar: BusinessCalendar, received: dt.date, term: int | None, due: dt.date | None,
                    until: dt.date, today: dt.date) -> int:
    """The business days from receipt to `until`, or Refused naming the rule (art. 14 parágrafo)."""
    if term is None or due is None:
        raise Refused("request.extend_no_term")
    if today > due:
        raise Refused("request.extend_after_due", due=due.isoformat(), today=today.isoformat())
    if until <= due:
        raise Refused("request.extend_not_later", until=until.isoformat(), due=due.isoformat())
    limit = extension_limit(calendar, received, term)
    if until > limit:
        raise Refused("request.extend_beyond_twice", until=until.isoformat(), limit=limit.isoformat(),
                      term=term, twice=2 * term)
    return calendar.business_days_between(received, until)


def check_forward(calendar: BusinessCalendar, received: dt.date, today: dt.date) -> None:
    """A forward to the competent entity within 5 business days of receipt (art. 21)."""
    late = calendar.business_days_between(received, today)
    if late > FORWARD_BUSINESS_DAYS:
        limit = calendar.add_business_days(received, FORWARD_BUSINESS_DAYS)
        raise Refused("request.forward_late", limit=limit.isoformat(), days=late)


def desist_day(incomplete_since: dt.date) -> dt.date:
    """The day from which a petition left incomplete counts as withdrawn: one month later (art. 17), the
    same day of the next month, or its last day when it has no such day."""
    year, month = (incomplete_since.year + 1, 1) if incomplete_since.month == 12 else (
        incomplete_since.year, incomplete_since.month + 1)
    for day in range(incomplete_since.day, 27, -1):
        try:
            return dt.date(year, month, day) + dt.timedelta(days=1)
        except ValueError:
            continue
    return dt.date(year, month, incomplete_since.day) + dt.timedelta(days=1)


def on_time(answered_day: dt.date | None, due: dt.date | None) -> bool | None:
    """Answered by its due date (None while unanswered, or when it has no term)."""
    if answered_day is None or due is None:
        return None
    return answered_day <= due


def light(calendar: BusinessCalendar, term: int | None, due: dt.date | None, today: dt.date) -> Light | None:
    """Green, amber or red as `workflow.core.calendar.deadline_status` rings them, for a due date that
    may have moved (extension, suspension)."""
    if term is None or due is None:
        return None
    if today > due:
        return "red"
    left = calendar.business_days_between(today, due)
    if left <= AMBER_BUSINESS_DAYS or left * 100 <= term * AMBER_SHARE_PERCENT:
        return "amber"
    return "green"


def silence_granted(row: Mapping[str, Any], today: dt.date) -> bool:
    """A request for documents still open after its term counts as granted (art. 14 num. 1)."""
    due = row.get("due_date")
    return row.get("type") == DOCUMENTS_TYPE and row.get("state") == OPEN and due is not None \
        and today > dt.date.fromisoformat(str(due))
