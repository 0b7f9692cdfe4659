"""What changed between two publications of the catalogue: entries added, removed, and fields changed
per entry, grouped by dependencia. Pure: two snapshots in (code -> the entry as `catalog show --json`
gives it), the changes out; `informe.html` and `catalog diff` show them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Changes", "FieldChange", "changes_between", "snapshot_bytes", "snapshot_sha256"]

Entry = Mapping[str, Any]
UNASSIGNED = ""  # the group of entries with no dependencia yet


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class EntryChange:
    code: str
    name: str
    dependencia: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Changes:
    added: tuple[EntryChange, ...]  # fields: none (the entry is new)
    removed: tuple[EntryChange, ...]
    changed: tuple[EntryChange, ...]
    first: bool  # no earlier publication: everything is added

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def by_dependencia(self) -> list[tuple[str, list[tuple[str, EntryChange]]]]:
        """(dependencia, [(kind, change), ...]) sorted by dependencia, kinds added, changed, removed."""
        groups: dict[str, list[tuple[str, EntryChange]]] = {}
        for kind, changes in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            for change in changes:
                groups.setdefault(change.dependencia, []).append((kind, change))
        return sorted(groups.items(), key=lambda group: (group[0] == UNASSIGNED, group[0].casefold()))

    def as_json(self) -> dict[str, Any]:
        def one(change: EntryChange) -> dict[str, Any]:
            return {"code": change.code, "name": change.name, "dependencia": change.dependencia or None,
                    "fields": [{"field": f.field, "before": f.before, "after": f.after} for f in change.fields]}
        return {"added": [one(c) for c in self.added], "removed": [one(c) for c in self.removed],
                "changed": [one(c) for c in self.changed]}


def snapshot_bytes(entries: Sequence[Entry]) -> bytes:
    """A publication's content as canonical JSON (entries by code, keys sorted): its SHA-256 is the
    publication's, the same catalogue always the same bytes."""
    ordered = sorted(entries, key=lambda entry: str(entry.get("code")))
    return json.dumps(ordered, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def snapshot_sha256(entries: Sequence[Entry]) -> str:
    return hashlib.sha256(snapshot_bytes(entries)).hexdigest()


def _dependencia(entry: Entry) -> str:
    value = entry.get("dependencia_name") or entry.get("dependencia")
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("id")
    return str(value) if value else UNASSIGNED


def _same(before: Any, after: Any) -> bool:
    return json.dumps(before, sort_keys=True, ensure_ascii=False) == json.dumps(after, sort_keys=True,
                                                                                  ensure_ascii=False)


def changes_between(previous: Mapping[str, Entry] | None, current: Mapping[str, Entry]) -> Changes:
    before = previous or {}

    def entry_change(code: str, entry: Entry, fields: tuple[FieldChange, ...] = ()) -> EntryChange:
        return EntryChange(code, str(entry.get("name") or ""), _dependencia(entry), fields)

    added = tuple(entry_change(code, current[code]) for code in sorted(current) if code not in before)
    removed = tuple(entry_change(code, before[code]) for code in sorted(before) if code not in current)
    changed = []
    for code in sorted(set(current) & set(before)):
        old, new = before[code], current[code]
        if _same(old, new):  # most entries of a publication are as they were: one comparison, not one a field
            continue
        fields = tuple(FieldChange(key, old.get(key), new.get(key)) for key in sorted(set(old) | set(new))
                       if not _same(old.get(key), new.get(key)))
        if fields:
            changed.append(entry_change(code, new, fields))
    return Changes(added, removed, tuple(changed), previous is None)
