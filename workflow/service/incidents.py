"""What `audit verify` reports about the database's guards (PostgreSQL): a guard trigger dropped or
disabled, a guard function replaced, an incident the superuser's recorder wrote down. SQLite has no
guards: whoever holds the file can change it, and the chain and a signed checkpoint are its defence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflow.errors import Message

if TYPE_CHECKING:
    from workflow.storage.store import Tx


def first(tx: Tx) -> Message | None:
    """The first thing wrong with the guards, as the verification's problem; None if all is well."""
    if tx.connection.dialect.name != "postgresql":
        return None
    from workflow.storage.pg_incidents import faults

    found = faults(tx.connection)
    if not found:
        return None
    return Message(f"audit.guard_{found[0].kind}", {**found[0].values, "count": len(found)})
