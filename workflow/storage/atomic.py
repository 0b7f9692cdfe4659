"""Writing files so that a crash never leaves a half-written one under its final name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
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
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, content: bytes | Callable[[BinaryIO], object], mode: int | None = None) -> None:
    with atomic_output(target, mode) as out:
        if isinstance(content, bytes):
            out.write(content)
        else:
            content(out)
