"""PostgreSQL evidence content in chunks (revision 0005): streamed in and out a chunk at a time, written
before the write lock, and every chunk and manifest explained by the event that recorded it.

A file is stored as chunks keyed by their own SHA-256 and a manifest keyed by the SHA-256 of its own
text, which the evidence event names (`workflow.core.manifests`). The tests here: a file of several
chunks goes in and comes back whole; a hand-changed or planted manifest or chunk is named by verify
with its table; a manifest planted under the hash of a file someone will attach does not become that
file's content; another writer does not wait while a big file's chunks are written; and a big file
(1 GiB with WORKFLOW_TEST_BIG=1) is attached, verified and exported with a flat memory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import CODE, ROOT, Office, PostgresServer, _staffed_office, cycle_at
from tests.test_tamper import database
from workflow.core.manifests import CHUNK_BYTES, manifest_sha
from workflow.service import auditing
from workflow.service.facade import EvidenceInput, Workflow
from workflow.storage.evidence_db import DatabaseEvidenceStore
from workflow.storage.store import Tx

pytestmark = pytest.mark.postgresql

RECORD_3 = "hoja_vida_tramites"  # activity 3 (luis) needs it
MiB = 1024 * 1024


@pytest.fixture
def office(tmp_path: Path, postgres: PostgresServer) -> Iterator[Office]:
    postgres.reset()
    made = _staffed_office(tmp_path / "home", postgres)
    yield made
    made.close()


def _manifest_of(flow: Workflow, sha: str) -> str:
    """The manifest the (last) event recording `sha` names."""
    with flow.store.read() as tx:
        named = [ref["manifest"] for event in tx.events() for ref in json.loads(event.payload).get("evidence") or ()
                 if ref["sha256"] == sha and "manifest" in ref]
    assert named, f"no event names a manifest of {sha}"
    return str(named[-1])


def _read_back(flow: Workflow, sha: str) -> bytes:
    manifest = _manifest_of(flow, sha)
    with flow.store.read() as tx:
        assert DatabaseEvidenceStore().check(sha, tx, manifest) is None
        return b"".join(DatabaseEvidenceStore().read(sha, tx, manifest))


def _attach(office: Office, cycle_id: str, source: Path) -> None:
    office.as_user("luis").attach(cycle_id, EvidenceInput(source, RECORD_3))


def _problem(office: Office) -> tuple[int | None, str]:
    result = auditing.verify(office.as_user("admin"))
    assert not result.ok and result.problem is not None
    return result.first_bad_seq, result.problem.render()


def test_a_file_of_several_chunks_goes_in_and_comes_back_whole(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 3)
    content = os.urandom(3 * CHUNK_BYTES + 1000)  # 4 chunks, the last short
    source = tmp_path / "hoja.bin"
    source.write_bytes(content)
    _attach(office, cycle_id, source)
    flow = office.as_user("admin")
    sha = hashlib.sha256(content).hexdigest()
    assert _read_back(flow, sha) == content
    with database(office) as db:
        file_sha, size, chunks = db.execute("SELECT file_sha256, size, chunks FROM evidence_manifest "
                                            "WHERE sha256 = :m", m=_manifest_of(flow, sha)).one()
    assert (file_sha, size, len(chunks.split("\n"))) == (sha, len(content), 4)
    verified = auditing.verify(flow)
    assert verified.ok, verified.to_json()


def test_the_same_content_attached_again_reuses_its_chunks_and_manifest(office: Office, tmp_path: Path) -> None:
    source = tmp_path / "hoja.bin"
    source.write_bytes(os.urandom(CHUNK_BYTES + 10))
    cycles = [cycle_at(office, tmp_path, 3) for _ in range(2)]
    counts = "SELECT (SELECT count(*) FROM evidence_chunk), (SELECT count(*) FROM evidence_manifest)"
    with database(office) as db:
        before = db.execute(counts).one()
    for cycle_id in cycles:
        _attach(office, cycle_id, source)
    with database(office) as db:
        after = db.execute(counts).one()
    assert tuple(after) == (before[0] + 2, before[1] + 1)
    assert auditing.verify(office.as_user("admin")).ok


@pytest.fixture
def attached(office: Office, tmp_path: Path) -> tuple[Office, str, int]:
    """An office where luis attached a file of two chunks: (office, its SHA-256, the event's seq)."""
    cycle_id = cycle_at(office, tmp_path, 3)
    source = tmp_path / "hoja.bin"
    source.write_bytes(os.urandom(CHUNK_BYTES + 5))
    _attach(office, cycle_id, source)
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    with database(office) as db:
        seq = db.execute("SELECT max(audit_seq) FROM evidence WHERE sha256 = :s", s=sha).scalar()
    assert auditing.verify(office.as_user("admin")).ok
    return office, sha, int(seq)


def test_a_hand_changed_manifest_is_named_with_its_table(attached: tuple[Office, str, int]) -> None:
    office, sha, seq = attached
    manifest = _manifest_of(office.as_user("admin"), sha)
    with database(office) as db:  # its two chunks listed the other way round
        db.execute("UPDATE evidence_manifest SET chunks = split_part(chunks, E'\\n', 2) || E'\\n' || "
                   "split_part(chunks, E'\\n', 1) WHERE sha256 = :m", m=manifest)
    found, problem = _problem(office)
    assert found == seq and "evidence_manifest" in problem and manifest[:12] in problem


def test_a_manifest_deleted_is_named_with_its_table(attached: tuple[Office, str, int]) -> None:
    office, sha, seq = attached
    manifest = _manifest_of(office.as_user("admin"), sha)
    with database(office) as db:
        db.execute("DELETE FROM evidence_manifest WHERE sha256 = :m", m=manifest)
    found, problem = _problem(office)
    assert found == seq and f"the table evidence_manifest lacks the row {manifest}" in problem


@pytest.mark.parametrize("planted", ["chunk", "manifest"])
def test_a_chunk_or_manifest_nobody_recorded_is_unexplained(attached: tuple[Office, str, int], planted: str) -> None:
    office, _sha, _seq = attached
    fake = b"fake"
    key = hashlib.sha256(fake).hexdigest()
    with database(office) as db:
        db.execute("INSERT INTO evidence_chunk (sha256, size, data) VALUES (:k, 4, :d)", k=key, d=fake)
        if planted == "manifest":
            future = "cd" * 32
            db.execute("INSERT INTO evidence_manifest (sha256, file_sha256, size, chunks) VALUES (:m, :f, 4, :k)",
                       m=manifest_sha(future, 4, key), f=future, k=key)
    found, problem = _problem(office)
    assert found is None and f"table evidence_{planted}" in problem and "no event" in problem


def test_a_manifest_planted_under_a_future_files_hash_does_not_become_its_content(office: Office,
                                                                                  tmp_path: Path) -> None:
    """Someone with the database in hand stores fake content, and a consistent manifest of it under the
    SHA-256 of the file luis will attach. luis's attach stores and names its own manifest: the content
    read back is his file, and verify names the planted manifest as one no event explains."""
    cycle_id = cycle_at(office, tmp_path, 3)
    genuine = os.urandom(CHUNK_BYTES + 7)
    sha = hashlib.sha256(genuine).hexdigest()
    fake = b"x" * len(genuine)
    key = hashlib.sha256(fake).hexdigest()
    poisoned = manifest_sha(sha, len(fake), key)
    with database(office) as db:
        db.execute("INSERT INTO evidence_chunk (sha256, size, data) VALUES (:k, :n, :d)", k=key, n=len(fake), d=fake)
        db.execute("INSERT INTO evidence_manifest (sha256, file_sha256, size, chunks) VALUES (:m, :f, :n, :k)",
                   m=poisoned, f=sha, n=len(fake), k=key)
    source = tmp_path / "hoja.bin"
    source.write_bytes(genuine)
    _attach(office, cycle_id, source)
    flow = office.as_user("admin")
    assert _manifest_of(flow, sha) != poisoned
    assert _read_back(flow, sha) == genuine
    found, problem = _problem(office)
    assert found is None and "evidence_manifest" in problem and poisoned[:12] in problem


def test_another_writer_does_not_wait_while_a_big_file_is_streamed_in(office: Office, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """luis's attach is held after its first chunk (inside its transaction, chunks being written); ana
    completes activity 1 of another cycle meanwhile. Ana's step commits first (had she waited for luis's
    lock she would get a conflict after the lock timeout); luis's attach then finishes after it."""
    big = cycle_at(office, tmp_path, 3)
    other = cycle_at(office, tmp_path, 1)
    source = tmp_path / "grande.bin"
    source.write_bytes(os.urandom(3 * CHUNK_BYTES))
    writing, release = threading.Event(), threading.Event()
    insert_chunk = Tx.insert_chunk

    def held(tx: Tx, sha256: str, data: bytes) -> None:
        insert_chunk(tx, sha256, data)
        if threading.current_thread().name == "big-attach" and not writing.is_set():
            writing.set()
            assert release.wait(60), "the test never released the attach"

    monkeypatch.setattr(Tx, "insert_chunk", held)
    failed: list[BaseException] = []

    def attach() -> None:
        try:
            _attach(office, big, source)
        except BaseException as error:  # reported by the main thread
            failed.append(error)
            writing.set()

    luis = office.as_user("luis")  # made here: as_user is not meant for two threads at once
    assert luis is not None
    thread = threading.Thread(target=attach, name="big-attach")
    thread.start()
    try:
        assert writing.wait(60) and not failed, failed
        with database(office) as db:  # luis's transaction is open and does not hold the write lock
            streaming = db.execute(  # (other databases of the server, other tests, may hold theirs)
                "SELECT count(*) FILTER (WHERE a.xact_start IS NOT NULL), count(l.pid) FROM pg_stat_activity a "
                "LEFT JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted "
                "WHERE a.usename = 'luis' AND a.datname = current_database()").one()
        assert tuple(streaming) == (1, 0)
        office.as_user("ana").complete(other, 1)
    finally:
        release.set()
        thread.join(60)
    assert not failed, failed
    with database(office) as db:
        events = db.execute("SELECT seq, type, cycle_id FROM audit_event WHERE cycle_id IN (:a, :b) "
                            "AND seq > (SELECT max(seq) - 2 FROM audit_event) ORDER BY seq", a=big, b=other).all()
    assert [(kind, cycle) for _seq, kind, cycle in events] == [("activity.completed", other),
                                                               ("evidence.attached", big)]
    assert auditing.verify(office.as_user("admin")).ok


# -- a big file, with its memory measured ---------------------------------------------------------------

BIG = os.environ.get("WORKFLOW_TEST_BIG") == "1"
BIG_MB = int(os.environ.get("WORKFLOW_TEST_BIG_MB", "1024" if BIG else "256"))
PEAK_LIMIT_MB = 200


def _memory() -> Any:
    """bench/_memory.py: the same measurement as bench/bench_pg_attach.py."""
    spec = importlib.util.spec_from_file_location("bench_memory", ROOT / "bench" / "_memory.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_big_file_is_attached_verified_and_exported_with_flat_memory(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 3)
    memory = _memory()
    source = memory.sparse_file(tmp_path / "grande.bin", BIG_MB * MiB)
    assert office.server is not None
    env = {**os.environ, "WORKFLOW_HOME": str(office.home), "WORKFLOW_MAX_EVIDENCE_MB": "1024", "LANG": "C.UTF-8",
           "WORKFLOW_LANG": "en", "PYTHONPATH": str(ROOT)}
    peaks: dict[str, float] = {}

    def run(login: str, *args: str) -> str:
        url = office.server.url(login)  # type: ignore[union-attr]
        code, peak, output = memory.finish(memory.start(list(args), {**env, "WORKFLOW_DB_URL": url}, tmp_path / "hwm"),
                                           tmp_path / "hwm")
        assert code == 0, output
        peaks[args[0] + " " + args[1]] = peak
        return output

    run("luis", "cycle", "attach", cycle_id, str(source), "--record", RECORD_3)
    verified = json.loads(run("admin", "audit", "verify", "--json"))
    assert verified["ok"] and verified["evidence_files"] >= 1, verified
    run("admin", "audit", "export", "--format", "jsonl", "-o", str(tmp_path / "trail.jsonl"))
    print(f"\npeak RSS at {BIG_MB} MiB ({CODE} evidence on PostgreSQL): "
          + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks.items()))
    assert all(mb < PEAK_LIMIT_MB for mb in peaks.values()), peaks
    with database(office) as db:
        assert db.execute("SELECT size FROM evidence_manifest ORDER BY size DESC LIMIT 1").scalar() == BIG_MB * MiB



# -- content stored whole before revision 0005 ---------------------------------------------------------

def _as_before_0005(monkeypatch: pytest.MonkeyPatch) -> None:
    """Attach as revision 0004 did: the whole file in evidence_blob, and an event that names no manifest."""
    from workflow.core.evidence import StoredFile
    from workflow.storage.evidence_db import StagedChunks

    def upload(staged: StagedChunks, tx: Tx) -> None:
        content = staged.source.read_bytes()
        sha = hashlib.sha256(content).hexdigest()
        tx.insert_blob(sha, len(content), content)
        staged._stored = StoredFile(sha256=sha, size=len(content), display_name=staged.source.name,
                                    media_type="application/octet-stream")

    monkeypatch.setattr(StagedChunks, "upload", upload)
    monkeypatch.setattr(StagedChunks, "place", lambda _staged, _tx: None)


def test_a_database_of_revision_0004_keeps_verifying_after_the_upgrade(office: Office, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Content stored whole by revision 0004 stays in evidence_blob and is still read (a MiB at a time)
    for the events that name no manifest; the upgrade gives staff the chunk tables, and new attaches
    go there."""
    from alembic import command

    from workflow.storage.migrations import alembic_config, upgrade_to_head
    from workflow.storage.pg_incidents import install_recorder

    with monkeypatch.context() as patched:
        _as_before_0005(patched)
        old = cycle_at(office, tmp_path, 3)
        whole = os.urandom(2 * CHUNK_BYTES + 99)  # three slices
        source = tmp_path / "hoja-antigua.bin"
        source.write_bytes(whole)
        _attach(office, old, source)
    office.close()
    with database(office) as db:
        assert db.execute("SELECT count(*) FROM evidence_chunk").scalar() == 0
    assert office.server is not None
    logins = ("admin", office.server.superuser_url.username or "postgres")
    owner, superuser = (create_engine(office.server.url(login)) for login in logins)
    try:
        with owner.begin() as connection:  # back to 0004, as this database was before the upgrade
            command.downgrade(alembic_config(connection), "0004")  # type: ignore[arg-type]
        with superuser.begin() as connection:  # upgraded by the superuser, whose recorder is installed
            install_recorder(connection)
        with superuser.begin() as connection:
            upgrade_to_head(connection)
            assert connection.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'evidence_chunk'")
                                      ).scalar() == "admin"
    finally:
        owner.dispose()
        superuser.dispose()
    flow = office.as_user("admin")
    verified = auditing.verify(flow)
    assert verified.ok and verified.evidence_files >= 2, verified.to_json()  # the upgrade is no incident
    sha = hashlib.sha256(whole).hexdigest()
    with flow.store.read() as tx:
        assert b"".join(DatabaseEvidenceStore().read(sha, tx)) == whole
    _attach(office, cycle_at(office, tmp_path, 3), source)  # the same file again, now in chunks
    assert _read_back(flow, sha) == whole
    assert auditing.verify(flow).ok
    with database(office) as db:
        db.execute("UPDATE evidence_blob SET content = content || 'x'::bytea WHERE sha256 = :s", s=sha)
    found, problem = _problem(office)
    assert "altered" in problem and sha in problem and found is not None


@pytest.fixture(autouse=True)
def _no_recorder_left(postgres: PostgresServer) -> Iterator[None]:
    """The recorder (event triggers) outlives the schema: later tests of this database must not inherit it."""
    yield
    from workflow.storage.pg_incidents import uninstall_recorder

    with postgres.engine.begin() as connection:
        uninstall_recorder(connection)
