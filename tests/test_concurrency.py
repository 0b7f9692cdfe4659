"""Concurrency: many people at once, in real OS processes, on both backends.

Writers take turns on one lock (BEGIN IMMEDIATE on SQLite, a transaction-level advisory lock on
PostgreSQL) and every step re-checks the cycle under it (`--activity`, then the cycle's lock version).
So when several people complete the same activity at the same moment exactly one step is saved and
the others are told, with exit 3, that nothing was saved; steps on different cycles all go through;
and the audit chain stays one gap-free chain.

To make the processes really contend rather than merely start one after another, the test holds the
write lock itself while it launches them (an open BEGIN IMMEDIATE on SQLite, the advisory lock on
PostgreSQL), waits until every process is waiting on that lock, and then lets go.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import CODE, ROOT, Office, PostgresServer
from workflow.core import chain as audit
from workflow.errors import Conflict
from workflow.service import auditing
from workflow.service.facade import EvidenceInput, Workflow
from workflow.storage.store import PG_WRITE_LOCK

WORKFLOW = [sys.executable, "-m", "workflow"]
RACERS = 8
RECORD = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}
LUISES = [f"luis{n}" for n in range(1, RACERS + 1)]  # Oficina SIG: activities 2 and 3
ANAS = [f"ana{n}" for n in range(1, RACERS + 1)]  # Atención al ciudadano: every activity
GATE_TIMEOUT = 30.0


# -- set-up -------------------------------------------------------------------------------------------
@pytest.fixture
def racing_office(tmp_path: Path, backend: PostgresServer | None) -> Iterator[Office]:
    """The office of conftest plus eight members of Oficina SIG (luis1..8) and eight of Atención al
    ciudadano (ana1..8), each with their own database role on PostgreSQL."""
    office = Office(tmp_path / "home", backend)
    office.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana Rojas")
    office.add_staff("luis", "oficina_sig", "profesional_universitario", "Luis Pérez")
    for login in LUISES:
        office.add_staff(login, "oficina_sig", "profesional_universitario", login.title())
    for login in ANAS:
        office.add_staff(login, "atencion_ciudadano", "profesional_universitario", login.title())
    yield office
    office.close()


def _file(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def _cycle_at_activity_2(office: Office, folder: Path, title: str) -> str:
    """A cycle started by ana, with activity 1 done by ana, at activity 2 and ready to complete.

    Activity 2 is done once per dependencia: luis attaches one circular e-mail to every pending item at
    once beforehand, so that the race is about the completion itself. Activity 2 and the next one, 3,
    are both Oficina SIG's: a member of that office who loses the race for 2 still holds the role of the
    activity the cycle is at, and is told about the conflict (exit 3), not refused (exit 1)."""
    cid = office.as_user("ana").start_cycle(CODE, title=title).id
    office.as_user("ana").complete(cid, expected_activity=1)
    circular = _file(folder, f"circular-{title}.eml", f"Solicitud a todas las dependencias ({title})")
    office.as_user("luis").attach(cid, EvidenceInput(circular, RECORD[2]), expected_activity=2, all_pending=True)
    return cid


def _last_seq(office: Office) -> int:
    with office.as_user("admin").store.transaction(write=False) as tx:
        return tx.head()[0]


def _env(office: Office, login: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
    env.update(WORKFLOW_HOME=str(office.home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200",
               WORKFLOW_USER=login)
    if office.server is not None:
        env["WORKFLOW_DB_URL"] = office.server.url(login)
    return env


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- holding the write lock while everybody lines up ----------------------------------------------------
@contextmanager
def _write_lock_held(office: Office) -> Iterator[Any]:
    """Hold the writers' lock; yields a function that waits until `n` others are waiting for it."""
    if office.server is None:
        holder = sqlite3.connect(office.home / "workflow.db", timeout=30, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield lambda pids: _wait_sqlite_waiters(office.home / "workflow.db", pids)
            holder.execute("ROLLBACK")  # the test wrote nothing: let go
        finally:
            holder.close()
        return
    with office.server.engine.connect() as connection:  # AUTOCOMMIT engine: explicit transaction below
        connection.exec_driver_sql("BEGIN")
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
        yield lambda pids: _wait_pg_waiters(connection, len(pids))
        connection.exec_driver_sql("ROLLBACK")


def _wait_pg_waiters(connection: Any, count: int) -> None:
    deadline = time.monotonic() + GATE_TIMEOUT
    waiting = 0
    while time.monotonic() < deadline:
        waiting = connection.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).scalar()
        if waiting >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"only {waiting} of {count} processes reached the write lock")


def _wait_sqlite_waiters(database: Path, pids: list[int]) -> None:
    """SQLite cannot list who waits for its lock; on Linux, /proc shows when each process has opened the
    database (its write transaction comes a few milliseconds later). Elsewhere: give them time."""
    if not Path("/proc/self/fd").is_dir():
        time.sleep(3.0)
        return
    deadline = time.monotonic() + GATE_TIMEOUT
    pending = set(pids)
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            try:
                opened = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
            except OSError:  # exited already, or a descriptor closed while listing
                opened = set()
            if str(database) in opened:
                pending.discard(pid)
        time.sleep(0.02)
    assert not pending, f"processes {sorted(pending)} never opened the database"
    time.sleep(0.3)  # from opening the database to asking for the write lock: a few milliseconds


def _race(office: Office, commands: list[tuple[str, list[str]]]) -> list[subprocess.CompletedProcess[str]]:
    """Start every (login, args) command while the write lock is held, release it once all are
    waiting, and collect the results in the same order."""
    with _write_lock_held(office) as wait_for:
        procs = [subprocess.Popen([*WORKFLOW, *args], cwd=ROOT, env=_env(office, login), text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for login, args in commands]
        try:
            wait_for([p.pid for p in procs])
            # all still running: they are blocked on the lock we hold, not finished one by one
            assert [p.poll() for p in procs] == [None] * len(procs)
        except BaseException:
            for proc in procs:
                proc.kill()
            raise
    results = []
    for proc, (_login, args) in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=60)
        assert "Traceback" not in out + err, err
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def _events(office: Office) -> list[Any]:
    with office.as_user("admin").store.transaction(write=False) as tx:
        return tx.events()


def _assert_chain_gap_free_and_verified(office: Office) -> None:
    events = _events(office)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    verified = subprocess.run([*WORKFLOW, "audit", "verify", "--json"], cwd=ROOT, env=_env(office, "admin"),
                              capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert '"ok": true' in verified.stdout


def _stored_contents(office: Office) -> set[str]:
    """SHA-256 of every evidence content the store holds (files in embedded mode, the files that manifests
    of chunks make up on PostgreSQL)."""
    if office.server is None:
        return {p.name for p in (office.home / "evidence").rglob("*") if p.is_file()}
    with office.as_user("admin").store.transaction(write=False) as tx:
        return set(tx.connection.exec_driver_sql("SELECT file_sha256 FROM evidence_manifest").scalars())


# -- 1. eight people, one activity ------------------------------------------------------------------------
def test_eight_people_completing_the_same_activity_one_wins(racing_office: Office, tmp_path: Path) -> None:
    office = racing_office
    cid = _cycle_at_activity_2(office, tmp_path / "files", "carrera")
    before_events = _events(office)
    before_stored = _stored_contents(office)
    mails = {login: _file(tmp_path / "files", f"correo-{login}.eml", f"Solicitud a las dependencias, {login}")
             for login in LUISES}
    office.close()  # nothing of ours holds a connection while they race

    results = _race(office, [(login, ["cycle", "complete", cid, "--activity", "2", "--evidence",
                                      str(mails[login]), "--record", RECORD[2]]) for login in LUISES])

    codes = {login: r.returncode for login, r in zip(LUISES, results, strict=True)}
    winners = [login for login, code in codes.items() if code == 0]
    assert len(winners) == 1, {login: (r.returncode, r.stderr) for login, r in zip(LUISES, results, strict=True)}
    winner = winners[0]
    for login, result in zip(LUISES, results, strict=True):
        if login != winner:
            assert result.returncode == 3, (login, result.returncode, result.stderr)
            assert "nothing was saved" in result.stderr, (login, result.stderr)
            assert "no longer at activity 2 (it is now at 3)" in result.stderr, (login, result.stderr)

    detail = office.as_user("admin").cycle(cid)
    assert (detail.cycle.state, detail.cycle.activity) == ("active", 3)  # moved exactly one activity
    new_events = _events(office)[len(before_events):]
    assert [(e.type, e.actor) for e in new_events] == [("evidence.attached", winner),
                                                       ("activity.completed", winner)]
    completions = [audit.decode(e.payload) for e in _events(office)
                   if e.cycle_id == cid and e.type == "activity.completed"]
    assert [c["activity"]["number"] for c in completions] == [1, 2]
    assert [(e.activity, e.item, e.record, e.attached_by, e.sha256) for e in detail.evidence
            if e.seq > len(before_events)] == [(2, None, RECORD[2], winner, _sha(mails[winner]))]
    # the losers stored no content either: the store gained exactly the winner's file
    assert _stored_contents(office) - before_stored == {_sha(mails[winner])}
    _assert_chain_gap_free_and_verified(office)


# -- 2. eight people, eight cycles ---------------------------------------------------------------------------
def test_eight_people_on_eight_cycles_all_succeed(racing_office: Office, tmp_path: Path) -> None:
    office = racing_office
    cycles = {login: _cycle_at_activity_2(office, tmp_path / "files", f"ciclo-{login}") for login in LUISES}
    before = len(_events(office))
    mails = {login: _file(tmp_path / "files", f"correo-{login}.eml", f"Solicitud a las dependencias, {login}")
             for login in LUISES}
    office.close()

    results = _race(office, [(login, ["cycle", "complete", cycles[login], "--activity", "2", "--evidence",
                                      str(mails[login]), "--record", RECORD[2]]) for login in LUISES])

    assert [r.returncode for r in results] == [0] * RACERS, [r.stderr for r in results]
    events = _events(office)
    completed = [e for e in events[before:] if e.type == "activity.completed"]
    assert len(completed) == RACERS and len(events) == before + 2 * RACERS
    assert {(e.cycle_id, e.actor) for e in completed} == {(cid, login) for login, cid in cycles.items()}
    flow = office.as_user("admin")
    for login, cid in cycles.items():
        detail = flow.cycle(cid)
        assert detail.cycle.activity == 3
        assert [(e.activity, e.attached_by, e.sha256) for e in detail.evidence if e.seq > before] == [
            (2, login, _sha(mails[login]))]
    _assert_chain_gap_free_and_verified(office)


# -- 3. the library, without process start-up in the way ----------------------------------------------------
def _library_worker(settings: Any, cycle_id: str, folder: str, gate: Any, results: Any) -> None:
    """One person completing whatever activity they last saw, until the cycle has ended."""
    successes: list[int] = []
    failures: list[tuple[str, str, int]] = []
    try:
        with Workflow(settings) as flow:
            flow.store.require_file()
            flow.login()
            gate.wait(GATE_TIMEOUT)
            attempt = 0
            while (current := flow.cycle(cycle_id).cycle.activity) is not None:
                attempt += 1
                evidence = []
                if current in RECORD:  # a new content every attempt, so a loser's file could be told apart
                    path = Path(folder) / f"{settings.user}-{attempt}.txt"
                    path.write_text(f"{settings.user}, intento {attempt}, actividad {current}", encoding="utf-8")
                    evidence.append(EvidenceInput(path, RECORD[current]))
                try:
                    flow.complete(cycle_id, expected_activity=current, evidence=evidence)
                    successes.append(current)
                except Exception as error:  # everything is reported; the test asserts it was a Conflict
                    failures.append((type(error).__name__, str(error), current))
        results.put((settings.user, successes, failures, None))
    except BaseException as error:  # pragma: no cover - reported to the parent, which fails the test
        results.put((settings.user, successes, failures, f"{type(error).__name__}: {error}"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its workers (POSIX)")
def test_library_race_records_each_transition_once(racing_office: Office, tmp_path: Path) -> None:
    """Eight workers (all of Atención al ciudadano, so each may complete every activity) race through
    one cycle. Activity 1 is done and activity 2's items are attached in the set-up: its 33 items must
    be attached while the cycle is at activity 2, so the race covers the transitions 2→3→4→5→completed."""
    office = racing_office
    cid = _cycle_at_activity_2(office, tmp_path / "files", "carrera de la biblioteca")
    before_seq = _last_seq(office)
    before_stored = _stored_contents(office)
    with office.as_user("admin").store.transaction(write=False) as tx:
        before_row = tx.cycle(cid)
    assert before_row is not None
    folder = tmp_path / "attempts"
    folder.mkdir()
    office.close()  # no pooled connection crosses the fork
    context = multiprocessing.get_context("fork")
    gate = context.Barrier(RACERS)
    results = context.Queue()
    workers = [context.Process(target=_library_worker,
                               args=(replace(office.settings, user=login, db_url=office.db_url(login)), cid,
                                     str(folder), gate, results)) for login in ANAS]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    assert [r[3] for r in reports if r[3] is not None] == []
    successes = sorted(n for r in reports for n in r[1])
    failures = [f for r in reports for f in r[2]]
    assert successes == [2, 3, 4, 5], reports
    assert {f[0] for f in failures} <= {Conflict.__name__}, failures
    assert failures, "nobody lost a race: the workers did not contend"

    detail = office.as_user("admin").cycle(cid)
    assert (detail.cycle.state, detail.cycle.activity) == ("completed", None)
    completions = [h for h in detail.history if h.type == "activity.completed"]
    assert [h.activity for h in completions] == [1, 2, 3, 4, 5]
    raced = [h for h in detail.history if h.seq > before_seq]
    assert [(h.type, h.activity) for h in raced] == [
        (kind, number) for number in (2, 3, 4, 5) for kind in ("evidence.attached", "activity.completed")]
    winners = {number: login for login, won, _failed, _error in reports for number in won}
    assert [(h.actor, h.activity) for h in raced] == [(winners[h.activity], h.activity) for h in raced]
    new_evidence = [e for e in detail.evidence if e.seq > before_seq]
    assert [(e.activity, e.record, e.item, e.attached_by) for e in new_evidence] == [
        (number, RECORD[number], None, winners[number]) for number in (2, 3, 4, 5)]
    # every completion stored the content its winner handed in, and no loser's content was stored
    assert _stored_contents(office) - before_stored == {e.sha256 for e in new_evidence}
    with office.as_user("admin").store.transaction(write=False) as tx:
        row = tx.cycle(cid)
    assert row is not None and row.lock_version == before_row.lock_version + 4  # none by the losers
    events = _events(office)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    verified = auditing.verify(office.as_user("admin"))
    assert verified.ok, verified.to_json()
