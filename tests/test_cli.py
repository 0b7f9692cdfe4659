"""The `workflow` command as staff and scripts use it: real subprocesses, a temporary WORKFLOW_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CODE, ROOT, Office, PostgresServer

WORKFLOW = [sys.executable, "-m", "workflow"]


class Shell:
    """Staff at their terminals: WORKFLOW_USER in embedded mode; on PostgreSQL each person connects
    as their own database role (WORKFLOW_DB_URL with their login), as the contract requires."""

    def __init__(self, home: Path, tmp: Path, server: PostgresServer | None = None) -> None:
        self.tmp = tmp
        self.server = server
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
        self.env.update(WORKFLOW_HOME=str(home), WORKFLOW_LANG="en", NO_COLOR="1", COLUMNS="200")

    def run(self, *args: str, user: str = "admin", lang: str = "en") -> subprocess.CompletedProcess[str]:
        env = {**self.env, "WORKFLOW_USER": user, "WORKFLOW_LANG": lang}
        if self.server is not None:
            env["WORKFLOW_DB_URL"] = self.server.url(user)
        result = subprocess.run([*WORKFLOW, *args], capture_output=True, text=True, cwd=ROOT, env=env)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def json(self, *args: str, user: str = "admin") -> tuple[int, Any]:
        result = self.run(*args, "--json", user=user)
        return result.returncode, json.loads(result.stdout)

    def file(self, name: str, content: str) -> str:
        path = self.tmp / name
        path.write_text(content, encoding="utf-8")
        return str(path)

    def add_staff(self, login: str, area: str) -> None:
        if self.server is not None:
            granted = self.run("db", "grant", login, "--as", "staff")
            assert granted.returncode == 0, granted.stderr
        added = self.run("staff", "add", login, "--area", area, "--role", "profesional_universitario",
                         "--name", login.title())
        assert added.returncode == 0, added.stderr


@pytest.fixture
def sh(tmp_path: Path, backend: PostgresServer | None) -> Iterator[Shell]:
    """Set up through the library (quick); the tests then type their commands in real subprocesses."""
    office = Office(tmp_path / "home", backend)
    for login, area in (("ana", "atencion_ciudadano"), ("luis", "oficina_sig"), ("marta", "oficina_tic")):
        office.add_staff(login, area, "profesional_universitario", login.title())
    if backend is not None:
        backend.role("nobody")  # can connect, holds no privileges and is not registered
    office.close()
    yield Shell(tmp_path / "home", tmp_path, backend)


def test_init_and_staff_add_through_the_command(tmp_path: Path, backend: PostgresServer | None) -> None:
    shell = Shell(tmp_path / "home", tmp_path, backend)
    first = shell.run("init")
    assert first.returncode == 0 and "administrator: admin" in first.stdout
    assert shell.run("init").returncode == 0  # again: nothing changes
    if backend is not None:
        backend.role("ana")
    shell.add_staff("ana", "atencion_ciudadano")
    code, staff = shell.json("staff", "list")
    assert code == 0 and {s["login"]: s["area"] for s in staff}["ana"] == "atencion_ciudadano"


def test_a_whole_cycle_as_staff_would_type_it(sh: Shell) -> None:
    code, cycle = sh.json("cycle", "start", CODE, "--title", "Revisión noviembre", user="ana")
    assert code == 0 and (cycle["state"], cycle["activity"], cycle["version"]) == ("active", 1, "2")
    cid = cycle["id"]
    assert sh.run("cycle", "complete", cid, "--activity", "1", user="ana").returncode == 0
    mail = sh.file("correo.eml", "Solicitud a las dependencias")
    pending = sh.run("cycle", "complete", cid, "--activity", "2", user="luis")
    assert pending.returncode == 1 and "pending items" in pending.stderr
    _, shown = sh.json("cycle", "show", cid)
    assert len(shown["items"]) == 33 and {i["state"] for i in shown["items"]} == {"pending"}
    waived = sh.run("cycle", "waive", cid, "--item", "essmar", "--reason", "sin trámites", user="luis")
    assert waived.returncode == 0, waived.stderr
    answer = sh.file("hacienda.eml", "Respuesta de Hacienda")
    one = sh.run("cycle", "attach", cid, answer, "--record", "correo_electronico", "--item",
                 "secretaria-de-hacienda", user="luis")
    assert one.returncode == 0 and "hacienda.eml" in one.stdout
    attached = sh.run("cycle", "attach", cid, mail, "--record", "correo_electronico", "--all-pending", user="luis")
    assert attached.returncode == 0 and "correo.eml" in attached.stdout
    _, shown = sh.json("cycle", "show", cid)
    states = {i["id"]: i["state"] for i in shown["items"]}
    assert states["essmar"] == "waived" and list(states.values()).count("done") == 32
    assert sh.run("cycle", "complete", cid, "--activity", "2", user="luis").returncode == 0
    steps = [("3", "luis", "hoja_vida_tramites"), ("4", "marta", "informe"), ("5", "marta", "plataforma_digital")]
    for number, user, record in steps:
        evidence = sh.file(f"{record}.txt", f"evidencia {record}")
        code, moved = sh.json("cycle", "complete", cid, "--activity", number, "--evidence", evidence,
                              "--record", record, "--note", f"actividad {number}", user=user)
        assert code == 0, moved
    assert (moved["state"], moved["activity"]) == ("completed", None)
    code, shown = sh.json("cycle", "show", cid)
    assert [e["type"] for e in shown["history"]].count("activity.completed") == 5
    assert {e["record"] for e in shown["evidence"]} == {"correo_electronico", "hoja_vida_tramites", "informe",
                                                        "plataforma_digital"}
    human = sh.run("cycle", "show", cid)
    assert "Timeline" in human.stdout and "correo.eml" in human.stdout
    code, verified = sh.json("audit", "verify")
    assert code == 0 and verified["ok"] and verified["first_bad_seq"] is None


def test_exit_codes_follow_the_contract(sh: Shell) -> None:
    _, cycle = sh.json("cycle", "start", CODE, user="ana")
    cid = cycle["id"]
    assert sh.run("cycle", "complete", cid, user="nobody").returncode == 1
    assert sh.run("cycle", "complete", cid, "--activity", "2", user="nobody").returncode == 1  # who first
    stale = sh.run("cycle", "complete", cid, "--activity", "2", user="ana")
    assert stale.returncode == 3 and "nothing was saved" in stale.stderr
    assert sh.run("cycle", "cancel", cid, user="ana").returncode == 2  # --reason missing: usage
    assert sh.run("cycle", "frobnicate").returncode == 2
    assert sh.run("cycle", "show", "NO-SUCH").returncode == 1
    missing = sh.run("cycle", "attach", cid, str(sh.tmp / "nada.pdf"), "--record", "informe", user="ana")
    assert missing.returncode == 1
    assert sh.run("staff", "add", "pepe", "--area", "oficina_tic", "--role", "profesional_universitario",
                  user="ana").returncode == 1
    if sh.server is not None:
        assert sh.run("db", "grant", "pepe", "--as", "staff", user="ana").returncode == 1
        assert sh.run("db", "grant", "pepe", "--as", "jefe").returncode == 2
    else:
        granted = sh.run("db", "grant", "pepe", "--as", "staff")
        assert granted.returncode == 1 and "SQLite" in granted.stderr


def test_refusals_say_why_in_one_sentence(sh: Shell) -> None:
    _, cycle = sh.json("cycle", "start", CODE, user="ana")
    sh.run("cycle", "complete", cycle["id"], user="ana")
    refused = sh.run("cycle", "complete", cycle["id"], user="luis")
    assert refused.returncode == 1
    assert "33 pending items" in refused.stderr and "Secretaría de Hacienda" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1, "one sentence, not wrapped"
    mail = sh.file("correo.eml", "Solicitud")
    sh.run("cycle", "attach", cycle["id"], mail, "--record", "correo_electronico", "--all-pending", user="luis")
    assert sh.run("cycle", "complete", cycle["id"], "--activity", "2", user="luis").returncode == 0
    refused = sh.run("cycle", "complete", cycle["id"], user="luis")
    assert refused.returncode == 1 and "--record hoja_vida_tramites" in refused.stderr
    wrong = sh.run("cycle", "complete", cycle["id"], user="marta")
    assert "Profesional Universitario" in wrong.stderr and "Oficina SIG" in wrong.stderr


def test_messages_are_spanish_when_asked(sh: Shell) -> None:
    result = sh.run("cycle", "show", "NO-EXISTE", lang="es")
    assert result.returncode == 1 and "no existe el ciclo" in result.stderr
    assert "Validar, publicar" in sh.run("--help", lang="es").stdout


def test_json_errors_still_go_to_stdout(sh: Shell) -> None:
    code, document = sh.json("cycle", "show", "NO-SUCH")
    assert code == 1 and "NO-SUCH" in document["error"]["message"]


@pytest.mark.parametrize(("args", "said"), [
    (["cycle", "cancel", "X"], "Missing option '--reason'"),
    (["cycle", "show"], "Missing argument 'ID'"),
    (["cycle", "list", "--state", "sideways"], "unknown state 'sideways'"),
    (["cycle", "complete", "X", "--activity", "two"], "'--activity'"),
    (["cycle", "complete", "X", "--evidence", "a.pdf"], "each --evidence needs its --record"),
    (["staff", "list", "--bogus"], "No such option: --bogus"),
    (["cycle", "frobnicate"], "No such command 'frobnicate'"),
])
def test_usage_errors_with_json_print_the_json_error_document(tmp_path: Path, args: list[str], said: str) -> None:
    shell = Shell(tmp_path / "home", tmp_path)
    result = shell.run(*args, "--json")
    assert result.returncode == 2
    document = json.loads(result.stdout)  # the whole of stdout: one document, nothing else
    assert list(document) == ["error"] and document["error"]["exit_code"] == 2
    assert said in document["error"]["message"]
    assert said in result.stderr  # people still read click's usage text
    plain = shell.run(*args)
    assert plain.returncode == 2 and plain.stdout == "" and said in plain.stderr


def test_procedure_show_json_has_the_contract_shape(sh: Shell) -> None:
    code, proc = sh.json("procedure", "show", CODE)
    assert code == 0 and proc["version"] == "2" and len(proc["activities"]) == 5
    second = proc["activities"][1]
    assert [a["id"] for a in second["areas"]] == ["atencion_ciudadano", "oficina_sig"]
    assert proc["activities"][0]["records"] == []
    assert proc["activities"][2]["records"][0]["code"] == "ME-GAC-F-003"
    assert proc["activities"][3]["records"][0]["code"] is None


def test_publish_same_content_is_a_no_op_and_other_content_is_refused(sh: Shell) -> None:
    shipped = ROOT / "procedures" / "MM-GAC-P-006.yaml"
    assert sh.run("procedure", "publish", str(shipped)).returncode == 0
    changed = sh.tmp / "changed.yaml"
    changed.write_text(shipped.read_text(encoding="utf-8").replace("Revisar y actualizar", "Revisar y ajustar"),
                       encoding="utf-8")
    refused = sh.run("procedure", "publish", str(changed))
    assert refused.returncode == 1 and "already published" in refused.stderr
    code, versions = sh.json("procedure", "list")
    assert code == 0 and [v["code"] for v in versions].count("MM-GAC-P-006") == 1


def test_validate_reports_path_line_column(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "home", tmp_path)
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "procedures" / "MM-GAC-P-006.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("role: profesional_universitario", "role: profesional", 1), encoding="utf-8")
    result = shell.run("procedure", "validate", str(broken))
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "profesional" in line)
    path, line_no, column, _message = line.split(":", 3)
    assert path == str(broken) and int(line_no) > 1 and int(column) >= 1
    ok = shell.run("procedure", "validate", str(ROOT / "procedures" / "MM-GAC-P-006.yaml"))
    assert ok.returncode == 0 and "warning" in ok.stdout


def test_python_cli_py_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "cli.py", "--help"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "WORKFLOW_LANG": "en"})
    assert result.returncode == 0 and "procedure" in result.stdout and "cycle" in result.stdout


def test_demo_runs_a_whole_cycle(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "unused", tmp_path)
    result = shell.run("demo", "--home", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert "completed" in result.stdout and str(tmp_path / "demo") in result.stdout
    assert any((tmp_path / "demo" / "evidence").rglob("*"))
    # Activities 1-4 took their records from the catalogue (the real data shipped for the demo).
    for made in ("catalog reconcile", "mail import", "catalog sheet", "catalog publish"):
        assert made in result.stdout, made
    assert (tmp_path / "demo" / "samples" / "sitio" / "tramites" / "T2621.html").is_file()
