"""Driver errors become ours here, at the edge where the database is touched.

Whoever uses the library (the CLI, a script with `workflow.Workflow`) gets a `WorkflowError` that says
what happened in the user's words, never a raw `sqlalchemy.exc`, `sqlite3` or `psycopg` error:

    Conflict  the database is busy: a lock timeout, a deadlock, a serialization failure on PostgreSQL,
              "database is locked" on SQLite. Nothing was saved; running the command again is right.
    Refused   a privilege is missing (PostgreSQL's insufficient_privilege): ask for `db grant`; or one of
              the database's guards (`workflow.storage.pg_guard`, SQLSTATE WF001) refused a write.
    WorkflowError
              the database cannot be opened or reached (a server that does not answer, a file that
              is unreadable or not a database), a URL that names no usable database, anything else
              the driver reports (its first line).

`Store` (`workflow.storage.store`) wraps engine creation, connecting and every transaction with these,
so the errors of statements that services run on `tx.connection` are translated too.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from workflow.errors import Conflict, Refused, WorkflowError

# PostgreSQL SQLSTATEs: lock_not_available (lock_timeout), deadlock_detected, serialization_failure.
BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})
INSUFFICIENT_PRIVILEGE = "42501"
GUARD_REFUSED = "WF001"  # raised by the guard triggers and functions of migration 0004
# SQLite result codes (and their extended forms, SQLITE_BUSY_SNAPSHOT, ...) for another writer's lock.
BUSY_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED")


def is_driver_error(error: BaseException) -> bool:
    """SQLAlchemy's errors and the DB-API drivers' own (a raw cursor raises those unwrapped)."""
    if isinstance(error, SQLAlchemyError | sqlite3.Error):
        return True
    # psycopg is only loaded for PostgreSQL; if it is not loaded, the error cannot be one of its own.
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(error, psycopg.Error)


def translate(error: BaseException, opening: str | None = None) -> WorkflowError:
    """Our exception for a driver error; `opening` names the database when the error came while
    connecting to it (so the message can say which database could not be opened)."""
    original = error.orig if isinstance(error, DBAPIError) else error
    text = str(original)
    detail = text.strip().splitlines()[0] if text.strip() else type(original).__name__
    sqlstate = getattr(original, "sqlstate", None) or ""
    sqlite_code = getattr(original, "sqlite_errorname", None) or ""
    if sqlstate in BUSY_SQLSTATES or sqlite_code.startswith(BUSY_SQLITE) or "database is locked" in text:
        return Conflict("storage.busy")
    if sqlstate == INSUFFICIENT_PRIVILEGE:
        return Refused("storage.privilege", detail=detail)
    if sqlstate == GUARD_REFUSED:
        return Refused("storage.guard_refused", detail=detail)
    if opening is not None:
        return WorkflowError("storage.unreachable", database=opening, detail=detail)
    return WorkflowError("storage.database_error", detail=detail)


@contextmanager
def driver_errors(opening: str | None = None) -> Iterator[None]:
    """Driver errors raised inside become ours (`translate`); every other exception passes unchanged."""
    try:
        yield
    except Exception as error:
        if not is_driver_error(error):
            raise
        raise translate(error, opening) from error
