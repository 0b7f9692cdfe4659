"""`audit verify`: the chain re-hashed, replayed into the tables it implies, and compared with them.

In one read transaction (one snapshot of every table): every link of the chain is checked and every
event replayed (`workflow.core.replay`), with the denormalised columns of its row checked against its
payload; given a signed checkpoint, the log must still hold the signed prefix; then every table the
events project (cycles, items, evidence rows and content, staff, published procedures and data) is
compared with the replay (`workflow.core.reconcile`) and every evidence file re-hashed. The first
problem, by the seq of the event it concerns, is the answer.

On a big SQLite log the same checks first run in two processes (`_in_parallel`): a worker re-hashes
the chain and digests the big tables while this process replays, both on one snapshot. That path can
only say "all is well"; anything else, and the one-process verify runs in full and names the problem.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.core import chain as audit
from workflow.core import checkpoint
from workflow.core.definition import Procedure
from workflow.core.itemlists import Item, parse_item_list
from workflow.core.limits import MAX_KEY_FILE_BYTES
from workflow.core.loading import load_procedure_text
from workflow.core.named_files import UnreadableFile, read_named_file
from workflow.core.reconcile import DIGESTED_TABLES, ProjectionDigests, first_disagreement, json_rows
from workflow.core.replay import Replay
from workflow.errors import DefinitionInvalid, Message, NotFound, Refused
from workflow.service import incidents, signing_key
from workflow.service.views import VerifyResult
from workflow.storage import verify_worker

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from workflow.service.context import Context
    from workflow.storage.store import Tx

Progress = Callable[[int, int], None]  # (done, total)
PROGRESS_EVERY = 20_000
# Events from which a second process pays for its start (a few hundredths of a second) on SQLite.
PARALLEL_FROM = 20_000


def counting_batches(batches: Iterator[list[Any]], total: int, progress: Progress | None) -> Iterator[list[Any]]:
    """`counting` a batch at a time: progress told after each batch, nothing added per row."""
    if progress is None:
        return batches
    return _told(batches, total, progress)


def _told(batches: Iterator[list[Any]], total: int, progress: Progress) -> Iterator[list[Any]]:
    done = 0
    for rows in batches:
        done += len(rows)
        progress(done, total)
        yield rows
    progress(done, total)


def counting(rows: Iterator[Any], total: int, progress: Progress | None) -> Iterator[Any]:
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
    """Re-hash the whole chain from the stored bytes, replay it against every table it projects,
    re-hash every evidence file it refers to, and, given a checkpoint, check that the log still holds
    the signed prefix."""
    signed: checkpoint.Checkpoint | None = None
    listed: list[str] | None = None
    refusal: Refused | None = None
    if checkpoint_path is not None:
        try:
            signed, listed = _read_checkpoint(ctx, checkpoint_path, key_path)
        except Refused as refused:  # forged, another key, not a checkpoint: a failed verification
            refusal = refused
    if refusal is None:
        intact = _in_parallel(ctx, signed, listed, progress)
        if intact is not None:
            return intact
    with ctx.reading() as tx:
        replay = Replay(*_published_lookups(ctx, tx))
        total = tx.event_count() if progress else 0
        with _collector_paused():
            count, broken, unexplained = audit.walk_chain_batches(
                counting_batches(tx.verify_batches(PROGRESS_EVERY), total, progress), replay.apply)
        if broken is not None:
            return _bad(count, broken.seq, Message(f"audit.problem_{broken.kind}", {"seq": broken.seq}), signed)
        if (incident := incidents.first(tx)) is not None:  # PostgreSQL: guards dropped, disabled, replaced
            return _bad(count, None, incident, signed)
        if signed is not None:
            found = _against_checkpoint(tx, signed, count, listed)
            if found is not None:
                return _bad(count, found[0], found[1], signed)
        if unexplained is not None:
            return _bad(count, unexplained.seq, Message(unexplained.key, unexplained.params), signed)
        if refusal is not None:
            return VerifyResult(ok=False, events=count, first_bad_seq=None, problem=refusal.message)
        disagreement = first_disagreement(replay, tx.stored_tables())
        checked, fault = _evidence_files(ctx, tx, replay, disagreement.seq if disagreement else None)
        if fault is not None:
            return _bad(count, fault[0], fault[1], signed, checked)
        if disagreement is not None:
            return _bad(count, disagreement.seq, Message(disagreement.key, disagreement.params), signed, checked)
    return VerifyResult(ok=True, events=count, first_bad_seq=None, problem=None, evidence_files=checked,
                        checkpoint=signed.to_json() if signed else None)


def _in_parallel(ctx: Context, signed: checkpoint.Checkpoint | None, listed: list[str] | None,
                 progress: Progress | None) -> VerifyResult | None:
    """The whole verification of an intact SQLite log, in two processes: the worker re-hashes the chain
    and digests the cycles, items and evidence rows while this one replays the events and compares
    the rest; both read one snapshot (`verify_worker.writers_paused`). The result when all is well;
    None otherwise, or when the worker cannot run, and the one-process verify decides."""
    database = verify_worker.database_file(ctx.store.engine.url)
    if database is None:
        return None
    with ctx.reading() as tx:
        if tx.head()[0] < PARALLEL_FROM:
            return None
    tables = [verify_worker.Table(name, columns, order) for name, columns, order in DIGESTED_TABLES]
    with ExitStack() as stack:
        with verify_worker.writers_paused(database) as paused:
            if not paused:
                return None
            tx = stack.enter_context(ctx.reading())  # its snapshot starts here, as the worker's does
            worker = verify_worker.start(database, audit.DOMAIN_TAG, audit.GENESIS_HASH, tables, PROGRESS_EVERY)
        if worker is None:
            return None
        stack.callback(worker.close)
        replay = Replay(*_published_lookups(ctx, tx))
        total = tx.event_count() if progress else 0
        count, columns, digests = 0, hashlib.sha256(), ProjectionDigests(replay, PROGRESS_EVERY)
        with _collector_paused():
            for rows in counting_batches(tx.replay_batches(PROGRESS_EVERY), total, progress):
                said: list[tuple[Any, ...]] = []  # what each payload says of its row's other columns
                if replay.apply_rows(rows, said) is not None or (text := json_rows(said)) is None:
                    return None
                columns.update(text)
                digests.update()  # the evidence rows digested so far, let go
                count += len(rows)
            expected = digests.result()
        found = worker.result()
        if (found is None or found["chain"] is not True or found["events"] != count
                or found["columns"] != columns.hexdigest() or expected is None or found["tables"] != expected):
            return None
        if incidents.first(tx) is not None:
            return None
        if signed is not None and _against_checkpoint(tx, signed, count, listed) is not None:
            return None
        if first_disagreement(replay, tx.stored_tables(), digested=True) is not None:
            return None
        checked, fault = _evidence_files(ctx, tx, replay, None)
        if fault is not None:
            return None
    return VerifyResult(ok=True, events=count, first_bad_seq=None, problem=None, evidence_files=checked,
                        checkpoint=signed.to_json() if signed else None)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the replay builds its tables: it would walk every row kept
    so far, again and again, and the replay makes no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _bad(count: int, seq: int | None, problem: Message, signed: checkpoint.Checkpoint | None,
         checked: int = 0) -> VerifyResult:
    return VerifyResult(ok=False, events=count, first_bad_seq=seq, problem=problem, evidence_files=checked,
                        checkpoint=signed.to_json() if signed else None)


def _against_checkpoint(tx: Tx, signed: checkpoint.Checkpoint, count: int,
                        listed: list[str] | None) -> tuple[int, Message] | None:
    first = tx.event_hash(1)
    if first is None or checkpoint.origin_of(first) != signed.origin:
        return 1, Message("audit.checkpoint_other_log", {"origin": signed.origin})
    if count < signed.size:
        return count + 1, Message("audit.checkpoint_truncated", {"size": signed.size, "count": count})
    if tx.event_hash(signed.size) == signed.head:
        return None
    if listed is not None:  # the signed list of every event's hash says where the rewrite starts
        for (seq, digest), prefix in zip(tx.event_hashes(), listed, strict=False):
            if not str(digest).startswith(prefix):
                return int(seq), Message("audit.checkpoint_rewritten_from", {"seq": int(seq)})
    return signed.size, Message("audit.checkpoint_rewritten", {"seq": signed.size})


def hash_list_path(checkpoint_path: Path) -> Path:
    """Where `audit checkpoint` writes the signed list of event hashes beside a checkpoint."""
    return checkpoint_path.with_name(checkpoint_path.name + ".hashes")


def _evidence_files(ctx: Context, tx: Tx, replay: Replay, before: int | None) -> tuple[int, tuple[int, Message] | None]:
    """Re-hash the content of every file the events recorded, in the order they were first recorded,
    up to the event of a table disagreement already found (the earlier problem is the answer)."""
    checked = 0
    for (sha, manifest), seq in replay.contents.items():  # in the order first recorded
        if before is not None and seq >= before:
            break
        checked += 1
        fault = ctx.files.check(sha, tx, manifest)  # streamed: a chunk at a time on PostgreSQL
        if fault is not None:
            return checked, (seq, Message(f"audit.evidence_{fault}", {"seq": seq, "sha256": sha}))
    return checked, None


def _published_lookups(ctx: Context, tx: Tx) -> tuple[Callable[[str], bool],
                                                       Callable[[str], tuple[tuple[int, str], ...] | None],
                                                       Callable[[str], tuple[Item, ...] | None],
                                                       Callable[[str], Procedure | None]]:
    """What the replay needs of published texts, looked up by the SHA-256 of the text itself (never of
    a column that could be edited): whether a text is still there, the lists of a procedure version,
    the items of a list, and the definition every step is decided on again."""
    procedures = {_sha(row.text): row for row in tx.procedures()}
    references = tx.references()
    lists = {_sha(row.text): row for row in references}  # the event names the kind, not this column
    texts = set(procedures) | {_sha(row.text) for row in references}
    definitions: dict[str, Procedure | None] = {}
    per_item: dict[str, tuple[tuple[int, str], ...] | None] = {}  # activities run once per item
    parsed: dict[str, Any] = {}

    def procedure_of(sha: str) -> Procedure | None:
        if sha not in definitions:
            row = procedures.get(sha)
            try:  # parsed here, keyed by the text's own hash: a cache keyed by a column could be lied to
                definitions[sha] = load_procedure_text(row.text, f"{row.code}@{row.version}").procedure \
                    if row is not None else None
            except DefinitionInvalid:
                definitions[sha] = None
        return definitions[sha]

    def lists_of(sha: str) -> tuple[tuple[int, str], ...] | None:
        if sha not in per_item:
            procedure = procedure_of(sha)
            per_item[sha] = None if procedure is None else tuple(
                (a.number, a.for_each) for a in procedure.activities if a.for_each is not None)
        return per_item[sha]

    def items_of(sha: str) -> tuple[Item, ...] | None:
        if sha not in parsed:
            row = lists.get(sha)
            try:
                parsed[sha] = parse_item_list(row.text, row.name) if row is not None else None
            except DefinitionInvalid:
                parsed[sha] = None
        return parsed[sha]  # type: ignore[no-any-return]

    return texts.__contains__, lists_of, items_of, procedure_of


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_checkpoint(ctx: Context, path: Path, key_path: Path | None
                     ) -> tuple[checkpoint.Checkpoint, list[str] | None]:
    """The signed checkpoint and, when it lies beside it, its signed list of event hashes."""
    text = read_text(path, "audit.checkpoint_unreadable")
    if key_path is not None:
        key = checkpoint.parse_public_key(read_text(key_path, "audit.key_unreadable"))
    else:
        key = _local_public_key(ctx)
    signed = checkpoint.verify_signature(text, key)
    hashes = hash_list_path(path)
    if not hashes.is_file():
        return signed, None  # older checkpoints, or one kept without its list: the head is still checked
    return signed, checkpoint.verify_hash_list(read_text(hashes, "audit.checkpoint_unreadable"), key, signed)


def read_text(path: Path, key: str) -> str:
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
    return checkpoint.load_private_key(signing_key.key_bytes(path)).public_key()
