"""Persistence: the database engine, one transaction per command, and the queries the service needs.

SQLite (embedded mode) runs in WAL mode with `synchronous=FULL`, so a command that printed success
survives a power cut, and every writing command takes the write lock up front (`BEGIN IMMEDIATE`):
the audit chain's next `seq` and the cycle's lock version are then read and written under one lock.
Queries are SQLAlchemy Core over the tables of `workflow.storage.schema` (the SQLModel tables' Core twin,
kept equal by a test): one command touches a handful of rows, and the ORM's identity map would only add
work to the hot path, as building the ORM classes would add to every process start. On SQLite the
transaction itself and the statements of a step run on the driver's connection, compiled once from that
Core form (`workflow.storage.driver_sql`); PostgreSQL runs everything through SQLAlchemy.

Driver errors stop here: creating the engine, connecting and every transaction turn them into
`WorkflowError`s (`workflow.storage.errors`), so no caller ever handles a `sqlalchemy.exc` error.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, func, insert, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from workflow.core import chain as audit

# The row types are the core's records, re-exported for the store's callers.
from workflow.core.records import CycleRow as CycleRow
from workflow.core.records import EventRow as EventRow
from workflow.core.records import EvidenceRow as EvidenceRow
from workflow.core.records import ItemRow as ItemRow
from workflow.core.records import ProcedureRow as ProcedureRow
from workflow.core.records import ReferenceRow as ReferenceRow
from workflow.core.records import StaffRow as StaffRow
from workflow.errors import Conflict, Refused
from workflow.storage.audit_reads import AuditReads
from workflow.storage.content_rows import ContentQueries
from workflow.storage.domain_rows import DomainQueries
from workflow.storage.driver_sql import Driver, compiled
from workflow.storage.errors import driver_errors
from workflow.storage.pg_names import PG_SCHEMA as PG_SCHEMA
from workflow.storage.pg_names import PG_WRITE_LOCK as PG_WRITE_LOCK
from workflow.storage.schema import (
    audit_table,
    cycle_table,
    evidence_table,
    item_table,
    procedure_table,
    reference_table,
    staff_table,
)

HEAD_REVISION = "0008"
WRITE_OPTION = "workflow_write"


def default_sqlite_url(home: Path) -> str:
    return f"sqlite:///{home / 'workflow.db'}"


def create_db_engine(url: str) -> Engine:
    """The engine for `url` (nothing is connected yet: a server that does not answer is found by the
    first transaction)."""
    try:
        parsed = make_url(url)
    except SQLAlchemyError as error:
        # Not repeated in the message: a URL may hold a password.
        raise Refused("storage.bad_url") from error
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise Refused("store.backend_unsupported", backend=parsed.get_backend_name())
    try:
        return _postgresql_engine(url) if parsed.get_backend_name() == "postgresql" else _sqlite_engine(url)
    except (SQLAlchemyError, ImportError) as error:  # postgresql+foo://, sqlite+pysqlcipher:// ...
        raise Refused("storage.no_driver", driver=parsed.drivername) from error


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # pysqlite's own transaction handling is off (isolation_level=None); we say when and how.
        # A store's own transactions begin on the driver (workflow.storage.driver_sql) before SQLAlchemy
        # hears of them; this begins those of anyone else using the engine.
        dbapi = connection.connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            write = connection.get_execution_options().get(WRITE_OPTION, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgresql_engine(url: str) -> Engine:
    # Every table lives in the schema `workflow`; a lock wait longer than the timeout is a conflict
    # (exit 3) rather than a hang.
    engine = create_engine(url, connect_args={"options": f"-c search_path={PG_SCHEMA} -c lock_timeout=15000"},
                           pool_pre_ping=False)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION, False):
            take_write_lock(connection)

    return engine


def take_write_lock(connection: Connection) -> None:
    """PostgreSQL: the application's write lock, held until the transaction ends."""
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _row(cls: type[Any], mapping: Mapping[Any, Any]) -> Any:
    return cls(**{name: mapping[name] for name in cls.__dataclass_fields__})


# Statements of the hot path, built once: SQLAlchemy then reuses their compiled form, and values travel
# as parameters instead of being baked into a new statement on every call.
def _fields(table: Any, cls: type[Any]) -> Any:
    """SELECT the columns of `cls`'s fields, in their order: a row then builds the record as `cls(*row)`."""
    return select(*(table.c[name] for name in cls.__dataclass_fields__))


_CYCLE = _fields(cycle_table, CycleRow).where(cycle_table.c.id == bindparam("id"))
_STAFF = _fields(staff_table, StaffRow).where(staff_table.c.login == bindparam("login"))
_HEAD = select(audit_table.c.seq, audit_table.c.hash).order_by(audit_table.c.seq.desc()).limit(1)
# Publication order is the order of the publishing events (audit_seq, which verify proves), never the
# surrogate id: ids are outside the chain, so swapping two of them by hand must not change which version
# is in force, nor the order in which versions and files are listed.
_LATEST_PROCEDURE = (_fields(procedure_table, ProcedureRow).where(procedure_table.c.code == bindparam("code"))
                     .order_by(procedure_table.c.audit_seq.desc()).limit(1))
_NEXT_NUMBER = select(func.max(cycle_table.c.number)).where(cycle_table.c.procedure_code == bindparam("code"))
_EVIDENCE_OF_ACTIVITY = (_fields(evidence_table, EvidenceRow).where(evidence_table.c.cycle_id == bindparam("cycle"),
                                                      evidence_table.c.activity == bindparam("activity"))
                         .order_by(evidence_table.c.audit_seq, evidence_table.c.id))
_ITEMS_OF_ACTIVITY = (_fields(item_table, ItemRow).where(item_table.c.cycle_id == bindparam("cycle"),
                                               item_table.c.activity == bindparam("activity"))
                      .order_by(item_table.c.activity, item_table.c.id))
_UPDATE_CYCLE = update(cycle_table).where(cycle_table.c.id == bindparam("where_id"),
                                          cycle_table.c.lock_version == bindparam("where_lock"))
_INSERT_AUDIT = insert(audit_table)
_INSERT_EVIDENCE = insert(evidence_table)
_INSERT_CYCLE = insert(cycle_table)


class Tx(AuditReads, DomainQueries, ContentQueries):
    """The queries of one command, all inside one database transaction."""

    def __init__(self, connection: Connection | None = None, driver: Driver | None = None) -> None:
        # SQLite: the transaction and the hot path's statements on the driver (workflow.storage.driver_sql),
        # SQLAlchemy's connection made when another statement needs it. PostgreSQL: SQLAlchemy's connection.
        self._connection = connection
        self._driver = driver
        self._head: tuple[int, str] | None = None  # valid for this transaction: writers hold the lock

    @property
    def connection(self) -> Connection:  # type: ignore[override]
        if self._connection is None:
            assert self._driver is not None
            self._connection = self._driver.connection()
        return self._connection

    def _rows(self, statement: Any, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """A prebuilt SELECT's rows as tuples (on SQLite straight from the driver)."""
        driver = self._driver
        if driver is None:
            return self.connection.execute(statement, params).all()
        return driver.execute(compiled(statement, driver.engine.dialect), params).fetchall()

    def _write(self, statement: Any, params: Mapping[str, Any]) -> int:
        """Run a prebuilt INSERT or UPDATE with these values (on SQLite on the driver); the rows it changed."""
        driver = self._driver
        if driver is not None:
            sql = compiled(statement, driver.engine.dialect, tuple(params))
            if sql.usable:
                return driver.execute(sql, params).rowcount
        return int(self.connection.execute(statement, params).rowcount)

    # procedures
    def procedure(self, code: str, version: str | None = None) -> ProcedureRow | None:
        if version is None:
            latest = self._rows(_LATEST_PROCEDURE, {"code": code})
            return ProcedureRow(*latest[0]) if latest else None
        query = (select(procedure_table).where(procedure_table.c.code == code, procedure_table.c.version == version)
                 .order_by(procedure_table.c.audit_seq.desc()).limit(1))
        found = self.connection.execute(query).mappings().first()
        return _row(ProcedureRow, found) if found else None

    def procedure_by_sha(self, sha256: str) -> ProcedureRow | None:
        query = select(procedure_table).where(procedure_table.c.sha256 == sha256).limit(1)
        found = self.connection.execute(query).mappings().first()
        return _row(ProcedureRow, found) if found else None

    def procedures(self) -> list[ProcedureRow]:
        """Every published version, by code and then in publication order (the last is in force)."""
        query = select(procedure_table).order_by(procedure_table.c.code, procedure_table.c.audit_seq)
        return [_row(ProcedureRow, m) for m in self.connection.execute(query).mappings()]

    def insert_procedure(self, row: ProcedureRow) -> None:
        self.connection.execute(insert(procedure_table).values(**row.__dict__))

    # staff
    def staff(self, login: str) -> StaffRow | None:
        found = self._rows(_STAFF, {"login": login})
        if not found:
            return None
        login, name, area, role, admin, created, updated = found[0]
        return StaffRow(login, name, area, role, bool(admin), created, updated)  # SQLite's boolean is 0 or 1

    def all_staff(self) -> list[StaffRow]:
        query = select(staff_table).order_by(staff_table.c.login)
        return [_row(StaffRow, m) for m in self.connection.execute(query).mappings()]

    def save_staff(self, row: StaffRow, exists: bool) -> None:
        if exists:
            self.connection.execute(update(staff_table).where(staff_table.c.login == row.login)
                                    .values(**row.__dict__))
        else:
            self.connection.execute(insert(staff_table).values(**row.__dict__))

    # cycles
    def cycle(self, cycle_id: str) -> CycleRow | None:
        found = self._rows(_CYCLE, {"id": cycle_id})
        return CycleRow(*found[0]) if found else None

    def cycles(self, state: str | None = None, newest: int | None = None) -> list[CycleRow]:
        """The cycles (in `state`) in the order they started; with `newest`, only the last that many."""
        query = select(cycle_table)
        if state is not None:
            query = query.where(cycle_table.c.state == state)
        if newest is None:
            query = query.order_by(cycle_table.c.started_at, cycle_table.c.id)
            return [_row(CycleRow, m) for m in self.connection.execute(query).mappings()]
        query = query.order_by(cycle_table.c.started_at.desc(), cycle_table.c.id.desc()).limit(newest)
        return [_row(CycleRow, m) for m in self.connection.execute(query).mappings()][::-1]

    def cycle_count(self, state: str | None = None) -> int:
        query = select(func.count()).select_from(cycle_table)
        if state is not None:
            query = query.where(cycle_table.c.state == state)
        return int(self.connection.execute(query).scalar_one())

    def next_cycle_number(self, code: str) -> int:
        return int(self._rows(_NEXT_NUMBER, {"code": code})[0][0] or 0) + 1

    def insert_cycle(self, row: CycleRow) -> None:
        self._write(_INSERT_CYCLE, row.__dict__)

    def update_cycle(self, cycle_id: str, lock_version: int, **values: Any) -> None:
        """Write the cycle only if nobody else did since it was read (optimistic locking)."""
        changed = self._write(_UPDATE_CYCLE, {"where_id": cycle_id, "where_lock": lock_version,
                                              "lock_version": lock_version + 1, **values})
        if changed != 1:
            raise Conflict("store.cycle_changed", cycle=cycle_id)

    # evidence
    def insert_evidence(self, row: EvidenceRow) -> None:
        self._write(_INSERT_EVIDENCE, row.__dict__)

    def evidence(self, cycle_id: str, activity: int | None = None) -> list[EvidenceRow]:
        if activity is not None:
            return [EvidenceRow(*row) for row in self._rows(_EVIDENCE_OF_ACTIVITY,
                                                            {"cycle": cycle_id, "activity": activity})]
        query = (select(evidence_table).where(evidence_table.c.cycle_id == cycle_id)
                 .order_by(evidence_table.c.audit_seq, evidence_table.c.id))
        return [_row(EvidenceRow, m) for m in self.connection.execute(query).mappings()]

    # audit
    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last event; read once per transaction, then kept up to date here."""
        if self._head is None:
            rows = self._rows(_HEAD, {})
            self._head = (int(rows[0][0]), str(rows[0][1])) if rows else (0, audit.GENESIS_HASH)
        return self._head

    def append_event(self, payload: dict[str, Any]) -> audit.ChainLink:
        """Append one event to the chain; must run inside a writing transaction (under the lock)."""
        seq, prev_hash = self.head()
        # The payload names its own seq, so a verifier can tell events moved around from events rewritten.
        link = audit.link(seq + 1, prev_hash, {**payload, "seq": seq + 1})
        actor = payload.get("actor") or {}
        self._write(_INSERT_AUDIT, {
            "seq": link.seq, "at": payload["at"], "type": payload["type"], "actor": actor.get("login", ""),
            "cycle_id": payload.get("cycle"), "payload": link.payload, "prev_hash": link.prev_hash,
            "hash": link.hash})
        self._head = (link.seq, link.hash)
        return link

    def events(self, cycle_id: str | None = None) -> list[EventRow]:
        query = select(audit_table).order_by(audit_table.c.seq)
        if cycle_id is not None:
            query = query.where(audit_table.c.cycle_id == cycle_id)
        return [_row(EventRow, m) for m in self.connection.execute(query).mappings()]

    def schema_revision(self) -> str | None:
        if self._driver is not None:
            # One statement on every command, on the driver (a few µs): a database without the table is not
            # initialised. Read every time rather than remembered, so an upgrade by another process is seen.
            try:
                found = self._driver.plain("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return None
                raise
            return str(found[0]) if found else None
        if not inspect(self.connection).has_table("alembic_version", schema=PG_SCHEMA):
            return None
        # Qualified, so that a role without privileges on the schema hears "permission denied" (which
        # says what to ask for) rather than "relation does not exist".
        return self.connection.exec_driver_sql(f"SELECT version_num FROM {PG_SCHEMA}.alembic_version").scalar()

    def require_schema(self) -> None:
        """Refuse to work on a database that is missing or at another revision: checked inside each
        command's own transaction (one statement or two), never in a transaction of its own."""
        revision = self.schema_revision()
        if revision is None:
            raise Refused("store.not_initialised")
        if revision != HEAD_REVISION:
            raise Refused("store.needs_upgrade", found=revision, expected=HEAD_REVISION)

    def session_user(self) -> str:
        return str(self.connection.exec_driver_sql("SELECT session_user").scalar())

    # reference data (item lists, calendars)
    def reference(self, kind: str, name: str) -> ReferenceRow | None:
        query = (select(reference_table).where(reference_table.c.kind == kind, reference_table.c.name == name)
                 .order_by(reference_table.c.audit_seq.desc()).limit(1))
        found = self.connection.execute(query).mappings().first()
        return _row(ReferenceRow, found) if found else None

    def references(self) -> list[ReferenceRow]:
        query = select(reference_table).order_by(reference_table.c.kind, reference_table.c.name,
                                                 reference_table.c.audit_seq)
        return [_row(ReferenceRow, m) for m in self.connection.execute(query).mappings()]

    def insert_reference(self, row: ReferenceRow) -> None:
        self.connection.execute(insert(reference_table).values(**row.__dict__))

    # items of multi-instance activities
    def insert_items(self, rows: list[ItemRow]) -> None:
        if rows:
            self.connection.execute(insert(item_table), [r.__dict__ for r in rows])

    def items(self, cycle_id: str, activity: int | None = None) -> list[ItemRow]:
        if activity is not None:
            return [ItemRow(*row) for row in self._rows(_ITEMS_OF_ACTIVITY, {"cycle": cycle_id, "activity": activity})]
        query = select(item_table).where(item_table.c.cycle_id == cycle_id)
        if activity is not None:
            query = query.where(item_table.c.activity == activity)
        query = query.order_by(item_table.c.activity, item_table.c.id)
        return [_row(ItemRow, m) for m in self.connection.execute(query).mappings()]

    def waive_item(self, cycle_id: str, activity: int, item_id: str, reason: str, by: str, at: str) -> None:
        self.connection.execute(
            update(item_table).where(item_table.c.cycle_id == cycle_id, item_table.c.activity == activity,
                                     item_table.c.item_id == item_id)
            .values(waived_reason=reason, waived_by=by, waived_at=at))

    def take_write_lock(self) -> None:
        """For a transaction opened without it (`Store.transaction(before_lock=...)`): take it now."""
        take_write_lock(self.connection)


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        self._file = database if database and database != ":memory:" else None  # the embedded file, if any

    def transaction(self, write: bool = True, before_lock: Callable[[Tx], None] | None = None,
                    *, schema: bool = False) -> AbstractContextManager[Tx]:
        """One command, one transaction: everything inside commits together or not at all. Driver
        errors, also those of statements run inside on `tx.connection`, leave it as ours.

        `before_lock` runs first in a writing transaction, before the write lock is taken (PostgreSQL):
        what it writes commits or rolls back with the rest, and other writers do not wait for it (big
        evidence streamed in chunks). SQLite has one lock for the whole file: it runs under it. With
        `schema`, the schema's revision is checked first of all (`Tx.require_schema`)."""
        if self.engine.dialect.name == "sqlite":
            return self._on_driver(write, before_lock, schema)
        return self._on_connection(write, before_lock, schema)

    @contextmanager
    def _on_driver(self, write: bool, before_lock: Callable[[Tx], None] | None, schema: bool) -> Iterator[Tx]:
        """SQLite: the transaction begun and ended on the driver (`workflow.storage.driver_sql.Driver`)."""
        with driver_errors(opening=self.database_name()):
            driver = Driver.begin(self.engine, write)
        with driver_errors():
            try:
                tx = Tx(driver=driver)
                if schema:
                    tx.require_schema()
                if write and before_lock is not None:
                    before_lock(tx)
                yield tx
            except BaseException:
                driver.end(commit=False)
                raise
            driver.end(commit=True)

    @contextmanager
    def _on_connection(self, write: bool, before_lock: Callable[[Tx], None] | None, schema: bool) -> Iterator[Tx]:
        """PostgreSQL: SQLAlchemy's connection and transaction (its `begin` listener takes the write lock)."""
        with driver_errors(), self._connect() as connection:
            # The schema's check and `before_lock` come before the write lock: other writers do not wait.
            deferred = write and (before_lock is not None or schema)
            if write:
                connection = connection.execution_options(**{WRITE_OPTION: not deferred})
            with connection.begin():
                tx = Tx(connection)
                if schema:
                    tx.require_schema()
                if write and before_lock is not None:
                    before_lock(tx)
                if deferred:
                    tx.take_write_lock()
                yield tx

    def read(self) -> AbstractContextManager[Tx]:
        return self.transaction(write=False)

    def _connect(self) -> Connection:
        # Apart from the statements: an error here means the database could not be opened at all,
        # and the message then says which one.
        with driver_errors(opening=self.database_name()):
            return self.engine.connect()

    def database_name(self) -> str:
        """The database as a person would name it: the SQLite file, or the server URL without password."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    def require_file(self) -> None:
        """Refuse an embedded database whose file is not there (and do not let SQLite create an empty
        one); the schema itself is checked inside each command's transaction (`Tx.require_schema`)."""
        if self._file is not None and not os.path.isfile(self._file):
            raise Refused("store.not_initialised")

    def checked(self, write: bool, before_lock: Callable[[Tx], None] | None = None) -> AbstractContextManager[Tx]:
        """A command's one transaction, on a database at the schema this code knows (checked first, before
        `before_lock` and the write lock)."""
        self.require_file()
        return self.transaction(write, before_lock, schema=True)

    def upgrade(self) -> None:
        from workflow.storage.migrations import upgrade_to_head

        with self.transaction(write=True) as tx:
            upgrade_to_head(tx.connection)
