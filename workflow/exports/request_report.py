"""The reports on citizen requests as files: self-contained HTML with SVG bar charts, CSV and XLSX.

A report is plain data (`Report`: the document-control header of the procedure, figures, charts,
tables), built by the service from `workflow.core.request_report`; each writer renders the same data.
HTML: one file, no script, no external resource, every value escaped. CSV: UTF-8 with BOM and `;` (what
Spanish-language Excel opens), one section per table, cells neutralised like the audit exports. XLSX:
one sheet of figures and one per table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import xlsxwriter

from workflow.exports.html_export.template import h
from workflow.exports.tabular import cell
from workflow.i18n import t

__all__ = ["Chart", "Report", "Table", "write_csv", "write_html", "write_xlsx"]


@dataclass(frozen=True)
class Chart:
    title: str
    values: Mapping[str, int]


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str  # the period
    header: tuple[tuple[str, str], ...]  # document control: (label, value)
    figures: tuple[tuple[str, object], ...]
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())


_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem;color:#1b1b1b;max-width:60rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#eef2f7}.control td:first-child{font-weight:bold;width:14rem}
.figures td:last-child{text-align:right;font-variant-numeric:tabular-nums}h1{font-size:1.5rem}
h2{font-size:1.15rem;margin-top:2rem}svg text{font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart{flex:1 1 26rem}footer{margin-top:2rem;font-size:.85rem;color:#555}
"""


def _svg(chart: Chart) -> str:
    """A horizontal bar chart: one bar per key, its count at the end; the largest bar fills the width."""
    items = list(chart.values.items()) or [("—", 0)]
    top = max(v for _, v in items) or 1
    height = 24 * len(items) + 10
    # The bars start after the longest label (about 7 px a character at the chart's font size), so a long
    # type or dependencia name is never drawn under its bar.
    start = max(80, 7 * max(len(str(key)) for key, _ in items) + 12)
    total = start + 270
    bars = []
    for index, (key, value) in enumerate(items):
        y = 5 + 24 * index
        width = round(220 * value / top)
        bars.append(f'<text x="0" y="{y + 15}">{h(key)}</text>'
                    f'<rect x="{start}" y="{y + 3}" width="{width}" height="16" fill="#2f6db5"></rect>'
                    f'<text x="{start + 5 + width}" y="{y + 15}">{value}</text>')
    return (f'<figure class="chart"><figcaption>{h(chart.title)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{h(chart.title)}" width="{total}" '
            f'height="{height}" viewBox="0 0 {total} {height}">{"".join(bars)}</svg></figure>')


def _table(columns: Sequence[str], rows: Sequence[Sequence[object]], css: str = "") -> str:
    head = "".join(f"<th>{h(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{h('' if v is None else v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def write_html(report: Report, out: BinaryIO) -> None:
    parts = [f'<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>{h(report.title)}</title>'
             f"<style>{_STYLE}</style></head><body>",
             _table((t("report.control"), ""), report.header, "control"),
             f"<h1>{h(report.title)}</h1><p>{h(report.subtitle)}</p>",
             f"<h2>{h(t('report.figures'))}</h2>", _table((t("report.figure"), t("report.value")),
                                                         [(k, _shown(v)) for k, v in report.figures], "figures")]
    if report.charts:
        parts.append('<div class="charts">' + "".join(_svg(c) for c in report.charts) + "</div>")
    for table in report.tables:
        parts += [f"<h2>{h(table.title)}</h2>", _table(table.columns, table.rows) if table.rows
                  else f"<p>{h(t('report.none'))}</p>"]
    parts += [f"<footer>{''.join(f'<p>{h(n)}</p>' for n in report.notes)}</footer></body></html>"]
    out.write("".join(parts).encode("utf-8"))


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_csv(report: Report, out: BinaryIO) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell(report.title), cell(report.subtitle)])
    for label, value in report.header:
        writer.writerow([cell(label), cell(value)])
    writer.writerow([])
    writer.writerow([cell(t("report.figure")), cell(t("report.value"))])
    for name, figure in report.figures:
        writer.writerow([cell(name), cell(_shown(figure))])
    for chart in report.charts:
        writer.writerow([])
        writer.writerow([cell(chart.title), ""])
        for key, count in chart.values.items():
            writer.writerow([cell(key), count])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([cell(table.title)])
        writer.writerow([cell(c) for c in table.columns])
        for row in table.rows:
            writer.writerow([cell(v) for v in row])
    out.write(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def write_xlsx(report: Report, out: BinaryIO) -> None:
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(t("report.sheet_figures"))
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 1, 30)
    row = 0
    for label, text in ((report.title, report.subtitle), *report.header):
        sheet.write_string(row, 0, cell(label), bold)
        sheet.write_string(row, 1, cell(text))
        row += 1
    row += 1
    for name, figure in report.figures:
        sheet.write_string(row, 0, cell(name))
        _write(sheet, row, 1, figure)
        row += 1
    for chart in report.charts:
        row += 1
        sheet.write_string(row, 0, cell(chart.title), bold)
        row += 1
        for key, count in chart.values.items():
            sheet.write_string(row, 0, cell(key))
            sheet.write_number(row, 1, count)
            row += 1
    for index, table in enumerate(report.tables, 1):
        page = workbook.add_worksheet(f"{index}. {table.title}"[:31].replace("/", "-"))
        page.set_column(0, len(table.columns) - 1, 18)
        for column, heading in enumerate(table.columns):
            page.write_string(0, column, cell(heading), bold)
        for number, values in enumerate(table.rows, 1):
            for column, value in enumerate(values):
                _write(page, number, column, value)
    workbook.close()


def _write(sheet: Any, row: int, column: int, value: object) -> None:
    if isinstance(value, bool) or value is None:
        sheet.write_string(row, column, "" if value is None else cell(_shown(value)))
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, cell(value))
