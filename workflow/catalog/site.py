"""The published catalogue as a static site: an index by dependencia and one page per trámite.

Accessible as Resolución MinTIC 1519 de 2020 asks (WCAG 2.1 AA): `lang`, a skip link, landmarks
(header, nav, main, footer), headings in order (h1 → h2 → h3), text and links with a contrast above
4.5:1, no JavaScript, usable at 320 px wide. Every text is escaped; an address is a link only when
it is http(s) (a `file:///C:/...` legal-basis link is shown as text, never followed). Pure: the
entries in (as `catalog show --json` gives them), the files out (relative path -> bytes).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from workflow.catalog.reconcile import GOVCO_FICHA
from workflow.i18n import current_language, t

__all__ = ["Publication", "document", "entry_page_path", "page", "render_site"]

Entry = Mapping[str, Any]
STYLESHEET = "estilos.css"
CSS = """\
:root { color-scheme: light; }
body { margin: 0; font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.05rem;
  line-height: 1.5; color: #1b1b1b; background: #ffffff; }
.skip { position: absolute; left: -10000px; top: 0; background: #ffffff; color: #0b3d91; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 10; }
header { background: #004884; color: #ffffff; padding: 1rem 1.25rem; }
header p { margin: 0 0 .5rem; font-weight: 700; font-size: 1.15rem; }
header a { color: #ffffff; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; overflow-wrap: anywhere; }
a { color: #0b3d91; text-underline-offset: .15em; }
a:focus, a:hover { outline: 3px solid #f2a900; outline-offset: 2px; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #004884; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .4rem; }
.meta, footer { color: #3d3d3d; }
footer { border-top: 1px solid #6b6b6b; padding: 1rem 1.25rem; font-size: .95rem; }
footer p { max-width: 60rem; margin: .25rem auto; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
col.field { width: 22%; }
th, td { text-align: left; vertical-align: top; border: 1px solid #8a8a8a; padding: .4rem .5rem; }
th { background: #e8eef6; }
.added { color: #0a5c2b; } .removed { color: #9b1c1c; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 700; } dd { margin: 0; }
@media (max-width: 40rem) { dl { grid-template-columns: 1fr; } }
"""

# The catalogue's words (`workflow.core.catalog.model`) and SUIT's own, both read.
_MODALITIES = {"PRESENCIAL": "site.modality.presencial", "PARCIALMENTE_EN_LINEA": "site.modality.parcial",
               "TOTALMENTE_EN_LINEA": "site.modality.total", "NO_DISPONIBLE": "site.modality.presencial",
               "PARCIALMENTE": "site.modality.parcial", "TOTALMENTE": "site.modality.total"}
_UNITS = {"BUSINESS_DAYS": "site.unit.business_days", "CALENDAR_DAYS": "site.unit.calendar_days",
          "HOURS": "site.unit.hours", "MINUTES": "site.unit.minutes", "MONTHS": "site.unit.months",
          "YEARS": "site.unit.years", "IMMEDIATE": "site.unit.immediate",
          "DIA": "site.unit.days", "DIAS": "site.unit.days", "HORA": "site.unit.hours", "HORAS": "site.unit.hours",
          "DIA_HABIL": "site.unit.business_days", "DIA_CALENDARIO": "site.unit.calendar_days",
          "MES": "site.unit.months", "MINUTO": "site.unit.minutes", "INMEDIATO": "site.unit.immediate"}

_KINDS = {"DOCUMENTO": "site.req.document", "PAGO": "site.req.payment", "SOLICITUD": "site.req.request",
          "VERIFICACION_INST": "site.req.verification", "FORMULARIO": "site.req.form"}


@dataclass(frozen=True)
class Publication:
    number: int
    published_at: str  # ISO 8601, UTC
    entity: str
    sha256: str


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _words(value: object) -> str:
    """A text of the records as a person reads it: stray spaces and line breaks gone."""
    return " ".join(str(value).split()) if value is not None else ""


def is_web_link(url: object) -> bool:
    if not isinstance(url, str) or not url.strip():
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def link(url: object, text: object | None = None) -> str:
    label = e(_words(text) if text else _words(url))
    return f'<a href="{e(str(url).strip())}">{label}</a>' if is_web_link(url) else label


def entry_page_path(code: str) -> str:
    safe = "".join(c for c in code if c.isalnum() or c in "-_") or "entrada"
    return f"tramites/{safe}.html"


def page(title: str, body: str, publication: Publication, root: str = "") -> str:
    """One page of the site: its frame (skip link, header with navigation, main, footer)."""
    nav = "".join(f'<li><a href="{root}{href}">{e(t(key))}</a></li>' for href, key in (
        ("index.html", "site.nav.index"), ("datos-abiertos.csv", "site.nav.open_data"),
        ("diccionario-de-datos.csv", "site.nav.dictionary"), ("informe.html", "site.nav.report")))
    footer = t("site.footer", number=publication.number, at=publication.published_at, sha256=publication.sha256)
    head = f'<link rel="stylesheet" href="{root}{STYLESHEET}">'
    navigation = f'<nav aria-label="{e(t("site.nav.label"))}"><ul>{nav}</ul></nav>'
    return document(title, body, publication.entity, footer, head, navigation)


def document(title: str, body: str, entity: str, footer: str, head: str | None = None, navigation: str = "") -> str:
    """A whole accessible page: the site's (with its stylesheet and navigation) or a report's (the
    style inline, so that the one file reads alike wherever it is copied)."""
    style = head if head is not None else f"<style>\n{CSS}</style>"
    return (f'<!doctype html>\n<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)} · {e(entity)}</title>\n{style}\n</head>\n<body>\n"
            f'<a class="skip" href="#contenido">{e(t("site.skip"))}</a>\n'
            f"<header>\n<p>{e(entity)}</p>\n{navigation}\n"
            f'</header>\n<main id="contenido">\n<h1>{e(title)}</h1>\n{body}\n</main>\n'
            f"<footer>\n<p>{e(footer)}</p>\n</footer>\n</body>\n</html>\n")


def dependencia_name(entry: Entry) -> str:
    value = entry.get("dependencia_name") or entry.get("dependencia")
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("id")
    return _words(value)


def time_text(value: object) -> str:
    if not isinstance(value, Mapping) or value.get("quantity") in (None, ""):
        return t("site.not_stated")
    unit = str(value.get("unit") or "").strip().upper()
    label = t(_UNITS[unit]) if unit in _UNITS else _words(value.get("unit")).lower()
    return f"{_words(value.get('quantity'))} {label}".strip()


def cost_text(value: object) -> str:
    """Free, amounts with their concept, or the text the catalogue holds; never silent."""
    if value is None or value == "" or value == []:
        return t("site.not_stated")
    if value is False or (isinstance(value, str) and value.strip().lower() in ("gratuito", "free", "no")):
        return t("site.free")
    if isinstance(value, Mapping):
        if value.get("free") is True:
            return t("site.free")
        amounts = value.get("amounts") or value.get("payments") or []
        parts = [_amount(a) for a in amounts] if isinstance(amounts, list) else []
        return "; ".join(p for p in parts if p) or _words(value.get("text") or value.get("description")) \
            or t("site.not_stated")
    if isinstance(value, list):
        return "; ".join(_amount(a) for a in value) or t("site.not_stated")
    return _words(value)


def _amount(value: object) -> str:
    if not isinstance(value, Mapping):
        return _words(value)
    words = [_words(value.get(k)) for k in ("concept", "description", "value", "amount")
             if value.get(k) not in (None, "")]
    if len(words) > 1 and value.get("currency"):
        words[-1] = f"{words[-1]} {_words(value.get('currency'))}"
    return ": ".join(words[:2]) if len(words) > 1 else (words[0] if words else "")


def modality_text(entry: Entry) -> str:
    raw = _words(entry.get("modality")).upper()
    return t(_MODALITIES[raw]) if raw in _MODALITIES else (_words(entry.get("modality")) or t("site.not_stated"))


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else \
        f"<p>{e(t('site.not_stated'))}</p>"


def _requirements(entry: Entry) -> str:
    steps = [s for s in entry.get("steps") or [] if isinstance(s, Mapping)]
    if not steps:
        return f"<p>{e(t('site.not_stated'))}</p>"
    parts = []
    for number, step in enumerate(steps, start=1):
        title = _words(step.get("description")) or t("site.step", number=number)
        rows = []
        for req in step.get("requirements") or []:
            if not isinstance(req, Mapping):
                continue
            kind = _words(req.get("kind")).upper()
            label = t(_KINDS[kind]) if kind in _KINDS else _words(req.get("kind"))
            head = _words(req.get("document")) or _words(req.get("description")) or label or t("site.not_stated")
            detail = _words(req.get("description")) if req.get("document") else ""
            optional = "" if req.get("mandatory", True) else f" ({e(t('site.optional'))})"
            kind_note = f"{e(label)}: " if label and head != label else ""
            rows.append(f"{kind_note}<strong>{e(head)}</strong>{optional}" + (f". {e(detail)}" if detail else ""))
        parts.append(f"<h3>{e(t('site.step_title', number=number, title=title))}</h3>\n{_list(rows)}")
    return "\n".join(parts)


def _service_points(entry: Entry) -> str:
    points = [p for p in entry.get("service_points") or [] if isinstance(p, Mapping)]
    items = []
    for point in points:
        lines = [f"<strong>{e(_words(point.get('name')))}</strong>"]
        for key, label in (("address", "site.point.address"), ("phone", "site.point.phone"),
                           ("hours", "site.point.hours")):
            if _words(point.get(key)):
                lines.append(f"{e(t(label))}: {e(_words(point.get(key)))}")
        items.append("<br>".join(lines))
    return _list(items)


def _legal_basis(entry: Entry) -> str:
    items = []
    for norm in entry.get("legal_basis") or []:
        if not isinstance(norm, Mapping):
            continue
        title = t("site.norm", kind=_words(norm.get("kind")), number=_words(norm.get("number")),
                  year=_words(norm.get("year"))).strip()
        articles = _words(norm.get("articles"))
        text = f"{title}" + (f", {articles}" if articles else "")
        items.append(link(norm.get("url"), text) if is_web_link(norm.get("url")) else e(text))
    return _list(items)


def entry_body(entry: Entry) -> str:
    code = str(entry.get("code"))
    where = [f"{e(t('site.modality'))}: {e(modality_text(entry))}"]
    if is_web_link(entry.get("online_url")):
        where.append(f"{e(t('site.online'))}: {link(entry.get('online_url'))}")
    sections = [
        ("site.purpose", f"<p>{e(_words(entry.get('purpose')) or t('site.not_stated'))}</p>"),
        ("site.result", f"<p>{e(_words(entry.get('result')) or t('site.not_stated'))}</p>"),
        ("site.requirements", _requirements(entry)),
        ("site.cost", f"<p>{e(cost_text(entry.get('cost')))}</p>"),
        ("site.time", f"<p>{e(time_text(entry.get('time')))}</p>"),
        ("site.where_how", "<p>" + "<br>".join(where) + "</p>\n" + _service_points(entry)),
        ("site.legal_basis", _legal_basis(entry)),
    ]
    meta = (f'<p class="meta">{e(t("site.code"))}: {e(code)} · {e(t("site.dependencia"))}: '
            f'{e(dependencia_name(entry) or t("site.unassigned"))} · '
            f'{link(GOVCO_FICHA.format(code=code), t("site.govco"))}</p>')
    return meta + "\n" + "\n".join(f"<h2>{e(t(key))}</h2>\n{body}" for key, body in sections)


def index_body(entries: Sequence[Entry]) -> str:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(dependencia_name(entry), []).append(entry)
    parts = [f"<p>{e(t('site.index_intro', count=len(entries), groups=len(groups)))}</p>"]
    for name in sorted(groups, key=lambda g: (g == "", g.casefold())):
        rows = sorted(groups[name], key=lambda x: _words(x.get("name")).casefold())
        items = "".join(f'<li><a href="{e(entry_page_path(str(x.get("code"))))}">{e(_words(x.get("name")))}</a> '
                        f'<span class="meta">({e(x.get("code"))})</span></li>' for x in rows)
        parts.append(f"<h2>{e(name or t('site.unassigned'))}</h2>\n<ul>{items}</ul>")
    return "\n".join(parts)


def render_site(entries: Sequence[Entry], publication: Publication) -> dict[str, bytes]:
    """index.html, estilos.css and tramites/CODE.html (the open data and the informe are apart)."""
    files = {STYLESHEET: CSS.encode("utf-8"),
             "index.html": page(t("site.title"), index_body(entries), publication).encode("utf-8")}
    for entry in entries:
        name = _words(entry.get("name")) or str(entry.get("code"))
        files[entry_page_path(str(entry.get("code")))] = page(name, entry_body(entry), publication,
                                                              root="../").encode("utf-8")
    return files
