"""Every step in the chain is asked of the engine again: a step the procedure did not allow is named by
`audit verify`, even when it is in the actor's own name and every row agrees with it.

The database guards (PostgreSQL) accept such a step: the event is in the name of the person connected and
the rows change with it. What writes it here is "a modified copy of the program": the real commands with
every guard of the engine switched off, so the events and rows are exactly what a command writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import Office, complete_step, cycle_at, write_file
from workflow.core import engine, guards
from workflow.errors import Refused
from workflow.service import auditing
from workflow.service.facade import EvidenceInput


@contextmanager
def lax_program(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The commands with no guard: whoever runs them may do anything the state machine has a way for."""
    with monkeypatch.context() as patched:
        patched.setattr(guards, "GUARDS", {name: (lambda _ctx: None) for name in guards.GUARDS})
        patched.setattr(engine, "_machines", {})
        yield
    engine._machines.clear()


def _refused_step(office: Office) -> tuple[int, str]:
    """(how many events before the one named, what verify said)"""
    result = auditing.verify(office.as_user("admin"))
    assert not result.ok and result.problem is not None and result.first_bad_seq is not None
    return result.events - result.first_bad_seq, result.problem.render()


def test_a_whole_office_day_conforms(any_office: Office, tmp_path: Path) -> None:
    """Everything the real commands do, returns and waivers included, is what the procedure allows."""
    cycle = cycle_at(any_office, tmp_path, 2)
    luis = any_office.as_user("luis")
    luis.waive(cycle, "essmar", "La ESSMAR respondió por teléfono", expected_activity=2)
    complete_step(any_office, tmp_path, cycle, 2)
    luis.return_cycle(cycle, 2, "Falta la respuesta de una dependencia", expected_activity=3)
    luis.complete(cycle, 2)  # its dependencias answered on the first visit
    for number in (3, 4, 5):
        complete_step(any_office, tmp_path, cycle, number)
    other = cycle_at(any_office, tmp_path, 3)
    any_office.as_user("admin").cancel(other, "Se abrió por error")
    assert auditing.verify(any_office.as_user("admin")).ok


def test_a_step_by_someone_without_the_activitys_role_is_named(any_office: Office, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = cycle_at(any_office, tmp_path, 2)
    complete_step(any_office, tmp_path, cycle, 2)  # activity 3 is luis's (oficina_sig)
    marta = any_office.as_user("marta")
    sheet = EvidenceInput(write_file(tmp_path, "hoja.txt", "hoja de vida"), "hoja_vida_tramites")
    with pytest.raises(Refused):
        marta.complete(cycle, 3, [sheet])
    with lax_program(monkeypatch):
        marta.complete(cycle, 3, [sheet])
    back, said = _refused_step(any_office)
    assert back == 1  # the file marta attached (the step after it is her completion): her first wrong step
    assert "marta" in said and "not allowed by the procedure" in said
    assert "Oficina" in said or "oficina" in said  # the engine's own reason: whose activity it is


def test_an_activity_completed_without_its_required_record_is_named(any_office: Office, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = cycle_at(any_office, tmp_path, 3)
    with lax_program(monkeypatch):
        any_office.as_user("luis").complete(cycle, 3)  # activity 3 requires the SUIT hoja de vida
    back, said = _refused_step(any_office)
    assert back == 0
    assert "luis" in said and "hoja_vida_tramites" in said


def test_activity_2_completed_with_dependencias_pending_is_named(any_office: Office, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = cycle_at(any_office, tmp_path, 2)
    with lax_program(monkeypatch):
        any_office.as_user("luis").complete(cycle, 2)
    back, said = _refused_step(any_office)
    assert back == 0
    assert "33" in said  # every dependencia still pending, as the engine counts them


def test_an_item_waived_by_someone_of_another_area_is_named(any_office: Office, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = cycle_at(any_office, tmp_path, 2)
    marta = any_office.as_user("marta")
    with pytest.raises(Refused):
        marta.waive(cycle, "essmar", "No aplica")
    with lax_program(monkeypatch):
        marta.waive(cycle, "essmar", "No aplica")
    back, said = _refused_step(any_office)
    assert back == 0 and "marta" in said and "item.waived" in said
