"""Reading a catalogue file: SUIT viewer JSON, or the template as CSV or XLSX, into entries.

The file is read whole (at most MAX_CATALOG_BYTES, regular files only) and parsed before anything is
written: a problem anywhere refuses the whole file, each problem at PATH:LINE:COL (JSON) or at its
sheet, row and column (template).
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

from workflow.core.catalog.model import Entry
from workflow.core.catalog.suit import parse_suit_text
from workflow.core.catalog.tabular import SHEET_COLUMN, SHEETS, parse_sheets
from workflow.core.named_files import UnreadableFile, read_named_file
from workflow.errors import DefinitionInvalid, Message, NotFound, Problem, Refused

MAX_CATALOG_BYTES = 64 * 1024 * 1024  # SUIT's whole inventory of an entity is a few MB


def read_entries(path: Path) -> tuple[tuple[Entry, ...], dict[str, Any]]:
    """The entries of the file and what the audit events say of their source (name, SHA-256, kind)."""
    try:
        data = read_named_file(path, MAX_CATALOG_BYTES)
    except UnreadableFile as refused:
        raise (NotFound if refused.fault == "missing" else Refused)(
            "catalog.file_unreadable", path=str(path), reason=refused.reason()) from None
    suffix = path.suffix.lower()
    if suffix == ".xlsx" or data[:4] == b"PK\x03\x04":
        entries, kind = parse_sheets(_xlsx_sheets(data, path), str(path)), "template_xlsx"
    elif suffix == ".json" or data.lstrip()[:1] in (b"{", b"["):
        entries, kind = parse_suit_text(_text(data, path), str(path)), "suit_json"
    elif suffix in (".csv", ".txt"):
        entries, kind = parse_sheets(csv_sheets(_text(data, path)), str(path)), "template_csv"
    else:
        raise Refused("catalog.file_kind", path=str(path))
    if not entries:
        raise Refused("catalog.file_empty", path=str(path))
    return entries, {"name": path.name, "sha256": hashlib.sha256(data).hexdigest(), "kind": kind}


def _text(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DefinitionInvalid([Problem(str(path), 1, 1, Message("catalog.file_not_utf8", {"path": str(path)}))]) \
            from exc


def csv_sheets(text: str) -> dict[str, list[list[Any]]]:
    """The CSV form (first column `hoja`) as the template's sheets, each with its own header row; the
    delimiter is `;` (Excel in Spanish) or `,`, whichever the header uses."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return {}
    header = [h.strip().lower() for h in rows[0]]
    sheets: dict[str, list[list[Any]]] = {}
    where = header.index(SHEET_COLUMN) if SHEET_COLUMN in header else 0
    for row in rows[1:]:
        sheet = row[where].strip().lower() if where < len(row) else ""
        if sheet in SHEETS:
            sheets.setdefault(sheet, [header]).append(row)
    return sheets


def _xlsx_sheets(data: bytes, path: Path) -> dict[str, list[list[Any]]]:
    from openpyxl import load_workbook  # the one well-kept reader of .xlsx; only when one is imported

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise Refused("catalog.template_not_xlsx", path=str(path), reason=type(exc).__name__) from None
    try:
        return {name.strip().lower(): [list(row) for row in book[name].iter_rows(values_only=True)]
                for name in book.sheetnames if name.strip().lower() in SHEETS}
    finally:
        book.close()
