"""PostgreSQL refuses forged history at the database: each attack is plain SQL, connected as the person's
own role (as anyone holding their login could do), and the database refuses it; the application's own
path still works afterwards and `audit verify` still says ok.

Then the administrators' and the owner's attacks: an administrator cannot make itself the owner, and
what the owner (or a superuser) can still do to the guards is reported by `audit verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import PostgresServer, _staffed_office, complete_step, cycle_at
from workflow.core import chain as audit
from workflow.core import events as ev
from workflow.core.guards import Actor
from workflow.core.manifests import manifest_sha
from workflow.errors import Refused
from workflow.service import access, auditing
from workflow.service.facade import Workflow
from workflow.settings import Settings

pytestmark = pytest.mark.postgresql

MARTA = Actor(login="marta", name="Marta Díaz", area="oficina_tic", role="profesional_universitario")
LUIS = Actor(login="luis", name="Luis Pérez", area="oficina_sig", role="profesional_universitario")
AT = "2026-12-01T09:00:00.000000Z"
Statement = str | Callable[[Connection], Any]


class Forgery:
    """An office on PostgreSQL with a cycle waiting at activity 2 (luis's turn, 33 dependencias)."""

    def __init__(self, home: Path, server: PostgresServer, folder: Path) -> None:
        self.office = _staffed_office(home, server)
        self.server = server
        self.folder = folder
        self.cycle = cycle_at(self.office, folder, 2)

    @contextmanager
    def sql(self, login: str) -> Iterator[Connection]:
        engine = create_engine(self.server.url(login))
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()

    def refused(self, login: str, *statements: Statement, sqlstate: str = "WF001") -> str:
        """Run the statements in one transaction as `login`; the database must refuse one of them."""
        with pytest.raises(DBAPIError) as raised, self.sql(login) as connection:
            for statement in statements:
                if isinstance(statement, str):
                    connection.execute(text(statement))
                else:
                    statement(connection)
        assert getattr(raised.value.orig, "sqlstate", None) == sqlstate, raised.value
        return str(raised.value.orig)

    def verify_ok(self) -> None:
        result = auditing.verify(self.office.as_user("admin"))
        assert result.ok, result.to_json()

    def app_still_works(self) -> None:
        """luis completes activity 2 through the application, and the trail verifies."""
        complete_step(self.office, self.folder, self.cycle, 2)
        shown = self.office.as_user("admin").cycle(self.cycle).cycle
        assert (shown.state, shown.activity) == ("active", 3)
        self.verify_ok()


@pytest.fixture
def forgery(tmp_path: Path, postgres: PostgresServer) -> Iterator[Forgery]:
    postgres.reset()
    folder = tmp_path / "files"
    folder.mkdir()
    made = Forgery(tmp_path / "home", postgres, folder)
    yield made
    made.office.close()


def chained(connection: Connection, actor: Actor, kind: str, cycle: str | None, **fields: Any) -> int:
    """Append a correctly chained event with plain SQL, as the application would; its seq."""
    seq, prev_hash = connection.execute(text(
        "SELECT seq, hash FROM workflow.audit_event ORDER BY seq DESC LIMIT 1")).one()
    payload = {**ev.make_event(kind, AT, actor, cycle=cycle, **fields), "seq": seq + 1}
    link = audit.link(seq + 1, prev_hash, payload)
    connection.execute(text(
        "INSERT INTO workflow.audit_event (seq, at, type, actor, cycle_id, payload, prev_hash, hash) "
        "VALUES (:seq, :at, :type, :actor, :cycle, :payload, :prev, :hash)"),
        {"seq": link.seq, "at": AT, "type": kind, "actor": actor.login, "cycle": cycle, "payload": link.payload,
         "prev": link.prev_hash, "hash": link.hash})
    return link.seq


def test_an_event_in_someone_elses_name_and_the_cycle_moved_after_it_are_refused(forgery: Forgery) -> None:
    cycle = forgery.cycle
    said = forgery.refused("luis", lambda c: chained(c, MARTA, ev.ACTIVITY_COMPLETED, cycle,
                                                     activity={"number": 2, "name": "x"}))
    assert "names marta as its actor, but luis is connected" in said
    said = forgery.refused("luis", f"UPDATE workflow.cycle SET activity = 3 WHERE id = '{cycle}'")
    assert f"cycle {cycle}: no event of luis in this transaction records the change" in said
    forgery.verify_ok()
    forgery.app_still_works()


@pytest.mark.parametrize("change", ["activity = 5", "state = 'completed', activity = NULL",
                                    "lock_version = lock_version + 1"])
def test_a_cycle_moved_or_completed_with_no_event_is_refused(forgery: Forgery, change: str) -> None:
    forgery.refused("luis", f"UPDATE workflow.cycle SET {change} WHERE id = '{forgery.cycle}'")
    forgery.app_still_works()


def test_a_cycle_started_in_someone_elses_name_or_without_its_event_is_refused(forgery: Forgery) -> None:
    insert = ("INSERT INTO workflow.cycle (id, procedure_code, procedure_version, procedure_sha256, number, state, "
              "activity, lock_version, started_at, started_by, updated_at) SELECT 'FAKE-1', procedure_code, "
              "procedure_version, procedure_sha256, 99, 'active', 1, 0, started_at, '{by}', updated_at "
              f"FROM workflow.cycle WHERE id = '{forgery.cycle}'")
    forgery.refused("luis", insert.format(by="ana"))
    forgery.refused("luis", insert.format(by="luis"))
    forgery.app_still_works()


def test_case_data_and_requests_written_with_no_event_are_refused(forgery: Forgery) -> None:
    cycle = forgery.cycle
    said = forgery.refused("luis", "INSERT INTO workflow.case_field (cycle_id, field_id, value, audit_seq) "
                                   f"VALUES ('{cycle}', 'dependencia', 'secretaria-de-hacienda', 1)")
    assert f"case_field: no event 1 of luis in this transaction records the change to cycle {cycle}" in said
    said = forgery.refused("luis", (
        "INSERT INTO workflow.citizen_request (radicado, cycle_id, year, number, type, channel, subject, anonymous, "
        "received_at, received_day, state, updated_at, audit_seq) VALUES ('2026-999999', "
        f"'{cycle}', 2026, 999999, 'peticion', 'web', 'x', 0, '{AT}', '2026-12-01', 'answered', '{AT}', 1)"))
    assert "citizen_request: no event 1 of luis" in said
    # An event of this transaction, but of another cycle, explains nothing here.
    said = forgery.refused("luis", lambda c: c.execute(text(
        "INSERT INTO workflow.case_field (cycle_id, field_id, value, audit_seq) VALUES ('OTRO-1', 'x', 'y', :seq)"),
        {"seq": chained(c, LUIS, ev.EVIDENCE_ATTACHED, cycle, evidence=[])}))
    assert "records the change to cycle OTRO-1" in said
    forgery.verify_ok()
    forgery.app_still_works()


def test_items_waived_in_someone_elses_name_are_refused(forgery: Forgery) -> None:
    cycle = forgery.cycle
    waive_all = (f"UPDATE workflow.cycle_item SET waived_by = '{{by}}', waived_reason = 'no aplica', "
                 f"waived_at = '{AT}' WHERE cycle_id = '{cycle}' AND activity = 2")
    with forgery.sql("luis") as connection:
        assert connection.execute(text(f"SELECT count(*) FROM workflow.cycle_item WHERE cycle_id = '{cycle}' "
                                       "AND activity = 2")).scalar() == 33
    said = forgery.refused("luis", waive_all.format(by="ana"))
    assert "cannot waive item" in said and "in the name of ana" in said
    # One waiver of one item in his own name does not cover the other 32.
    said = forgery.refused("luis", lambda c: chained(c, LUIS, ev.ITEM_WAIVED, cycle, reason="no aplica",
                                                     data={"item": "secretaria_general"}),
                           waive_all.format(by="luis"))
    assert "no event of luis in this transaction waives item" in said
    with forgery.sql("admin") as connection:
        assert connection.execute(text("SELECT count(*) FROM workflow.cycle_item "
                                       "WHERE waived_by IS NOT NULL")).scalar() == 0
    forgery.app_still_works()


def test_evidence_attached_in_someone_elses_name_or_by_no_event_is_refused(forgery: Forgery) -> None:
    cycle = forgery.cycle
    sha = hashlib.sha256(b"forged").hexdigest()
    insert = ("INSERT INTO workflow.evidence (cycle_id, activity, record_id, sha256, size, display_name, media_type, "
              "attached_by, attached_at, audit_seq) VALUES "
              f"('{cycle}', 2, 'correo_electronico', '{sha}', 6, 'f.txt', 'text/plain', '{{by}}', '{AT}', {{seq}})")
    said = forgery.refused("luis", insert.format(by="marta", seq=1))
    assert "luis cannot attach evidence in the name of marta" in said
    forgery.refused("luis", insert.format(by="luis", seq=1))  # an old event of someone else's
    evidence = [{"sha256": hashlib.sha256(b"other").hexdigest(), "record": "correo_electronico"}]
    forgery.refused("luis", lambda c: c.execute(text(insert.format(
        by="luis", seq=chained(c, LUIS, ev.EVIDENCE_ATTACHED, cycle, evidence=evidence)))))
    forgery.app_still_works()


def test_evidence_content_under_another_files_hash_is_refused_and_the_genuine_file_kept(forgery: Forgery) -> None:
    # The file luis will attach for activity 2 (see complete_step), and its hash, known in advance.
    genuine = f"{forgery.cycle} 2".encode()
    sha = hashlib.sha256(genuine).hexdigest()
    poison = "INSERT INTO workflow.evidence_blob (sha256, size, content) VALUES (:sha, :size, :content)"
    said = forgery.refused("luis", lambda c: c.execute(text(poison), {"sha": sha, "size": 4, "content": b"fake"}))
    assert f"evidence content stored as {sha} has another SHA-256 or size" in said
    forgery.refused("luis", lambda c: c.execute(text(poison), {"sha": sha, "size": 99, "content": genuine}))
    forgery.app_still_works()
    assert _content(forgery, sha) == genuine


CHUNK = "INSERT INTO workflow.evidence_chunk (sha256, size, data) VALUES (:sha, :size, :data)"
MANIFEST = ("INSERT INTO workflow.evidence_manifest (sha256, file_sha256, size, chunks) "
            "VALUES (:sha, :file, :size, :chunks)")


def _content(forgery: Forgery, sha: str) -> bytes:
    """The content of `sha` as the application reads it back: the chunks of the manifest its event names."""
    from workflow.storage.evidence_db import DatabaseEvidenceStore

    flow = forgery.office.as_user("admin")
    with flow.store.read() as tx:
        refs = [ref for event in tx.events() for ref in json.loads(event.payload).get("evidence") or ()
                if ref["sha256"] == sha and "manifest" in ref]
        assert refs, "no event names a manifest of the file"
        assert DatabaseEvidenceStore().check(sha, tx, refs[0]["manifest"]) is None
        return b"".join(DatabaseEvidenceStore().read(sha, tx, refs[0]["manifest"]))


def test_evidence_chunks_and_manifests_are_refused_unless_they_are_what_they_claim(forgery: Forgery) -> None:
    """Poison planted under the hash of a file luis will attach: a chunk under another chunk's hash, a
    manifest under a hash that is not its own, listing chunks that are not stored, or that no event of
    the transaction records. The genuine attach then stores and names its own manifest."""
    genuine = f"{forgery.cycle} 2".encode()
    sha = hashlib.sha256(genuine).hexdigest()
    fake = b"fake content"
    fake_key = hashlib.sha256(fake).hexdigest()
    said = forgery.refused("luis", lambda c: c.execute(text(CHUNK), {"sha": sha, "size": len(fake), "data": fake}))
    assert f"evidence chunk stored as {sha} has another SHA-256 or size" in said
    forgery.refused("luis", lambda c: c.execute(text(CHUNK), {"sha": fake_key, "size": 99, "data": fake}))

    def manifest(key: str | None = None, chunks: str = fake_key, size: int = len(genuine)) -> Statement:
        values = {"sha": key or manifest_sha(sha, size, chunks), "file": sha, "size": size, "chunks": chunks}
        return lambda c: (c.execute(text(CHUNK), {"sha": fake_key, "size": len(fake), "data": fake}),
                          c.execute(text(MANIFEST), values))

    said = forgery.refused("luis", manifest(key=sha))
    assert "is not the SHA-256 of its text" in said
    said = forgery.refused("luis", manifest(chunks="ab" * 32))
    assert "its chunks are not all stored or do not add up" in said
    forgery.refused("luis", manifest(size=len(fake) + 1))
    said = forgery.refused("luis", manifest(size=len(fake)))  # consistent, but no event records it
    assert "no event of luis in this transaction records file" in said
    forgery.app_still_works()
    assert _content(forgery, sha) == genuine


@pytest.mark.parametrize("garbage", ["next seq, not chained", "wrong seq", "wrong hash", "not JSON",
                                     "columns differ from payload", "payload names another seq"])
def test_a_garbage_event_is_refused_and_the_chain_goes_on(forgery: Forgery, garbage: str) -> None:
    def insert(connection: Connection) -> None:
        seq, prev_hash = connection.execute(text(
            "SELECT seq, hash FROM workflow.audit_event ORDER BY seq DESC LIMIT 1")).one()
        payload = {**ev.make_event(ev.CYCLE_SUSPENDED, AT, LUIS, cycle=forgery.cycle), "seq": seq + 1}
        row = {"seq": seq + 1, "at": AT, "type": ev.CYCLE_SUSPENDED, "actor": "luis", "cycle": forgery.cycle,
               "payload": audit.canonical_bytes(payload), "prev": prev_hash}
        if garbage == "next seq, not chained":
            row["prev"] = "0" * 64
        elif garbage == "wrong seq":
            row["seq"] = seq + 2
        elif garbage == "not JSON":
            row["payload"] = b"\xff garbage"
        elif garbage == "columns differ from payload":
            row["type"] = ev.ACTIVITY_COMPLETED
        elif garbage == "payload names another seq":
            row["payload"] = audit.canonical_bytes({**payload, "seq": seq + 7})
        digest = audit.chain_hash(prev_hash, row["payload"])
        row["hash"] = "f" * 64 if garbage == "wrong hash" else digest
        connection.execute(text(
            "INSERT INTO workflow.audit_event (seq, at, type, actor, cycle_id, payload, prev_hash, hash) "
            "VALUES (:seq, :at, :type, :actor, :cycle, :payload, :prev, :hash)"), row)

    forgery.refused("luis", insert)
    forgery.verify_ok()
    forgery.app_still_works()


def test_the_application_refuses_with_the_databases_reason(forgery: Forgery) -> None:
    # The guard's refusal reaches a library caller as ours, saying what the database refused.
    flow = forgery.office.as_user("luis")
    with pytest.raises(Refused) as refused, flow.store.transaction() as tx:
        tx.connection.exec_driver_sql(f"UPDATE cycle SET activity = 5 WHERE id = '{forgery.cycle}'")
    assert refused.value.message.render().startswith("the database refused the change (nothing was saved): ")


# -- administrators and the owner -------------------------------------------------------------------------------

def _admin_jefe(forgery: Forgery) -> Workflow:
    forgery.server.role("jefe")
    forgery.office._granted.add("jefe")  # as_user would otherwise make jefe an auditor first
    access.grant(forgery.office.as_user("admin"), "jefe", "admin")  # `workflow db grant jefe --as admin`
    return forgery.office.as_user("jefe")


def test_an_administrator_cannot_become_the_owner(forgery: Forgery) -> None:
    _admin_jefe(forgery)
    with forgery.sql("admin") as connection:
        owner = connection.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = 'workflow' "
                                        "AND tablename = 'audit_event'")).scalar()
        assert connection.execute(text("SELECT rolcreaterole FROM pg_roles WHERE rolname = 'jefe'")).scalar() is False
    forgery.refused("jefe", f'GRANT "{owner}" TO jefe', sqlstate="42501")
    forgery.refused("jefe", f'SET ROLE "{owner}"', sqlstate="42501")
    forgery.refused("jefe", "ALTER ROLE jefe CREATEROLE", sqlstate="42501")
    forgery.refused("jefe", "DROP TRIGGER audit_event_append_only ON workflow.audit_event", sqlstate="42501")
    said = forgery.refused("jefe", f"SELECT workflow.grant_access('{owner}', 'staff')")
    assert "can act as the owner of the database" in said
    forgery.refused("jefe", f"SELECT workflow.grant_access('{forgery.server.superuser_url.username}', 'admin')")
    forgery.refused("luis", "SELECT workflow.grant_access('luis', 'admin')", sqlstate="42501")
    forgery.verify_ok()


def test_an_administrator_still_grants_through_the_application(forgery: Forgery) -> None:
    jefe = _admin_jefe(forgery)
    forgery.server.role("pedro")
    access.grant(jefe, "pedro", "staff")
    with forgery.sql("admin") as connection:
        rights = set(connection.execute(text(
            "SELECT table_name || ':' || privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = 'pedro' AND privilege_type <> 'SELECT'")).scalars())
    assert rights == {"audit_event:INSERT", "evidence:INSERT", "evidence_blob:INSERT", "cycle:INSERT",
                      "cycle_item:INSERT", "cycle:UPDATE", "cycle_item:UPDATE", "evidence_chunk:INSERT",
                      "evidence_manifest:INSERT",
                      "catalog_entry:INSERT", "catalog_entry:UPDATE",  # the trámites catalogue
                      # revision 0007: case data and citizen requests, projections staff write too
                      "case_field:INSERT", "case_field:UPDATE", "citizen_request:INSERT", "citizen_request:UPDATE"}
    forgery.verify_ok()


@pytest.mark.parametrize(("damage", "said"), [
    ("ALTER TABLE workflow.audit_event DISABLE TRIGGER audit_event_append_only",
     "the guard trigger audit_event_append_only of workflow.audit_event is disabled"),
    ("DROP TRIGGER cycle_guard ON workflow.cycle", "the guard trigger cycle_guard of workflow.cycle is missing"),
    ("CREATE OR REPLACE FUNCTION workflow.guard_event() RETURNS trigger LANGUAGE plpgsql "
     "SET search_path = pg_catalog, pg_temp AS $$BEGIN RETURN NEW; END$$",
     "the guard function workflow.guard_event is not the one the migration installed"),
])
def test_what_the_owner_does_to_the_guards_fails_verification(forgery: Forgery, damage: str, said: str) -> None:
    with forgery.sql("admin") as connection:  # the owner of the schema, in these tests the first administrator
        connection.execute(text(damage))
    result = auditing.verify(forgery.office.as_user("ana"))
    assert not result.ok and result.problem is not None
    assert said in result.problem.render()


def test_the_superusers_recorder_catches_a_trigger_switched_off_and_on_again(forgery: Forgery) -> None:
    superuser = forgery.server.superuser_url.username or "postgres"
    settings = Settings(home=forgery.office.home, db_url=forgery.server.url(superuser), user=superuser)
    try:
        with Workflow(settings) as flow:
            flow.upgrade()  # run by a superuser, `db upgrade` installs the recorder
        with forgery.sql("admin") as connection:  # the owner truncates the tail in one transaction
            connection.execute(text("ALTER TABLE workflow.audit_event DISABLE TRIGGER USER"))
            connection.execute(text("DELETE FROM workflow.audit_event WHERE seq = (SELECT max(seq) "
                                    "FROM workflow.audit_event)"))
            connection.execute(text("ALTER TABLE workflow.audit_event ENABLE TRIGGER USER"))
        result = auditing.verify(forgery.office.as_user("ana"))
        assert not result.ok and result.problem is not None
        said = result.problem.render()
        assert said.startswith("the database recorded an incident: ALTER TABLE on trigger audit_event_"), said
        assert "on workflow.audit_event disabled, by admin, at " in said
        forgery.refused("admin", "DELETE FROM workflow_guard.incident", sqlstate="42501")
        forgery.refused("admin", "DROP EVENT TRIGGER workflow_guard_ddl", sqlstate="42501")
    finally:
        from workflow.storage.pg_incidents import uninstall_recorder

        with forgery.sql(superuser) as connection:
            uninstall_recorder(connection)


def test_the_upgrade_takes_createrole_from_the_administrators_granted_before_it(forgery: Forgery) -> None:
    from alembic import command

    from workflow.storage.migrations import alembic_config, upgrade_to_head

    _admin_jefe(forgery)
    with forgery.sql("admin") as connection:  # back to 0003, where `db grant --as admin` gave CREATEROLE
        command.downgrade(alembic_config(connection), "0003")  # type: ignore[arg-type]
        connection.execute(text("ALTER ROLE jefe CREATEROLE"))
        assert connection.execute(text("SELECT count(*) FROM pg_proc WHERE proname = 'grant_access'")).scalar() == 0
    with forgery.sql("admin") as connection:
        upgrade_to_head(connection)
        assert connection.execute(text("SELECT rolcreaterole FROM pg_roles WHERE rolname = 'jefe'")).scalar() is False
    forgery.refused("jefe", "GRANT admin TO jefe", sqlstate="42501")
    forgery.server.role("pedro")
    access.grant(forgery.office.as_user("jefe"), "pedro", "auditor")  # jefe grants through the function now
    forgery.verify_ok()
