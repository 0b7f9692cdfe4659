"""SUIT's public viewer JSON (`{"tramites": [...]}`, the shape of ../shared/data/catalog/suit-*.json)
-> catalogue entries, or every malformed record with its position, and nothing imported.

Lenient where real records vary (nulls, empty lists, numbers written as text, units and modalities we
do not know: kept as given, flagged by the checks), strict where an entry could not be told apart or
stored (no SUIT number, no name, a list that is not a list, a number that is not a number, the same
number twice). Field names are SUIT's (Spanish); the entry's are ours (`workflow.core.catalog.model`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from workflow.core.catalog.cleaning import Path, Reader
from workflow.core.catalog.model import (
    FULLY_ONLINE,
    IN_PERSON,
    PARTLY_ONLINE,
    Account,
    Audience,
    Entry,
    FollowUp,
    Norm,
    Payment,
    Phone,
    Requirement,
    ServicePoint,
    Step,
    Time,
    gov_co_code,
)
from workflow.core.yaml_positions import parse as parse_yaml
from workflow.errors import DefinitionInvalid, Message, Problem

MODALITY = {"NO_DISPONIBLE": IN_PERSON, "PRESENCIAL": IN_PERSON, "PARCIALMENTE": PARTLY_ONLINE,
            "PARCIALMENTE_EN_LINEA": PARTLY_ONLINE, "TOTALMENTE": FULLY_ONLINE, "TOTALMENTE_EN_LINEA": FULLY_ONLINE,
            "EN_LINEA": FULLY_ONLINE}
# SUIT's units; `DIA` is SUIT's "Día(s) hábil(es)" (its form says "días hábiles" unless "calendario").
TIME_UNIT = {"MINUTO": "minutes", "MINUTOS": "minutes", "HORA": "hours", "HORAS": "hours",
             "DIA": "business_days", "DIAS": "business_days", "DIA_HABIL": "business_days",
             "DIAS_HABILES": "business_days", "DIA_CALENDARIO": "calendar_days", "DIAS_CALENDARIO": "calendar_days",
             "MES": "months", "MESES": "months", "ANIO": "years", "AÑO": "years", "ANIOS": "years",
             "INMEDIATO": "immediate"}
DEFAULT_STATUS = "inscrito"  # the public viewer shows inscribed entries only
_MULTILINE = True


def parse_suit_text(text: str, path: str) -> tuple[Entry, ...]:
    """Every entry of a SUIT viewer file, or DefinitionInvalid with each problem at PATH:LINE:COL."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DefinitionInvalid([Problem(path, exc.lineno, exc.colno, Message("catalog.json_invalid", {
            "reason": exc.msg}))]) from None
    except RecursionError:
        raise DefinitionInvalid([Problem(path, 1, 1, Message("catalog.json_too_deep"))]) from None
    where: Path = ()
    records = document
    if isinstance(document, Mapping) and "tramites" in document:
        records, where = document["tramites"], ("tramites",)
    if not isinstance(records, list):
        raise DefinitionInvalid([Problem(path, 1, 1, Message("catalog.suit_shape"))])
    entries, problems = parse_records(records, where)
    if problems:
        raise DefinitionInvalid(located(text, path, problems))
    return entries


def parse_records(records: Sequence[Any], where: Path = ()) -> tuple[tuple[Entry, ...], list[tuple[Path, Message]]]:
    entries: list[Entry] = []
    problems: list[tuple[Path, Message]] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        reader = Reader(where=(*where, index))
        entry = parse_record(record, reader)
        problems += reader.problems
        if entry is None or reader.problems:
            continue
        if entry.code in seen:
            problems.append(((*where, index, "fi"), Message("catalog.duplicate_code", {
                "code": entry.code, "other": seen[entry.code] + 1})))
            continue
        seen[entry.code] = index
        entries.append(entry)
    return tuple(entries), problems


def parse_record(record: object, r: Reader) -> Entry | None:
    """One SUIT record; None (with the problems in `r`) when it cannot be an entry."""
    if not isinstance(record, Mapping):
        r.problem((), "catalog.record_not_object", kind=type(record).__name__)
        return None
    number = r.number(record.get("fi"), ("fi",))
    if number is None or number != int(number) or number <= 0:
        if number is None and not r.problems:
            r.problem(("fi",), "catalog.record_no_number")
        elif number is not None:
            r.problem(("fi",), "catalog.record_bad_number", value=str(record.get("fi"))[:40])
        return None
    name = r.text(record.get("nombre"), ("nombre",), "name")
    if name is None:
        r.problem(("nombre",), "catalog.record_no_name")
    raw_modality = r.text(record.get("modalidad"), ("modalidad",), "modality")
    modality = MODALITY.get(raw_modality.upper(), raw_modality) if raw_modality else None
    time = r.mapping(record.get("tiempo"), ("tiempo",))
    unit = r.text(time.get("unidad"), ("tiempo", "unidad"), "time.unit")
    entry = dict(
        code=gov_co_code(int(number)), suit_number=int(number), name=name or "",
        kind=_kind(r.text(record.get("tipo"), ("tipo",), "kind")),
        standardised_name=r.text(record.get("nombre_listado"), ("nombre_listado",), "standardised_name"),
        purpose=r.text(record.get("proposito"), ("proposito",), "purpose", _MULTILINE),
        result=r.text(record.get("productoFinal"), ("productoFinal",), "result"),
        modality=modality,
        online_url=r.text(record.get("urlTramiteEnLinea"), ("urlTramiteEnLinea",), "online_url"),
        manual_url=r.text(record.get("urlManual"), ("urlManual",), "manual_url"),
        keywords=r.text(record.get("palabrasRelacionadas"), ("palabrasRelacionadas",), "keywords"),
        result_channels=r.texts(record.get("mediosResultado"), ("mediosResultado",), "result_channels"),
        time=Time(quantity=r.number(time.get("cantidad"), ("tiempo", "cantidad")),
                  unit=TIME_UNIT.get(unit.upper(), unit) if unit else None,
                  note=r.text(time.get("nota"), ("tiempo", "nota"), "time.note", _MULTILINE)),
        legal_basis=tuple(_norm(r, n, i) for i, n in enumerate(r.items(record.get("normativa"), ("normativa",)))),
        steps=tuple(_step(r, m, i) for i, m in enumerate(r.items(record.get("momentos"), ("momentos",)))),
        service_points=tuple(_point(r, p, i) for i, p in
                             enumerate(r.items(record.get("puntosAtencion"), ("puntosAtencion",)))),
        audiences=tuple(_audience(r, a, i) for i, a in enumerate(r.items(record.get("audiencias"), ("audiencias",)))),
        accounts=tuple(_account(r, a, ("cuentas", i), f"accounts[{i}]")
                       for i, a in enumerate(r.items(record.get("cuentas"), ("cuentas",)))),
        follow_up=_follow_up(r, r.mapping(record.get("seguimiento"), ("seguimiento",))),
        suit_status=r.text(record.get("estado"), ("estado",), "suit_status") or DEFAULT_STATUS,
    )
    if r.problems:
        return None
    return Entry(**entry, source_issues=tuple(sorted(set(r.issues), key=lambda i: (i.field, i.kind))))


def _kind(value: str | None) -> str:
    if value is None:
        return "tramite"
    plain = value.strip().lower().replace("á", "a")
    return {"tramite": "tramite", "opa": "opa", "otro procedimiento administrativo": "opa",
            "servicio": "servicio"}.get(plain, plain)


def _norm(r: Reader, value: object, i: int) -> Norm:
    n = r.mapping(value, ("normativa", i))
    p, f = ("normativa", i), f"legal_basis[{i}]"
    return Norm(kind=r.text(n.get("tipo"), (*p, "tipo"), f"{f}.kind"),
                number=r.text(n.get("numero"), (*p, "numero"), f"{f}.number"),
                year=r.text(n.get("anio"), (*p, "anio"), f"{f}.year"),
                articles=r.text(n.get("articulos"), (*p, "articulos"), f"{f}.articles"),
                url=r.text(n.get("url"), (*p, "url"), f"{f}.url"),
                file=r.text(n.get("archivo"), (*p, "archivo"), f"{f}.file"))


def _step(r: Reader, value: object, i: int) -> Step:
    m = r.mapping(value, ("momentos", i))
    p, f = ("momentos", i), f"steps[{i}]"
    requirements = r.items(m.get("requisitos"), (*p, "requisitos"))
    return Step(order=r.integer(m.get("orden"), (*p, "orden"), i + 1),
                description=r.text(m.get("descripcion"), (*p, "descripcion"), f"{f}.description", _MULTILINE),
                requirements=tuple(_requirement(r, q, (*p, "requisitos", j), f"{f}.requirements[{j}]")
                                   for j, q in enumerate(requirements)))


def _requirement(r: Reader, value: object, p: Path, f: str) -> Requirement:
    q = r.mapping(value, p)
    payments = r.items(q.get("pago_valor"), (*p, "pago_valor"))
    channels = r.items(q.get("canales"), (*p, "canales"))
    return Requirement(
        order=r.integer(q.get("orden"), (*p, "orden"), int(p[-1]) + 1),
        kind=(r.text(q.get("tipo"), (*p, "tipo"), f"{f}.kind") or "").upper() or "DOCUMENTO",
        document=r.text(q.get("documento"), (*p, "documento"), f"{f}.document"),
        description=r.text(q.get("descripcion"), (*p, "descripcion"), f"{f}.description", _MULTILINE),
        mandatory=r.flag(q.get("obligatorio"), (*p, "obligatorio")),
        form_name=r.text(q.get("formulario_nombre"), (*p, "formulario_nombre"), f"{f}.form_name"),
        form_url=r.text(q.get("formulario_url"), (*p, "formulario_url"), f"{f}.form_url"),
        payment_url=r.text(q.get("url_pago"), (*p, "url_pago"), f"{f}.payment_url"),
        payments=tuple(_payment(r, v, (*p, "pago_valor", k), f"{f}.payments[{k}]") for k, v in enumerate(payments)),
        channels=tuple(c for c in (_channel(r, v, (*p, "canales", k), f"{f}.channels[{k}]")
                                   for k, v in enumerate(channels)) if c))


def _payment(r: Reader, value: object, p: Path, f: str) -> Payment:
    v = r.mapping(value, p)
    return Payment(value=r.number(v.get("valor"), (*p, "valor")),
                   currency=r.text(v.get("moneda"), (*p, "moneda"), f"{f}.currency"),
                   value_kind=r.text(v.get("tipo_valor"), (*p, "tipo_valor"), f"{f}.value_kind"),
                   description=r.text(v.get("descripcion"), (*p, "descripcion"), f"{f}.description", _MULTILINE))


def _channel(r: Reader, value: object, p: Path, f: str) -> str | None:
    c = r.mapping(value, p)
    kind = r.text(c.get("tipo"), (*p, "tipo"), f"{f}.kind")
    email = r.text(c.get("email"), (*p, "email"), f"{f}.email")
    return f"{kind}: {email}" if kind and email else kind or email


def _point(r: Reader, value: object, i: int) -> ServicePoint:
    s = r.mapping(value, ("puntosAtencion", i))
    p, f = ("puntosAtencion", i), f"service_points[{i}]"
    return ServicePoint(name=r.text(s.get("nombre"), (*p, "nombre"), f"{f}.name"),
                        address=r.text(s.get("direccion"), (*p, "direccion"), f"{f}.address"),
                        phone=r.text(s.get("telefono"), (*p, "telefono"), f"{f}.phone"),
                        hours=r.text(s.get("horario"), (*p, "horario"), f"{f}.hours"),
                        municipality=r.text(s.get("municipio"), (*p, "municipio"), f"{f}.municipality"),
                        department=r.text(s.get("departamento"), (*p, "departamento"), f"{f}.department"),
                        latitude=_float(r.number(s.get("latitud"), (*p, "latitud"))),
                        longitude=_float(r.number(s.get("longitud"), (*p, "longitud"))))


def _float(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _audience(r: Reader, value: object, i: int) -> Audience:
    a = r.mapping(value, ("audiencias", i))
    p, f = ("audiencias", i), f"audiences[{i}]"
    return Audience(group=r.text(a.get("grupo"), (*p, "grupo"), f"{f}.group"),
                    name=r.text(a.get("nombre"), (*p, "nombre"), f"{f}.name"),
                    description=r.text(a.get("descripcion"), (*p, "descripcion"), f"{f}.description"))


def _account(r: Reader, value: object, p: Path, f: str) -> Account:
    a = r.mapping(value, p)
    return Account(bank=r.text(a.get("banco"), (*p, "banco"), f"{f}.bank"),
                   kind=r.text(a.get("tipo"), (*p, "tipo"), f"{f}.kind"),
                   number=r.text(a.get("numero"), (*p, "numero"), f"{f}.number"),
                   holder=r.text(a.get("titular"), (*p, "titular"), f"{f}.holder"))


def _follow_up(r: Reader, s: Mapping[str, Any]) -> FollowUp:
    p = ("seguimiento",)
    phones = []
    for i, value in enumerate(r.items(s.get("telefono"), (*p, "telefono"))):
        t = r.mapping(value, (*p, "telefono", i))
        f = f"follow_up.phones[{i}]"
        phones.append(Phone(number=r.text(t.get("numero"), (*p, "telefono", i, "numero"), f"{f}.number"),
                            extension=r.text(t.get("extension"), (*p, "telefono", i, "extension"), f"{f}.extension"),
                            hours=r.text(t.get("horario"), (*p, "telefono", i, "horario"), f"{f}.hours")))
    emails = []
    for i, value in enumerate(r.items(s.get("email"), (*p, "email"))):
        address = value.get("email") if isinstance(value, Mapping) else value
        found = r.text(address, (*p, "email", i), f"follow_up.emails[{i}]")
        if found:
            emails.append(found)
    places = []
    for i, value in enumerate(r.items(s.get("presencial"), (*p, "presencial"))):
        place = r.mapping(value, (*p, "presencial", i))
        found = r.text(place.get("nombre"), (*p, "presencial", i, "nombre"), f"follow_up.places[{i}]")
        if found:
            places.append(found)
    web = []
    for i, value in enumerate(r.items(s.get("web"), (*p, "web"))):
        address = value.get("url") if isinstance(value, Mapping) else value
        found = r.text(address, (*p, "web", i), f"follow_up.web[{i}]")
        if found:
            web.append(found)
    return FollowUp(phones=tuple(phones), emails=tuple(emails), places=tuple(places), web=tuple(web))


def located(text: str, path: str, problems: list[tuple[Path, Message]]) -> list[Problem]:
    """The problems at the line and column of the value they are about (JSON is YAML's flow style, so
    the YAML reader's positions serve; the record's JSON path is said too)."""
    try:
        parsed = parse_yaml(text)
    except Exception:  # a text the YAML reader cannot read still gets its problems, at 1:1
        parsed = None
    found = []
    for where, message in problems:
        line, column = parsed.position(where) if parsed is not None else (1, 1)
        found.append(Problem(path, line, column, Message("catalog.at_path", {
            "path": json_path(where), "problem": message})))
    return sorted(found, key=lambda p: (p.line, p.column))


def json_path(where: Path) -> str:
    text = "$"
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
