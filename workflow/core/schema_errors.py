"""Schema errors -> located, translated messages: what pydantic found wrong, said for whoever wrote the file.

Each pydantic `ErrorDetails` becomes a position in the YAML (from workflow.core.yaml_positions) and a
message key of workflow/messages/definition.py that says what is wrong and how to fix it, with the
value quoted as it was written. Errors about values the YAML reader has already refused are dropped.
"""

from __future__ import annotations

import re
import types
import unicodedata
from datetime import date
from difflib import get_close_matches
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from workflow.core.definition import FORMAT, Procedure
from workflow.core.yaml_positions import ParsedYaml, Path, Position
from workflow.errors import Message

__all__ = ["found", "schema_messages"]

_NO_MEMBER = "workflow_union_no_member"  # our own error type, so it cannot clash with one of pydantic's
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def schema_messages(invalid: ValidationError, parsed: ParsedYaml) -> list[tuple[Position, Message]]:
    """Where and what each relevant error of `invalid` (a validation of `parsed.value`) is."""
    errors = _one_per_union(invalid.errors(include_url=False))
    return [_schema_message(error, parsed) for error in _relevant(errors, parsed)]


def _one_per_union(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """One error for a value that matches no member of a union, at the value's own path.

    pydantic reports it once per member, each under a path that ends in the member's name
    (`constrained-int`, `literal['end']`): read as fields, that would be two problems about keys
    nobody wrote.
    """
    kept: list[ErrorDetails] = []
    merged: set[Path] = set()
    for error in errors:
        loc: Path = tuple(error["loc"])
        # A step that names a key of something that is not a model is a member's name, not a key.
        member = next((i for i, step in enumerate(loc) if isinstance(step, str) and _model_at(loc[:i]) is None), None)
        if member is None:
            kept.append(error)
        elif loc[:member] not in merged:
            merged.add(loc[:member])
            kept.append(ErrorDetails(type=_NO_MEMBER, loc=loc[:member], msg=error["msg"], input=error["input"]))
    return kept


def _flatten(annotation: Any) -> list[Any]:
    """The types an annotation may stand for, with Annotated and unions unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _flatten(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _flatten(arg)]
    return [annotation]


def _model_at(path: Path) -> type[BaseModel] | None:
    current: list[Any] = [Procedure]
    for step in path:
        if isinstance(step, int):
            current = [t for c in current if get_origin(c) is tuple for t in _flatten(get_args(c)[0])]
        else:
            models = [c for c in current if isinstance(c, type) and issubclass(c, BaseModel)]
            if not models or step not in models[0].model_fields:
                return None
            current = _flatten(models[0].model_fields[step].annotation)
    models = [c for c in current if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if models else None


def _what(loc: Path) -> Message | str:
    if not loc:
        return Message("definition.the_file")
    if isinstance(loc[-1], int):
        parent = next((step for step in reversed(loc) if isinstance(step, str)), "")
        return Message("definition.item_of", {"field": parent})
    return f"`{loc[-1]}`"


def found(value: object, source: str | None) -> Message:
    """The {found} of "... but it holds {found}": the value as written, so the reader can search for it."""
    shown = source if source is not None else str(value)
    if value is None:
        return Message("definition.found_null")
    if isinstance(value, bool):
        return Message("definition.found_bool", {"value": shown})
    if isinstance(value, int | float):
        return Message("definition.found_number", {"value": shown})
    if isinstance(value, date):
        return Message("definition.found_date", {"value": shown})
    if isinstance(value, str):
        return Message("definition.found_text", {"value": shown})
    if isinstance(value, list | tuple):
        return Message("definition.found_list")
    return Message("definition.found_mapping")


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    if not slug:
        return "nombre"
    return slug if slug[0].isalpha() else "n_" + slug


def _schema_message(error: ErrorDetails, parsed: ParsedYaml) -> tuple[Position, Message]:
    loc: Path = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    position = parsed.position(loc)
    source = parsed.sources.get(loc)
    shown = source if source is not None else str(value)

    def say(key: str, **params: Any) -> tuple[Position, Message]:
        return position, Message(key, {"what": _what(loc), "found": found(value, source), **params})

    if kind == "missing":
        return parsed.position(loc[:-1]), Message("definition.missing_field", {"field": loc[-1]})
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(loc[:-1])
        allowed = list(model.model_fields) if model else []
        params: dict[str, Any] = {"key": key, "allowed": ", ".join(allowed)}
        close = get_close_matches(key, allowed, n=1)
        message = Message("definition.unknown_key", params)
        if close:
            message = Message("definition.unknown_key_suggestion", {**params, "suggestion": close[0]})
        return parsed.key_positions.get(loc, position), message
    if kind == "string_type":
        if value is None:
            return say("definition.null_not_allowed")
        if isinstance(value, int | float | date):  # bool is an int: `true` also gets the quotes advice
            return say("definition.expected_text_quote", source=shown)
        return say("definition.expected_text")
    if kind == "int_type":
        if isinstance(value, str) and value.strip().isdigit():
            return say("definition.expected_integer_unquote", source=value.strip())
        return say("definition.expected_integer")
    if kind in ("list_type", "tuple_type"):
        if value is None:
            return say("definition.expected_list_null")
        if isinstance(value, str | int | float):
            return say("definition.expected_list_wrap", source=shown)
        return say("definition.expected_list")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return say("definition.expected_mapping")
    if kind == "bool_type":
        return say("definition.expected_bool")
    if kind == "string_pattern_mismatch":  # the only pattern in the format is the one for ids
        return say("definition.bad_id", value=value, suggestion=_slug(str(value)))
    if kind == "string_too_short":
        return say("definition.empty_text")
    if kind == "too_short":
        if len(loc) == 3 and loc[0] == "activities" and loc[2] == "areas":
            return say("definition.activity_without_areas")
        return say("definition.too_short", min=ctx.get("min_length", 1))
    if kind == "greater_than_equal":
        return say("definition.too_small", limit=ctx.get("ge"), value=value)
    if kind == "less_than_equal":
        return say("definition.too_large", limit=ctx.get("le"), value=value)
    if kind == "iso_date":
        return say("definition.bad_date", value=value, example=_iso_example(value))
    if kind == _NO_MEMBER:  # the only union in the format is a branch's target: a number or `end`
        return say("definition.bad_branch_to")
    if kind == "unsupported_format":
        return say("definition.unsupported_format", value=value, format=FORMAT)
    return say("definition.schema_other", detail=error["msg"])


def _iso_example(value: object) -> str:
    """The ISO form of a day/month/year date when the text is one (12/03/2018 -> 2018-03-12)."""
    written = _DAY_MONTH_YEAR.fullmatch(str(value).strip())
    if written:
        day, month, year = (int(part) for part in written.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass
    return "2019-06-21"


def _relevant(errors: list[ErrorDetails], parsed: ParsedYaml) -> list[ErrorDetails]:
    """Drop errors about values already reported at the YAML level, and pydantic's length echo.

    When items of a sequence fail, pydantic also says the sequence is too short (it counts only the
    items that passed); that second error would send the reader after a problem that is not there.
    """
    failing = {tuple(e["loc"]) for e in errors}
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        if parsed.is_blocked(loc) and error["type"] != "extra_forbidden":
            continue
        if error["type"] == "too_short" and any(f[:len(loc)] == loc and len(f) > len(loc) for f in failing):
            continue
        kept.append(error)
    return kept
