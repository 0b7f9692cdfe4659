"""Transitions per second with 1, 2, 4 and 8 writer processes, on PostgreSQL and on SQLite, in one run.

Run:  .venv/bin/python bench/bench_pg.py [--scale S] [--rounds R] [--writers 1,2,4,8] [--pg-url URL]
                                        [--sqlite-only] [--dir PATH]

What is counted: transitions, i.e. successful `Workflow.complete(cycle_id, expected_activity, evidence)`
calls on MM-GAC-P-006, each by a person holding the activity's area and role: ana<i> (atencion_ciudadano)
for 1, luis<i> (oficina_sig) for 2-3, marta<i> (oficina_tic) for 4-5, all profesional_universitario.
Activities 2-5 require a record (correo_electronico, hoja_vida_tramites, informe, plataforma_digital), so
each of those completes hands in one small (~1 KB) evidence file of its own: on SQLite it is copied into
the fsynced content-addressed folder, on PostgreSQL it goes into the evidence table in the step's own
transaction. Every call is the whole library command: schema check, one write transaction (SQLite:
BEGIN IMMEDIATE; PostgreSQL: BEGIN + the advisory write lock), reads, guards, the state machine,
evidence, audit appends, the optimistic-lock update, a durable COMMIT, the returned view. The procedure
is the shipped YAML with `for_each` removed (written to the scratch folder and published by `init`):
activity 2 is otherwise done once per dependencia of the organisation data (33 attaches or waivers
before its complete), which would make this a benchmark of item attaches rather than of transitions.

Writers are separate PROCESSES (multiprocessing; a pool of 8 started once, forked before any database
connection exists). Writer i acts as its own three people ana<i>, luis<i>, marta<i>, registered with
`add_staff`; on PostgreSQL each of them connects as their own login role (URL with that user, privileges
from `workflow.service.access.grant(..., "staff")`), so the actor really is the database's session user.

Two scenarios, each measured with 1, 2, 4 and 8 writers:
  distinct cycles  each writer drives its own cycles from activity 1 to 5 (default: 64 cycles = 320
                   transitions per cell, split evenly among the writers). Nobody ever meets anybody
                   else's cycle; the writers only share the database, and with it the audit chain.
  same cycle       every writer drives the SAME cycles (default: 40 cycles = 200 transitions per cell):
                   all of them try to complete the same activity with `expected_activity` set; exactly
                   one wins each step. A loser looks again (`Workflow.cycle`, i.e. `cycle show`) and tries
                   the activity the cycle is now at, as its person for it. Only the winners' completes
                   count as transitions. A losing attempt ends in one of two ways, both with nothing
                   saved, both counted: `Conflict` (exit 3; "c" in the table) when the person may still
                   act on the cycle, or `Refused` because the cycle has moved to an activity outside the
                   person's area ("r"; exit 1: the contract checks who is acting before `--activity`, so
                   luis, losing activity 3, is refused at activity 4, which Oficina SIG does not do).
                   Any other exception is an error, printed with its traceback at the end (exit 1); a
                   lock timeout / deadlock / serialization failure (also a `Conflict`, exit 3, which the
                   store raises as "storage.busy") is counted as "busy".
The cycles are started before the clock runs (by one more person, ana0), so a cell times completes
only; one untimed warm-up cycle per writer and backend fills each process's connection pools and
caches first.

Measurement: for each (scenario, writers) pair, a fresh SQLite home and a fresh schema in this run's
PostgreSQL database (a new database `workflow_bench_<random>`, created like tests/conftest.py's
PostgresServer and dropped at the end; login roles are created if missing and left in place, as the
tests do) are set up, and the work is split into R rounds (default 4) that ALTERNATE between the two
backends (SQLite then PostgreSQL in even rounds, the other way round in odd ones), so that a stall of the
shared machine hits one round, not one backend, and both databases grow in step. In each round the
writers, already connected and warmed up, wait on a multiprocessing Barrier; the last to arrive releases
them all, and the round's time runs from the earliest start after the release to the latest finish (the
slowest writer). A cell's rate is the MEDIAN of its R round rates (successful transitions / round time);
the PostgreSQL / SQLite ratio is the median of the per-round ratios, each pair measured seconds apart.
After each pair, both audit chains are re-verified (`Workflow.verify`, evidence included), every cycle
must be completed with exactly one `activity.completed` event per activity, and their number must equal
the transitions the writers counted, so a writer that skipped work or a step won twice fails loudly.
The detail lines printed while running give every round's rate and, with several writers, how the work
was shared: transitions per writer and when the FIRST writer was done, as a fraction of the round. With
equal work and a fair lock every writer finishes near the end (PostgreSQL: ~95-99%); SQLite's waiting
writers sleep in the busy handler (naps of 1 to 100 ms) instead of queueing, so whoever holds the lock
tends to get it again, and with 8 writers the first is done after a small part of the round while the
others wait: throughput holds up, individual waits are long and uneven.

Why throughput does not grow with writers: every write command appends to the ONE audit chain (the next
event's `seq` and `prev_hash` come from the chain's head), so the library lets exactly one writing
transaction run at a time: on PostgreSQL one transaction-level advisory lock taken at BEGIN by every
writer, on SQLite BEGIN IMMEDIATE. Throughput is therefore at best 1 / (length of one write transaction,
commit flush included), whatever the number of writers; more writers only add queueing, hand-overs,
context switches (on a 2-core machine 8 writers and the server share two CPUs) and, on SQLite, sleeps.
The same-cycle scenario gets worse with writers, as it should: each step is attempted by every writer,
and each losing attempt is a full turn at the lock (wait, read, refuse, roll back) plus a look-again
read, so with k writers one transition costs about k turns (PostgreSQL's fair queue gives every loser
its turn; SQLite's sleeping losers often wake after the race is over, so they lose fewer times).

What this means for an Alcaldía: dozens of staff each doing a few steps per minute is, say, 50 people x
3 steps/min = 2.5 transitions per second at the busiest, while one server takes a few hundred per
second with 1 or 8 writers queueing for the one lock (a few ms of lock per step): the lock is busy about
1% of the time, and a person waits, at worst, for the few other people's transactions ahead of them.
Eight people completing the same step at the same instant, every time, is the bench's pathology, not an
office's; when two collide one wins and the other gets exit 3 (or 1 if the step has left their area),
nothing half-saved, and looks again. Serialising writers is the price of one verifiable audit chain, and
at this scale nobody will see it.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from _procedure import one_step_procedure  # bench/ is on sys.path when run as a script
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from workflow.core import chain as audit
from workflow.core import events as ev
from workflow.errors import Conflict, Refused
from workflow.service import access
from workflow.service.facade import EvidenceInput, Workflow
from workflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PROCEDURES = ROOT / "procedures"
SHIPPED = PROCEDURES / "MM-GAC-P-006.yaml"
CODE = "MM-GAC-P-006"
ROLE = "profesional_universitario"
ACTIVITIES = 5
AREA_OF = {1: "atencion_ciudadano", 2: "oficina_sig", 3: "oficina_sig", 4: "oficina_tic", 5: "oficina_tic"}
PEOPLE = (("ana", "atencion_ciudadano", "Ana Rojas"), ("luis", "oficina_sig", "Luis Pérez"),
          ("marta", "oficina_tic", "Marta Díaz"))
RECORDS = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}
SUFFIX = {2: ".eml", 3: ".xlsx", 4: ".pdf", 5: ".csv"}
SCENARIOS = {"distinct": "distinct cycles", "same": "same cycle"}
SQLITE, POSTGRES = "SQLite", "PostgreSQL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_WRITERS = (1, 2, 4, 8)
DEFAULT_DISTINCT_CYCLES = 64  # 320 transitions per cell
DEFAULT_SAME_CYCLES = 40  # 200 transitions per cell
DEFAULT_ROUNDS = 4
MAX_ERRORS = 20  # per writer and round: past this, the writer gives up (a bug, not contention)
REPLY_TIMEOUT = 600.0


# -- PostgreSQL server (as tests/conftest.py::PostgresServer) -----------------------------------


def ensure_role(connection: Connection, name: str, options: str = "LOGIN") -> None:
    connection.execute(text(
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN "
        f'CREATE ROLE "{name}" {options}; END IF; END$$'))


class PostgresServer:
    """A fresh database for this run on the server of the superuser URL, dropped at the end."""

    def __init__(self, superuser_url: str) -> None:
        self.superuser_url = make_url(superuser_url)
        self.database = f"workflow_bench_{uuid.uuid4().hex[:10]}"
        server = create_engine(self.superuser_url, isolation_level="AUTOCOMMIT")
        try:
            with server.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.database}"'))
                ensure_role(connection, "admin", "LOGIN CREATEROLE")
                connection.execute(text(f'GRANT CREATE ON DATABASE "{self.database}" TO admin'))
        finally:
            server.dispose()
        self.engine: Engine = create_engine(self.url(self.superuser_url.username or "postgres"),
                                            isolation_level="AUTOCOMMIT")

    @staticmethod
    def reachable(superuser_url: str) -> str | None:
        """None if the server answers, else why not (one line)."""
        try:
            server = create_engine(superuser_url, isolation_level="AUTOCOMMIT",
                                   connect_args={"connect_timeout": 5})
            try:
                with server.connect() as connection:
                    connection.execute(text("SELECT 1"))
            finally:
                server.dispose()
        except Exception as error:  # any failure to connect means: SQLite only
            return (str(error).strip().splitlines() or [type(error).__name__])[0]
        return None

    def url(self, login: str) -> str:
        return self.superuser_url.set(username=login, database=self.database).render_as_string(hide_password=False)

    def reset(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS workflow CASCADE"))

    def role(self, login: str) -> None:
        with self.engine.connect() as connection:
            ensure_role(connection, login)

    def close(self) -> None:
        self.engine.dispose()
        server = create_engine(self.superuser_url, isolation_level="AUTOCOMMIT")
        try:
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
        finally:
            server.dispose()


# -- what travels between the main process and the writers --------------------------------------


@dataclass(frozen=True)
class BackendSpec:
    name: str
    home: str
    urls: dict[str, str]  # login -> database URL
    warmup_cycle: str
    rounds: list[list[str]]  # per round, the cycles this writer drives


@dataclass(frozen=True)
class WriterTask:
    index: int
    writers: int
    logins: dict[str, str]  # area -> this writer's login for it
    backends: dict[str, BackendSpec]
    inputs: str  # folder for this writer's evidence files


@dataclass
class Report:
    started: float = 0.0
    finished: float = 0.0
    won: int = 0
    conflicts: int = 0  # Conflict: the cycle had moved on (exit 3)
    moved: int = 0  # Refused: the cycle had moved to an activity outside the person's area (exit 1)
    busy: int = 0  # PostgreSQL lock timeout / deadlock / serialization failure, SQLite "locked"
    errors: list[str] = field(default_factory=list)  # anything else: tracebacks

    def add(self, other: Report) -> None:
        self.won += other.won
        self.conflicts += other.conflicts
        self.moved += other.moved
        self.busy += other.busy
        self.errors.extend(other.errors)


def is_busy(conflict: Conflict) -> bool:
    """The store says so for a lock timeout, deadlock, serialization failure or SQLite "locked"
    (`workflow.storage.errors`); any other Conflict is the cycle having moved on."""
    return conflict.message.key == "storage.busy"


# -- the writer process -------------------------------------------------------------------------


class Writer:
    """One writer process's people, connected to both backends, driving the cycles it is given."""

    def __init__(self, task: WriterTask) -> None:
        self.task = task
        self.flows: dict[str, dict[str, Workflow]] = {}
        for name, spec in task.backends.items():
            base = Settings.for_home(Path(spec.home), user="admin", procedures_dir=PROCEDURES)
            self.flows[name] = {login: Workflow(replace(base, user=login, db_url=spec.urls[login]))
                                for login in task.logins.values()}
        self.folder = Path(task.inputs)
        self.folder.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        for flows in self.flows.values():
            for flow in flows.values():
                flow.close()

    def evidence(self, tag: str, number: int) -> list[EvidenceInput]:
        """This writer's own file for activity `number` of the cycle tagged `tag` (written once, reused by
        the other backend, which has its own database)."""
        if number not in RECORDS:
            return []
        path = self.folder / f"{RECORDS[number]}-w{self.task.index}-{tag}{SUFFIX[number]}"
        if not path.exists():
            body = f"writer {self.task.index}, cycle {tag}, activity {number}, record {RECORDS[number]}\n"
            path.write_text(body + "x" * (1000 - len(body)) + "\n", encoding="utf-8")
        return [EvidenceInput(path, RECORDS[number])]

    def prepare(self) -> None:
        """Write every evidence file and drive one warm-up cycle per backend (untimed)."""
        for name, spec in self.task.backends.items():
            for round_index, cycles in enumerate(spec.rounds):
                for position in range(len(cycles)):
                    for number in RECORDS:
                        self.evidence(f"r{round_index}c{position}", number)
            warmup = Report()
            self.drive(name, [spec.warmup_cycle], "warm", warmup)
            if warmup.won != ACTIVITIES or warmup.errors:
                raise RuntimeError(f"warm-up on {name} failed: {warmup}")

    def run(self, backend: str, round_index: int, barrier: Barrier) -> Report:
        cycles = self.task.backends[backend].rounds[round_index]
        report = Report()
        barrier.wait(timeout=REPLY_TIMEOUT)
        report.started = time.monotonic()
        self.drive(backend, cycles, f"r{round_index}c", report)
        report.finished = time.monotonic()
        return report

    def drive(self, backend: str, cycles: Sequence[str], tag: str, report: Report) -> None:
        """Take each cycle from wherever it is to its end; losing a step means: look again, go on."""
        flows = self.flows[backend]
        errors_before = len(report.errors)
        for position, cycle_id in enumerate(cycles):
            number: int | None = 1
            while number is not None:
                flow = flows[self.task.logins[AREA_OF[number]]]
                try:
                    view = flow.complete(cycle_id, number, self.evidence(f"{tag}{position}", number))
                except Conflict as conflict:
                    if is_busy(conflict):
                        report.busy += 1
                    else:
                        report.conflicts += 1
                except Refused as refusal:
                    now = self.look(flow, cycle_id)
                    if refusal.message.key == "engine.actor_lacks_role" and now != number:
                        report.moved += 1
                        number = now
                        continue
                    report.errors.append(f"{backend}: {cycle_id} activity {number} (now {now}): "
                                         + traceback.format_exc())
                except Exception:
                    report.errors.append(f"{backend}: {cycle_id} activity {number}: " + traceback.format_exc())
                else:
                    report.won += 1
                    number = view.activity
                    continue
                if len(report.errors) - errors_before > MAX_ERRORS:
                    raise RuntimeError(f"more than {MAX_ERRORS} errors; the last:\n{report.errors[-1]}")
                number = self.look(flow, cycle_id)

    @staticmethod
    def look(flow: Workflow, cycle_id: str) -> int | None:
        """What `cycle show` tells the person: the current activity, None once the cycle has ended."""
        return flow.cycle(cycle_id).cycle.activity


def writer_main(index: int, tasks: Queue[Any], replies: Queue[Any], barriers: dict[int, Barrier]) -> None:
    writer: Writer | None = None
    while True:
        message = tasks.get()
        kind = message[0]
        try:
            if kind == "stop":
                if writer is not None:
                    writer.close()
                return
            if kind == "setup":
                writer = Writer(message[1])
                writer.prepare()
                replies.put(("ready", index, None))
            elif kind == "run":
                assert writer is not None
                _, backend, round_index = message
                replies.put(("done", index, writer.run(backend, round_index, barriers[writer.task.writers])))
            elif kind == "teardown":
                if writer is not None:
                    writer.close()
                writer = None
                replies.put(("closed", index, None))
        except BaseException:
            if kind == "run" and writer is not None:
                barriers[writer.task.writers].abort()  # the others must not wait for this one
            replies.put(("failed", index, traceback.format_exc()))


class WriterPool:
    """Long-lived writer processes (started once: a process start costs more than a round)."""

    def __init__(self, size: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        # fork is cheap and safe here: the pool starts before this process opens any connection
        self.context: BaseContext = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.barriers = {k: self.context.Barrier(k) for k in range(1, size + 1)}
        self.replies: Queue[Any] = self.context.Queue()
        self.tasks: list[Queue[Any]] = [self.context.Queue() for _ in range(size)]
        self.processes: list[BaseProcess] = [
            self.context.Process(target=writer_main, args=(i + 1, self.tasks[i], self.replies, self.barriers),  # type: ignore[attr-defined]
                                 name=f"bench-writer-{i + 1}", daemon=True)
            for i in range(size)]
        for process in self.processes:
            process.start()

    def ask(self, messages: Sequence[tuple[Any, ...]], expect: str) -> list[Any]:
        """Send message i to writer i+1, wait for every writer's reply; abort on a writer's failure."""
        for queue, message in zip(self.tasks, messages, strict=False):
            queue.put(message)
        replies: dict[int, Any] = {}
        failures: list[str] = []
        deadline = time.monotonic() + REPLY_TIMEOUT
        while len(replies) + len(failures) < len(messages):
            kind, index, payload = self.replies.get(timeout=max(1.0, deadline - time.monotonic()))
            if kind == "failed":
                failures.append(f"writer {index}:\n{payload}")
            else:
                assert kind == expect, (kind, expect)
                replies[index] = payload
        if failures:
            raise SystemExit("bench_pg: a writer failed:\n" + "\n".join(failures))
        return [replies[i] for i in sorted(replies)]

    def stop(self) -> None:
        for queue in self.tasks:
            queue.put(("stop",))
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


# -- one (scenario, writers) pair: set-up, alternating rounds, checks ----------------------------


@dataclass
class Cell:
    backend: str
    scenario: str
    writers: int
    rates: list[float] = field(default_factory=list)  # per round
    first_done: list[float] = field(default_factory=list)  # per round: when the first writer was done (0-1)
    seconds: float = 0.0
    totals: Report = field(default_factory=Report)
    wins: dict[int, int] = field(default_factory=dict)  # writer -> successful transitions

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


def logins_of(index: int) -> dict[str, str]:
    return {area: f"{person}{index}" for person, area, _ in PEOPLE}


class Office:
    """The administrator's side of one backend for one pair: fresh home or schema, staff, cycles."""

    def __init__(self, backend: str, home: Path, pg: PostgresServer | None, writers: int,
                 procedures: Path) -> None:
        self.backend = backend
        self.pg = pg
        if pg is not None:
            pg.reset()
        self.base = Settings.for_home(home, user="admin", procedures_dir=procedures)
        self.admin = Workflow(replace(self.base, db_url=self.url("admin")))
        self.admin.init(name="Administradora")
        self.register("ana0", "atencion_ciudadano", "Ana Inicio")
        for index in range(1, writers + 1):
            for person, area, name in PEOPLE:
                self.register(f"{person}{index}", area, f"{name} {index}")
        self.starter = Workflow(replace(self.base, user="ana0", db_url=self.url("ana0")))

    def url(self, login: str) -> str:
        return self.pg.url(login) if self.pg is not None else self.base.db_url

    def register(self, login: str, area: str, name: str) -> None:
        if self.pg is not None:
            self.pg.role(login)
            access.grant(self.admin, login, "staff")
        self.admin.add_staff(login, area, ROLE, name)

    def start(self, count: int) -> list[str]:
        return [self.starter.start_cycle(CODE, "bench").id for _ in range(count)]

    def spec(self, index: int, rounds: list[list[str]], warmup: str) -> BackendSpec:
        return BackendSpec(self.backend, str(self.base.home), {login: self.url(login)
                                                                for login in logins_of(index).values()},
                           warmup, rounds)

    def check(self, transitions: int, cycles: int) -> None:
        """Every cycle completed, one activity.completed per (cycle, activity), as many as counted."""
        problems: list[str] = []
        verified = self.admin.verify()
        if not verified.ok:
            problems.append(f"audit verify failed at seq {verified.first_bad_seq}: "
                            f"{verified.problem.render() if verified.problem else '?'}")
        completed = len(self.admin.cycles("completed"))
        if completed != cycles:
            problems.append(f"{completed} completed cycles, expected {cycles}")
        steps: dict[tuple[str, int], int] = {}
        with self.admin.store.read() as tx:
            for row in tx.events():
                if row.type == ev.ACTIVITY_COMPLETED and row.cycle_id is not None:
                    number = int(audit.decode(row.payload)["activity"]["number"])
                    steps[(row.cycle_id, number)] = steps.get((row.cycle_id, number), 0) + 1
        doubles = sorted(key for key, count in steps.items() if count != 1)
        if doubles:
            problems.append(f"steps completed more than once: {doubles[:5]}")
        if sum(steps.values()) != transitions:
            problems.append(f"{sum(steps.values())} activity.completed events, the writers counted {transitions}")
        if problems:
            raise SystemExit(f"bench_pg: sanity check failed on {self.backend}: " + "; ".join(problems))

    def close(self) -> None:
        self.starter.close()
        self.admin.close()


def run_pair(pool: WriterPool, pg: PostgresServer | None, scratch: Path, scenario: str, writers: int,
             total_cycles: int, rounds: int) -> list[Cell]:
    """Set up both backends for this pair, run the alternating rounds, check, tear down."""
    folder = scratch / f"{scenario}-{writers}"
    backends = [SQLITE] + ([POSTGRES] if pg is not None else [])
    offices = {name: Office(name, folder / name.lower(), pg if name == POSTGRES else None, writers,
                            scratch / "procedures")
               for name in backends}
    per_round = total_cycles // rounds  # cycles per round (all writers together)
    try:
        # per backend: warm-up cycle of each writer, then the timed cycles of each (writer, round)
        specs: dict[int, dict[str, BackendSpec]] = {index: {} for index in range(1, writers + 1)}
        for name, office in offices.items():
            warmups = office.start(writers)
            timed = [office.start(per_round) for _ in range(rounds)]
            for index in range(1, writers + 1):
                if scenario == "same":
                    mine = timed
                else:
                    share = per_round // writers
                    mine = [cycles[(index - 1) * share:index * share] for cycles in timed]
                specs[index][name] = office.spec(index, mine, warmups[index - 1])
        tasks = [WriterTask(index, writers, logins_of(index), specs[index], str(folder / f"inputs-w{index}"))
                 for index in range(1, writers + 1)]
        pool.ask([("setup", task) for task in tasks], "ready")

        cells = {name: Cell(name, scenario, writers) for name in backends}
        for round_index in range(rounds):
            for name in backends if round_index % 2 == 0 else backends[::-1]:
                reports: list[Report] = pool.ask([("run", name, round_index)] * writers, "done")
                seconds = max(r.finished for r in reports) - min(r.started for r in reports)
                cell = cells[name]
                for index, report in enumerate(reports, start=1):
                    cell.totals.add(report)
                    cell.wins[index] = cell.wins.get(index, 0) + report.won
                cell.first_done.append((min(r.finished for r in reports) - min(r.started for r in reports))
                                       / seconds)
                won = sum(r.won for r in reports)
                cell.rates.append(won / seconds)
                cell.seconds += seconds
        pool.ask([("teardown",)] * writers, "closed")
        for name, office in offices.items():
            office.check(cells[name].totals.won + ACTIVITIES * writers, per_round * rounds + writers)
        return [cells[name] for name in backends]
    finally:
        for office in offices.values():
            office.close()


# -- output -------------------------------------------------------------------------------------


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return "-"
    totals = cell.totals
    shown = f"{cell.rate:.0f}/s"
    notes = []
    if cell.scenario == "same" or totals.conflicts or totals.moved:
        notes.append(f"{totals.conflicts} c + {totals.moved} r")
    if totals.busy:
        notes.append(f"{totals.busy} busy")
    if totals.errors:
        notes.append(f"{len(totals.errors)} ERRORS")
    return shown + (f" ({', '.join(notes)})" if notes else "")


def progress(cell: Cell) -> str:
    """One line of detail: every round's rate, fairness (who won, when the first writer was done)."""
    wins = sorted(cell.wins.values())
    line = (f"{cell.backend:<10} {cell_text(cell)}; rounds: {' '.join(f'{r:.0f}' for r in cell.rates)}")
    if len(wins) > 1:
        line += (f"; transitions per writer {wins[0]}..{wins[-1]} (top writer {100 * wins[-1] / sum(wins):.0f}%); "
                 f"first writer done at {100 * statistics.median(cell.first_done):.0f}% of a round (median)")
    return line


def table(cells: dict[tuple[str, str, int], Cell], backends: Sequence[str], writers: Sequence[int]) -> str:
    header = "| backend, scenario | " + " | ".join(f"{w} writer{'s' if w > 1 else ''}" for w in writers) + " |"
    lines = [header, "|---|" + "---:|" * len(writers)]
    for backend in backends:
        for scenario, label in SCENARIOS.items():
            row = [cell_text(cells.get((backend, scenario, w))) for w in writers]
            lines.append(f"| {backend}, {label} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def paired_ratio(top: Cell, bottom: Cell) -> float:
    """Median of the per-round ratios of two cells measured in the same alternating rounds."""
    return statistics.median(t / b for t, b in zip(top.rates, bottom.rates, strict=True))


# -- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=1,
                        help=f"multiply the work per cell (default 1: {DEFAULT_DISTINCT_CYCLES * ACTIVITIES} "
                             f"transitions for distinct cycles, {DEFAULT_SAME_CYCLES * ACTIVITIES} for the same cycle)")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                        help=f"alternating rounds per cell (default {DEFAULT_ROUNDS})")
    parser.add_argument("--writers", default=",".join(map(str, DEFAULT_WRITERS)),
                        help="comma-separated writer counts (default 1,2,4,8)")
    parser.add_argument("--pg-url", default=os.environ.get("WORKFLOW_TEST_PG_URL", "").strip() or DEFAULT_PG_URL,
                        help="superuser URL of the PostgreSQL server (default: $WORKFLOW_TEST_PG_URL, else "
                             f"{DEFAULT_PG_URL})")
    parser.add_argument("--sqlite-only", action="store_true", help="do not use PostgreSQL")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to create the temporary folders (default: the system's temp folder)")
    args = parser.parse_args(argv)
    try:
        writers = sorted({int(w) for w in args.writers.split(",") if w.strip()})
    except ValueError:
        parser.error("--writers takes numbers such as 1,2,4,8")
    if not writers or writers[0] < 1 or args.scale < 1 or args.rounds < 1:
        parser.error("need --writers >= 1, --scale >= 1 and --rounds >= 1")
    # each writer gets the same number of cycles in each round
    unit = math.lcm(*(args.rounds * w for w in writers))
    distinct_cycles = -(-DEFAULT_DISTINCT_CYCLES * args.scale // unit) * unit
    same_cycles = -(-DEFAULT_SAME_CYCLES * args.scale // args.rounds) * args.rounds

    begun = time.monotonic()
    pool = WriterPool(max(writers))  # before any connection: the writers are forked from a clean process
    pg: PostgresServer | None = None
    if args.sqlite_only:
        print("bench_pg: --sqlite-only: SQLite only")
    else:
        why = PostgresServer.reachable(args.pg_url)
        if why is None:
            pg = PostgresServer(args.pg_url)
        else:
            print(f"bench_pg: no PostgreSQL at {make_url(args.pg_url).render_as_string(hide_password=True)} "
                  f"({why}); SQLite only")
    backends = [SQLITE] + ([POSTGRES] if pg is not None else [])
    print(f"bench_pg: writers {', '.join(map(str, writers))} (processes, {pool.context.get_start_method()}); "
          f"distinct cycles: {distinct_cycles * ACTIVITIES} transitions per cell, same cycle: "
          f"{same_cycles * ACTIVITIES} per cell; {args.rounds} alternating rounds; "
          f"{' and '.join(backends)}{f' (database {pg.database})' if pg else ''}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)

    cells: dict[tuple[str, str, int], Cell] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-pg-", dir=args.dir) as scratch:
            one_step_procedure(Path(scratch) / "procedures")
            for scenario in SCENARIOS:
                for w in writers:
                    started = time.monotonic()
                    total = distinct_cycles if scenario == "distinct" else same_cycles
                    for cell in run_pair(pool, pg, Path(scratch), scenario, w, total, args.rounds):
                        cells[(cell.backend, scenario, w)] = cell
                    print(f"  {SCENARIOS[scenario]}, {w} writer{'s' if w > 1 else ''} "
                          f"[{time.monotonic() - started:.1f} s with set-up and checks]:", flush=True)
                    for b in backends:
                        print(f"    {progress(cells[(b, scenario, w)])}", flush=True)
    finally:
        pool.stop()
        if pg is not None:
            pg.close()

    print()
    print(table(cells, backends, writers))
    print()
    print("Successful transitions per second (median of the rounds); same cycle: c = losing attempts told "
          "of a conflict (exit 3), r = losing attempts refused because the step had passed to another area "
          "(exit 1). Nothing is saved for either.")
    errors = [e for cell in cells.values() for e in cell.totals.errors]
    if errors:
        print(f"\n{len(errors)} UNEXPECTED ERRORS (bugs: not Conflict, not the documented refusal); the first:")
        for error in errors[:3]:
            print(error)
    print(f"\nrun time: {time.monotonic() - begun:.1f} s (load average now {os.getloadavg()[0]:.1f}: other "
          "work on the machine slows every round down)")
    low, high = writers[0], writers[-1]
    plural = "s" if high > 1 else ""
    if pg is not None:
        ratio = paired_ratio(cells[(POSTGRES, "distinct", high)], cells[(SQLITE, "distinct", high)])
        print(f"ratio: {ratio:.2f} (PostgreSQL / SQLite transitions/s, {high} writer{plural} on distinct "
              "cycles; no fixed goal)")
    else:
        print(f"ratio: n/a (PostgreSQL / SQLite transitions/s, {high} writer{plural} on distinct cycles; "
              "no PostgreSQL)")
    for backend in backends:
        scaling = cells[(backend, "distinct", high)].rate / cells[(backend, "distinct", low)].rate
        print(f"ratio: {scaling:.2f} ({high} writer{plural} / {low} writer{'s' if low > 1 else ''} on "
              f"{backend}, distinct cycles; writers serialise on the audit chain's lock)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
