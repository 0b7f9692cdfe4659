"""What changed between two versions of a procedure, in words a process owner reads (`procedure diff`).

Pure. Activities are compared by number; areas, roles and records by id; everything else in the document
(title, version, objective, scope, leaders, legal basis, definitions, policies, change control, related
documents...) field by field, walking the models, so that a field added to the format later is compared
too. Each change is data (`Change`) carrying a translatable `Message`; `render_diff` words it in the
current language, e.g. "activity 2: areas: added Oficina TIC; removed Oficina SIG".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from workflow.core.definition import Activity, ChangeEntry, Procedure
from workflow.errors import Message

__all__ = ["Change", "ChangeKind", "ChangeSubject", "diff_procedures", "render_diff"]

ChangeKind = Literal["added", "removed", "changed", "renamed"]  # renamed: same id, another name
ChangeSubject = Literal["activity", "area", "role", "record", "document"]

_CATALOGUES: dict[str, Literal["area", "role", "record"]] = {"areas": "area", "roles": "role", "records": "record"}


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: ChangeSubject
    key: str  # the activity number, the area/role/record id, or the document's field name
    detail: Message

    def render(self) -> str:
        if self.subject == "document":
            return Message("diff.line.document", {"detail": self.detail}).render()
        if self.kind in ("changed", "renamed"):
            return Message(f"diff.line.{self.kind}", {"subject": Message(f"diff.subject.{self.subject}"),
                                                 "key": self.key, "detail": self.detail}).render()
        return Message(f"diff.line.{self.kind}.{self.subject}", {"key": self.key, "detail": self.detail}).render()


def render_diff(changes: Sequence[Change]) -> list[str]:
    """One line per change, in the current language; no changes, no lines."""
    return [change.render() for change in changes]


def diff_procedures(old: Procedure, new: Procedure) -> list[Change]:
    """Every difference from `old` to `new`, in the order of the document; none when they are equal."""
    changes: list[Change] = []
    for name in Procedure.model_fields:
        if name == "activities":
            changes += _activities(old, new)
        elif name in _CATALOGUES:
            changes += _catalogue(name, getattr(old, name), getattr(new, name))
        elif isinstance(getattr(old, name), tuple) and _holds_models(getattr(old, name), getattr(new, name)):
            changes += _entries(name, getattr(old, name), getattr(new, name))
        else:
            changes += [Change("changed", "document", name, detail)
                        for detail in _field_changes(name, getattr(old, name), getattr(new, name))]
    return changes


# ---------------------------------------------------------------------------------------------------
# Values in words.


def _field(name: str) -> Message:
    return Message(f"diff.field.{name}")


def _plain(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, list | tuple):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(_plain(v) for v in value.values() if v is not None and v != [] and v != ())
    return str(value)


def _shown(value: Any) -> str | Message:
    """A value as a reader sees it: text as written, lists joined, sub-records as their values."""
    if value is None or value == () or value == "":
        return Message("diff.empty")
    return _plain(value)


def _without(items: Sequence[Hashable], others: Sequence[Hashable]) -> list[Any]:
    """The items of `items` not matched one for one in `others` (a multiset difference, in order)."""
    remaining = Counter(others)
    left = []
    for item in items:
        if remaining[item] > 0:
            remaining[item] -= 1
        else:
            left.append(item)
    return left


def _list_change(field: str, old: Sequence[Hashable], new: Sequence[Hashable],
                 show_old: Callable[[Any], str] = str, show_new: Callable[[Any], str] = str,
                 separator: str = "; ") -> list[Message]:
    if tuple(old) == tuple(new):
        return []
    added = separator.join(show_new(x) for x in _without(new, old))
    removed = separator.join(show_old(x) for x in _without(old, new))
    if added and removed:
        return [Message("diff.list_added_removed", {"field": _field(field), "added": added, "removed": removed})]
    if added:
        return [Message("diff.list_added", {"field": _field(field), "added": added})]
    if removed:
        return [Message("diff.list_removed", {"field": _field(field), "removed": removed})]
    return [Message("diff.list_reordered", {"field": _field(field),
                                            "order": separator.join(show_new(x) for x in new)})]


def _field_changes(name: str, old: Any, new: Any) -> list[Message]:
    """How one field differs: sub-records field by field, lists of text item by item, values old -> new."""
    if old == new:
        return []
    if isinstance(old, BaseModel) and type(old) is type(new):
        return [Message("diff.part_changed", {"part": _field(name), "detail": detail})
                for sub in type(old).model_fields
                for detail in _field_changes(sub, getattr(old, sub), getattr(new, sub))]
    if isinstance(old, tuple) and isinstance(new, tuple) and all(isinstance(v, str) for v in (*old, *new)):
        return _list_change(name, old, new)
    if old is None or old == ():
        return [Message("diff.value_set", {"field": _field(name), "new": _shown(new)})]
    if new is None or new == ():
        return [Message("diff.value_cleared", {"field": _field(name), "old": _shown(old)})]
    return [Message("diff.value_changed", {"field": _field(name), "old": _shown(old), "new": _shown(new)})]


# ---------------------------------------------------------------------------------------------------
# Areas, roles and records: by id.


def _summary(item: BaseModel) -> str:
    name = str(getattr(item, "name", ""))
    code = getattr(item, "code", None)
    return f"{name} ({code})" if code else name


def _catalogue(section: str, old: Sequence[Any], new: Sequence[Any]) -> list[Change]:
    subject = _CATALOGUES[section]
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    changes: list[Change] = []
    for item_id, item in before.items():
        if item_id not in after:
            changes.append(Change("removed", subject, item_id, Message("diff.text", {"text": _summary(item)})))
            continue
        if item.name != after[item_id].name:
            changes.append(Change("renamed", subject, item_id, Message("diff.renamed", {
                "old": item.name, "new": after[item_id].name})))
        for name in type(item).model_fields:
            if name not in ("id", "name"):
                changes += [Change("changed", subject, item_id, detail)
                            for detail in _field_changes(name, getattr(item, name), getattr(after[item_id], name))]
    changes += [Change("added", subject, item_id, Message("diff.text", {"text": _summary(item)}))
                for item_id, item in after.items() if item_id not in before]
    return changes


# ---------------------------------------------------------------------------------------------------
# Activities: by number.


def _activities(old: Procedure, new: Procedure) -> list[Change]:
    before = {a.number: a for a in old.activities}
    after = {a.number: a for a in new.activities}
    changes: list[Change] = []
    for number, activity in before.items():
        if number not in after:
            changes.append(Change("removed", "activity", str(number), Message("diff.text", {"text": activity.name})))
            continue
        changes += [Change("changed", "activity", str(number), detail)
                    for detail in _activity_changes(old, new, activity, after[number])]
    changes += [Change("added", "activity", str(number), Message("diff.text", {"text": activity.name}))
                for number, activity in after.items() if number not in before]
    return changes


def _activity_changes(old: Procedure, new: Procedure, before: Activity, after: Activity) -> list[Message]:
    def area_in(procedure: Procedure) -> Callable[[str], str]:
        return lambda area_id: procedure.area(area_id).name

    def record_in(procedure: Procedure) -> Callable[[str], str]:
        return lambda record_id: _summary(procedure.record(record_id))

    def told_apart(was: Sequence[str], now: Sequence[str], show_old: Callable[[str], str],
                   show_new: Callable[[str], str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
        """An id removed and another added under the same name read "added X; removed X": name the ids."""
        same = {show_old(i) for i in _without(was, now)} & {show_new(i) for i in _without(now, was)}

        def with_id(show: Callable[[str], str]) -> Callable[[str], str]:
            return lambda i: Message("diff.same_name", {"name": show(i), "id": i}).render() if show(i) in same \
                else show(i)

        return with_id(show_old), with_id(show_new)

    details: list[Message] = []
    for name in Activity.model_fields:
        was, now = getattr(before, name), getattr(after, name)
        if name == "number" or was == now:
            continue
        if name == "areas":
            details += _list_change(name, was, now, *told_apart(was, now, area_in(old), area_in(new)), ", ")
        elif name == "records":
            details += _list_change(name, was, now, *told_apart(was, now, record_in(old), record_in(new)), ", ")
        elif name == "role":
            details.append(Message("diff.value_changed", {"field": _field(name), "old": old.role(was).name,
                                                          "new": new.role(now).name}))
        else:
            details += _field_changes(name, was, now)
    return details


# ---------------------------------------------------------------------------------------------------
# Lists of entries in the document (change control, legal basis, definitions, related documents): each
# entry is known by its first field (version, norm, term, name).


def _holds_models(*sequences: tuple[Any, ...]) -> bool:
    items = [item for sequence in sequences for item in sequence]
    return bool(items) and all(isinstance(item, BaseModel) for item in items)


def _keyed(entries: Sequence[BaseModel]) -> dict[str, BaseModel]:
    keyed: dict[str, BaseModel] = {}
    seen: Counter[str] = Counter()
    for entry in entries:
        key = str(getattr(entry, next(iter(type(entry).model_fields))))
        seen[key] += 1
        keyed[key if seen[key] == 1 else f"{key} ({seen[key]})"] = entry
    return keyed


def _rest(entry: BaseModel) -> str | Message:
    """An entry's content after its key, for an entry added or removed."""
    fields = list(type(entry).model_fields)[1:]
    return _shown(tuple(getattr(entry, f) for f in fields if getattr(entry, f) is not None))


def _entry_added_or_removed(kind: Literal["added", "removed"], section: str, key: str,
                            entry: BaseModel) -> Message:
    if isinstance(entry, ChangeEntry):
        description = entry.description + (f" ({_plain(entry.act)})" if entry.act else "")
        return Message(f"diff.change_entry_{kind}", {"version": entry.version, "date": entry.date,
                                                      "description": description})
    return Message(f"diff.entry_{kind}", {"section": _field(section), "entry": key, "summary": _rest(entry)})


def _entries(section: str, old: Sequence[BaseModel], new: Sequence[BaseModel]) -> list[Change]:
    before, after = _keyed(old), _keyed(new)
    changes: list[Change] = []
    for key, entry in before.items():
        if key not in after:
            changes.append(Change("removed", "document", section,
                                  _entry_added_or_removed("removed", section, key, entry)))
            continue
        for name in list(type(entry).model_fields)[1:]:
            for detail in _field_changes(name, getattr(entry, name), getattr(after[key], name)):
                if isinstance(entry, ChangeEntry):
                    message = Message("diff.change_entry_changed", {"version": key, "detail": detail})
                else:
                    message = Message("diff.entry_changed", {"section": _field(section), "entry": key,
                                                             "detail": detail})
                changes.append(Change("changed", "document", section, message))
    changes += [Change("added", "document", section, _entry_added_or_removed("added", section, key, entry))
                for key, entry in after.items() if key not in before]
    if not changes and list(before) != list(after):
        changes.append(Change("changed", "document", section, Message("diff.list_reordered", {
            "field": _field(section), "order": "; ".join(after)})))
    return changes
