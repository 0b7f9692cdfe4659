"""No silent wrong outcome: what used to pass quietly and leave a wrong result is now refused or said.

An empty file as evidence, `--activity` naming an activity the procedure does not have, `--since` after
`--until`, a mistyped WORKFLOW_CHECKPOINT_KEY. (Reference data and new versions: test_silent_publish.py.)
Commands run in-process through the CLI where the exit code is what is tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import WHO, Office, cycle_at, write_file
from workflow.cli.app import app
from workflow.errors import Refused
from workflow.service import auditing
from workflow.service.facade import EvidenceInput


class Terminal:
    """The `workflow` command run in this process, in the office's home, as `user`."""

    def __init__(self, home: Path) -> None:
        self.env = {k: "" for k in os.environ if k.startswith("WORKFLOW_")}
        self.env.update(WORKFLOW_HOME=str(home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200")

    def __call__(self, *args: str, user: str = "admin", **env: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args), env={**self.env, "WORKFLOW_USER": user, **env})
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result.exit_code, result.output


@pytest.fixture
def term(office: Office) -> Terminal:
    return Terminal(office.home)


# -- an empty file is no evidence ------------------------------------------------------------------


def _stored_files(office: Office) -> list[Path]:
    return [p for p in office.settings.evidence_dir.rglob("*") if p.is_file()]


def test_an_empty_file_is_refused_by_attach_and_nothing_is_stored(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 2)
    before = office.as_user("admin").cycle(cycle_id)
    empty = write_file(tmp_path, "respuesta.eml", "")
    with pytest.raises(Refused, match=r"respuesta\.eml is empty \(0 bytes\): it proves nothing"):
        office.as_user("luis").attach(cycle_id, EvidenceInput(empty, "correo_electronico"), all_pending=True)
    after = office.as_user("admin").cycle(cycle_id)
    assert (len(after.history), after.evidence) == (len(before.history), before.evidence)
    assert not any(p.stat().st_size == 0 for p in _stored_files(office))


def test_an_empty_file_given_to_complete_refuses_the_whole_step(office: Office, tmp_path: Path, term: Terminal) -> None:
    cycle_id = cycle_at(office, tmp_path, 3)
    stored = _stored_files(office)
    good = write_file(tmp_path, "hojas.xlsx", "contenido")
    empty = write_file(tmp_path, "vacío.xlsx", "")
    code, said = term("cycle", "complete", cycle_id, "--activity", "3", "--evidence", str(good), "--record",
                      "hoja_vida_tramites", "--evidence", str(empty), "--record", "hoja_vida_tramites", user=WHO[3])
    assert code == 1 and "is empty (0 bytes)" in said
    assert office.as_user("admin").cycle(cycle_id).cycle.activity == 3
    assert _stored_files(office) == stored  # not even the good file


# -- --activity naming no activity at all ------------------------------------------------------------


def test_an_activity_the_procedure_does_not_have_is_a_refusal_naming_those_it_has(office: Office, tmp_path: Path,
                                                                                 term: Terminal) -> None:
    cycle_id = cycle_at(office, tmp_path, 1)
    code, said = term("cycle", "complete", cycle_id, "--activity", "9", user=WHO[1])
    assert code == 1, said
    assert ("MM-GAC-P-006 version 2 has no activity 9; its activities are: "
            "1 (Revisar la información publicada); 2 (") in said
    assert "no longer" not in said
    # Another activity that exists is still the contract's conflict.
    assert term("cycle", "complete", cycle_id, "--activity", "2", user=WHO[1])[0] == 3


def test_an_unknown_activity_on_an_ended_cycle_is_a_refusal_too(office: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(office, tmp_path, 1)
    office.as_user("ana").cancel(cycle_id, "prueba")
    with pytest.raises(Refused, match="has no activity 0"):
        office.as_user("ana").complete(cycle_id, 0)


def test_who_is_acting_is_still_answered_first(office: Office, tmp_path: Path, term: Terminal) -> None:
    cycle_id = cycle_at(office, tmp_path, 1)
    code, said = term("cycle", "complete", cycle_id, "--activity", "9", user="nadie")
    assert code == 1 and "not registered" in said


# -- --since after --until -------------------------------------------------------------------------


def test_since_after_until_is_a_usage_error_and_writes_nothing(office: Office, tmp_path: Path, term: Terminal) -> None:
    out = tmp_path / "trail.csv"
    code, said = term("audit", "export", "--format", "csv", "--since", "2026-12-01", "--until", "2026-11-30",
                      "-o", str(out))
    assert code == 2 and "--since 2026-12-01 is after --until 2026-11-30" in said
    assert not out.exists()
    # One day (since == until) is a range, not a mistake.
    assert term("audit", "export", "--format", "csv", "--since", "2026-11-30", "--until", "2026-11-30",
                "-o", str(out))[0] == 0


# -- the checkpoint key is made on purpose ---------------------------------------------------------


@pytest.fixture
def keys(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    yield folder


def test_a_mistyped_key_path_is_an_error_not_a_new_key(office: Office, term: Terminal, keys: Path) -> None:
    typo = keys / "chekpoint.pem"
    code, said = term("audit", "checkpoint", "-o", str(keys / "cp.txt"), WORKFLOW_CHECKPOINT_KEY=str(typo))
    assert code == 1 and f"WORKFLOW_CHECKPOINT_KEY names {typo}, which does not exist" in said
    assert "workflow audit keygen" in said
    assert list(keys.iterdir()) == []  # no key made, no checkpoint written


def test_keygen_makes_the_named_key_once_and_checkpoint_then_signs_with_it(office: Office, term: Terminal,
                                                                         keys: Path) -> None:
    named = keys / "control-interno.pem"
    code, said = term("audit", "keygen", WORKFLOW_CHECKPOINT_KEY=str(named))
    assert code == 0 and f"signing key created at {named}" in said
    assert named.stat().st_mode & 0o777 == 0o600
    pem = named.read_bytes()
    code, said = term("audit", "keygen", WORKFLOW_CHECKPOINT_KEY=str(named))
    assert code == 1 and "there is already a signing key" in said and named.read_bytes() == pem
    assert term("audit", "checkpoint", "-o", str(keys / "cp.txt"), "--pub", WORKFLOW_CHECKPOINT_KEY=str(named))[0] == 0
    code, said = term("audit", "verify", "--checkpoint", str(keys / "cp.txt"), "--key", str(keys / "cp.txt.pub"),
                      WORKFLOW_CHECKPOINT_KEY=str(named))
    assert code == 0, said


def test_init_makes_the_default_key_and_checkpoint_without_one_says_to_run_keygen(office: Office, term: Terminal,
                                                                                keys: Path) -> None:
    default = office.settings.signing_key_path
    assert default.is_file() and default.stat().st_mode & 0o777 == 0o600  # made by init
    default.unlink()
    with pytest.raises(Refused, match=r"there is no signing key at .*: create it with `workflow audit keygen`"):
        auditing.take_checkpoint(office.as_user("admin"), keys / "cp.txt")
    assert not default.exists() and list(keys.iterdir()) == []
    assert term("audit", "keygen")[0] == 0 and default.is_file()


def test_init_leaves_a_named_key_to_keygen(tmp_path: Path, term: Terminal) -> None:
    named = tmp_path / "elsewhere" / "key.pem"
    code, said = Terminal(tmp_path / "home2")("init", WORKFLOW_CHECKPOINT_KEY=str(named))
    assert code == 0, said
    assert not named.exists() and not (tmp_path / "home2" / "keys").exists()

