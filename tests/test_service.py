"""The use cases against a real SQLite database: rules enforced, one transaction per command."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import CODE, ROOT, Office, cycle_at
from workflow.core import chain as audit
from workflow.errors import Conflict, NotFound, Refused
from workflow.service.facade import EvidenceInput, Workflow


def _snapshot(office: Office) -> dict[str, Any]:
    """Every row of every table and every stored file: what "nothing changed" means."""
    from workflow.storage.tables import SQLModel

    rows = {}
    with office.as_user("admin").store.read() as tx:
        for table in SQLModel.metadata.sorted_tables:
            rows[table.name] = [tuple(r) for r in tx.connection.execute(
                table.select().order_by(*table.primary_key.columns))]
    evidence = office.home / "evidence"
    files = sorted(str(p.relative_to(office.home)) for p in evidence.rglob("*") if p.is_file()) \
        if evidence.exists() else []
    return {"rows": rows, "files": files}


def _file(tmp_path: Path, name: str, content: str = "contenido") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _run_to(office: Office, tmp_path: Path, activity: int) -> str:
    """A new cycle moved to `activity` with the right people and records."""
    return cycle_at(office, tmp_path, activity)


def test_init_registers_the_admin_publishes_and_is_idempotent(any_office: Office) -> None:
    admin = any_office.as_user("admin")
    assert [p.code for p in admin.procedures()] == [CODE, "PQRSD-L1755"]  # the requests' model too
    again = admin.init()
    assert [p.changed for p in again.published] == [False, False]
    staff = {s.login: s for s in admin.staff()}
    assert staff["admin"].is_admin and not staff["ana"].is_admin


def test_init_by_someone_else_is_refused(any_office: Office) -> None:
    with pytest.raises(Refused) as refused:
        any_office.as_user("intruso").init()
    assert "admin" in str(refused.value)


def test_only_an_administrator_adds_staff_and_only_declared_areas(any_office: Office) -> None:
    with pytest.raises(Refused):
        any_office.as_user("ana").add_staff("pedro", "oficina_tic", "profesional_universitario")
    with pytest.raises(Refused) as refused:
        any_office.as_user("admin").add_staff("pedro", "oficina_tics", "profesional_universitario")
    assert "oficina_tic" in str(refused.value)


def test_a_whole_cycle_through_the_library(any_office: Office, tmp_path: Path) -> None:
    cycle_id = _run_to(any_office, tmp_path, 5)
    done = any_office.as_user("marta").complete(
        cycle_id, 5, [EvidenceInput(_file(tmp_path, "plataforma.csv", "registro"), "plataforma_digital")])
    assert (done.state, done.activity) == ("completed", None)
    detail = any_office.as_user("admin").cycle(cycle_id)
    kinds = [h.type for h in detail.history]
    assert kinds[0] == "cycle.started" and kinds.count("activity.completed") == 5
    assert {e.record for e in detail.evidence} == {"correo_electronico", "hoja_vida_tramites", "informe",
                                                   "plataforma_digital"}
    completed = [h for h in detail.history if h.type == "activity.completed"]
    assert [(h.from_state, h.to_state) for h in completed][-1] == ("activity_5", "completed")
    assert completed[1].actor == "luis" and completed[1].area == "oficina_sig"
    assert completed[1].evidence and completed[1].evidence[0]["record"] == "correo_electronico"
    assert any_office.as_user("admin").verify().ok


def test_audit_events_carry_who_when_what_and_evidence(any_office: Office, tmp_path: Path) -> None:
    cycle_id = _run_to(any_office, tmp_path, 3)
    with any_office.as_user("admin").store.read() as tx:
        events = [audit.decode(e.payload) for e in tx.events(cycle_id)]
    completed = [e for e in events if e["type"] == "activity.completed"][-1]
    assert completed["actor"] == {"login": "luis", "name": "Luis Pérez", "role": "profesional_universitario",
                                  "area": "oficina_sig", "admin": False}
    assert completed["at"].endswith("Z")
    assert completed["procedure"]["version"] == "2" and len(completed["procedure"]["sha256"]) == 64
    assert (completed["from_state"], completed["to_state"]) == ("activity_2", "activity_3")
    assert len(completed["evidence"][0]["sha256"]) == 64


@pytest.mark.parametrize("attempt", [
    "stranger_completes", "wrong_area_completes", "missing_record", "missing_file", "folder_as_file",
    "return_without_reason", "cancel_without_reason", "stale_activity", "unknown_cycle", "record_of_other_activity",
])
def test_a_refusal_leaves_the_database_and_the_store_unchanged(any_office: Office, tmp_path: Path,
                                                               attempt: str) -> None:
    cycle_id = _run_to(any_office, tmp_path, 3)
    any_office.as_user("nadie")  # on PostgreSQL, connecting needs a role: make it before the snapshot
    before = _snapshot(any_office)
    good = _file(tmp_path, "hoja.xlsx", "hoja de vida nueva")
    actions = {
        "stranger_completes": lambda: any_office.as_user("nadie").complete(
            cycle_id, None, [EvidenceInput(good, "hoja_vida_tramites")]),
        "wrong_area_completes": lambda: any_office.as_user("marta").complete(
            cycle_id, None, [EvidenceInput(good, "hoja_vida_tramites")]),
        "missing_record": lambda: any_office.as_user("luis").complete(cycle_id),
        "missing_file": lambda: any_office.as_user("luis").complete(
            cycle_id, 3, [EvidenceInput(tmp_path / "no-existe.pdf", "hoja_vida_tramites")]),
        "folder_as_file": lambda: any_office.as_user("luis").attach(
            cycle_id, EvidenceInput(tmp_path, "hoja_vida_tramites")),
        "return_without_reason": lambda: any_office.as_user("luis").return_cycle(cycle_id, 1, ""),
        "cancel_without_reason": lambda: any_office.as_user("admin").cancel(cycle_id, " "),
        "stale_activity": lambda: any_office.as_user("luis").complete(
            cycle_id, 2, [EvidenceInput(good, "hoja_vida_tramites")]),
        "unknown_cycle": lambda: any_office.as_user("luis").complete("MM-GAC-P-006-9999"),
        "record_of_other_activity": lambda: any_office.as_user("luis").complete(
            cycle_id, 3, [EvidenceInput(good, "hoja_vida_tramites"), EvidenceInput(good, "informe")]),
    }
    with pytest.raises((Refused, Conflict, NotFound)):
        actions[attempt]()
    assert _snapshot(any_office) == before


def test_a_failure_late_in_a_command_rolls_back_everything(any_office: Office, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cycle_id = _run_to(any_office, tmp_path, 3)
    before = _snapshot(any_office)["rows"]
    from workflow.storage import store

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("power cut between the evidence row and the state change")

    monkeypatch.setattr(store.Tx, "update_cycle", fail)
    with pytest.raises(RuntimeError):
        any_office.as_user("luis").complete(cycle_id, 3,
                                            [EvidenceInput(_file(tmp_path, "h.xlsx"), "hoja_vida_tramites")])
    assert _snapshot(any_office)["rows"] == before


def test_a_stale_lock_version_is_a_conflict(any_office: Office, tmp_path: Path) -> None:
    cycle_id = _run_to(any_office, tmp_path, 2)
    flow = any_office.as_user("admin")
    with flow.store.read() as tx:
        row = tx.cycle(cycle_id)
    assert row is not None
    # Someone else's step since the row was read (on PostgreSQL no row changes without its event).
    any_office.as_user("luis").attach(cycle_id, EvidenceInput(_file(tmp_path, "c.txt"), "correo_electronico"),
                                      all_pending=True)
    with pytest.raises(Conflict), flow.store.transaction() as tx:
        tx.update_cycle(cycle_id, row.lock_version, title="otra vez")


def test_return_and_cancel_are_audited_with_their_reason(any_office: Office, tmp_path: Path) -> None:
    cycle_id = _run_to(any_office, tmp_path, 4)
    back = any_office.as_user("marta").return_cycle(cycle_id, 2, "faltó la Secretaría de Salud")
    assert back.activity == 2
    # evidence stays attached: activity 2 can be completed again without a new file
    any_office.as_user("luis").complete(cycle_id, 2)
    cancelled = any_office.as_user("admin").cancel(cycle_id, "ciclo duplicado")
    assert (cancelled.state, cancelled.activity) == ("cancelled", None)
    history = any_office.as_user("admin").cycle(cycle_id).history
    assert [h.reason for h in history if h.type in ("cycle.returned", "cycle.cancelled")] == [
        "faltó la Secretaría de Salud", "ciclo duplicado"]


def test_sqlite_is_durable_wal_with_full_sync(office: Office) -> None:
    with office.as_user("admin").store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_migrations_create_exactly_the_models_schema(any_office: Office) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workflow.storage import store
    from workflow.storage.tables import SQLModel

    with any_office.as_user("admin").store.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diffs == []
    from workflow.storage.migrations import head_revision

    assert head_revision() == store.HEAD_REVISION


def test_starting_a_cycle_finds_the_next_number_in_the_index_without_reading_every_cycle(any_office: Office) -> None:
    from workflow.storage.store import _NEXT_NUMBER

    ana = any_office.as_user("ana")
    numbers = [ana.start_cycle(CODE).id for _ in range(3)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    with ana.store.engine.connect() as connection:
        query = str(_NEXT_NUMBER.compile(connection))
        if connection.dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {query}", ("MM-GAC-P-006",)))
            assert "COVERING INDEX ix_cycle_procedure_code_number" in plan, plan
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # a table of three rows is read whole
            plan = " ".join(row[0] for row in connection.exec_driver_sql(
                f"EXPLAIN {query}", {"code": "MM-GAC-P-006"}))
            assert "Index Only Scan" in plan and "ix_cycle_procedure_code_number" in plan, plan


def test_commands_before_init_say_to_run_init(tmp_path: Path) -> None:
    from workflow.settings import Settings

    with Workflow(Settings.for_home(tmp_path, user="ana")) as flow, pytest.raises(Refused) as refused:
        flow.cycles()
    assert "workflow init" in str(refused.value)


def test_shipped_procedures_folder_is_found(any_office: Office) -> None:
    from workflow.settings import shipped_procedures_dir

    assert (shipped_procedures_dir() / "MM-GAC-P-006.yaml").is_file()
    assert shipped_procedures_dir().resolve() == (ROOT / "procedures").resolve()


def test_a_new_workflow_reads_the_stored_definition_as_a_new_command_does(office: Office) -> None:
    """Parsed definitions are kept per Workflow, not per process: an in-process test reads a stored
    version from the database as the CLI, starting afresh, does (nothing parsed earlier hides it)."""
    first = office.as_user("admin")
    name = first.procedure(CODE)[0].activity(1).name
    with closing(sqlite3.connect(office.home / "workflow.db")) as db, db:
        db.execute("UPDATE procedure_version SET text = replace(text, ?, ?)", (name, "Revisión alterada"))
    fresh = Workflow(first.settings)
    try:
        assert fresh.procedure(CODE)[0].activity(1).name == "Revisión alterada"
        assert first.procedure(CODE)[0].activity(1).name == name  # one Workflow parses a version once
    finally:
        fresh.close()
