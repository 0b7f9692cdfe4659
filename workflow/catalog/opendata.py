"""The catalogue as open data, as datos.gov.co asks a data set to be: one CSV in UTF-8, comma
separated, one row per trámite, a header of column names in lowercase without accents or spaces,
dates in ISO 8601, and a data dictionary (column, description, data type) beside it. Pure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from workflow.catalog.reconcile import GOVCO_FICHA
from workflow.catalog.site import cost_text, dependencia_name, modality_text
from workflow.i18n import t

__all__ = ["COLUMNS", "dictionary_csv", "open_data_csv"]

Entry = Mapping[str, Any]

# (column, datos.gov.co data type); descriptions are translated messages `opendata.column.<name>`.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("codigo", "Texto"), ("nombre", "Texto"), ("dependencia", "Texto"), ("proposito", "Texto"),
    ("resultado", "Texto"), ("modalidad", "Texto"), ("url_en_linea", "URL"), ("tiempo_cantidad", "Número"),
    ("tiempo_unidad", "Texto"), ("costo", "Texto"), ("fundamento_legal", "Texto"), ("numero_requisitos", "Número"),
    ("puntos_de_atencion", "Texto"), ("url_ficha_gov_co", "URL"), ("fecha_publicacion", "Fecha y hora"),
)


def _words(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CWE-1236)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(entry: Entry, published_at: str) -> list[str]:
    code = _words(entry.get("code"))
    time = entry.get("time") if isinstance(entry.get("time"), Mapping) else {}
    assert isinstance(time, Mapping)
    norms = [" ".join(_words(n.get(k)) for k in ("kind", "number", "year") if n.get(k)) + (
        f" ({_words(n.get('articles'))})" if n.get("articles") else "")
        for n in entry.get("legal_basis") or [] if isinstance(n, Mapping)]
    steps = [s for s in entry.get("steps") or [] if isinstance(s, Mapping)]
    requirements = sum(len(s.get("requirements") or []) for s in steps)
    points = [" - ".join(_words(p.get(k)) for k in ("name", "address") if p.get(k))
              for p in entry.get("service_points") or [] if isinstance(p, Mapping)]
    return [_cell(v) for v in (
        code, _words(entry.get("name")), dependencia_name(entry), _words(entry.get("purpose")),
        _words(entry.get("result")), modality_text(entry), _words(entry.get("online_url")),
        _words(time.get("quantity")), _words(time.get("unit")), cost_text(entry.get("cost")), " | ".join(norms),
        str(requirements), " | ".join(points), GOVCO_FICHA.format(code=code), published_at)]


def open_data_csv(entries: Sequence[Entry], published_at: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    for entry in sorted(entries, key=lambda x: str(x.get("code"))):
        writer.writerow(_row(entry, published_at))
    return out.getvalue().encode("utf-8")


def dictionary_csv() -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["columna", "descripcion", "tipo_de_dato"])
    for name, kind in COLUMNS:
        writer.writerow([name, t(f"opendata.column.{name}"), kind])
    return out.getvalue().encode("utf-8")
