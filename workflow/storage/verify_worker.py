"""The second core of `audit verify` on SQLite: the chain re-hashed and the big projections read, in a
process of their own, while the main one replays the events.

SHA-256 of a small payload holds the GIL, and reading a row costs about what replaying it costs, so
one process cannot verify a million events in a few seconds; two can. This file is both halves:

- run as a script (`python -I -S verify_worker.py`, standard library only, nothing of the package
  imported), it opens the database read-only, starts its read transaction, says `ready`, then walks
  the chain and digests the tables it was asked for, and prints what it found as one line of JSON;
- imported, `start` runs it and `Worker.result` reads that line.

Both processes must read the same snapshot. SQLite in WAL mode gives each connection the database as
of its first read, so `writers_paused` holds the write lock on a third connection while the main
transaction and the worker start theirs: no commit can fall between them. It needs a writable file;
when it cannot be had (a read-only copy, a writer holding the lock), verify runs in one process.

The worker only ever says "all is well" or "not sure": any problem is found, named and placed by the
one-process verify, which then runs in full.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAUSE_WAIT = 2.0  # seconds to wait for the write lock; then verify runs in one process rather than wait


def database_file(url: Any) -> Path | None:
    """The file of an embedded database, given its SQLAlchemy URL, when a second process can open it by
    its path (not a server, not in memory, no URI options); None otherwise."""
    name = url.database if url.get_backend_name() == "sqlite" else None
    if not name or name == ":memory:" or name.startswith("file:") or url.query:
        return None
    path = Path(name)
    return path if path.is_file() else None


@contextmanager
def writers_paused(database: Path) -> Iterator[bool]:
    """Hold SQLite's write lock on a connection of its own while the block runs (True), so that the
    read transactions started inside see the same commits; False when it cannot be had in PAUSE_WAIT."""
    try:
        holder = sqlite3.connect(database, timeout=PAUSE_WAIT, isolation_level=None)
    except sqlite3.Error:
        yield False
        return
    try:
        try:
            holder.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:  # read-only, or a writer kept the lock
            yield False
            return
        try:
            yield True
        finally:
            holder.execute("ROLLBACK")
    finally:
        holder.close()


@dataclass(frozen=True)
class Table:
    """A table the worker digests: its columns in this order, its rows in `order`."""

    name: str
    columns: tuple[str, ...]
    order: str


class Worker:
    """The running worker, once it holds its snapshot."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    def result(self) -> dict[str, Any] | None:
        """{"events": N, "chain": true|false, "columns": digest, "tables": {name: digest}}, or None if it
        failed."""
        assert self._process.stdout is not None
        try:
            line = self._process.stdout.readline()
            self._process.wait()
            found = json.loads(line)
        except (OSError, ValueError):
            found = None
        finally:
            self.close()
        return found if isinstance(found, dict) and "events" in found else None

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def start(database: Path, tag: bytes, genesis: str, tables: Sequence[Table], batch: int) -> Worker | None:
    """Run the worker on `database` and wait until its read transaction has begun; None if it could
    not start (no interpreter to run, a database it cannot open)."""
    order = {"database": str(database), "tag": tag.hex(), "genesis": genesis, "batch": batch,
             "tables": [[t.name, list(t.columns), t.order] for t in tables]}
    try:
        process = subprocess.Popen([sys.executable, "-I", "-S", __file__], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None
    worker = Worker(process)
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(json.dumps(order).encode("utf-8"))
        process.stdin.close()
        if process.stdout.readline().strip() == b"ready":
            return worker
    except OSError:
        pass
    worker.close()
    return None


# -- the worker's side --------------------------------------------------------------------------------

def _chain(connection: sqlite3.Connection, tag: bytes, genesis: str, batch: int) -> tuple[int, bool, str]:
    """How many events; whether every link holds (seq 1, 2, 3 ..., each prev_hash the hash before,
    each hash the SHA-256 of the tag, the previous hash and the stored payload bytes); and the digest
    of their other columns, (at, type, actor, cycle_id) as JSON arrays, `batch` rows to a JSON list
    (what the replay compares with what each payload says of them)."""
    sha256 = hashlib.sha256
    expected_seq, expected_prev, prev_bytes = 1, genesis, bytes.fromhex(genesis)
    columns = sha256()
    cursor = connection.execute("SELECT seq, payload, prev_hash, hash, json_array(at, type, actor, cycle_id) "
                                "FROM audit_event ORDER BY seq")
    while rows := cursor.fetchmany(batch):
        for seq, payload, prev_hash, stored, _ in rows:
            if seq != expected_seq or prev_hash != expected_prev or type(payload) is not bytes:
                return expected_seq, False, ""
            digest = sha256(tag + prev_bytes + payload)
            if digest.hexdigest() != stored:
                return expected_seq, False, ""
            expected_seq += 1
            expected_prev = stored
            prev_bytes = digest.digest()
        columns.update(("[" + ",".join([row[4] for row in rows]) + "]").encode("utf-8"))
    return expected_seq - 1, True, columns.hexdigest()


def _digest(connection: sqlite3.Connection, table: str, columns: list[str], order: str, batch: int) -> str | None:
    """SHA-256 of the table's rows as JSON arrays, `batch` rows to a JSON list, in `order` (what
    `workflow.core.reconcile.projection_digests` computes of the replay with orjson); None if the rows
    could not all be walked once each.

    SQLite builds each batch's text itself (one string per batch, not a tuple per row), the batches
    following one another by their last key. Had anyone made that key NULL or repeated it (a table
    made anew by hand), a batch could end early or skip rows: the rows walked must then be all the
    table has."""
    digest = hashlib.sha256()
    # Names from the parent's constants, never from input.
    rows = f"SELECT {order} AS k, json_array({', '.join(columns)}) AS j FROM {table}"
    first, after = (f"SELECT count(*), max(k), '[' || group_concat(j, ',') || ']' FROM ({rows}{where} "
                    f"ORDER BY {order} LIMIT ?)" for where in ("", f" WHERE {order} > ?"))
    found, last, text = connection.execute(first, (batch,)).fetchone()
    walked = found
    while found:
        digest.update(text.encode("utf-8"))
        if found < batch:
            break
        if last is None:
            return None
        found, last, text = connection.execute(after, (last, batch)).fetchone()
        walked += found
    total = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return digest.hexdigest() if walked == total else None


def main() -> None:
    import gc

    gc.disable()  # nothing here makes cycles, and a collection walks every row read so far
    order = json.loads(sys.stdin.buffer.read())
    database = Path(order["database"]).resolve()
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, isolation_level=None)
    connection.execute("BEGIN")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    batch = int(order["batch"])
    events, intact, columns = _chain(connection, bytes.fromhex(order["tag"]), order["genesis"], batch)
    tables = {name: _digest(connection, name, listed, by, batch) for name, listed, by in order["tables"]} \
        if intact else {}
    connection.execute("ROLLBACK")
    sys.stdout.write(json.dumps({"events": events, "chain": intact, "columns": columns, "tables": tables}) + "\n")


if __name__ == "__main__":
    try:
        main()
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as failed:
        sys.stdout.write(json.dumps({"error": f"{type(failed).__name__}: {failed}"}) + "\n")
