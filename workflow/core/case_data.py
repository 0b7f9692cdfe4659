"""Case data: the typed fields a procedure declares (`fields:`), checked as a person gives them.

A cycle of a procedure with fields carries their values (the type of a citizen's request, its channel,
the dependencia it is assigned to...). Values are given when the cycle starts and by the procedure's
named actions (`actions:`); each value is checked here against its field's type before anything is
written, and the event that sets it names it, so the replay of `audit verify` rebuilds the values
from the chain alone.

Types: `text` (one line, trimmed), `enum` (one of `values`), `date` (YYYY-MM-DD), `email` (one address,
kept as given but trimmed), `item` (the id of an item of the field's list; the service passes the ids
the published list holds). Pure: no database, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Final

from workflow.core.definition import CaseAction, CaseField, Procedure
from workflow.core.limits import MAX_TEXT_CHARS
from workflow.errors import Refused

__all__ = ["check_action_values", "check_start_values", "check_value"]

# A practical address check (RFC 5321 sizes, one @, a dot in the domain, no spaces or angle brackets):
# what staff type or a mail header gives, not the whole of RFC 5322.
_EMAIL: Final = re.compile(r"[^@\s<>()\[\],;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                           r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")

ItemsOf = Mapping[str, Collection[str]]  # item list id -> the ids it holds


def check_value(field: CaseField, raw: str, items: ItemsOf) -> str:
    """The value to store for `field` given as `raw`, or Refused saying what the field takes."""
    value = raw.strip()
    if not value:
        raise Refused("case.value_empty", field=field.id)
    if "\n" in value or "\r" in value or len(value) > MAX_TEXT_CHARS:
        raise Refused("case.value_text", field=field.id, limit=MAX_TEXT_CHARS)
    if field.type == "enum" and value not in field.values:
        raise Refused("case.value_enum", field=field.id, value=value, allowed=", ".join(field.values))
    if field.type == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError:
            raise Refused("case.value_date", field=field.id, value=value) from None
    if field.type == "email" and not _EMAIL.fullmatch(value):
        raise Refused("case.value_email", field=field.id, value=value)
    if field.type == "item":
        known = items.get(field.list or "", ())
        if value not in known:
            shown = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
            raise Refused("case.value_item", field=field.id, value=value, allowed=shown or "-")
    return value


def _unknown(procedure: Procedure, names: Collection[str]) -> None:
    declared = {f.id for f in procedure.fields}
    for name in names:
        if name not in declared:
            raise Refused("case.field_unknown", field=name, code=procedure.code,
                          fields=", ".join(sorted(declared)) or "-")


def check_start_values(procedure: Procedure, given: Mapping[str, str], items: ItemsOf) -> dict[str, str]:
    """The values a new cycle starts with: every field given may be set at the start, every required
    field is given; in the order the procedure declares them."""
    _unknown(procedure, given)
    values: dict[str, str] = {}
    for field in procedure.fields:
        if field.id in given:
            if not field.at_start:
                raise Refused("case.field_not_at_start", field=field.id)
            values[field.id] = check_value(field, given[field.id], items)
        elif field.required:
            raise Refused("case.field_required", field=field.id, name=field.name)
    return values


def check_action_values(procedure: Procedure, action: CaseAction, given: Mapping[str, str],
                        items: ItemsOf) -> dict[str, str]:
    """The values an action sets: only fields it lists, at least one."""
    _unknown(procedure, given)
    values: dict[str, str] = {}
    for name in action.sets:
        if name in given:
            values[name] = check_value(procedure.case_field(name), given[name], items)
    extra = sorted(set(given) - set(action.sets))
    if extra:
        raise Refused("case.field_not_in_action", field=extra[0], action=action.id, sets=", ".join(action.sets))
    if not values:
        raise Refused("case.action_nothing_set", action=action.id, sets=", ".join(action.sets))
    return values
