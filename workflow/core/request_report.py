"""The figures of the reports the law asks for on citizen requests, from the requests themselves, pure.

- The operating report of the virtual channel (for the Oficina TIC; activity 5 of MM-GAC-P-006):
  over the requests received in a period, how many, per channel, type and dependencia; answered, on
  time; overdue now; extended; forwarded; withdrawn; the median and the 90th percentile of the response
  time in business days.
- The information-requests report (Decreto 1081 de 2015 art. 2.1.1.6.2): requests for information
  received, forwarded, denied, and the response time of each.
- The semiannual report for Control Interno (Ley 1474 de 2011 art. 76): the channel figures of a
  semester, and the overdue requests named.

The rows are the documents `request list --json` gives (`workflow.service.requests.view`), so a reader
can recompute every figure from that list. Response time: business days after the day of receipt up to
and including the day of the answer (America/Bogota), counted like a term. Percentiles are nearest-rank
(the smallest time at least that share of the answered requests took), so they are times that happened.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from workflow.core.calendar import BusinessCalendar
from workflow.core.requests import ANSWERED, FORWARDED, WITHDRAWN, local_day

__all__ = ["channel_figures", "information_figures", "nearest_rank", "response_days", "semester"]

Row = Mapping[str, Any]


def semester(text: str) -> tuple[dt.date, dt.date]:
    """`YYYY-1` (January to June) or `YYYY-2` (July to December) as its first and last day."""
    year, _, half = text.partition("-")
    if not (year.isdigit() and len(year) == 4 and half in ("1", "2")):
        raise ValueError(text)
    first = dt.date(int(year), 1 if half == "1" else 7, 1)
    return first, dt.date(int(year), 6, 30) if half == "1" else dt.date(int(year), 12, 31)


def response_days(row: Row, calendar: BusinessCalendar) -> int | None:
    """Business days from receipt to the answer (None while unanswered)."""
    if row.get("state") != ANSWERED or not row.get("answered_at"):
        return None
    answered = local_day(dt.datetime.fromisoformat(str(row["answered_at"]).replace("Z", "+00:00")))
    return calendar.business_days_between(dt.date.fromisoformat(str(row["received_day"])), answered)


def nearest_rank(values: Sequence[int], share: float) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def in_period(rows: Iterable[Row], start: dt.date, end: dt.date) -> list[Row]:
    first, last = start.isoformat(), end.isoformat()
    return [r for r in rows if first <= str(r["received_day"]) <= last]


def channel_figures(rows: Iterable[Row], calendar: BusinessCalendar, start: dt.date, end: dt.date
                    ) -> dict[str, Any]:
    """The operating report's figures (CONTRACT "report channel --json") and more."""
    period = in_period(rows, start, end)
    times = [d for d in (response_days(r, calendar) for r in period) if d is not None]
    median = statistics.median(times) if times else None
    return {
        "from": start.isoformat(), "to": end.isoformat(), "received": len(period),
        "answered": sum(r["state"] == ANSWERED for r in period),
        "answered_on_time": sum(r["state"] == ANSWERED and r.get("on_time") is True for r in period),
        "overdue": sum(bool(r.get("overdue")) for r in period),
        "extended": sum(r.get("extended_until") is not None for r in period),
        "forwarded": sum(r["state"] == FORWARDED for r in period),
        "withdrawn": sum(r["state"] == WITHDRAWN for r in period),
        "by_channel": dict(sorted(Counter(str(r["channel"]) for r in period).items())),
        "by_type": dict(sorted(Counter(str(r["type"]) for r in period).items())),
        "by_dependencia": dict(sorted(Counter(str(r.get("dependencia") or "-") for r in period).items())),
        "by_state": dict(sorted(Counter(str(r["state"]) for r in period).items())),
        "median_business_days": median,
        "p90_business_days": nearest_rank(times, 0.9),
        "overdue_requests": [{"radicado": r["radicado"], "type": r["type"], "dependencia": r.get("dependencia"),
                              "due_date": r.get("due_date")} for r in period if r.get("overdue")],
    }


def information_figures(rows: Iterable[Row], calendar: BusinessCalendar, start: dt.date, end: dt.date
                        ) -> dict[str, Any]:
    """Decreto 1081 de 2015 art. 2.1.1.6.2: received, forwarded, denied, the response time of each."""
    period = [r for r in in_period(rows, start, end) if r["type"] == "informacion"]
    return {
        "from": start.isoformat(), "to": end.isoformat(), "received": len(period),
        "forwarded": sum(r["state"] == FORWARDED for r in period),
        "denied": sum(r.get("outcome") == "denied" for r in period),
        "answered": sum(r["state"] == ANSWERED for r in period),
        "requests": [{"radicado": r["radicado"], "received_day": r["received_day"], "state": r["state"],
                      "outcome": r.get("outcome"), "response_business_days": response_days(r, calendar),
                      "granted_by_silence": bool(r.get("granted_by_silence"))} for r in period],
    }
