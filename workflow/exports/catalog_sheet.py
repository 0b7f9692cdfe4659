"""The hoja de vida of trámites y servicios (record ME-GAC-F-003) of one or more catalogue entries, as an
HTML page and as an Excel workbook (one sheet per entry).

Its sections follow SUIT's own form: descripción, fundamento legal, información de ejecución (service
points), dirigido a (audiences), qué se necesita (moments and their requirements), medio de seguimiento.
`sections` lays one entry out as data; `html` and `xlsx` draw that layout, so both say the same. Every
text is escaped in HTML; in Excel every cell is written as a string (never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import xlsxwriter
import xlsxwriter.exceptions

from workflow.core.catalog.model import KINDS, MODALITIES, Entry
from workflow.core.catalog.views import number
from workflow.i18n import current_language, t

FORM_CODE = "ME-GAC-F-003"
Cell = str


@dataclass(frozen=True)
class Section:
    title: str
    pairs: tuple[tuple[str, Cell], ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SheetContext:
    entity: str
    generated_at: str  # UTC, ISO 8601
    dependencias: dict[str, str]  # code -> the responsible dependencia's name


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def label(kind: str, value: str | None) -> str:
    """A kind or modality in the reader's words; a value we do not know, as it is."""
    known = KINDS if kind == "kind" else MODALITIES
    return t(f"sheet.{kind}.{value}") if value in known else _text(value)


def _time(entry: Entry) -> str:
    if entry.time.unit is None:
        return ""
    quantity = number(entry.time.quantity)
    unit = t(f"sheet.unit.{entry.time.unit}") if entry.time.unit in _UNITS else entry.time.unit
    note = f" ({entry.time.note})" if entry.time.note else ""
    return f"{'' if quantity is None else quantity} {unit}{note}".strip()


_UNITS = ("minutes", "hours", "business_days", "calendar_days", "months", "years", "immediate")


def _cost(entry: Entry) -> str:
    if not entry.has_payment_step():
        return t("sheet.free")
    parts = []
    for p in entry.payments():
        value = number(p.value)
        amount = f"{value:,}".replace(",", ".") if value is not None else ""
        parts.append(" ".join(x for x in (p.currency or "", amount, p.value_kind or "", p.description or "") if x))
    return "; ".join(parts) or t("sheet.paid")


def sections(entry: Entry, dependencia: str | None) -> list[Section]:
    description = Section(t("sheet.description"), pairs=(
        (t("sheet.code"), entry.code), (t("sheet.suit_number"), _text(entry.suit_number)),
        (t("sheet.kind"), label("kind", entry.kind)), (t("sheet.name"), entry.name),
        (t("sheet.standardised_name"), _text(entry.standardised_name)), (t("sheet.purpose"), _text(entry.purpose)),
        (t("sheet.result"), _text(entry.result)), (t("sheet.modality"), label("modality", entry.modality)),
        (t("sheet.online_url"), _text(entry.online_url)), (t("sheet.time"), _time(entry)),
        (t("sheet.cost"), _cost(entry)), (t("sheet.suit_status"), _text(entry.suit_status)),
        (t("sheet.dependencia"), dependencia or t("sheet.unassigned"))))
    legal = Section(t("sheet.legal_basis"), headers=(
        t("sheet.norm_kind"), t("sheet.norm_number"), t("sheet.norm_year"), t("sheet.norm_articles"),
        t("sheet.norm_link")), rows=tuple(
        (_text(n.kind), _text(n.number), _text(n.year), _text(n.articles), _text(n.url or n.file))
        for n in entry.legal_basis))
    points = Section(t("sheet.service_points"), headers=(
        t("sheet.point_name"), t("sheet.point_address"), t("sheet.point_phone"), t("sheet.point_hours"),
        t("sheet.point_place"), t("sheet.point_coordinates")), rows=tuple(
        (_text(p.name), _text(p.address), _text(p.phone), _text(p.hours),
         ", ".join(x for x in (p.municipality, p.department) if x),
         f"{p.latitude}, {p.longitude}" if p.latitude is not None and p.longitude is not None else "")
        for p in entry.service_points))
    audiences = Section(t("sheet.audiences"), headers=(t("sheet.audience_group"), t("sheet.audience_name")),
                        rows=tuple((_text(a.group), _text(a.name)) for a in entry.audiences))
    needs = Section(t("sheet.steps"), headers=(
        t("sheet.step"), t("sheet.requirement_kind"), t("sheet.requirement"), t("sheet.mandatory")), rows=tuple(
        (f"{s.order}. {s.description or ''}".strip(), r.kind,
         " — ".join(x for x in (r.document, r.description, r.form_name) if x),
         t("sheet.yes") if r.mandatory else t("sheet.no"))
        for s in entry.steps for r in s.requirements))
    follow = entry.follow_up
    follow_up = Section(t("sheet.follow_up"), pairs=(
        (t("sheet.phones"), "; ".join(" ".join(x for x in (p.number, p.extension and f"ext. {p.extension}",
                                                            p.hours) if x) for p in follow.phones)),
        (t("sheet.emails"), "; ".join(follow.emails)), (t("sheet.in_person"), "; ".join(follow.places)),
        (t("sheet.web"), "; ".join(follow.web))))
    return [description, legal, points, audiences, needs, follow_up]


# -- HTML ---------------------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.4}
header.form{border:2px solid #1b1b1b;display:grid;grid-template-columns:1fr 2fr 1fr;margin-bottom:1.5rem}
header.form>div{padding:.5rem .75rem;border-right:1px solid #1b1b1b}header.form>div:last-child{border-right:0}
article{page-break-after:always;margin-bottom:3rem}h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.05rem;background:#004884;color:#fff;padding:.3rem .6rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #6b6b6b;padding:.3rem .5rem;text-align:left;
vertical-align:top;overflow-wrap:break-word}.url{word-break:break-all}th{background:#e8eef5}th[scope=row]{width:28%}footer{font-size:.8rem;color:#444}
"""


def html(entries: Sequence[Entry], context: SheetContext) -> str:
    language = current_language()
    title = t("sheet.title")
    parts = [f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{escape(title)} — {escape(context.entity)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
             "<main>\n"]
    for entry in entries:
        parts.append(f'<article id="{escape(entry.code)}">\n<header class="form"><div>{escape(context.entity)}</div>'
                     f"<div><strong>{escape(title)}</strong></div><div>{escape(t('sheet.form_code'))}: "
                     f"{FORM_CODE}</div></header>\n<h1>{escape(entry.code)} · {escape(entry.name)}</h1>\n")
        for section in sections(entry, context.dependencias.get(entry.code)):
            parts.append(_html_section(section))
        parts.append("</article>\n")
    parts.append(f"</main>\n<footer><p>{escape(t('sheet.generated', at=context.generated_at))}</p></footer>\n"
                 "</body>\n</html>\n")
    return "".join(parts)


def _html_section(section: Section) -> str:
    out = [f"<section>\n<h2>{escape(section.title)}</h2>\n"]
    if section.pairs:
        out.append("<table>\n" + "".join(f'<tr><th scope="row">{escape(k)}</th><td>{_html_text(v)}</td></tr>\n'
                                         for k, v in section.pairs) + "</table>\n")
    if section.headers:
        if section.rows:
            out.append("<table>\n<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in section.headers)
                       + "</tr></thead>\n<tbody>\n" + "".join(
                           "<tr>" + "".join(f"<td>{_html_text(c)}</td>" for c in row) + "</tr>\n"
                           for row in section.rows) + "</tbody>\n</table>\n")
        else:
            out.append(f"<p>{escape(t('sheet.none'))}</p>\n")
    out.append("</section>\n")
    return "".join(out)


def _html_text(value: str) -> str:
    if "://" in value and " " not in value:  # a link breaks anywhere rather than widen the table
        return f'<span class="url">{escape(value)}</span>'
    return escape(value).replace("\n", "<br>")


# -- XLSX ---------------------------------------------------------------------------------------------------

class _Workbook(xlsxwriter.Workbook):  # type: ignore[misc]  # xlsxwriter ships no type hints
    """xlsxwriter's workbook, but a new sheet's name is checked against the names taken with a set:
    xlsxwriter compares it with every sheet before it, which made `catalog sheet --all` quadratic
    (2,000 entries, one sheet each: 13 s of its 14 s of CPU). Every other check of the name is
    xlsxwriter's own, unchanged (the sheets are hidden from it only while it checks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._taken: set[str] = set()

    def _check_sheetname(self, sheetname: Any, is_chartsheet: bool = False) -> Any:
        if isinstance(sheetname, str) and sheetname.lower() in self._taken:
            raise xlsxwriter.exceptions.DuplicateWorksheetName(
                f"Sheetname '{sheetname}', with case ignored, is already in use.")
        sheets: list[Any] = self.worksheets_objs  # type: ignore[has-type]
        self.worksheets_objs = []
        try:
            checked = super()._check_sheetname(sheetname, is_chartsheet)
        finally:
            self.worksheets_objs = sheets
        self._taken.add(str(checked).lower())
        return checked


def xlsx(entries: Sequence[Entry], context: SheetContext) -> bytes:
    buffer = io.BytesIO()
    book = _Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": f"{t('sheet.title')} ({FORM_CODE})", "company": context.entity})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 13, "text_wrap": True, "valign": "vcenter",
                                  "border": 1, "align": "center"}),
        "box": book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"}),
        "section": book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#004884"}),
        "label": book.add_format({"bold": True, "bg_color": "#E8EEF5", "border": 1, "text_wrap": True,
                                  "valign": "top"}),
        "cell": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
    }
    used: set[str] = set()
    for entry in entries:
        _xlsx_sheet(book, _sheet_name(entry.code, used), entry, context, styles)
    book.close()
    return buffer.getvalue()


def _sheet_name(code: str, used: set[str]) -> str:
    name = "".join(c for c in code if c not in "[]:*?/\\'")[:28] or "hoja"
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{name[:25]}-{n}"
    used.add(candidate.lower())
    return candidate


def _xlsx_sheet(book: Any, name: str, entry: Entry, context: SheetContext, styles: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 5, 26)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.merge_range(0, 0, 0, 1, context.entity, styles["box"])
    sheet.merge_range(0, 2, 0, 4, t("sheet.title"), styles["title"])
    sheet.write_string(0, 5, f"{t('sheet.form_code')}: {FORM_CODE}", styles["box"])
    sheet.set_row(0, 36)
    sheet.merge_range(1, 0, 1, 5, f"{entry.code} · {entry.name}", styles["title"])
    row = 3
    for section in sections(entry, context.dependencias.get(entry.code)):
        sheet.merge_range(row, 0, row, 5, section.title, styles["section"])
        row += 1
        for label, value in section.pairs:
            sheet.write_string(row, 0, label, styles["label"])
            sheet.merge_range(row, 1, row, 5, value, styles["cell"])
            row += 1
        if section.headers:
            for col, header in enumerate(section.headers):
                sheet.write_string(row, col, header, styles["label"])
            row += 1
            for cells in section.rows or ((t("sheet.none"),),):
                for col, value in enumerate(cells):
                    sheet.write_string(row, col, value, styles["cell"])
                row += 1
        row += 1
    sheet.write_string(row, 0, t("sheet.generated", at=context.generated_at))
