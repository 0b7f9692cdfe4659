"""The tamper suite: every way of altering the stored trail is caught and named by its seq."""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text

from tests.conftest import CODE, ROOT, Office
from tests.test_service import _run_to
from workflow.core import chain as audit
from workflow.service import auditing
from workflow.service.facade import Workflow
from workflow.settings import Settings


class Tamperer:
    """Direct SQL on the stored trail, as someone with the database in hand would do it. On PostgreSQL
    that takes a superuser who switches the append-only triggers off (session_replication_role)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, **params: object) -> Any:
        return self.connection.execute(text(sql), params)


@contextmanager
def database(office: Office) -> Iterator[Tamperer]:
    if office.server is None:
        engine = create_engine(f"sqlite:///{office.home / 'workflow.db'}")
    else:
        engine = create_engine(office.server.url(office.server.superuser_url.username or "postgres"))
    try:
        with engine.begin() as connection:
            if office.server is not None:
                connection.execute(text("SET search_path TO workflow"))
                connection.execute(text("SET session_replication_role = replica"))
            yield Tamperer(connection)
    finally:
        engine.dispose()


def _row(db: Tamperer, seq: int) -> tuple[bytes, str, str]:
    payload, prev_hash, digest = db.execute(
        "SELECT payload, prev_hash, hash FROM audit_event WHERE seq = :seq", seq=seq).one()
    return bytes(payload), prev_hash, digest


@pytest.fixture
def trail(any_office: Office, tmp_path: Path) -> Office:
    _run_to(any_office, tmp_path, 5)
    assert auditing.verify(any_office.as_user("admin")).ok
    return any_office


def _verify(office: Office, **kwargs: object) -> tuple[int | None, str]:
    result = auditing.verify(office.as_user("admin"), **kwargs)  # type: ignore[arg-type]
    assert not result.ok
    assert result.problem is not None
    return result.first_bad_seq, result.problem.render()


def _luis_step(db: Tamperer) -> int:
    """The seq of the first event luis recorded (activity 2): the event the tests tamper with."""
    rows = db.execute("SELECT seq, payload FROM audit_event WHERE actor = 'luis' ORDER BY seq").all()
    return int(rows[0][0])


def test_edited_payload(trail: Office) -> None:
    with database(trail) as db:
        target = _luis_step(db)
        payload, _, _ = _row(db, target)
        db.execute("UPDATE audit_event SET payload = :p WHERE seq = :seq", p=payload.replace(b"luis", b"ana"),
                   seq=target)
    assert _verify(trail) == (target, f"the content of event {target} changed: its hash no longer matches")


def test_edited_payload_with_recomputed_hash(trail: Office) -> None:
    with database(trail) as db:
        target = _luis_step(db)
        payload, prev_hash, _ = _row(db, target)
        forged = payload.replace(b"luis", b"ana")
        db.execute("UPDATE audit_event SET payload = :p, hash = :h WHERE seq = :seq", p=forged,
                   h=audit.chain_hash(prev_hash, forged), seq=target)
    seq, problem = _verify(trail)
    assert seq == target and "rewritten" in problem


def test_deleted_middle_event(trail: Office) -> None:
    with database(trail) as db:
        target = _luis_step(db)
        db.execute("DELETE FROM audit_event WHERE seq = :seq", seq=target)
    seq, problem = _verify(trail)
    assert seq == target and "missing" in problem


def test_swapped_events(trail: Office) -> None:
    with database(trail) as db:
        first = _luis_step(db)
        one, two = _row(db, first), _row(db, first + 1)
        db.execute("UPDATE audit_event SET hash = 'tmp' || seq, prev_hash = 'tmp' || seq WHERE seq IN (:a, :b)",
                   a=first, b=first + 1)
        swap = "UPDATE audit_event SET payload = :p, prev_hash = :prev, hash = :h WHERE seq = :seq"
        db.execute(swap, p=two[0], prev=two[1], h=two[2], seq=first)
        db.execute(swap, p=one[0], prev=one[1], h=one[2], seq=first + 1)
    seq, problem = _verify(trail)
    assert seq == first and "out of order" in problem


def _rewrite_from(db: Tamperer, start: int, mutate: bytes = b"luis", into: bytes = b"ana") -> None:
    """Rewrite every event from `start` on with fresh, valid hashes: the chain alone still verifies."""
    rows = db.execute("SELECT seq, payload FROM audit_event WHERE seq >= :start ORDER BY seq", start=start).all()
    prev = _row(db, start - 1)[2]
    db.execute("UPDATE audit_event SET hash = 'old-' || hash, prev_hash = 'old-' || prev_hash WHERE seq >= :start",
               start=start)
    for seq, payload in rows:
        forged = bytes(payload).replace(mutate, into)
        digest = audit.chain_hash(prev, forged)
        db.execute("UPDATE audit_event SET payload = :p, prev_hash = :prev, hash = :h WHERE seq = :seq",
                   p=forged, prev=prev, h=digest, seq=seq)
        prev = digest


def test_rewritten_tail_with_fresh_hashes_is_caught_by_its_own_rows(trail: Office) -> None:
    """The chain alone cannot see a history re-hashed from some event on; the rows that index the
    events, and the tables they project, still tell (a forger who fixes those too is caught only by a
    checkpoint: test_tamper_projections)."""
    with database(trail) as db:
        first = _luis_step(db)
        _rewrite_from(db, first)
    seq, problem = _verify(trail)
    assert seq == first and "actor" in problem


def test_truncated_tail_is_caught_by_the_tables_it_leaves_behind(trail: Office, tmp_path: Path) -> None:
    flow = trail.as_user("admin")
    signed = auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    with database(trail) as db:
        db.execute("DELETE FROM audit_event WHERE seq > :keep", keep=signed.size - 3)
        db.execute("DELETE FROM evidence WHERE audit_seq > :keep", keep=signed.size - 3)
    seq, problem = _verify(trail)
    assert seq == signed.size - 3 and "table cycle" in problem
    seq, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "cp.txt.pub")
    assert seq == signed.size - 2 and "truncated" in problem


def test_forged_checkpoint_is_refused(trail: Office, tmp_path: Path) -> None:
    flow = trail.as_user("admin")
    auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    text = (tmp_path / "cp.txt").read_text()
    (tmp_path / "cp.txt").write_text(text.replace("size: ", "size: 1", 1))
    seq, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "cp.txt.pub")
    assert seq is None and "forged" in problem


def test_checkpoint_checked_with_another_key_is_refused(trail: Office, tmp_path: Path) -> None:
    from workflow.core import checkpoint

    flow = trail.as_user("admin")
    auditing.take_checkpoint(flow, tmp_path / "cp.txt")
    (tmp_path / "other.pub").write_text(checkpoint.public_key_text(checkpoint.new_private_key().public_key()))
    _seq, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "other.pub")
    assert "another key" in problem


def test_checkpoint_of_another_log_is_refused(trail: Office, tmp_path: Path) -> None:
    # Same signing key, another database: the origin (the first event's hash) tells them apart.
    settings = Settings.for_home(tmp_path / "other", user="otra", procedures_dir=ROOT / "procedures")
    settings = Settings(**{**settings.__dict__, "checkpoint_key": trail.settings.signing_key_path})
    auditing.take_checkpoint(trail.as_user("admin"), tmp_path / "mine.txt")  # creates the key
    with Workflow(settings) as other:
        other.init()
        auditing.take_checkpoint(other, tmp_path / "theirs.txt", write_public_key=True)
    seq, problem = _verify(trail, checkpoint_path=tmp_path / "theirs.txt", key_path=tmp_path / "theirs.txt.pub")
    assert seq == 1 and "another log" in problem


@pytest.mark.parametrize(("damage", "said"), [("altered", "altered"), ("deleted", "missing")])
def test_evidence_file_altered_or_deleted_is_named_by_the_event_that_recorded_it(trail: Office, damage: str,
                                                                                 said: str) -> None:
    flow = trail.as_user("admin")
    with flow.store.read() as tx:
        sha, seq = next((row.sha256, row.audit_seq) for cycle in tx.cycles() for row in tx.evidence(cycle.id))
    if trail.server is None:
        path = flow.files.path_for(sha)  # type: ignore[union-attr]
        if damage == "altered":
            path.write_bytes(path.read_bytes() + b" (cambiado)")
        else:
            path.unlink()
    else:  # its content in chunks: the manifest the event names lists them
        with database(trail) as db:
            chunk = db.execute("SELECT chunks FROM evidence_manifest WHERE file_sha256 = :s", s=sha).scalar()
            if damage == "altered":
                db.execute("UPDATE evidence_chunk SET data = data || 'x'::bytea WHERE sha256 = :c", c=chunk)
                said = "evidence_chunk"
            else:
                db.execute("DELETE FROM evidence_chunk WHERE sha256 = :c", c=chunk)
                said = f"the table evidence_chunk lacks the row {chunk}"
    found_seq, problem = _verify(trail)
    assert found_seq == seq and said in problem and (sha in problem or trail.server is not None)


def _writer(home: str, db_url: str, login: str, cycles: int) -> None:
    settings = Settings.for_home(Path(home), user=login, procedures_dir=ROOT / "procedures")
    with Workflow(Settings(**{**settings.__dict__, "db_url": db_url})) as flow:
        for _ in range(cycles):
            cycle = flow.start_cycle(CODE)
            flow.complete(cycle.id, 1)


def test_concurrent_writer_processes_leave_one_valid_chain(any_office: Office) -> None:
    admin = any_office.as_user("admin")
    logins = ["ana", "ana2", "ana3", "ana4"]
    for login in logins[1:]:
        any_office.add_staff(login, "atencion_ciudadano", "profesional_universitario", login)
    with admin.store.read() as tx:
        before = tx.event_count()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(any_office.home), any_office.db_url(login), login, 8))
               for login in logins]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    result = auditing.verify(admin)
    assert result.ok and result.events == before + len(logins) * 8 * 2
    with admin.store.read() as tx:
        numbers = sorted(c.number for c in tx.cycles())
    assert numbers == list(range(1, len(logins) * 8 + 1))


def test_readme_formula_matches_the_stored_chain(trail: Office) -> None:
    prev = "0" * 64
    with database(trail) as db:
        for seq, payload, prev_hash, digest in db.execute(
                "SELECT seq, payload, prev_hash, hash FROM audit_event ORDER BY seq"):
            assert prev_hash == prev
            assert hashlib.sha256(b"workflow.audit.v1\x00" + bytes.fromhex(prev) + bytes(payload)).hexdigest() == \
                digest, seq
            prev = digest


def test_staff_cannot_alter_the_audit_table_on_postgresql(trail: Office) -> None:
    if trail.server is None:
        pytest.skip("embedded mode: whoever holds the SQLite file can edit it; verify catches it (above)")
    from sqlalchemy.exc import ProgrammingError

    for login, statement in (("ana", "UPDATE workflow.audit_event SET type = 'x' WHERE seq = 1"),
                             ("ana", "DELETE FROM workflow.audit_event WHERE seq = 1"),
                             ("admin", "UPDATE workflow.audit_event SET type = 'x' WHERE seq = 1"),
                             ("admin", "DELETE FROM workflow.audit_event"),
                             ("admin", "TRUNCATE workflow.audit_event")):
        engine = create_engine(trail.server.url(login))
        try:
            with pytest.raises(ProgrammingError), engine.begin() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()
    assert auditing.verify(trail.as_user("admin")).ok
