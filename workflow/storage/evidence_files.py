"""The content-addressed evidence store of embedded mode.

A file is stored once under `<root>/<sha[:2]>/<sha>`, whatever it was called: the original name is
only a display name kept in the database. Writes go to a temporary name in the same folder, are
fsynced, renamed into place, and the folder is fsynced, so a crash leaves either no file or the
whole file, never a partial one under its final name.
"""

from __future__ import annotations

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

__all__ = ["TEMP_PREFIX", "EvidenceStore", "check_readable", "open_evidence", "too_large"]

CHUNK = 1024 * 1024


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


class EvidenceStore:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_EVIDENCE_MB * MB) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, tx: object = None) -> StoredFile:
        check_readable(source, self.max_bytes)
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        # The writer's PID in the name tells a leftover of a dead process from a write in progress.
        fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), dir=self.root)
        temp_path = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out, open_evidence(source, self.max_bytes) as (src, _size):
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                    if size > self.max_bytes:  # it grew after it was checked
                        raise too_large(source, size, self.max_bytes)
                out.flush()
                os.fsync(out.fileno())
            if size == 0:  # emptied since it was checked: still refused, nothing stored
                raise Refused("evidence.empty", path=str(source))
            sha = digest.hexdigest()
            final = self.path_for(sha)
            final.parent.mkdir(exist_ok=True)
            if final.exists() and final.stat().st_size == size:
                temp_path.unlink()  # same content already stored: content addressing makes it a no-op
            else:
                os.replace(temp_path, final)
                fsync_dir(final.parent)
        except OSError as exc:
            temp_path.unlink(missing_ok=True)
            raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
        except BaseException:
            temp_path.unlink(missing_ok=True)
            raise
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return StoredFile(sha256=sha, size=size, display_name=safe_display_name(source.name),
                          media_type=media_type)

    def check(self, sha256: str, tx: object = None) -> str | None:
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
