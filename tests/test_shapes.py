"""Procedures of other shapes through the library, on a clock the tests set.

- branch and loop (tests/fixtures/procedures/branching, EJ-GAC-P-101, PQRSD): exclusive branches chosen
  by a condition, a loop back from the legal review, `returns_to`, an optional activity, suspend/resume;
- multi-instance with terms (tests/fixtures/procedures/multi, EJ-GAC-P-102): activity 2 once per
  secretaría of data/secretarias.yaml, terms in business days on calendars/pruebas.yaml;
- versions of the shipped MM-GAC-P-006: a running cycle keeps its version; `migrate`; `procedure diff`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import CODE, ROOT, PostgresServer
from workflow.authoring.diff import diff_procedures, render_diff
from workflow.core import guards, rules
from workflow.core.calendar import BusinessCalendar
from workflow.errors import Refused
from workflow.service import access
from workflow.service.facade import EvidenceInput, Workflow
from workflow.service.views import CycleView
from workflow.settings import Settings

FIXTURES = ROOT / "tests" / "fixtures" / "procedures"
BRANCHING = FIXTURES / "branching"
MULTI = FIXTURES / "multi"
PQRSD = "EJ-GAC-P-101"
INFORME = "EJ-GAC-P-102"



class Clock:
    """A clock the test sets to a day; each reading moves one second, so every event has its own time."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Monday, 10:00 in Bogotá

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment

    def set(self, day: date, hour_utc: int = 15, minute: int = 0) -> None:
        self.moment = datetime(day.year, day.month, day.day, hour_utc, minute, tzinfo=UTC)


class Home:
    """A temporary WORKFLOW_HOME initialised from one procedures folder, with its staff; on PostgreSQL
    (the `backend` fixture) each person connects as their own role."""

    def __init__(self, tmp: Path, procedures: Path, staff: dict[str, tuple[str, str]],
                 server: PostgresServer | None = None) -> None:
        self.tmp = tmp
        self.server = server
        self.clock = Clock()
        self.settings = Settings.for_home(tmp / "home", user="admin", procedures_dir=procedures)
        self._flows: dict[str, Workflow] = {}
        self._granted = {"admin"}
        self["admin"].init(name="Administradora")
        for login, (area, role) in staff.items():
            self._grant(login, "staff")
            self["admin"].add_staff(login, area, role, login.title())

    def _grant(self, login: str, klass: str) -> None:
        if self.server is None or login in self._granted:
            return
        self.server.role(login)
        access.grant(self["admin"], login, klass)
        self._granted.add(login)

    def __getitem__(self, login: str) -> Workflow:
        if login not in self._flows:
            self._grant(login, "auditor")  # anyone who can connect may read; the app decides the rest
            settings = Settings.for_home(self.settings.home, user=login,
                                         procedures_dir=self.settings.procedures_dir)
            if self.server is not None:
                settings = replace(settings, db_url=self.server.url(login))
            self._flows[login] = Workflow(settings, clock=self.clock)
        return self._flows[login]

    def file(self, name: str, content: str | None = None) -> Path:
        path = self.tmp / name
        path.write_text(content if content is not None else f"contenido de {name}", encoding="utf-8")
        return path

    def evidence(self, *records: str, item: str | None = None) -> list[EvidenceInput]:
        return [EvidenceInput(self.file(f"{record}-{item or 'actividad'}.txt"), record, item) for record in records]

    def close(self) -> None:
        for flow in self._flows.values():
            flow.close()


# ---------------------------------------------------------------------------------------------------
# Branch and loop: EJ-GAC-P-101.

PQRSD_STAFF = {"aux": ("atencion_ciudadano", "auxiliar_administrativo"),
               "pro": ("atencion_ciudadano", "profesional_universitario"),
               "dep": ("dependencia_competente", "profesional_universitario"),
               "jur": ("oficina_juridica", "asesor_juridico")}
PQRSD_WHO = {1: "aux", 2: "pro", 3: "dep", 4: "jur", 5: "aux", 6: "aux"}
PQRSD_RECORDS = {1: ("radicado",), 2: (), 3: ("proyecto_respuesta",), 4: (), 5: ("respuesta",), 6: ("encuesta",)}


@pytest.fixture
def pqrsd(tmp_path: Path, backend: PostgresServer | None) -> Iterator[Home]:
    home = Home(tmp_path, BRANCHING, PQRSD_STAFF, backend)
    yield home
    home.close()


def _step(home: Home, cycle_id: str, number: int, *extra: EvidenceInput) -> CycleView:
    """Complete activity `number` as its person, with the records it requires (plus `extra`)."""
    given = [*home.evidence(*PQRSD_RECORDS[number]), *extra]
    return home[PQRSD_WHO[number]].complete(cycle_id, number, given)


def _pqrsd_at(home: Home, activity: int) -> str:
    """A new PQRSD cycle taken to `activity` along the default branches (1, 2, 3, 4, 5, 6)."""
    cycle = home["aux"].start_cycle(PQRSD, "Petición de prueba")
    for number in range(1, activity):
        assert _step(home, cycle.id, number).activity == number + 1
    return cycle.id


def test_branch_and_condition_registries_name_the_same_conditions() -> None:
    assert set(rules.BRANCH_CONDITIONS) == set(guards.CONDITIONS)


def test_the_fixture_declares_its_shape(pqrsd: Home) -> None:
    procedure, _row = pqrsd["admin"].procedure(PQRSD)
    assert [b.to for b in procedure.branches(2)] == [5, 3]
    assert [b.to for b in procedure.branches(4)] == [3, 5]
    assert procedure.return_targets(5) == (3,)
    assert procedure.return_targets(4) == (1, 2, 3)
    assert [a.number for a in procedure.activities if a.optional] == [6]


@pytest.mark.parametrize(("transfer", "lands_on"), [
    pytest.param(False, 3, id="competent-default-branch"),
    pytest.param(True, 5, id="transfer-branch"),
])
def test_classification_branches_by_the_transfer_record(pqrsd: Home, transfer: bool, lands_on: int) -> None:
    cycle_id = _pqrsd_at(pqrsd, 2)
    extra = pqrsd.evidence("traslado") if transfer else []
    moved = _step(pqrsd, cycle_id, 2, *extra)
    assert moved.activity == lands_on
    completed = [h for h in pqrsd["admin"].cycle(cycle_id).history if h.type == "activity.completed"]
    assert (completed[-1].from_state, completed[-1].to_state) == ("activity_2", f"activity_{lands_on}")


def test_legal_review_without_observations_goes_forward(pqrsd: Home) -> None:
    cycle_id = _pqrsd_at(pqrsd, 4)
    assert _step(pqrsd, cycle_id, 4).activity == 5


def test_legal_review_with_observations_loops_back_then_forward(pqrsd: Home) -> None:
    cycle_id = _pqrsd_at(pqrsd, 4)
    back = _step(pqrsd, cycle_id, 4, *pqrsd.evidence("observaciones"))
    assert back.activity == 3
    assert _step(pqrsd, cycle_id, 3).activity == 4  # the adjusted draft
    # The second review has no observations of its own: the first review's must not send it back again.
    assert _step(pqrsd, cycle_id, 4).activity == 5


@pytest.mark.parametrize(("at", "to", "allowed"), [
    (5, 3, True),    # returns_to: [3]
    (5, 4, False),   # earlier, but not listed
    (5, 2, False),
    (5, 1, False),
    (4, 1, True),    # no returns_to: any earlier activity
    (4, 3, True),
    (4, 4, False),   # not earlier
    (4, 5, False),
])
def test_returns_to_limits_where_a_cycle_may_go_back(pqrsd: Home, at: int, to: int, allowed: bool) -> None:
    cycle_id = _pqrsd_at(pqrsd, at)
    if allowed:
        moved = pqrsd[PQRSD_WHO[at]].return_cycle(cycle_id, to, "falta un soporte", at)
        assert (moved.state, moved.activity) == ("active", to)
        returned = pqrsd["admin"].cycle(cycle_id).history[-1]
        assert (returned.type, returned.reason) == ("cycle.returned", "falta un soporte")
        return
    with pytest.raises(Refused) as refused:
        pqrsd[PQRSD_WHO[at]].return_cycle(cycle_id, to, "falta un soporte", at)
    assert f"activity {to}" in str(refused.value)
    assert pqrsd["admin"].cycle(cycle_id).cycle.activity == at  # nothing moved


def test_skip_only_an_optional_activity_with_a_reason(pqrsd: Home) -> None:
    cycle_id = _pqrsd_at(pqrsd, 5)
    with pytest.raises(Refused, match="not optional"):
        pqrsd["aux"].skip(cycle_id, "el peticionario no contestó", 5)
    assert _step(pqrsd, cycle_id, 5).activity == 6
    assert pqrsd["admin"].cycle(cycle_id).requirement.optional  # type: ignore[union-attr]
    with pytest.raises(Refused, match="reason"):
        pqrsd["aux"].skip(cycle_id, "  ", 6)
    with pytest.raises(Refused):
        pqrsd["dep"].skip(cycle_id, "no es su actividad", 6)
    skipped = pqrsd["aux"].skip(cycle_id, "el peticionario no aceptó la encuesta", 6)
    assert (skipped.state, skipped.activity) == ("completed", None)
    last = pqrsd["admin"].cycle(cycle_id).history[-1]
    assert (last.type, last.actor, last.reason) == ("activity.skipped", "aux", "el peticionario no aceptó la encuesta")
    assert (last.from_state, last.to_state, last.activity) == ("activity_6", "completed", 6)
    assert not any(e.record == "encuesta" for e in pqrsd["admin"].cycle(cycle_id).evidence)


def test_suspended_cycle_refuses_steps_until_resumed(pqrsd: Home) -> None:
    cycle_id = _pqrsd_at(pqrsd, 3)
    with pytest.raises(Refused, match="reason"):
        pqrsd["dep"].suspend(cycle_id, "", 3)
    with pytest.raises(Refused, match="not suspended"):
        pqrsd["dep"].resume(cycle_id, "nada que reanudar", 3)
    held = pqrsd["dep"].suspend(cycle_id, "se pidió al peticionario completar la solicitud", 3)
    assert (held.state, held.activity) == ("suspended", 3)
    with pytest.raises(Refused, match="suspended"):
        _step(pqrsd, cycle_id, 3)
    with pytest.raises(Refused, match="suspended"):
        pqrsd["dep"].attach(cycle_id, pqrsd.evidence("proyecto_respuesta")[0])
    with pytest.raises(Refused, match="suspended"):
        pqrsd["dep"].return_cycle(cycle_id, 2, "no se puede", 3)
    assert pqrsd["admin"].cycles(state="suspended")[0].id == cycle_id
    assert pqrsd["admin"].cycle(cycle_id).evidence[-1].record == "radicado"  # nothing attached meanwhile
    resumed = pqrsd["admin"].resume(cycle_id, "el peticionario completó la solicitud", 3)  # an admin may
    assert (resumed.state, resumed.activity) == ("active", 3)
    assert _step(pqrsd, cycle_id, 3).activity == 4
    kinds = [h.type for h in pqrsd["admin"].cycle(cycle_id).history]
    assert kinds[-3:] == ["cycle.resumed", "evidence.attached", "activity.completed"]
    assert "cycle.suspended" in kinds


def test_a_suspended_cycle_can_be_cancelled(pqrsd: Home) -> None:
    cycle_id = _pqrsd_at(pqrsd, 4)
    pqrsd["jur"].suspend(cycle_id, "proceso judicial en curso", 4)
    cancelled = pqrsd["jur"].cancel(cycle_id, "el peticionario desistió", 4)
    assert (cancelled.state, cancelled.activity) == ("cancelled", None) and cancelled.ended_at
    last = pqrsd["admin"].cycle(cycle_id).history[-1]
    assert (last.type, last.from_state, last.to_state) == ("cycle.cancelled", "suspended_4", "cancelled")
    with pytest.raises(Refused):
        pqrsd["jur"].resume(cycle_id, "otra vez")


# ---------------------------------------------------------------------------------------------------
# Multi-instance with terms: EJ-GAC-P-102.

INFORME_STAFF = {"pro": ("atencion_ciudadano", "profesional_universitario"),
                 "jefe": ("control_interno", "jefe_oficina"),
                 "tic": ("oficina_tic", "profesional_universitario")}
INFORME_WHO = {1: "pro", 2: "pro", 3: "jefe", 4: "pro", 5: "tic"}
INFORME_RECORDS = {1: ("circular",), 3: ("requerimiento",), 4: ("informe_semestral",), 5: ("constancia_publicacion",)}
SECRETARIAS = {"secretaria-general": "Secretaría General", "secretaria-de-hacienda": "Secretaría de Hacienda",
               "secretaria-de-planeacion": "Secretaría de Planeación", "essmar": "ESSMAR", "dadsa": "DADSA"}
BOTH = ("reporte_pqrsd", "oficio_remisorio")


@pytest.fixture
def informe(tmp_path: Path, backend: PostgresServer | None) -> Iterator[Home]:
    home = Home(tmp_path, MULTI, INFORME_STAFF, backend)
    yield home
    home.close()


def _informe_at_2(home: Home) -> str:
    cycle = home["pro"].start_cycle(INFORME, "Informe primer semestre 2026")
    assert home["pro"].complete(cycle.id, 1, home.evidence("circular")).activity == 2
    return cycle.id


def _items(home: Home, cycle_id: str) -> dict[str, str]:
    requirement = home["admin"].cycle(cycle_id).requirement
    assert requirement is not None
    return {i.id: i.state for i in requirement.items}


def _report(home: Home, cycle_id: str, item: str, *records: str) -> None:
    for given in home.evidence(*(records or BOTH), item=item):
        home["pro"].attach(cycle_id, given)


def test_items_are_copied_when_the_cycle_starts(informe: Home) -> None:
    running = informe["pro"].start_cycle(INFORME, "en curso")
    new_list = informe.file("secretarias.yaml",
                            "id: secretarias\nitems:\n  - Secretaría General\n  - Secretaría de Salud\n")
    kind, name, _sha, changed = informe["admin"].publish_data(new_list, "list")
    assert (kind, name, changed) == ("item_list", "secretarias", True)
    informe["pro"].complete(running.id, 1, informe.evidence("circular"))
    assert list(_items(informe, running.id)) == list(SECRETARIAS)  # the list it started with
    fresh = _informe_at_2(informe)
    assert _items(informe, fresh) == {"secretaria-general": "pending", "secretaria-de-salud": "pending"}
    assert list(_items(informe, running.id)) == list(SECRETARIAS)
    groups = {i.id: i.group for i in informe["admin"].cycle(running.id).requirement.items}  # type: ignore[union-attr]
    assert groups["essmar"] == "entidades_descentralizadas" and groups["secretaria-general"] == "secretarias"


def test_complete_is_refused_naming_the_pending_items(informe: Home) -> None:
    cycle_id = _informe_at_2(informe)
    with pytest.raises(Refused) as refused:
        informe["pro"].complete(cycle_id, 2)
    assert "5 pending items" in str(refused.value)
    assert all(name in str(refused.value) for name in SECRETARIAS.values())
    for item in ("secretaria-general", "secretaria-de-hacienda", "secretaria-de-planeacion"):
        _report(informe, cycle_id, item)
    informe["pro"].waive(cycle_id, "essmar", "no recibió PQRSD en el semestre", 2)
    with pytest.raises(Refused) as refused:
        informe["pro"].complete(cycle_id, 2)
    assert "1 pending items" in str(refused.value) and "DADSA" in str(refused.value)
    assert "ESSMAR" not in str(refused.value) and "Hacienda" not in str(refused.value)


def test_an_item_is_done_only_when_every_record_is_attached_for_it(informe: Home) -> None:
    cycle_id = _informe_at_2(informe)
    _report(informe, cycle_id, "secretaria-de-hacienda", "reporte_pqrsd")
    assert _items(informe, cycle_id)["secretaria-de-hacienda"] == "pending"
    _report(informe, cycle_id, "secretaria-general", "oficio_remisorio")  # the other record, another item
    assert set(_items(informe, cycle_id).values()) == {"pending"}
    _report(informe, cycle_id, "secretaria-de-hacienda", "oficio_remisorio")
    states = _items(informe, cycle_id)
    assert states["secretaria-de-hacienda"] == "done"
    assert [s for i, s in states.items() if i != "secretaria-de-hacienda"] == ["pending"] * 4
    with pytest.raises(Refused, match="not an item"):
        _report(informe, cycle_id, "secretaria-de-salud", "reporte_pqrsd")
    with pytest.raises(Refused):
        _report(informe, cycle_id, "essmar", "circular")  # a record of activity 1
    with pytest.raises(Refused):
        informe["jefe"].attach(cycle_id, informe.evidence("reporte_pqrsd", item="essmar")[0])  # not their activity


def test_waive_needs_a_reason_and_a_pending_item(informe: Home) -> None:
    cycle_id = _informe_at_2(informe)
    _report(informe, cycle_id, "dadsa")
    with pytest.raises(Refused, match="reason"):
        informe["pro"].waive(cycle_id, "essmar", "   ", 2)
    with pytest.raises(Refused, match="not an item"):
        informe["pro"].waive(cycle_id, "secretaria-de-salud", "no existe", 2)
    with pytest.raises(Refused, match="already done"):
        informe["pro"].waive(cycle_id, "dadsa", "ya reportó", 2)
    with pytest.raises(Refused):
        informe["jefe"].waive(cycle_id, "essmar", "no es su actividad", 2)
    waived = informe["pro"].waive(cycle_id, "essmar", " no recibió PQRSD ", 2)
    assert (waived.id, waived.state, waived.reason) == ("essmar", "waived", "no recibió PQRSD")
    with pytest.raises(Refused, match="already waived"):
        informe["pro"].waive(cycle_id, "essmar", "otra vez", 2)
    event = informe["admin"].cycle(cycle_id).history[-1]
    assert (event.type, event.actor, event.reason, event.activity) == ("item.waived", "pro", "no recibió PQRSD", 2)
    assert _items(informe, cycle_id) == {"secretaria-general": "pending", "secretaria-de-hacienda": "pending",
                                         "secretaria-de-planeacion": "pending", "essmar": "waived", "dadsa": "done"}


def test_attach_to_all_pending_items_at_once(informe: Home) -> None:
    cycle_id = _informe_at_2(informe)
    informe["pro"].waive(cycle_id, "essmar", "no recibió PQRSD", 2)
    _report(informe, cycle_id, "dadsa")
    circular = EvidenceInput(informe.file("reportes.zip", "todos los reportes"), "reporte_pqrsd")
    views = informe["pro"].attach(cycle_id, circular, all_pending=True)
    assert {v.item for v in views} == {"secretaria-general", "secretaria-de-hacienda", "secretaria-de-planeacion"}
    assert len({v.sha256 for v in views}) == 1 and len({v.seq for v in views}) == 1  # one file, one event
    assert set(_items(informe, cycle_id).values()) == {"pending", "waived", "done"}
    oficio = EvidenceInput(informe.file("oficios.pdf", "oficios remisorios"), "oficio_remisorio")
    assert len(informe["pro"].attach(cycle_id, oficio, all_pending=True)) == 3
    assert set(_items(informe, cycle_id).values()) == {"done", "waived"}
    assert informe["pro"].complete(cycle_id, 2).activity == 3  # an item was waived: Control Interno is told


@pytest.mark.parametrize(("waived", "lands_on"), [((), 4), (("essmar",), 3), (("essmar", "dadsa"), 3)])
def test_branch_after_the_items_by_whether_some_were_waived(informe: Home, waived: tuple[str, ...],
                                                           lands_on: int) -> None:
    cycle_id = _informe_at_2(informe)
    for item in SECRETARIAS:
        if item in waived:
            informe["pro"].waive(cycle_id, item, "sin PQRSD en el semestre", 2)
        else:
            _report(informe, cycle_id, item)
    assert informe["pro"].complete(cycle_id, 2).activity == lands_on


def test_items_keep_their_state_across_a_return(informe: Home) -> None:
    cycle_id = _informe_at_2(informe)
    informe["pro"].waive(cycle_id, "essmar", "no recibió PQRSD", 2)
    _report(informe, cycle_id, "dadsa")
    _report(informe, cycle_id, "secretaria-general", "reporte_pqrsd")
    before = _items(informe, cycle_id)
    informe["pro"].return_cycle(cycle_id, 1, "la circular tenía la fecha equivocada", 2)
    informe["pro"].complete(cycle_id, 1, informe.evidence("circular"))
    assert _items(informe, cycle_id) == before
    _report(informe, cycle_id, "secretaria-general", "oficio_remisorio")
    for item in ("secretaria-de-hacienda", "secretaria-de-planeacion"):
        _report(informe, cycle_id, item)
    assert informe["pro"].complete(cycle_id, 2).activity == 3
    informe["jefe"].return_cycle(cycle_id, 2, "falta revisar el reporte de DADSA", 3)
    assert _items(informe, cycle_id) == {**before, "secretaria-general": "done", "secretaria-de-hacienda": "done",
                                         "secretaria-de-planeacion": "done"}


def test_evidence_given_to_complete_is_for_the_activity_as_a_whole(informe: Home) -> None:
    cycle_id = _informe_at_2(informe)
    for item in SECRETARIAS:
        if item != "dadsa":
            _report(informe, cycle_id, item)
    cover = informe.evidence("oficio_remisorio")
    with pytest.raises(Refused, match="DADSA"):  # it does not make the pending item done
        informe["pro"].complete(cycle_id, 2, cover)
    assert all(e.item is not None for e in informe["admin"].cycle(cycle_id).evidence if e.activity == 2)
    _report(informe, cycle_id, "dadsa")
    assert informe["pro"].complete(cycle_id, 2, cover).activity == 4
    whole = [e for e in informe["admin"].cycle(cycle_id).evidence if e.activity == 2 and e.item is None]
    assert [(e.record, e.name) for e in whole] == [("oficio_remisorio", "oficio_remisorio-actividad.txt")]




def test_a_loop_condition_looks_only_at_the_current_visit(tmp_path: Path) -> None:
    # EJ-GAC-P-102 with activity 2 looping back to 1 when a cover letter is given to the activity as a
    # whole (attachable there, since it is a record of the activity): the shape of PQRSD's loop 4 -> 3.
    folder = tmp_path / "procedures"
    shutil.copytree(MULTI, folder)
    text = (folder / f"{INFORME}.yaml").read_text(encoding="utf-8")
    looped = text.replace("      - {to: 3, when: some_items_waived}\n",
                          "      - {to: 1, when: record_attached, record: oficio_remisorio}\n")
    assert looped != text
    (folder / f"{INFORME}.yaml").write_text(looped, encoding="utf-8")
    home = Home(tmp_path, folder, INFORME_STAFF)
    try:
        cycle_id = _informe_at_2(home)
        for item in SECRETARIAS:
            home["pro"].waive(cycle_id, item, "sin PQRSD en el semestre", 2)
        assert home["pro"].complete(cycle_id, 2, home.evidence("oficio_remisorio")).activity == 1  # loop
        assert home["pro"].complete(cycle_id, 1, home.evidence("circular")).activity == 2
        assert home["pro"].complete(cycle_id, 2).activity == 4  # nothing attached this time: forward
    finally:
        home.close()


# -- terms ----------------------------------------------------------------------------------------------

# Activity 2 reached on Friday 2026-12-04 (Bogotá). Ten business days after it: Mon 7, [Tue 8 is the
# Inmaculada Concepción], Wed 9, Thu 10, [Fri 11 is the local día cívico of calendars/pruebas.yaml],
# Mon 14, Tue 15, Wed 16, Thu 17, Fri 18, Mon 21, Tue 22; weekends 5-6, 12-13 and 19-20 never count.
REACHED_2 = date(2026, 12, 4)
DUE_2 = date(2026, 12, 22)


def test_the_calendar_days_the_due_date_skips() -> None:
    national = BusinessCalendar()
    assert national.holiday_name(date(2026, 12, 8)) is not None
    assert national.add_business_days(REACHED_2, 10) == date(2026, 12, 21)  # without the local day
    assert not any(national.is_business_day(date(2026, 12, d)) for d in (5, 6, 8, 12, 13))


def test_due_date_counts_business_days_from_the_day_the_activity_was_reached(informe: Home) -> None:
    clock = informe.clock
    cycle = informe["pro"].start_cycle(INFORME)  # Monday 2026-11-30
    first = informe["admin"].cycle(cycle.id).cycle.deadline
    assert first is not None
    assert (first.since, first.term_business_days, first.due) == ("2026-11-30", 2, "2026-12-02")
    clock.set(date(2026, 12, 5), hour_utc=2, minute=30)  # 21:30 on Friday the 4th in Bogotá
    informe["pro"].complete(cycle.id, 1, informe.evidence("circular"))
    deadline = informe["admin"].cycle(cycle.id).cycle.deadline
    assert deadline is not None
    assert (deadline.since, deadline.term_business_days, deadline.due) == (REACHED_2.isoformat(), 10,
                                                                          DUE_2.isoformat())
    listed = {c.id: c.deadline for c in informe["admin"].cycles()}
    assert listed[cycle.id] == deadline
    assert informe["admin"].cycle(cycle.id).to_json()["deadline"]["due"] == DUE_2.isoformat()


def test_traffic_light_turns_amber_then_red_as_the_days_pass(informe: Home) -> None:
    clock = informe.clock
    clock.set(REACHED_2)
    cycle_id = _informe_at_2(informe)
    table = [  # today, business days left, light
        (date(2026, 12, 4), 10, "green"),
        (date(2026, 12, 11), 7, "green"),    # the local non-working day itself
        (date(2026, 12, 17), 3, "green"),
        (date(2026, 12, 18), 2, "amber"),    # at most 2 left (20% of 10)
        (date(2026, 12, 19), 2, "amber"),    # a Saturday counts nothing
        (date(2026, 12, 22), 0, "amber"),    # the due date: an answer today is on time
        (date(2026, 12, 23), -1, "red"),
        (date(2027, 1, 15), -15, "red"),     # Dec 23-24, 28-31, Jan 4-8, 12-15 (25th, 1st, 11th: holidays)
    ]
    for today, left, light in table:
        clock.set(today)
        deadline = informe["admin"].cycle(cycle_id).cycle.deadline
        assert deadline is not None
        assert (today, deadline.business_days_left, deadline.light) == (today, left, light)


def test_only_red_cycles_are_overdue(informe: Home) -> None:
    clock = informe.clock
    late = informe["pro"].start_cycle(INFORME, "se quedó en la circular")  # term of activity 1: due Dec 2
    held = informe["pro"].start_cycle(INFORME, "suspendido")
    informe["pro"].suspend(held.id, "a la espera del calendario de reportes", 1)
    clock.set(REACHED_2)
    fresh = _informe_at_2(informe)  # due Dec 22
    at_4 = _informe_at_2(informe)
    for item in SECRETARIAS:
        _report(informe, at_4, item)
    assert informe["pro"].complete(at_4, 2).activity == 4  # term 5: Dec 7, 9, 10, 14, 15 -> due Dec 15
    at_3 = _informe_at_2(informe)  # activity 3 has no term
    informe["pro"].waive(at_3, "essmar", "sin PQRSD", 2)
    for item in SECRETARIAS:
        if item != "essmar":
            _report(informe, at_3, item)
    assert informe["pro"].complete(at_3, 2).activity == 3
    lights = {c.id: (c.deadline.light if c.deadline else None) for c in informe["admin"].cycles()}
    assert lights == {late.id: "red", held.id: None, fresh: "green", at_4: "green", at_3: None}
    assert [c.id for c in informe["admin"].cycles(overdue=True)] == [late.id]
    clock.set(date(2026, 12, 15))
    assert [c.id for c in informe["admin"].cycles(overdue=True)] == [late.id]  # due today: amber, not late
    clock.set(date(2026, 12, 16))
    assert {c.id for c in informe["admin"].cycles(overdue=True)} == {late.id, at_4}
    assert [c.id for c in informe["admin"].cycles(state="suspended", overdue=True)] == []
    clock.set(date(2026, 12, 23))
    assert {c.id for c in informe["admin"].cycles(overdue=True)} == {late.id, at_4, fresh}


# ---------------------------------------------------------------------------------------------------
# Versions of MM-GAC-P-006.

SHIPPED_TEXT = (ROOT / "procedures" / "MM-GAC-P-006.yaml").read_text(encoding="utf-8")
OLD_NAME = "Levantar los trámites y servicios"
NEW_NAME = "Levantar el inventario de trámites y servicios"
V6_WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}
V6_RECORDS = {1: (), 2: (), 3: ("hoja_vida_tramites",), 4: ("informe",), 5: ("plataforma_digital",)}


def _version_3() -> str:
    assert SHIPPED_TEXT.count('\nversion: "2"\n') == 1 and SHIPPED_TEXT.count(f"name: {OLD_NAME}\n") == 1
    return SHIPPED_TEXT.replace('\nversion: "2"\n', '\nversion: "3"\n').replace(
        f"name: {OLD_NAME}\n", f"name: {NEW_NAME}\n")


def _version_4() -> str:
    """Version 3 without activity 5: four activities."""
    text = _version_3().replace('\nversion: "3"\n', '\nversion: "4"\n')
    start, end = text.index("  - number: 5\n"), text.index("related_documents:")
    return text[:start] + text[end:]


@pytest.fixture
def office6(tmp_path: Path, backend: PostgresServer | None) -> Iterator[Home]:
    home = Home(tmp_path, ROOT / "procedures", {
        "ana": ("atencion_ciudadano", "profesional_universitario"),
        "luis": ("oficina_sig", "profesional_universitario"),
        "marta": ("oficina_tic", "profesional_universitario")}, backend)
    yield home
    home.close()


def _publish(home: Home, name: str, text: str) -> None:
    assert home["admin"].publish(home.file(name, text)).changed


def _v6_at(home: Home, activity: int) -> str:
    cycle = home["ana"].start_cycle(CODE)
    for number in range(1, activity):
        if number == 2:
            home["luis"].attach(cycle.id, home.evidence("correo_electronico")[0], all_pending=True)
        home[V6_WHO[number]].complete(cycle.id, number, home.evidence(*V6_RECORDS[number]))
    return cycle.id


def test_a_running_cycle_keeps_its_version_and_a_new_one_starts_on_the_latest(office6: Home) -> None:
    running = _v6_at(office6, 2)
    _publish(office6, "v3.yaml", _version_3())
    office6["luis"].attach(running, office6.evidence("correo_electronico")[0], all_pending=True)
    moved = office6["luis"].complete(running, 2)
    assert (moved.version, moved.activity, moved.activity_name) == ("2", 3, OLD_NAME)
    fresh = office6["ana"].start_cycle(CODE)
    assert fresh.version == "3"
    assert office6["admin"].procedure_of(fresh).activity(3).name == NEW_NAME
    assert office6["admin"].procedure_of(moved).activity(3).name == OLD_NAME
    assert {c.id: c.version for c in office6["admin"].cycles()} == {running: "2", fresh.id: "3"}
    requirement = office6["admin"].cycle(running).requirement
    assert requirement is not None and requirement.name == OLD_NAME


def test_migrate_moves_a_cycle_to_another_version_deliberately(office6: Home) -> None:
    cycle_id = _v6_at(office6, 3)
    _publish(office6, "v3.yaml", _version_3())
    with pytest.raises(Refused, match="already on version 2"):
        office6["admin"].migrate(cycle_id, "2")
    with pytest.raises(Refused):
        office6["marta"].migrate(cycle_id, "3")  # not the current activity's staff nor an administrator
    migrated = office6["luis"].migrate(cycle_id, "3")
    assert (migrated.version, migrated.activity, migrated.activity_name) == ("3", 3, NEW_NAME)
    event = office6["admin"].cycle(cycle_id).history[-1]
    assert (event.type, event.from_state, event.to_state) == ("cycle.migrated", "activity_3", "activity_3")
    assert office6["luis"].complete(cycle_id, 3, office6.evidence("hoja_vida_tramites")).version == "3"


def test_migrate_needs_a_mapping_when_the_activity_has_no_counterpart(office6: Home) -> None:
    at_5 = _v6_at(office6, 5)
    at_3 = _v6_at(office6, 3)
    _publish(office6, "v3.yaml", _version_3())
    _publish(office6, "v4.yaml", _version_4())
    assert len(office6["admin"].procedure(CODE)[0].activities) == 4
    with pytest.raises(Refused, match="--map 5=N"):
        office6["marta"].migrate(at_5, "4")
    with pytest.raises(Refused, match="--map 5=N"):
        office6["marta"].migrate(at_5, "4", {3: 2})  # a mapping that does not say where 5 goes
    assert office6["admin"].cycle(at_5).cycle.version == "2"
    mapped = office6["marta"].migrate(at_5, "4", {5: 4})
    assert (mapped.version, mapped.activity) == ("4", 4)
    event = office6["admin"].cycle(at_5).history[-1]
    assert (event.from_state, event.to_state) == ("activity_5", "activity_4")
    done = office6["marta"].complete(at_5, 4, office6.evidence("informe"))
    assert (done.state, done.activity) == ("completed", None)  # activity 4 is the last one in version 4
    assert office6["luis"].migrate(at_3, "4").activity == 3  # same number: no mapping needed
    back = office6["admin"].migrate(at_3, "3", {3: 2})  # a mapping may also move it elsewhere
    assert (back.version, back.activity) == ("3", 2)


def test_procedure_diff_lists_the_rename(office6: Home) -> None:
    _publish(office6, "v3.yaml", _version_3())
    v2, v3 = office6["admin"].procedure(CODE, "2")[0], office6["admin"].procedure(CODE, "3")[0]
    changes = diff_procedures(v2, v3)
    renamed = [c for c in changes if c.subject == "activity"]
    assert [(c.kind, c.key) for c in renamed] == [("changed", "3")]
    assert OLD_NAME in renamed[0].render() and NEW_NAME in renamed[0].render()
    assert any(c.subject == "document" and c.key == "version" for c in changes)
    lines = render_diff(changes)
    assert len(lines) == len(changes) and any(NEW_NAME in line for line in lines)
    assert diff_procedures(v3, v3) == []
