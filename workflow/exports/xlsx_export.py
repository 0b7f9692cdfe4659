"""The audit trail as an Excel workbook: an events sheet (the CSV's columns) and an evidence sheet
(one row per evidence file). Sequence numbers, activity numbers and sizes are numbers (they sort and
sum as such); every other cell is text. Headers are bold and frozen, columns have widths and an
autofilter; printed, each sheet is landscape, fitted to the page width, with the header row on every
page. Columns and neutralising: `tabular`.

Memory stays flat: xlsxwriter's `constant_memory` mode writes each row to a temporary file as soon
as the next row starts (one per sheet, so the two sheets can grow side by side), and strings go
inline instead of into a shared-string table. That mode cannot work "in memory", but it does not need
a file *name* for the result either: the workbook is assembled at `close()` by `zipfile.ZipFile`,
which writes to the caller's binary file directly. Only the row data goes to temporary files; they
live in a private temporary directory that is removed whatever happens, so no copy of the trail is
left behind after a failure; it is made inside the caller's `scratch_dir` (the service passes a folder
it owns and cleans after a killed run).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, BinaryIO, TypeVar

import xlsxwriter

from workflow.errors import Refused
from workflow.exports.source import ExportContext, ExportEvent
from workflow.exports.tabular import EVENT_COLUMNS, EVIDENCE_COLUMNS, Column, evidence_lines, headings, typed_cells
from workflow.i18n import t

MAX_ROWS = 1_048_576  # Excel's limit per sheet, the header row included
MAX_CELL = 32_767  # Excel's limit per cell, in UTF-16 code units

T = TypeVar("T")


def write(events: Iterator[ExportEvent], out: BinaryIO, context: ExportContext) -> int:
    """Write `events` to `out` as XLSX; return how many were written."""
    with tempfile.TemporaryDirectory(prefix="workflow-xlsx-", dir=context.scratch_dir) as scratch:
        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False, "tmpdir": scratch})
        try:
            count = _fill(workbook, events, context)
        except BaseException:
            _discard(workbook)
            raise
        workbook.close()
    return count


def _fill(workbook: Any, events: Iterator[ExportEvent], context: ExportContext) -> int:
    _properties(workbook, context)
    bold = workbook.add_format({"bold": True})
    events_sheet = _sheet(workbook, t("export.tabular.sheet.events"), EVENT_COLUMNS, bold)
    evidence_sheet = _sheet(workbook, t("export.tabular.sheet.evidence"), EVIDENCE_COLUMNS, bold)
    count = files = 0
    for event in events:
        count += 1
        _row(events_sheet, count, typed_cells(EVENT_COLUMNS, event))
        for line in evidence_lines(event):
            files += 1
            _row(evidence_sheet, files, typed_cells(EVIDENCE_COLUMNS, line))
    events_sheet.autofilter(0, 0, count, len(EVENT_COLUMNS) - 1)
    evidence_sheet.autofilter(0, 0, files, len(EVIDENCE_COLUMNS) - 1)
    return count


def _properties(workbook: Any, context: ExportContext) -> None:
    """Document control (ISO 9001 7.5): what this file is, when and by whom it was made, which part of
    the trail it holds."""
    everything = t("export.tabular.all")
    properties: dict[str, Any] = {
        "title": t("export.tabular.title"),
        "subject": t("export.tabular.subject", cycle=context.cycle or everything, since=context.since or everything,
                     until=context.until or everything),
        "author": context.generated_by,
        "comments": t("export.tabular.comments", at=context.generated_at, by=context.generated_by),
    }
    with contextlib.suppress(ValueError):  # if unreadable, xlsxwriter stamps the current time
        properties["created"] = datetime.fromisoformat(context.generated_at)
    workbook.set_properties(properties)


def _sheet(workbook: Any, name: str, columns: Sequence[Column[T]], bold: Any) -> Any:
    sheet = workbook.add_worksheet(name)
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    # Printed for an auditor's file: as wide as the page allows, as many pages down as it takes, the
    # headings repeated on each.
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    # Versions, ids and codes are text on purpose ("2" is a label): do not flag them as numbers stored as text.
    sheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})
    for index, heading in enumerate(headings(columns)):
        sheet.write_string(0, index, heading, bold)
    return sheet


def _row(sheet: Any, row: int, values: list[str | int]) -> None:
    if row >= MAX_ROWS:
        raise Refused("export.tabular.too_many_rows", sheet=sheet.get_name(), limit=MAX_ROWS - 1)
    for index, value in enumerate(values):
        if isinstance(value, int):
            sheet.write_number(row, index, value)
        elif value:  # an empty cell stays blank rather than holding an empty string
            sheet.write_string(row, index, _fit(value))


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str) -> str:
    """`text` if a cell can hold it, else its beginning and a visible note that it was cut (xlsxwriter
    would cut it silently): an auditor must not mistake a partial note for the whole of it."""
    if len(text) <= MAX_CELL // 2 or _utf16_length(text) <= MAX_CELL:
        return text
    marker = t("export.tabular.truncated", length=len(text))
    keep = (MAX_CELL - _utf16_length(marker)) * 2
    return text.encode("utf-16-le")[:keep].decode("utf-16-le", errors="ignore") + marker


def _discard(workbook: Any) -> None:
    """After a failure: close the sheets' temporary row files (the directory holding them is removed
    next). Nothing is assembled: the caller throws `out` away."""
    for sheet in workbook.worksheets():
        close = getattr(sheet, "_opt_close", None)
        if callable(close):
            with contextlib.suppress(OSError):
                close()
