"""The id a reference file (an item list, a calendar) declares for itself with a top-level `id:` key.

Procedures name lists and calendars by id (`for_each: dependencias`, `calendar: santa_marta`); the id
is written inside the file, never taken from the file's name, so that a file renamed or copied
(`deps.yaml`) cannot publish data under an id nothing uses, and an id that no procedure could name
(`santa-marta`) is refused where it is written.
"""

from __future__ import annotations

import re

from workflow.core.rules import ID_PATTERN
from workflow.core.yaml_positions import parse
from workflow.errors import Message, Problem

__all__ = ["declared_id"]


def declared_id(text: str, path: str, kind: Message) -> tuple[str | None, list[Problem]]:
    """The `id:` of a reference file, or the problem saying what to write. A file that is not a mapping
    at all gets the same problem; its shape, and a broken YAML, are its reader's to report."""
    parsed = parse(text)
    value = parsed.value
    if parsed.empty or parsed.is_blocked(()):
        return None, []  # already said: an empty file, a YAML error
    if not isinstance(value, dict) or "id" not in value:
        return None, [Problem(path, 1, 1, Message("reference.id_missing", {"kind": kind}))]
    ident = value["id"]
    if parsed.is_blocked(("id",)):
        return None, []
    if not isinstance(ident, str) or re.fullmatch(ID_PATTERN, ident) is None:
        line, column = parsed.position(("id",))
        written = parsed.sources.get(("id",), str(ident))
        return None, [Problem(path, line, column, Message("reference.id_invalid", {"value": written}))]
    return ident, []
