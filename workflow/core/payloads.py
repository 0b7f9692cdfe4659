"""Reading stored event payloads for people: never trusting their shape.

A payload that reached the table by SQL (a damaged row, a forged one) may be anything: not bytes, not
JSON, a list, an activity number that is a string. `audit verify` reports such rows; readers (cycle
history, exports) must still show the rest of the trail, so they read payloads through these
functions, which give the value when it has the expected type and None (or empty) otherwise.
"""

from __future__ import annotations

import json
from typing import Any


def decode_payload(payload: object) -> dict[str, Any]:
    """The payload as a JSON object, exactly (integers of any size stay integers: orjson would make
    a float of one beyond 64 bits), for readers; ValueError naming what is wrong with a damaged one."""
    if not isinstance(payload, bytes | bytearray | memoryview):
        raise ValueError(f"stored as {type(payload).__name__}, not bytes")
    try:
        value = json.loads(bytes(payload))
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def readable(payload: object) -> dict[str, Any] | None:
    """The payload as a JSON object, or None when the stored row is damaged."""
    try:
        return decode_payload(payload)
    except ValueError:
        return None


def text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def mappings(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def field(payload: object, name: str) -> dict[str, Any]:
    """One object-valued field of a payload (`data`, `procedure`), empty when absent or damaged."""
    return mapping(mapping(readable(payload)).get(name))


def shown(value: object, limit: int = 80) -> str:
    """A stored value in a problem message: repr-like, never longer than `limit` characters."""
    text = "NULL" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
