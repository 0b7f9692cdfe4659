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
from pathlib import Path

from workflow.core.evidence import StoredFile, safe_display_name
from workflow.errors import NotFound, Refused
from workflow.storage.atomic import TEMP_PREFIX, fsync_dir

CHUNK = 1024 * 1024


def check_readable(source: Path) -> None:
    """Refuse a missing file, a folder, an unreadable or an empty file before anything is stored (an
    empty file proves nothing: it is most often a save or a download that failed)."""
    if not source.exists():
        raise NotFound("evidence.missing", path=str(source))
    if source.is_dir():
        raise Refused("evidence.is_folder", path=str(source))
    if not source.is_file():
        raise Refused("evidence.not_regular", path=str(source))
    try:
        with source.open("rb") as handle:
            first = handle.read(1)
    except OSError as exc:
        raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
    if not first:
        raise Refused("evidence.empty", path=str(source))


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, tx: object = None) -> StoredFile:
        check_readable(source)
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        # The writer's PID in the name tells a leftover of a dead process from a write in progress.
        fd, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=self.root)
        temp_path = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
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
        if not self.root.is_dir():
            return 0
        removed = 0
        for leftover in self.root.glob(TEMP_PREFIX + "*"):
            if _writer_alive(leftover.name):
                continue
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed


def _writer_alive(name: str) -> bool:
    pid_text = name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
    if not pid_text.isdigit():
        return False  # not ours, or from an older version: nobody is writing it
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True
