"""SQLite's hot path on the driver: the statements of a step, compiled once from their SQLAlchemy Core form.

SQLAlchemy's execution of a statement (its compiled cache, parameter processing, result set-up, events)
costs about 35 µs on top of SQLite's own 5-10 µs, and a step runs about ten statements. On SQLite the
statements of the hot path (the cycle, the staff row, the audit head, the activity's evidence and items, the
event, the cycle's update) therefore run on the driver's connection, with their SQL and the order of their
parameters compiled once per statement and set of columns. The statements themselves stay SQLAlchemy Core
over the SQLModel tables, and PostgreSQL runs them through SQLAlchemy as before.

Only plain values travel this way: text, integers, bytes and NULL, which SQLite stores and returns as they
are (a boolean comes back as 0 or 1: the caller converts it). A statement whose table would fill a column
from a Python-side default is not compiled here (`DriverSql.usable` is False) and goes through SQLAlchemy.

Whoever listens to the engine's `before_cursor_execute` / `after_cursor_execute` (a test's crash points,
a tracer) still hears every statement run here, with its SQL and its parameters; BEGIN and COMMIT are
transaction control, as in SQLAlchemy (COMMIT and ROLLBACK go through the dialect's `do_commit` and
`do_rollback`, which is where one hooks them; the engine's `begin`/`commit` events are not fired).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.pool import PoolProxiedConnection


@dataclass(frozen=True)
class DriverSql:
    sql: str
    order: tuple[str, ...]  # the parameters' names in the order of the SQL's `?`
    bound: Mapping[str, Any]  # values the statement binds itself (a LIMIT)
    usable: bool  # False: a column would take a Python-side default, which only SQLAlchemy applies

    def values(self, params: Mapping[str, Any]) -> list[Any]:
        if self.bound:
            params = {**self.bound, **params}
        return [params[name] for name in self.order]


_COMPILED: dict[tuple[int, tuple[str, ...] | None], DriverSql] = {}


def compiled(statement: Any, dialect: Any, columns: tuple[str, ...] | None = None) -> DriverSql:
    """`statement` as SQLite's driver runs it; `columns`: the values an INSERT or UPDATE sets. Kept by
    the statement's identity: only module-level statements, built once, come here."""
    key = (id(statement), columns)
    found = _COMPILED.get(key)
    if found is None:
        done = statement.compile(dialect=dialect, column_keys=list(columns) if columns is not None else None)
        usable = not (getattr(done, "insert_prefetch", None) or getattr(done, "update_prefetch", None))
        given = set(columns or ())
        bound = {name: value for name, value in done.params.items() if name not in given and value is not None}
        found = _COMPILED[key] = DriverSql(str(done), tuple(done.positiontup or ()), bound, usable)
    return found


class Driver:
    """One transaction on SQLite's own connection, taken from the engine's pool (so the engine's `connect`
    set-up, WAL and synchronous=FULL, applies as to any other connection).

    The transaction is begun and ended on the driver: SQLAlchemy's begin and commit, with their events and
    bookkeeping, cost several times SQLite's own. SQLAlchemy's `Connection` over the same driver connection
    and the same transaction is made only when a statement other than the hot path's needs it
    (`connection()`); it then owns the end of the transaction. Commit and rollback go through the dialect,
    as SQLAlchemy's own would."""

    def __init__(self, engine: Engine, pooled: PoolProxiedConnection) -> None:
        self.engine = engine
        self.pooled = pooled
        self.dbapi: sqlite3.Connection = pooled.dbapi_connection  # type: ignore[assignment]
        # The engine's listeners (a connection's own would cost a joined dispatcher per transaction to ask).
        dispatch = engine.dispatch
        self.heard = bool(dispatch.before_cursor_execute) or bool(dispatch.after_cursor_execute)
        self._connection: Connection | None = None

    @classmethod
    def begin(cls, engine: Engine, write: bool) -> Driver:
        """A pooled connection in a transaction: BEGIN IMMEDIATE (the write lock up front) or BEGIN."""
        driver = cls(engine, engine.raw_connection())
        try:
            # Not told to cursor listeners: like SQLAlchemy's own BEGIN and COMMIT, this is transaction
            # control, not a statement (and telling would make the `Connection`, whose begin then runs first).
            driver.dbapi.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except BaseException:
            driver.pooled.close()
            raise
        return driver

    def connection(self) -> Connection:
        """SQLAlchemy's connection in this transaction (made on first use; the `begin` listener of the
        engine sees the driver already in a transaction and begins nothing more)."""
        if self._connection is None:
            connection = Connection(self.engine, connection=self.pooled)
            connection.begin()
            self._connection = connection
        return self._connection

    def end(self, commit: bool) -> None:
        """Commit (or roll back) and give the connection back to the pool; on a failed commit, roll back."""
        connection, dialect = self._connection, self.engine.dialect
        try:
            if commit and connection is not None:
                connection.commit()
            elif commit:
                dialect.do_commit(self.pooled)
        finally:
            if connection is not None:
                connection.close()  # rolls back what it did not commit
            else:
                try:
                    if self.dbapi.in_transaction:
                        dialect.do_rollback(self.pooled)
                finally:
                    self.pooled.close()

    def execute(self, sql: DriverSql, params: Mapping[str, Any]) -> sqlite3.Cursor:
        values = sql.values(params)
        if not self.heard:
            return self.dbapi.execute(sql.sql, values)
        cursor = self.dbapi.cursor()
        self._tell("before_cursor_execute", cursor, sql.sql, values)
        cursor.execute(sql.sql, values)
        self._tell("after_cursor_execute", cursor, sql.sql, values)
        return cursor

    def plain(self, sql: str) -> sqlite3.Cursor:
        """A statement of our own without parameters (the schema's revision)."""
        return self.execute(DriverSql(sql, (), {}, True), {})

    def _tell(self, kind: str, cursor: sqlite3.Cursor, sql: str, values: Sequence[Any]) -> None:
        connection = self.connection()
        getattr(connection.dispatch, kind)(connection, cursor, sql, values, None, False)
