"""`audit verify` in two processes (a big SQLite log): the same answer as in one, on an intact trail
and on every kind of tampering; the second process only ever confirms, never decides alone."""

from __future__ import annotations

import sqlite3
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Office, complete_step, cycle_at
from workflow.core import reconcile
from workflow.service import auditing, verifying
from workflow.service.views import VerifyResult
from workflow.storage import verify_worker

# Text a person may type into a title or a note, which JSON spells with escapes: SQLite (for the stored
# rows) and orjson (for the replay's) must spell it the same for the digests to prove the tables equal.
HOSTILE = 'Año "2026" \\ back\\slash \t tab \n newline \x1f unit \x7f del 😀 </script> ; = + - @'


class Spy:
    """What the two processes found, to check that the second one did the work."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = 0
        self.found: list[dict[str, Any] | None] = []
        self.expected: list[dict[str, str] | None] = []
        start, result, digests = verify_worker.start, verify_worker.Worker.result, reconcile.ProjectionDigests.result

        def spied_start(*args: Any) -> verify_worker.Worker | None:
            self.started += 1
            return start(*args)

        def spied_result(worker: verify_worker.Worker) -> dict[str, Any] | None:
            self.found.append(result(worker))
            return self.found[-1]

        def spied_digests(made: reconcile.ProjectionDigests) -> dict[str, str] | None:
            self.expected.append(digests(made))
            return self.expected[-1]

        monkeypatch.setattr(verify_worker, "start", spied_start)
        monkeypatch.setattr(verify_worker.Worker, "result", spied_result)
        monkeypatch.setattr(reconcile.ProjectionDigests, "result", spied_digests)


def _verify(office: Office, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> VerifyResult:
    with monkeypatch.context() as patch:
        patch.setattr(verifying, "PARALLEL_FROM", 0 if parallel else 10**12)
        return auditing.verify(office.as_user("admin"))


@pytest.fixture
def trail(office: Office, tmp_path: Path) -> Office:
    cycle = cycle_at(office, tmp_path, 3, title=HOSTILE)
    complete_step(office, tmp_path, cycle, 3, note=HOSTILE)
    cycle_at(office, tmp_path, 2)
    return office


def test_an_intact_trail_is_confirmed_by_the_second_process(trail: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    result = _verify(trail, monkeypatch, parallel=True)
    assert result == _verify(trail, monkeypatch, parallel=False)
    assert result.ok and result.events > 10 and result.evidence_files > 0
    assert spy.started == 1
    found = spy.found[0]
    assert found is not None and found["chain"] is True and found["events"] == result.events
    assert found["tables"] == spy.expected[0]  # the tables proven by their digests, not read again


TAMPERINGS = {
    "payload": "UPDATE audit_event SET payload = CAST(replace(CAST(payload AS TEXT), 'luis', 'ana') AS BLOB) "
               "WHERE seq = (SELECT min(seq) FROM audit_event WHERE actor = 'luis')",
    "payload as text": "UPDATE audit_event SET payload = CAST(payload AS TEXT) WHERE seq = 7",
    "prev_hash": "UPDATE audit_event SET prev_hash = 'x' || substr(prev_hash, 2) WHERE seq = 9",
    "hash": "UPDATE audit_event SET hash = replace(hash, substr(hash, 1, 1), 'x') "
            "WHERE seq = (SELECT max(seq) FROM audit_event)",
    "gap": "DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event) - 1",
    "actor column": "UPDATE audit_event SET actor = 'marta' WHERE actor = 'luis'",
    "at column": "UPDATE audit_event SET at = '2020-01-01T00:00:00Z' WHERE seq = 12",
    "cycle state": "UPDATE cycle SET state = 'completed', activity = NULL",
    "cycle title": "UPDATE cycle SET title = 'otro' WHERE title IS NOT NULL",
    "item waived": "UPDATE cycle_item SET waived_reason = 'no', waived_by = 'ana', waived_at = '2026-01-01' "
                   "WHERE id = (SELECT max(id) FROM cycle_item)",
    "item gone": "DELETE FROM cycle_item WHERE id = (SELECT min(id) FROM cycle_item)",
    "evidence note": "UPDATE evidence SET note = 'otra nota' WHERE id = (SELECT max(id) FROM evidence)",
    "evidence added": "INSERT INTO evidence (cycle_id, activity, record_id, item, sha256, size, display_name, "
                      "media_type, note, attached_by, attached_at, audit_seq) SELECT cycle_id, activity, record_id, "
                      "item, sha256, size, display_name, media_type, note, 'ana', attached_at, audit_seq "
                      "FROM evidence LIMIT 1",
    "evidence size as text": "UPDATE evidence SET size = CAST(size AS TEXT) || ' bytes' WHERE id = 1",
    "staff admin": "UPDATE staff SET is_admin = 1 WHERE login = 'luis'",
    "procedure text": "UPDATE procedure_version SET text = replace(text, 'informe', 'inform')",
    "items swapped": "UPDATE cycle_item SET id = -1 WHERE id = 1; UPDATE cycle_item SET id = 1 WHERE id = 2; "
                     "UPDATE cycle_item SET id = 2 WHERE id = -1;",
    "staff area": "UPDATE staff SET area_id = 'oficina_tic' WHERE login = 'luis'",
}


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_every_tampering_gets_the_one_process_answer(trail: Office, monkeypatch: pytest.MonkeyPatch,
                                                     name: str) -> None:
    with sqlite3.connect(trail.home / "workflow.db") as connection:
        connection.executescript(TAMPERINGS[name])
    spy = Spy(monkeypatch)
    result = _verify(trail, monkeypatch, parallel=True)
    assert not result.ok
    assert result == _verify(trail, monkeypatch, parallel=False)
    assert spy.started == 1


def test_with_a_writer_holding_the_lock_verify_runs_in_one_process(trail: Office,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_worker, "PAUSE_WAIT", 0)
    spy = Spy(monkeypatch)
    writer = sqlite3.connect(trail.home / "workflow.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        result = _verify(trail, monkeypatch, parallel=True)
    finally:
        writer.close()
    assert result.ok and spy.started == 0


def test_without_a_second_process_verify_runs_in_one(trail: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(trail.home / "no-such-python"))
    spy = Spy(monkeypatch)
    assert _verify(trail, monkeypatch, parallel=True) == _verify(trail, monkeypatch, parallel=False)
    assert spy.started == 1 and not spy.found


@pytest.mark.parametrize("keys", [(1, 2, 2), (None, None, 3)], ids=["repeated", "null"])
def test_a_key_made_null_or_repeated_by_hand_hides_no_row(keys: tuple[int | None, ...]) -> None:
    """Rows are digested a batch at a time by key: a key that no longer orders the rows (a table made
    anew without its primary key) must not let a row slip between two batches unseen."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id, a)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [(key, str(n)) for n, key in enumerate(keys)])
    assert verify_worker._digest(connection, "t", ["a"], "id", 2) is None
    assert verify_worker._digest(connection, "t", ["a"], "id", 3) is not None  # one batch holds them all


def test_a_step_the_procedure_did_not_allow_gets_the_one_process_answer(trail: Office, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_conformance import lax_program

    cycle = trail.as_user("admin").cycles()[-1].id  # at activity 2, luis's
    with lax_program(monkeypatch):
        trail.as_user("marta").complete(cycle, 2)
    result = _verify(trail, monkeypatch, parallel=True)
    assert not result.ok and result.problem is not None and "marta" in result.problem.render()
    assert result == _verify(trail, monkeypatch, parallel=False)



def test_when_the_second_process_doubts_the_progress_bar_says_verify_starts_again(
        trail: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person watching a long verify sees the bar start over with a label saying why, not go backwards."""
    import io

    from rich.console import Console

    from tests.hostile import cli
    from workflow.cli import render

    monkeypatch.setattr(verifying, "PARALLEL_FROM", 0)
    monkeypatch.setattr(verifying, "PROGRESS_EVERY", 5)  # several steps of the bar on a small trail
    told: list[tuple[int, int]] = []
    reported = verifying.counting_batches

    def recorded(batches: Any, total: int, progress: Any) -> Any:
        return reported(batches, total, None if progress is None else
                        lambda done, all_: (told.append((done, all_)), progress(done, all_)))
    monkeypatch.setattr(verifying, "counting_batches", recorded)

    def screen_of_verify(exit_code: int) -> str:
        screen = io.StringIO()
        monkeypatch.setattr(render, "err", Console(file=screen, force_terminal=True, width=120))
        told.clear()
        assert cli(trail.home, "audit", "verify").exit_code == exit_code
        return screen.getvalue()

    intact = screen_of_verify(0)
    assert "Verifying" in intact and "again" not in intact
    assert all(later[0] >= earlier[0] for earlier, later in pairwise(told))
    with sqlite3.connect(trail.home / "workflow.db") as connection:
        connection.executescript(TAMPERINGS["cycle title"])
    spy = Spy(monkeypatch)
    doubted = screen_of_verify(1)
    assert spy.started == 1
    assert any(later[0] < earlier[0] for earlier, later in pairwise(told))  # counted anew
    assert "Verifying again, one event at a time" in doubted
