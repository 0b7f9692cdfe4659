"""`Workflow`: the library's front door. The CLI is one caller, tests and scripts are others.

It receives its settings and its clock and never reads the environment or the terminal. Each method
is one use case from the service's rooms (setup, cycles, queries, auditing); this class only names
them in one place.

    from workflow import Workflow, Settings, EvidenceInput
    with Workflow(Settings.from_environ()) as flow:
        cycle = flow.start_cycle("MM-GAC-P-006")
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from workflow.core.definition import Procedure
from workflow.service import cycles, queries, requests, setup
from workflow.service.context import Clock, Context, system_clock
from workflow.service.cycles import EvidenceInput
from workflow.service.views import (
    CycleDetail,
    CycleView,
    EvidenceView,
    InitResult,
    ItemView,
    ProcedureSummary,
    PublishResult,
    StaffView,
    VerifyResult,
)
from workflow.settings import Settings
from workflow.storage.store import ProcedureRow

__all__ = ["Clock", "EvidenceInput", "Workflow", "system_clock"]


class RequestDesk:
    """The request use cases bound to one library instance (each one transaction)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def enable(self, path: Path | None = None) -> PublishResult:
        """Publish the PQRSD procedure (administrators): the shipped model or the Alcaldía's version."""
        result: PublishResult = requests.enable(self._ctx, path)
        return result

    def file(self, request: requests.NewRequest) -> dict[str, Any]:
        return requests.file(self._ctx, request)

    def list(self, state: str | None = None, kind: str | None = None, overdue: bool = False,
             due_within: int | None = None) -> builtins.list[dict[str, Any]]:
        return requests.listing(self._ctx, state, kind, overdue, due_within)

    def show(self, radicado: str) -> dict[str, Any]:
        return requests.show(self._ctx, radicado)

    def assign(self, radicado: str, dependencia: str) -> dict[str, Any]:
        return requests.assign(self._ctx, radicado, dependencia)

    def extend(self, radicado: str, until: date, reason: str) -> dict[str, Any]:
        return requests.extend(self._ctx, radicado, until, reason)

    def forward(self, radicado: str, to: str, reason: str) -> dict[str, Any]:
        return requests.forward(self._ctx, radicado, to, reason)

    def close(self, radicado: str, reason: str) -> dict[str, Any]:
        return requests.close(self._ctx, radicado, reason)

    def incomplete(self, radicado: str, reason: str) -> dict[str, Any]:
        return requests.incomplete(self._ctx, radicado, reason)

    def resume(self, radicado: str, note: str) -> dict[str, Any]:
        return requests.resume(self._ctx, radicado, note)

    def withdraw_expired(self) -> builtins.list[str]:
        return requests.withdraw_expired(self._ctx)

    def answer(self, radicado: str, evidence: Path, notified_at: str | None = None,
               note: str | None = None, denied: bool = False) -> dict[str, Any]:
        return requests.answer(self._ctx, radicado, evidence, notified_at, note, denied)


class Workflow(Context):
    def __init__(self, settings: Settings, clock: Clock = system_clock) -> None:
        super().__init__(settings, clock)

    def __enter__(self) -> Workflow:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- set-up -----------------------------------------------------------------------------------
    def init(self, name: str | None = None) -> InitResult:
        return setup.init(self, name)

    def upgrade(self) -> str:
        return setup.upgrade(self)

    def store_revision(self) -> str:
        return setup.store_revision(self)

    def publish(self, path: Path) -> PublishResult:
        return setup.publish(self, path)

    def publish_data(self, path: Path, kind: str) -> tuple[str, str, str, bool]:
        return setup.publish_data(self, path, kind)

    def add_staff(self, login: str, area: str, role: str, name: str | None = None) -> StaffView:
        return setup.add_staff(self, login, area, role, name)

    # -- reading ----------------------------------------------------------------------------------
    def procedures(self) -> list[ProcedureSummary]:
        return queries.procedures(self)

    def procedure(self, code: str, version: str | None = None) -> tuple[Procedure, ProcedureRow]:
        return queries.procedure(self, code, version)

    def staff(self) -> list[StaffView]:
        return queries.staff(self)

    def cycles(self, state: str | None = None, overdue: bool = False) -> list[CycleView]:
        return queries.cycles(self, state, overdue)

    def cycle(self, cycle_id: str) -> CycleDetail:
        return queries.cycle(self, cycle_id)

    def procedure_of(self, cycle: CycleView) -> Procedure:
        return queries.procedure_of(self, cycle)

    # -- cycles -----------------------------------------------------------------------------------
    def start_cycle(self, code: str, title: str | None = None, fields: dict[str, str] | None = None) -> CycleView:
        return cycles.start(self, code, title, fields)

    def act(self, cycle_id: str, action: str, fields: dict[str, str], reason: str | None = None,
            expected_activity: int | None = None) -> dict[str, str]:
        """Set case data by one of the procedure's named actions (audited as `fields.set`)."""
        return cycles.act(self, cycle_id, action, fields, reason, expected_activity)

    def attach(self, cycle_id: str, evidence: EvidenceInput, note: str | None = None,
               expected_activity: int | None = None, all_pending: bool = False) -> list[EvidenceView]:
        return cycles.attach(self, cycle_id, evidence, note, expected_activity, all_pending)

    def complete(self, cycle_id: str, expected_activity: int | None = None,
                 evidence: Sequence[EvidenceInput] = (), note: str | None = None) -> CycleView:
        return cycles.complete(self, cycle_id, expected_activity, evidence, note)

    def return_cycle(self, cycle_id: str, to: int, reason: str, expected_activity: int | None = None) -> CycleView:
        return cycles.move(self, cycle_id, f"return_to_{to}", reason, expected_activity, to)

    def cancel(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        return cycles.move(self, cycle_id, "cancel", reason, expected_activity)

    def skip(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        """Pass over an optional activity (audited with its reason)."""
        return cycles.move(self, cycle_id, "skip", reason, expected_activity)

    def suspend(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        return cycles.move(self, cycle_id, "suspend", reason, expected_activity)

    def resume(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        return cycles.move(self, cycle_id, "resume", reason, expected_activity)

    def waive(self, cycle_id: str, item: str, reason: str, expected_activity: int | None = None) -> ItemView:
        return cycles.waive(self, cycle_id, item, reason, expected_activity)

    def migrate(self, cycle_id: str, to_version: str, mapping: dict[int, int] | None = None) -> CycleView:
        return cycles.migrate(self, cycle_id, to_version, mapping)

    # -- citizen requests (PQRSD, Ley 1755 de 2015; workflow.service.requests) ------------------------
    @property
    def requests(self) -> RequestDesk:
        """The staff's front for citizen requests: `flow.requests.file(...)`, `.answer(...)`, ..."""
        return RequestDesk(self)

    # -- audit ------------------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        """Re-hash the whole chain and every evidence file (see `workflow.service.auditing` for more)."""
        from workflow.service.auditing import verify

        return verify(self)
