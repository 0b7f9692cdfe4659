"""The engine's outcomes, without a database: the events each command records and the row changes.

Everything here is plain data in and out: the rows a command would load, `now`, the files' facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from workflow.core import engine, events, items, outcomes, states
from workflow.core.definition import Procedure
from workflow.core.evidence import StoredFile
from workflow.core.guards import Actor, Guard
from workflow.core.loading import LoadedProcedure, load_procedure_file
from workflow.core.outcomes import CycleFacts
from workflow.core.records import CycleRow, EvidenceRow, ItemRow, ProcedureRow
from workflow.errors import Conflict, Refused

ROOT = Path(__file__).resolve().parents[1]
BRANCHING = ROOT / "tests" / "fixtures" / "procedures" / "branching" / "EJ-GAC-P-101.yaml"

ANA = Actor(login="ana", name="Ana", area="atencion_ciudadano", role="profesional_universitario")
LUIS = Actor(login="luis", name="Luis", area="oficina_sig", role="profesional_universitario")
MARTA = Actor(login="marta", name="Marta", area="oficina_tic", role="profesional_universitario")
T0, T1, T2, T3 = ("2026-12-01T13:00:00.000000Z", "2026-12-02T13:00:00.000000Z", "2026-12-03T13:00:00.000000Z",
                  "2026-12-07T18:30:00.000000Z")
FILE = StoredFile(sha256="ab" * 32, size=12, display_name="informe.pdf", media_type="application/pdf")


def _published(loaded: LoadedProcedure) -> ProcedureRow:
    procedure = loaded.procedure
    return ProcedureRow(code=procedure.code, version=procedure.version, title=procedure.title,
                        sha256=loaded.sha256, text=loaded.text, published_at=T0, published_by="jefe", audit_seq=1)


def _cycle(loaded: LoadedProcedure, activity: int | None, state: str = states.ACTIVE, since: str = T0,
           updated: str = T0) -> CycleRow:
    return CycleRow(id=f"{loaded.procedure.code}-0001", procedure_code=loaded.procedure.code,
                    procedure_version=loaded.procedure.version, procedure_sha256=loaded.sha256, number=1,
                    title="prueba", state=state, activity=activity, lock_version=7, started_at=T0,
                    started_by="ana", updated_at=updated, ended_at=None, activity_since=since)


def _evidence(cycle: CycleRow, record: str, at: str = T1, item: str | None = None) -> EvidenceRow:
    assert cycle.activity is not None
    return EvidenceRow(cycle_id=cycle.id, activity=cycle.activity, record_id=record, item=item, sha256="cd" * 32,
                       size=3, display_name=f"{record}.eml", media_type="message/rfc822", note=None,
                       attached_by="luis", attached_at=at, audit_seq=5)


def _items(cycle: CycleRow, *ids: str, waived: tuple[str, ...] = ()) -> tuple[ItemRow, ...]:
    assert cycle.activity is not None
    return tuple(ItemRow(cycle_id=cycle.id, activity=cycle.activity, item_id=i, name=i.title(), group_name=None,
                         waived_reason="sin trámites" if i in waived else None, waived_by=None, waived_at=None)
                 for i in ids)


def _types(outcome: outcomes.Outcome) -> list[str]:
    return [planned.payload["type"] for planned in outcome.events]


# -- start ------------------------------------------------------------------------------------------

def test_a_new_cycle_starts_at_the_first_activity_and_copies_its_lists(shipped: LoadedProcedure) -> None:
    outcome = outcomes.start(shipped.procedure, _published(shipped), ANA, 12, "  Revisión  ", T0)
    assert outcome.created and outcome.cycle.id == "MM-GAC-P-006-0012"
    assert (outcome.cycle.state, outcome.cycle.activity, outcome.cycle.activity_since) == ("active", 1, T0)
    assert outcome.cycle.title == "Revisión"
    assert _types(outcome) == [events.CYCLE_STARTED]
    assert outcome.events[0].payload["to_state"] == "activity_1"
    assert outcome.copy_items == (outcomes.ItemCopy(2, "dependencias"),)


def test_only_staff_holding_one_of_the_roles_may_start(shipped: LoadedProcedure) -> None:
    with pytest.raises(Refused, match=r"Profesional Universitario"):
        outcomes.start(shipped.procedure, _published(shipped), Actor(login="x", role="otro"), 1, None, T0)


# -- complete ---------------------------------------------------------------------------------------

def test_completing_moves_to_the_next_activity_with_the_columns_that_change(shipped: LoadedProcedure) -> None:
    cycle = _cycle(shipped, 1)
    facts = CycleFacts(cycle, shipped.procedure, ANA)
    decision = outcomes.plan_complete(facts, [], None)
    outcome = outcomes.complete_outcome(facts, decision, [], "Página revisada", T1)
    assert dict(outcome.changes) == {"state": "active", "activity": 2, "updated_at": T1, "ended_at": None,
                                     "activity_since": T1}
    assert outcome.read_lock_version == 7 and outcome.cycle.lock_version == 8
    assert outcome.copy_items == (outcomes.ItemCopy(2, "dependencias"),)
    (completed,) = outcome.events
    assert completed.payload["type"] == events.ACTIVITY_COMPLETED
    assert (completed.payload["from_state"], completed.payload["to_state"]) == ("activity_1", "activity_2")
    assert completed.payload["note"] == "Página revisada" and completed.payload["actor"]["login"] == "ana"


def test_files_given_to_complete_are_recorded_before_the_completion_that_names_them(
        shipped: LoadedProcedure) -> None:
    cycle = _cycle(shipped, 4)
    facts = CycleFacts(cycle, shipped.procedure, MARTA)
    decision = outcomes.plan_complete(facts, ["informe"], None)
    outcome = outcomes.complete_outcome(facts, decision, [("informe", FILE)], None, T2)
    assert _types(outcome) == [events.EVIDENCE_ATTACHED, events.ACTIVITY_COMPLETED]
    (attached,) = outcome.events[0].evidence
    assert attached.row(cycle.id, 41).audit_seq == 41 and attached.row(cycle.id, 41).record_id == "informe"
    assert [e["sha256"] for e in outcome.events[1].payload["evidence"]] == [FILE.sha256]
    assert outcome.events[1].evidence == ()


def test_the_last_activity_ends_the_cycle(shipped: LoadedProcedure) -> None:
    cycle = _cycle(shipped, 5)
    facts = CycleFacts(cycle, shipped.procedure, MARTA, evidence=(_evidence(cycle, "plataforma_digital"),))
    outcome = outcomes.complete_outcome(facts, outcomes.plan_complete(facts, [], None), [], None, T2)
    assert dict(outcome.changes) == {"state": "completed", "activity": None, "updated_at": T2, "ended_at": T2,
                                     "activity_since": None}
    assert outcome.copy_items == ()


def test_a_missing_record_refuses_before_any_file_is_stored(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 3), shipped.procedure, LUIS)
    with pytest.raises(Refused, match="hoja_vida_tramites"):
        outcomes.plan_complete(facts, [], None)


def test_a_file_for_a_record_of_another_activity_is_refused(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 3), shipped.procedure, LUIS)
    with pytest.raises(Refused, match="informe"):
        outcomes.plan_complete(facts, ["hoja_vida_tramites", "informe"], None)


def test_a_stale_view_is_a_conflict(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 2), shipped.procedure, LUIS)
    with pytest.raises(Conflict):
        outcomes.plan_complete(facts, [], 1)


def test_pending_items_are_named_and_waived_or_done_ones_are_not(shipped: LoadedProcedure) -> None:
    cycle = _cycle(shipped, 2)
    listed = _items(cycle, "hacienda", "catastro", "essmar", waived=("essmar",))
    answered = _evidence(cycle, "correo_electronico", item="hacienda")
    facts = CycleFacts(cycle, shipped.procedure, LUIS, evidence=(answered,), items=listed)
    assert [(s.id, s.state) for s in facts.item_statuses()] == [
        ("hacienda", items.DONE), ("catastro", items.PENDING), ("essmar", items.WAIVED)]
    with pytest.raises(Refused) as refused:
        outcomes.plan_complete(facts, [], None)
    assert "Catastro" in str(refused.value) and "Hacienda" not in str(refused.value)


def test_each_guard_runs_once_when_a_step_is_decided(shipped: LoadedProcedure, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, int] = {}
    real: Callable[[str], Guard] = engine.guard

    def counting(name: str) -> Guard:
        check = real(name)

        def counted(ctx: object) -> object:
            calls[name] = calls.get(name, 0) + 1
            return check(ctx)  # type: ignore[arg-type]

        return counted  # type: ignore[return-value]

    monkeypatch.setattr(engine, "guard", counting)
    fresh = replace(shipped, sha256="f" * 64)  # a machine of its own, built with the counting guards
    cycle = replace(_cycle(fresh, 4), procedure_sha256=fresh.sha256)
    facts = CycleFacts(cycle, fresh.procedure, MARTA)
    outcomes.plan_complete(facts, ["informe"], None)
    assert calls and all(count == 1 for count in calls.values()), calls


# -- this visit, loops and branches -----------------------------------------------------------------

@pytest.fixture(scope="module")
def branching() -> LoadedProcedure:
    return load_procedure_file(BRANCHING)


def _actor_for(procedure: Procedure, number: int) -> Actor:
    activity = procedure.activity(number)
    return Actor(login="p", name="P", area=activity.areas[0], role=activity.role)


def test_a_branch_looks_at_what_this_visit_holds(branching: LoadedProcedure) -> None:
    procedure = branching.procedure
    # Activity 4 goes back to 3 when observations are attached; those of an earlier visit do not count.
    cycle = _cycle(branching, 4, since=T2)
    earlier = _evidence(cycle, "observaciones", at=T1)
    facts = CycleFacts(cycle, procedure, _actor_for(procedure, 4), evidence=(earlier,))
    assert outcomes.plan_complete(facts, [], None).to_activity == 5
    now = replace(earlier, attached_at=T3)
    facts = CycleFacts(cycle, procedure, _actor_for(procedure, 4), evidence=(now,))
    assert outcomes.plan_complete(facts, [], None).to_activity == 3
    assert items.records_this_visit([earlier, now], T2) == frozenset({"observaciones"})
    assert items.records_this_visit([earlier], T2, given=["x"]) == frozenset({"x"})


def test_a_return_goes_back_with_its_reason_and_restarts_the_activity(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 4), shipped.procedure, MARTA)
    outcome = outcomes.move(facts, "return_to_3", "  Falta Catastro ", None, T2, target=3)
    assert outcome.changes["activity"] == 3 and outcome.changes["activity_since"] == T2
    (returned,) = outcome.events
    assert returned.payload["type"] == events.CYCLE_RETURNED
    assert returned.payload["reason"] == "Falta Catastro" and returned.payload["data"] == {"to_activity": 3}


def test_a_return_needs_a_reason(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 4), shipped.procedure, MARTA)
    with pytest.raises(Refused):
        outcomes.move(facts, "return_to_3", "   ", None, T2, target=3)


def test_cancel_ends_the_cycle_and_keeps_no_current_activity(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 2), shipped.procedure, LUIS)
    outcome = outcomes.move(facts, "cancel", "Duplicado", None, T2)
    assert _types(outcome) == [events.CYCLE_CANCELLED]
    assert (outcome.changes["state"], outcome.changes["activity"], outcome.changes["ended_at"]) == (
        "cancelled", None, T2)


# -- suspend and resume: terms do not run while suspended -------------------------------------------

def test_resuming_moves_the_activity_start_by_the_time_it_was_suspended(shipped: LoadedProcedure) -> None:
    suspended = _cycle(shipped, 3, state=states.SUSPENDED, since=T0, updated=T1)  # suspended at T1
    facts = CycleFacts(suspended, shipped.procedure, LUIS)
    outcome = outcomes.move(facts, "resume", "Llegó la información", None, T2)
    # One day paused (T1 -> T2): the activity now counts as reached one day after T0.
    assert outcome.changes["activity_since"] == T1
    assert outcome.changes["state"] == "active" and outcome.changes["activity"] == 3
    assert _types(outcome) == [events.CYCLE_RESUMED]


def test_suspending_keeps_the_activity_start(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 3), shipped.procedure, LUIS)
    outcome = outcomes.move(facts, "suspend", "Esperando a Catastro", None, T2)
    assert outcome.changes["state"] == "suspended" and "activity_since" not in outcome.changes


# -- attach and waive -------------------------------------------------------------------------------

def test_one_circular_email_for_every_pending_item(shipped: LoadedProcedure) -> None:
    cycle = _cycle(shipped, 2)
    facts = CycleFacts(cycle, shipped.procedure, LUIS, items=_items(cycle, "a", "b", "c", waived=("b",)))
    targets = outcomes.plan_attach(facts, "correo_electronico", None, True, None)
    assert targets == ("a", "c")
    outcome = outcomes.attach_outcome(facts, "correo_electronico", targets, FILE, "circular", T1)
    (attached,) = outcome.events
    assert [e.item for e in attached.evidence] == ["a", "c"]
    assert [e["item"] for e in attached.payload["evidence"]] == ["a", "c"]
    assert dict(outcome.changes) == {"updated_at": T1} and outcome.cycle.lock_version == 8


def test_waiving_records_the_reason_and_only_pending_items_may_be_waived(shipped: LoadedProcedure) -> None:
    cycle = _cycle(shipped, 2)
    facts = CycleFacts(cycle, shipped.procedure, LUIS, items=_items(cycle, "a", "b", waived=("b",)))
    outcome = outcomes.waive(facts, "a", " sin trámites ", None, T1)
    assert outcome.waiver == outcomes.ItemWaiver(
        activity=2, item="a", reason="sin trámites", by="luis", at=T1,
        status=items.ItemStatus(id="a", name="A", group=None, state=items.WAIVED, reason="sin trámites"))
    assert outcome.events[0].payload["data"] == {"item": "a", "item_name": "A"}
    with pytest.raises(Refused):
        outcomes.waive(facts, "b", "otra vez", None, T1)


# -- migrate ----------------------------------------------------------------------------------------

def test_migrating_maps_the_current_activity_to_the_new_version(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 3), shipped.procedure, LUIS)
    target_row = replace(_published(shipped), version="3", sha256="e" * 64)
    outcome = outcomes.migrate(facts, lambda: (shipped.procedure, target_row), {3: 2}, T2)
    assert outcome.changes == {"procedure_version": "3", "procedure_sha256": "e" * 64, "activity": 2,
                               "updated_at": T2, "activity_since": T2}
    assert outcome.copy_items == (outcomes.ItemCopy(2, "dependencias"),)
    assert outcome.events[0].payload["data"]["mapping"] == {"3": 2}
    with pytest.raises(Refused):
        outcomes.migrate(facts, lambda: (shipped.procedure, target_row), {3: 9}, T2)
    with pytest.raises(Refused):
        outcomes.migrate(facts, lambda: (shipped.procedure, _published(shipped)), None, T2)


def test_who_may_migrate_is_answered_before_the_version_is_looked_up(shipped: LoadedProcedure) -> None:
    facts = CycleFacts(_cycle(shipped, 3), shipped.procedure, Actor(login="nadie", registered=False))
    looked_up: list[bool] = []

    def target_version() -> tuple[Procedure, ProcedureRow]:
        looked_up.append(True)
        raise AssertionError("the version was looked up for someone who may not migrate")

    with pytest.raises(Refused, match="not registered"):
        outcomes.migrate(facts, target_version, None, T2)
    assert looked_up == []
