"""Comparing the tables with the replayed chain: the first row that the events do not explain.

`workflow.core.replay` rebuilds every projection from the hashed payloads; this module compares it
with the rows the database holds and names the first disagreement by table, row and the seq of the
last event that explains the row (None for a row no event explains). Each table is first compared as
a whole (one C-level comparison of dicts or sorted lists), and only a table that differs is walked
row by row, so an untouched database costs little more than reading it.

Pure: the caller reads the rows (`StoredTables`), in the column order the replay uses.

`ProjectionDigests` is the same comparison for the three big tables (cycles, items, evidence rows)
done elsewhere: SHA-256 of the rows as JSON, which SQLite computes of the stored rows (its
`json_array`) in `audit verify`'s second process and orjson of the replay's here. Equal JSON texts
decode to equal values, so equal digests prove the tables equal; unequal ones prove nothing (a text
that the two spell differently), and the caller then compares row by row.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from orjson import JSONEncodeError
from orjson import dumps as _json

from workflow.core.catalog.projection import CATALOG_COLUMNS
from workflow.core.manifests import chunks_of, manifest_sha
from workflow.core.replay import (
    CASE_FIELD_COLUMNS,
    CYCLE_COLUMNS,
    EVIDENCE_COLUMNS,
    ITEM_COLUMNS,
    PROCEDURE_COLUMNS,
    REFERENCE_COLUMNS,
    REQUEST_COLUMNS,
    STAFF_COLUMNS,
    Replay,
    shown,
)


@dataclass(frozen=True)
class StoredTables:
    """The projection tables as stored, each row a tuple: its key columns, then the replay's columns."""

    cycles: Iterable[tuple[Any, ...]]  # (id, *CYCLE_COLUMNS)
    items: Iterable[tuple[Any, ...]]  # (cycle_id, activity, item_id, *ITEM_COLUMNS), best in id order
    evidence: Iterable[tuple[Any, ...]]  # (id, *EVIDENCE_COLUMNS), best in (audit_seq, id) order
    staff: Iterable[tuple[Any, ...]]  # (login, *STAFF_COLUMNS)
    procedures: Iterable[tuple[Any, ...]]  # (code, version, *PROCEDURE_COLUMNS, text)
    references: Iterable[tuple[Any, ...]]  # (kind, name, sha256, *REFERENCE_COLUMNS, text)
    blobs: Iterable[str] = field(default_factory=tuple)  # evidence content kept whole in the database, by SHA-256
    manifests: Iterable[tuple[Any, ...]] = field(default_factory=tuple)  # (sha256, file_sha256, size, chunks)
    chunks: Iterable[str] = field(default_factory=tuple)  # evidence content in chunks, by the chunk's SHA-256
    catalog: Iterable[tuple[Any, ...]] = field(default_factory=tuple)  # (code, *CATALOG_COLUMNS)
    # The evidence rows as a cheaper first look: EVIDENCE_COLUMNS only, in id (insertion) order, which is
    # the order recorded on an untouched database, in the driver's batches; `evidence` is read only when
    # this one differs.
    evidence_batches: Iterable[list[tuple[Any, ...]]] | None = None
    case_fields: Iterable[tuple[Any, ...]] = field(default_factory=tuple)  # (cycle_id, field_id, *CASE_FIELD_...)
    requests: Iterable[tuple[Any, ...]] = field(default_factory=tuple)  # (radicado, *REQUEST_COLUMNS)


@dataclass(frozen=True)
class Disagreement:
    seq: int | None  # the last event that explains the row; None when no event does
    key: str
    params: dict[str, Any]


# The tables `projection_digests` covers: each one's stored columns, in the replay's order, and how its
# rows are ordered (by their primary key: the order the commands inserted them, for items and evidence).
DIGESTED_TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("cycle", ("id", *CYCLE_COLUMNS), "id"),
    ("cycle_item", ("cycle_id", "activity", "item_id", *ITEM_COLUMNS), "id"),
    ("evidence", EVIDENCE_COLUMNS, "id"),
)


class ProjectionDigests:
    """The digest of each table of DIGESTED_TABLES as the events imply it: SHA-256 of its rows as JSON
    arrays, `batch` rows to a JSON list, in the table's order.

    Evidence rows never change once recorded, and are most of what the replay keeps: `update`, called
    between batches of events, digests every whole batch of them recorded so far and drops them from
    the replay, whose evidence can then no longer be compared row by row (`first_disagreement`). The
    caller that finds the digests unequal starts again, one row at a time."""

    def __init__(self, replay: Replay, batch: int) -> None:
        self._replay = replay
        self._batch = batch
        self._evidence = hashlib.sha256()
        self._failed = False

    def update(self) -> None:
        rows = self._replay.evidence
        whole = len(rows) - len(rows) % self._batch
        if whole:
            self._add(self._evidence, rows[:whole])
            del rows[:whole]

    def result(self) -> dict[str, str] | None:
        """The digests, or None when a value had no JSON form (the tables are then compared row by row)."""
        try:
            cycles = [(key, *values[:-1]) for key, values in sorted(self._replay.cycles.items())]
        except TypeError:  # ids of more than one type (a forged chain): no one order to digest them in
            return None
        digests = {"cycle": hashlib.sha256(), "cycle_item": hashlib.sha256()}
        self._add(digests["cycle"], cycles)
        items = (values for values, _seq in self._replay.item_rows())
        while batch := list(islice(items, self._batch)):  # made a batch at a time, never all at once
            self._add(digests["cycle_item"], batch)
        self._add(self._evidence, self._replay.evidence)
        if self._failed:
            return None
        return {"cycle": digests["cycle"].hexdigest(), "cycle_item": digests["cycle_item"].hexdigest(),
                "evidence": self._evidence.hexdigest()}

    def _add(self, digest: Any, rows: Sequence[tuple[Any, ...]]) -> None:
        for start in range(0, len(rows), self._batch):
            text = json_rows(rows[start:start + self._batch])
            if text is None:
                self._failed = True
                return
            digest.update(text)


def json_rows(rows: Sequence[tuple[Any, ...]]) -> bytes | None:
    """`rows` as one JSON list of arrays, the text that is hashed; None when a value has no JSON form
    (an integer beyond 64 bits, say), and the rows are then compared one by one instead."""
    try:
        return _json(rows)
    except JSONEncodeError:
        return None


def first_disagreement(replay: Replay, tables: StoredTables, digested: bool = False) -> Disagreement | None:
    """The first disagreement of every table with the replay; those of DIGESTED_TABLES left out when
    `digested` (proven equal by their digests)."""
    found = [d for d in (
        None if digested else _cycles(replay, tables.cycles),
        None if digested else _items(replay, tables.items),
        None if digested else _evidence(replay, tables.evidence, tables.evidence_batches),
        _staff(replay, tables.staff), _procedures(replay, tables.procedures),
        _references(replay, tables.references), _blobs(replay, tables.blobs),
        _chunked(replay, tables.manifests, tables.chunks), _catalog(replay, tables.catalog),
        _case_fields(replay, tables.case_fields), _requests(replay, tables.requests)) if d is not None]
    if not found:
        return None
    return min(found, key=lambda d: (d.seq is None, d.seq or 0))


# -- one table each ---------------------------------------------------------------------------------

def _keyed(rows: Iterable[tuple[Any, ...]], width: int) -> dict[Any, tuple[Any, ...]]:
    return {(row[0] if width == 1 else tuple(row[:width])): tuple(row[width:]) for row in rows}


def _compare_keyed(table: str, columns: tuple[str, ...], expected: dict[Any, tuple[Any, ...]],
                   stored: dict[Any, tuple[Any, ...]], seq_of: dict[Any, int]) -> Disagreement | None:
    if expected == stored:
        return None
    found: list[Disagreement] = []
    for key in stored.keys() - expected.keys():
        found.append(_extra(table, key))
    for key in expected.keys() - stored.keys():
        found.append(_missing(table, key, seq_of[key]))
    for key in stored.keys() & expected.keys():
        want, have = expected[key], stored[key]
        if want != have:
            column = next(i for i, (a, b) in enumerate(zip(want, have, strict=True)) if a != b)
            found.append(_differs(table, key, columns[column], have[column], want[column], seq_of[key]))
    return min(found, key=lambda d: (d.seq is None, d.seq or 0)) if found else None


def _cycles(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    expected = {key: tuple(values[:-1]) for key, values in replay.cycles.items()}
    seq_of = {key: values[-1] for key, values in replay.cycles.items()}
    return _compare_keyed("cycle", CYCLE_COLUMNS, expected, _keyed(rows, 1), seq_of)


def _items(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    stored = list(rows)
    implied = list(replay.item_rows())
    if stored == [values for values, _seq in implied]:  # the usual case: stored in the order copied in
        return None
    expected = {values[:3]: values[3:] for values, _seq in implied}
    seq_of = {values[:3]: seq for values, seq in implied}
    return (_compare_keyed("cycle_item", ITEM_COLUMNS, expected, _keyed(stored, 3), seq_of)
            or _item_order(stored, implied))


def _item_order(stored: list[tuple[Any, ...]], implied: list[tuple[tuple[Any, ...], int]]) -> Disagreement | None:
    """The same rows, but a cycle's items for an activity in another order than the list they were copied
    from: the screens and sheets list them by row id, so swapped ids reorder what people see."""
    def groups(rows: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, Any], list[Any]]:
        grouped: dict[tuple[Any, Any], list[Any]] = {}
        for row in rows:
            grouped.setdefault((row[0], row[1]), []).append(row[2])
        return grouped

    copied_by = {(values[0], values[1]): seq for values, seq in implied}
    want = groups(values for values, _seq in implied)
    for group, have in groups(stored).items():
        if have != want.get(group, have):
            at = next(i for i, (a, b) in enumerate(zip(have, want[group], strict=False)) if a != b)
            return Disagreement(copied_by[group], "audit.table_order_differs", {
                "table": "cycle_item", "row": _row_name(group), "stored": shown(have[at]),
                "expected": shown(want[group][at]), "position": at + 1, "seq": copied_by[group]})
    return None


def _staff(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    expected = {key: tuple(values[:-1]) for key, values in replay.staff.items()}
    stored = {row[0]: (*row[1:4], _boolean(row[4]), *row[5:]) for row in rows}
    seq_of = {key: values[-1] for key, values in replay.staff.items()}
    return _compare_keyed("staff", STAFF_COLUMNS, expected, stored, seq_of)


def _case_fields(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    expected = {key: values for key, values in replay.case_fields.items()}
    seq_of = {key: values[-1] for key, values in replay.case_fields.items()}
    return _compare_keyed("case_field", CASE_FIELD_COLUMNS, expected, _keyed(rows, 2), seq_of)


def _requests(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    expected = {key: tuple(row[c] for c in REQUEST_COLUMNS) for key, row in replay.requests.items()}
    seq_of = {key: row["audit_seq"] for key, row in replay.requests.items()}
    anonymous = REQUEST_COLUMNS.index("anonymous")
    stored = {row[0]: tuple(_boolean(v) if i == anonymous else v for i, v in enumerate(row[1:])) for row in rows}
    expected = {k: tuple(_boolean(v) if i == anonymous else v for i, v in enumerate(values))
                for k, values in expected.items()}
    return _compare_keyed("citizen_request", REQUEST_COLUMNS, expected, stored, seq_of)


def _boolean(value: Any) -> Any:
    """SQLite keeps booleans as 0 and 1; anything else stays as it is, and then differs."""
    return value if isinstance(value, bool) else {0: False, 1: True}.get(value, value)


def _published(table: str, columns: tuple[str, ...], width: int, expected: dict[Any, tuple[Any, ...]],
               rows: Iterable[tuple[Any, ...]], sha_of: Any) -> Disagreement | None:
    """Procedures and reference data: the columns the publishing event names, and the text itself,
    whose SHA-256 must still be the one the event recorded."""
    stored: dict[Any, tuple[Any, ...]] = {}
    altered: list[Disagreement] = []
    for row in rows:
        key, values, text = tuple(row[:width]), tuple(row[width:-1]), row[-1]
        stored[key] = values
        wanted = expected.get(key)
        if wanted is not None and hashlib.sha256(str(text).encode("utf-8")).hexdigest() != sha_of(key, wanted):
            altered.append(Disagreement(wanted[-1], "audit.table_text_altered",
                                        {"table": table, "row": _row_name(key), "seq": wanted[-1]}))
    seq_of = {key: values[-1] for key, values in expected.items()}
    differs = _compare_keyed(table, columns, expected, stored, seq_of)
    found = altered + ([differs] if differs is not None else [])
    return min(found, key=lambda d: (d.seq is None, d.seq or 0)) if found else None


def _procedures(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    return _published("procedure_version", PROCEDURE_COLUMNS, 2, replay.procedures, rows,
                      lambda _key, values: values[1])


def _references(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    return _published("reference_data", REFERENCE_COLUMNS, 3, replay.references, rows, lambda key, _values: key[2])


def _evidence(replay: Replay, rows: Iterable[tuple[Any, ...]],
              batches: Iterable[list[tuple[Any, ...]]] | None = None) -> Disagreement | None:
    """Evidence rows have no key but their id, which no event names: compared as the rows each
    event recorded, ignoring ids. A stored row and a recorded one of the same event that differ are
    one altered row; the rest are rows no event explains, or recorded rows that are gone."""
    if batches is not None and _same_rows(batches, replay.evidence):
        return None  # the usual case, without the ids or a sort by event
    listed = list(rows)
    if [row[1:] for row in listed] == replay.evidence:  # the usual case: stored in the order recorded
        return None
    stored = [(tuple(row[1:]), row[0]) for row in listed]
    have = Counter(values for values, _ in stored)
    want = Counter(replay.evidence)
    if have == want:  # the same rows in another order: ids swapped by hand reorder what `cycle show` lists
        at = next(i for i, (values, _) in enumerate(stored) if values != replay.evidence[i])
        seq = replay.evidence[at][-1]
        return Disagreement(seq, "audit.table_rows_reordered", {"table": "evidence", "row": _row_name(stored[at][1]),
                                                                 "seq": seq})
    extra, missing = have - want, want - have
    found: list[Disagreement] = []
    for values, row_id in stored:
        if extra[values] <= 0:
            continue
        extra[values] -= 1
        partner = next((m for m in missing if missing[m] > 0 and m[-1] == values[-1] and m[0] == values[0]), None)
        if partner is None:
            found.append(_extra("evidence", row_id))
            continue
        missing[partner] -= 1
        column = next(i for i, (a, b) in enumerate(zip(partner, values, strict=True)) if a != b)
        found.append(_differs("evidence", row_id, EVIDENCE_COLUMNS[column], values[column], partner[column],
                              partner[-1]))
    for values, count in missing.items():
        if count > 0:
            found.append(_missing("evidence", f"{values[0]} / {values[2]} / {str(values[4])[:12]}", values[-1]))
    return min(found, key=lambda d: (d.seq is None, d.seq or 0)) if found else None


def _catalog(replay: Replay, rows: Iterable[tuple[Any, ...]]) -> Disagreement | None:
    return _compare_keyed("catalog_entry", CATALOG_COLUMNS, replay.catalog.expected(), _keyed(rows, 1),
                          replay.catalog.seq_of())


def _same_rows(batches: Iterable[list[tuple[Any, ...]]], expected: list[tuple[Any, ...]]) -> bool:
    """The stored rows are exactly the expected ones, in order: one C-level list comparison per
    batch, and no list of every stored row."""
    done = 0
    for batch in batches:
        if batch != expected[done:done + len(batch)]:
            return False
        done += len(batch)
    return done == len(expected)


def _blobs(replay: Replay, shas: Iterable[str]) -> Disagreement | None:
    """Content kept whole in the database that no event recorded without a manifest (poison waiting
    for a future attach; since revision 0005 events name the manifest of their chunks instead)."""
    recorded = {sha for sha, manifest in replay.contents if manifest is None}
    extra = sorted(set(shas) - recorded)
    return _extra("evidence_blob", extra[0]) if extra else None


def _chunked(replay: Replay, manifests: Iterable[tuple[Any, ...]], chunks: Iterable[str]) -> Disagreement | None:
    """Content in chunks: every manifest an event named is stored, its text still hashes to its key
    (file, size and chunks as recorded), and every chunk is listed by a recorded manifest. A manifest
    or chunk that no event explains is reported (poison planted under a future file's hash)."""
    recorded = {manifest: (sha, seq) for (sha, manifest), seq in replay.contents.items() if manifest is not None}
    found: list[Disagreement] = []
    needed: dict[str, int] = {}  # chunk -> seq of the first recorded manifest listing it
    stored: set[str] = set()
    for key, file_sha, size, listed in manifests:
        stored.add(key)
        wanted = recorded.get(key)
        if wanted is None:
            found.append(_extra("evidence_manifest", key))
        elif (file_sha, key) != (wanted[0], manifest_sha(file_sha, int(size), listed)):
            found.append(Disagreement(wanted[1], "audit.table_text_altered",
                                      {"table": "evidence_manifest", "row": _row_name(key), "seq": wanted[1]}))
        else:
            for chunk in chunks_of(listed):
                needed.setdefault(chunk, wanted[1])
    found += [_missing("evidence_manifest", key, seq) for key, (_sha, seq) in recorded.items() if key not in stored]
    have = set(chunks)
    found += [_extra("evidence_chunk", key) for key in sorted(have - needed.keys())[:1]]
    found += [_missing("evidence_chunk", key, seq) for key, seq in needed.items() if key not in have]
    return min(found, key=lambda d: (d.seq is None, d.seq or 0)) if found else None


# -- messages ---------------------------------------------------------------------------------------

def _row_name(key: Any) -> str:
    return shown(" / ".join(str(part) for part in key) if isinstance(key, tuple) else key)


def _extra(table: str, key: Any) -> Disagreement:
    return Disagreement(None, "audit.table_row_unexplained", {"table": table, "row": _row_name(key)})


def _missing(table: str, key: Any, seq: int | None) -> Disagreement:
    return Disagreement(seq, "audit.table_row_missing", {"table": table, "row": _row_name(key), "seq": seq})


def _differs(table: str, key: Any, column: str, stored: Any, expected: Any, seq: int | None) -> Disagreement:
    if seq is None:
        return _extra(table, key)
    return Disagreement(seq, "audit.table_row_differs", {
        "table": table, "row": _row_name(key), "column": column, "stored": shown(stored),
        "expected": shown(expected), "seq": seq})
