"""The definition room: procedure YAML text -> a frozen, typed `Procedure`, or every problem at once.

Pure: no files (except in `load_procedure_file`), no clock, no environment. Each problem carries
PATH:LINE:COL so an editor can jump to it, and a message key so the shell renders it in the user's
language. Structure and types are checked by the pydantic models; the rules that span several parts of
the file (references, unique ids, numbering, empty definitions) are checked on the raw data, so that a
type error in one place does not hide a bad reference in another.
"""

from __future__ import annotations

import hashlib
import re
import types
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from workflow.core.yaml_positions import ParsedYaml, Path, Position, parse
from workflow.errors import DefinitionInvalid, Message, Problem

__all__ = [
    "BRANCH_CONDITIONS",
    "END",
    "FORMAT",
    "ID_PATTERN",
    "Act",
    "Activity",
    "Area",
    "Branch",
    "ChangeEntry",
    "Definition",
    "DefinitionInvalid",
    "Finding",
    "HeaderAsWritten",
    "ItemList",
    "LegalNorm",
    "LoadedProcedure",
    "Organization",
    "Procedure",
    "Record",
    "RelatedDocument",
    "Role",
    "consistency_findings",
    "load_procedure_file",
    "load_procedure_text",
    "validate_paths",
]

FORMAT = 1  # the layout version of procedure files this module reads
END = "end"  # the target of a branch that ends the cycle
# Conditions a branch may name. The functions live in workflow.core.guards; this list is what a file may
# say, so that validation needs no import of the engine (and nothing named in a file is ever imported).
BRANCH_CONDITIONS: dict[str, bool] = {  # name -> whether it takes a `record`
    "record_attached": True,
    "record_missing": True,
    "all_items_waived": False,
    "some_items_waived": False,
}
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_CHECKS_DONE = "workflow.core.definition.consistency_checked"  # validation context flag set by the loader


def _iso_date(value: str) -> str:
    if _ISO_DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "`{value}` is not a real date written YYYY-MM-DD", {"value": value})


def _supported_format(value: int) -> int:
    if value != FORMAT:
        raise PydanticCustomError("unsupported_format", "unsupported format {value}", {"value": value})
    return value


T = TypeVar("T")
# Sequences accept a list from Python callers and become tuples; their items stay strict.
Seq = Annotated[tuple[T, ...], Field(strict=False)]
NonEmptySeq = Annotated[tuple[T, ...], Field(strict=False, min_length=1)]
Text = Annotated[StrictStr, StringConstraints(min_length=1)]
Id = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN)]
IsoDate = Annotated[StrictStr, AfterValidator(_iso_date)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Organization(_Model):
    name: Text
    subtitle: Text | None = None


class HeaderAsWritten(_Model):
    """The page header exactly as printed, where our display values normalise its capitals and accents."""

    organization: Text | None = None
    title: Text | None = None
    process: Text | None = None
    macroprocess: Text | None = None


class Act(_Model):
    kind: Text
    number: Text
    date: IsoDate


class ChangeEntry(_Model):
    version: Text
    date: IsoDate
    description: Text
    act: Act | None = None


class LegalNorm(_Model):
    norm: Text
    description: Text | None


class Definition(_Model):
    term: Text
    text: StrictStr | None  # null where the document lists the term without a text: a warning, not an error
    as_written: Text | None = None


class Area(_Model):
    id: Id
    name: Text
    as_written: Text | None = None


class Role(_Model):
    id: Id
    name: Text


class Record(_Model):
    id: Id
    name: Text
    code: Text | None
    as_written: Text | None = None


class RelatedDocument(_Model):
    name: Text
    code: Text | None


class ItemList(_Model):
    """A list of items an activity runs once per (the Alcaldía's dependencias, say). The items
    themselves are organisation data the owner keeps in their own file, published with `init`."""

    id: Id
    name: Text


class Branch(_Model):
    """Where completing an activity leads: the first branch whose condition holds is taken; the last
    branch has no condition and is the default."""

    to: Annotated[StrictInt, Field(ge=1)] | Literal["end"]
    when: Id | None = None
    record: Id | None = None


class Activity(_Model):
    number: Annotated[StrictInt, Field(ge=1)]
    name: Text
    description: Text
    areas: NonEmptySeq[Id]
    role: Id
    records: Seq[Id]
    records_as_written: Text | None = None
    notes: Seq[Text] = ()
    optional: StrictBool = False
    term_business_days: Annotated[StrictInt, Field(ge=1)] | None = None
    for_each: Id | None = None
    returns_to: Seq[Annotated[StrictInt, Field(ge=1)]] | None = None  # None: any earlier activity
    next: Seq[Branch] = ()  # empty: the following activity (or the end after the last)


class Procedure(_Model):
    format: Annotated[StrictInt, AfterValidator(_supported_format)]
    code: Text
    title: Text
    version: Text
    organization: Organization
    macroprocess: Text
    process: Text
    pages: Annotated[StrictInt, Field(ge=1)] | None = None
    as_written: HeaderAsWritten | None = None
    change_control: NonEmptySeq[ChangeEntry]
    leaders: Seq[Text]
    objective: Text
    scope: Text
    legal_basis: Seq[LegalNorm]
    definitions: Seq[Definition]
    operating_policies: Seq[Text]
    areas: NonEmptySeq[Area]
    roles: NonEmptySeq[Role]
    records: Seq[Record]
    activities: NonEmptySeq[Activity]
    related_documents: Seq[RelatedDocument]
    item_lists: Seq[ItemList] = ()
    calendar: Id | None = None  # local non-working days: procedures/calendars/<calendar>.yaml

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Procedure:
        # The loader has already reported these with positions; a Python caller gets them here.
        if isinstance(info.context, Mapping) and info.context.get(_CHECKS_DONE):
            return self
        findings = consistency_findings(self.model_dump())
        errors = [f.message.render() for f in findings if f.severity == "error"]
        if errors:
            raise PydanticCustomError("procedure_inconsistent", "{detail}", {"detail": "; ".join(errors)})
        return self

    def area(self, area_id: str) -> Area:
        return _by(self.areas, lambda a: a.id == area_id, area_id)

    def role(self, role_id: str) -> Role:
        return _by(self.roles, lambda r: r.id == role_id, role_id)

    def record(self, record_id: str) -> Record:
        return _by(self.records, lambda r: r.id == record_id, record_id)

    def activity(self, number: int) -> Activity:
        return _by(self.activities, lambda a: a.number == number, number)

    @property
    def first_activity(self) -> Activity:
        return self.activities[0]

    @property
    def last_activity(self) -> Activity:
        return self.activities[-1]

    def item_list(self, list_id: str) -> ItemList:
        return _by(self.item_lists, lambda i: i.id == list_id, list_id)

    def following(self, number: int) -> int | Literal["end"]:
        """The activity after `number` in document order, or the end."""
        numbers = [a.number for a in self.activities]
        position = numbers.index(number)
        return numbers[position + 1] if position + 1 < len(numbers) else "end"

    def branches(self, number: int) -> tuple[Branch, ...]:
        """Where completing activity `number` may lead, in the order they are tried."""
        activity = self.activity(number)
        return activity.next or (Branch(to=self.following(number)),)

    def return_targets(self, number: int) -> tuple[int, ...]:
        activity = self.activity(number)
        if activity.returns_to is not None:
            return tuple(activity.returns_to)
        return tuple(a.number for a in self.activities if a.number < number)


def _by(items: Iterable[T], matches: Callable[[T], bool], key: object) -> T:
    for item in items:
        if matches(item):
            return item
    raise KeyError(key)


@dataclass(frozen=True)
class LoadedProcedure:
    procedure: Procedure
    text: str  # the exact YAML text, so a published version can be stored and hashed as written
    sha256: str  # hex SHA-256 of the UTF-8 bytes of `text`
    path: str
    warnings: tuple[Problem, ...]


# ---------------------------------------------------------------------------------------------------
# Rules across the file, on raw data (the YAML as built, or a model dump): findings located by path.


@dataclass(frozen=True)
class Finding:
    path: Path
    message: Message
    severity: str = "error"


_REFERENCES = (("areas", "areas", "definition.undeclared_area"),
               ("role", "roles", "definition.undeclared_role"),
               ("records", "records", "definition.undeclared_record"))


def consistency_findings(data: Mapping[str, Any],
                         line_of: Callable[[Path], int | None] = lambda _: None) -> list[Finding]:
    """Duplicate ids and numbers, numbering, undeclared references, definitions without text.

    Values of the wrong type are skipped: the schema reports them, and guessing here would only
    add noise to that report.
    """
    findings: list[Finding] = []
    declared = {section: _declared_ids(data, section, findings, line_of)
                for section in ("areas", "roles", "records")}
    _check_numbers(data, findings, line_of)
    for index, activity in _mappings(data.get("activities")):
        for field, section, key in _REFERENCES:
            known = declared[section]
            value = activity.get(field)
            refs = [((field,), value)] if field == "role" else [((field, i), v) for i, v in _items(value)]
            for where, ref in refs:
                if known is None or not isinstance(ref, str) or not _ID.fullmatch(ref) or ref in known:
                    continue
                findings.append(Finding(("activities", index, *where),
                                        Message(key, {"ref": ref, "fix": _suggest(ref, list(known))})))
    _check_shapes(data, declared, findings)
    for index, definition in _mappings(data.get("definitions")):
        if "text" not in definition:
            continue  # a missing key is the schema's to report
        text = definition["text"]
        if text is None or (isinstance(text, str) and not text.strip()):
            term = definition.get("term")
            findings.append(Finding(("definitions", index, "text"), Message(
                "definition.definition_without_text", {"term": term if isinstance(term, str) else "?"}),
                "warning"))
    return findings


def _check_shapes(data: Mapping[str, Any], declared: Mapping[str, dict[str, Path] | None],
                 findings: list[Finding]) -> None:
    """Item lists, returns and branches name things that must exist; branches end with a default."""
    lists = [i.get("id") for _, i in _mappings(data.get("item_lists"))]
    numbers = [a.get("number") for _, a in _mappings(data.get("activities"))
               if isinstance(a.get("number"), int) and not isinstance(a.get("number"), bool)]
    records = declared.get("records")
    for index, activity in _mappings(data.get("activities")):
        here: Path = ("activities", index)
        number = activity.get("number")
        for_each = activity.get("for_each")
        if isinstance(for_each, str) and for_each not in lists:
            findings.append(Finding((*here, "for_each"), Message("definition.undeclared_list", {
                "ref": for_each, "fix": _suggest(for_each, [str(x) for x in lists if isinstance(x, str)])})))
        for position, target in _items(activity.get("returns_to")):
            if isinstance(target, int) and isinstance(number, int) and not (target < number and target in numbers):
                findings.append(Finding((*here, "returns_to", position), Message(
                    "definition.bad_return", {"target": target, "number": number})))
        branches = list(_mappings(activity.get("next")))
        for position, branch in branches:
            where: Path = (*here, "next", position)
            target = branch.get("to")
            if isinstance(target, int) and not isinstance(target, bool) and target not in numbers:
                findings.append(Finding((*where, "to"), Message("definition.bad_branch_target", {"target": target})))
            condition = branch.get("when")
            last = position == branches[-1][0]
            if condition is None and not last:
                findings.append(Finding(where, Message("definition.default_branch_not_last")))
            if condition is not None and last:
                findings.append(Finding(where, Message("definition.last_branch_has_condition")))
            if isinstance(condition, str):
                if condition not in BRANCH_CONDITIONS:
                    findings.append(Finding((*where, "when"), Message("definition.unknown_condition", {
                        "ref": condition, "fix": _suggest(condition, list(BRANCH_CONDITIONS))})))
                elif BRANCH_CONDITIONS[condition] and branch.get("record") is None:
                    findings.append(Finding(where, Message("definition.condition_needs_record",
                                                           {"condition": condition})))
                elif condition.endswith("items_waived") and activity.get("for_each") is None:
                    findings.append(Finding((*where, "when"), Message("definition.condition_needs_items",
                                                                      {"condition": condition})))
            record = branch.get("record")
            if isinstance(record, str) and records is not None and record not in records:
                findings.append(Finding((*where, "record"), Message("definition.undeclared_record", {
                    "ref": record, "fix": _suggest(record, list(records))})))


def _items(value: object) -> Iterator[tuple[int, Any]]:
    if isinstance(value, list | tuple):
        yield from enumerate(value)


def _mappings(value: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for index, item in _items(value):
        if isinstance(item, Mapping):
            yield index, item


def _earlier(path: Path, line_of: Callable[[Path], int | None]) -> Message:
    """Where the first of two equal ids or numbers is: its line when known (a file), else its item."""
    line = line_of(path)
    if line is None:
        return Message("definition.first_at_item", {"item": int(path[1]) + 1})
    return Message("definition.first_at_line", {"line": line})


def _declared_ids(data: Mapping[str, Any], section: str, findings: list[Finding],
                  line_of: Callable[[Path], int | None]) -> dict[str, Path] | None:
    if not isinstance(data.get(section), list | tuple):
        return None  # the schema reports it; every reference would be a false alarm
    seen: dict[str, Path] = {}
    for index, item in _mappings(data[section]):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        path: Path = (section, index, "id")
        if item_id in seen:
            findings.append(Finding(path, Message("definition.duplicate_id", {
                "id": item_id, "section": section, "first": _earlier(seen[item_id], line_of)})))
        else:
            seen[item_id] = path
    return seen


def _check_numbers(data: Mapping[str, Any], findings: list[Finding],
                   line_of: Callable[[Path], int | None]) -> None:
    seen: dict[int, Path] = {}
    previous = 0
    for index, activity in _mappings(data.get("activities")):
        number = activity.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        path: Path = ("activities", index, "number")
        if number in seen:
            findings.append(Finding(path, Message("definition.duplicate_number", {
                "number": number, "first": _earlier(seen[number], line_of)})))
            continue
        seen[number] = path
        # Compared with the previous number, so one gap is one problem rather than a cascade.
        if number != previous + 1:
            findings.append(Finding(path, Message("definition.number_out_of_order",
                                                  {"number": number, "expected": previous + 1})))
        previous = number


def _suggest(wrong: str, known: Sequence[str]) -> Message:
    close = get_close_matches(wrong, known, n=1, cutoff=0.6)
    if close:
        return Message("definition.did_you_mean", {"suggestion": close[0]})
    if known:
        return Message("definition.declared_are", {"ids": ", ".join(f"`{k}`" for k in known)})
    return Message("definition.none_declared")


# ---------------------------------------------------------------------------------------------------
# Schema errors (pydantic) -> positioned, translated messages.


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


def _found(value: object, source: str | None) -> Message:
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
        found = _found(value, source)
        return position, Message(key, {"what": _what(loc), "found": found, **params})

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
    if kind == "iso_date":
        return say("definition.bad_date", value=value, example=_iso_example(value))
    if kind == "unsupported_format":
        return say("definition.unsupported_format", value=value, format=FORMAT)
    return say("definition.schema_other", detail=error["msg"])


def _iso_example(value: object) -> str:
    """The ISO form of a day/month/year date when the text is one (12/03/2018 -> 2018-03-12)."""
    found = _DAY_MONTH_YEAR.fullmatch(str(value).strip())
    if found:
        day, month, year = (int(part) for part in found.groups())
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


# ---------------------------------------------------------------------------------------------------
# Loading.


def load_procedure_text(text: str, path: str = "<text>") -> LoadedProcedure:
    """Validate procedure YAML `text`; raise DefinitionInvalid with every problem (warnings included)."""
    parsed = parse(text)
    problems = [Problem(path, line, column, message) for (line, column), message in parsed.problems]
    procedure: Procedure | None = None
    if parsed.empty:
        problems.append(Problem(path, 1, 1, Message("definition.empty")))
    elif parsed.positions and not parsed.is_blocked(()):
        if not isinstance(parsed.value, dict):
            line, column = parsed.position(())
            problems.append(Problem(path, line, column, Message(
                "definition.top_not_mapping", {"found": _found(parsed.value, parsed.sources.get(()))})))
        else:
            try:
                procedure = Procedure.model_validate(parsed.value, context={_CHECKS_DONE: True})
            except ValidationError as invalid:
                for error in _relevant(invalid.errors(include_url=False), parsed):
                    (line, column), message = _schema_message(error, parsed)
                    problems.append(Problem(path, line, column, message))

            def line_of(p: Path) -> int | None:
                return parsed.position(p)[0] if p in parsed.positions else None

            for finding in consistency_findings(parsed.value, line_of):
                line, column = parsed.position(finding.path)
                problems.append(Problem(path, line, column, finding.message, finding.severity))
    problems = _sorted_unique(problems)
    if procedure is None or any(p.severity == "error" for p in problems):
        raise DefinitionInvalid(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedProcedure(procedure=procedure, text=text, sha256=digest, path=path, warnings=tuple(problems))


def _sorted_unique(problems: Iterable[Problem]) -> list[Problem]:
    unique = {(p.line, p.column, p.severity, p.message.key, repr(p.message.params)): p for p in problems}
    return [unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1], k[2] != "error", k[3]))]


def load_procedure_file(path: FilePath) -> LoadedProcedure:
    """Read `path` as UTF-8 and load it; an unreadable file is one problem, like any other."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DefinitionInvalid([Problem(name, 1, 1, Message("definition.file_missing"))]) from None
    except IsADirectoryError:
        raise DefinitionInvalid([Problem(name, 1, 1, Message("definition.file_is_directory"))]) from None
    except OSError as error:
        raise DefinitionInvalid([Problem(name, 1, 1, Message(
            "definition.file_unreadable", {"detail": error.strerror or str(error)}))]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8", errors="replace")) + 1
        raise DefinitionInvalid([Problem(name, data.count(b"\n", 0, error.start) + 1, column, Message(
            "definition.file_encoding", {"byte": f"0x{data[error.start]:02X}"}))]) from None
    return load_procedure_text(text, name)


Validated = tuple[str, LoadedProcedure | None, tuple[Problem, ...]]


def validate_paths(paths: Iterable[FilePath]) -> list[Validated]:
    """For `procedure validate PATH...`: each file's procedure (None when invalid) and its problems."""
    results: list[Validated] = []
    for path in paths:
        try:
            loaded = load_procedure_file(path)
        except DefinitionInvalid as invalid:
            results.append((str(path), None, invalid.problems))
        else:
            results.append((str(path), loaded, loaded.warnings))
    return results
