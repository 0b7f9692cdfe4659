"""Files the program writes (`-o`): never over what it reads, an existing file only with `--force`,
atomically, and no leftovers of a killed export once the next command has run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import CODE, ROOT, Office
from workflow.cli.app import app
from workflow.errors import Refused
from workflow.service import auditing
from workflow.service.facade import Workflow
from workflow.storage.atomic import TEMP_PREFIX, write_atomically


def _export(flow: Workflow, out: Path, force: bool = False) -> int:
    return auditing.export(flow, "csv", out, force=force)


def _checkpoint(flow: Workflow, out: Path, force: bool = False) -> int:
    return auditing.take_checkpoint(flow, out, force=force).size


WRITERS: list[Callable[[Workflow, Path], int]] = [_export, _checkpoint]
# What the program reads, relative to WORKFLOW_HOME: the database and its journals, the evidence store
# and anything in it, the signing key and its folder, the saved checkpoints, the scratch folder.
PROTECTED = ["workflow.db", "workflow.db-wal", "workflow.db-shm", "evidence", "evidence/ab/new.csv",
             "keys/checkpoint-ed25519.pem", "keys/copy.csv", "checkpoints/latest.txt", "tmp/x.csv"]


def _files_beside_the_database(home: Path) -> dict[Path, bytes]:
    """Every file of the home but the database's own (SQLite may touch those as it reads)."""
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and not p.name.startswith("workflow.db")}


@pytest.mark.parametrize("write", WRITERS, ids=["export", "checkpoint"])
def test_an_output_over_what_the_program_reads_is_refused_even_with_force(office: Office, write: Any) -> None:
    flow = office.as_user("admin")
    auditing.take_checkpoint(flow, office.home.parent / "first.txt")  # makes the key and checkpoints
    before = _files_beside_the_database(office.home)
    for name in PROTECTED:  # one office for all: each refusal must leave it as it was
        with pytest.raises(Refused) as refused:
            write(flow, office.home / name, True)
        assert "belongs to the program" in str(refused.value), name
    assert _files_beside_the_database(office.home) == before
    assert flow.verify().ok and len(flow.cycles()) == 0  # the database is still the database


def test_another_spelling_of_the_database_is_the_database(office: Office, tmp_path: Path) -> None:
    flow = office.as_user("admin")
    link = tmp_path / "looks-harmless.csv"
    link.symlink_to(office.home / "workflow.db")
    for target in (office.home / ".." / office.home.name / "workflow.db", link):
        with pytest.raises(Refused):
            _export(flow, target, force=True)
    assert flow.verify().ok


def test_a_procedure_file_that_init_publishes_is_not_an_output(office: Office, tmp_path: Path) -> None:
    procedures = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", procedures)
    flow = Workflow(replace(office.settings, procedures_dir=procedures), clock=office.clock)
    try:
        for name in ("MM-GAC-P-006.yaml", "data/dependencias.yaml", "calendars/santa_marta.yaml"):
            before = (procedures / name).read_bytes()
            with pytest.raises(Refused):
                _export(flow, procedures / name, force=True)
            assert (procedures / name).read_bytes() == before
    finally:
        flow.close()


def _cli(office: Office, *args: str) -> Any:
    env = {"WORKFLOW_HOME": str(office.home), "WORKFLOW_USER": "admin", "WORKFLOW_LANG": "en",
           "WORKFLOW_PROCEDURES": str(office.settings.procedures_dir)}
    return CliRunner().invoke(app, list(args), env=env)


def test_a_diagram_is_not_drawn_over_the_yaml_it_came_from(office: Office, tmp_path: Path) -> None:
    procedures = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", procedures)
    office.settings = replace(office.settings, procedures_dir=procedures)
    source = procedures / "MM-GAC-P-006.yaml"
    before = source.read_bytes()
    result = _cli(office, "procedure", "diagram", CODE, "-o", str(source))
    assert result.exit_code == 1 and "belongs to the program" in result.output
    assert source.read_bytes() == before


@pytest.mark.parametrize("command", [
    ("audit", "export", "--format", "csv"), ("audit", "checkpoint"), ("procedure", "diagram", CODE)])
def test_an_existing_file_is_replaced_only_with_force(office: Office, tmp_path: Path, command: tuple[str, ...]) -> None:
    out = tmp_path / "mine" / "out.file"
    out.parent.mkdir()
    out.write_bytes(b"someone's work")
    refused = _cli(office, *command, "-o", str(out))
    assert refused.exit_code == 1
    assert f"{out} exists already and is not replaced: add --force to replace it" in refused.output
    assert out.read_bytes() == b"someone's work"
    replaced = _cli(office, *command, "-o", str(out), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert out.read_bytes() != b"someone's work"
    written = {"out.file", "out.file.hashes"} if command == ("audit", "checkpoint") else {"out.file"}
    assert {p.name for p in out.parent.iterdir()} == written  # no temporary file left beside it


def test_a_new_name_is_never_taken_from_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "trail.csv"

    def content(out: Any) -> None:
        out.write(b"export")
        target.write_bytes(b"written by another program while we wrote")  # after any check

    with pytest.raises(Refused):
        write_atomically(target, content, overwrite=False)
    assert target.read_bytes() == b"written by another program while we wrote"
    assert [p.name for p in tmp_path.iterdir()] == ["trail.csv"]


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)


def test_leftovers_of_dead_writers_go_at_the_next_write_and_live_ones_stay(tmp_path: Path) -> None:
    dead, live = _dead_pid(), os.getppid()
    (tmp_path / f"{TEMP_PREFIX}{dead}-abc").write_bytes(b"half an export")
    (tmp_path / f"{TEMP_PREFIX}{live}-def").write_bytes(b"an export in progress")
    (tmp_path / f"{TEMP_PREFIX}notes").write_bytes(b"not ours to judge: no writer named")
    write_atomically(tmp_path / "trail.csv", b"export")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["trail.csv", f"{TEMP_PREFIX}{live}-def", f"{TEMP_PREFIX}notes"])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_a_killed_xlsx_export_leaves_nothing_once_the_next_command_ran(office: Office, tmp_path: Path) -> None:
    out_dir, system_temp = tmp_path / "out", tmp_path / "system-temp"
    out_dir.mkdir()
    system_temp.mkdir()
    settings = office.settings
    child = os.fork()
    if child == 0:  # the export, killed by SIGKILL while it writes its second row
        try:
            from workflow.exports import xlsx_export

            tempfile.tempdir = str(system_temp)
            real_row = xlsx_export._row

            def row_then_die(sheet: Any, row: int, values: list[str]) -> None:
                if row == 2:
                    os.kill(os.getpid(), signal.SIGKILL)
                real_row(sheet, row, values)

            xlsx_export._row = row_then_die
            auditing.export(Workflow(settings), "xlsx", out_dir / "trail.xlsx")
        finally:
            os._exit(1)  # not killed: the test fails below
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    left = [*out_dir.iterdir(), *system_temp.iterdir(), *(office.home / "tmp").glob("*")]
    assert left, "the kill left nothing behind: the test no longer kills where it means to"
    with Workflow(settings) as flow:  # the next command, an export into the same folder
        auditing.export(flow, "xlsx", out_dir / "trail.xlsx")
    assert [p.name for p in out_dir.iterdir()] == ["trail.xlsx"]
    assert list(system_temp.iterdir()) == [] and list((office.home / "tmp").iterdir()) == []


def test_many_files_are_written_whole_with_nothing_left_behind(tmp_path: Path) -> None:
    """A published site: every page in place with its content, an old page replaced, no temporary
    file left; a page that cannot be written is named, and no temporary file stays."""
    from workflow.errors import WorkflowError
    from workflow.storage.atomic import TEMP_PREFIX, write_all_atomically

    site = tmp_path / "sitio"
    (site / "tramites").mkdir(parents=True)
    (site / "index.html").write_bytes(b"old")
    files = {site / "index.html": b"index", **{site / "tramites" / f"T{n}.html": f"page {n}".encode()
                                               for n in range(50)}}
    write_all_atomically(files)
    assert all(path.read_bytes() == content for path, content in files.items())
    assert not [p for p in site.rglob(TEMP_PREFIX + "*")]
    (site / "tramites" / "T7.html").unlink()
    (site / "tramites" / "T7.html").mkdir()  # a folder where a page should go
    with pytest.raises(WorkflowError) as failed:
        write_all_atomically({site / "a.html": b"a", site / "tramites" / "T7.html": b"x"})
    assert "T7.html" in str(failed.value.message.params)
    assert not [p for p in site.rglob(TEMP_PREFIX + "*")]
