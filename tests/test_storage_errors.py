"""Driver errors become ours at the storage edge: a library caller (no CLI) gets a `WorkflowError`
with a sentence that says what happened, never a raw sqlalchemy, sqlite3 or psycopg error."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg.errors
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tests.conftest import CODE, ROOT, Office, PostgresServer
from workflow.errors import Conflict, Refused, WorkflowError
from workflow.service import auditing, signing_key
from workflow.service.facade import Workflow
from workflow.settings import Settings
from workflow.storage.errors import driver_errors, is_driver_error, translate

UNREACHABLE_PG = "postgresql+psycopg://nobody:s3cret@127.0.0.1:1/workflow?connect_timeout=5"


def _flow(home: Path, db_url: str | None = None, user: str = "admin") -> Workflow:
    settings = Settings.for_home(home, user=user, procedures_dir=ROOT / "procedures")
    return Workflow(settings if db_url is None else replace(settings, db_url=db_url))


def _assert_ours(error: BaseException) -> None:
    """Our class, and not a driver error in disguise; the driver's error stays as the cause."""
    assert isinstance(error, WorkflowError) and not is_driver_error(error)
    assert "Traceback" not in str(error) and "sqlalchemy" not in str(error).lower()


@pytest.fixture
def initialised(tmp_path: Path) -> Iterator[Office]:
    office = Office(tmp_path / "home")
    office.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana Rojas")
    yield office
    office.close()


def test_an_unreachable_postgresql_server_is_our_error_naming_it_without_the_password(tmp_path: Path) -> None:
    with _flow(tmp_path / "home", UNREACHABLE_PG) as flow, pytest.raises(WorkflowError) as raised:
        flow.cycles()
    _assert_ours(raised.value)
    message = str(raised.value)
    assert message.startswith("cannot open the database postgresql+psycopg://nobody:***@127.0.0.1:1/workflow")
    assert "s3cret" not in message and "Connection refused" in message
    assert isinstance(raised.value.__cause__, SQLAlchemyError)


def test_a_file_that_is_not_a_database_is_our_error_naming_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "workflow.db").write_bytes(b"not a database, just a file in the way" * 200)
    with _flow(home) as flow, pytest.raises(WorkflowError) as raised:
        flow.cycles()
    _assert_ours(raised.value)
    assert str(raised.value) == f"cannot open the database {home / 'workflow.db'}: file is not a database"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_sqlite_database_is_our_error(initialised: Office) -> None:
    database = initialised.home / "workflow.db"
    initialised.close()
    database.chmod(0)
    try:
        with _flow(initialised.home) as flow, pytest.raises(WorkflowError) as raised:
            flow.cycles()
    finally:
        database.chmod(0o600)
    _assert_ours(raised.value)
    assert str(raised.value).startswith(f"cannot open the database {database}: unable to open database file")


def test_a_locked_sqlite_database_is_a_conflict_and_nothing_is_saved(initialised: Office) -> None:
    flow = _flow(initialised.home, user="ana")

    @event.listens_for(flow.store.engine, "connect")
    def _impatient(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")  # after the store's 30 s: wait 50 ms, not 30 s

    other = sqlite3.connect(initialised.home / "workflow.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another command holds the write lock
        with pytest.raises(Conflict) as raised:
            flow.start_cycle(CODE, "bloqueado")
        other.execute("ROLLBACK")
        _assert_ours(raised.value)
        assert "busy" in str(raised.value) and "nothing was saved" in str(raised.value)
        assert flow.cycles() == []
    finally:
        other.close()
        flow.close()


@pytest.mark.parametrize(("url", "message"), [
    ("not a url: s3cret", "the database URL cannot be read: use sqlite:///PATH or "),
    ("postgresql+nosuchdriver://x:s3cret@localhost/db", "no driver is installed for 'postgresql+nosuchdriver'"),
    ("sqlite+pysqlcipher:///x.db", "no driver is installed for 'sqlite+pysqlcipher'"),
    ("mysql://x:s3cret@localhost/db", "unsupported database 'mysql'"),
])
def test_a_database_url_that_is_not_usable_is_refused(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(Refused) as raised:
        _flow(tmp_path / "home", url)
    _assert_ours(raised.value)
    assert str(raised.value).startswith(message) and "s3cret" not in str(raised.value)


def test_a_file_that_cannot_be_written_is_our_error_naming_it(initialised: Office, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way of a folder", encoding="utf-8")
    target = blocker / "checkpoint.txt"
    with pytest.raises(WorkflowError) as raised:
        auditing.take_checkpoint(initialised.as_user("admin"), target)
    _assert_ours(raised.value)
    assert str(raised.value).startswith(f"cannot write {target}: ")
    assert isinstance(raised.value.__cause__, OSError)


def test_a_home_or_key_folder_that_cannot_be_made_is_our_error_naming_it(initialised: Office,
                                                                         tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way of a folder", encoding="utf-8")
    with pytest.raises(WorkflowError) as raised:
        _flow(blocker / "home", db_url=f"sqlite:///{tmp_path / 'elsewhere.db'}").init()
    _assert_ours(raised.value)
    assert str(raised.value).startswith(f"cannot write {blocker / 'home'}: ")
    admin = initialised.as_user("admin")
    keyed = Workflow(replace(admin.settings, checkpoint_key=blocker / "keys" / "signing.pem"))
    try:
        with pytest.raises(WorkflowError) as raised:
            signing_key.generate(keyed)
        _assert_ours(raised.value)
        assert str(raised.value).startswith(f"cannot write {blocker / 'keys'}: ")
    finally:
        keyed.close()


@pytest.mark.postgresql
def test_a_missing_privilege_on_postgresql_is_refused_with_what_to_ask_for(tmp_path: Path,
                                                                            postgres: PostgresServer) -> None:
    postgres.reset()
    office = Office(tmp_path / "home", postgres)
    postgres.role("nobody")  # can connect, holds no privileges
    try:
        with _flow(tmp_path / "home", postgres.url("nobody")) as flow, pytest.raises(Refused) as raised:
            flow.cycles()
    finally:
        office.close()
    _assert_ours(raised.value)
    assert "a privilege is missing" in str(raised.value) and "db grant" in str(raised.value)


# -- the translation itself, one driver error at a time ----------------------------------------------
def _wrapped(original: Exception) -> OperationalError:
    return OperationalError("SELECT 1", {}, original)


@pytest.mark.parametrize(("error", "expected", "key"), [
    (psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"), Conflict, "storage.busy"),
    (psycopg.errors.DeadlockDetected("deadlock detected"), Conflict, "storage.busy"),
    (psycopg.errors.SerializationFailure("could not serialize access"), Conflict, "storage.busy"),
    (psycopg.errors.InsufficientPrivilege("permission denied for table cycle"), Refused, "storage.privilege"),
    (sqlite3.OperationalError("database is locked"), Conflict, "storage.busy"),
    (sqlite3.OperationalError("disk I/O error"), WorkflowError, "storage.database_error"),
    (psycopg.errors.UndefinedTable("relation \"cycle\" does not exist"), WorkflowError, "storage.database_error"),
])
@pytest.mark.parametrize("wrap", [False, True], ids=["raw", "wrapped"])
def test_driver_errors_translate_to_our_classes(error: Exception, expected: type[WorkflowError], key: str,
                                                wrap: bool) -> None:
    translated = translate(_wrapped(error) if wrap else error)
    assert type(translated) is expected and translated.message.key == key


def test_errors_while_connecting_name_the_database_and_others_pass_unchanged() -> None:
    translated = translate(_wrapped(sqlite3.OperationalError("unable to open database file")), opening="/x.db")
    assert str(translated) == "cannot open the database /x.db: unable to open database file"
    with pytest.raises(WorkflowError, match="database error: disk I/O error"), driver_errors():
        raise sqlite3.OperationalError("disk I/O error")
    with pytest.raises(ValueError, match="not ours to translate"), driver_errors():
        raise ValueError("not ours to translate")
