"""Rules across a procedure file: references, unique ids, numbering, branches, returns, item lists.

They run on raw data (the YAML as built, or a model dump) rather than on the models, so that a type
error in one place does not hide a bad reference in another; each finding is located by its path in
the data. The models (workflow.core.definition) call them for Python callers, the loader
(workflow.core.loading) with line numbers: this module imports neither, so neither import is a cycle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any, TypeGuard

from workflow.errors import Message

if TYPE_CHECKING:  # the type only: a definition read from the cache parses no YAML
    from workflow.core.yaml_positions import Path

__all__ = ["BRANCH_CONDITIONS", "FIELD_CONDITIONS", "ID_PATTERN", "Finding", "consistency_findings"]

# Conditions a branch may name. The functions live in workflow.core.guards; this list is what a file may
# say, so that validation needs no import of the engine (and nothing named in a file is ever imported).
BRANCH_CONDITIONS: dict[str, bool] = {  # name -> whether it takes a `record`
    "record_attached": True,
    "record_missing": True,
    "all_items_waived": False,
    "some_items_waived": False,
    "field_equals": False,
    "field_in": False,
}
# Conditions on case data: they take `field` and `value` (field_equals) or `values` (field_in).
FIELD_CONDITIONS: dict[str, str] = {"field_equals": "value", "field_in": "values"}
# Here rather than with the models, which take it for their `Id` type: a reference that is not an id
# at all is the schema's to report, and these rules must tell one from the other without the models.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Finding:
    path: Path
    message: Message
    severity: str = "error"


_REFERENCES = (("areas", "areas", "definition.undeclared_area"),
               ("role", "roles", "definition.undeclared_role"),
               ("records", "records", "definition.undeclared_record"),
               ("optional_records", "records", "definition.undeclared_record"))


def consistency_findings(data: Mapping[str, Any],
                         line_of: Callable[[Path], int | None] = lambda _: None) -> list[Finding]:
    """Duplicate ids and numbers, numbering, undeclared references, definitions without text.

    Values of the wrong type are skipped: the schema reports them, and guessing here would only
    add noise to that report.
    """
    findings: list[Finding] = []
    declared = {section: _declared_ids(data, section, findings, line_of)
                for section in ("areas", "roles", "records", "item_lists", "fields", "actions")}
    _check_numbers(data, findings, line_of)
    for index, activity in _mappings(data.get("activities")):
        for field, section, key in _REFERENCES:
            known = declared[section]
            value = activity.get(field)
            refs = [((field,), value)] if field == "role" else [((field, i), v) for i, v in _items(value)]
            for where, ref in refs:
                if known is None or not _is_id(ref) or ref in known:
                    continue
                findings.append(Finding(("activities", index, *where),
                                        Message(key, {"ref": ref, "fix": _suggest(ref, list(known))})))
    _check_shapes(data, declared, findings)
    _check_case_data(data, declared, findings)
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
    # `item_lists` may be left out (no activity runs per item); any other section missing is the schema's.
    lists = declared["item_lists"] if "item_lists" in data else {}
    numbers = [a.get("number") for _, a in _mappings(data.get("activities")) if _is_number(a.get("number"))]
    records = declared.get("records")
    for index, activity in _mappings(data.get("activities")):
        here: Path = ("activities", index)
        number = activity.get("number")
        for_each = activity.get("for_each")
        if lists is not None and _is_id(for_each) and for_each not in lists:
            findings.append(Finding((*here, "for_each"), Message("definition.undeclared_list", {
                "ref": for_each, "fix": _suggest(for_each, list(lists))})))
        for position, target in _items(activity.get("returns_to")):
            if _is_number(target) and _is_number(number) and not (target < number and target in numbers):
                findings.append(Finding((*here, "returns_to", position), Message(
                    "definition.bad_return", {"target": target, "number": number})))
        branches = list(_mappings(activity.get("next")))
        for position, branch in branches:
            where: Path = (*here, "next", position)
            target = branch.get("to")
            if _is_number(target) and target not in numbers:
                findings.append(Finding((*where, "to"), Message("definition.bad_branch_target", {"target": target})))
            condition = branch.get("when")
            last = position == branches[-1][0]
            if condition is None and not last:
                findings.append(Finding(where, Message("definition.default_branch_not_last")))
            if condition is not None and last:
                findings.append(Finding(where, Message("definition.last_branch_has_condition")))
            if _is_id(condition):
                if condition not in BRANCH_CONDITIONS:
                    findings.append(Finding((*where, "when"), Message("definition.unknown_condition", {
                        "ref": condition, "fix": _suggest(condition, list(BRANCH_CONDITIONS))})))
                elif BRANCH_CONDITIONS[condition] and branch.get("record") is None:
                    findings.append(Finding(where, Message("definition.condition_needs_record",
                                                           {"condition": condition})))
                elif condition.endswith("items_waived") and activity.get("for_each") is None:
                    findings.append(Finding((*where, "when"), Message("definition.condition_needs_items",
                                                                      {"condition": condition})))
            if condition in FIELD_CONDITIONS:
                _check_field_condition(data, branch, where, str(condition), declared, findings)
            record = branch.get("record")
            if _is_id(record) and records is not None and record not in records:
                findings.append(Finding((*where, "record"), Message("definition.undeclared_record", {
                    "ref": record, "fix": _suggest(record, list(records))})))


def _field_types(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {f["id"]: f for _, f in _mappings(data.get("fields")) if _is_id(f.get("id"))}


def _check_case_data(data: Mapping[str, Any], declared: Mapping[str, dict[str, Path] | None],
                     findings: list[Finding]) -> None:
    """Case fields: an enum lists its values, an item field names a declared list, nothing else takes
    either; actions set declared fields at declared activities."""
    lists = declared["item_lists"] if "item_lists" in data else {}
    for index, field in _mappings(data.get("fields")):
        where: Path = ("fields", index)
        kind = field.get("type")
        values, list_id = field.get("values"), field.get("list")
        if kind == "enum" and not values:
            findings.append(Finding(where, Message("definition.field_enum_needs_values", {"field": field.get("id")})))
        if kind != "enum" and values:
            findings.append(Finding((*where, "values"), Message("definition.field_values_only_enum",
                                                                {"field": field.get("id")})))
        if kind == "item" and list_id is None:
            findings.append(Finding(where, Message("definition.field_item_needs_list", {"field": field.get("id")})))
        if kind != "item" and list_id is not None:
            findings.append(Finding((*where, "list"), Message("definition.field_list_only_item",
                                                              {"field": field.get("id")})))
        if lists is not None and _is_id(list_id) and list_id not in lists:
            findings.append(Finding((*where, "list"), Message("definition.undeclared_list", {
                "ref": list_id, "fix": _suggest(list_id, list(lists))})))
        if field.get("required") is True and field.get("at_start") is False:
            findings.append(Finding((*where, "required"), Message("definition.field_required_not_at_start",
                                                                  {"field": field.get("id")})))
    fields = declared["fields"] if "fields" in data else {}
    types = _field_types(data)
    for index, term in _mappings(data.get("terms")):
        ref, value = term.get("field"), term.get("value")
        if fields is not None and _is_id(ref) and ref not in fields:
            findings.append(Finding(("terms", index, "field"), Message(
                "definition.undeclared_field", {"ref": ref, "fix": _suggest(ref, list(fields))})))
        allowed = types.get(ref, {}).get("values") if _is_id(ref) else None
        if isinstance(allowed, list | tuple) and allowed and _is_id(value) and value not in allowed:
            findings.append(Finding(("terms", index, "value"), Message("definition.field_value_not_allowed", {
                "value": value, "field": ref, "allowed": ", ".join(str(a) for a in allowed)})))
    numbers = {a.get("number") for _, a in _mappings(data.get("activities"))}
    for index, action in _mappings(data.get("actions")):
        for position, ref in _items(action.get("sets")):
            if fields is not None and _is_id(ref) and ref not in fields:
                findings.append(Finding(("actions", index, "sets", position), Message(
                    "definition.undeclared_field", {"ref": ref, "fix": _suggest(ref, list(fields))})))
        for position, number in _items(action.get("activities")):
            if _is_number(number) and number not in numbers:
                findings.append(Finding(("actions", index, "activities", position), Message(
                    "definition.action_bad_activity", {"target": number})))


def _check_field_condition(data: Mapping[str, Any], branch: Mapping[str, Any], where: Path, condition: str,
                           declared: Mapping[str, dict[str, Path] | None], findings: list[Finding]) -> None:
    """`field_equals` needs `field` and `value`, `field_in` `field` and `values`; an enum's values must
    be among those it allows."""
    field_id = branch.get("field")
    needs = FIELD_CONDITIONS[condition]
    if field_id is None or branch.get(needs) in (None, [], ()):
        findings.append(Finding(where, Message("definition.condition_needs_field",
                                               {"condition": condition, "key": needs})))
        return
    fields = declared.get("fields") if "fields" in data else {}
    if not _is_id(field_id) or fields is None:
        return
    if field_id not in fields:
        findings.append(Finding((*where, "field"), Message("definition.undeclared_field", {
            "ref": field_id, "fix": _suggest(field_id, list(fields))})))
        return
    declared_field = _field_types(data).get(field_id, {})
    allowed = declared_field.get("values")
    if declared_field.get("type") != "enum" or not isinstance(allowed, list | tuple) or not allowed:
        return
    keys = [(needs, i) for i, _ in _items(branch.get(needs))] if needs == "values" else [(needs,)]
    for key in keys:
        value = branch[needs][key[1]] if len(key) == 2 else branch.get(needs)
        if isinstance(value, str) and value not in allowed:
            findings.append(Finding((*where, *key), Message("definition.field_value_not_allowed", {
                "value": value, "field": field_id, "allowed": ", ".join(str(a) for a in allowed)})))


# A value of the wrong type or shape is the schema's to report: a rule that also judged it would say the
# same mistake twice, and the second time about something (a reference, an order) that is not wrong.
def _is_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _is_number(value: object) -> TypeGuard[int]:
    """An activity number as the schema accepts it (a bool is an int to Python, not to the schema)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


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
        if not _is_number(number):
            # A wrong value (0, "2") still holds its place, so the next number is not out of order too;
            # a missing one may be an activity inserted or one forgotten: no guess.
            if "number" in activity:
                previous += 1
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
