"""The limits on what people hand in, in one place: the README's "Limits" table says each one and why.

A limit is there so that a mistake (a wrong file, a stray digit, a pasted book) is refused with a
sentence at the door, instead of being stored and then breaking, or slowing down, every later command
that reads it. Each is far above what the Alcaldía's documents need; the figures measured at the
limits are in the README. Pure: the checks take values and raise `UsageError`; nothing reads a file.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Final

from workflow.errors import UsageError

__all__ = [
    "DEFAULT_MAX_EVIDENCE_MB", "EARLIEST_DAY", "LATEST_DAY", "MAX_ACTIVITY_NUMBER", "MAX_CALENDAR_DAY",
    "MAX_DEFINITION_BYTES", "MAX_EVIDENCE_MB", "MAX_INTEGER", "MAX_KEY_FILE_BYTES", "MAX_NESTING",
    "MAX_PAGES", "MAX_TERM_BUSINESS_DAYS", "MAX_TEXT_CHARS", "MAX_TITLE_CHARS", "MB", "MIN_CALENDAR_DAY",
    "check_day", "check_text", "evidence_limit", "format_size",
]

MB: Final = 1024 * 1024

# Procedure, item-list and calendar files. MM-GAC-P-006, the whole approved document, is 6.7 kB; one
# 38 times longer (240 activities) still parses in about half a second (README). Every command that reads
# a version parses it again, so a bigger file would slow every later command on that version.
MAX_DEFINITION_BYTES: Final = 256 * 1024
# Levels of nesting in those files: a procedure needs 5 (activities > item > next > branch > to).
MAX_NESTING: Final = 20
# Any integer in those files: the audit payloads are canonical JSON, whose integers are safe up to
# 2**53 - 1 (RFC 8785, I-JSON); larger ones cannot even be printed past 4300 digits.
MAX_INTEGER: Final = 2**53 - 1
MAX_ACTIVITY_NUMBER: Final = 999
# About four years of business days; the longest terms of the law are months, and a due date beyond
# 9999 (a term of millions of days) cannot be computed.
MAX_TERM_BUSINESS_DAYS: Final = 1000
MAX_PAGES: Final = 1000
# The days a calendar file may name: a decree of non-working days or a suspension of terms concerns
# these years, and counting a term across a suspension that ran to year 9999 would never end.
MIN_CALENDAR_DAY: Final = date(2000, 1, 1)
MAX_CALENDAR_DAY: Final = date(2199, 12, 31)

# Notes and reasons (`--note`, `--reason`) and cycle titles (`--title`), in characters. A note of a
# page and a half still fits one spreadsheet cell whole (Excel holds 32,767 UTF-16 units).
MAX_TEXT_CHARS: Final = 4000
MAX_TITLE_CHARS: Final = 200

# Evidence files: WORKFLOW_MAX_EVIDENCE_MB, default 100 (mail servers cap a message at 20-35 MB; a
# scanned report of a few hundred pages stays under 100 MB). At most 1024: PostgreSQL keeps evidence
# in a bytea, which holds at most 1 GB, read whole into memory.
DEFAULT_MAX_EVIDENCE_MB: Final = 100
MAX_EVIDENCE_MB: Final = 1024

# A checkpoint or a public key is a few hundred bytes; the private key PEM under 200.
MAX_KEY_FILE_BYTES: Final = 64 * 1024

# Dates typed on the command line (`--since`, `--until`): nothing in the trail is older than 2000, and
# the day after 9999-12-30 is the last one Python's dates can name.
EARLIEST_DAY: Final = date(2000, 1, 1)
LATEST_DAY: Final = date(9999, 12, 30)


def check_text(option: str, value: str | None, limit: int = MAX_TEXT_CHARS) -> None:
    """Refuse a note, reason or title longer than `limit` characters, naming the option."""
    if value is not None and len(value) > limit:
        raise UsageError("limits.text_too_long", option=option, length=len(value), limit=limit)


def check_day(option: str, day: date) -> date:
    """Refuse a date outside EARLIEST_DAY..LATEST_DAY (a typo like 0226 or 20260), naming the option."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise UsageError("limits.day_out_of_range", option=option, value=day.isoformat(),
                         earliest=EARLIEST_DAY.isoformat(), latest=LATEST_DAY.isoformat())
    return day


def evidence_limit(setting: str | float | None) -> int:
    """The most bytes an evidence file may have, from WORKFLOW_MAX_EVIDENCE_MB (None: the default); a
    value that is not a number of MB above 0 and at most MAX_EVIDENCE_MB is a usage error."""
    if setting is None:
        return DEFAULT_MAX_EVIDENCE_MB * MB
    try:
        value = float(setting)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_EVIDENCE_MB:  # NaN fails too
        raise UsageError("limits.bad_max_evidence", value=str(setting), limit=MAX_EVIDENCE_MB)
    return int(value * MB)


def format_size(size: int) -> str:
    """Bytes as people read them: `812 bytes`, `3.4 kB`, `66.0 MB` (1 MB = 1024 kB)."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.1f} kB"
    return f"{size / MB:.1f} MB"
