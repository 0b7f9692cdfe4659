"""The definition room's models: a procedure file as frozen, typed pydantic models, and their lookups.

Structure and types are checked here; the rules that span several parts of the file live in
workflow.core.rules (run on raw data), the translation of pydantic's errors into located messages in
workflow.core.schema_errors, and reading a file into a `LoadedProcedure` in workflow.core.loading.
Pure: no files, no clock, no environment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from workflow.core.limits import MAX_ACTIVITY_NUMBER, MAX_PAGES, MAX_TERM_BUSINESS_DAYS
from workflow.core.rules import ID_PATTERN, consistency_findings

__all__ = [
    "CONSISTENCY_CHECKED",
    "END",
    "FORMAT",
    "Act",
    "Activity",
    "Area",
    "Branch",
    "CaseAction",
    "CaseField",
    "ChangeEntry",
    "Definition",
    "HeaderAsWritten",
    "IsoDate",
    "ItemList",
    "LegalNorm",
    "Organization",
    "Procedure",
    "Record",
    "RelatedDocument",
    "Role",
    "Term",
]

FORMAT = 1  # the layout version of procedure files this module reads
END = "end"  # the target of a branch that ends the cycle
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Set in the validation context by the loader, which has already run the rules with line numbers.
CONSISTENCY_CHECKED = "workflow.core.definition.consistency_checked"


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
ActivityNumber = Annotated[StrictInt, Field(ge=1, le=MAX_ACTIVITY_NUMBER)]


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

    to: ActivityNumber | Literal["end"]
    when: Id | None = None
    record: Id | None = None
    field: Id | None = None  # the case field `field_equals` / `field_in` look at
    value: Text | None = None  # field_equals: the value
    values: Seq[Text] = ()  # field_in: the values


FieldType = Literal["text", "enum", "date", "email", "item"]


class CaseField(_Model):
    """One piece of case data a cycle carries (the type of a request, its channel, the citizen...):
    set when the cycle starts (`at_start`) and by the named actions that list it, checked against its
    type each time, written in the audit event that sets it."""

    id: Id
    name: Text
    type: FieldType
    values: Seq[Id] = ()  # enum: the values allowed
    list: Id | None = None  # item: the item list whose ids are allowed
    required: StrictBool = False  # must be given at the start
    at_start: StrictBool = True  # may be given at the start


class CaseAction(_Model):
    """A named step that sets case fields without moving the cycle (assign a request to a dependencia,
    record an extension); done by whoever holds the current activity's role in one of its areas."""

    id: Id
    name: Text
    sets: NonEmptySeq[Id]
    activities: Seq[ActivityNumber] = ()  # where it may be done (empty: at any activity)
    reason_required: StrictBool = False


class Term(_Model):
    """The term in business days of the cycles whose case field `field` has the value `value` (the legal
    term of a type of request); `business_days: null` means no term (a felicitación needs no answer)."""

    field: Id
    value: Id
    business_days: Annotated[StrictInt, Field(ge=1, le=MAX_TERM_BUSINESS_DAYS)] | None
    norm: Text | None = None


class Activity(_Model):
    number: ActivityNumber
    name: Text
    description: Text
    areas: NonEmptySeq[Id]
    role: Id
    records: Seq[Id]
    optional_records: Seq[Id] = ()  # records it may hold without requiring them (a citizen's attachments)
    records_as_written: Text | None = None
    notes: Seq[Text] = ()
    optional: StrictBool = False
    term_business_days: Annotated[StrictInt, Field(ge=1, le=MAX_TERM_BUSINESS_DAYS)] | None = None
    for_each: Id | None = None
    returns_to: Seq[ActivityNumber] | None = None  # None: any earlier activity
    next: Seq[Branch] = ()  # empty: the following activity (or the end after the last)


class Procedure(_Model):
    format: Annotated[StrictInt, AfterValidator(_supported_format)]
    code: Text
    title: Text
    version: Text
    organization: Organization
    macroprocess: Text
    process: Text
    pages: Annotated[StrictInt, Field(ge=1, le=MAX_PAGES)] | None = None
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
    fields: Seq[CaseField] = ()  # case data (empty: the cycles carry none)
    actions: Seq[CaseAction] = ()
    terms: Seq[Term] = ()  # terms chosen by case data

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Procedure:
        # The loader has already reported these with positions; a Python caller gets them here.
        if isinstance(info.context, Mapping) and info.context.get(CONSISTENCY_CHECKED):
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

    def case_field(self, field_id: str) -> CaseField:
        return _by(self.fields, lambda f: f.id == field_id, field_id)

    def action(self, action_id: str) -> CaseAction:
        return _by(self.actions, lambda a: a.id == action_id, action_id)

    def term_for(self, fields: Mapping[str, str]) -> Term | None:
        """The first declared term whose field has its value in `fields`, or None."""
        return next((t for t in self.terms if fields.get(t.field) == t.value), None)

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
