"""Schema migrations: a database made at the first revision, filled as that revision's code filled it,
upgraded to the newest, keeps every row as it was and a valid chain, and then works as usual.

Today's service cannot write to a revision-0001 database (it refuses anything but HEAD_REVISION), so
`Era0001` below writes the rows itself with plain SQL, the way the 0001-era commands did: the shipped
procedure as published text with its SHA-256, staff, cycles in every state, evidence rows with their
content in the embedded file store, and a hash chain of audit events built with `workflow.core.chain.link`
and `workflow.core.events.make_event`, each payload naming its own `seq` as `Tx.append_event` does.

PostgreSQL and evidence content: revision 0001 had no `evidence_blob` table (0002 adds it), because
PostgreSQL support came with 0002; a 0001 database on PostgreSQL never existed in production. The
test builds one anyway, to run 0002's DDL (the blob table, the append-only triggers) over a populated
schema. The only place a 0001 installation could keep evidence content was the file store of
WORKFLOW_HOME, so that is where the test puts it on both backends. The migration cannot move content
it has never seen into the database: right after the upgrade `audit verify` on PostgreSQL reports the
first old evidence as missing (it must not pass silently), and once the operator has loaded the files
into `evidence_blob` (here through the library's own `DatabaseEvidenceStore.put`) it verifies.
"""

from __future__ import annotations

import json
import mimetypes
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from tests.conftest import CODE, ROOT, PostgresServer
from workflow.core import chain as audit
from workflow.core import events as ev
from workflow.core.guards import Actor
from workflow.core.loading import LoadedProcedure, load_procedure_file
from workflow.service import access, auditing
from workflow.service.facade import Workflow
from workflow.settings import Settings
from workflow.storage.evidence_db import DatabaseEvidenceStore
from workflow.storage.evidence_files import EvidenceStore
from workflow.storage.migrations import upgrade_to_head
from workflow.storage.store import HEAD_REVISION, PG_SCHEMA, Store, create_db_engine, default_sqlite_url

WORKFLOW = [sys.executable, "-m", "workflow"]
FIRST_REVISION = "0001"
# The shipped procedure as it was when revision 0001 was current (commit 6e88779): what those databases
# hold as published text. Today's code must still read it, since cycles keep their version.
OLD_PROCEDURE = ROOT / "tests" / "fixtures" / "migrations" / "MM-GAC-P-006.v2-0001.yaml"
TABLES_0001 = {"procedure_version", "staff", "cycle", "evidence", "audit_event"}
RECORD = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}
PEOPLE = {
    "admin": Actor(login="admin", name="Administradora", is_admin=True),
    "ana": Actor(login="ana", name="Ana Rojas", area="atencion_ciudadano", role="profesional_universitario"),
    "luis": Actor(login="luis", name="Luis Pérez", area="oficina_sig", role="profesional_universitario"),
    "marta": Actor(login="marta", name="Marta Díaz", area="oficina_tic", role="profesional_universitario"),
}
WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}


# -- the 0001-era writer --------------------------------------------------------------------------------
@dataclass
class OldCycle:
    id: str
    state: str
    activity: int | None
    lock_version: int


class Era0001:
    """Writes rows as the commands of revision 0001 wrote them, with plain SQL on one connection."""

    def __init__(self, connection: Connection, loaded: LoadedProcedure, files: EvidenceStore, samples: Path) -> None:
        self.connection = connection
        self.loaded = loaded
        self.procedure = loaded.procedure
        self.files = files
        self.samples = samples
        self.seq = 0
        self.head = audit.GENESIS_HASH
        self.moment = datetime(2025, 3, 3, 13, 0, tzinfo=UTC)
        self.cycles: dict[str, OldCycle] = {}

    def now(self) -> str:
        self.moment += timedelta(minutes=7, microseconds=123)
        return ev.utc_text(self.moment)

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(f'"{name}"' for name in row)
        values = ", ".join(f":{name}" for name in row)
        self.connection.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({values})'), row)

    def _event(self, payload: dict[str, Any]) -> int:
        self.seq += 1
        chained = audit.link(self.seq, self.head, {**payload, "seq": self.seq})
        self._insert("audit_event", {"seq": chained.seq, "at": payload["at"], "type": payload["type"],
                                     "actor": payload["actor"]["login"], "cycle_id": payload["cycle"],
                                     "payload": chained.payload, "prev_hash": chained.prev_hash,
                                     "hash": chained.hash})
        self.head = chained.hash
        return self.seq

    @property
    def ref(self) -> dict[str, str]:
        return {"code": self.procedure.code, "version": self.procedure.version, "sha256": self.loaded.sha256}

    def activity(self, number: int) -> dict[str, Any]:
        return {"number": number, "name": self.procedure.activity(number).name}

    # what `init`, `staff add` and `procedure publish` did
    def staff(self, login: str, by: str = "admin") -> None:
        person = PEOPLE[login]
        now = self.now()
        self._insert("staff", {"login": login, "name": person.name, "area_id": person.area,
                               "role_id": person.role, "is_admin": person.is_admin, "created_at": now,
                               "updated_at": now})
        self._event(ev.make_event(ev.STAFF_ADDED, now, PEOPLE[by], data={
            "login": login, "name": person.name, "area": person.area, "role": person.role,
            "admin": person.is_admin}))

    def publish(self) -> None:
        now = self.now()
        seq = self._event(ev.make_event(ev.PROCEDURE_PUBLISHED, now, PEOPLE["admin"], procedure=self.ref, data={
            "title": self.procedure.title, "activities": len(self.procedure.activities),
            "source": "MM-GAC-P-006.yaml"}))
        self._insert("procedure_version", {"code": self.procedure.code, "version": self.procedure.version,
                                           "title": self.procedure.title, "sha256": self.loaded.sha256,
                                           "text": self.loaded.text, "published_at": now,
                                           "published_by": "admin", "audit_seq": seq})

    # what `cycle start|attach|complete|return|cancel` did
    def start(self, number: int, title: str, by: str = "ana") -> str:
        now = self.now()
        cid = f"{CODE}-{number:04d}"
        self._insert("cycle", {"id": cid, "procedure_code": CODE, "procedure_version": self.procedure.version,
                               "procedure_sha256": self.loaded.sha256, "number": number, "title": title,
                               "state": "active", "activity": 1, "lock_version": 1, "started_at": now,
                               "started_by": by, "updated_at": now, "ended_at": None})
        self._event(ev.make_event(ev.CYCLE_STARTED, now, PEOPLE[by], procedure=self.ref, cycle=cid,
                                  activity=self.activity(1), from_state=None, to_state="activity_1",
                                  data={"title": title}))
        self.cycles[cid] = OldCycle(cid, "active", 1, 1)
        return cid

    def _move(self, cid: str, now: str, state: str, activity: int | None) -> None:
        cycle = self.cycles[cid]
        ended = now if state in ("completed", "cancelled") else None
        moved = self.connection.execute(text(
            "UPDATE cycle SET state = :state, activity = :activity, updated_at = :now, ended_at = :ended, "
            "lock_version = :lock + 1 WHERE id = :id AND lock_version = :lock"),
            {"state": state, "activity": activity, "now": now, "ended": ended, "id": cid,
             "lock": cycle.lock_version})
        assert moved.rowcount == 1
        cycle.state, cycle.activity, cycle.lock_version = state, activity, cycle.lock_version + 1

    def _evidence(self, cid: str, number: int, by: str, now: str, note: str | None = None) -> dict[str, Any]:
        sample = self.samples / f"{cid}-{number}-{self.seq}.txt"
        sample.write_text(f"{RECORD[number]} del ciclo {cid}, actividad {number}", encoding="utf-8")
        stored = self.files.put(sample)
        ref = {"sha256": stored.sha256, "name": sample.name, "size": stored.size,
               "media_type": mimetypes.guess_type(sample.name)[0] or "application/octet-stream",
               "record": RECORD[number], "item": None}
        seq = self._event(ev.make_event(ev.EVIDENCE_ATTACHED, now, PEOPLE[by], procedure=self.ref, cycle=cid,
                                        activity=self.activity(number), from_state=f"activity_{number}",
                                        to_state=f"activity_{number}", evidence=[ref], note=note))
        self._insert("evidence", {"cycle_id": cid, "activity": number, "record_id": RECORD[number], "item": None,
                                  "sha256": ref["sha256"], "size": ref["size"], "display_name": ref["name"],
                                  "media_type": ref["media_type"], "note": note, "attached_by": by,
                                  "attached_at": now, "audit_seq": seq})
        return ref

    def attach(self, cid: str) -> None:
        number = self.cycles[cid].activity
        assert number is not None
        now = self.now()
        self._evidence(cid, number, WHO[number], now, note="adjunto antes de completar")
        self._move(cid, now, "active", number)  # attaching bumped the lock version, as it still does

    def complete(self, cid: str) -> None:
        number = self.cycles[cid].activity
        assert number is not None
        by, now = WHO[number], self.now()
        refs = [self._evidence(cid, number, by, now)] if number in RECORD else []
        following = number + 1 if number < len(self.procedure.activities) else None
        to_state = f"activity_{following}" if following else "completed"
        self._event(ev.make_event(ev.ACTIVITY_COMPLETED, now, PEOPLE[by], procedure=self.ref, cycle=cid,
                                  activity=self.activity(number), from_state=f"activity_{number}",
                                  to_state=to_state, evidence=refs, note=f"actividad {number} lista"))
        self._move(cid, now, "active" if following else "completed", following)

    def return_to(self, cid: str, target: int, reason: str) -> None:
        number = self.cycles[cid].activity
        assert number is not None
        now = self.now()
        self._event(ev.make_event(ev.CYCLE_RETURNED, now, PEOPLE["admin"], procedure=self.ref, cycle=cid,
                                  activity=self.activity(number), from_state=f"activity_{number}",
                                  to_state=f"activity_{target}", reason=reason, data={"to_activity": target}))
        self._move(cid, now, "active", target)

    def cancel(self, cid: str, reason: str) -> None:
        number = self.cycles[cid].activity
        assert number is not None
        now = self.now()
        self._event(ev.make_event(ev.CYCLE_CANCELLED, now, PEOPLE["admin"], procedure=self.ref, cycle=cid,
                                  activity=self.activity(number), from_state=f"activity_{number}",
                                  to_state="cancelled", reason=reason))
        self._move(cid, now, "cancelled", None)


def fill_like_0001(writer: Era0001) -> dict[str, OldCycle]:
    """What a few weeks of use at revision 0001 left: every cycle state, evidence, returns, a cancel."""
    writer.staff("admin", by="admin")  # init
    writer.publish()
    for login in ("ana", "luis", "marta"):
        writer.staff(login)
    done = writer.start(1, "Revisión de marzo")
    for _ in range(5):
        writer.complete(done)
    waiting = writer.start(2, "Revisión de abril")  # at activity 3 with an attachment waiting
    writer.complete(waiting)
    writer.complete(waiting)
    writer.attach(waiting)
    dropped = writer.start(3, "Duplicado")
    writer.complete(dropped)
    writer.cancel(dropped, "se abrió por error")
    again = writer.start(4, "Revisión de mayo")  # went to 4, was sent back to 2
    for _ in range(3):
        writer.complete(again)
    writer.return_to(again, 2, "faltan dependencias en el correo")
    writer.start(5, "Revisión de junio")  # just started
    return writer.cycles


# -- the database, the command line, snapshots -----------------------------------------------------------
@dataclass
class OldDatabase:
    home: Path
    url: str
    engine: Engine
    server: PostgresServer | None
    cycles: dict[str, OldCycle]
    events: int
    files: EvidenceStore

    @property
    def schema(self) -> str | None:
        return PG_SCHEMA if self.server is not None else None

    def env(self, login: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
        env.update(WORKFLOW_HOME=str(self.home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200",
                   WORKFLOW_USER=login)
        if self.server is not None:
            env["WORKFLOW_DB_URL"] = self.server.url(login)
        return env

    def run(self, *args: str, user: str = "admin") -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*WORKFLOW, *args], capture_output=True, text=True, cwd=ROOT, env=self.env(user))
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def json(self, *args: str, user: str = "admin") -> tuple[int, Any]:
        result = self.run(*args, "--json", user=user)
        return result.returncode, json.loads(result.stdout)

    def flow(self, login: str = "admin") -> Workflow:
        settings = Settings.for_home(self.home, user=login, procedures_dir=ROOT / "procedures")
        if self.server is not None:
            settings = Settings(home=self.home, db_url=self.server.url(login), user=login,
                                procedures_dir=ROOT / "procedures")
        return Workflow(settings)

    def revision(self) -> str | None:
        with Store(self.engine).transaction(write=False) as tx:
            return tx.schema_revision()


def snapshot(engine: Engine, schema: str | None) -> dict[str, Any]:
    """Every table's columns (name, type, nullable) and rows (as dicts), each table in primary-key order."""
    tables: dict[str, Any] = {}
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in sorted(inspector.get_table_names(schema=schema)):
            columns = [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table, schema=schema)]
            key = inspector.get_pk_constraint(table, schema=schema)["constrained_columns"] or [columns[0][0]]
            order = ", ".join(f'"{name}"' for name in key)
            rows = [{k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}
                    for row in connection.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}')).mappings()]
            tables[table] = {"columns": columns, "rows": rows}
    return tables


def assert_rows_intact(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Every table of `before` is in `after` with the same columns (later revisions may add some) and
    the same rows, value for value, in those columns."""
    for table, old in before.items():
        if table == "alembic_version":
            continue
        assert table in after, f"{table} is gone"
        assert [c for c in after[table]["columns"] if c[0] in {n for n, _, _ in old["columns"]}] == old["columns"], (
            f"the columns of {table} changed")
        names = [n for n, _, _ in old["columns"]]
        kept = [{n: row[n] for n in names} for row in after[table]["rows"]]
        assert kept == old["rows"], f"rows of {table} changed"


def triggers(db: OldDatabase) -> set[str]:
    with db.engine.connect() as connection:
        return set(connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'workflow.audit_event'::regclass "
            "AND NOT tgisinternal")).scalars())


@pytest.fixture
def old_database(tmp_path: Path, backend: PostgresServer | None) -> Iterator[OldDatabase]:
    """A database created at revision 0001 and filled as the 0001-era commands filled it."""
    home = tmp_path / "home"
    home.mkdir()
    samples = tmp_path / "samples"
    samples.mkdir()
    url = default_sqlite_url(home) if backend is None else backend.url("admin")  # admin owns the schema
    engine = create_db_engine(url)
    store = Store(engine)
    files = EvidenceStore(home / "evidence")
    with store.transaction() as tx:
        upgrade_to_head(tx.connection, FIRST_REVISION)
    with store.transaction() as tx:
        writer = Era0001(tx.connection, load_procedure_file(OLD_PROCEDURE), files, samples)
        cycles = fill_like_0001(writer)
    db = OldDatabase(home=home, url=url, engine=engine, server=backend, cycles=cycles, events=writer.seq,
                     files=files)
    yield db
    engine.dispose()


# -- the tests ----------------------------------------------------------------------------------------------
def test_the_first_revision_is_what_the_fixture_writes_to(old_database: OldDatabase) -> None:
    db = old_database
    assert db.revision() == FIRST_REVISION != HEAD_REVISION
    before = snapshot(db.engine, db.schema)
    assert set(before) == TABLES_0001 | {"alembic_version"}
    assert {cid: (c.state, c.activity) for cid, c in db.cycles.items()} == {
        f"{CODE}-0001": ("completed", None), f"{CODE}-0002": ("active", 3), f"{CODE}-0003": ("cancelled", None),
        f"{CODE}-0004": ("active", 2), f"{CODE}-0005": ("active", 1)}
    rows = [(r["seq"], r["payload"], r["prev_hash"], r["hash"]) for r in before["audit_event"]["rows"]]
    assert audit.first_chain_problem(rows) == (db.events, None)  # the hand-made chain is a valid one
    evidence = before["evidence"]["rows"]
    assert len(evidence) == 8 and all(db.files.check(r["sha256"]) is None for r in evidence)


def test_commands_refuse_a_0001_database_until_it_is_upgraded(old_database: OldDatabase) -> None:
    db = old_database
    before = snapshot(db.engine, db.schema)
    for args, user in ((("cycle", "list"), "admin"), (("audit", "verify"), "admin"),
                       (("cycle", "complete", f"{CODE}-0005", "--activity", "1"), "admin" if db.server else "ana")):
        refused = db.run(*args, user=user)
        assert refused.returncode == 1, (args, refused.stdout, refused.stderr)
        assert f"the database is at revision 0001 and this program needs {HEAD_REVISION}" in refused.stderr
        assert "run `workflow db upgrade`" in refused.stderr
    assert snapshot(db.engine, db.schema) == before  # refused means untouched
    assert db.revision() == FIRST_REVISION


def test_upgrade_keeps_every_row_and_the_chain(old_database: OldDatabase) -> None:
    db = old_database
    before = snapshot(db.engine, db.schema)
    if db.server is not None:
        assert triggers(db) == set()  # 0001 did not protect the audit table yet

    upgraded = db.run("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"database at revision {HEAD_REVISION}" in upgraded.stdout
    assert db.revision() == HEAD_REVISION

    after = snapshot(db.engine, db.schema)
    assert set(after) == {table.name for table in SQLModel.metadata.sorted_tables} | {"alembic_version"}
    assert_rows_intact(before, after)
    assert after["evidence_blob"]["rows"] == []  # 0001 kept no content in the database
    assert after["alembic_version"]["rows"] == [{"version_num": HEAD_REVISION}]
    evidence = before["evidence"]["rows"]
    contents = sorted({r["sha256"] for r in evidence})

    with db.flow() as flow:
        if db.server is not None:
            # The file store's content, unknown to the migration: missing until the operator loads it.
            missing = auditing.verify(flow)
            first_evidence_seq = min(r["audit_seq"] for r in evidence)
            assert (missing.ok, missing.first_bad_seq) == (False, first_evidence_seq), missing.to_json()
            with flow.store.transaction() as tx:
                for sha in contents:
                    assert DatabaseEvidenceStore().put(db.files.path_for(sha), tx).sha256 == sha
        verified = auditing.verify(flow)
        assert verified.ok and verified.events == db.events, verified.to_json()
        assert verified.evidence_files == len(contents)
    assert_rows_intact(before, snapshot(db.engine, db.schema))  # loading the content touched nothing else

    code, listed = db.json("cycle", "list")
    assert code == 0
    assert {c["id"]: (c["state"], c["activity"]) for c in listed} == {
        cid: (c.state, c.activity) for cid, c in db.cycles.items()}
    code, shown = db.json("cycle", "show", f"{CODE}-0001")
    assert code == 0 and shown["state"] == "completed"
    assert [e["type"] for e in shown["history"]].count("activity.completed") == 5
    assert {e["record"] for e in shown["evidence"]} == set(RECORD.values())


def test_the_upgraded_database_works_as_usual(old_database: OldDatabase, tmp_path: Path) -> None:
    db = old_database
    assert db.run("db", "upgrade").returncode == 0
    if db.server is not None:
        with db.flow() as flow:
            with flow.store.transaction() as tx:  # the operator loads the old files
                for sha in {p.name for p in (db.home / "evidence").rglob("*") if p.is_file()}:
                    DatabaseEvidenceStore().put(db.files.path_for(sha), tx)
            for login in ("ana", "marta"):  # PostgreSQL support came with 0002: roles now
                access.grant(flow, login, "staff")
        granted = db.run("db", "grant", "luis", "--as", "staff")  # one of them through the command
        assert granted.returncode == 0, granted.stderr

    waiting = f"{CODE}-0002"  # an old cycle at activity 3 (its record already attached in 0001 days)
    sheet = tmp_path / "hoja.txt"
    sheet.write_text("hoja de vida de trámites, versión final", encoding="utf-8")
    code, moved = db.json("cycle", "complete", waiting, "--activity", "3", "--evidence", str(sheet),
                          "--record", RECORD[3], user="luis")
    assert code == 0 and (moved["state"], moved["activity"]) == ("active", 4), moved
    code, moved = db.json("cycle", "complete", f"{CODE}-0004", "--activity", "2", "--evidence", str(sheet),
                          "--record", RECORD[2], user="luis")
    assert code == 0 and moved["activity"] == 3, moved
    stale = db.run("cycle", "complete", f"{CODE}-0001", "--activity", "5", user="marta")
    assert stale.returncode == 3 and "nothing was saved" in stale.stderr
    code, started = db.json("cycle", "start", CODE, "--title", "Revisión de julio", user="ana")
    assert code == 0 and started["id"] == f"{CODE}-0006"  # numbering carries on after the old cycles

    code, shown = db.json("cycle", "show", waiting)
    assert code == 0
    assert [e["seq"] for e in shown["history"]] == sorted(e["seq"] for e in shown["history"])
    assert [e["type"] for e in shown["history"]][-2:] == ["evidence.attached", "activity.completed"]
    assert [e["record"] for e in shown["evidence"]] == [RECORD[2], RECORD[3], RECORD[3]]
    code, verified = db.json("audit", "verify")
    assert code == 0 and verified["ok"] and verified["first_bad_seq"] is None, verified
    assert verified["events"] == db.events + 2 + 2 + 1 + (3 if db.server is not None else 0)


def test_db_upgrade_twice_is_a_no_op(old_database: OldDatabase) -> None:
    db = old_database
    assert db.run("db", "upgrade").returncode == 0
    once = snapshot(db.engine, db.schema)
    again = db.run("db", "upgrade")
    assert again.returncode == 0, again.stderr
    assert f"database at revision {HEAD_REVISION}" in again.stdout
    assert snapshot(db.engine, db.schema) == once
    assert db.revision() == HEAD_REVISION


@pytest.mark.parametrize("backend", [pytest.param("postgresql", marks=pytest.mark.postgresql)], indirect=True)
def test_the_audit_table_is_append_only_after_the_upgrade_on_postgresql(old_database: OldDatabase) -> None:
    db = old_database
    assert db.server is not None
    assert db.run("db", "upgrade").returncode == 0
    assert triggers(db) == {"audit_event_append_only", "audit_event_no_truncate", "audit_event_guard"}
    before = snapshot(db.engine, db.schema)["audit_event"]
    for statement in ("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1",
                      "DELETE FROM audit_event WHERE seq = 1",
                      "TRUNCATE audit_event"):
        with db.engine.connect() as connection:  # as admin, the owner of the table
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text(statement))
            connection.rollback()
    assert snapshot(db.engine, db.schema)["audit_event"] == before
