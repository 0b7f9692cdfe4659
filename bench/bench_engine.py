"""Throughput of the library against a hand-written sqlite3 loop doing the same commits.

Run:  .venv/bin/python bench/bench_engine.py [--cycles N] [--rounds R] [--warmup W] [--reuse-evidence]
                                            [--dir PATH]

Workload (both sides): N cycles of the shipped procedure MM-GAC-P-006; per cycle one start and five
completes, each by the person whose area and role the activity asks for (ana/atencion_ciudadano for 1,
luis/oficina_sig for 2-3, marta/oficina_tic for 4-5, all profesional_universitario). Activities 2-5
require a record, so each of those completes hands in one small (~1 KB) evidence file. By default every
cycle hands in its own files (4 unique files per cycle, written before the clock starts), so every
evidence write really creates a file in the content-addressed store (temp file, fsync, rename, fsync
of the folder); `--reuse-evidence` hands in the same four files every cycle instead (the store then
finds the content already there and drops the fsynced temp file without the rename). Transitions are
the completes: 5 per cycle. Starts are not counted, but their time is inside the timed loop on both
sides. Only the cycle-driving loop is timed; set-up, warm-up and the checks afterwards are not.

Engine side: a temporary WORKFLOW_HOME, `Workflow.init()` with `procedures/` of this checkout, three
staff added through `add_staff`, one `Workflow` per person (as `tests/conftest.py::Office` does), then
`start_cycle` and five `complete(cycle_id, expected_activity, [EvidenceInput(...)])` calls per cycle.
That is everything the library does per command: the schema-version check (once per `Workflow` in
the current code), one write transaction (BEGIN IMMEDIATE ... COMMIT) with the cycle, person and
procedure reads, the guards and the state machine, the evidence re-read, audit appends (head read,
canonical bytes, chain hash, insert), the evidence copy, the optimistic-lock update, the re-read of the
cycle and the returned view.

Plain side: the same three tables (cycle, evidence, audit_event, with the engine's exact DDL, indexes
and unique constraints) in a fresh database, the same pragmas (journal_mode=WAL, synchronous=FULL,
foreign_keys=ON, busy_timeout) and one sqlite3 connection per person. Per command, written by hand with
the standard library only (sqlite3, json, hashlib), one BEGIN IMMEDIATE and one COMMIT:
  start:    SELECT max(number) of the procedure's cycles, INSERT the cycle row, read the audit head
            (seq, hash), append `cycle.started`.
  complete: SELECT the cycle row (check it is active at the expected activity), read the audit head;
            if the activity takes a record: copy the file into `<evidence>/<sha[:2]>/<sha>` via temp
            file + fsync + rename + folder fsync (or drop the temp file when the content is already
            stored, as the engine does), append `evidence.attached`, INSERT the evidence row; then
            append `activity.completed`; UPDATE the cycle with the lock_version check; COMMIT.
  Each appended event is the engine's payload, including the event's own `seq` as the engine now
  writes it (same keys and values; after the run the script checks that the first cycle's events are
  identical on both sides apart from their `at` time and `seq` value), serialised as canonical JSON
  (sorted keys, no spaces, UTF-8) and chained with SHA-256 over b"workflow.audit.v1\\0" + prev_hash +
  payload. The audit head is read once per command.
  What the plain loop leaves out is exactly the library's own work: the schema check, looking up the
  person, the procedure row and the already attached records, guards and the state machine, the
  float check of the canonical form, the second head read, the cycle re-read and the returned views.
  Same durable commits, same files fsynced, same rows, same bytes hashed.

Noise: the machine is shared and its disk stalls now and then (a stall once slowed a whole plain run
4x), and noise only ever slows a run down. So the sides are not run one after the other but
alternately, in R rounds (default 10) of N/R cycles each: both homes are set up and warmed up first (W
warm-up cycles each, default 3, untimed: they fill statement caches and build the procedure's
machine), then every round times a chunk on one side and the same chunk on the other, the side going
first alternating from round to round. Both databases grow in step. Each round gives a ratio of the
two sides' rates measured seconds apart, under the same conditions; the headline ratio is the MEDIAN
of these per-round ratios, which a stall inside one or two rounds cannot move (it only shifts the
per-side totals, which are printed too, with the ratio of the totals). After timing, both audit
chains are re-verified and row counts compared, and the first cycle's events of the two sides are
compared field by field, so a side that skipped work would fail loudly rather than look fast.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import mimetypes
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from _procedure import one_step_procedure  # bench/ is on sys.path when run as a script

from workflow.core import chain as audit
from workflow.service.facade import EvidenceInput, Workflow
from workflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PROCEDURES = Path(tempfile.mkdtemp(prefix="bench-engine-procedures-"))
atexit.register(shutil.rmtree, PROCEDURES, True)
PROCEDURE_FILE = one_step_procedure(PROCEDURES)  # the shipped procedure, activity 2 in one step
CODE = "MM-GAC-P-006"
ROLE = "profesional_universitario"
TITLE = "bench"
STAFF = (("ana", "atencion_ciudadano", "Ana Rojas"),
         ("luis", "oficina_sig", "Luis Pérez"),
         ("marta", "oficina_tic", "Marta Díaz"))
WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}
RECORDS = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}
SUFFIX = {2: ".eml", 3: ".xlsx", 4: ".pdf", 5: ".csv"}
ACTIVITIES = 5
DEFAULT_CYCLES = 400
DEFAULT_WARMUP = 3
DEFAULT_ROUNDS = 10


@dataclass(frozen=True)
class Step:
    number: int  # the activity completed
    login: str
    evidence: Path | None
    record: str | None


Plan = list[list[Step]]  # one list of five steps per cycle


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- inputs -------------------------------------------------------------------------------------


def make_plan(folder: Path, cycles: int, reuse: bool) -> Plan:
    """The evidence files every cycle hands in, written now so that the timed loops only read them."""
    folder.mkdir(parents=True, exist_ok=True)
    plan: Plan = []
    for index in range(cycles):
        steps = []
        for number in range(1, ACTIVITIES + 1):
            path = None
            if number in RECORDS:
                tag = "shared" if reuse else f"{index:06d}"
                path = folder / f"{RECORDS[number]}-{tag}{SUFFIX[number]}"
                if not path.exists():
                    body = f"cycle {tag}, activity {number}, record {RECORDS[number]}\n"
                    path.write_text(body + "x" * (1000 - len(body)) + "\n", encoding="utf-8")
            steps.append(Step(number, WHO[number], path, RECORDS.get(number)))
        plan.append(steps)
    return plan


def rounds_of(plan: Plan, rounds: int) -> list[Plan]:
    """The plan cut into `rounds` consecutive chunks of (nearly) equal size."""
    size, extra = divmod(len(plan), rounds)
    chunks, start = [], 0
    for index in range(rounds):
        end = start + size + (1 if index < extra else 0)
        chunks.append(plan[start:end])
        start = end
    return chunks


def timed(drive: Callable[[Plan], None], chunk: Plan) -> float:
    started = time.perf_counter()
    drive(chunk)
    return time.perf_counter() - started


@dataclass
class Totals:
    label: str
    transitions: int = 0
    seconds: float = 0.0

    def add(self, transitions: int, seconds: float) -> None:
        self.transitions += transitions
        self.seconds += seconds

    @property
    def per_second(self) -> float:
        return self.transitions / self.seconds

    def line(self, median_rate: float) -> str:
        return (f"{self.label:<14} {self.transitions} transitions in {self.seconds:6.2f} s: "
                f"{self.per_second:6.0f} transitions/s, {1000 / self.per_second:.3f} ms/transition "
                f"(median round: {median_rate:6.0f} transitions/s, {1000 / median_rate:.3f} ms/transition)")


# -- engine side --------------------------------------------------------------------------------


class EngineSide:
    def __init__(self, home: Path) -> None:
        self.settings = Settings.for_home(home, user="admin", procedures_dir=PROCEDURES)
        admin = Workflow(self.settings)
        self.flows: dict[str, Workflow] = {"admin": admin}
        admin.init(name="Administradora")
        for login, area, name in STAFF:
            admin.add_staff(login, area, ROLE, name)
            self.flows[login] = Workflow(replace(self.settings, user=login))

    def drive(self, plan: Plan) -> None:
        flows = self.flows
        for steps in plan:
            cycle_id = flows["ana"].start_cycle(CODE, TITLE).id
            for step in steps:
                given = [EvidenceInput(step.evidence, step.record)] \
                    if step.evidence is not None and step.record is not None else []
                flows[step.login].complete(cycle_id, step.number, given)

    def close(self) -> None:
        for flow in self.flows.values():
            flow.close()


# -- plain sqlite3 side -------------------------------------------------------------------------

PLAIN_SCHEMA = """
CREATE TABLE cycle (
    id VARCHAR NOT NULL, procedure_code VARCHAR NOT NULL, procedure_version VARCHAR NOT NULL,
    procedure_sha256 VARCHAR NOT NULL, number INTEGER NOT NULL, title VARCHAR, state VARCHAR NOT NULL,
    activity INTEGER, lock_version INTEGER NOT NULL, started_at VARCHAR NOT NULL,
    started_by VARCHAR NOT NULL, updated_at VARCHAR NOT NULL, ended_at VARCHAR,
    PRIMARY KEY (id)
);
CREATE INDEX ix_cycle_procedure_code ON cycle (procedure_code);
CREATE INDEX ix_cycle_state ON cycle (state);
CREATE TABLE evidence (
    id INTEGER NOT NULL, cycle_id VARCHAR NOT NULL, activity INTEGER NOT NULL,
    record_id VARCHAR NOT NULL, item VARCHAR, sha256 VARCHAR NOT NULL, size INTEGER NOT NULL,
    display_name VARCHAR NOT NULL, media_type VARCHAR NOT NULL, note VARCHAR,
    attached_by VARCHAR NOT NULL, attached_at VARCHAR NOT NULL, audit_seq INTEGER NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_evidence_cycle_activity ON evidence (cycle_id, activity);
CREATE INDEX ix_evidence_sha256 ON evidence (sha256);
CREATE TABLE audit_event (
    seq INTEGER NOT NULL, at VARCHAR NOT NULL, type VARCHAR NOT NULL, actor VARCHAR NOT NULL,
    cycle_id VARCHAR, payload BLOB NOT NULL, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL,
    PRIMARY KEY (seq),
    CONSTRAINT uq_audit_event_prev_hash UNIQUE (prev_hash),
    CONSTRAINT uq_audit_event_hash UNIQUE (hash)
);
CREATE INDEX ix_audit_event_cycle ON audit_event (cycle_id, seq);
"""

DOMAIN_TAG = b"workflow.audit.v1\x00"
GENESIS_HASH = "0" * 64


def plain_connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def fsync_dir(folder: str) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PlainSide:
    """The minimal hand-written loop: same tables, same durable commits, same bytes hashed."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.database = home / "plain.db"
        self.evidence_root = str(home / "evidence")
        os.makedirs(self.evidence_root, exist_ok=True)
        setup = plain_connect(self.database)
        setup.executescript(PLAIN_SCHEMA)
        setup.close()
        text = PROCEDURE_FILE.read_text(encoding="utf-8")
        definition = yaml.safe_load(text)
        self.procedure = {"code": definition["code"], "version": str(definition["version"]),
                          "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        self.activity_names = {a["number"]: a["name"] for a in definition["activities"]}
        self.actors = {login: {"login": login, "name": name, "role": ROLE, "area": area, "admin": False}
                       for login, area, name in STAFF}
        self.connections = {login: plain_connect(self.database) for login, _, _ in STAFF}

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()

    # one event: canonical JSON bytes, chained to the previous hash
    def _append(self, db: sqlite3.Connection, head: tuple[int, str], event: dict[str, Any]) -> tuple[int, str]:
        seq, prev_hash = head
        event["seq"] = seq + 1  # as the engine does: the payload names its own place in the chain
        payload = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                             allow_nan=False).encode("utf-8")
        digest = hashlib.sha256(DOMAIN_TAG + bytes.fromhex(prev_hash) + payload).hexdigest()
        db.execute("INSERT INTO audit_event (seq, at, type, actor, cycle_id, payload, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (seq + 1, event["at"], event["type"], event["actor"]["login"], event["cycle"], payload,
                    prev_hash, digest))
        return seq + 1, digest

    @staticmethod
    def _head(db: sqlite3.Connection) -> tuple[int, str]:
        found = db.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
        return (found[0], found[1]) if found else (0, GENESIS_HASH)

    def _event(self, kind: str, at: str, login: str, cycle: str, number: int, from_state: str | None,
               to_state: str, evidence: Sequence[dict[str, Any]] = (),
               data: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"format": 1, "type": kind, "at": at, "actor": self.actors[login], "procedure": self.procedure,
                "cycle": cycle, "activity": {"number": number, "name": self.activity_names[number]},
                "from_state": from_state, "to_state": to_state, "evidence": list(evidence), "note": None,
                "reason": None, "data": data or {}}

    def _store_file(self, source: Path) -> tuple[str, int]:
        """Copy into <root>/<sha[:2]>/<sha>: temp file, fsync, rename, fsync the folder."""
        digest = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.evidence_root)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(1024 * 1024):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            folder = os.path.join(self.evidence_root, sha[:2])
            os.makedirs(folder, exist_ok=True)
            final = os.path.join(folder, sha)
            if os.path.exists(final):
                os.unlink(temp_name)  # content already stored
            else:
                os.replace(temp_name, final)
                fsync_dir(folder)
        except BaseException:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
            raise
        return sha, size

    def start(self, login: str) -> str:
        db = self.connections[login]
        db.execute("BEGIN IMMEDIATE")
        try:
            now = utc_now()
            code = self.procedure["code"]
            number = (db.execute("SELECT max(number) FROM cycle WHERE procedure_code = ?",
                                 (code,)).fetchone()[0] or 0) + 1
            cycle_id = f"{code}-{number:04d}"
            db.execute("INSERT INTO cycle (id, procedure_code, procedure_version, procedure_sha256, number, "
                       "title, state, activity, lock_version, started_at, started_by, updated_at, ended_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, 'active', 1, 1, ?, ?, ?, NULL)",
                       (cycle_id, code, self.procedure["version"], self.procedure["sha256"], number, TITLE,
                        now, login, now))
            self._append(db, self._head(db), {**self._event("cycle.started", now, login, cycle_id, 1, None,
                                                            "activity_1", data={"title": TITLE}), "lock_version": 1})
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return cycle_id

    def complete(self, login: str, cycle_id: str, number: int, source: Path | None, record: str | None) -> None:
        db = self.connections[login]
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT * FROM cycle WHERE id = ?", (cycle_id,)).fetchone()
            # columns: id, code, version, sha, number, title, state, activity, lock_version, ...
            if row is None or row[6] != "active" or row[7] != number:
                raise RuntimeError(f"{cycle_id} is not at activity {number}: {row}")
            lock_version = row[8]
            now = utc_now()
            state = f"activity_{number}"
            ended = number == ACTIVITIES
            to_state = "completed" if ended else f"activity_{number + 1}"
            head = self._head(db)
            refs: list[dict[str, Any]] = []
            if source is not None and record is not None:
                sha, size = self._store_file(source)
                ref = {"sha256": sha, "name": source.name, "size": size,
                       "media_type": mimetypes.guess_type(source.name)[0] or "application/octet-stream",
                       "record": record, "item": None}
                # every event of one command names the lock version the command leaves the cycle at
                head = self._append(db, head, {**self._event("evidence.attached", now, login, cycle_id, number,
                                                             state, state, [ref]), "lock_version": lock_version + 1})
                db.execute("INSERT INTO evidence (cycle_id, activity, record_id, item, sha256, size, "
                           "display_name, media_type, note, attached_by, attached_at, audit_seq) "
                           "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, ?, ?, ?)",
                           (cycle_id, number, record, sha, size, ref["name"], ref["media_type"], login, now,
                            head[0]))
                refs.append(ref)
            self._append(db, head, {**self._event("activity.completed", now, login, cycle_id, number, state,
                                                  to_state, refs), "lock_version": lock_version + 1})
            updated = db.execute(
                "UPDATE cycle SET lock_version = ?, state = ?, activity = ?, updated_at = ?, ended_at = ? "
                "WHERE id = ? AND lock_version = ?",
                (lock_version + 1, "completed" if ended else "active", None if ended else number + 1, now,
                 now if ended else None, cycle_id, lock_version)).rowcount
            if updated != 1:
                raise RuntimeError(f"{cycle_id} changed under us")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def drive(self, plan: Plan) -> None:
        for steps in plan:
            cycle_id = self.start("ana")
            for step in steps:
                self.complete(step.login, cycle_id, step.number, step.evidence, step.record)


# -- checks after timing ------------------------------------------------------------------------


def _rows(database: Path) -> tuple[dict[str, int], list[tuple[int, bytes, str, str]], list[bytes]]:
    """Cycle-related row counts, the whole chain, and the payloads of the first cycle's events."""
    connection = sqlite3.connect(database)
    try:
        counts = {
            "completed cycles": connection.execute("SELECT count(*) FROM cycle WHERE state = 'completed'")
            .fetchone()[0],
            "evidence rows": connection.execute("SELECT count(*) FROM evidence").fetchone()[0],
            "cycle events": connection.execute("SELECT count(*) FROM audit_event WHERE cycle_id IS NOT NULL")
            .fetchone()[0],
        }
        chain = [(int(s), bytes(p), str(ph), str(h)) for s, p, ph, h in connection.execute(
            "SELECT seq, payload, prev_hash, hash FROM audit_event ORDER BY seq")]
        first = [bytes(p) for (p,) in connection.execute(
            "SELECT payload FROM audit_event WHERE cycle_id = ? ORDER BY seq", (f"{CODE}-0001",))]
    finally:
        connection.close()
    return counts, chain, first


def _without_time(payloads: list[bytes]) -> list[dict[str, Any]]:
    events = [audit.decode(p) for p in payloads]
    for event in events:
        event.pop("at")
        if "seq" in event:  # its value differs by design (the engine's chain starts with set-up events)
            event["seq"] = "present"
    return events


def check(engine_home: Path, plain_home: Path, cycles: int) -> str:
    expected = {"completed cycles": cycles, "evidence rows": len(RECORDS) * cycles,
                "cycle events": (1 + ACTIVITIES + len(RECORDS)) * cycles}
    engine_counts, engine_chain, engine_first = _rows(engine_home / "workflow.db")
    plain_counts, plain_chain, plain_first = _rows(plain_home / "plain.db")
    problems = []
    for side, counts, chain in (("engine", engine_counts, engine_chain), ("plain", plain_counts, plain_chain)):
        _, problem = audit.first_chain_problem(chain)
        if problem is not None:
            problems.append(f"{side} chain broken at seq {problem.seq} ({problem.kind})")
        if counts != expected:
            problems.append(f"{side} rows {counts} != {expected}")
    if _without_time(plain_first) != _without_time(engine_first):
        problems.append("the first cycle's events differ between the sides")
    if problems:
        raise SystemExit("bench_engine: sanity check failed: " + "; ".join(problems))
    return (f"checks: both chains verify; {expected['cycle events']} cycle events, {expected['evidence rows']} "
            f"evidence rows and {cycles} completed cycles on each side; the first cycle's events are "
            f"identical on both sides apart from their times")


# -- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cycles", type=int, default=DEFAULT_CYCLES,
                        help=f"timed cycles per side, 5 transitions each (default {DEFAULT_CYCLES})")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                        help=f"alternating rounds the cycles are split into (default {DEFAULT_ROUNDS})")
    parser.add_argument("--warmup", type=int, default=DEFAULT_WARMUP,
                        help=f"untimed cycles per side before timing (default {DEFAULT_WARMUP})")
    parser.add_argument("--reuse-evidence", action="store_true",
                        help="hand in the same four files every cycle (default: unique files per cycle)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to create the temporary folders (default: the system's temp folder)")
    args = parser.parse_args(argv)
    if args.warmup < 1 or not 1 <= args.rounds <= args.cycles:
        parser.error("need --warmup >= 1 and 1 <= --rounds <= --cycles")

    with tempfile.TemporaryDirectory(prefix="bench-engine-", dir=args.dir) as scratch:
        base = Path(scratch)
        everything = make_plan(base / "inputs", args.warmup + args.cycles, args.reuse_evidence)
        warmup, plan = everything[:args.warmup], everything[args.warmup:]
        evidence = "the same 4 evidence files every cycle" if args.reuse_evidence \
            else "4 unique evidence files per cycle"
        print(f"bench_engine: {args.cycles} cycles x {ACTIVITIES} activities = {ACTIVITIES * args.cycles} "
              f"transitions per side in {args.rounds} alternating rounds (+{args.warmup} warm-up cycles), "
              f"{evidence}, durable SQLite in {base.parent}", flush=True)

        engine_home, plain_home = base / "engine", base / "plain"
        engine, plain = EngineSide(engine_home), PlainSide(plain_home)
        engine_totals, plain_totals = Totals("engine"), Totals("plain sqlite3")
        engine_rates: list[float] = []
        plain_rates: list[float] = []
        ratios: list[float] = []
        try:
            engine.drive(warmup)
            plain.drive(warmup)
            for index, chunk in enumerate(rounds_of(plan, args.rounds)):
                transitions = ACTIVITIES * len(chunk)
                if index % 2 == 0:
                    plain_seconds = timed(plain.drive, chunk)
                    engine_seconds = timed(engine.drive, chunk)
                else:
                    engine_seconds = timed(engine.drive, chunk)
                    plain_seconds = timed(plain.drive, chunk)
                engine_totals.add(transitions, engine_seconds)
                plain_totals.add(transitions, plain_seconds)
                engine_rates.append(transitions / engine_seconds)
                plain_rates.append(transitions / plain_seconds)
                ratios.append(plain_seconds / engine_seconds)
        finally:
            engine.close()
            plain.close()
        checked = check(engine_home, plain_home, args.warmup + args.cycles)

    print(plain_totals.line(statistics.median(plain_rates)))
    print(engine_totals.line(statistics.median(engine_rates)))
    print(checked)
    print("per-round ratios: " + " ".join(f"{r:.2f}" for r in ratios))
    print(f"engine / plain over the totals: {engine_totals.per_second / plain_totals.per_second:.2f}; "
          f"engine adds {1000 / engine_totals.per_second - 1000 / plain_totals.per_second:.3f} ms/transition")
    print(f"ratio: {statistics.median(ratios):.2f} (engine / plain sqlite3, same commits; goal >= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
