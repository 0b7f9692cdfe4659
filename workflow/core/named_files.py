"""Opening a file a person names (a procedure, a list, a calendar, evidence, a checkpoint, a key).

The one place such files are opened, so that each is refused the same way before a byte is read: a
missing file, a folder, and anything that is not a regular file. A named pipe (FIFO) would block a
plain `open` until some other program writes to it, forever if none does, and a device such as
/dev/zero never ends; so the file is opened with O_NONBLOCK (which returns at once for a FIFO) and
looked at with `fstat` on that very descriptor (no window for it to be swapped between a check and the
open) before anything is read. A file larger than its limit is refused before reading, and reading
stops at the limit in case it grows meanwhile.

The caller says the refusal in its own words (`UnreadableFile.fault`); this is the only module of the
core that touches the file system, beside `loading`, which calls it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from workflow.core.limits import format_size
from workflow.errors import Message

__all__ = ["Fault", "UnreadableFile", "open_named_file", "read_named_file"]

Fault = Literal["missing", "folder", "special", "too_large", "unreadable"]

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "file.kind_fifo"),
    (stat.S_ISCHR, "file.kind_device"),
    (stat.S_ISBLK, "file.kind_device"),
    (stat.S_ISSOCK, "file.kind_socket"),
)


@dataclass
class UnreadableFile(Exception):
    """Why a named file is not read; `reason()` says it in a few words for a caller's sentence."""

    path: Path
    fault: Fault
    detail: str = ""  # the system's words for "unreadable"
    size: int = 0
    limit: int = 0
    kind: str = ""  # the message key naming a special file's kind

    def __str__(self) -> str:
        return f"{self.path}: {self.fault}"

    def reason(self) -> Message:
        if self.fault == "too_large":
            size, limit = format_size(self.size), format_size(self.limit)
            if size == limit:  # just over the limit: the rounded figures would read the same
                size, limit = f"{self.size:,} bytes", f"{self.limit:,} bytes"
            return Message("file.too_large", {"size": size, "limit": limit})
        if self.fault == "special":
            return Message("file.special", {"kind": Message(self.kind)})
        if self.fault == "unreadable":
            return Message("file.unreadable", {"detail": self.detail})
        return Message(f"file.{self.fault}")


def _kind_of(mode: int) -> str:
    for test, key in _SPECIAL_KINDS:
        if test(mode):
            return key
    return "file.kind_other"


@contextmanager
def open_named_file(path: Path, limit: int | None = None) -> Iterator[tuple[BinaryIO, int]]:
    """The regular file at `path`, open for reading, and its size; `UnreadableFile` otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFile(path, "missing") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "folder") from None
    except OSError as error:
        raise UnreadableFile(path, "unreadable", detail=error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(path, "folder")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, "special", kind=_kind_of(info.st_mode))
        if limit is not None and info.st_size > limit:
            raise UnreadableFile(path, "too_large", size=info.st_size, limit=limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: reads behave as usual
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        yield handle, info.st_size


def read_named_file(path: Path, limit: int) -> bytes:
    """The content of the regular file at `path`, at most `limit` bytes; `UnreadableFile` otherwise."""
    try:
        with open_named_file(path, limit) as (handle, _size):
            data = handle.read(limit + 1)
    except OSError as error:  # an I/O error while reading (a failing disk, a vanished network share)
        raise UnreadableFile(path, "unreadable", detail=error.strerror or str(error)) from None
    if len(data) > limit:  # it grew after it was looked at
        raise UnreadableFile(path, "too_large", size=len(data), limit=limit)
    return data
