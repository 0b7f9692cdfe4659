"""The catalogue as `catalog list --json` and `catalog show --json` give it (CONTRACT.md, "Catalogue")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from workflow.core.catalog.model import Entry, entry_json


def number(value: Any) -> int | float | None:
    """A stored decimal (kept exact as text in the entry's JSON) as a JSON number for readers."""
    if value is None or isinstance(value, int):
        return value
    exact = Decimal(str(value))
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def time_json(entry: Entry) -> dict[str, Any]:
    return {"quantity": number(entry.time.quantity), "unit": entry.time.unit}


def cost_json(entry: Entry) -> dict[str, Any]:
    cost = entry.cost_json()
    return {**cost, "payments": [{**p, "value": number(p["value"])} for p in cost["payments"]]}


def list_json(entry: Entry, dependencia: str | None) -> dict[str, Any]:
    return {"code": entry.code, "name": entry.name, "dependencia": dependencia, "modality": entry.modality,
            "time": time_json(entry), "cost": cost_json(entry), "kind": entry.kind}


def show_json(entry: Entry, dependencia: str | None, dependencia_name: str | None, sha256: str,
              updated_at: str | None = None, audit_seq: int | None = None) -> dict[str, Any]:
    """Every field of the entry, the contract's names first; `sha256` is its content's."""
    full = entry_json(entry)
    steps = [{**step, "requirements": [{**r} for r in step["requirements"]]} for step in full["steps"]]
    return {
        "code": entry.code, "name": entry.name, "purpose": entry.purpose, "result": entry.result,
        "modality": entry.modality, "online_url": entry.online_url,
        "time": {**time_json(entry), "note": entry.time.note},
        "cost": cost_json(entry), "dependencia": dependencia, "dependencia_name": dependencia_name,
        "legal_basis": full["legal_basis"], "steps": steps, "service_points": [
            {**p, "latitude": number(p["latitude"]), "longitude": number(p["longitude"])}
            for p in full["service_points"]],
        "kind": entry.kind, "suit_number": entry.suit_number, "standardised_name": entry.standardised_name,
        "manual_url": entry.manual_url, "keywords": entry.keywords, "result_channels": full["result_channels"],
        "audiences": full["audiences"], "accounts": full["accounts"], "follow_up": full["follow_up"],
        "suit_status": entry.suit_status, "source_issues": full["source_issues"], "sha256": sha256,
        "updated_at": updated_at, "audit_seq": audit_seq,
    }
