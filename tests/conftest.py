"""Shared fixtures: the shipped procedure, a library instance in a temporary home, a fixed clock."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workflow.core.loading import LoadedProcedure, load_procedure_file
from workflow.i18n import set_language
from workflow.service.facade import Workflow
from workflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "procedures" / "MM-GAC-P-006.yaml"
CODE = "MM-GAC-P-006"
PG_URL = os.environ.get("WORKFLOW_TEST_PG_URL", "").strip()
PG_SKIP = ("PostgreSQL tests need WORKFLOW_TEST_PG_URL (a superuser URL such as "
           "postgresql+psycopg://postgres@127.0.0.1:5432/test); .ci/run sets it when the server answers")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_sessionstart(session: pytest.Session) -> None:
    """The package's bytecode, once: every test that spawns `workflow` would otherwise compile the package
    from source again where PYTHONDONTWRITEBYTECODE is set (an installed package has its bytecode)."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "workflow"), quiet=1)


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


class PostgresServer:
    """A fresh database for this test session on the server of WORKFLOW_TEST_PG_URL, dropped at the end.
    Each member of staff connects as their own role, as in production; roles are server-wide."""

    def __init__(self, superuser_url: str) -> None:
        self.superuser_url = make_url(superuser_url)
        self.database = f"workflow_test_{uuid.uuid4().hex[:10]}"
        server = create_engine(self.superuser_url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.database}"'))
            self.ensure_role(connection, "admin", "LOGIN CREATEROLE")
            connection.execute(text(f'GRANT CREATE ON DATABASE "{self.database}" TO admin'))
        server.dispose()
        self.engine = create_engine(self.url(self.superuser_url.username or "postgres"),
                                    isolation_level="AUTOCOMMIT")
        self.template = f"{self.database}_staffed"
        self.has_template = False
        self.template_moment = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)

    @staticmethod
    def ensure_role(connection: object, name: str, options: str = "LOGIN") -> None:
        # Roles are server-wide and test sessions may run side by side: a duplicate is no error.
        connection.execute(text(  # type: ignore[attr-defined]
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN "
            f'CREATE ROLE "{name}" {options}; END IF; '
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$"))

    def url(self, login: str) -> str:
        return self.superuser_url.set(username=login, database=self.database).render_as_string(hide_password=False)

    def reset(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS workflow CASCADE"))

    def keep_as_template(self) -> None:
        """Copy this database, as it is now, to be restored by `restore_template` (test set-up once)."""
        self.engine.dispose()
        with self._server() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{self.template}" TEMPLATE "{self.database}"'))
        self.has_template = True

    def restore_template(self) -> None:
        """This database as `keep_as_template` left it: much quicker than init and staff again."""
        self.engine.dispose()
        with self._server() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{self.database}" TEMPLATE "{self.template}"'))
            # Privileges on a database live outside it: a copy does not carry them.
            connection.execute(text(f'GRANT CREATE ON DATABASE "{self.database}" TO admin'))

    @contextmanager
    def _server(self) -> Iterator[Any]:
        server = create_engine(self.superuser_url, isolation_level="AUTOCOMMIT")
        try:
            with server.connect() as connection:
                yield connection
        finally:
            server.dispose()

    def role(self, login: str) -> None:
        with self.engine.connect() as connection:
            self.ensure_role(connection, login)

    def close(self) -> None:
        self.engine.dispose()
        with self._server() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if not PG_URL:
        pytest.skip(PG_SKIP)
    server = PostgresServer(PG_URL)
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[PostgresServer | None]:
    """None for SQLite; the session's PostgreSQL server otherwise (reset for every test)."""
    if request.param == "sqlite":
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    server.reset()
    yield server


class Office:
    """A temporary WORKFLOW_HOME with the shipped procedure; on PostgreSQL one database role per person."""

    def __init__(self, home: Path, server: PostgresServer | None = None) -> None:
        self.home = home
        self.server = server
        self.clock = StepClock()
        self.settings = Settings.for_home(home, user="admin", procedures_dir=ROOT / "procedures")
        self._flows: dict[str, Workflow] = {}
        self._granted: set[str] = {"admin"}
        self.as_user("admin").init(name="Administradora")

    @property
    def backend(self) -> str:
        return "sqlite" if self.server is None else "postgresql"

    def db_url(self, login: str) -> str:
        return self.settings.db_url if self.server is None else self.server.url(login)

    def as_user(self, login: str) -> Workflow:
        if login not in self._flows:
            if self.server is not None and login not in self._granted:
                # Anyone who can connect at all may read (auditor); the app decides the rest.
                from workflow.service import access

                self.server.role(login)
                access.grant(self._flows["admin"], login, "auditor")
                self._granted.add(login)
            settings = replace(self.settings, user=login, db_url=self.db_url(login))
            self._flows[login] = Workflow(settings, clock=self.clock)
        return self._flows[login]

    def add_staff(self, login: str, area: str, role: str, name: str) -> None:
        admin = self.as_user("admin")
        if self.server is not None:
            from workflow.service import access

            self.server.role(login)
            access.grant(admin, login, "staff")
            self._granted.add(login)
        admin.add_staff(login, area, role, name)

    def close(self) -> None:
        for flow in self._flows.values():
            flow.close()


# Who completes each activity of MM-GAC-P-006 in the offices below, and the record each one needs.
WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta", 5: "marta"}
RECORDS = {2: "correo_electronico", 3: "hoja_vida_tramites", 4: "informe", 5: "plataforma_digital"}


def write_file(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def complete_step(office: Office, folder: Path, cycle_id: str, number: int, note: str | None = None) -> None:
    """Complete activity `number` as the right person with its record; activity 2 first gets one
    circular request for every pending dependencia."""
    from workflow.service.facade import EvidenceInput

    given = [EvidenceInput(write_file(folder, f"{cycle_id}-{number}.txt", f"{cycle_id} {number}"),
                           RECORDS[number])] if number in RECORDS else []
    if number == 2:
        office.as_user(WHO[number]).attach(cycle_id, given[0], all_pending=True)
    office.as_user(WHO[number]).complete(cycle_id, number, given, note=note)


def cycle_at(office: Office, folder: Path, activity: int, title: str | None = "prueba") -> str:
    """A new cycle of MM-GAC-P-006 moved to `activity` by the right people with their records."""
    cycle_id = office.as_user("ana").start_cycle(CODE, title).id
    for number in range(1, activity):
        complete_step(office, folder, cycle_id, number)
    return cycle_id


def _staffed_office(home: Path, server: PostgresServer | None) -> Office:
    if server is None:  # a copy of one office set up once per test process: the same files, a later clock
        template, moment = _sqlite_template()
        shutil.copytree(template, home, dirs_exist_ok=True)
        office = Office(home, None)
        office.clock.moment = moment
        return office
    if server.has_template:  # the staffed database of the first test, copied back (roles are server-wide)
        server.restore_template()
        office = Office(home, server)
        office._granted.update(STAFF)
        office.clock.moment = server.template_moment
        return office
    office = _set_up_staff(Office(home, server))
    office.close()
    server.keep_as_template()
    server.template_moment = office.clock.moment
    return office


STAFF = ("ana", "luis", "marta")


def _set_up_staff(office: Office) -> Office:
    office.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana Rojas")
    office.add_staff("luis", "oficina_sig", "profesional_universitario", "Luis Pérez")
    office.add_staff("marta", "oficina_tic", "profesional_universitario", "Marta Díaz")
    return office


_TEMPLATE: list[tuple[Path, datetime]] = []


def _sqlite_template() -> tuple[Path, datetime]:
    """The staffed SQLite office every test starts from, made once per process (0.35 s each time saved)."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="workflow-office-"))
        atexit.register(shutil.rmtree, folder, True)
        office = _set_up_staff(Office(folder / "home", None))
        office.close()
        _TEMPLATE.append((folder / "home", office.clock.moment))
    return _TEMPLATE[0]


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """SQLite only (tests of the embedded mode's files)."""
    office = _staffed_office(tmp_path / "home", None)
    yield office
    office.close()


@pytest.fixture
def any_office(tmp_path: Path, backend: PostgresServer | None) -> Iterator[Office]:
    """The same office on each backend: SQLite, and PostgreSQL when WORKFLOW_TEST_PG_URL is set."""
    office = _staffed_office(tmp_path / "home", backend)
    yield office
    office.close()
