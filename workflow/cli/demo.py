"""`workflow demo`: one whole cycle of the shipped procedure in a fresh, throw-away home.

It uses only the library's public use cases, exactly as staff would through the CLI, and returns what
happened so the CLI can show the timeline and where the data lives.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from workflow.cli import demo_catalog
from workflow.service.facade import EvidenceInput, Workflow
from workflow.service.views import CycleDetail, VerifyResult
from workflow.settings import Settings

DEMO_CODE = "MM-GAC-P-006"
PLATFORM = "plataforma_digital"
ADMIN = "admin.demo"
SAMPLE_PEOPLE = ("Ana Rojas", "Luis Pérez", "Marta Díaz", "Jorge Castro", "Paula Gómez", "Carlos Ruiz")


@dataclass(frozen=True)
class DemoResult:
    home: Path
    steps: tuple[str, ...]
    detail: CycleDetail
    verify: VerifyResult
    report: Path | None = None  # activity 5's record: the operating report of the virtual channel


def _login(person: str, area_id: str) -> str:
    return f"{person.split()[0].lower()}.{area_id}"


def _answer_items(flow: Workflow, cycle_id: str, number: int, records: tuple[str, ...], samples: Path,
                  steps: list[str]) -> None:
    """A multi-instance activity: one item waived with a reason, the first answered on its own, and a
    circular request for all the others, as staff would do it."""
    requirement = flow.cycle(cycle_id).requirement
    assert requirement is not None
    items = [i for i in requirement.items if i.state == "pending"]
    waived = items[-1]
    flow.waive(cycle_id, waived.id, "Demostración: dependencia sin trámites en este ciclo", number)
    steps.append(f"workflow cycle waive {cycle_id} --item {waived.id} --reason \"...\"")
    for record in records:
        single = samples / f"actividad-{number}-{record}-{items[0].id}.txt"
        single.write_text(f"Respuesta de {items[0].name}\n", encoding="utf-8")
        flow.attach(cycle_id, EvidenceInput(single, record, items[0].id), expected_activity=number)
        steps.append(f"workflow cycle attach {cycle_id} {single.name} --record {record} --item {items[0].id}")
        circular = samples / f"actividad-{number}-{record}-circular.txt"
        circular.write_text("Solicitud circular a todas las dependencias\n", encoding="utf-8")
        flow.attach(cycle_id, EvidenceInput(circular, record), expected_activity=number, all_pending=True)
        steps.append(f"workflow cycle attach {cycle_id} {circular.name} --record {record} --all-pending")


def run_demo(home: Path | None = None) -> DemoResult:
    home = home or Path(tempfile.mkdtemp(prefix="workflow-demo-"))
    settings = Settings.for_home(home, user=ADMIN)
    steps: list[str] = []

    def as_user(login: str) -> Workflow:
        return Workflow(replace(settings, user=login))

    with as_user(ADMIN) as admin:
        admin.init(name="Administrador de la demostración")
        steps.append(f"WORKFLOW_HOME={home} WORKFLOW_USER={ADMIN} workflow init")
        procedure, _row = admin.procedure(DEMO_CODE)
        staff_of_area: dict[str, str] = {}
        for activity in procedure.activities:
            for area_id in activity.areas:
                if area_id in staff_of_area:
                    continue
                person = SAMPLE_PEOPLE[len(staff_of_area) % len(SAMPLE_PEOPLE)]
                login = _login(person, area_id)
                admin.add_staff(login, area_id, activity.role, person)
                staff_of_area[area_id] = login
                steps.append(f"workflow staff add {login} --area {area_id} --role {activity.role} "
                             f"--name \"{person}\"")

    samples = home / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    first = procedure.first_activity
    with_catalogue = demo_catalog.available(DEMO_CODE)  # activities 1-4 from the catalogue
    with as_user(staff_of_area[first.areas[0]]) as starter:
        if with_catalogue:
            demo_catalog.import_catalogue(starter, steps)
        cycle = starter.start_cycle(DEMO_CODE, title=f"Revisión {datetime.now(UTC):%Y-%m}")
    steps.append(f"workflow cycle start {DEMO_CODE} --title \"{cycle.title}\"")

    report = None
    for activity in procedure.activities:
        login = staff_of_area[activity.areas[-1]]
        if with_catalogue and activity.number <= 4:
            with as_user(login) as actor:
                given = demo_catalog.activity(actor, cycle.id, activity.number, samples, steps)
                actor.complete(cycle.id, activity.number, given,
                               note=f"Demostración: actividad {activity.number} con el catálogo")
            steps.append(f"WORKFLOW_USER={login} workflow cycle complete {cycle.id} --activity {activity.number}"
                         + "".join(f" --evidence {g.path.name} --record {g.record}" for g in given))
            continue
        given = []
        if PLATFORM in activity.records:  # activity 5: the requests' platform produces its record
            from workflow.cli.demo_requests import platform

            with as_user(staff_of_area[activity.areas[0]]) as clerk, as_user(login) as reporter:
                report = platform(clerk, reporter, cycle.id, samples, steps)
        for record_id in (r for r in activity.records if not (r == PLATFORM and report is not None)):
            record = procedure.record(record_id)
            sample = samples / f"actividad-{activity.number}-{record_id}.txt"
            sample.write_text(f"{record.name} — {DEMO_CODE}, {cycle.id}, actividad {activity.number}\n"
                              f"{activity.description}\n", encoding="utf-8")
            given.append(EvidenceInput(sample, record_id))
        with as_user(login) as actor:
            if activity.for_each is not None:
                _answer_items(actor, cycle.id, activity.number, activity.records, samples, steps)
            actor.complete(cycle.id, activity.number, given,
                           note=f"Demostración: actividad {activity.number} realizada")
        evidence_args = "".join(f" --evidence {g.path.name} --record {g.record}" for g in given)
        steps.append(f"WORKFLOW_USER={login} workflow cycle complete {cycle.id} --activity {activity.number}"
                     f"{evidence_args}")

    with as_user(ADMIN) as auditor:
        detail = auditor.cycle(cycle.id)
        verify = auditor.verify()
    steps.append(f"workflow cycle show {cycle.id}")
    return DemoResult(home=home, steps=tuple(steps), detail=detail, verify=verify, report=report)
