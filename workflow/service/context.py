"""What every use case stands on: the settings, the clock, the store, the evidence files, the
published definitions and who is acting.

`Context` is the base of the `Workflow` facade; the use-case modules (setup, cycles, queries,
auditing, access) take a `Context`, so none of them imports the facade.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from workflow.core import events as ev
from workflow.core.guards import Actor
from workflow.core.limits import evidence_limit
from workflow.core.logins import checked_login
from workflow.errors import NotFound, Refused
from workflow.service.procedures import PublishedDefinitions
from workflow.settings import Settings
from workflow.storage.definition_cache import DefinitionCache
from workflow.storage.store import CycleRow, Store, Tx, create_db_engine

if TYPE_CHECKING:
    from workflow.storage.evidence_db import DatabaseEvidenceStore
    from workflow.storage.evidence_files import EvidenceStore

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class Context:
    def __init__(self, settings: Settings, clock: Clock = system_clock) -> None:
        self.settings = settings
        self.clock = clock
        self.max_evidence_bytes = evidence_limit(settings.max_evidence_mb)  # a bad value: before anything
        self.store = Store(create_db_engine(settings.db_url))
        # Parsed once per machine (the cache beside the database) and kept for this Workflow.
        self.definitions = PublishedDefinitions(DefinitionCache(settings.definition_cache_dir))
        self._login: str | None = None
        # A write killed half-way leaves only a temporary file: the next writer into that folder removes
        # it (the evidence store before it stages a file, an export before it makes its scratch folder),
        # so a read never lists folders.

    @cached_property
    def files(self) -> EvidenceStore | DatabaseEvidenceStore:
        """The evidence store (made when a command first touches evidence: most reads never do)."""
        from workflow.storage.evidence_db import DatabaseEvidenceStore
        from workflow.storage.evidence_files import EvidenceStore

        limit = self.max_evidence_bytes
        return EvidenceStore(self.settings.evidence_dir, limit) if self.settings.embedded \
            else DatabaseEvidenceStore(limit)

    def close(self) -> None:
        self.store.engine.dispose()

    def now_text(self) -> str:
        return ev.utc_text(self.clock())

    # -- who is acting --------------------------------------------------------------------------
    def login(self, tx: Tx | None = None) -> str:
        """Who is acting: WORKFLOW_USER or the OS login in embedded mode; on PostgreSQL the database's
        session user, which `SET ROLE` cannot change, so nobody can act as somebody else."""
        if self._login is None:
            if self.settings.embedded:
                self._login = checked_login(self.settings.user)
            elif tx is not None:
                self._login = tx.session_user()
            else:
                with self.store.read() as reading:
                    self._login = reading.session_user()
        return self._login

    def actor(self, tx: Tx) -> Actor:
        login = self.login(tx)
        row = tx.staff(login)
        if row is None:
            return Actor(login=login, registered=False)
        return Actor(login=row.login, name=row.name, area=row.area_id, role=row.role_id,
                     is_admin=row.is_admin)

    # -- transactions -----------------------------------------------------------------------------
    def writing(self, before_lock: Callable[[Tx], None] | None = None) -> AbstractContextManager[Tx]:
        """One command, one transaction: everything it writes commits together or not at all.
        `before_lock` writes first, before the write lock (evidence chunks on PostgreSQL)."""
        return self.store.checked(write=True, before_lock=before_lock)

    def reading(self) -> AbstractContextManager[Tx]:
        return self.store.checked(write=False)

    @contextmanager
    def as_admin(self) -> Iterator[tuple[Tx, Actor]]:
        """A writing transaction for what only an administrator may do (publish, register, grant)."""
        with self.writing() as tx:
            actor = self.actor(tx)
            require_admin(actor)
            yield tx, actor

    def cycle_row(self, tx: Tx, cycle_id: str) -> CycleRow:
        """A cycle by the id a person typed (spaces around it and its letters' case forgiven)."""
        row = tx.cycle(cycle_id.strip())
        if row is None:
            row = tx.cycle(cycle_id.strip().upper())
        if row is None:
            raise NotFound("service.cycle_unknown", cycle=cycle_id)
        return row


def require_admin(actor: Actor) -> None:
    if not actor.registered:
        raise Refused("engine.actor_not_registered", login=actor.login)
    if not actor.is_admin:
        raise Refused("service.admin_only", login=actor.login)
