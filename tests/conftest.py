"""Shared fixtures: the shipped procedure, a library instance in a temporary home, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workflow.definition import LoadedProcedure, load_procedure_file
from workflow.i18n import set_language
from workflow.service import Workflow
from workflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "procedures" / "MM-GAC-P-006.yaml"
CODE = "MM-GAC-P-006"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def shipped() -> LoadedProcedure:
    return load_procedure_file(SHIPPED)


class StepClock:
    """A clock that moves one second per reading, so every event has its own time."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


class Office:
    """A temporary WORKFLOW_HOME with the shipped procedure and one member of staff per area."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.clock = StepClock()
        self.settings = Settings.for_home(home, user="admin", procedures_dir=ROOT / "procedures")
        self._flows: dict[str, Workflow] = {}
        self.as_user("admin").init(name="Administradora")

    def as_user(self, login: str) -> Workflow:
        if login not in self._flows:
            self._flows[login] = Workflow(replace(self.settings, user=login), clock=self.clock)
        return self._flows[login]

    def close(self) -> None:
        for flow in self._flows.values():
            flow.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    office = Office(tmp_path / "home")
    admin = office.as_user("admin")
    admin.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana Rojas")
    admin.add_staff("luis", "oficina_sig", "profesional_universitario", "Luis Pérez")
    admin.add_staff("marta", "oficina_tic", "profesional_universitario", "Marta Díaz")
    yield office
    office.close()
