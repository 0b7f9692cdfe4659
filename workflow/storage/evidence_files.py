"""The content-addressed evidence store of embedded mode.

A file is stored once under `<root>/<sha[:2]>/<sha>`, whatever it was called: the original name is
only a display name kept in the database. Writes go to a temporary name in the same folder, are
fsynced, renamed into place, and the folder is fsynced, so a crash leaves either no file or the
whole file, never a partial one under its final name.

A command copies and hashes the file before it takes the write lock (`stage`), so a big file never
makes other writers wait; inside its transaction, once the step is decided, it only renames the copy
into place (`StagedFile.place`). A refused step or a failed transaction removes the copy. A write that
fails for lack of space says the disk is full, not that the source file cannot be read.
"""

from __future__ import annotations

import errno
import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from workflow.core.evidence import StoredFile, safe_display_name
from workflow.core.limits import DEFAULT_MAX_EVIDENCE_MB, MB
from workflow.core.named_files import UnreadableFile, open_named_file
from workflow.errors import NotFound, Refused, WorkflowError
from workflow.storage.atomic import TEMP_PREFIX, fsync_dir, remove_leftovers, temp_prefix

__all__ = ["TEMP_PREFIX", "EvidenceStore", "StagedFile", "check_readable", "open_evidence", "too_large"]

CHUNK = 1024 * 1024
# A full disk, or the user's quota used up: free space and try again, the file itself is fine.
DISK_FULL = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None)


def check_readable(source: Path, limit: int) -> None:
    """Refuse a missing file, a folder, a pipe or device, a file over `limit` bytes, an unreadable or
    an empty file before anything is stored (nothing is read from a pipe: it would wait for a writer;
    an empty file proves nothing: it is most often a save or a download that failed)."""
    try:
        with open_evidence(source, limit) as (handle, _size):
            first = handle.read(1)
    except OSError as exc:
        raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
    if not first:
        raise Refused("evidence.empty", path=str(source))


@contextmanager
def open_evidence(source: Path, limit: int) -> Iterator[tuple[BinaryIO, int]]:
    """The evidence file open for reading and its size, or the refusal in the evidence's own words."""
    try:
        with open_named_file(source, limit) as opened:
            yield opened
    except UnreadableFile as refused:
        raise _refusal(refused) from None


def _refusal(refused: UnreadableFile) -> WorkflowError:
    path = str(refused.path)
    if refused.fault == "missing":
        return NotFound("evidence.missing", path=path)
    if refused.fault == "folder":
        return Refused("evidence.is_folder", path=path)
    if refused.fault == "too_large":
        return Refused("evidence.too_large", path=path, reason=refused.reason())
    if refused.fault == "special":
        return Refused("evidence.not_regular", path=path, reason=refused.reason())
    return Refused("evidence.unreadable", path=path, reason=refused.detail)


def too_large(source: Path, size: int, limit: int) -> WorkflowError:
    """The refusal of a file that grew past `limit` while it was read."""
    return _refusal(UnreadableFile(source, "too_large", size=size, limit=limit))


def _copy(source: Path, out: BinaryIO, limit: int) -> tuple[str, int]:
    """Copy `source` into `out`: its SHA-256 and size. A failed read is the source's refusal; a failed
    write stays an OSError, the destination's."""
    digest = hashlib.sha256()
    size = 0
    with open_evidence(source, limit) as (src, _size):
        while chunk := _read(src, source):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
            if size > limit:  # it grew after it was checked
                raise too_large(source, size, limit)
    if size == 0:  # emptied since it was checked: still refused, nothing stored
        raise Refused("evidence.empty", path=str(source))
    return digest.hexdigest(), size


def _read(src: BinaryIO, source: Path) -> bytes:
    try:
        return src.read(CHUNK)
    except OSError as exc:
        raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc


class StagedFile:
    """A file copied into the evidence folder under a temporary name, fsynced and hashed, before the
    command takes the write lock: inside the transaction, once the step is decided, `place` only
    renames it. Until then it is nobody's evidence; `discard` (or the leftover cleaning, if the
    writer was killed) removes it."""

    def __init__(self, store: EvidenceStore, stored: StoredFile, temp: Path) -> None:
        self.store, self.stored = store, stored
        self._temp: Path | None = temp

    def upload(self, tx: object = None) -> None:
        """Nothing to do before the lock: the copy was made and hashed when staged."""

    def place(self, tx: object = None) -> None:
        """Give the copy its content-addressed name (a no-op when that content is stored already)."""
        temp = self._temp
        assert temp is not None, "a staged file is placed once"
        final = self.store.path_for(self.stored.sha256)
        try:
            final.parent.mkdir(exist_ok=True)
            if final.exists() and final.stat().st_size == self.stored.size:
                temp.unlink()
            else:
                os.replace(temp, final)
                fsync_dir(final.parent)
        except OSError as exc:
            raise self.store.write_failed(exc) from exc
        self._temp = None

    def discard(self) -> None:
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None


class EvidenceStore:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_EVIDENCE_MB * MB) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._cleaned = False  # the leftovers of dead writers: removed before this store's first write

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, tx: object = None) -> StoredFile:
        """Copy `source` into the store at once (stage and place)."""
        with self.staged(source) as staged:
            staged.place(tx)
            return staged.stored

    @contextmanager
    def staged(self, source: Path) -> Iterator[StagedFile]:
        """`source` copied and hashed, to `place` inside the transaction; removed on leaving unless
        placed, so a refused step or a failed transaction leaves no file behind."""
        staged = self.stage(source)
        try:
            yield staged
        finally:
            staged.discard()

    def stage(self, source: Path) -> StagedFile:
        check_readable(source, self.max_bytes)
        if not self._cleaned:
            self.clean_leftovers()
            self._cleaned = True
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            # The writer's PID in the name tells a leftover of a dead process from a write in progress.
            fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), dir=self.root)
        except OSError as exc:
            raise self.write_failed(exc) from exc
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                sha, size = _copy(source, out, self.max_bytes)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:  # reading errors are refusals already: this is the evidence folder's
            temp.unlink(missing_ok=True)
            raise self.write_failed(exc) from exc
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return StagedFile(self, StoredFile(sha256=sha, size=size, display_name=safe_display_name(source.name),
                                           media_type=media_type), temp)

    def write_failed(self, error: OSError) -> WorkflowError:
        """A failed write into the evidence folder, said as such (not blamed on the source file)."""
        if error.errno in DISK_FULL:
            return Refused("evidence.disk_full", path=str(self.root))
        return Refused("storage.write_failed", path=str(self.root), reason=error.strerror or str(error))

    def check(self, sha256: str, tx: object = None, manifest: str | None = None) -> str | None:
        """None when the stored file is there and still has this SHA-256; else "missing" or "altered"."""
        path = self.path_for(sha256)
        if not path.is_file():
            return "missing"
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return None if digest.hexdigest() == sha256 else "altered"

    def clean_leftovers(self) -> int:
        """Remove temporary files that an interrupted write left behind (their writer is gone);
        returns how many. Files of writers still running are left alone."""
        return remove_leftovers(self.root, unnamed=True)
