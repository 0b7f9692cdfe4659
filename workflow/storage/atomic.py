"""Writing files so that a crash never leaves a half-written one under its final name.

A file is written to a temporary name beside it (`.incoming-<PID>-...`), fsynced and renamed. The PID
in the name tells a leftover of a killed writer from a write in progress: the next write into the same
folder removes the leftovers of writers that are gone (`remove_leftovers`), as the evidence store does
at every start. Without `overwrite` the rename becomes a hard link, which the system refuses when the
name is taken: an existing file is never replaced, even by a race.

A file that cannot be written (a missing permission, a full disk, a folder where the file should be)
is a `WorkflowError` naming the file, so that callers of the library never see a bare OSError for it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from workflow.errors import Refused, WorkflowError

TEMP_PREFIX = ".incoming-"
_SYNC_THREADS = 16


def fsync_dir(folder: Path) -> None:
    """fsync a folder (its entries) or a file (its content)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_prefix() -> str:
    """The start of this process's temporary names: its PID says whether the writer still runs."""
    return f"{TEMP_PREFIX}{os.getpid()}-"


@contextmanager
def atomic_output(target: Path, mode: int | None = None, overwrite: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write; on success it is fsynced and renamed to `target`, on error removed.
    Without `overwrite`, an existing `target` is refused (`storage.output_exists`) and left as it was."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target.parent)
        fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), dir=target.parent)
    except OSError as error:
        raise _write_failed(target, error) from error
    temp = Path(temp_name)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
        fsync_dir(target.parent)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _write_failed(target, error) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_all_atomically(files: Mapping[Path, bytes], overwrite: bool = True) -> None:
    """Many files (a published site), each as `write_atomically` would write it, at a fraction of the
    cost: every file is written to its temporary name first, then all are fsynced at once from a few
    threads (ext4 and the like commit concurrent fsyncs together: 300 pages in 0.04 s instead of 1 s
    one after the other), renamed, and each folder fsynced once; a
    folder's leftovers are removed once, not once per file (a scan of the folder each time). On an
    error the temporary files are removed and the files already renamed stay (each one whole)."""
    pending: deque[tuple[Path, Path]] = deque()  # (temporary file, target), not yet renamed
    folders: dict[Path, None] = {}
    target = Path()
    try:
        for target, content in files.items():
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                remove_leftovers(target.parent)
                folders[target.parent] = None
            fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), dir=target.parent)
            pending.append((Path(temp_name), target))
            with os.fdopen(fd, "wb") as out:
                out.write(content)
        with ThreadPoolExecutor(max_workers=_SYNC_THREADS) as pool:  # the file system commits them together
            for _ in pool.map(fsync_dir, [temp for temp, _ in pending]):
                pass
        while pending:
            temp, target = pending[0]
            if overwrite:
                os.replace(temp, target)
            else:
                _link_new(temp, target)
            pending.popleft()
        for folder in folders:
            target = folder
            fsync_dir(folder)
    except OSError as error:
        _discard(pending)
        raise _write_failed(target, error) from error
    except BaseException:
        _discard(pending)
        raise


def _discard(pending: deque[tuple[Path, Path]]) -> None:
    for temp, _ in pending:
        temp.unlink(missing_ok=True)


def _link_new(temp: Path, target: Path) -> None:
    """Give `temp` the name `target` only if no file has it (atomically where hard links exist)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise Refused("storage.output_exists", path=str(target)) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links (FAT, some network shares): check, then rename.
        if os.path.lexists(target):
            raise Refused("storage.output_exists", path=str(target)) from None
        os.replace(temp, target)
        return
    temp.unlink()


def remove_leftovers(folder: Path, unnamed: bool = False) -> int:
    """Remove the temporary files and folders (`.incoming-<PID>-...`) of writers that are gone;
    returns how many. With `unnamed`, also those without a PID (older versions wrote such names; only
    in a folder the program owns). What a running writer is writing is left alone."""
    removed = 0
    try:
        leftovers = list(folder.glob(TEMP_PREFIX + "*"))
    except OSError:
        return 0
    for leftover in leftovers:
        pid = _writer_pid(leftover.name)
        if (pid is None and not unnamed) or (pid is not None and _alive(pid)):
            continue
        with contextlib.suppress(OSError):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
            removed += 1
    return removed


@contextmanager
def scratch_folder(parent: Path) -> Iterator[Path | None]:
    """A private temporary folder inside `parent` (a folder the program owns), removed afterwards, or
    by the next command if this one is killed; None (the system's temporary folder then) if `parent`
    cannot be made, say in a read-only home."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(parent)
        made = Path(tempfile.mkdtemp(prefix=temp_prefix(), dir=parent))
    except OSError:
        yield None
        return
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def _writer_pid(name: str) -> int | None:
    pid_text = name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
    return int(pid_text) if pid_text.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's live process, or a number we cannot ask about: leave it
    return True


def ensure_folder(folder: Path, mode: int | None = None) -> None:
    """Create `folder` (and its parents) if missing, optionally restricting it to `mode`; a failure is
    a `WorkflowError` naming the folder, like a failed write."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if mode is not None:
            os.chmod(folder, mode)
    except OSError as error:
        raise _write_failed(folder, error) from error


def _write_failed(target: Path, error: OSError) -> WorkflowError:
    return WorkflowError("storage.write_failed", path=str(target), reason=error.strerror or str(error))


def write_atomically(target: Path, content: bytes | Callable[[BinaryIO], object], mode: int | None = None,
                     overwrite: bool = True) -> None:
    with atomic_output(target, mode, overwrite) as out:
        if isinstance(content, bytes):
            out.write(content)
        else:
            content(out)
