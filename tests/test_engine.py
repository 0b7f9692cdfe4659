"""The engine's pure decisions: who may do what, in which order the rules are checked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workflow.core import engine, states
from workflow.core.guards import GUARDS, Actor, StepContext
from workflow.core.loading import LoadedProcedure, load_procedure_text
from workflow.errors import Conflict, Refused

ANA = Actor(login="ana", name="Ana", area="atencion_ciudadano", role="profesional_universitario")
LUIS = Actor(login="luis", name="Luis", area="oficina_sig", role="profesional_universitario")
MARTA = Actor(login="marta", name="Marta", area="oficina_tic", role="profesional_universitario")
ADMIN = Actor(login="admin", name="Admin", is_admin=True)
STRANGER = Actor(login="nadie", registered=False)


def _decide(shipped: LoadedProcedure, state: str, event: str, actor: Actor, **context: object) -> engine.Decision:
    procedure = shipped.procedure
    ctx = StepContext(procedure=procedure, activity=engine.current_activity(procedure, state), actor=actor,
                      **context)  # type: ignore[arg-type]
    return engine.decide(procedure, shipped.sha256, state, event, ctx)


def test_each_activity_leads_to_the_next_and_the_last_ends_the_cycle(shipped: LoadedProcedure) -> None:
    state = "activity_1"
    visited = [state]
    actors = {1: ANA, 2: LUIS, 3: LUIS, 4: MARTA, 5: MARTA}
    while state != states.COMPLETED:
        number = int(state.removeprefix("activity_"))
        records = frozenset(shipped.procedure.activity(number).records)
        state = _decide(shipped, state, "complete", actors[number], records_attached=records).to_state
        visited.append(state)
    assert visited == ["activity_1", "activity_2", "activity_3", "activity_4", "activity_5", "completed"]


@pytest.mark.parametrize(("actor", "state", "message_part"), [
    (STRANGER, "activity_1", "not registered"),
    (LUIS, "activity_1", "may not act on activity 1"),  # right role, wrong area
    (MARTA, "activity_2", "may not act on activity 2"),
    (ADMIN, "activity_3", "may not act on activity 3"),  # administrators do not do the work
    (Actor(login="x", area="atencion_ciudadano", role="otro_cargo"), "activity_1", "Profesional Universitario"),
])
def test_people_without_the_activity_role_in_one_of_its_areas_are_refused(
        shipped: LoadedProcedure, actor: Actor, state: str, message_part: str) -> None:
    with pytest.raises(Refused) as refused:
        _decide(shipped, state, "complete", actor,
                records_attached=frozenset({"correo_electronico", "hoja_vida_tramites"}))
    assert message_part in str(refused.value)


def test_missing_record_is_refused_naming_the_record_and_the_option(shipped: LoadedProcedure) -> None:
    with pytest.raises(Refused) as refused:
        _decide(shipped, "activity_3", "complete", LUIS)
    text = str(refused.value)
    assert "ME-GAC-F-003" not in text or "hoja_vida_tramites" in text
    assert "--record hoja_vida_tramites" in text


def test_activity_one_needs_no_record(shipped: LoadedProcedure) -> None:
    assert _decide(shipped, "activity_1", "complete", ANA).to_state == "activity_2"


def test_stale_activity_is_a_conflict_but_identity_is_checked_first(shipped: LoadedProcedure) -> None:
    with pytest.raises(Conflict):
        _decide(shipped, "activity_2", "complete", LUIS, expected_activity=1)
    with pytest.raises(Refused):
        _decide(shipped, "activity_2", "complete", STRANGER, expected_activity=1)
    with pytest.raises(Refused):
        _decide(shipped, "activity_2", "complete", MARTA, expected_activity=1)


@pytest.mark.parametrize(("state", "expected", "error"), [
    ("completed", 5, Conflict),
    ("completed", None, Refused),
    ("cancelled", 2, Conflict),
    ("cancelled", None, Refused),
])
def test_ended_cycles_take_no_more_steps(shipped: LoadedProcedure, state: str, expected: int | None,
                                         error: type[Exception]) -> None:
    with pytest.raises(error):
        _decide(shipped, state, "complete", MARTA, expected_activity=expected)


def test_return_goes_back_only_with_a_reason(shipped: LoadedProcedure) -> None:
    decision = _decide(shipped, "activity_4", "return_to_2", MARTA, reason="faltan dependencias",
                       target_activity=2)
    assert decision.to_state == "activity_2"
    with pytest.raises(Refused) as refused:
        _decide(shipped, "activity_4", "return_to_2", MARTA, reason="  ", target_activity=2)
    assert "--reason" in str(refused.value)


@pytest.mark.parametrize("target", [4, 5, 0, 9])
def test_return_only_to_an_earlier_activity(shipped: LoadedProcedure, target: int) -> None:
    with pytest.raises(Refused) as refused:
        _decide(shipped, "activity_4", f"return_to_{target}", MARTA, reason="r", target_activity=target)
    assert "may only return to: 1, 2, 3" in str(refused.value)


def test_administrator_may_return_and_cancel_but_strangers_may_not(shipped: LoadedProcedure) -> None:
    assert _decide(shipped, "activity_3", "cancel", ADMIN, reason="duplicado").to_state == "cancelled"
    assert _decide(shipped, "activity_3", "return_to_1", ADMIN, reason="r", target_activity=1).to_state == \
        "activity_1"
    with pytest.raises(Refused):
        _decide(shipped, "activity_3", "cancel", STRANGER, reason="r")
    with pytest.raises(Refused):
        _decide(shipped, "activity_3", "cancel", LUIS)  # no reason


def test_machine_is_built_once_per_version_without_automatic_transitions(shipped: LoadedProcedure) -> None:
    machine = engine.machine_for(shipped.procedure, shipped.sha256)
    assert engine.machine_for(shipped.procedure, shipped.sha256) is machine
    triggers = set(machine.get_triggers("activity_3"))
    assert triggers == {"complete", "cancel", "return_to_1", "return_to_2", "suspend"}
    assert set(machine.get_triggers("suspended_3")) == {"resume", "cancel"}
    assert not any(name.startswith("to_") for name in machine.events)


def test_machine_conditions_are_registry_functions_never_strings(shipped: LoadedProcedure) -> None:
    machine = engine.machine_for(shipped.procedure, shipped.sha256)
    for event in machine.events.values():
        for transitions in event.transitions.values():
            for transition in transitions:
                for condition in transition.conditions:
                    assert callable(condition.func) and not isinstance(condition.func, str)
    assert all(callable(g) for g in GUARDS.values())


def test_start_needs_a_role_of_the_procedure(shipped: LoadedProcedure) -> None:
    procedure = shipped.procedure
    engine.check_start(procedure, StepContext(procedure=procedure, activity=None, actor=ANA))
    for actor in (ADMIN, STRANGER):
        with pytest.raises(Refused):
            engine.check_start(procedure, StepContext(procedure=procedure, activity=None, actor=actor))


def test_attach_only_records_of_the_current_activity(shipped: LoadedProcedure) -> None:
    procedure = shipped.procedure
    ctx = StepContext(procedure=procedure, activity=procedure.activity(3), actor=LUIS)
    engine.check_attach(procedure, "activity_3", "hoja_vida_tramites", ctx)
    with pytest.raises(Refused) as refused:
        engine.check_attach(procedure, "activity_3", "informe", ctx)
    assert "hoja_vida_tramites" in str(refused.value)


def test_a_machine_is_never_reused_for_another_definition_under_the_same_hash(shipped: LoadedProcedure) -> None:
    """What the text says decides, not what a hash once stood for: a stored text altered behind its
    SHA-256 gets a machine of its own (and `audit verify` is what tells that the text was altered)."""
    text = shipped.text.replace("  - number: 4\n", "  - number: 4\n    optional: true\n", 1)
    altered = load_procedure_text(text, "altered").procedure
    ctx = StepContext(procedure=shipped.procedure, activity=shipped.procedure.activity(4), actor=MARTA,
                      reason="no aplica")
    with pytest.raises(Refused):
        engine.decide(shipped.procedure, shipped.sha256, "activity_4", "skip", ctx)
    skipped = engine.decide(altered, shipped.sha256, "activity_4", "skip",
                            replace(ctx, procedure=altered, activity=altered.activity(4)))
    assert skipped.to_state == "activity_5"
