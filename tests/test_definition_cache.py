"""Published definitions parsed once per machine: the cache beside the database is keyed by the SHA-256
of the published text, written atomically, and anything in it that is not exactly what this code wrote
is ignored (the text is then parsed again), never an error."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import CODE, Office
from workflow.core import loading
from workflow.service import procedures
from workflow.service.facade import Workflow
from workflow.storage.definition_cache import DefinitionCache


def _entry(office: Office) -> Path:
    flow = office.as_user("admin")
    _, row = flow.procedure(CODE)
    return flow.settings.definition_cache_dir / f"{hashlib.sha256(row.text.encode()).hexdigest()}.json"


def _fresh_read(office: Office) -> str:
    """What a new process reads: nothing parsed in memory (this process's other Workflows share theirs)."""
    procedures._BY_CONTENT.clear()
    with Workflow(office.settings) as flow:
        return flow.procedure(CODE)[0].activity(1).name


def test_a_read_writes_the_entry_and_the_next_process_parses_nothing(office: Office,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _entry(office)
    assert entry.is_file()
    expected = _fresh_read(office)

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed again although the cache holds this text")

    monkeypatch.setattr(loading, "load_procedure_text", no_parsing)
    assert _fresh_read(office) == expected
    assert not list(entry.parent.glob(".incoming-*"))  # written atomically: no temporary file left


@pytest.mark.parametrize("damage", ["truncated", "body_changed", "header_garbage", "other_models", "empty",
                                    "not_json"])
def test_a_damaged_or_foreign_entry_is_ignored_and_written_again(office: Office, damage: str) -> None:
    entry = _entry(office)
    good = entry.read_bytes()
    expected = _fresh_read(office)
    header, _, body = good.partition(b"\n")
    damaged = {
        "truncated": good[: len(good) // 2],
        # Another activity name in a body that still parses: the header's hash of the body no longer fits.
        "body_changed": header + b"\n" + body.replace(expected.encode(), b"Otra actividad"),
        "header_garbage": b"\x00\xff" + good[2:],
        "other_models": header.replace(header.split(b" ")[2], b"0" * 32) + b"\n" + body,
        "empty": b"",
        "not_json": header + b"\n" + b"{not json",
    }[damage]
    entry.write_bytes(damaged)
    assert _fresh_read(office) == expected
    assert entry.read_bytes() == good  # parsed again and written again


def test_an_entry_for_another_text_is_not_used(tmp_path: Path, office: Office) -> None:
    """The key is the hash of the text the database holds now: a text changed by hand is parsed as it is."""
    cache = DefinitionCache(tmp_path)
    assert cache.get("../../etc/passwd") is None and cache.get("0" * 64) is None
    procedure = office.as_user("admin").procedure(CODE)[0]
    cache.put("a" * 64, procedure)
    assert cache.get("a" * 64) == procedure


def test_a_folder_that_cannot_be_written_costs_only_speed(office: Office) -> None:
    folder = office.settings.definition_cache_dir
    for entry in folder.glob("*"):
        entry.unlink()
    folder.rmdir()
    folder.write_text("a file where the folder should be")
    assert _fresh_read(office)


def _poisoned(office: Office, entry: Path) -> bytes:
    """The entry rewritten as a person would do it: activity 1 renamed, the header's hash recomputed."""
    header, _, body = entry.read_bytes().partition(b"\n")
    name = _fresh_read(office).encode()
    body = body.replace(name, b"Paso sin requisitos")
    sha = header.split(b" ")[1].decode()
    return DefinitionCache._header(sha, body) + b"\n" + body


def test_an_entry_others_may_write_is_not_trusted_and_is_replaced(office: Office) -> None:
    """The header's hash is no seal: an entry a group or everyone may write (a shared WORKFLOW_HOME) is
    ignored, however well formed, and this account's own entry replaces it."""
    entry = _entry(office)
    good, expected = entry.read_bytes(), _fresh_read(office)
    entry.write_bytes(_poisoned(office, entry))
    entry.chmod(0o600)
    assert _fresh_read(office) == "Paso sin requisitos"  # the same account: trusted, as the docstring says
    entry.write_bytes(_poisoned(office, entry))
    entry.chmod(0o664)
    assert _fresh_read(office) == expected
    assert entry.read_bytes() == good and not entry.stat().st_mode & 0o022


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="handing a file to another account needs root (CI runs as root)")
def test_an_entry_owned_by_another_account_is_not_trusted(office: Office) -> None:
    entry = _entry(office)
    expected = _fresh_read(office)
    entry.write_bytes(_poisoned(office, entry))
    entry.chmod(0o644)
    os.chown(entry, 65534, 65534)
    assert _fresh_read(office) == expected
    assert entry.stat().st_uid == os.geteuid()
