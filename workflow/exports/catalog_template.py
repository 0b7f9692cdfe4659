"""The catalogue's import template (`catalog template`): an Excel workbook with one sheet per part of the
hoja de vida and a data dictionary sheet, or the same as CSV (one file, the sheet named in its first
column `hoja`) with the dictionary in a second CSV beside it. The columns are
`workflow.core.catalog.tabular`'s, so what the template offers is what `catalog import` reads.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter

from workflow.core.catalog.tabular import DICTIONARY_COLUMNS, DICTIONARY_SHEET, SHEETS, csv_columns, dictionary_rows


def xlsx() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF5", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FFE8A3", "border": 1})
    for sheet_name, columns in SHEETS.items():
        sheet = book.add_worksheet(sheet_name)
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.name, required if column.required else bold)
            sheet.set_column(col, col, max(14, len(column.name) + 4))
            if column.allowed:
                sheet.data_validation(1, col, 5000, col, {"validate": "list", "source": list(column.allowed)})
            sheet.write_comment(0, col, f"{column.meaning_es}\n{column.meaning_en}")
        sheet.freeze_panes(1, 1)
    dictionary = book.add_worksheet(DICTIONARY_SHEET)
    for col, heading in enumerate(DICTIONARY_COLUMNS):
        dictionary.write_string(0, col, heading, bold)
        dictionary.set_column(col, col, 40 if col >= 4 else 18)
    for row, cells in enumerate(dictionary_rows(), start=1):
        for col, value in enumerate(cells):
            dictionary.write_string(row, col, value)
    dictionary.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def csv_files() -> tuple[bytes, bytes]:
    """(the template, its data dictionary), UTF-8 with a byte-order mark so that Excel reads accents,
    `;`-separated as Excel in Spanish writes it."""
    template = io.StringIO()
    csv.writer(template, delimiter=";", lineterminator="\r\n").writerow(csv_columns())
    dictionary = io.StringIO()
    writer = csv.writer(dictionary, delimiter=";", lineterminator="\r\n")
    writer.writerow(DICTIONARY_COLUMNS)
    writer.writerows(dictionary_rows())
    return ("\ufeff" + template.getvalue()).encode("utf-8"), ("\ufeff" + dictionary.getvalue()).encode("utf-8")
