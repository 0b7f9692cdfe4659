"""Catalogue entries for the tests of the pure catalogue modules, in the shape `catalog show --json`
gives, made from the real SUIT records of ../shared/data/catalog/suit-sample.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "catalog"
SUIT = DATA / "suit-sample.json"
DEPENDENCIAS = {33046: "DADSA", 14088: "Secretaría de Movilidad Multimodal y Sostenible",
                14089: "Secretaría de Planeación", 2621: "Secretaría de Hacienda"}


def suit_entries() -> list[dict[str, Any]]:
    records = json.loads(SUIT.read_text(encoding="utf-8"))["tramites"]
    return [_entry(record) for record in records]


def _entry(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": f"T{r['fi']}", "name": r["nombre"], "purpose": r["proposito"], "result": r["productoFinal"],
        "modality": r["modalidad"], "online_url": r["urlTramiteEnLinea"],
        "time": {"quantity": (r.get("tiempo") or {}).get("cantidad"), "unit": (r.get("tiempo") or {}).get("unidad")},
        "cost": "Gratuito" if not r.get("cuentas") else {"amounts": [
            {"concept": c["banco"], "value": c["numero"]} for c in r["cuentas"]]},
        "dependencia": DEPENDENCIAS.get(r["fi"]),
        "legal_basis": [{"kind": n["tipo"], "number": n["numero"], "year": n["anio"], "articles": n["articulos"],
                         "url": n["url"]} for n in r.get("normativa") or []],
        "steps": [{"order": m["orden"], "description": m["descripcion"], "requirements": [
            {"kind": q["tipo"], "document": q["documento"], "description": q["descripcion"],
             "mandatory": q["obligatorio"]} for q in m.get("requisitos") or []]} for m in r.get("momentos") or []],
        "service_points": [{"name": p["nombre"], "address": p["direccion"], "phone": p["telefono"],
                            "hours": p["horario"], "latitude": p["latitud"], "longitude": p["longitud"]}
                           for p in r.get("puntosAtencion") or []],
    }
