"""A catalogue entry: the fields of SUIT's hoja de vida of one trámite, OPA or servicio.

Entries are keyed by their GOV.CO code: `T` + the SUIT number (`T28610`). The model is frozen and
holds only what the source says (normalised: spaces trimmed, blanks as None); the responsible
dependencia is kept beside it (an assignment, not content), so importing SUIT again never undoes one.
`content_sha256` is the SHA-256 of the entry's canonical JSON (sorted keys, no spaces, UTF-8): the
same content always has the same hash, whichever file or order it came from.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

KINDS = ("tramite", "opa", "servicio")

# SUIT's `modalidad`, in our words.
IN_PERSON = "presencial"
PARTLY_ONLINE = "parcialmente_en_linea"
FULLY_ONLINE = "totalmente_en_linea"
MODALITIES = (IN_PERSON, PARTLY_ONLINE, FULLY_ONLINE)
ONLINE_MODALITIES = (PARTLY_ONLINE, FULLY_ONLINE)

# SUIT's `tiempo.unidad`, in our words; any other value is kept as given and flagged by the checks.
TIME_UNITS = ("minutes", "hours", "business_days", "calendar_days", "months", "years", "immediate")

PAYMENT = "PAGO"  # the SUIT `tipo` of a requirement that is a payment


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Time(_Frozen):
    quantity: int | Decimal | None = None
    unit: str | None = None
    note: str | None = None


class Norm(_Frozen):
    kind: str | None = None  # Ley, Decreto, Resolución, Acuerdo, ... as SUIT gives it
    number: str | None = None
    year: str | None = None
    articles: str | None = None
    url: str | None = None
    file: str | None = None  # the name of the file SUIT keeps


class Payment(_Frozen):
    value: int | Decimal | None = None
    currency: str | None = None
    value_kind: str | None = None  # SUIT's tipo_valor: SMLDV, AVALUO_LIQUIDACION, ...
    description: str | None = None


class Account(_Frozen):
    bank: str | None = None
    kind: str | None = None
    number: str | None = None
    holder: str | None = None


class Requirement(_Frozen):
    order: int
    kind: str  # SUIT's `tipo` as given: DOCUMENTO, PAGO, SOLICITUD, VERIFICACION_INST, FORMULARIO, ...
    document: str | None = None
    description: str | None = None
    mandatory: bool = True
    form_name: str | None = None
    form_url: str | None = None
    payment_url: str | None = None
    payments: tuple[Payment, ...] = ()
    channels: tuple[str, ...] = ()


class Step(_Frozen):
    order: int
    description: str | None = None
    requirements: tuple[Requirement, ...] = ()


class ServicePoint(_Frozen):
    name: str | None = None
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    municipality: str | None = None
    department: str | None = None
    latitude: Decimal | None = None  # decimals, never floats: audit events carry none
    longitude: Decimal | None = None


class Audience(_Frozen):
    group: str | None = None
    name: str | None = None
    description: str | None = None


class Phone(_Frozen):
    number: str | None = None
    extension: str | None = None
    hours: str | None = None


class FollowUp(_Frozen):
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # names of the service points SUIT lists for follow-up in person
    web: tuple[str, ...] = ()


class SourceIssue(_Frozen):
    """What normalisation changed in a value as the source gave it (so the checks can still flag it)."""

    field: str  # path in the entry: `name`, `service_points[0].hours`
    kind: str  # stray_spaces | line_break | blank


class Entry(_Frozen):
    code: str
    suit_number: int | None = None
    kind: str = "tramite"
    name: str
    standardised_name: str | None = None
    purpose: str | None = None
    result: str | None = None
    modality: str | None = None
    online_url: str | None = None
    manual_url: str | None = None
    keywords: str | None = None
    result_channels: tuple[str, ...] = ()
    time: Time = Time()
    legal_basis: tuple[Norm, ...] = ()
    steps: tuple[Step, ...] = ()
    service_points: tuple[ServicePoint, ...] = ()
    audiences: tuple[Audience, ...] = ()
    accounts: tuple[Account, ...] = ()
    follow_up: FollowUp = FollowUp()
    suit_status: str | None = None
    source_issues: tuple[SourceIssue, ...] = ()

    # -- derived ------------------------------------------------------------------------------------
    def payments(self) -> tuple[Payment, ...]:
        return tuple(p for step in self.steps for r in step.requirements if r.kind == PAYMENT for p in r.payments)

    def has_payment_step(self) -> bool:
        return any(r.kind == PAYMENT for step in self.steps for r in step.requirements)

    def cost_json(self) -> dict[str, Any]:
        """Free (no payment among the requirements), or the amounts with what SUIT says of them."""
        return {"free": not self.has_payment_step(),
                "payments": [p.model_dump(mode="json") for p in self.payments()]}

    def urls(self) -> list[tuple[str, str]]:
        """(field path, link) of every link the entry gives."""
        found = [("online_url", self.online_url), ("manual_url", self.manual_url)]
        found += [(f"legal_basis[{i}].url", n.url) for i, n in enumerate(self.legal_basis)]
        for s, step in enumerate(self.steps):
            for r, req in enumerate(step.requirements):
                found += [(f"steps[{s}].requirements[{r}].form_url", req.form_url),
                          (f"steps[{s}].requirements[{r}].payment_url", req.payment_url)]
        found += [(f"follow_up.web[{i}]", w) for i, w in enumerate(self.follow_up.web)]
        return [(where, url) for where, url in found if url]


def gov_co_code(suit_number: int) -> str:
    return f"T{suit_number}"


def entry_json(entry: Entry) -> dict[str, Any]:
    return entry.model_dump(mode="json")


def canonical_json(document: Any) -> str:
    """One text per content: sorted keys, no spaces, UTF-8 characters as they are."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def content_text(entry: Entry) -> str:
    return canonical_json(entry_json(entry))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_sha256(entry: Entry) -> str:
    return sha256_text(content_text(entry))


def entry_from_json(document: Any) -> Entry:
    """An entry from its stored JSON (a projection row or an event): trusted shapes only."""
    return Entry.model_validate(document)
