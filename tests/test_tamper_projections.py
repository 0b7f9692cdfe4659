"""Tampering beyond the chain: every table is a projection of the events, and verify rebuilds it.

Each test edits one row by hand, as a member of staff with the database file (or a superuser on
PostgreSQL) could, and checks that `audit verify` names the table, the row and the event that explains
it. Before verify replayed the chain, every one of these passed unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CODE, Office
from tests.test_cli import Shell
from tests.test_tamper import Tamperer, _rewrite_from, _row, _verify, database
from tests.test_tamper import trail as trail
from workflow.core import chain as audit
from workflow.core.replay import CYCLE_COLUMNS, EVIDENCE_COLUMNS, ITEM_COLUMNS, Replay
from workflow.service import auditing, verifying


def _one(db: Tamperer, sql: str, **params: object) -> Any:
    return db.execute(sql, **params).first()


def _luis_evidence(db: Tamperer) -> tuple[int, int, str]:
    """(evidence id, audit_seq, sha256) of the first file luis attached."""
    row = _one(db, "SELECT id, audit_seq, sha256 FROM evidence WHERE attached_by = 'luis' ORDER BY id")
    return int(row[0]), int(row[1]), str(row[2])


def _last_event_of(db: Tamperer, cycle_id: str) -> int:
    return int(_one(db, "SELECT max(seq) FROM audit_event WHERE cycle_id = :c", c=cycle_id)[0])


def _cycle_id(db: Tamperer) -> str:
    return str(_one(db, "SELECT id FROM cycle ORDER BY id")[0])


# -- the denormalised columns of audit_event ----------------------------------------------------------

@pytest.mark.parametrize(("column", "value"), [("actor", "marta"), ("at", "2020-01-01T00:00:00.000000Z"),
                                               ("type", "cycle.cancelled"), ("cycle_id", "MM-GAC-P-006-0099")])
def test_an_edited_column_of_an_event_is_named(trail: Office, column: str, value: str) -> None:
    with database(trail) as db:
        seq = int(_one(db, "SELECT min(seq) FROM audit_event WHERE actor = 'luis'")[0])
        db.execute(f"UPDATE audit_event SET {column} = :v WHERE seq = :seq", v=value, seq=seq)
    found, problem = _verify(trail)
    assert found == seq
    assert f"audit_event row of event {seq}" in problem and column in problem and value in problem


def test_cycle_show_reads_who_acted_from_the_hashed_payload(trail: Office) -> None:
    with database(trail) as db:
        cycle_id = _cycle_id(db)
        db.execute("UPDATE audit_event SET actor = 'marta' WHERE actor = 'luis'")
    actors = {entry.actor for entry in trail.as_user("admin").cycle(cycle_id).history}
    assert "luis" in actors  # what the signed payload says, not the edited column


# -- evidence rows and content ------------------------------------------------------------------------

def test_an_evidence_row_deleted_with_its_file_is_named_by_its_event(trail: Office) -> None:
    flow = trail.as_user("admin")
    with database(trail) as db:
        row_id, seq, sha = _luis_evidence(db)
        db.execute("DELETE FROM evidence WHERE id = :id", id=row_id)
        if trail.server is not None:
            db.execute("DELETE FROM evidence_manifest WHERE file_sha256 = :s", s=sha)
    if trail.server is None:
        flow.files.path_for(sha).unlink()  # type: ignore[union-attr]
    found, problem = _verify(trail)
    assert found == seq and "evidence" in problem


@pytest.mark.parametrize(("column", "value"), [("sha256", "ab" * 32), ("attached_by", "marta"),
                                               ("record_id", "otro_registro"), ("item", "oficina_tic")])
def test_an_evidence_row_pointed_elsewhere_is_named(trail: Office, column: str, value: str) -> None:
    with database(trail) as db:
        row_id, seq, _sha = _luis_evidence(db)
        db.execute(f"UPDATE evidence SET {column} = :v WHERE id = :id", v=value, id=row_id)
    found, problem = _verify(trail)
    assert found == seq
    assert "table evidence" in problem and column in problem and value in problem


def test_an_evidence_row_inserted_without_an_event_is_unexplained(trail: Office) -> None:
    with database(trail) as db:
        row_id, _seq, _sha = _luis_evidence(db)
        columns = ", ".join(EVIDENCE_COLUMNS)
        db.execute(f"INSERT INTO evidence ({columns}) SELECT {columns.replace('attached_by', ':who')} FROM evidence "
                   "WHERE id = :id", who="marta", id=row_id)
    found, problem = _verify(trail)
    assert found is None
    assert "table evidence" in problem and "no event" in problem


def test_content_stored_under_a_hash_nobody_recorded_is_unexplained(trail: Office) -> None:
    """Poison waiting for a future attach: content under the SHA-256 of a file not yet attached."""
    with database(trail) as db:
        db.execute("INSERT INTO evidence_blob (sha256, size, content) VALUES (:s, 4, :c)", s="cd" * 32, c=b"fake")
    found, problem = _verify(trail)
    assert found is None and "evidence_blob" in problem and "cd" * 8 in problem


# -- cycles and their items ---------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "value"), [("activity", 3), ("state", "completed"), ("activity", 1),
                                               ("started_by", "marta"), ("procedure_version", "9"),
                                               ("lock_version", 99), ("title", "otro")])
def test_a_cycle_moved_without_an_event_is_named(trail: Office, column: str, value: object) -> None:
    with database(trail) as db:
        cycle_id = _cycle_id(db)
        db.execute(f"UPDATE cycle SET {column} = :v WHERE id = :id", v=value, id=cycle_id)
        last = _last_event_of(db, cycle_id)
    found, problem = _verify(trail)
    assert found == last
    assert "table cycle" in problem and cycle_id in problem and column in problem


def test_items_waived_with_no_event_are_named(trail: Office) -> None:
    with database(trail) as db:
        cycle_id = _cycle_id(db)
        db.execute("UPDATE cycle_item SET waived_reason = 'por ana', waived_by = 'ana', waived_at = :at "
                   "WHERE cycle_id = :c", at="2026-12-01T00:00:00.000000Z", c=cycle_id)
        started = int(_one(db, "SELECT min(seq) FROM audit_event WHERE cycle_id = :c", c=cycle_id)[0])
    found, problem = _verify(trail)
    assert found is not None and found >= started
    assert "table cycle_item" in problem and "waived" in problem


def test_a_deleted_item_is_missing(trail: Office) -> None:
    with database(trail) as db:
        item = _one(db, "SELECT id, item_id FROM cycle_item ORDER BY id")
        db.execute("DELETE FROM cycle_item WHERE id = :id", id=item[0])
    found, problem = _verify(trail)
    assert found is not None and "cycle_item" in problem and item[1] in problem


# -- organisation ---------------------------------------------------------------------------------------

def test_a_published_procedure_edited_in_place_is_named_by_its_publishing_event(trail: Office) -> None:
    """Activity 3 loses its required record: the text no longer has the SHA-256 its event recorded."""
    with database(trail) as db:
        text, seq = _one(db, "SELECT text, audit_seq FROM procedure_version WHERE code = :c", c=CODE)
        edited = str(text).replace("hoja_vida_tramites", "hoja_vida_tramite", 1)
        assert edited != text
        db.execute("UPDATE procedure_version SET text = :t WHERE code = :c", t=edited, c=CODE)
    found, problem = _verify(trail)
    assert found == seq and "procedure_version" in problem


def test_published_reference_data_edited_in_place_is_named(trail: Office) -> None:
    with database(trail) as db:
        seq = int(_one(db, "SELECT audit_seq FROM reference_data WHERE kind = 'item_list'")[0])
        db.execute("UPDATE reference_data SET text = text || ' ' WHERE kind = 'item_list'")
    found, problem = _verify(trail)
    assert found == seq and "reference_data" in problem


@pytest.mark.parametrize(("column", "value"), [("is_admin", True), ("area_id", "oficina_tic"), ("name", "Otra")])
def test_a_staff_row_edited_by_hand_is_named(trail: Office, column: str, value: object) -> None:
    with database(trail) as db:
        seq = max(int(seq) for seq, kind, payload in db.execute("SELECT seq, type, payload FROM audit_event").all()
                  if kind.startswith("staff.") and json.loads(bytes(payload))["data"]["login"] == "luis")
        db.execute(f"UPDATE staff SET {column} = :v WHERE login = 'luis'", v=value)
    found, problem = _verify(trail)
    assert found == seq
    assert "table staff" in problem and "luis" in problem and column in problem


def test_a_deleted_staff_row_is_missing(trail: Office) -> None:
    with database(trail) as db:
        db.execute("DELETE FROM staff WHERE login = 'ana'")
    found, problem = _verify(trail)
    assert found is not None and "table staff" in problem and "ana" in problem


# -- damaged rows --------------------------------------------------------------------------------------

def test_a_payload_stored_as_text_is_a_problem_not_a_crash(trail: Office) -> None:
    if trail.server is not None:
        pytest.skip("PostgreSQL's bytea column cannot hold text: the damage is SQLite's")
    with database(trail) as db:
        seq = int(_one(db, "SELECT max(seq) FROM audit_event")[0])
        db.execute("UPDATE audit_event SET payload = CAST(payload AS TEXT) WHERE seq = :s", s=seq)
        assert _one(db, "SELECT typeof(payload) FROM audit_event WHERE seq = :s", s=seq)[0] == "text"
    found, problem = _verify(trail)
    assert found == seq and "text" in problem
    shell = Shell(trail.home, trail.home)  # what the auditor types: the JSON document, exit 1
    result = shell.run("audit", "verify", "--json", user="admin")
    assert result.returncode == 1
    assert json.loads(result.stdout)["first_bad_seq"] == seq


def _rechain(db: Tamperer, start: int, replace: dict[int, bytes]) -> None:
    """Replace payloads and re-hash the chain from `start` on, as a forger with the file would."""
    rows = db.execute("SELECT seq, payload FROM audit_event WHERE seq >= :s ORDER BY seq", s=start).all()
    prev = _row(db, start - 1)[2]
    db.execute("UPDATE audit_event SET hash = 'old-' || hash, prev_hash = 'old-' || prev_hash WHERE seq >= :s",
               s=start)
    for seq, payload in rows:
        forged = replace.get(seq, bytes(payload))
        digest = audit.chain_hash(prev, forged)
        db.execute("UPDATE audit_event SET payload = :p, prev_hash = :prev, hash = :h WHERE seq = :seq",
                   p=forged, prev=prev, h=digest, seq=seq)
        prev = digest


def test_a_non_json_payload_is_reported_and_readers_still_work(trail: Office, tmp_path: Path) -> None:
    with database(trail) as db:
        cycle_id = _cycle_id(db)
        seq = int(_one(db, "SELECT max(seq) FROM audit_event WHERE cycle_id = :c", c=cycle_id)[0])
        _rechain(db, seq, {seq: b"\xff not json"})
    found, problem = _verify(trail)
    assert found == seq and "cannot be read" in problem
    flow = trail.as_user("admin")
    history = flow.cycle(cycle_id).history
    assert history[-1].seq == seq and "damaged" in (history[-1].note or "")
    for fmt in ("csv", "xlsx", "jsonl", "xes", "html"):
        written = auditing.export(flow, fmt, tmp_path / f"trail.{fmt}")
        assert written > 0, fmt


# -- a perfect forgery: only a checkpoint kept elsewhere catches it ------------------------------------

def _reproject(office: Office) -> None:
    """Make every table agree with the (forged) chain: the forger's last step, with our own replay."""
    with database(office) as db:
        for seq, payload in db.execute("SELECT seq, payload FROM audit_event ORDER BY seq").all():
            body = json.loads(bytes(payload))
            db.execute("UPDATE audit_event SET at = :at, type = :type, actor = :actor, cycle_id = :cycle "
                       "WHERE seq = :seq", at=body["at"], type=body["type"], actor=body["actor"]["login"],
                       cycle=body.get("cycle"), seq=seq)
    flow = office.as_user("admin")
    with flow.reading() as tx:
        replay = Replay(*verifying._published_lookups(flow, tx))
        _count, broken, unexplained = audit.walk_chain(tx.verify_rows(), replay.apply)
        assert broken is None and unexplained is None
    with database(office) as db:
        for table in ("cycle", "cycle_item", "evidence"):
            db.execute(f"DELETE FROM {table}")
        for cycle_id, values in replay.cycles.items():
            names = ("id", *CYCLE_COLUMNS)
            db.execute(f"INSERT INTO cycle ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})",
                       **dict(zip(names, (cycle_id, *values[:-1]), strict=True)))
        for values, _seq in replay.item_rows():
            names = ("cycle_id", "activity", "item_id", *ITEM_COLUMNS)
            db.execute(f"INSERT INTO cycle_item ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})",
                       **dict(zip(names, values, strict=True)))
        for values in replay.evidence:
            db.execute(f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) "
                       f"VALUES ({', '.join(':' + n for n in EVIDENCE_COLUMNS)})",
                       **dict(zip(EVIDENCE_COLUMNS, values, strict=True)))
        recorded = {values[4] for values in replay.evidence}
        for (sha,) in db.execute("SELECT sha256 FROM evidence_blob").all():
            if sha not in recorded:
                db.execute("DELETE FROM evidence_blob WHERE sha256 = :s", s=sha)
        manifests = {manifest for _sha, manifest in replay.contents if manifest is not None}
        listed: set[str] = set()
        for key, chunks in db.execute("SELECT sha256, chunks FROM evidence_manifest").all():
            if key in manifests:
                listed.update(chunks.split("\n"))
            else:
                db.execute("DELETE FROM evidence_manifest WHERE sha256 = :s", s=key)
        for (key,) in db.execute("SELECT sha256 FROM evidence_chunk").all():
            if key not in listed:
                db.execute("DELETE FROM evidence_chunk WHERE sha256 = :s", s=key)


def test_a_consistent_forgery_passes_verify_but_a_checkpoint_names_its_first_event(trail: Office,
                                                                                  tmp_path: Path) -> None:
    flow = trail.as_user("admin")
    signed = auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    with database(trail) as db:
        first = int(_one(db, "SELECT min(seq) FROM audit_event WHERE actor = 'luis'")[0])
        _rewrite_from(db, first)
    _reproject(trail)
    assert auditing.verify(flow).ok  # chain and tables agree: only a checkpoint kept elsewhere can tell
    found, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "cp.txt.pub")
    assert found == first < signed.size
    assert f"rewritten from event {first}" in problem
    (tmp_path / "cp.txt.hashes").unlink()  # without its list, the signed head still catches it
    found, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "cp.txt.pub")
    assert found == signed.size and "rewritten" in problem


def test_a_forged_hash_list_is_refused(trail: Office, tmp_path: Path) -> None:
    flow = trail.as_user("admin")
    auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    listed = (tmp_path / "cp.txt.hashes").read_text().splitlines(keepends=True)
    listed[4] = "0" * 16 + "\n"
    (tmp_path / "cp.txt.hashes").write_text("".join(listed))
    found, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "cp.txt.pub")
    assert found is None and "hash list" in problem


def test_a_truncated_and_reprojected_log_is_caught_by_a_checkpoint(trail: Office, tmp_path: Path) -> None:
    flow = trail.as_user("admin")
    signed = auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    with database(trail) as db:
        db.execute("DELETE FROM audit_event WHERE seq > :keep", keep=signed.size - 3)
    _reproject(trail)
    assert auditing.verify(flow).ok
    found, problem = _verify(trail, checkpoint_path=tmp_path / "cp.txt", key_path=tmp_path / "cp.txt.pub")
    assert found == signed.size - 2 and "truncated" in problem


def test_any_one_row_of_any_table_changed_by_hand_is_named(trail: Office) -> None:
    """Every column of one row of every projection table, one at a time: verify names the table."""
    tables = {"cycle": ("id", ("id", *CYCLE_COLUMNS)),
              "cycle_item": ("id", ("cycle_id", "activity", "item_id", *ITEM_COLUMNS)),
              "evidence": ("id", EVIDENCE_COLUMNS),
              "staff": ("login", ("name", "area_id", "role_id", "is_admin", "created_at", "updated_at")),
              "procedure_version": ("id", ("code", "version", "title", "sha256", "text", "published_at",
                                           "published_by", "audit_seq")),
              "reference_data": ("id", ("kind", "name", "sha256", "text", "published_at", "published_by",
                                        "audit_seq"))}
    for table, (key, columns) in tables.items():
        for column in columns:
            with database(trail) as db:
                row = _one(db, f"SELECT {key}, {column} FROM {table} ORDER BY {key} DESC")
                original = row[1]
                changed = (not original) if isinstance(original, bool) else (
                    original + 7 if isinstance(original, int) else f"{original or ''}x")
                db.execute(f"UPDATE {table} SET {column} = :v WHERE {key} = :k", v=changed, k=row[0])
            result = auditing.verify(trail.as_user("admin"))
            with database(trail) as db:
                where = changed if column == key else row[0]
                db.execute(f"UPDATE {table} SET {column} = :v WHERE {key} = :k", v=original, k=where)
            assert not result.ok, (table, column)
            assert result.problem is not None and table in result.problem.render(), (table, column)
    assert auditing.verify(trail.as_user("admin")).ok


def test_swapping_the_row_ids_of_two_published_versions_changes_nothing(trail: Office, tmp_path: Path) -> None:
    """The version in force is the one published last (the later event), not the row with the larger
    surrogate id: ids are not in the chain, so an edit of them must not move which version new cycles
    start on, nor the order in which versions and evidence are listed."""
    shipped = (Path(__file__).resolve().parents[1] / "procedures" / f"{CODE}.yaml").read_text(encoding="utf-8")
    newer = tmp_path / "v3.yaml"
    newer.write_text(shipped.replace('\nversion: "2"\n', '\nversion: "3"\n'), encoding="utf-8")
    assert trail.as_user("admin").publish(newer).changed
    listed = [(p.code, p.version) for p in trail.as_user("admin").procedures()]
    with database(trail) as db:
        cycle_id = str(_one(db, "SELECT cycle_id FROM evidence ORDER BY id")[0])
    shown = [e.sha256 for e in trail.as_user("admin").cycle(cycle_id).evidence]
    assert len(set(shown)) > 1
    with database(trail) as db:
        old_id, new_id = (int(_one(db, "SELECT id FROM procedure_version WHERE code = :c AND version = :v",
                                   c=CODE, v=version)[0]) for version in ("2", "3"))
        spare = int(_one(db, "SELECT max(id) FROM procedure_version")[0]) + 100
        for source, target in ((old_id, spare), (new_id, old_id), (spare, new_id)):
            db.execute("UPDATE procedure_version SET id = :t WHERE id = :s", t=target, s=source)
        first, last = (int(v) for v in _one(db, "SELECT min(id), max(id) FROM evidence WHERE cycle_id = :c",
                                            c=cycle_id))
        db.execute("UPDATE evidence SET id = :t WHERE id = :s", t=spare, s=first)
        db.execute("UPDATE evidence SET id = :t WHERE id = :s", t=first, s=last)
        db.execute("UPDATE evidence SET id = :t WHERE id = :s", t=last, s=spare)
    assert trail.as_user("ana").start_cycle(CODE).version == "3"
    assert [(p.code, p.version) for p in trail.as_user("admin").procedures()] == listed
    assert [e.sha256 for e in trail.as_user("admin").cycle(cycle_id).evidence] == shown


def test_two_items_whose_ids_were_swapped_are_named(trail: Office) -> None:
    """The same rows, another order: screens list a cycle's items by row id, so a swap reorders them."""
    with database(trail) as db:
        first, second = (int(r[0]) for r in db.execute(
            "SELECT id FROM cycle_item WHERE activity = 2 ORDER BY id LIMIT 2"))
        spare = int(_one(db, "SELECT max(id) FROM cycle_item")[0]) + 100
        for source, target in ((first, spare), (second, first), (spare, second)):
            db.execute("UPDATE cycle_item SET id = :t WHERE id = :s", t=target, s=source)
    seq, said = _verify(trail)
    assert "cycle_item" in said and "another order" in said
    with database(trail) as db:
        assert seq == int(_one(db, "SELECT min(seq) FROM audit_event WHERE type = 'cycle.started'")[0])


def test_two_files_of_one_event_whose_ids_were_swapped_are_named(trail: Office) -> None:
    """One e-mail attached for every dependencia is one event with a row per dependencia; `cycle show`
    lists them by id, so a swap of two ids reorders them."""
    with database(trail) as db:
        seq = int(_one(db, "SELECT audit_seq FROM evidence GROUP BY audit_seq HAVING count(*) > 1")[0])
        first, second = (int(r[0]) for r in db.execute(
            "SELECT id FROM evidence WHERE audit_seq = :s ORDER BY id LIMIT 2", s=seq))
        spare = int(_one(db, "SELECT max(id) FROM evidence")[0]) + 100
        for source, target in ((first, spare), (second, first), (spare, second)):
            db.execute("UPDATE evidence SET id = :t WHERE id = :s", t=target, s=source)
    found, said = _verify(trail)
    assert found == seq and "evidence" in said and "another order" in said
