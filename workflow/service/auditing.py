"""The auditor's use cases: verify the chain (against a signed checkpoint too), sign checkpoints,
export the trail. Read-only towards the database; files are written atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, nullcontext
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.core import chain as audit
from workflow.core import checkpoint
from workflow.core.limits import MAX_KEY_FILE_BYTES, check_day
from workflow.core.named_files import UnreadableFile, read_named_file
from workflow.errors import Message, NotFound, Refused, UsageError
from workflow.exports.source import FORMATS, ExportContext, ExportEvent, ProcedureHeader, iter_events
from workflow.service.outputs import check_output
from workflow.service.views import VerifyResult
from workflow.storage.atomic import ensure_folder, scratch_folder, write_atomically

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    from workflow.core.definition import Procedure
    from workflow.service.context import Context
    from workflow.storage.store import Tx

Progress = Callable[[int, int], None]  # (done, total)
PROGRESS_EVERY = 20_000


def _counting(rows: Iterator[Any], total: int, progress: Progress | None) -> Iterator[Any]:
    if progress is None:
        yield from rows
        return
    done = 0
    for row in rows:
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        yield row
    progress(done, total)


def verify(ctx: Context, checkpoint_path: Path | None = None, key_path: Path | None = None,
           progress: Progress | None = None) -> VerifyResult:
    """Re-hash the whole chain from the stored bytes, every evidence file it refers to, and, given a
    checkpoint, that the log still holds the signed prefix."""
    signed: checkpoint.Checkpoint | None = None
    refusal: Refused | None = None
    if checkpoint_path is not None:
        try:
            signed = _read_checkpoint(ctx, checkpoint_path, key_path)
        except Refused as refused:  # forged, another key, not a checkpoint: a failed verification
            refusal = refused
    with ctx.reading() as tx:
        total = tx.event_count() if progress else 0
        count, problem = audit.first_chain_problem(_counting(tx.chain_rows(), total, progress))
        if problem is not None:
            return _bad(count, problem.seq, Message(f"audit.problem_{problem.kind}", {"seq": problem.seq}), signed)
        checked = 0
        for sha, seq in tx.evidence_hashes():
            checked += 1
            fault = ctx.files.check(sha, tx)
            if fault is not None:
                return _bad(count, seq, Message(f"audit.evidence_{fault}", {"seq": seq, "sha256": sha}), signed,
                            checked)
        if refusal is not None:
            return VerifyResult(ok=False, events=count, first_bad_seq=None, problem=refusal.message,
                                evidence_files=checked)
        if signed is not None:
            first = tx.event_hash(1)
            if first is None or checkpoint.origin_of(first) != signed.origin:
                return _bad(count, 1, Message("audit.checkpoint_other_log", {"origin": signed.origin}), signed,
                            checked)
            if count < signed.size:
                return _bad(count, count + 1, Message("audit.checkpoint_truncated",
                                                      {"size": signed.size, "count": count}), signed, checked)
            if tx.event_hash(signed.size) != signed.head:
                return _bad(count, signed.size, Message("audit.checkpoint_rewritten", {"seq": signed.size}),
                            signed, checked)
    return VerifyResult(ok=True, events=count, first_bad_seq=None, problem=None, evidence_files=checked,
                        checkpoint=signed.to_json() if signed else None)


def _bad(count: int, seq: int, problem: Message, signed: checkpoint.Checkpoint | None,
         checked: int = 0) -> VerifyResult:
    return VerifyResult(ok=False, events=count, first_bad_seq=seq, problem=problem, evidence_files=checked,
                        checkpoint=signed.to_json() if signed else None)


def _read_checkpoint(ctx: Context, path: Path, key_path: Path | None) -> checkpoint.Checkpoint:
    text = _read_text(path, "audit.checkpoint_unreadable")
    if key_path is not None:
        key = checkpoint.parse_public_key(_read_text(key_path, "audit.key_unreadable"))
    else:
        key = _local_public_key(ctx)
    return checkpoint.verify_signature(text, key)


def _read_text(path: Path, key: str) -> str:
    try:  # a pipe or device is refused unread: it would block or never end
        return read_named_file(path, MAX_KEY_FILE_BYTES).decode("utf-8")
    except UnreadableFile as refused:
        raise (NotFound if refused.fault == "missing" else Refused)(key, path=str(path),
                                                                   reason=refused.reason()) from None
    except UnicodeDecodeError as exc:
        raise Refused(key, path=str(path), reason=str(exc)) from exc


def _local_public_key(ctx: Context) -> Ed25519PublicKey:
    """Without --key the log's own signing key is used: fine for its keeper, not for an auditor, who
    should pass the public key they were handed (a key read from the checkpoint proves nothing)."""
    path = ctx.settings.signing_key_path
    if not path.is_file():
        raise Refused("audit.no_key", path=str(path))
    return checkpoint.load_private_key(_key_bytes(path)).public_key()


def _signing_key(ctx: Context) -> Ed25519PrivateKey:
    path = ctx.settings.signing_key_path
    if path.is_file():
        if path.stat().st_mode & 0o077:
            raise Refused("audit.key_permissions", path=str(path))
        return checkpoint.load_private_key(_key_bytes(path))
    key = checkpoint.new_private_key()
    ensure_folder(path.parent, 0o700)
    write_atomically(path, checkpoint.private_key_pem(key), mode=0o600)
    return key


def _key_bytes(path: Path) -> bytes:
    try:
        return read_named_file(path, MAX_KEY_FILE_BYTES)
    except UnreadableFile as refused:
        raise Refused("audit.key_unreadable", path=str(path), reason=refused.reason()) from None


def take_checkpoint(ctx: Context, out: Path, write_public_key: bool = False,
                    force: bool = False) -> checkpoint.Checkpoint:
    """Sign "the first N events have head hash H" as the log is now; keep a copy beside the data.
    `out` (and `out.pub`) may not replace what the program reads, nor, without `force`, any file."""
    public_out = out.with_name(out.name + ".pub")
    check_output(ctx.settings, out, force)
    if write_public_key:
        check_output(ctx.settings, public_out, force)
    with ctx.reading() as tx:
        size, head = tx.head()
        first = tx.event_hash(1)
    if size == 0 or first is None:
        raise Refused("audit.empty_log")
    key = _signing_key(ctx)
    signed = checkpoint.Checkpoint(origin=checkpoint.origin_of(first), size=size, head=head,
                                   time=ctx.now_text(), key=checkpoint.fingerprint(key.public_key()))
    text = checkpoint.sign(signed, key).encode("utf-8")
    public = checkpoint.public_key_text(key.public_key()).encode("ascii")
    write_atomically(out, text, overwrite=force)
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
        events: Iterator[ExportEvent] = iter_events(_counting(source, total, progress), names)
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
    events outside any procedure, by the latest versions)."""
    by_sha: dict[str, Procedure] = {row.sha256: ctx.definitions.of(row) for row in tx.procedures()}
    fallback: dict[tuple[str, str], str] = {}
    for procedure in by_sha.values():
        fallback.update({("area", a.id): a.name for a in procedure.areas})
        fallback.update({("role", r.id): r.name for r in procedure.roles})
        fallback.update({("record", r.id): r.name for r in procedure.records})

    def name(sha: str | None, kind: str, ident: str | None) -> str | None:
        if ident is None:
            return None
        procedure = by_sha.get(sha or "")
        if procedure is not None:
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
