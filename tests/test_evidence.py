"""The content-addressed evidence store: content, hash, atomic write, refusals."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from workflow.core.evidence import safe_display_name
from workflow.errors import NotFound, Refused
from workflow.storage import evidence_files as evidence_module
from workflow.storage.evidence_files import EvidenceStore


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence")


def test_stores_content_under_its_sha256_and_keeps_name_only_for_display(store: EvidenceStore,
                                                                         tmp_path: Path) -> None:
    source = tmp_path / "Correo a Hacienda.eml"
    content = "Solicitud de información de trámites\n".encode() * 1000
    source.write_bytes(content)
    stored = store.put(source)
    expected = hashlib.sha256(content).hexdigest()
    assert stored.sha256 == expected
    assert stored.size == len(content)
    assert stored.display_name == "Correo a Hacienda.eml"
    assert store.path_for(expected).read_bytes() == content
    assert "Correo" not in str(store.path_for(expected))
    assert store.check(expected) is None


def test_same_content_twice_is_stored_once(store: EvidenceStore, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("igual")
    (tmp_path / "b.txt").write_text("igual")
    first, second = store.put(tmp_path / "a.txt"), store.put(tmp_path / "b.txt")
    assert first.sha256 == second.sha256
    files = [p for p in store.root.rglob("*") if p.is_file()]
    assert files == [store.path_for(first.sha256)]


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_refuses_missing_file_or_folder_and_stores_nothing(store: EvidenceStore, tmp_path: Path,
                                                           kind: str) -> None:
    target = tmp_path / "no-such.pdf"
    if kind == "folder":
        target.mkdir()
    with pytest.raises(NotFound if kind == "missing" else Refused) as raised:
        store.put(target)
    assert str(target) in str(raised.value)
    assert not store.root.exists() or not any(store.root.rglob("*"))


def test_refuses_unreadable_file_and_stores_nothing(store: EvidenceStore, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "secreto.pdf"
    target.write_text("x")
    target.chmod(0)
    real_open = os.open

    def denied(path: object, *args: Any, **kwargs: Any) -> int:
        # root reads any file whatever its mode, so the permission error is made explicit here
        if Path(str(path)) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(Refused) as refused:
        store.put(target)
    assert "Permission denied" in str(refused.value)
    assert not store.root.exists() or not any(store.root.rglob("*"))


def test_interrupted_write_leaves_no_file_under_a_final_name(store: EvidenceStore, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "grande.bin"
    source.write_bytes(b"x" * 3_000_000)

    def crash(*_args: object) -> None:
        raise OSError(5, "disk failure at rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(Refused):
        store.put(source)
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


def test_leftovers_of_dead_writers_are_cleaned_and_writes_in_progress_kept(store: EvidenceStore) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    store.root.mkdir(parents=True)
    (store.root / f"{evidence_module.TEMP_PREFIX}{dead}-abc").write_bytes(b"partial")
    (store.root / f"{evidence_module.TEMP_PREFIX}old").write_bytes(b"partial, older format")
    in_progress = store.root / f"{evidence_module.TEMP_PREFIX}{os.getppid()}-xyz"
    in_progress.write_bytes(b"being written by a live process")
    assert store.clean_leftovers() == 2
    assert list(store.root.iterdir()) == [in_progress]


def test_check_reports_altered_and_missing_files(store: EvidenceStore, tmp_path: Path) -> None:
    source = tmp_path / "informe.pdf"
    source.write_bytes(b"informe original")
    stored = store.put(source)
    path = store.path_for(stored.sha256)
    path.write_bytes(b"informe cambiado")
    assert store.check(stored.sha256) == "altered"
    path.unlink()
    assert store.check(stored.sha256) == "missing"


@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ana\\acta.pdf", "acta.pdf"),
    ("informe\n.pdf", "informe.pdf"),
    ("..", "evidence"),
])
def test_display_names_cannot_become_paths(given: str, expected: str) -> None:
    assert safe_display_name(given) == expected
