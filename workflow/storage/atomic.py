"""Writing files so that a crash never leaves a half-written one under its final name.

A file that cannot be written (a missing permission, a full disk, a folder where the file should be)
is a `WorkflowError` naming the file, so that callers of the library never see a bare OSError for it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from workflow.errors import WorkflowError

TEMP_PREFIX = ".incoming-"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_output(target: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary file to write; on success it is fsynced and renamed to `target`, on error removed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
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
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _write_failed(target, error) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


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


def write_atomically(target: Path, content: bytes | Callable[[BinaryIO], object], mode: int | None = None) -> None:
    with atomic_output(target, mode) as out:
        if isinstance(content, bytes):
            out.write(content)
        else:
            content(out)
