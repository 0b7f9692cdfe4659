"""The catalogue's audit events and the table they imply.

Every change of the catalogue is an event of the audit chain, written in the same transaction as the
row of `catalog_entry` it explains (the table is a projection, rebuilt by `audit verify`):

    catalog.entry_added     data: code, sha256, entry (the whole canonical content), source
    catalog.entry_changed   data: code, sha256, previous_sha256, changes [{field, old, new}], entry, source
    catalog.entry_assigned  data: code, dependencia, dependencia_name, previous, how (matched | assigned)
    catalog.published       data: publication (1, 2, ...), entries, sha256 (of catalogo.json), previous, codes,
                            changes {added, removed, changed}; names the cycle at activity 4; no row

An event made with `--cycle` names that cycle and its activity, so the changes of a cycle can be found.
`CatalogReplay` rebuilds the rows from the events alone; the full content travels in the event, so the
chain holds every version of every entry and a catalogue as of any seq can be rebuilt (`as_of`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workflow.core.catalog.diff import FieldChange
from workflow.core.catalog.event_types import ENTRY_ADDED as ENTRY_ADDED
from workflow.core.catalog.event_types import ENTRY_ASSIGNED as ENTRY_ASSIGNED
from workflow.core.catalog.event_types import ENTRY_CHANGED as ENTRY_CHANGED
from workflow.core.catalog.event_types import EVENT_TYPES as EVENT_TYPES
from workflow.core.catalog.event_types import PUBLISHED as PUBLISHED
from workflow.core.catalog.model import Entry, canonical_json, entry_from_json, entry_json, sha256_text

MATCHED = "matched"
ASSIGNED = "assigned"

# The columns of `catalog_entry` after its key `code`, in the order the replay and the store use.
CATALOG_COLUMNS = ("name", "sha256", "content", "dependencia", "created_at", "updated_at", "updated_by",
                   "audit_seq")


@dataclass(frozen=True)
class CatalogRow:
    code: str
    name: str
    sha256: str
    content: str  # canonical JSON of the entry
    dependencia: str | None
    created_at: str
    updated_at: str
    updated_by: str
    audit_seq: int

    def entry(self) -> Entry:
        return entry_from_json(json.loads(self.content))


def added_data(entry: Entry, sha256: str, source: Mapping[str, Any],
               document: dict[str, Any] | None = None) -> dict[str, Any]:
    """`document`: the entry's JSON when the caller has it already (`entry_json(entry)`)."""
    return {"code": entry.code, "sha256": sha256, "entry": document if document is not None else entry_json(entry),
            "source": dict(source)}


def changed_data(entry: Entry, sha256: str, previous_sha256: str, changes: Iterable[FieldChange],
                 source: Mapping[str, Any], document: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": entry.code, "sha256": sha256, "previous_sha256": previous_sha256,
            "changes": [c.to_json() for c in changes],
            "entry": document if document is not None else entry_json(entry), "source": dict(source)}


def assigned_data(code: str, dependencia: str, name: str, previous: str | None, how: str) -> dict[str, Any]:
    return {"code": code, "dependencia": dependencia, "dependencia_name": name, "previous": previous, "how": how}


class CatalogUnexplained(Exception):
    """An event of the catalogue that no earlier event makes possible (replay turns it into a problem)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class CatalogReplay:
    """`catalog_entry` as the events say it should be: code -> CATALOG_COLUMNS values."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {}
        self.contents: dict[str, Any] = {}  # code -> the entry's JSON as the last event gave it
        self.publications = 0  # `catalog.published` events so far

    def handlers(self) -> dict[str, Any]:
        return {ENTRY_ADDED: self.added, ENTRY_CHANGED: self.changed, ENTRY_ASSIGNED: self.assigned,
                PUBLISHED: self.published}

    def added(self, seq: int, body: dict[str, Any], login: str) -> None:
        data = body["data"]
        code = data["code"]
        if code in self.rows:
            raise CatalogUnexplained("audit.catalog_added_twice", code=code)
        content = self._content(data)
        self.rows[code] = [data["entry"]["name"], data["sha256"], content, None, body["at"], body["at"], login, seq]
        self.contents[code] = data["entry"]

    def changed(self, seq: int, body: dict[str, Any], login: str) -> None:
        data = body["data"]
        row = self._row(data["code"])
        if row[1] != data["previous_sha256"]:
            raise CatalogUnexplained("audit.catalog_other_previous", code=data["code"])
        row[0], row[1], row[2] = data["entry"]["name"], data["sha256"], self._content(data)
        row[5], row[6], row[7] = body["at"], login, seq
        self.contents[data["code"]] = data["entry"]

    def assigned(self, seq: int, body: dict[str, Any], login: str) -> None:
        data = body["data"]
        row = self._row(data["code"])
        row[3] = data["dependencia"]
        row[5], row[6], row[7] = body["at"], login, seq

    def published(self, seq: int, body: dict[str, Any], login: str) -> None:
        """A publication names the entries it published, each one the chain made; numbered 1, 2, ..."""
        data = body["data"]
        if int(data["publication"]) != self.publications + 1:
            raise CatalogUnexplained("audit.catalog_publication_number", number=data["publication"])
        for code in data["codes"]:
            self._row(code)
        self.publications += 1

    def _row(self, code: str) -> list[Any]:
        row = self.rows.get(code)
        if row is None:
            raise CatalogUnexplained("audit.catalog_unknown_entry", code=code)
        return row

    @staticmethod
    def _content(data: Mapping[str, Any]) -> str:
        text = canonical_json(data["entry"])
        if sha256_text(text) != data["sha256"]:
            raise CatalogUnexplained("audit.catalog_sha_mismatch", code=data["code"])
        return text

    def expected(self) -> dict[str, tuple[Any, ...]]:
        return {code: tuple(values) for code, values in self.rows.items()}

    def seq_of(self) -> dict[str, int]:
        return {code: int(values[-1]) for code, values in self.rows.items()}

    def entries(self) -> dict[str, Entry]:
        return {code: entry_from_json(content) for code, content in self.contents.items()}


def as_of(events: Iterable[tuple[int, dict[str, Any]]]) -> CatalogReplay:
    """The catalogue as the given events (seq, payload), in order, leave it."""
    replay = CatalogReplay()
    handlers = replay.handlers()
    for seq, body in events:
        handler = handlers.get(str(body.get("type")))
        if handler is not None:
            handler(seq, body, body["actor"]["login"])
    return replay
