"""Reading one record of untrusted data into an entry's values: typed, trimmed, and every problem kept
with its path.

Real records hold trailing spaces, line breaks inside names, a `horario` that is a single space, numbers
written as text, nulls where other records have text, empty lists. `Reader` turns them into clean values
(the normalisation) and remembers, per field, what it changed (`SourceIssue`, for the checks to flag) or
what it could not accept (a problem with the path of the value, that refuses the whole file).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from workflow.core.catalog.model import SourceIssue
from workflow.errors import Message

Path = tuple[str | int, ...]
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


@dataclass
class Reader:
    """Values of one record, read at `where` (its path in the file), with what went wrong."""

    where: Path = ()
    problems: list[tuple[Path, Message]] = field(default_factory=list)
    issues: list[SourceIssue] = field(default_factory=list)

    def problem(self, path: Path, key: str, **params: Any) -> None:
        self.problems.append(((*self.where, *path), Message(key, params)))

    def text(self, value: object, path: Path, field_name: str, multiline: bool = False) -> str | None:
        """A text value, trimmed; None for null or blank. Numbers are accepted as their text."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(path, "catalog.value_not_text", kind=type(value).__name__)
            return None
        if not multiline and type(value) is str and (cleaned := " ".join(value.split())) == value:
            return cleaned or None  # already clean, the common case (a catalogue has ~150 texts an entry)
        raw = str(value) if not isinstance(value, str) else value
        lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if multiline:
            cleaned = "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip("\n")
            cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
        else:
            cleaned = " ".join(" ".join(lines).split())
        if isinstance(value, str) and cleaned != raw:
            kind = "blank" if not cleaned else "line_break" if not multiline and len(lines) > 1 else "stray_spaces"
            self.issues.append(SourceIssue(field=field_name, kind=kind))
        return cleaned or None

    def number(self, value: object, path: Path) -> int | Decimal | None:
        """A number: an integer stays one, any other is a Decimal of its shortest text (audit events
        carry no floats); numeric text such as `"15"` or `"11,24"` is accepted."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            self.problem(path, "catalog.value_not_number", value=str(value))
            return None
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                self.problem(path, "catalog.value_not_number", value=str(value))
                return None
            return _exact(repr(value) if isinstance(value, float) else str(value))
        if isinstance(value, str) and _NUMBER.match(value.strip()):
            return _exact(value.strip().replace(",", "."))
        self.problem(path, "catalog.value_not_number", value=str(value)[:40])
        return None

    def integer(self, value: object, path: Path, default: int) -> int:
        found = self.number(value, path)
        if found is None:
            return default
        if found != int(found):
            self.problem(path, "catalog.value_not_integer", value=str(found))
            return default
        return int(found)

    def flag(self, value: object, path: Path, default: bool = True) -> bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("si", "sí", "true", "1", "yes", "no", "false", "0"):
            return value.strip().lower() in ("si", "sí", "true", "1", "yes")
        self.problem(path, "catalog.value_not_flag", value=str(value)[:40])
        return default

    def mapping(self, value: object, path: Path) -> Mapping[str, Any]:
        """An object; null is an empty one."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problem(path, "catalog.value_not_object", kind=type(value).__name__)
            return {}
        return value

    def items(self, value: object, path: Path) -> list[Any]:
        """A list; null is an empty one."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, "catalog.value_not_list", kind=type(value).__name__)
            return []
        return value

    def texts(self, value: object, path: Path, field_name: str) -> tuple[str, ...]:
        found = (self.text(v, (*path, i), f"{field_name}[{i}]") for i, v in enumerate(self.items(value, path)))
        return tuple(v for v in found if v is not None)


def _exact(text: str) -> int | Decimal:
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() and "e" not in text.lower() and abs(number) < 2**53 \
        else number
