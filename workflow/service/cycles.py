"""The commands on cycles, each one transaction that reads as load -> decide -> persist.

The rules (who may, what a step needs, where it goes, which columns change, what the trail says)
are the core's (`workflow.core.outcomes`); this module only loads the facts, stores the files a
command hands in, and writes the outcome. The files are copied and hashed before the write lock (on
PostgreSQL streamed into the transaction before it takes the lock) and only put in place inside it,
after the step was decided and written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Protocol

from workflow.core import case_data, case_steps, outcomes
from workflow.core.definition import Procedure
from workflow.core.evidence import StoredFile
from workflow.core.limits import MAX_TITLE_CHARS, check_text
from workflow.core.outcomes import CycleFacts, Outcome
from workflow.core.records import CycleRow, EvidenceRow, ItemRow, ProcedureRow
from workflow.errors import Refused
from workflow.service import reference
from workflow.service.context import Context
from workflow.service.inputs import EvidenceInput as EvidenceInput
from workflow.service.views import CycleView, EvidenceView, ItemView, cycle_view, evidence_view
from workflow.storage.evidence_files import check_readable
from workflow.storage.store import Tx


class Staged(Protocol):
    """A file copied (or read) and hashed before the transaction, put in place inside it."""

    @property
    def stored(self) -> StoredFile: ...

    def upload(self, tx: Tx) -> None: ...

    def place(self, tx: Tx) -> None: ...


def upload_all(files: Sequence[Staged]) -> Callable[[Tx], None]:
    """What a writing transaction does before its lock: stream the files in (PostgreSQL)."""
    def upload(tx: Tx) -> None:
        for file in files:
            file.upload(tx)
    return upload


def staged_file(ctx: Context, path: Path) -> AbstractContextManager[Staged]:
    return ctx.files.staged(path)


def start(ctx: Context, code: str, title: str | None = None, fields: Mapping[str, str] | None = None) -> CycleView:
    """A new cycle of the latest published version of `code`, with its case data (`fields`)."""
    check_text("--title", title, MAX_TITLE_CHARS)
    with ctx.writing() as tx:
        actor = ctx.actor(tx)
        published = ctx.definitions.row(tx, code)
        procedure = ctx.definitions.of(published)
        values = case_data.check_start_values(procedure, fields or {}, field_items(tx, procedure))
        outcome = outcomes.start(procedure, published, actor, tx.next_cycle_number(procedure.code), title,
                                 ctx.now_text(), values)
        return cycle_view(persist(tx, outcome)[0], procedure)


def act(ctx: Context, cycle_id: str, action: str, fields: Mapping[str, str], reason: str | None = None,
        expected_activity: int | None = None) -> dict[str, str]:
    """Set case data by the procedure's named action `action`; the cycle's fields as they are after."""
    check_text("--reason", reason)
    with ctx.writing() as tx:
        facts = load(ctx, tx, cycle_id)
        outcome = case_steps.act(facts, action, fields, field_items(tx, facts.procedure), reason,
                                 expected_activity, ctx.now_text())
        persist(tx, outcome)
        return {**facts.fields, **outcome.fields}


def field_items(tx: Tx, procedure: Procedure) -> dict[str, frozenset[str]]:
    """The item ids each item field of `procedure` may take: those its published list holds."""
    found: dict[str, frozenset[str]] = {}
    for field in procedure.fields:
        if field.type == "item" and field.list is not None and field.list not in found:
            items = reference.items(tx, field.list)
            found[field.list] = frozenset(i.id for i in items or ())
    return found


def attach(ctx: Context, cycle_id: str, evidence: EvidenceInput, note: str | None = None,
           expected_activity: int | None = None, all_pending: bool = False) -> list[EvidenceView]:
    """Attach a file as evidence of a record of the current activity: for the activity, for one item
    (`evidence.item`), or, with `all_pending`, for every pending item at once. Stored once."""
    check_text("--note", note)
    # Copied and hashed before the write lock, so that a big file never makes other writers wait;
    # refused (unreadable, empty, too large, disk full) before anything is stored.
    ctx.store.require_file()  # a home without a database gets no evidence folder either
    with staged_file(ctx, evidence.path) as staged, ctx.writing(upload_all([staged])) as tx:
        facts = load(ctx, tx, cycle_id, records=True)
        targets = outcomes.plan_attach(facts, evidence.record, evidence.item, all_pending, expected_activity)
        outcome = outcomes.attach_outcome(facts, evidence.record, targets, staged.stored, note, ctx.now_text())
        _, written = persist(tx, outcome)
        staged.place(tx)  # the step is saved but for this: a refused step leaves no file
        return [evidence_view(row, facts.procedure) for row in written]


def complete(ctx: Context, cycle_id: str, expected_activity: int | None = None,
             evidence: Sequence[EvidenceInput] = (), note: str | None = None) -> CycleView:
    check_text("--note", note)
    if evidence:  # a home without a database is refused before its files are read (without: by `writing`)
        ctx.store.require_file()
    for given in evidence:  # every file readable before any is copied
        check_readable(given.path, ctx.max_evidence_bytes)
    with ExitStack() as files:
        staged = [(given.record, files.enter_context(staged_file(ctx, given.path))) for given in evidence]
        with ctx.writing(upload_all([file for _, file in staged])) as tx:
            facts = load(ctx, tx, cycle_id, records=True)
            decision = outcomes.plan_complete(facts, [given.record for given in evidence], expected_activity)
            outcome = outcomes.complete_outcome(facts, decision, [(record, file.stored) for record, file in staged],
                                                note, ctx.now_text())
            row = persist(tx, outcome)[0]
            for _, file in staged:
                file.place(tx)
            return cycle_view(row, facts.procedure)


def move(ctx: Context, cycle_id: str, event: str, reason: str, expected_activity: int | None,
         target: int | None = None) -> CycleView:
    """Return (`return_to_N`), cancel, skip, suspend or resume: a step with a reason and no evidence."""
    check_text("--reason", reason)
    with ctx.writing() as tx:
        facts = load(ctx, tx, cycle_id)
        outcome = outcomes.move(facts, event, reason, expected_activity, ctx.now_text(), target)
        return cycle_view(persist(tx, outcome)[0], facts.procedure)


def waive(ctx: Context, cycle_id: str, item: str, reason: str, expected_activity: int | None = None) -> ItemView:
    """Excuse one item of a multi-instance activity (it needs no evidence), with a reason."""
    check_text("--reason", reason)
    with ctx.writing() as tx:
        facts = load(ctx, tx, cycle_id, records=True)
        outcome = outcomes.waive(facts, item, reason, expected_activity, ctx.now_text())
        persist(tx, outcome)
        assert outcome.waiver is not None
        return ItemView.of(outcome.waiver.status)


def migrate(ctx: Context, cycle_id: str, to_version: str, mapping: Mapping[int, int] | None = None) -> CycleView:
    """Move a running cycle to another published version of its procedure, deliberately."""
    with ctx.writing() as tx:
        facts = load(ctx, tx, cycle_id)

        def target_version() -> tuple[Procedure, ProcedureRow]:
            row = ctx.definitions.row(tx, facts.cycle.procedure_code, to_version)
            return ctx.definitions.of(row), row

        outcome = outcomes.migrate(facts, target_version, mapping, ctx.now_text())
        return cycle_view(persist(tx, outcome)[0], ctx.definitions.of_cycle(tx, outcome.cycle))


def load(ctx: Context, tx: Tx, cycle_id: str, records: bool = False) -> CycleFacts:
    """What a step on a cycle starts from: its row, its version of the procedure, who is acting and,
    with `records`, the evidence and items of its current activity."""
    row = ctx.cycle_row(tx, cycle_id)
    procedure = ctx.definitions.of_cycle(tx, row)
    actor = ctx.actor(tx)
    fields = tx.case_fields(row.id) if procedure.fields else {}
    if not records or row.activity is None:
        return CycleFacts(cycle=row, procedure=procedure, actor=actor, fields=fields)
    # Items are looked at only where the activity runs once per item (every rule asks that first).
    per_item = any(a.number == row.activity and a.for_each is not None for a in procedure.activities)
    return CycleFacts(cycle=row, procedure=procedure, actor=actor, evidence=tuple(tx.evidence(row.id, row.activity)),
                      items=tuple(tx.items(row.id, row.activity)) if per_item else (), fields=fields)


def persist(tx: Tx, outcome: Outcome) -> tuple[CycleRow, list[EvidenceRow]]:
    """Write an outcome: its events first (the chain is the source of truth), each with the evidence
    rows it names, then the cycle row under its lock version, the items, the waiver. Returns the
    cycle as written and the evidence rows, linked to their events."""
    cycle = outcome.cycle
    written: list[EvidenceRow] = []
    seq = 0
    for planned in outcome.events:
        link = tx.append_event(planned.payload)
        seq = link.seq
        for evidence in planned.evidence:
            row = evidence.row(cycle.id, link.seq)
            tx.insert_evidence(row)
            written.append(row)
    if outcome.created:
        tx.insert_cycle(cycle)
    else:
        tx.update_cycle(cycle.id, outcome.read_lock_version,
                        **{name: value for name, value in outcome.changes.items() if name not in outcome.unchanged})
    for copy in outcome.copy_items:
        _copy_items(tx, cycle.id, copy)
    if outcome.waiver is not None:
        waiver = outcome.waiver
        tx.waive_item(cycle.id, waiver.activity, waiver.item, waiver.reason, waiver.by, waiver.at)
    if outcome.fields:
        tx.set_case_fields(cycle.id, outcome.fields, seq)
    return cycle, written


def _copy_items(tx: Tx, cycle_id: str, copy: outcomes.ItemCopy) -> None:
    """Copy the items of a list into the cycle, once: later changes of the list do not change a
    running cycle."""
    if tx.items(cycle_id, copy.activity):
        return
    found = reference.items(tx, copy.list_id)
    if found is None:
        raise Refused("reference.missing_list", name=copy.list_id, number=copy.activity)
    tx.insert_items([ItemRow(cycle_id=cycle_id, activity=copy.activity, item_id=i.id, name=i.name, group_name=i.group,
                             waived_reason=None, waived_by=None, waived_at=None) for i in found])
