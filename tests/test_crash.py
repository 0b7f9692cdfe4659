"""Crash safety: `attach` and `complete` killed with SIGKILL at chosen points, two hundred times.

A child process (forked, so it starts in milliseconds) drives cycles with attach/complete/return and
SIGKILLs itself at a crash point picked by the parent from a seeded sequence: the n-th chunk written
to an evidence file (after writing a part of it: a torn write), the n-th fsync, rename, SQL write
statement, database commit, or the moment just after a commit (an evidence file is written and
fsynced before its transaction begins and renamed inside it, after the step's SQL writes). The
points are counted, not timed, so the same kills happen however loaded the machine is. Afterwards:
exactly the audit events of the transactions that committed are in the store, every cycle's state
agrees with its last event, the chain and every evidence file verify, no evidence file is partial,
and the leftovers of interrupted writes are gone once the next writer into the folder has started.
"""

from __future__ import annotations

import os
import random
import signal
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pytest
from sqlalchemy import Engine, event

from tests.conftest import CODE, Office
from workflow.core import chain as audit
from workflow.core import states
from workflow.errors import WorkflowError
from workflow.service import auditing
from workflow.service.facade import EvidenceInput, Workflow
from workflow.storage import evidence_files
from workflow.storage.atomic import TEMP_PREFIX
from workflow.storage.evidence_files import EvidenceStore

KILLS = 120  # 20 at each of the six kill points of embedded mode
WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}
RECORD = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}
OPEN_CYCLES = 4
FILE_POINTS = ("write", "fsync", "replace")  # only where evidence goes to files (embedded mode)
DATABASE_POINTS = ("statement", "commit", "committed")
MAX_OCCURRENCE = 6  # the n-th point of its kind, n in 1..6: a few steps commit before most kills
MAX_ITERATIONS = 5_000  # a child that never meets its point fails the test instead of running forever
WRITES = ("INSERT", "UPDATE", "DELETE")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


class Tripwire:
    """The child's crash points: counts those of one kind and SIGKILLs the process at the n-th.

    Before dying it tells the parent, through a pipe, where it died and how many audit events the
    transactions it saw commit had written: the parent then knows exactly what the store must hold.
    """

    def __init__(self, kind: str, occurrence: int, report: int, rng: random.Random) -> None:
        self.kind, self.occurrence, self.report, self.rng = kind, occurrence, report, rng
        self.seen = 0
        self.writing = False  # the open transaction has executed a write statement
        self.pending_events = 0  # audit events inserted by the open transaction
        self.committed_events = 0

    def reached(self, kind: str) -> bool:
        if kind != self.kind:
            return False
        self.seen += 1
        return self.seen == self.occurrence

    def point(self, kind: str) -> None:
        if self.reached(kind):
            self.die()

    def die(self) -> None:
        os.write(self.report, f"{self.kind} {self.committed_events}".encode())
        os.kill(os.getpid(), signal.SIGKILL)  # no finally, no atexit, no buffer flushed: a real crash

    def fail(self, why: str) -> None:
        os.write(self.report, why.encode())
        os._exit(1)


class TornWriter:
    """An evidence file being written; at the chosen chunk it writes a seeded part of it, then dies."""

    def __init__(self, out: IO[Any], tripwire: Tripwire) -> None:
        self.out, self.tripwire = out, tripwire

    def write(self, data: bytes) -> int:
        if self.tripwire.reached("write"):
            self.out.write(data[:self.tripwire.rng.randrange(len(data))])
            self.out.flush()  # the part reaches the file, as when the kernel had written it
            self.tripwire.die()
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()

    def fileno(self) -> int:
        return self.out.fileno()

    def __enter__(self) -> TornWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.out.close()


def _arm_files(tripwire: Tripwire) -> None:
    """Crash points in the evidence writes. The child is a forked copy about to die: patching the os
    module here changes nothing in the test process."""
    fdopen, fsync, replace = os.fdopen, os.fsync, os.replace
    evidence_files.CHUNK = 64 * 1024  # a 200 KB file in four chunks: kills between and inside them

    def opened(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        out = fdopen(fd, mode, *args, **kwargs)
        return TornWriter(out, tripwire) if mode == "wb" else out

    def synced(fd: int) -> None:
        tripwire.point("fsync")
        fsync(fd)

    def renamed(source: Any, target: Any) -> None:
        tripwire.point("replace")
        replace(source, target)

    os.fdopen, os.fsync, os.replace = opened, synced, renamed  # type: ignore[assignment]


def _arm_database(engine: Engine, tripwire: Tripwire) -> None:
    """Crash points in each writing transaction: before each write statement, before and after commit."""

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            tripwire.point("statement")
            tripwire.writing = True
            if "audit_event" in statement.split("(", 1)[0]:
                tripwire.pending_events += 1

    dialect = engine.dialect
    commit: Callable[[Any], None] = dialect.do_commit
    rollback: Callable[[Any], None] = dialect.do_rollback

    def committed(dbapi_connection: Any) -> None:
        if not tripwire.writing:
            commit(dbapi_connection)  # a read: nothing to lose
            return
        tripwire.point("commit")
        commit(dbapi_connection)
        tripwire.committed_events += tripwire.pending_events
        tripwire.writing, tripwire.pending_events = False, 0
        tripwire.point("committed")

    def rolled_back(dbapi_connection: Any) -> None:
        rollback(dbapi_connection)
        tripwire.writing, tripwire.pending_events = False, 0

    dialect.do_commit = committed  # type: ignore[method-assign]
    dialect.do_rollback = rolled_back  # type: ignore[method-assign]


def _drive(office: Office, samples: Path, seed: int, tripwire: Tripwire) -> None:
    """The child: fresh connections (nothing inherited is used), then steps until its point kills it."""
    rng = random.Random(seed)
    flows = {login: Workflow(office.as_user(login).settings) for login in set(WHO.values())}
    for flow in flows.values():
        flow.login()  # connect now, so that set-up meets no crash point
        flow.store.require_file()
        _arm_database(flow.store.engine, tripwire)
    if isinstance(flows["ana"].files, EvidenceStore):
        _arm_files(tripwire)
    for _ in range(MAX_ITERATIONS):
        # Cycles that ended are replaced, so that there is always something to do.
        cycles = [c.id for c in flows["ana"].cycles() if c.activity is not None]
        if len(cycles) < OPEN_CYCLES:
            flows["ana"].start_cycle(CODE)
            continue
        cycle_id = rng.choice(sorted(cycles))
        try:
            detail = flows["ana"].cycle(cycle_id)
            number = detail.cycle.activity
            assert number is not None
            flow = flows[WHO[number]]
            pending = detail.requirement is not None and any(i.state == "pending" for i in detail.requirement.items)
            if number == 5 and rng.random() < 0.5:
                flow.return_cycle(cycle_id, 1, "otra vuelta", expected_activity=5)
            elif pending or (number in RECORD and rng.random() < 0.5):
                # a fresh file every time, small or several chunks long; activity 2 runs per
                # dependencia: one circular request answers every pending item
                sample = samples / f"{seed}-{rng.random()}.bin"
                sample.write_bytes(rng.randbytes(rng.choice([10, 200_000])))
                flow.attach(cycle_id, EvidenceInput(sample, RECORD[number]), expected_activity=number,
                            all_pending=pending)
            else:
                flow.complete(cycle_id, number)
        except WorkflowError:
            continue
    tripwire.fail(f"never reached {tripwire.kind} #{tripwire.occurrence} in {MAX_ITERATIONS} iterations")


def _run_child(office: Office, samples: Path, kill: int, kind: str, occurrence: int) -> tuple[int, str]:
    """Fork a child that dies at the point asked for; its exit status and what it reported."""
    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        tripwire = Tripwire(kind, occurrence, report_write, random.Random(f"cut-{kill}"))
        try:
            os.close(report_read)
            _drive(office, samples, kill, tripwire)
        except BaseException:
            tripwire.fail(traceback.format_exc())
        finally:
            os._exit(1)
    os.close(report_write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(report_read, "rb") as report:
        return status, report.read().decode()


def test_sigkill_during_attach_and_complete_leaves_a_consistent_store(any_office: Office, tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    for _ in range(OPEN_CYCLES):
        any_office.as_user("ana").start_cycle(CODE)
    embedded = isinstance(any_office.as_user("admin").files, EvidenceStore)
    with any_office.as_user("admin").store.read() as tx:
        events_before = len(tx.events())
    for login in ("ana", "luis", "marta", "admin"):
        any_office.as_user(login).store.engine.dispose()  # nothing open crosses the fork
    points = (*FILE_POINTS, *DATABASE_POINTS) if embedded else DATABASE_POINTS
    evidence_root = any_office.home / "evidence"
    rng = random.Random(2026)
    committed_events = 0
    died_at: Counter[str] = Counter()
    torn = 0
    # The server has half the points (no files): half the kills give each point as many as embedded mode.
    for kill in range(KILLS if embedded else KILLS // 2):
        kind = points[kill % len(points)]
        status, report = _run_child(any_office, samples, kill, kind, rng.randint(1, MAX_OCCURRENCE))
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, report
        where, events = report.split()
        assert where == kind
        died_at[where] += 1
        committed_events += int(events)
        leftovers = list(evidence_root.glob(TEMP_PREFIX + "*"))
        if kind in ("write", "replace"):  # the temporary file is there, and only it
            assert len(leftovers) == 1, (kill, leftovers)
            torn += kind == "write"

    fresh = Workflow(any_office.as_user("admin").settings)
    try:
        if isinstance(fresh.files, EvidenceStore):  # the next writer into the folder: it cleans first
            (samples / "next.txt").write_bytes(b"the next write")
            with fresh.files.staged(samples / "next.txt"):
                pass
        assert not list(evidence_root.glob(TEMP_PREFIX + "*")), "leftovers of killed writes were not cleaned"
        if isinstance(fresh.files, EvidenceStore) and evidence_root.exists():
            for stored in (p for p in evidence_root.rglob("*") if p.is_file()):
                assert fresh.files.check(stored.name) is None, f"partial or altered evidence file {stored}"
        result = auditing.verify(fresh)
        assert result.ok, result.to_json()
        with fresh.store.read() as tx:
            # What committed is kept, whole; what was killed before its commit left nothing.
            assert len(tx.events()) == events_before + committed_events
            for row in tx.cycles():
                steps = [audit.decode(e.payload) for e in tx.events(row.id)]
                last_state = [e["to_state"] for e in steps if e["to_state"]][-1]
                assert last_state == states.machine_state(row.state, row.activity), row.id
                recorded = {e.audit_seq for e in tx.evidence(row.id)}
                assert recorded <= {e.seq for e in tx.events(row.id) if e.type == "evidence.attached"}
    finally:
        fresh.close()
    assert set(died_at) == set(points)
    # Each kill just after a commit follows at least one commit: the children got real work done.
    assert committed_events >= died_at["committed"]
    print(f"{sum(died_at.values())} kills {dict(died_at)}, {committed_events} events committed, "
          f"{torn} torn evidence writes")
