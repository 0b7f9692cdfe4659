"""The CSV/XLSX template: its sheets and columns (with the data dictionary), and its rows -> entries.

One sheet per part of the hoja de vida, each row naming the entry by its code: `tramites` (one row per
entry), `normativa`, `requisitos` (one row per requirement, grouped into moments by `momento`) and
`puntos_atencion`. The CSV form is the same rows in one file, the sheet named in its first column
`hoja`. Column names are Spanish, as the people who fill it in read them. Every problem is reported with
its sheet, row and column, and refuses the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from workflow.core.catalog.cleaning import Reader
from workflow.core.catalog.model import (
    MODALITIES,
    TIME_UNITS,
    Entry,
    Norm,
    Payment,
    Requirement,
    ServicePoint,
    Step,
    Time,
)
from workflow.errors import DefinitionInvalid, Message, Problem

SHEET_COLUMN = "hoja"  # the CSV form's first column
CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,31}$")
KINDS = ("tramite", "opa", "servicio")
REQUIREMENT_KINDS = ("DOCUMENTO", "PAGO", "SOLICITUD", "VERIFICACION_INST", "FORMULARIO")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # texto | número | sí/no | URL | código | one of the allowed values
    required: bool
    meaning_es: str
    meaning_en: str
    allowed: tuple[str, ...] = ()


_CODE = Column("codigo", "código", True, "Código GOV.CO: T y el número SUIT (T28610)",
               "GOV.CO code: T and the SUIT number (T28610)")
SHEETS: dict[str, tuple[Column, ...]] = {
    "tramites": (
        _CODE,
        Column("tipo", "valor", False, "tramite, opa o servicio", "tramite, opa or servicio", KINDS),
        Column("nombre", "texto", True, "Nombre del trámite", "Name of the trámite"),
        Column("nombre_estandarizado", "texto", False, "Nombre estandarizado (SUIT)", "Standardised name (SUIT)"),
        Column("proposito", "texto", False, "Para qué sirve", "What it is for"),
        Column("resultado", "texto", False, "Qué obtiene el ciudadano", "What the citizen obtains"),
        Column("modalidad", "valor", True, "Cómo se hace", "How it is done", MODALITIES),
        Column("url_en_linea", "URL", False, "Dirección donde se hace en línea", "Where it is done online"),
        Column("url_manual", "URL", False, "Manual de uso", "User manual"),
        Column("tiempo_cantidad", "número", True, "Tiempo de obtención: cantidad", "Time to obtain: quantity"),
        Column("tiempo_unidad", "valor", True, "Tiempo de obtención: unidad", "Time to obtain: unit", TIME_UNITS),
        Column("tiempo_nota", "texto", False, "Nota sobre el tiempo", "Note on the time"),
        Column("estado_suit", "texto", False, "Estado en SUIT (inscrito, en creación, ...)",
               "Status in SUIT (inscrito, en creación, ...)"),
    ),
    "normativa": (
        _CODE,
        Column("tipo", "texto", True, "Tipo de norma (Ley, Decreto, Resolución, Acuerdo, ...)",
               "Kind of norm (Ley, Decreto, Resolución, Acuerdo, ...)"),
        Column("numero", "texto", True, "Número", "Number"),
        Column("anio", "número", True, "Año", "Year"),
        Column("articulos", "texto", False, "Artículos", "Articles"),
        Column("url", "URL", False, "Enlace a la norma", "Link to the norm"),
        Column("archivo", "texto", False, "Nombre del archivo de la norma", "File name of the norm"),
    ),
    "requisitos": (
        _CODE,
        Column("momento", "número", True, "Número del momento (1, 2, ...)", "Number of the moment (1, 2, ...)"),
        Column("momento_descripcion", "texto", False, "Qué se hace en ese momento", "What is done at that moment"),
        Column("orden", "número", True, "Orden del requisito en el momento", "Order of the requirement"),
        Column("tipo", "valor", True, "Tipo de requisito", "Kind of requirement", REQUIREMENT_KINDS),
        Column("documento", "texto", False, "Documento que se pide", "Document asked for"),
        Column("descripcion", "texto", False, "Descripción", "Description"),
        Column("obligatorio", "sí/no", False, "Si es obligatorio (sí por omisión)", "Whether mandatory (yes if empty)"),
        Column("formulario_nombre", "texto", False, "Formulario: nombre", "Form: name"),
        Column("formulario_url", "URL", False, "Formulario: enlace", "Form: link"),
        Column("url_pago", "URL", False, "Dónde se paga en línea", "Where to pay online"),
        Column("pago_valor", "número", False, "Valor del pago", "Amount of the payment"),
        Column("pago_moneda", "texto", False, "Moneda del pago", "Currency of the payment"),
        Column("pago_descripcion", "texto", False, "Cómo se liquida el pago", "How the payment is computed"),
    ),
    "puntos_atencion": (
        _CODE,
        Column("nombre", "texto", True, "Nombre del punto de atención", "Name of the service point"),
        Column("direccion", "texto", False, "Dirección", "Address"),
        Column("telefono", "texto", False, "Teléfono", "Phone"),
        Column("horario", "texto", False, "Horario de atención", "Opening hours"),
        Column("municipio", "texto", False, "Municipio", "Municipality"),
        Column("departamento", "texto", False, "Departamento", "Department"),
        Column("latitud", "número", False, "Latitud (grados, WGS84)", "Latitude (degrees, WGS84)"),
        Column("longitud", "número", False, "Longitud (grados, WGS84)", "Longitude (degrees, WGS84)"),
    ),
}
DICTIONARY_SHEET = "diccionario"
DICTIONARY_COLUMNS = ("hoja", "columna", "obligatorio", "tipo", "valores", "descripcion", "description")


def dictionary_rows() -> list[list[str]]:
    return [[sheet, c.name, "sí" if c.required else "no", c.kind, " | ".join(c.allowed), c.meaning_es, c.meaning_en]
            for sheet, columns in SHEETS.items() for c in columns]


def csv_columns() -> list[str]:
    """The CSV form's header: `hoja`, then every column of every sheet, once."""
    return [SHEET_COLUMN, *dict.fromkeys(c.name for columns in SHEETS.values() for c in columns)]


Rows = Sequence[Sequence[Any]]


def parse_sheets(sheets: Mapping[str, Rows], path: str) -> tuple[Entry, ...]:
    """Entries from the template's sheets (each a header row, then data rows; blank rows skipped)."""
    problems: list[Problem] = []
    records: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for sheet, columns in SHEETS.items():
        rows = sheets.get(sheet)
        if rows is None:
            if sheet == "tramites":
                problems.append(Problem(path, 1, 1, Message("catalog.template_sheet_missing", {"sheet": sheet})))
            records[sheet] = []
            continue
        records[sheet] = _records(sheet, columns, rows, path, problems)
    if problems:
        raise DefinitionInvalid(problems)
    entries = _entries(records, path, problems)
    if problems:
        raise DefinitionInvalid(sorted(problems, key=lambda p: (p.line, p.column)))
    return entries


def _records(sheet: str, columns: tuple[Column, ...], rows: Rows, path: str,
             problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    header = [str(v).strip().lower() if v is not None else "" for v in (rows[0] if rows else [])]
    index = {name: i for i, name in enumerate(header) if name}
    for column in columns:
        if column.name not in index:
            problems.append(Problem(path, 1, 1, Message("catalog.template_columns", {"sheet": sheet,
                                                                                     "column": column.name})))
    found = []
    for number, row in enumerate(rows[1:], start=2):
        values = {c.name: (row[index[c.name]] if c.name in index and index[c.name] < len(row) else None)
                  for c in columns}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        values["__columns__"] = {name: i + 1 for name, i in index.items()}
        found.append((number, values))
    return found


def _entries(records: Mapping[str, list[tuple[int, dict[str, Any]]]], path: str,
             problems: list[Problem]) -> tuple[Entry, ...]:
    def report(r: Reader, values: Mapping[str, Any]) -> None:
        for where, message in r.problems:
            sheet, number, column = str(where[0]), int(where[1]), str(where[2]) if len(where) > 2 else "codigo"
            problems.append(Problem(path, number, values["__columns__"].get(column, 1), Message(
                "catalog.template_at", {"sheet": sheet, "row": number, "column": column, "problem": message})))

    def code_of(r: Reader, values: Mapping[str, Any]) -> str | None:
        code = (r.text(values.get("codigo"), ("codigo",), "code") or "").upper()
        if not CODE.match(code):
            r.problem(("codigo",), "catalog.template_bad_code", code=code)
            return None
        return code

    def choice(r: Reader, values: Mapping[str, Any], column: str, allowed: tuple[str, ...]) -> str | None:
        value = r.text(values.get(column), (column,), column)
        if value is not None and value not in allowed and value.upper() not in allowed:
            r.problem((column,), "catalog.template_value", value=value, allowed=", ".join(allowed))
        return value.upper() if value and value.upper() in allowed else value

    heads: dict[str, dict[str, Any]] = {}
    for number, v in records["tramites"]:
        r = Reader(where=("tramites", number))
        code = code_of(r, v)
        fields = dict(
            kind=choice(r, v, "tipo", KINDS) or "tramite", name=r.text(v.get("nombre"), ("nombre",), "name"),
            standardised_name=r.text(v.get("nombre_estandarizado"), ("nombre_estandarizado",), "standardised_name"),
            purpose=r.text(v.get("proposito"), ("proposito",), "purpose", True),
            result=r.text(v.get("resultado"), ("resultado",), "result"),
            modality=choice(r, v, "modalidad", MODALITIES),
            online_url=r.text(v.get("url_en_linea"), ("url_en_linea",), "online_url"),
            manual_url=r.text(v.get("url_manual"), ("url_manual",), "manual_url"),
            time=Time(quantity=r.number(v.get("tiempo_cantidad"), ("tiempo_cantidad",)),
                      unit=choice(r, v, "tiempo_unidad", TIME_UNITS),
                      note=r.text(v.get("tiempo_nota"), ("tiempo_nota",), "time.note")),
            suit_status=r.text(v.get("estado_suit"), ("estado_suit",), "suit_status"))
        if fields["name"] is None:
            r.problem(("nombre",), "catalog.record_no_name")
        if code is not None and code in heads:
            r.problem(("codigo",), "catalog.duplicate_code", code=code, other=heads[code]["__row__"])
        report(r, v)
        if code is not None and not r.problems:
            number_ = int(code[1:]) if code.startswith("T") and code[1:].isdigit() else None
            heads[code] = {**fields, "code": code, "suit_number": number_, "__row__": number,
                           "__issues__": r.issues, "legal_basis": [], "steps": {}, "service_points": []}

    def owner(v: Mapping[str, Any], r: Reader) -> dict[str, Any] | None:
        code = code_of(r, v)
        if code is not None and code not in heads:
            r.problem(("codigo",), "catalog.template_unknown_code", code=code)
        return heads.get(code or "")

    for number, v in records["normativa"]:
        r = Reader(where=("normativa", number))
        head = owner(v, r)
        norm = Norm(kind=r.text(v.get("tipo"), ("tipo",), "kind"), number=r.text(v.get("numero"), ("numero",), "n"),
                    year=r.text(v.get("anio"), ("anio",), "year"),
                    articles=r.text(v.get("articulos"), ("articulos",), "a"),
                    url=r.text(v.get("url"), ("url",), "url"), file=r.text(v.get("archivo"), ("archivo",), "file"))
        report(r, v)
        if head is not None and not r.problems:
            head["legal_basis"].append(norm)
    for number, v in records["requisitos"]:
        r = Reader(where=("requisitos", number))
        head = owner(v, r)
        moment = r.integer(v.get("momento"), ("momento",), 1)
        payment = None
        if v.get("pago_valor") not in (None, "") or v.get("pago_descripcion") not in (None, ""):
            payment = Payment(value=r.number(v.get("pago_valor"), ("pago_valor",)),
                              currency=r.text(v.get("pago_moneda"), ("pago_moneda",), "currency"),
                              description=r.text(v.get("pago_descripcion"), ("pago_descripcion",), "payment", True))
        requirement = Requirement(
            order=r.integer(v.get("orden"), ("orden",), 1), kind=choice(r, v, "tipo", REQUIREMENT_KINDS) or "DOCUMENTO",
            document=r.text(v.get("documento"), ("documento",), "document"),
            description=r.text(v.get("descripcion"), ("descripcion",), "description", True),
            mandatory=r.flag(v.get("obligatorio"), ("obligatorio",)),
            form_name=r.text(v.get("formulario_nombre"), ("formulario_nombre",), "form_name"),
            form_url=r.text(v.get("formulario_url"), ("formulario_url",), "form_url"),
            payment_url=r.text(v.get("url_pago"), ("url_pago",), "payment_url"),
            payments=(payment,) if payment else ())
        step_text = r.text(v.get("momento_descripcion"), ("momento_descripcion",), "step", True)
        report(r, v)
        if head is not None and not r.problems:
            step = head["steps"].setdefault(moment, {"description": step_text, "requirements": []})
            step["description"] = step["description"] or step_text
            step["requirements"].append(requirement)
    for number, v in records["puntos_atencion"]:
        r = Reader(where=("puntos_atencion", number))
        head = owner(v, r)
        point = ServicePoint(
            name=r.text(v.get("nombre"), ("nombre",), "name"), address=r.text(v.get("direccion"), ("direccion",), "a"),
            phone=r.text(v.get("telefono"), ("telefono",), "phone"), hours=r.text(v.get("horario"), ("horario",), "h"),
            municipality=r.text(v.get("municipio"), ("municipio",), "m"),
            department=r.text(v.get("departamento"), ("departamento",), "d"),
            latitude=_float(r.number(v.get("latitud"), ("latitud",))),
            longitude=_float(r.number(v.get("longitud"), ("longitud",))))
        report(r, v)
        if head is not None and not r.problems:
            head["service_points"].append(point)
    return tuple(_entry(head) for head in heads.values())


def _entry(head: dict[str, Any]) -> Entry:
    steps = tuple(Step(order=order, description=s["description"],
                       requirements=tuple(sorted(s["requirements"], key=lambda q: q.order)))
                  for order, s in sorted(head["steps"].items()))
    issues = tuple(sorted({i for i in head["__issues__"] if i.field in ("name", "standardised_name")},
                          key=lambda i: (i.field, i.kind)))
    fields = {k: v for k, v in head.items() if not k.startswith("__")}
    return Entry(**{**fields, "legal_basis": tuple(head["legal_basis"]), "steps": steps,
                    "service_points": tuple(head["service_points"])}, source_issues=issues)


def _float(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)
