"""The auditor's use cases: verify the chain (against a signed checkpoint too), sign checkpoints,
export the trail. Read-only towards the database; files are written atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, nullcontext
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.core import checkpoint
from workflow.core.limits import check_day
from workflow.errors import Refused, UsageError
from workflow.exports.source import FORMATS, ExportContext, ExportEvent, ProcedureHeader, iter_events
from workflow.service import reference, signing_key
from workflow.service.outputs import check_output
from workflow.service.verifying import Progress, counting, hash_list_path
from workflow.service.verifying import verify as verify  # the auditor's first use case lives in its own module
from workflow.storage.atomic import scratch_folder, write_atomically

if TYPE_CHECKING:
    from workflow.core.definition import Procedure
    from workflow.service.context import Context
    from workflow.storage.store import Tx


def take_checkpoint(ctx: Context, out: Path, write_public_key: bool = False,
                    force: bool = False) -> checkpoint.Checkpoint:
    """Sign "the first N events have head hash H" as the log is now; keep a copy beside the data.
    `out` (and `out.pub`) may not replace what the program reads, nor, without `force`, any file."""
    public_out = out.with_name(out.name + ".pub")
    check_output(ctx.settings, out, force)
    check_output(ctx.settings, hash_list_path(out), force)
    if write_public_key:
        check_output(ctx.settings, public_out, force)
    with ctx.reading() as tx:
        size, head = tx.head()
        first = tx.event_hash(1)
        hashes = [str(digest) for _seq, digest in tx.event_hashes()]
    if size == 0 or first is None:
        raise Refused("audit.empty_log")
    key = signing_key.load(ctx)
    signed = checkpoint.Checkpoint(origin=checkpoint.origin_of(first), size=size, head=head,
                                   time=ctx.now_text(), key=checkpoint.fingerprint(key.public_key()))
    text = checkpoint.sign(signed, key).encode("utf-8")
    public = checkpoint.public_key_text(key.public_key()).encode("ascii")
    write_atomically(out, text, overwrite=force)
    # Where a later rewrite starts, if one happens: every covered event's hash, signed the same way.
    write_atomically(hash_list_path(out), checkpoint.sign_hash_list(signed, hashes[:size], key).encode("utf-8"),
                     overwrite=force)
    if write_public_key:
        write_atomically(public_out, public, overwrite=force)
    # The latest checkpoint is kept beside the signing key (exports carry it), in both modes.
    write_atomically(ctx.settings.checkpoints_dir / "latest.txt", text)
    write_atomically(ctx.settings.checkpoints_dir / "latest.pub", public)
    return signed


def _day(text: str | None, option: str, next_day: bool = False) -> str | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError("audit.bad_date", option=option, value=text) from exc
    check_day(option, day)  # also keeps the day after `--until` a date Python can name
    return (day + timedelta(days=1) if next_day else day).isoformat()


def export(ctx: Context, fmt: str, out: Path, cycle: str | None = None, since: str | None = None,
           until: str | None = None, progress: Progress | None = None, force: bool = False) -> int:
    """Write the trail (or one cycle's part, or a date range, `until` inclusive) in `fmt` to `out`,
    which may not replace what the program reads, nor, without `force`, any existing file."""
    if fmt not in FORMATS:
        raise UsageError("audit.bad_format", format=fmt, formats=", ".join(FORMATS))
    since_at, until_at = _day(since, "--since"), _day(until, "--until", next_day=True)
    if since_at is not None and until_at is not None and since_at >= until_at:  # `until` is inclusive
        raise UsageError("audit.since_after_until", since=since, until=until)
    check_output(ctx.settings, out, force)
    writer = _writer(fmt)
    verified = verify(ctx).to_json() if fmt in ("html", "jsonl") else None
    # XLSX rows wait in temporary files: in the home's scratch folder, which the next command cleans
    # if this one is killed, rather than in the system's temporary folder, which nobody cleans.
    scratching = scratch_folder(ctx.settings.scratch_dir) if fmt == "xlsx" else nullcontext(None)
    with scratching as scratch, ctx.reading() as tx:
        if cycle is not None:
            cycle = ctx.cycle_row(tx, cycle).id
        names = _names(ctx, tx)
        context = ExportContext(
            generated_at=ctx.now_text(), generated_by=ctx.login(), cycle=cycle, since=since, until=until,
            procedures=tuple(_headers(ctx, tx)), verify=verified,
            checkpoint_text=_optional(ctx.settings.checkpoints_dir / "latest.txt"),
            public_key_text=_optional(ctx.settings.checkpoints_dir / "latest.pub"),
            language=_language(), scratch_dir=scratch)
        total = tx.event_count() if progress else 0
        source = tx.export_rows(cycle, since_at, until_at, by_cycle=fmt == "xes")
        events: Iterator[ExportEvent] = iter_events(counting(source, total, progress), names)
        written = 0

        def produce(handle: Any) -> None:
            nonlocal written
            written = writer(events, handle, context)

        with closing(source):
            write_atomically(out, produce, overwrite=force)
    return written


def _language() -> str:
    from workflow.i18n import current_language

    return current_language()


def _optional(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


Writer = Callable[[Iterator[ExportEvent], Any, ExportContext], int]


def _writer(fmt: str) -> Writer:
    # A fixed table, not a lookup by name: nothing outside the code chooses what gets imported.
    if fmt == "csv":
        from workflow.exports import csv_export
        return csv_export.write
    if fmt == "xlsx":
        from workflow.exports import xlsx_export
        return xlsx_export.write
    if fmt == "jsonl":
        from workflow.exports import jsonl_export
        return jsonl_export.write
    if fmt == "xes":
        from workflow.exports import xes_export
        return xes_export.write
    from workflow.exports import html_export
    return html_export.write


def _names(ctx: Context, tx: Tx) -> Callable[[str | None, str, str | None], str | None]:
    """Display names of areas, roles and records, by the procedure version an event names (or, for
    events outside any procedure, by the latest versions); of items, by the published item lists."""
    by_sha: dict[str, Procedure] = {row.sha256: ctx.definitions.of(row) for row in tx.procedures()}
    fallback: dict[tuple[str, str], str] = {}
    for procedure in by_sha.values():
        fallback.update({("area", a.id): a.name for a in procedure.areas})
        fallback.update({("role", r.id): r.name for r in procedure.roles})
        fallback.update({("record", r.id): r.name for r in procedure.records})
    for row in tx.references():
        if row.kind == reference.ITEM_LIST:
            fallback.update({("item", i.id): i.name for i in reference.items(tx, row.name) or ()})

    def name(sha: str | None, kind: str, ident: str | None) -> str | None:
        if ident is None:
            return None
        procedure = by_sha.get(sha or "")
        if procedure is not None and kind != "item":
            try:
                if kind == "area":
                    return procedure.area(ident).name
                if kind == "role":
                    return procedure.role(ident).name
                return procedure.record(ident).name
            except KeyError:
                pass
        return fallback.get((kind, ident))

    return name


def _headers(ctx: Context, tx: Tx) -> Iterator[ProcedureHeader]:
    for row in tx.procedures():
        procedure = ctx.definitions.of(row)
        yield ProcedureHeader(
            code=procedure.code, title=procedure.title, version=procedure.version, sha256=row.sha256,
            published_at=row.published_at, organization=procedure.organization.name,
            process=procedure.process,
            change_control=tuple((c.version, c.date, c.description) for c in procedure.change_control),
            activities=tuple((a.number, a.name, tuple((r, procedure.record(r).name) for r in a.records))
                             for a in procedure.activities))
