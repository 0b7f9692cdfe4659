"""Crash safety: `complete` and `attach` killed with SIGKILL at random moments, hundreds of times.

A child process (forked, so it starts in milliseconds) drives cycles with attach/complete/return as
fast as it can; the parent kills it after a random few milliseconds, again and again. Afterwards:
every cycle's state agrees with its last audit event, the chain and every evidence file verify, no
evidence file is partial, and the leftovers of interrupted writes are gone after the next start.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import CODE, Office
from workflow.core import chain as audit
from workflow.core import states
from workflow.errors import WorkflowError
from workflow.service import auditing
from workflow.service.facade import EvidenceInput, Workflow
from workflow.storage.atomic import TEMP_PREFIX
from workflow.storage.evidence_files import EvidenceStore

KILLS = 200
WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}
RECORD = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def _drive(office: Office, cycles: list[str], samples: Path, seed: int, ready: int) -> None:
    """The child: fresh connections (nothing inherited is used), says it is ready, then steps until killed."""
    rng = random.Random(seed)
    flows = {login: Workflow(office.as_user(login).settings) for login in set(WHO.values())}
    for flow in flows.values():
        flow.login()  # connect now, so the kill lands in the steps and not in the set-up
        flow.store.require_schema()
    os.write(ready, b"!")
    while True:
        cycle_id = rng.choice(cycles)
        try:
            detail = flows["ana"].cycle(cycle_id)
            number = detail.cycle.activity
            if number is None:
                continue
            flow = flows[WHO[number]]
            pending = detail.requirement is not None and any(i.state == "pending" for i in detail.requirement.items)
            if number == 5 and rng.random() < 0.5:
                flow.return_cycle(cycle_id, 1, "otra vuelta", expected_activity=5)
            elif pending or (number in RECORD and rng.random() < 0.5):
                # a fresh file every time, large enough that the copy takes a moment; activity 2 runs
                # per dependencia: one circular request answers every pending item
                sample = samples / f"{os.getpid()}-{rng.random()}.bin"
                sample.write_bytes(os.urandom(rng.choice([10, 200_000])))
                flow.attach(cycle_id, EvidenceInput(sample, RECORD[number]), expected_activity=number,
                            all_pending=pending)
            else:
                flow.complete(cycle_id, number)
        except WorkflowError:
            continue


def test_sigkill_during_attach_and_complete_leaves_a_consistent_store(any_office: Office, tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    cycles = [any_office.as_user("ana").start_cycle(CODE).id for _ in range(4)]
    for login in ("ana", "luis", "marta", "admin"):
        any_office.as_user(login).store.engine.dispose()  # nothing open crosses the fork
    rng = random.Random(2026)
    interrupted_writes = 0
    for kill in range(KILLS):
        ready_read, ready_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                os.close(ready_read)
                _drive(any_office, cycles, samples, seed=kill, ready=ready_write)
            finally:
                os._exit(0)
        os.close(ready_write)
        os.read(ready_read, 1)
        os.close(ready_read)
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the child stopped by itself: it must have crashed"
        if any((any_office.home / "evidence").glob(TEMP_PREFIX + "*")):
            interrupted_writes += 1

    fresh = Workflow(any_office.as_user("admin").settings)  # the next start
    try:
        evidence_root = any_office.home / "evidence"
        assert not list(evidence_root.glob(TEMP_PREFIX + "*")), "leftovers of killed writes were not cleaned"
        if isinstance(fresh.files, EvidenceStore) and evidence_root.exists():
            for stored in (p for p in evidence_root.rglob("*") if p.is_file()):
                assert fresh.files.check(stored.name) is None, f"partial or altered evidence file {stored}"
        result = auditing.verify(fresh)
        assert result.ok, result.to_json()
        moved = 0
        with fresh.store.read() as tx:
            for row in tx.cycles():
                steps = [audit.decode(e.payload) for e in tx.events(row.id)]
                last_state = [e["to_state"] for e in steps if e["to_state"]][-1]
                assert last_state == states.machine_state(row.state, row.activity), row.id
                moved += sum(1 for e in steps if e["type"] != "cycle.started")
            recorded = {e.audit_seq for e in tx.evidence(cycles[0])}
            assert recorded <= {e.seq for e in tx.events(cycles[0]) if e.type == "evidence.attached"}
        assert moved > KILLS / 4, "the children barely got anything done: the test is not exercising much"
    finally:
        fresh.close()
    print(f"{KILLS} kills, {moved} steps committed, {interrupted_writes} kills left a temporary evidence file")
