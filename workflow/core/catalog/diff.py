"""What changed between two catalogues, entry by entry and field by field.

    diff_catalogues(old, new) -> CatalogueDiff     # added and removed codes, changed fields per entry
    diff_entries(old, new) -> tuple[FieldChange]    # one entry's changes

Fields are paths in the entry's JSON (`time.quantity`, `legal_basis[1].kind`, `service_points[0]`): objects
are compared key by key, lists position by position (an item only in one of them is added or removed
whole), values as they are. The same function serves the audit events of an import (`entry_changed`
names its fields), `catalog diff` and the informe of a publication. Pure: entries in, a value out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workflow.core.catalog.model import Entry, entry_json

# Bookkeeping of normalisation, not content a reader would call a change.
IGNORED = frozenset({"source_issues"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any  # JSON values; None where the field did not exist
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class EntryChange:
    code: str
    name: str
    fields: tuple[FieldChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "fields": [f.to_json() for f in self.fields]}


@dataclass(frozen=True)
class CatalogueDiff:
    added: tuple[str, ...]  # codes, sorted
    removed: tuple[str, ...]
    changed: tuple[EntryChange, ...]  # by code

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {"added": list(self.added), "removed": list(self.removed),
                "changed": [c.to_json() for c in self.changed]}


def diff_catalogues(old: Mapping[str, Entry], new: Mapping[str, Entry]) -> CatalogueDiff:
    changed = []
    for code in sorted(old.keys() & new.keys()):
        fields = diff_entries(old[code], new[code])
        if fields:
            changed.append(EntryChange(code=code, name=new[code].name, fields=fields))
    return CatalogueDiff(added=tuple(sorted(new.keys() - old.keys())), removed=tuple(sorted(old.keys() - new.keys())),
                         changed=tuple(changed))


def diff_entries(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    return diff_json(entry_json(old), entry_json(new))


def diff_json(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    found: list[FieldChange] = []
    for key in _ordered_keys(old, new):
        if key not in IGNORED:
            _walk(key, old.get(key), new.get(key), found)
    return tuple(found)


def _ordered_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def _walk(path: str, old: Any, new: Any, found: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in _ordered_keys(old, new):
            _walk(f"{path}.{key}", old.get(key), new.get(key), found)
        return
    if isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            _walk(f"{path}[{index}]", old[index] if index < len(old) else None,
                  new[index] if index < len(new) else None, found)
        return
    found.append(FieldChange(field=path, old=old, new=new))
