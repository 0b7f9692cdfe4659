"""The use cases: load what a command needs, let the engine decide, commit it all in one transaction.

`Workflow` is the library's front door; the CLI is one caller, tests and scripts are others. It
receives its settings and its clock; it never reads the environment or the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from workflow.core import chain as audit
from workflow.core import engine, states
from workflow.core import events as ev
from workflow.core.definition import Activity, Procedure
from workflow.core.guards import Actor, StepContext
from workflow.core.loading import LoadedProcedure, load_procedure_file, load_procedure_text
from workflow.errors import DefinitionInvalid, IntegrityFailure, Message, NotFound, Problem, Refused
from workflow.service import reference
from workflow.service.views import (
    CycleDetail,
    CycleView,
    Deadline,
    EvidenceView,
    HistoryEntry,
    InitResult,
    ItemView,
    ProcedureSummary,
    PublishResult,
    Requirement,
    StaffView,
    VerifyResult,
)
from workflow.settings import Settings, shipped_procedures_dir
from workflow.storage.evidence_db import DatabaseEvidenceStore
from workflow.storage.evidence_files import EvidenceStore, StoredFile, check_readable
from workflow.storage.store import CycleRow, EvidenceRow, ItemRow, ProcedureRow, StaffRow, Store, Tx, create_db_engine

Clock = Callable[[], datetime]
# Terms count in the Alcaldía's days: "today" and "the day the cycle arrived" are dates in Bogotá.
LOCAL_ZONE = ZoneInfo("America/Bogota")


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class EvidenceInput:
    """A file a person hands in as the record `record` (optionally for one item)."""

    path: Path
    record: str
    item: str | None = None


_parsed: dict[str, Procedure] = {}


def procedure_from_row(row: ProcedureRow) -> Procedure:
    """Published versions are immutable, so each is parsed once per process."""
    procedure = _parsed.get(row.sha256)
    if procedure is None:
        procedure = _parsed[row.sha256] = load_procedure_text(row.text, f"{row.code}@{row.version}").procedure
    return procedure


class Workflow:
    def __init__(self, settings: Settings, clock: Clock = system_clock) -> None:
        self.settings = settings
        self.clock = clock
        self.store = Store(create_db_engine(settings.db_url))
        self.files: EvidenceStore | DatabaseEvidenceStore = (
            EvidenceStore(settings.evidence_dir) if settings.embedded else DatabaseEvidenceStore())
        self._login: str | None = None
        # A write killed half-way leaves only a temporary file; the next start removes it.
        self.files.clean_leftovers()

    def close(self) -> None:
        self.store.engine.dispose()

    def __enter__(self) -> Workflow:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def now_text(self) -> str:
        return ev.utc_text(self.clock())

    # -- who is acting --------------------------------------------------------------------------
    def login(self, tx: Tx | None = None) -> str:
        """Who is acting: WORKFLOW_USER or the OS login in embedded mode; on PostgreSQL the database's
        session user, which `SET ROLE` cannot change, so nobody can act as somebody else."""
        if self._login is None:
            if self.settings.embedded:
                self._login = self.settings.user
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

    @contextmanager
    def as_admin(self) -> Iterator[tuple[Tx, Actor]]:
        """A writing transaction for what only an administrator may do (publish, register, grant)."""
        self.store.require_schema()
        with self.store.transaction() as tx:
            actor = self.actor(tx)
            self.require_admin(actor)
            yield tx, actor

    def require_admin(self, actor: Actor) -> None:
        if not actor.registered:
            raise Refused("engine.actor_not_registered", login=actor.login)
        if not actor.is_admin:
            raise Refused("service.admin_only", login=actor.login)

    # -- set-up -----------------------------------------------------------------------------------
    def init(self, name: str | None = None) -> InitResult:
        """Create or upgrade the database, register the person running it as administrator and
        publish the procedures folder. Running it again changes nothing that is already there."""
        folder = self.settings.procedures_dir or shipped_procedures_dir()
        loaded = self._load_folder(folder)
        references = reference.folder_references(folder)
        if self.settings.embedded:
            self.settings.home.mkdir(parents=True, exist_ok=True)
        from workflow.storage.migrations import upgrade_to_head

        with self.store.transaction() as tx:
            login = self.login(tx)
            if tx.schema_revision() is not None:
                # Only an administrator may run init on an existing database (it could upgrade it).
                admin_logins = [s.login for s in tx.all_staff() if s.is_admin]
                if admin_logins and login not in admin_logins:
                    raise Refused("service.init_other_admin", login=login, admins=", ".join(admin_logins))
            upgrade_to_head(tx.connection)
            now = self.now_text()
            if not any(s.is_admin for s in tx.all_staff()):
                existing = tx.staff(login)
                row = StaffRow(login=login, name=name or (existing.name if existing else login),
                               area_id=existing.area_id if existing else None,
                               role_id=existing.role_id if existing else None, is_admin=True,
                               created_at=existing.created_at if existing else now, updated_at=now)
                tx.save_staff(row, exists=existing is not None)
                actor = Actor(login=login, name=row.name, area=row.area_id, role=row.role_id, is_admin=True)
                tx.append_event(ev.make_event(ev.STAFF_ADDED, now, actor, data=_staff_data(row)))
            actor = self.actor(tx)
            for data in references:  # before the procedures, whose cycles may need them
                reference.publish(tx, data, actor, now)
            published = tuple(self._publish(tx, item, actor, now) for item in loaded)
        return InitResult(home=str(self.settings.home), database=_safe_url(self.settings.db_url),
                          admin=self.login(), published=published)

    def _load_folder(self, folder: Path) -> list[LoadedProcedure]:
        if not folder.is_dir():
            raise NotFound("service.procedures_folder_missing", path=str(folder))
        files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
        loaded: list[LoadedProcedure] = []
        problems: list[Problem] = []
        for path in files:
            try:
                loaded.append(load_procedure_file(path))
            except DefinitionInvalid as invalid:
                problems.extend(invalid.problems)
        if problems:
            raise DefinitionInvalid(problems)
        return loaded

    def upgrade(self) -> str:
        self.store.upgrade()
        return self.store_revision()

    def store_revision(self) -> str:
        with self.store.read() as tx:
            return tx.schema_revision() or ""

    # -- procedures -------------------------------------------------------------------------------
    def publish(self, path: Path) -> PublishResult:
        loaded = load_procedure_file(path)
        with self.as_admin() as (tx, actor):
            return self._publish(tx, loaded, actor, self.now_text())

    def _publish(self, tx: Tx, loaded: LoadedProcedure, actor: Actor, now: str) -> PublishResult:
        procedure = loaded.procedure
        existing = tx.procedure(procedure.code, procedure.version)
        if existing is not None:
            if existing.sha256 == loaded.sha256:
                return PublishResult(procedure.code, procedure.version, loaded.sha256, changed=False)
            raise Refused("service.version_taken", code=procedure.code, version=procedure.version)
        link = tx.append_event(ev.make_event(
            ev.PROCEDURE_PUBLISHED, now, actor,
            procedure={"code": procedure.code, "version": procedure.version, "sha256": loaded.sha256},
            data={"title": procedure.title, "activities": len(procedure.activities),
                  "source": Path(loaded.path).name}))
        tx.insert_procedure(ProcedureRow(code=procedure.code, version=procedure.version,
                                         title=procedure.title, sha256=loaded.sha256, text=loaded.text,
                                         published_at=now, published_by=actor.login, audit_seq=link.seq))
        return PublishResult(procedure.code, procedure.version, loaded.sha256, changed=True)

    def publish_data(self, path: Path, kind: str) -> tuple[str, str, str, bool]:
        """Publish an item list or a calendar file: (kind, name, sha256, changed)."""
        data = reference.read_reference(path, kind)
        with self.as_admin() as (tx, actor):
            changed = reference.publish(tx, data, actor, self.now_text())
        return data.kind, data.name, data.sha256, changed

    def procedures(self) -> list[ProcedureSummary]:
        self.store.require_schema()
        with self.store.read() as tx:
            rows = tx.procedures()
        latest = {row.code: row.version for row in rows}  # rows come oldest first per code
        return [ProcedureSummary(code=r.code, version=r.version, title=r.title, sha256=r.sha256,
                                 published_at=r.published_at, published_by=r.published_by,
                                 latest=latest[r.code] == r.version) for r in rows]

    def procedure(self, code: str, version: str | None = None) -> tuple[Procedure, ProcedureRow]:
        self.store.require_schema()
        with self.store.read() as tx:
            row = self._procedure_row(tx, code, version)
        return procedure_from_row(row), row

    def _procedure_row(self, tx: Tx, code: str, version: str | None = None) -> ProcedureRow:
        row = tx.procedure(code, version)
        if row is None:
            known = ", ".join(sorted({p.code for p in tx.procedures()})) or "-"
            if version is not None and tx.procedure(code) is not None:
                raise NotFound("service.procedure_version_unknown", code=code, version=version)
            raise NotFound("service.procedure_unknown", code=code, known=known)
        return row

    # -- staff ------------------------------------------------------------------------------------
    def add_staff(self, login: str, area: str, role: str, name: str | None = None) -> StaffView:
        login = login.strip()
        if not login:
            raise Refused("service.login_empty")
        with self.as_admin() as (tx, actor):
            areas, roles = self._organisation(tx)
            if area not in areas:
                raise Refused("service.area_unknown", area=area, known=", ".join(sorted(areas)))
            if role not in roles:
                raise Refused("service.role_unknown", role=role, known=", ".join(sorted(roles)))
            now = self.now_text()
            existing = tx.staff(login)
            row = StaffRow(login=login, name=name or (existing.name if existing else login), area_id=area,
                           role_id=role, is_admin=existing.is_admin if existing else False,
                           created_at=existing.created_at if existing else now, updated_at=now)
            if existing is not None and (existing.name, existing.area_id, existing.role_id) == (
                    row.name, row.area_id, row.role_id):
                return self._staff_view(existing, areas, roles)  # nothing to change, nothing to audit
            tx.save_staff(row, exists=existing is not None)
            kind = ev.STAFF_CHANGED if existing else ev.STAFF_ADDED
            tx.append_event(ev.make_event(kind, now, actor, data=_staff_data(row)))
            return self._staff_view(row, areas, roles, created=existing is None)

    def staff(self) -> list[StaffView]:
        self.store.require_schema()
        with self.store.read() as tx:
            areas, roles = self._organisation(tx)
            return [self._staff_view(row, areas, roles) for row in tx.all_staff()]

    def _organisation(self, tx: Tx) -> tuple[dict[str, str], dict[str, str]]:
        """Areas and roles declared by the latest version of every published procedure."""
        areas: dict[str, str] = {}
        roles: dict[str, str] = {}
        latest: dict[str, ProcedureRow] = {}
        for row in tx.procedures():
            latest[row.code] = row
        for row in latest.values():
            procedure = procedure_from_row(row)
            areas.update({a.id: a.name for a in procedure.areas})
            roles.update({r.id: r.name for r in procedure.roles})
        return areas, roles

    @staticmethod
    def _staff_view(row: StaffRow, areas: dict[str, str], roles: dict[str, str],
                    created: bool = False) -> StaffView:
        return StaffView(login=row.login, name=row.name, area=row.area_id,
                         area_name=areas.get(row.area_id or ""), role=row.role_id,
                         role_name=roles.get(row.role_id or ""), is_admin=row.is_admin, created=created)

    # -- cycles -----------------------------------------------------------------------------------
    def start_cycle(self, code: str, title: str | None = None) -> CycleView:
        self.store.require_schema()
        with self.store.transaction() as tx:
            actor = self.actor(tx)
            row = self._procedure_row(tx, code)
            procedure = procedure_from_row(row)
            engine.check_start(procedure, StepContext(procedure=procedure, activity=None, actor=actor))
            now = self.now_text()
            number = tx.next_cycle_number(procedure.code)
            first = procedure.first_activity
            cycle = CycleRow(id=f"{procedure.code}-{number:04d}", procedure_code=procedure.code,
                             procedure_version=row.version, procedure_sha256=row.sha256, number=number,
                             title=(title or "").strip() or None, state=states.ACTIVE, activity=first.number,
                             lock_version=1, started_at=now, started_by=actor.login, updated_at=now,
                             ended_at=None, activity_since=now)
            tx.insert_cycle(cycle)
            for activity in procedure.activities:
                self._ensure_items(tx, cycle.id, procedure, activity.number)
            tx.append_event(ev.make_event(
                ev.CYCLE_STARTED, now, actor, procedure=_procedure_ref(row), cycle=cycle.id,
                activity=_activity_ref(procedure, first.number), from_state=None,
                to_state=states.activity_state(first.number), data={"title": cycle.title}))
            return _cycle_view(cycle, procedure)

    def _ensure_items(self, tx: Tx, cycle_id: str, procedure: Procedure, number: int) -> None:
        """Copy the items of a multi-instance activity into the cycle, once: later changes of the list
        do not change a running cycle."""
        activity = procedure.activity(number)
        if activity.for_each is None or tx.items(cycle_id, number):
            return
        found = reference.items(tx, activity.for_each)
        if found is None:
            raise Refused("reference.missing_list", name=activity.for_each, number=number)
        tx.insert_items([ItemRow(cycle_id=cycle_id, activity=number, item_id=i.id, name=i.name, group_name=i.group,
                                 waived_reason=None, waived_by=None, waived_at=None) for i in found])

    def _items(self, tx: Tx, row: CycleRow, procedure: Procedure, number: int,
               evidence: Sequence[EvidenceRow] | None = None) -> list[ItemView]:
        """The items of activity `number` with their state: done once every record the activity
        requires is attached for the item, waived with a reason, else pending."""
        activity = procedure.activity(number)
        if activity.for_each is None:
            return []
        rows = evidence if evidence is not None else tx.evidence(row.id, number)
        attached: dict[str, set[str]] = {}
        for e in rows:
            if e.item is not None:
                attached.setdefault(e.item, set()).add(e.record_id)
        views = []
        for item in tx.items(row.id, number):
            if item.waived_reason is not None:
                state = "waived"
            elif set(activity.records) <= attached.get(item.item_id, set()):
                state = "done"
            else:
                state = "pending"
            views.append(ItemView(id=item.item_id, name=item.name, group=item.group_name, state=state,
                                  reason=item.waived_reason))
        return views

    def _deadline(self, tx: Tx, row: CycleRow, procedure: Procedure) -> Deadline | None:
        if row.activity is None or row.state != states.ACTIVE or not row.activity_since:
            return None
        term = procedure.activity(row.activity).term_business_days
        if term is None:
            return None
        from workflow.core.calendar import deadline_status

        since = _local_date(row.activity_since)
        status = deadline_status(reference.calendar(tx, procedure.calendar), since, term,
                                 self.clock().astimezone(LOCAL_ZONE).date())
        return Deadline(term_business_days=term, since=since.isoformat(), due=status.due.isoformat(),
                        business_days_left=status.business_days_left, light=status.light)

    def cycles(self, state: str | None = None, overdue: bool = False) -> list[CycleView]:
        self.store.require_schema()
        with self.store.read() as tx:
            views = []
            for row in tx.cycles(state):
                procedure = self._cycle_procedure(tx, row)
                view = _cycle_view(row, procedure, self._deadline(tx, row, procedure))
                if not overdue or (view.deadline is not None and view.deadline.light == "red"):
                    views.append(view)
            return views

    def cycle(self, cycle_id: str) -> CycleDetail:
        self.store.require_schema()
        with self.store.read() as tx:
            row = self.cycle_row(tx, cycle_id)
            procedure = self._cycle_procedure(tx, row)
            history = tuple(_history_entry(e) for e in tx.events(row.id))
            evidence = tuple(_evidence_view(e, procedure) for e in tx.evidence(row.id))
            requirement = None
            if row.activity is not None and row.state in (states.ACTIVE, states.SUSPENDED):
                activity = procedure.activity(row.activity)
                current = [e for e in tx.evidence(row.id, activity.number)]
                attached = {e.record_id for e in current if e.item is None}
                requirement = Requirement(
                    number=activity.number, name=activity.name, role=procedure.role(activity.role).name,
                    areas=tuple(procedure.area(a).name for a in activity.areas),
                    records=tuple((r, procedure.record(r).name, r in attached) for r in activity.records),
                    items=tuple(self._items(tx, row, procedure, activity.number, current)),
                    optional=activity.optional)
            return CycleDetail(cycle=_cycle_view(row, procedure, self._deadline(tx, row, procedure)),
                               procedure_title=procedure.title, history=history, evidence=evidence,
                               requirement=requirement)

    def procedure_of(self, cycle: CycleView) -> Procedure:
        """The procedure version a cycle runs on (it keeps the version it started with)."""
        with self.store.read() as tx:
            row = self.cycle_row(tx, cycle.id)
            return self._cycle_procedure(tx, row)

    def _step(self, tx: Tx, cycle_id: str) -> tuple[CycleRow, Procedure, Actor, str, Activity | None]:
        """What every step on a cycle starts from: its row, its version of the procedure, who is acting,
        the machine state and the current activity."""
        row = self.cycle_row(tx, cycle_id)
        procedure = self._cycle_procedure(tx, row)
        state = states.machine_state(row.state, row.activity)
        return row, procedure, self.actor(tx), state, engine.current_activity(procedure, state)

    def cycle_row(self, tx: Tx, cycle_id: str) -> CycleRow:
        row = tx.cycle(cycle_id.strip())
        if row is None:
            row = tx.cycle(cycle_id.strip().upper())
        if row is None:
            raise NotFound("service.cycle_unknown", cycle=cycle_id)
        return row

    def _cycle_procedure(self, tx: Tx, row: CycleRow) -> Procedure:
        procedure = _parsed.get(row.procedure_sha256)
        if procedure is not None:
            return procedure
        published = tx.procedure_by_sha(row.procedure_sha256)
        if published is None:
            raise IntegrityFailure("service.cycle_version_missing", cycle=row.id,
                                   version=row.procedure_version)
        return procedure_from_row(published)

    def attach(self, cycle_id: str, evidence: EvidenceInput, note: str | None = None,
               expected_activity: int | None = None, all_pending: bool = False) -> list[EvidenceView]:
        """Attach a file as evidence of a record of the current activity: for the activity, for one
        item (`evidence.item`), or, with `all_pending`, for every pending item at once (one circular
        e-mail to every dependencia, say). The file is stored once."""
        self.store.require_schema()
        with self.store.transaction() as tx:
            row, procedure, actor, state, activity = self._step(tx, cycle_id)
            ctx = StepContext(procedure=procedure, activity=activity, actor=actor,
                              expected_activity=expected_activity)
            known = frozenset(i.item_id for i in tx.items(row.id, row.activity)) if row.activity else frozenset()
            engine.check_attach(procedure, state, evidence.record, ctx, evidence.item, known)
            activity_number = row.activity
            assert activity_number is not None
            targets = [evidence]
            if all_pending:
                if procedure.activity(activity_number).for_each is None:
                    raise Refused("engine.activity_has_no_items", number=activity_number)
                targets = [replace(evidence, item=i.id) for i in self._items(tx, row, procedure, activity_number)
                           if i.state == "pending"]
                if not targets:
                    raise Refused("service.no_pending_items", number=activity_number)
            check_readable(evidence.path)
            now = self.now_text()
            stored = self.files.put(evidence.path, tx)
            link = tx.append_event(ev.make_event(
                ev.EVIDENCE_ATTACHED, now, actor, procedure=_cycle_procedure_ref(row), cycle=row.id,
                activity=_activity_ref(procedure, activity_number), from_state=state, to_state=state,
                evidence=[_evidence_ref(stored, target) for target in targets], note=note))
            saved = [_evidence_row(row.id, activity_number, target, stored, note, actor, now, link.seq)
                     for target in targets]
            for evidence_row in saved:
                tx.insert_evidence(evidence_row)
            # Attaching changes what the cycle holds, so it counts as a change for optimistic locking.
            tx.update_cycle(row.id, row.lock_version, updated_at=now)
            return [_evidence_view(e, procedure) for e in saved]

    def complete(self, cycle_id: str, expected_activity: int | None = None,
                 evidence: Sequence[EvidenceInput] = (), note: str | None = None) -> CycleView:
        self.store.require_schema()
        with self.store.transaction() as tx:
            row, procedure, actor, state, activity = self._step(tx, cycle_id)
            existing = tx.evidence(row.id, row.activity) if row.activity is not None else []
            given_records = {e.record for e in evidence}
            attached = frozenset({e.record_id for e in existing} | given_records)
            since = row.activity_since or ""
            this_visit = frozenset({e.record_id for e in existing if e.attached_at >= since} | given_records)
            items = self._items(tx, row, procedure, row.activity, existing) if row.activity is not None else []
            ctx = StepContext(procedure=procedure, activity=activity, actor=actor,
                              expected_activity=expected_activity, records_attached=attached,
                              records_this_visit=this_visit,
                              pending_items=tuple(i.name for i in items if i.state == "pending"),
                              waived_items=sum(1 for i in items if i.state == "waived"), total_items=len(items))
            decision = engine.decide(procedure, row.procedure_sha256, state, "complete", ctx)
            assert activity is not None
            for given in evidence:
                # Evidence given to `complete` is for the activity as a whole, never for one item.
                engine.check_attach(procedure, state, given.record, ctx)
                check_readable(given.path)
            now = self.now_text()
            refs = [_evidence_ref_from_row(e) for e in existing]
            for given in evidence:
                stored = self.files.put(given.path, tx)
                link = tx.append_event(ev.make_event(
                    ev.EVIDENCE_ATTACHED, now, actor, procedure=_cycle_procedure_ref(row), cycle=row.id,
                    activity=_activity_ref(procedure, activity.number), from_state=state, to_state=state,
                    evidence=[_evidence_ref(stored, given)]))
                tx.insert_evidence(_evidence_row(row.id, activity.number, given, stored, None, actor, now,
                                                 link.seq))
                refs.append(_evidence_ref(stored, given))
            tx.append_event(ev.make_event(
                ev.ACTIVITY_COMPLETED, now, actor, procedure=_cycle_procedure_ref(row), cycle=row.id,
                activity=_activity_ref(procedure, activity.number), from_state=decision.from_state,
                to_state=decision.to_state, evidence=refs, note=note))
            return _cycle_view(self._apply(tx, row, decision, now, procedure), procedure)

    def return_cycle(self, cycle_id: str, to: int, reason: str,
                     expected_activity: int | None = None) -> CycleView:
        return self._move(cycle_id, f"return_to_{to}", ev.CYCLE_RETURNED, reason, expected_activity, to)

    def cancel(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        return self._move(cycle_id, "cancel", ev.CYCLE_CANCELLED, reason, expected_activity, None)

    def skip(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        """Pass over an optional activity (audited with its reason)."""
        return self._move(cycle_id, "skip", ev.ACTIVITY_SKIPPED, reason, expected_activity, None)

    def suspend(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        return self._move(cycle_id, "suspend", ev.CYCLE_SUSPENDED, reason, expected_activity, None)

    def resume(self, cycle_id: str, reason: str, expected_activity: int | None = None) -> CycleView:
        return self._move(cycle_id, "resume", ev.CYCLE_RESUMED, reason, expected_activity, None)

    def waive(self, cycle_id: str, item: str, reason: str, expected_activity: int | None = None) -> ItemView:
        """Excuse one item of a multi-instance activity (it needs no evidence), with a reason."""
        self.store.require_schema()
        with self.store.transaction() as tx:
            row, procedure, actor, state, activity = self._step(tx, cycle_id)
            ctx = StepContext(procedure=procedure, activity=activity, actor=actor,
                              expected_activity=expected_activity, reason=reason)
            known = frozenset(i.item_id for i in tx.items(row.id, row.activity)) if row.activity else frozenset()
            engine.check_waive(procedure, state, ctx, item, known)
            assert row.activity is not None
            current = {i.id: i for i in self._items(tx, row, procedure, row.activity)}[item]
            if current.state != "pending":
                raise Refused("service.item_not_pending", item=current.name,
                              state=Message(f"item.{current.state}"))
            now = self.now_text()
            tx.append_event(ev.make_event(
                ev.ITEM_WAIVED, now, actor, procedure=_cycle_procedure_ref(row), cycle=row.id,
                activity=_activity_ref(procedure, row.activity), from_state=state, to_state=state,
                reason=reason.strip(), data={"item": item, "item_name": current.name}))
            tx.waive_item(row.id, row.activity, item, reason.strip(), actor.login, now)
            tx.update_cycle(row.id, row.lock_version, updated_at=now)
            return replace(current, state="waived", reason=reason.strip())

    def migrate(self, cycle_id: str, to_version: str, mapping: dict[int, int] | None = None) -> CycleView:
        """Move a running cycle to another published version of its procedure, deliberately: its
        current activity goes to the activity of the same number, or where `mapping` says."""
        self.store.require_schema()
        with self.store.transaction() as tx:
            row, procedure, actor, state, activity = self._step(tx, cycle_id)
            ctx = StepContext(procedure=procedure, activity=activity, actor=actor)
            engine.check_migrate(procedure, state, ctx)
            target_row = self._procedure_row(tx, row.procedure_code, to_version)
            if target_row.sha256 == row.procedure_sha256:
                raise Refused("service.migrate_same_version", version=to_version)
            target = procedure_from_row(target_row)
            assert row.activity is not None
            number = (mapping or {}).get(row.activity, row.activity)
            if number not in {a.number for a in target.activities}:
                raise Refused("service.migrate_no_counterpart", number=row.activity, version=to_version)
            now = self.now_text()
            lifecycle, _ = states.row_state(state)
            to_state = states.machine_state(lifecycle, number)
            tx.append_event(ev.make_event(
                ev.CYCLE_MIGRATED, now, actor, procedure=_procedure_ref(target_row), cycle=row.id,
                activity=_activity_ref(target, number), from_state=state, to_state=to_state,
                data={"from_version": row.procedure_version, "from_sha256": row.procedure_sha256,
                      "to_version": target_row.version, "mapping": {str(k): v for k, v in (mapping or {}).items()}}))
            values: dict[str, Any] = {"procedure_version": target_row.version,
                                      "procedure_sha256": target_row.sha256, "activity": number, "updated_at": now}
            if number != row.activity:
                values["activity_since"] = now
            tx.update_cycle(row.id, row.lock_version, **values)
            self._ensure_items(tx, row.id, target, number)
            return _cycle_view(replace(row, lock_version=row.lock_version + 1, **values), target)

    def _move(self, cycle_id: str, event: str, kind: str, reason: str, expected_activity: int | None,
              target: int | None) -> CycleView:
        self.store.require_schema()
        with self.store.transaction() as tx:
            row, procedure, actor, state, activity = self._step(tx, cycle_id)
            ctx = StepContext(procedure=procedure, activity=activity, actor=actor,
                              expected_activity=expected_activity, reason=reason, target_activity=target)
            decision = engine.decide(procedure, row.procedure_sha256, state, event, ctx)
            assert activity is not None
            now = self.now_text()
            tx.append_event(ev.make_event(
                kind, now, actor, procedure=_cycle_procedure_ref(row), cycle=row.id,
                activity=_activity_ref(procedure, activity.number), from_state=decision.from_state,
                to_state=decision.to_state, reason=reason.strip(),
                data={"to_activity": decision.to_activity} if target is not None else None))
            return _cycle_view(self._apply(tx, row, decision, now, procedure), procedure)

    def _apply(self, tx: Tx, row: CycleRow, decision: engine.Decision, now: str,
               procedure: Procedure | None = None) -> CycleRow:
        """Write the engine's decision to the cycle row (under its lock version) and return the new row."""
        if decision.to_activity is not None:
            self._ensure_items(tx, row.id, procedure or self._cycle_procedure(tx, row), decision.to_activity)
        ended = decision.to_lifecycle in states.TERMINAL_STATES
        values: dict[str, Any] = {"state": decision.to_lifecycle, "activity": decision.to_activity,
                                  "updated_at": now, "ended_at": now if ended else None}
        if decision.to_activity != decision.from_activity:
            values["activity_since"] = now if decision.to_activity is not None else None
        elif decision.event == "resume" and row.activity_since:
            # Terms do not run while a cycle is suspended: move its start by the time it was paused
            # (nothing else can change a suspended cycle, so its last change is the suspension).
            values["activity_since"] = ev.utc_text(_parse_utc(row.activity_since) + (
                _parse_utc(now) - _parse_utc(row.updated_at)))
        tx.update_cycle(row.id, row.lock_version, **values)
        return replace(row, lock_version=row.lock_version + 1, **values)

    # -- audit ------------------------------------------------------------------------------------
    def verify(self) -> VerifyResult:
        """Re-hash the whole chain and every evidence file (see `workflow.service.auditing` for more)."""
        from workflow.service.auditing import verify

        return verify(self)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _staff_data(row: StaffRow) -> dict[str, Any]:
    return {"login": row.login, "name": row.name, "area": row.area_id, "role": row.role_id,
            "admin": row.is_admin}


def _procedure_ref(row: ProcedureRow) -> dict[str, str]:
    return {"code": row.code, "version": row.version, "sha256": row.sha256}


def _cycle_procedure_ref(row: CycleRow) -> dict[str, str]:
    return {"code": row.procedure_code, "version": row.procedure_version, "sha256": row.procedure_sha256}


def _activity_ref(procedure: Procedure, number: int) -> dict[str, Any]:
    return {"number": number, "name": procedure.activity(number).name}


def _evidence_ref(stored: StoredFile, given: EvidenceInput) -> dict[str, Any]:
    return {"sha256": stored.sha256, "name": stored.display_name, "size": stored.size,
            "media_type": stored.media_type, "record": given.record, "item": given.item}


def _evidence_ref_from_row(row: EvidenceRow) -> dict[str, Any]:
    return {"sha256": row.sha256, "name": row.display_name, "size": row.size, "media_type": row.media_type,
            "record": row.record_id, "item": row.item}


def _evidence_row(cycle_id: str, activity: int, given: EvidenceInput, stored: StoredFile, note: str | None,
                  actor: Actor, now: str, seq: int) -> EvidenceRow:
    return EvidenceRow(cycle_id=cycle_id, activity=activity, record_id=given.record, item=given.item,
                       sha256=stored.sha256, size=stored.size, display_name=stored.display_name,
                       media_type=stored.media_type, note=note, attached_by=actor.login, attached_at=now,
                       audit_seq=seq)


def _cycle_view(row: CycleRow, procedure: Procedure, deadline: Deadline | None = None) -> CycleView:
    name = procedure.activity(row.activity).name if row.activity is not None else None
    return CycleView(id=row.id, procedure=row.procedure_code, version=row.procedure_version, title=row.title,
                     state=row.state, activity=row.activity, activity_name=name, started_at=row.started_at,
                     started_by=row.started_by, updated_at=row.updated_at, ended_at=row.ended_at,
                     deadline=deadline)


def _parse_utc(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def _local_date(moment: str) -> date:
    return _parse_utc(moment).astimezone(LOCAL_ZONE).date()


def _history_entry(row: Any) -> HistoryEntry:
    payload = audit.decode(row.payload)
    actor = payload.get("actor") or {}
    activity = payload.get("activity") or {}
    return HistoryEntry(seq=row.seq, type=row.type, actor=row.actor, actor_name=actor.get("name") or row.actor,
                        role=actor.get("role"), area=actor.get("area"), at=row.at,
                        from_state=payload.get("from_state"), to_state=payload.get("to_state"),
                        activity=activity.get("number"), evidence=tuple(payload.get("evidence") or ()),
                        note=payload.get("note"), reason=payload.get("reason"), hash=row.hash)


def _evidence_view(row: EvidenceRow, procedure: Procedure) -> EvidenceView:
    try:
        record_name = procedure.record(row.record_id).name
    except KeyError:
        record_name = row.record_id
    return EvidenceView(record=row.record_id, record_name=record_name, activity=row.activity, item=row.item,
                        name=row.display_name, sha256=row.sha256, size=row.size, media_type=row.media_type,
                        attached_by=row.attached_by, attached_at=row.attached_at, seq=row.audit_seq,
                        note=row.note)
