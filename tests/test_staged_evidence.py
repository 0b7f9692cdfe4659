"""Evidence is copied and hashed before the write lock: big files do not make other writers wait, a
refused step or a failed transaction leaves no file, and a full disk is said to be one."""

from __future__ import annotations

import errno
import os
import traceback
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CODE, Office, cycle_at
from workflow.errors import Conflict, Refused, WorkflowError
from workflow.i18n import using_language
from workflow.service import auditing
from workflow.service.facade import EvidenceInput, Workflow
from workflow.storage.store import Tx

RECORD_3 = "hoja_vida_tramites"  # activity 3 (luis) needs it


def _evidence_folder(office: Office) -> list[str]:
    """The files in the evidence folder, temporary ones too."""
    root = office.home / "evidence"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _events(flow: Workflow) -> int:
    with flow.store.read() as tx:
        return len(tx.events())


def test_a_refused_attach_leaves_the_evidence_folder_as_it_was(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 3)
    before = _evidence_folder(office)
    source = tmp_path / "hoja.bin"
    source.write_bytes(os.urandom(300_000))  # new content: it would get a new name
    with pytest.raises(Conflict):  # the cycle is at activity 3, not 4: copied, then refused
        office.as_user("luis").attach(cycle_id, EvidenceInput(source, RECORD_3), expected_activity=4)
    assert _evidence_folder(office) == before


def test_a_transaction_that_fails_leaves_no_evidence_file(office: Office, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cycle_id = cycle_at(office, tmp_path, 3)
    before, events = _evidence_folder(office), _events(office.as_user("admin"))
    source = tmp_path / "hoja.bin"
    source.write_bytes(os.urandom(300_000))

    def broken(_tx: Tx, *_args: Any) -> None:
        raise WorkflowError("storage.database_error", detail="disk I/O error")

    monkeypatch.setattr(Tx, "insert_evidence", broken)  # the step fails after its event was written
    with pytest.raises(WorkflowError, match="disk I/O error"):
        office.as_user("luis").attach(cycle_id, EvidenceInput(source, RECORD_3))
    assert _evidence_folder(office) == before
    assert _events(office.as_user("admin")) == events


class _Wrapped:
    """An open file with some of its methods replaced."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _Wrapped:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.handle.close()


class _FullDisk(_Wrapped):
    """An evidence copy being written to a disk that has no room left."""

    def __init__(self, handle: Any, code: int) -> None:
        super().__init__(handle)
        self.code = code

    def write(self, _data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))


@pytest.mark.parametrize(("where", "code"), [("copy", errno.ENOSPC), ("copy", errno.EDQUOT),
                                             ("rename", errno.ENOSPC)])
def test_a_full_disk_is_said_to_be_full_and_leaves_no_file(office: Office, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, where: str,
                                                           code: int) -> None:
    cycle_id = cycle_at(office, tmp_path, 3)
    before, events = _evidence_folder(office), _events(office.as_user("admin"))
    source = tmp_path / "hoja.bin"
    source.write_bytes(os.urandom(300_000))
    if where == "copy":
        fdopen = os.fdopen

        def opened(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            out = fdopen(fd, mode, *args, **kwargs)
            return _FullDisk(out, code) if mode == "wb" else out

        monkeypatch.setattr(os, "fdopen", opened)
    else:
        def full(*_args: object) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "replace", full)
    with pytest.raises(Refused) as refused:
        office.as_user("luis").attach(cycle_id, EvidenceInput(source, RECORD_3))
    evidence_dir = office.home / "evidence"
    assert str(refused.value) == (f"the disk of WORKFLOW_HOME ({evidence_dir}) is full: free space and try "
                                  "again; nothing was saved")
    with using_language("es"):
        assert str(refused.value).startswith(f"el disco de WORKFLOW_HOME ({evidence_dir}) está lleno")
    assert _evidence_folder(office) == before
    assert _events(office.as_user("admin")) == events


class _SlowSource(_Wrapped):
    """The file being copied, read by a process that stops at its first real read (the one-byte
    look of the readability check aside) until the test lets it go on."""

    def __init__(self, handle: Any, reading: int, go: int) -> None:
        super().__init__(handle)
        self.reading, self.go = reading, go

    def read(self, size: int = -1) -> bytes:
        if size != 1 and self.reading >= 0:
            os.write(self.reading, b"copying")
            os.read(self.go, 1)  # blocked until the parent writes, or closes its end
            self.reading = -1
        return bytes(self.handle.read(size))


def _attach_slowly(office: Office, cycle_id: str, source: Path, reading: int, go: int, report: int) -> None:
    """The child: attach `source`, its copy stopped half-way until the parent says go."""
    try:
        flow = Workflow(office.as_user("luis").settings)
        fdopen = os.fdopen

        def opened(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = fdopen(fd, mode, *args, **kwargs)
            return _SlowSource(handle, reading, go) if mode == "rb" else handle

        os.fdopen = opened  # type: ignore[assignment]  # a forked copy: the test process is not touched
        flow.attach(cycle_id, EvidenceInput(source, RECORD_3))
        os.write(report, b"attached")
    except BaseException:
        os.write(report, traceback.format_exc().encode())
    finally:
        os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_a_big_attach_does_not_make_another_writer_wait(any_office: Office, tmp_path: Path) -> None:
    attaching = cycle_at(any_office, tmp_path, 3)
    other = any_office.as_user("ana").start_cycle(CODE).id
    source = tmp_path / "grande.bin"
    source.write_bytes(os.urandom(3_000_000))
    for login in ("ana", "luis", "marta", "admin"):
        any_office.as_user(login).store.engine.dispose()  # nothing open crosses the fork
    reading_r, reading_w = os.pipe()
    go_r, go_w = os.pipe()
    report_r, report_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        for fd in (reading_r, go_w, report_r):
            os.close(fd)  # else its own `go_w` would keep it waiting after the parent closed its end
        _attach_slowly(any_office, attaching, source, reading_w, go_r, report_w)
    for fd in (reading_w, go_r, report_w):
        os.close(fd)
    try:
        assert os.read(reading_r, 16) == b"copying", "the child died before copying"
        # The attach is stopped in the middle of its copy: another writer must get through now.
        done = any_office.as_user("ana").complete(other, 1)
        assert done.activity == 2
    finally:
        os.close(go_w)  # lets the copy go on (whatever happened here)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(report_r, "rb") as report:
            told = report.read().decode()
        os.close(reading_r)
    assert os.WIFEXITED(status) and told == "attached", told
    detail = any_office.as_user("luis").cycle(attaching)
    assert [(e.name, e.size) for e in detail.evidence if e.activity == 3] == [("grande.bin", 3_000_000)]
    assert auditing.verify(any_office.as_user("admin")).ok
