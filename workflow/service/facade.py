"""`Workflow`: the library's front door. The CLI is one caller, tests and scripts are others.

It receives its settings and its clock and never reads the environment or the terminal. Each method
is one use case from the service's rooms (setup, cycles, queries, auditing); this class only names
them in one place.

    from workflow import Workflow, Settings, EvidenceInput
    with Workflow(Settings.from_environ()) as flow:
        cycle = flow.start_cycle("MM-GAC-P-006")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.service.context import Clock, Context, system_clock
from workflow.service.inputs import EvidenceInput
from workflow.settings import Settings

if TYPE_CHECKING:
    from workflow.core.definition import Procedure
    from workflow.service.request_desk import RequestDesk
    from workflow.service.views import (
        CycleDetail,
        CycleListing,
        CycleView,
        EvidenceView,
        InitResult,
        ItemView,
        ProcedureSummary,
        PublishResult,
        StaffView,
        VerifyResult,
    )
    from workflow.storage.store import ProcedureRow

__all__ = ["Clock", "EvidenceInput", "Workflow", "system_clock"]


class Workflow(Context):
    def __init__(self, settings: Settings, clock: Clock = system_clock) -> None:
        super().__init__(settings, clock)

    def __enter__(self) -> Workflow:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Each use case's module is imported by the method that needs it: a read never loads the writers'
    # stack (the state machine, the signing keys, the migrations), nor a step the readers'.

    # -- set-up -----------------------------------------------------------------------------------
    def init(self, name: str | None = None) -> InitResult:
        from workflow.service import setup

        return setup.init(self, name)

    def upgrade(self) -> str:
        from workflow.service import setup

        return setup.upgrade(self)

    def store_revision(self) -> str:
        from workflow.service import setup

        return setup.store_revision(self)

    def publish(self, path: Path) -> PublishResult:
        from workflow.service import setup

        return setup.publish(self, path)

    def publish_data(self, path: Path, kind: str) -> tuple[str, str, str, bool]:
        from workflow.service import setup

        return setup.publish_data(self, path, kind)

    def add_staff(self, login: str, area: str, role: str, name: str | None = None) -> StaffView:
        from workflow.service import setup

        return setup.add_staff(self, login, area, role, name)

    # -- reading ----------------------------------------------------------------------------------
    def procedures(self) -> list[ProcedureSummary]:
        from workflow.service import queries

        return queries.procedures(self)

    def procedure(self, code: str, version: str | None = None) -> tuple[Procedure, ProcedureRow]:
        from workflow.service import queries

        return queries.procedure(self, code, version)

    def staff(self) -> list[StaffView]:
        from workflow.service import queries

        return queries.staff(self)

    def cycles(self, state: str | None = None, overdue: bool = False) -> list[CycleView]:
        from workflow.service import queries

        return queries.cycles(self, state, overdue)

    def cycle_listing(self, state: str | None = None, overdue: bool = False,
                      limit: int | None = None) -> CycleListing:
        """`cycles`, with `limit`: only the most recently started that many, and how many there are."""
        from workflow.service import queries

        return queries.cycle_listing(self, state, overdue, limit)

    def cycle(self, cycle_id: str) -> CycleDetail:
        from workflow.service import queries

        return queries.cycle(self, cycle_id)

    def procedure_of(self, cycle: CycleView) -> Procedure:
        from workflow.service import queries

        return queries.procedure_of(self, cycle)

    # -- cycles -----------------------------------------------------------------------------------
    def start_cycle(self, code: str, title: str | None = None, fields: dict[str, str] | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.start(self, code, title, fields)

    def act(self, cycle_id: str, action: str, fields: dict[str, str], reason: str | None = None,
            expected_activity: int | None = None) -> dict[str, str]:
        """Set case data by one of the procedure's named actions (audited as `fields.set`)."""
        from workflow.service import cycles

        return cycles.act(self, cycle_id, action, fields, reason, expected_activity)

    def attach(self, cycle_id: str, evidence: EvidenceInput, note: str | None = None,
               expected_activity: int | None = None, all_pending: bool = False) -> list[EvidenceView]:
        from workflow.service import cycles

        return cycles.attach(self, cycle_id, evidence, note, expected_activity, all_pending)

    def complete(self, cycle_id: str, expected_activity: int | None = None,
                 evidence: Sequence[EvidenceInput] = (), note: str | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.complete(self, cycle_id, expected_activity, evidence, note)

    def return_cycle(self, cycle_id: str, to: int, reason: str, expected_activity: int | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.move(self, cycle_id, f"return_to_{to}", reason, expected_activity, to)

    def cancel(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.move(self, cycle_id, "cancel", reason, expected_activity)

    def skip(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        """Pass over an optional activity (audited with its reason)."""
        from workflow.service import cycles

        return cycles.move(self, cycle_id, "skip", reason, expected_activity)

    def suspend(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.move(self, cycle_id, "suspend", reason, expected_activity)

    def resume(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.move(self, cycle_id, "resume", reason, expected_activity)

    def waive(self, cycle_id: str, item: str, reason: str, expected_activity: int | None = None) -> ItemView:
        from workflow.service import cycles

        return cycles.waive(self, cycle_id, item, reason, expected_activity)

    def migrate(self, cycle_id: str, to_version: str, mapping: dict[int, int] | None = None) -> CycleView:
        from workflow.service import cycles

        return cycles.migrate(self, cycle_id, to_version, mapping)

    # -- citizen requests (PQRSD, Ley 1755 de 2015; workflow.service.requests) ------------------------
    @property
    def requests(self) -> RequestDesk:
        """The staff's front for citizen requests: `flow.requests.file(...)`, `.answer(...)`, ..."""
        from workflow.service.request_desk import RequestDesk

        return RequestDesk(self)

    # -- audit ------------------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        """Re-hash the whole chain and every evidence file (see `workflow.service.auditing` for more)."""
        from workflow.service.auditing import verify

        return verify(self)
