"""Persistence: the database engine, one transaction per command, and the queries the service needs.

SQLite (embedded mode) runs in WAL mode with `synchronous=FULL`, so a command that printed success
survives a power cut, and every writing command takes the write lock up front (`BEGIN IMMEDIATE`):
the audit chain's next `seq` and the cycle's lock version are then read and written under one lock.
Queries are SQLAlchemy Core over the SQLModel tables: one command touches a handful of rows, and the
ORM's identity map would only add work to the hot path.

Driver errors stop here: creating the engine, connecting and every transaction turn them into
`WorkflowError`s (`workflow.storage.errors`), so no caller ever handles a `sqlalchemy.exc` error.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from workflow.core.reconcile import StoredTables
from workflow.storage.errors import driver_errors
from workflow.storage.pg_names import PG_SCHEMA as PG_SCHEMA
from workflow.storage.pg_names import PG_WRITE_LOCK as PG_WRITE_LOCK
from workflow.storage.tables import (
    AuditEvent,
    CaseField,
    CitizenRequest,
    Cycle,
    CycleItem,
    Evidence,
    EvidenceBlob,
    ProcedureVersion,
    ReferenceData,
    Staff,
)

HEAD_REVISION = "0005"
WRITE_OPTION = "workflow_write"

procedure_table = ProcedureVersion.__table__  # type: ignore[attr-defined]
staff_table = Staff.__table__  # type: ignore[attr-defined]
cycle_table = Cycle.__table__  # type: ignore[attr-defined]
evidence_table = Evidence.__table__  # type: ignore[attr-defined]
audit_table = AuditEvent.__table__  # type: ignore[attr-defined]
blob_table = EvidenceBlob.__table__  # type: ignore[attr-defined]
reference_table = ReferenceData.__table__  # type: ignore[attr-defined]
item_table = CycleItem.__table__  # type: ignore[attr-defined]
case_field_table = CaseField.__table__  # type: ignore[attr-defined]
request_table = CitizenRequest.__table__  # type: ignore[attr-defined]


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
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

    return engine


def _row(cls: type[Any], mapping: Mapping[Any, Any]) -> Any:
    return cls(**{name: mapping[name] for name in cls.__dataclass_fields__})


# Statements of the hot path, built once: SQLAlchemy then reuses their compiled form, and values travel
# as parameters instead of being baked into a new statement on every call.
_CYCLE = select(cycle_table).where(cycle_table.c.id == bindparam("id"))
_STAFF = select(staff_table).where(staff_table.c.login == bindparam("login"))
_HEAD = select(audit_table.c.seq, audit_table.c.hash).order_by(audit_table.c.seq.desc()).limit(1)
_LATEST_PROCEDURE = (select(procedure_table).where(procedure_table.c.code == bindparam("code"))
                     .order_by(procedure_table.c.id.desc()).limit(1))
_NEXT_NUMBER = select(func.max(cycle_table.c.number)).where(cycle_table.c.procedure_code == bindparam("code"))
_EVIDENCE_OF_ACTIVITY = (select(evidence_table).where(evidence_table.c.cycle_id == bindparam("cycle"),
                                                      evidence_table.c.activity == bindparam("activity"))
                         .order_by(evidence_table.c.id))
_UPDATE_CYCLE = update(cycle_table).where(cycle_table.c.id == bindparam("where_id"),
                                          cycle_table.c.lock_version == bindparam("where_lock"))
_INSERT_AUDIT = insert(audit_table)
_INSERT_EVIDENCE = insert(evidence_table)
_INSERT_CYCLE = insert(cycle_table)


class Tx:
    """The queries of one command, all inside one database transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._head: tuple[int, str] | None = None  # valid for this transaction: writers hold the lock

    # procedures
    def procedure(self, code: str, version: str | None = None) -> ProcedureRow | None:
        if version is None:
            latest = self.connection.execute(_LATEST_PROCEDURE, {"code": code}).mappings().first()
            return _row(ProcedureRow, latest) if latest else None
        query = (select(procedure_table).where(procedure_table.c.code == code, procedure_table.c.version == version)
                 .order_by(procedure_table.c.id.desc()).limit(1))
        found = self.connection.execute(query).mappings().first()
        return _row(ProcedureRow, found) if found else None

    def procedure_by_sha(self, sha256: str) -> ProcedureRow | None:
        query = select(procedure_table).where(procedure_table.c.sha256 == sha256).limit(1)
        found = self.connection.execute(query).mappings().first()
        return _row(ProcedureRow, found) if found else None

    def procedures(self) -> list[ProcedureRow]:
        """Every published version, by code and then in publication order (the last is in force)."""
        query = select(procedure_table).order_by(procedure_table.c.code, procedure_table.c.id)
        return [_row(ProcedureRow, m) for m in self.connection.execute(query).mappings()]

    def insert_procedure(self, row: ProcedureRow) -> None:
        self.connection.execute(insert(procedure_table).values(**row.__dict__))

    # staff
    def staff(self, login: str) -> StaffRow | None:
        found = self.connection.execute(_STAFF, {"login": login}).mappings().first()
        return _row(StaffRow, found) if found else None

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
        found = self.connection.execute(_CYCLE, {"id": cycle_id}).mappings().first()
        return _row(CycleRow, found) if found else None

    def cycles(self, state: str | None = None) -> list[CycleRow]:
        query = select(cycle_table).order_by(cycle_table.c.started_at, cycle_table.c.id)
        if state is not None:
            query = query.where(cycle_table.c.state == state)
        return [_row(CycleRow, m) for m in self.connection.execute(query).mappings()]

    def next_cycle_number(self, code: str) -> int:
        return int(self.connection.execute(_NEXT_NUMBER, {"code": code}).scalar() or 0) + 1

    def insert_cycle(self, row: CycleRow) -> None:
        self.connection.execute(_INSERT_CYCLE, row.__dict__)

    def update_cycle(self, cycle_id: str, lock_version: int, **values: Any) -> None:
        """Write the cycle only if nobody else did since it was read (optimistic locking)."""
        result = self.connection.execute(
            _UPDATE_CYCLE, {"where_id": cycle_id, "where_lock": lock_version, "lock_version": lock_version + 1,
                            **values})
        if result.rowcount != 1:
            raise Conflict("store.cycle_changed", cycle=cycle_id)

    # evidence
    def insert_evidence(self, row: EvidenceRow) -> None:
        self.connection.execute(_INSERT_EVIDENCE, row.__dict__)

    def evidence(self, cycle_id: str, activity: int | None = None) -> list[EvidenceRow]:
        if activity is not None:
            rows = self.connection.execute(_EVIDENCE_OF_ACTIVITY, {"cycle": cycle_id, "activity": activity})
            return [_row(EvidenceRow, m) for m in rows.mappings()]
        query = select(evidence_table).where(evidence_table.c.cycle_id == cycle_id).order_by(evidence_table.c.id)
        return [_row(EvidenceRow, m) for m in self.connection.execute(query).mappings()]

    # audit
    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last event; read once per transaction, then kept up to date here."""
        if self._head is None:
            found = self.connection.execute(_HEAD).first()
            self._head = (int(found[0]), str(found[1])) if found else (0, audit.GENESIS_HASH)
        return self._head

    def append_event(self, payload: dict[str, Any]) -> audit.ChainLink:
        """Append one event to the chain; must run inside a writing transaction (under the lock)."""
        seq, prev_hash = self.head()
        # The payload names its own seq, so a verifier can tell events moved around from events rewritten.
        link = audit.link(seq + 1, prev_hash, {**payload, "seq": seq + 1})
        actor = payload.get("actor") or {}
        self.connection.execute(_INSERT_AUDIT, {
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

    def event_hashes(self, batch: int = 20_000) -> Iterator[tuple[int, str]]:
        """(seq, hash) of every event in order, without the payloads: what checkpoints sign and compare."""
        return self._raw("SELECT seq, hash FROM audit_event ORDER BY seq", batch)

    def verify_rows(self, batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
        """(seq, payload, prev_hash, hash, at, type, actor, cycle_id) in order, for `audit verify`: the
        chain's columns first, then the denormalised ones it checks against each payload."""
        return self._raw("SELECT seq, payload, prev_hash, hash, at, type, actor, cycle_id FROM audit_event "
                         "ORDER BY seq", batch)

    def stored_tables(self) -> StoredTables:
        """Every projection table as plain tuples in the replay's column order (`workflow.core.replay`),
        streamed from the driver's cursor like the events."""
        from workflow.core.reconcile import StoredTables
        from workflow.core.replay import (
            CASE_FIELD_COLUMNS,
            CYCLE_COLUMNS,
            EVIDENCE_COLUMNS,
            ITEM_COLUMNS,
            PROCEDURE_COLUMNS,
            REFERENCE_COLUMNS,
            REQUEST_COLUMNS,
            STAFF_COLUMNS,
        )

        def rows(table: str, *columns: str, order: str = "") -> Iterator[tuple[Any, ...]]:
            # Names from our own constants, never from input.
            return self._raw(f"SELECT {', '.join(columns)} FROM {table}{order}")

        return StoredTables(
            cycles=rows("cycle", "id", *CYCLE_COLUMNS),
            items=rows("cycle_item", "cycle_id", "activity", "item_id", *ITEM_COLUMNS, order=" ORDER BY id"),
            evidence=rows("evidence", "id", *EVIDENCE_COLUMNS, order=" ORDER BY audit_seq, id"),
            staff=rows("staff", "login", *STAFF_COLUMNS),
            procedures=rows("procedure_version", "code", "version", *PROCEDURE_COLUMNS, "text"),
            references=rows("reference_data", "kind", "name", "sha256", *REFERENCE_COLUMNS, "text"),
            blobs=(row[0] for row in rows("evidence_blob", "sha256")),
            case_fields=rows("case_field", "cycle_id", "field_id", *CASE_FIELD_COLUMNS),
            requests=rows("citizen_request", "radicado", *REQUEST_COLUMNS))

    def _raw(self, sql: str, batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
        """Rows straight from the driver's cursor: verification reads every row of every table, and
        SQLAlchemy's row processing would cost more than the checks."""
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(sql)
            while rows := cursor.fetchmany(batch):
                yield from rows
        finally:
            cursor.close()

    def event_count(self) -> int:
        return int(self.connection.execute(select(func.count()).select_from(audit_table)).scalar() or 0)

    def event_hash(self, seq: int) -> str | None:
        found = self.connection.execute(select(audit_table.c.hash).where(audit_table.c.seq == seq)).scalar()
        return str(found) if found is not None else None

    def export_rows(self, cycle_id: str | None = None, since: str | None = None, until: str | None = None,
                    by_cycle: bool = False, batch: int = 5_000
                    ) -> Generator[tuple[int, str, str, str, str | None, bytes, str, str], None, None]:
        """Events for an export, streamed: ordered by seq, or by cycle then seq (one trace at a time).
        A generator, so the caller can close it (and the cursor) when the export stops half-way."""
        query = select(audit_table.c.seq, audit_table.c.at, audit_table.c.type, audit_table.c.actor,
                       audit_table.c.cycle_id, audit_table.c.payload, audit_table.c.prev_hash, audit_table.c.hash)
        if cycle_id is not None:
            query = query.where(audit_table.c.cycle_id == cycle_id)
        if since is not None:
            query = query.where(audit_table.c.at >= since)
        if until is not None:
            query = query.where(audit_table.c.at < until)
        if by_cycle:
            query = query.where(audit_table.c.cycle_id.is_not(None)).order_by(audit_table.c.cycle_id,
                                                                              audit_table.c.seq)
        else:
            query = query.order_by(audit_table.c.seq)
        result = self.connection.execution_options(yield_per=batch).execute(query)
        try:
            for row in result:
                yield (int(row[0]), str(row[1]), str(row[2]), str(row[3]), row[4], row[5], str(row[6]),
                       str(row[7]))
        finally:
            result.close()  # a server-side cursor on PostgreSQL: close it even when the export fails

    def schema_revision(self) -> str | None:
        schema = PG_SCHEMA if self.connection.dialect.name == "postgresql" else None
        if not inspect(self.connection).has_table("alembic_version", schema=schema):
            return None
        # Qualified, so that a role without privileges on the schema hears "permission denied" (which
        # says what to ask for) rather than "relation does not exist".
        table = f"{schema}.alembic_version" if schema else "alembic_version"
        return self.connection.exec_driver_sql(f"SELECT version_num FROM {table}").scalar()

    def session_user(self) -> str:
        return str(self.connection.exec_driver_sql("SELECT session_user").scalar())

    # reference data (item lists, calendars)
    def reference(self, kind: str, name: str) -> ReferenceRow | None:
        query = (select(reference_table).where(reference_table.c.kind == kind, reference_table.c.name == name)
                 .order_by(reference_table.c.id.desc()).limit(1))
        found = self.connection.execute(query).mappings().first()
        return _row(ReferenceRow, found) if found else None

    def references(self) -> list[ReferenceRow]:
        query = select(reference_table).order_by(reference_table.c.kind, reference_table.c.name,
                                                 reference_table.c.id)
        return [_row(ReferenceRow, m) for m in self.connection.execute(query).mappings()]

    def insert_reference(self, row: ReferenceRow) -> None:
        self.connection.execute(insert(reference_table).values(**row.__dict__))

    # items of multi-instance activities
    def insert_items(self, rows: list[ItemRow]) -> None:
        if rows:
            self.connection.execute(insert(item_table), [r.__dict__ for r in rows])

    def items(self, cycle_id: str, activity: int | None = None) -> list[ItemRow]:
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

    # case data
    def case_fields(self, cycle_id: str) -> dict[str, str]:
        query = select(case_field_table.c.field_id, case_field_table.c.value).where(
            case_field_table.c.cycle_id == cycle_id)
        return {str(row[0]): str(row[1]) for row in self.connection.execute(query)}

    def set_case_fields(self, cycle_id: str, values: Mapping[str, str], seq: int) -> None:
        known = self.case_fields(cycle_id)
        for name, value in values.items():
            if name in known:
                self.connection.execute(update(case_field_table).where(
                    case_field_table.c.cycle_id == cycle_id, case_field_table.c.field_id == name)
                    .values(value=value, audit_seq=seq))
            else:
                self.connection.execute(insert(case_field_table).values(
                    cycle_id=cycle_id, field_id=name, value=value, audit_seq=seq))

    # citizen requests (see workflow.service.requests)
    def request(self, radicado: str, by: str = "radicado") -> dict[str, Any] | None:
        """One request by its radicado (or, with `by="source_id"`, by the message it came from)."""
        row = self.connection.execute(select(request_table).where(request_table.c[by] == radicado)).mappings().first()
        return dict(row) if row else None

    def requests(self, state: str | None = None, kind: str | None = None, received_from: str | None = None,
                 received_to: str | None = None, due_until: str | None = None) -> list[dict[str, Any]]:
        """Requests in radicado order, filtered by state, type, the day of receipt and the due date
        (inclusive; the index on (state, due_date) serves `--overdue` without reading the rest)."""
        query = select(request_table).order_by(request_table.c.year, request_table.c.number)
        if due_until is not None:
            query = query.where(request_table.c.due_date <= due_until)
        if state is not None:
            query = query.where(request_table.c.state == state)
        if kind is not None:
            query = query.where(request_table.c.type == kind)
        if received_from is not None:
            query = query.where(request_table.c.received_day >= received_from)
        if received_to is not None:
            query = query.where(request_table.c.received_day <= received_to)
        return [dict(m) for m in self.connection.execute(query).mappings()]

    def next_request_number(self, year: int) -> int:
        """Under the write lock (BEGIN IMMEDIATE, or the advisory lock on PostgreSQL): the next number of
        the year, so a rolled-back filing leaves no gap and two filings never share one."""
        query = select(func.max(request_table.c.number)).where(request_table.c.year == year)
        return int(self.connection.execute(query).scalar() or 0) + 1

    def insert_request(self, row: Mapping[str, Any]) -> None:
        self.connection.execute(insert(request_table).values(**row))

    def update_request(self, radicado: str, values: Mapping[str, Any]) -> None:
        self.connection.execute(update(request_table).where(request_table.c.radicado == radicado).values(**values))

    # evidence content in the database (shared mode)
    def insert_blob(self, sha256: str, size: int, content: bytes) -> None:
        exists = self.connection.execute(select(blob_table.c.sha256).where(blob_table.c.sha256 == sha256)).first()
        if exists is None:
            self.connection.execute(insert(blob_table).values(sha256=sha256, size=size, content=content))

    def blob(self, sha256: str) -> bytes | None:
        found = self.connection.execute(select(blob_table.c.content).where(blob_table.c.sha256 == sha256)).first()
        return bytes(found[0]) if found else None


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._schema_current = False

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        """One command, one transaction: everything inside commits together or not at all. Driver
        errors, also those of statements run inside on `tx.connection`, leave it as ours."""
        with driver_errors(), self._connect() as connection:
            if write:
                connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield Tx(connection)

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

    def require_schema(self) -> None:
        """Refuse to work on a database that is missing or at another revision (checked once)."""
        if self._schema_current:
            return
        database = self.engine.url.database if self.engine.url.get_backend_name() == "sqlite" else None
        if database and database != ":memory:" and not Path(database).is_file():
            raise Refused("store.not_initialised")  # and do not let SQLite create an empty file
        with self.read() as tx:
            revision = tx.schema_revision()
        if revision is None:
            raise Refused("store.not_initialised")
        if revision != HEAD_REVISION:
            raise Refused("store.needs_upgrade", found=revision, expected=HEAD_REVISION)
        self._schema_current = True

    def upgrade(self) -> None:
        from workflow.storage.migrations import upgrade_to_head

        with self.transaction(write=True) as tx:
            upgrade_to_head(tx.connection)
