"""Evidence the system makes (a reconcile report, an informe, the e-mails it read): bytes attached to
the current activity of a cycle as a person's file would be, inside the caller's transaction.

The bytes are written to a private scratch folder, copied and hashed by the evidence store before the
write lock (`staged_all`), and placed inside the transaction after the events that name them
(`attach_staged`), so that a refused or failed command leaves no file and no row.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from workflow.core import engine, outcomes
from workflow.core.records import EvidenceRow
from workflow.service import cycles
from workflow.service.context import Context
from workflow.storage.atomic import scratch_folder
from workflow.storage.store import Tx

__all__ = ["Generated", "attach_staged", "before_lock", "staged_all"]


@dataclass(frozen=True)
class Generated:
    name: str  # the file name people see (`revision-pagina-web.html`)
    data: bytes
    record: str
    item: str | None = None
    note: str | None = None
    system_record: bool = False  # a record the system keeps for an activity that requires none


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:120] or "evidencia"


@contextmanager
def staged_all(ctx: Context, files: Sequence[Generated]) -> Iterator[list[tuple[Generated, cycles.Staged]]]:
    ctx.store.require_file()
    with scratch_folder(ctx.settings.scratch_dir) as scratch, ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory())) if scratch is None else scratch
        staged = []
        for index, generated in enumerate(files):
            path = folder / str(index) / _safe(generated.name)
            path.parent.mkdir()
            path.write_bytes(generated.data)
            staging: AbstractContextManager[cycles.Staged] = ctx.files.staged(path)
            staged.append((generated, stack.enter_context(staging)))
        yield staged


def before_lock(staged: Sequence[tuple[Generated, cycles.Staged]]) -> Callable[[Tx], None]:
    """Give to `ctx.writing`: the files streamed in before the write lock (PostgreSQL keeps them in chunks)."""
    return cycles.upload_all([file for _, file in staged])


def attach_staged(ctx: Context, tx: Tx, cycle_id: str, staged: Sequence[tuple[Generated, cycles.Staged]],
                  expected_activity: int | None) -> list[EvidenceRow]:
    """Attach each file (one event each, as `cycle attach` would), the cycle reloaded between them."""
    written: list[EvidenceRow] = []
    for generated, file in staged:
        facts = cycles.load(ctx, tx, cycle_id, records=True)
        if generated.system_record:
            context = facts.context(expected_activity=expected_activity)
            engine.check_may_act(facts.state, context)
            targets: tuple[str | None, ...] = (generated.item,)
        else:
            targets = outcomes.plan_attach(facts, generated.record, generated.item, False, expected_activity)
        outcome = outcomes.attach_outcome(facts, generated.record, targets, file.stored, generated.note,
                                          ctx.now_text())
        written += cycles.persist(tx, outcome)[1]
        file.place(tx)
    return written
