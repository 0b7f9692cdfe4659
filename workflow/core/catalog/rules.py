"""What a reviewer checks in the catalogue (`catalog check`): named rules, each with a severity and a fix.

Rule ids are stable (scripts and the contract name them); the sentences are the message catalogue's
(`catalog.rule.<id>` says what is wrong, `catalog.fix.<id>` how to put it right). The data the rules need
ship with the package: the documents the entity itself issues (Decreto-Ley 019 de 2012 art. 9,
`data/entity_documents.yaml`) and the boxes coordinates must fall in (`data/places.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from workflow.core.catalog.matching import plain
from workflow.core.catalog.model import MODALITIES, ONLINE_MODALITIES, TIME_UNITS, Entry, ServicePoint
from workflow.errors import Message

ERROR, WARNING = "error", "warning"
RULES: dict[str, str] = {
    "legal_basis_missing": ERROR,
    "time_missing": ERROR,
    "cost_missing": ERROR,
    "cost_without_legal_basis": ERROR,
    "online_without_url": ERROR,
    "link_not_http": ERROR,
    "coordinates_outside_colombia": ERROR,
    "requirement_entity_document": ERROR,
    "duplicate_name": ERROR,
    "coordinates_outside_municipality": WARNING,
    "coordinates_missing": WARNING,
    "norm_file_mismatch": WARNING,
    "name_stray_spaces": WARNING,
    "name_case": WARNING,
    "stray_spaces": WARNING,
    "hours_missing": WARNING,
    "time_unit_unknown": WARNING,
    "modality_unknown": WARNING,
    "dependencia_unassigned": WARNING,
}
NAME_FIELDS = ("name", "standardised_name")
# The kind of a norm as its file name abbreviates it.
_KIND_WORDS = {"ley": "ley", "decreto": "decreto", "dec": "decreto", "dto": "decreto", "resolucion": "resolucion",
               "res": "resolucion", "resol": "resolucion", "acuerdo": "acuerdo", "acdo": "acuerdo",
               "ordenanza": "ordenanza", "directiva": "directiva", "circular": "circular",
               "constitucion": "constitucion", "sentencia": "sentencia", "codigo": "codigo"}
_MAX_FIELDS_SHOWN = 5


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    message: Message
    field: str | None = None

    @property
    def severity(self) -> str:
        return RULES[self.rule]

    def fix(self) -> Message:
        return Message(f"catalog.fix.{self.rule}")

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "rule": self.rule, "severity": self.severity, "message": self.message.render(),
                "fix": self.fix().render(), "field": self.field}


@dataclass(frozen=True)
class Places:
    colombia: tuple[float, float, float, float]  # south, north, west, east
    municipalities: Mapping[str, tuple[float, float, float, float]]


@cache
def shipped_places() -> Places:
    data = yaml.safe_load(resources.files("workflow.core.catalog").joinpath("data/places.yaml").read_text("utf-8"))
    return Places(colombia=tuple(data["colombia"]),
                  municipalities={plain(k): tuple(v) for k, v in (data.get("municipalities") or {}).items()})


@cache
def shipped_entity_documents() -> tuple[str, ...]:
    path = resources.files("workflow.core.catalog").joinpath("data/entity_documents.yaml")
    return tuple(plain(d) for d in yaml.safe_load(path.read_text("utf-8"))["documents"])


def check(entries: Sequence[tuple[Entry, str | None]], places: Places | None = None,
          entity_documents: Iterable[str] | None = None) -> list[Finding]:
    """Every finding on the catalogue: (entry, its dependencia or None) pairs in, sorted findings out."""
    places = places or shipped_places()
    documents = tuple(entity_documents) if entity_documents is not None else shipped_entity_documents()
    found: list[Finding] = []
    for entry, dependencia in entries:
        found += check_entry(entry, places, documents)
        if dependencia is None:
            found.append(Finding(entry.code, "dependencia_unassigned", Message("catalog.rule.dependencia_unassigned")))
    found += _duplicate_names([entry for entry, _ in entries])
    return sorted(found, key=lambda f: (f.code, list(RULES).index(f.rule), f.field or ""))


def check_entry(entry: Entry, places: Places, documents: Sequence[str]) -> list[Finding]:
    found: list[Finding] = []

    def add(rule: str, field: str | None = None, **params: Any) -> None:
        found.append(Finding(entry.code, rule, Message(f"catalog.rule.{rule}", params), field))

    if not entry.legal_basis:
        add("legal_basis_missing", "legal_basis")
    if entry.time.unit is None or (entry.time.quantity is None and entry.time.unit != "immediate"):
        add("time_missing", "time")
    elif entry.time.unit not in TIME_UNITS:
        add("time_unit_unknown", "time.unit", unit=entry.time.unit)
    if entry.has_payment_step():
        if not any(p.value is not None or p.description for p in entry.payments()):
            add("cost_missing", "steps")
        if not entry.legal_basis:
            add("cost_without_legal_basis", "legal_basis")
    if entry.modality not in MODALITIES:
        add("modality_unknown", "modality", modality=entry.modality or "-")
    elif entry.modality in ONLINE_MODALITIES and not entry.online_url:
        add("online_without_url", "online_url")
    for where, url in entry.urls():
        if not is_web_link(url):
            add("link_not_http", where, url=url)
    for index, point in enumerate(entry.service_points):
        _coordinates(point, f"service_points[{index}]", places, add)
        if point.hours is None:
            add("hours_missing", f"service_points[{index}].hours", point=point.name or str(index + 1))
    for index, norm in enumerate(entry.legal_basis):
        disagreement = norm_file_disagreement(norm.kind, norm.number, norm.file)
        if disagreement is not None:
            add("norm_file_mismatch", f"legal_basis[{index}]", kind=norm.kind or "-", number=norm.number or "-",
                year=norm.year or "-", file=norm.file or "-", says=disagreement)
    for s, step in enumerate(entry.steps):
        for r, requirement in enumerate(step.requirements):
            text = plain(" ".join(t for t in (requirement.document, requirement.description) if t))
            named = next((d for d in documents if d and f" {d} " in f" {text} "), None)
            if named is not None:
                add("requirement_entity_document", f"steps[{s}].requirements[{r}]", document=named)
    _names(entry, add)
    return found


def _coordinates(point: ServicePoint, where: str, places: Places, add: Any) -> None:
    lat, lon = point.latitude, point.longitude
    if lat is None or lon is None:
        add("coordinates_missing", where, point=point.name or where)
        return
    if not _inside(places.colombia, lat, lon):
        swapped = _inside(places.colombia, lon, lat)
        add("coordinates_outside_colombia", where, point=point.name or where, latitude=lat, longitude=lon,
            hint=Message("catalog.hint_swapped" if swapped else "catalog.hint_none"))
        return
    box = places.municipalities.get(plain(point.municipality or ""))
    if box is not None and not _inside(box, lat, lon):
        add("coordinates_outside_municipality", where, point=point.name or where, latitude=lat, longitude=lon,
            municipality=point.municipality)


def _inside(box: tuple[float, float, float, float], lat: Decimal | float, lon: Decimal | float) -> bool:
    south, north, west, east = box
    return south <= lat <= north and west <= lon <= east


def _names(entry: Entry, add: Any) -> None:
    issues = [i for i in entry.source_issues if i.kind != "blank" or not i.field.endswith(".hours")]
    named = sorted({i.field for i in issues if i.field in NAME_FIELDS})
    if named:
        add("name_stray_spaces", named[0], fields=", ".join(named))
    others = sorted({i.field for i in issues if i.field not in NAME_FIELDS})
    if others:
        shown = ", ".join(others[:_MAX_FIELDS_SHOWN]) + (" …" if len(others) > _MAX_FIELDS_SHOWN else "")
        add("stray_spaces", others[0], fields=shown, count=len(others))
    letters = [c for c in entry.name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        add("name_case", "name", name=entry.name, how=Message("catalog.case_all_caps"))
    elif letters and entry.name.lstrip()[:1].islower():
        add("name_case", "name", name=entry.name, how=Message("catalog.case_lower_start"))


def _duplicate_names(entries: Sequence[Entry]) -> list[Finding]:
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(plain(entry.name), []).append(entry)
    found = []
    for same in by_name.values():
        if len(same) > 1:
            codes = sorted(e.code for e in same)
            for entry in same:
                others = ", ".join(c for c in codes if c != entry.code)
                found.append(Finding(entry.code, "duplicate_name", Message("catalog.rule.duplicate_name", {
                    "name": entry.name, "others": others}), "name"))
    return found


def is_web_link(url: str) -> bool:
    """An http(s) link to a host: not `file:`, not `http://file:///C:/...`, not a bare path."""
    if "file:/" in url.lower() or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host) and "." in (host or "")


def norm_file_disagreement(kind: str | None, number: str | None, file: str | None) -> Message | None:
    """What the file name of a norm says that its kind or number does not; None when they agree (or the
    file name says neither)."""
    if not file:
        return None
    stem = re.sub(r"\.[A-Za-z0-9]{2,4}$", "", file)
    words = plain(re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", stem)).split()
    file_kind = next((_KIND_WORDS[w] for w in words if w in _KIND_WORDS), None)
    own_kind = next((_KIND_WORDS[w] for w in plain(kind or "").split() if w in _KIND_WORDS), None)
    if file_kind is not None and own_kind is not None and file_kind != own_kind:
        return Message("catalog.norm_kind_says", {"kind": file_kind})
    digits = [int(w) for w in words if w.isdigit()]
    if number and number.strip().isdigit() and digits and int(number) not in digits:
        return Message("catalog.norm_number_says", {"numbers": ", ".join(str(d) for d in digits)})
    return None
