"""The list of trámites a web page publishes, as activity 1 reviews it.

Three shapes are read, told apart by their content (never trusted from the file name alone):
- the JSON of `shared/data/catalog/web-*.json`: `{"entries": [{"codigo", "nombre", "url"}]}` (or
  that list alone; English keys `code`, `name`, `url` are read too);
- a CSV of `code;name;url` (`;` or `,`, with or without a header row), as a spreadsheet saves it;
- a saved HTML page of the section: every link whose address or text names a code (`T28610`), and
  table rows whose cell holds the code.
Pure: bytes in, entries out; a malformed list raises `UsageError` naming the position.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from workflow.errors import Refused

__all__ = ["WebEntry", "normalise_code", "parse_web_list"]

# A GOV.CO code: `T` and the SUIT number; OPAs and services may carry other internal codes on the web.
_CODE = re.compile(r"\b(T\d{1,9})\b", re.IGNORECASE)
_CODE_ONLY = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")
MAX_WEBLIST_BYTES = 20 * 1024 * 1024  # a saved page with its inline scripts is a few MB at most


@dataclass(frozen=True)
class WebEntry:
    code: str
    name: str
    url: str
    position: int  # 1-based: entry number (JSON), line (CSV), link order (HTML)


def normalise_code(value: str) -> str:
    return value.strip().upper()


def parse_web_list(data: bytes, source: str) -> tuple[WebEntry, ...]:
    if len(data) > MAX_WEBLIST_BYTES:
        raise Refused("weblist.too_large", source=source, limit=MAX_WEBLIST_BYTES // (1024 * 1024))
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        entries = _from_json(stripped, source)
    elif stripped[:1] == "<" or re.search(r"<(html|body|a|table)\b", stripped[:4096], re.IGNORECASE):
        entries = _from_html(text)
    else:
        entries = _from_csv(text, source)
    if not entries:
        raise Refused("weblist.empty", source=source)
    return tuple(entries)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # a spreadsheet saved "CSV" on Windows


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _from_json(text: str, source: str) -> list[WebEntry]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        line = getattr(error, "lineno", 1)
        raise Refused("weblist.bad_json", source=source, line=line, error=getattr(error, "msg", str(error))) from None
    raw = value.get("entries") if isinstance(value, dict) else value
    if not isinstance(raw, list):
        raise Refused("weblist.json_shape", source=source)
    entries = []
    for index, item in enumerate(raw, start=1):
        code = item.get("codigo", item.get("code")) if isinstance(item, dict) else None
        if not isinstance(code, str) or not _CODE_ONLY.match(code.strip()):
            raise Refused("weblist.bad_entry", source=source, position=index)
        entries.append(WebEntry(normalise_code(code), _text(item.get("nombre", item.get("name"))),
                                _text(item.get("url")), index))
    return entries


def _from_csv(text: str, source: str) -> list[WebEntry]:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    entries = []
    for line, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if line == 1 and cells[0].lower() in ("code", "codigo", "código"):
            continue  # the header row
        if not _CODE_ONLY.match(cells[0]):
            raise Refused("weblist.bad_row", source=source, line=line)
        padded = [*cells, "", ""]
        entries.append(WebEntry(normalise_code(cells[0]), _text(padded[1]), padded[2], line))
    return entries


def _from_html(text: str) -> list[WebEntry]:
    parser = _SectionParser()
    parser.feed(text)
    parser.close()
    return [WebEntry(code, name, url, index) for index, (code, name, url) in enumerate(parser.found, start=1)]


class _SectionParser(HTMLParser):
    """Links that name a code (in their address or text), and table rows with a code cell. A link
    inside a row that already gave its entry is that entry's address, not a second entry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self._link: tuple[str, list[str]] | None = None  # href, text so far
        self._row: list[list[str]] | None = None  # cells' texts
        self._row_links: list[tuple[str, str]] = []
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._link = (next((v or "" for k, v in attrs if k == "href"), ""), [])
        elif tag == "tr":
            self._row, self._row_links = [], []
        elif tag in ("td", "th") and self._row is not None:
            self._row.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._link is not None:
            href, parts = self._link
            self._link = None
            name = " ".join("".join(parts).split())
            if self._row is not None:
                self._row_links.append((href.strip(), name))
            else:
                self._add_link(href.strip(), name)
        elif tag == "tr" and self._row is not None:
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._link is not None:
            self._link[1].append(data)
        if self._row is not None and self._row:
            self._row[-1].append(data)

    def _add_link(self, href: str, name: str) -> None:
        match = _CODE.search(href.rsplit("/", 1)[-1]) or _CODE.search(name)
        if match:
            code = normalise_code(match.group(1))
            self.found.append((code, " ".join(_CODE.sub("", name, count=1).strip(" -–:").split())
                               if name.upper().startswith(code) else name, href))

    def _end_row(self) -> None:
        assert self._row is not None
        cells = [" ".join("".join(parts).split()) for parts in self._row]
        self._row = None
        code_cell = next((i for i, cell in enumerate(cells) if _CODE.fullmatch(cell)), None)
        if code_cell is None:
            for href, name in self._row_links:
                self._add_link(href, name)
            return
        code = normalise_code(cells[code_cell])
        others = [cell for i, cell in enumerate(cells) if i != code_cell and cell]
        link_name = next((name for _, name in self._row_links if name), "")
        name = link_name if link_name and link_name in others else max(others, key=len, default=link_name)
        url = next((href for href, _ in self._row_links if href), "")
        self.found.append((code, name, url))

    def close(self) -> None:
        super().close()
        if self._row is not None:
            self._end_row()
