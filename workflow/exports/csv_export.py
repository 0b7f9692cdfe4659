"""The audit trail as CSV for Excel: UTF-8 with a BOM, `;` between fields (the list separator of
Spanish-language Excel), CRLF line ends and quoting as RFC 4180, a translated header row, one row
per event, streamed (one row in memory at a time). Columns and neutralising: `tabular`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from workflow.exports.source import ExportContext, ExportEvent
from workflow.exports.tabular import EVENT_COLUMNS, cells, headings

DELIMITER = ";"


def write(events: Iterator[ExportEvent], out: BinaryIO, context: ExportContext) -> int:
    """Write `events` to `out` as CSV; return how many were written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # utf-8-sig: the BOM, once, first
    try:
        writer = csv.writer(text, delimiter=DELIMITER)  # lineterminator "\r\n", minimal quoting
        writer.writerow(headings(EVENT_COLUMNS))
        count = 0
        for event in events:
            writer.writerow(cells(EVENT_COLUMNS, event))
            count += 1
    finally:
        # Flush and let go of `out` without closing it: the caller closes (and fsyncs) its own file.
        text.detach()
    return count
