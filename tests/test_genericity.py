"""The engine is not made for one procedure: two more procedures of other shapes, each driven end to end
through the `workflow` command (real subprocesses, a temporary WORKFLOW_HOME, `WORKFLOW_PROCEDURES`
pointing `init` at the procedure's folder).

- tests/fixtures/procedures/branching (EJ-GAC-P-101, PQRSD): branches, `returns_to`, suspend/resume,
  an optional activity skipped at the end;
- tests/fixtures/procedures/multi (EJ-GAC-P-102, informe semestral): an activity once per secretaría
  (`--item`, `--all-pending`, `waive`), terms in business days, `cycle list --overdue`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, PostgresServer
from workflow.service import access
from workflow.service.facade import EvidenceInput, Workflow
from workflow.settings import Settings

FIXTURES = ROOT / "tests" / "fixtures" / "procedures"
WORKFLOW = [sys.executable, "-m", "workflow"]


class Terminal:
    """Staff typing `workflow ...` against one home initialised from one procedures folder."""

    def __init__(self, tmp: Path, procedures: Path, server: PostgresServer | None = None) -> None:
        self.tmp = tmp
        self.server = server
        self.home = tmp / "home"
        self.procedures = procedures
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
        self.env.update(WORKFLOW_HOME=str(self.home), WORKFLOW_PROCEDURES=str(procedures), WORKFLOW_LANG="en",
                        NO_COLOR="1", COLUMNS="200")

    def run(self, *args: str, user: str = "admin", code: int = 0) -> subprocess.CompletedProcess[str]:
        env = {**self.env, "WORKFLOW_USER": user}
        if self.server is not None:  # on PostgreSQL each person connects as their own role
            env["WORKFLOW_DB_URL"] = self.server.url(user)
        result = subprocess.run([*WORKFLOW, *args], capture_output=True, text=True, cwd=ROOT, env=env)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert result.returncode == code, (args, result.returncode, result.stdout, result.stderr)
        return result

    def json(self, *args: str, user: str = "admin", code: int = 0) -> Any:
        return json.loads(self.run(*args, "--json", user=user, code=code).stdout)

    def file(self, name: str) -> str:
        path = self.tmp / name
        path.write_text(f"contenido de {name}", encoding="utf-8")
        return str(path)

    def set_up(self, staff: dict[str, tuple[str, str]]) -> None:
        assert "published" in self.run("init").stdout
        for login, (area, role) in staff.items():
            if self.server is not None:
                self.server.role(login)
                self.run("db", "grant", login, "--as", "staff")
            self.run("staff", "add", login, "--area", area, "--role", role, "--name", login.title())

    def library(self, login: str, moment: datetime) -> Workflow:
        """The same home through the library, on a clock stopped at `moment` (to make a cycle old)."""
        settings = Settings.for_home(self.home, user=login, procedures_dir=self.procedures)
        if self.server is not None:
            settings = replace(settings, db_url=self.server.url(login))
        return Workflow(settings, clock=lambda: moment)


# ---------------------------------------------------------------------------------------------------
# Branch and loop.

PQRSD = "EJ-GAC-P-101"
PQRSD_STAFF = {"aux": ("atencion_ciudadano", "auxiliar_administrativo"),
               "pro": ("atencion_ciudadano", "profesional_universitario"),
               "dep": ("dependencia_competente", "profesional_universitario"),
               "jur": ("oficina_juridica", "asesor_juridico")}


def test_branch_and_loop_procedure_end_to_end(tmp_path: Path, backend: PostgresServer | None) -> None:
    term = Terminal(tmp_path, FIXTURES / "branching", backend)
    term.set_up(PQRSD_STAFF)
    cycle = term.json("cycle", "start", PQRSD, "--title", "Derecho de petición 2026-0415", user="aux")
    assert (cycle["procedure"], cycle["version"], cycle["state"], cycle["activity"]) == (PQRSD, "1", "active", 1)
    cid = cycle["id"]

    def complete(number: int, user: str, *record: str) -> Any:
        evidence = [a for r in record for a in ("--evidence", term.file(f"{r}.pdf"), "--record", r)]
        return term.json("cycle", "complete", cid, "--activity", str(number), *evidence, user=user)

    assert complete(1, "aux", "radicado")["activity"] == 2
    assert complete(2, "pro")["activity"] == 3  # no transfer attached: the default branch
    assert complete(3, "dep", "proyecto_respuesta")["activity"] == 4
    assert complete(4, "jur")["activity"] == 5  # no observations: forward
    refused = term.run("cycle", "return", cid, "--to", "4", "--reason", "revisar otra vez", user="aux", code=1)
    assert "activity 4" in refused.stderr  # activity 5 returns only to 3
    held = term.json("cycle", "suspend", cid, "--reason", "dirección del peticionario errada", user="aux")
    assert (held["state"], held["activity"]) == ("suspended", 5)
    assert term.json("cycle", "resume", cid, "--reason", "dirección corregida", user="aux")["state"] == "active"
    assert complete(5, "aux", "respuesta")["activity"] == 6
    done = term.json("cycle", "skip", cid, "--reason", "el peticionario no aceptó la encuesta", user="aux")
    assert (done["state"], done["activity"]) == ("completed", None)
    shown = term.json("cycle", "show", cid)
    assert (shown["state"], shown["activity"]) == ("completed", None)
    kinds = [h["type"] for h in shown["history"]]
    assert kinds.count("activity.completed") == 5 and kinds[-1] == "activity.skipped"
    assert {"cycle.suspended", "cycle.resumed"} <= set(kinds) and "cycle.returned" not in kinds
    assert {e["record"] for e in shown["evidence"]} == {"radicado", "proyecto_respuesta", "respuesta"}
    verified = term.json("audit", "verify")
    assert verified["ok"] and verified["first_bad_seq"] is None


def _pqrsd_through_library(term: Terminal, activity: int) -> str:
    """Set-up through the library (quick): the home, its staff, and a PQRSD cycle at `activity` along
    the default branches; the test then types its command."""
    who = {1: "aux", 2: "pro", 3: "dep"}
    records = {1: "radicado", 3: "proyecto_respuesta"}
    now = datetime.now(UTC)
    flows = {login: term.library(login, now) for login in ("admin", *PQRSD_STAFF)}
    flows["admin"].init()
    for login, (area, role) in PQRSD_STAFF.items():
        if term.server is not None:
            term.server.role(login)
            access.grant(flows["admin"], login, "staff")
        flows["admin"].add_staff(login, area, role)
    cycle = flows["aux"].start_cycle(PQRSD)
    for number in range(1, activity):
        given = [EvidenceInput(Path(term.file(f"{records[number]}.pdf")), records[number])] \
            if number in records else []
        flows[who[number]].complete(cycle.id, number, given)
    for flow in flows.values():
        flow.close()
    return cycle.id


def test_transfer_by_competence_takes_the_other_branch(tmp_path: Path, backend: PostgresServer | None) -> None:
    term = Terminal(tmp_path, FIXTURES / "branching", backend)
    cid = _pqrsd_through_library(term, 2)
    moved = term.json("cycle", "complete", cid, "--activity", "2", "--evidence", term.file("traslado.pdf"),
                      "--record", "traslado", user="pro")
    assert moved["activity"] == 5


# ---------------------------------------------------------------------------------------------------
# Multi-instance with terms.

INFORME = "EJ-GAC-P-102"
INFORME_STAFF = {"pro": ("atencion_ciudadano", "profesional_universitario"),
                 "jefe": ("control_interno", "jefe_oficina"),
                 "tic": ("oficina_tic", "profesional_universitario")}


def test_multi_instance_procedure_with_terms_end_to_end(tmp_path: Path, backend: PostgresServer | None) -> None:
    term = Terminal(tmp_path, FIXTURES / "multi", backend)
    term.set_up(INFORME_STAFF)
    with term.library("pro", datetime(2026, 1, 5, 15, tzinfo=UTC)) as old:  # its 2-day term ran out long ago
        forgotten = old.start_cycle(INFORME, "Informe segundo semestre 2025").id
    cid = term.json("cycle", "start", INFORME, "--title", "Informe primer semestre 2026", user="pro")["id"]
    at_2 = term.json("cycle", "complete", cid, "--activity", "1", "--evidence", term.file("circular.pdf"),
                     "--record", "circular", user="pro")
    assert (at_2["state"], at_2["activity"]) == ("active", 2)
    pending = term.run("cycle", "complete", cid, "--activity", "2", user="pro", code=1)
    assert "5 pending items" in pending.stderr and "DADSA" in pending.stderr
    for required in ("reporte_pqrsd", "oficio_remisorio"):
        term.run("cycle", "attach", cid, term.file(f"hacienda-{required}.pdf"), "--record", required,
                 "--item", "secretaria-de-hacienda", user="pro")
    term.run("cycle", "waive", cid, "--item", "essmar", "--reason", "no recibió PQRSD en el semestre", user="pro")
    term.run("cycle", "attach", cid, term.file("reportes.zip"), "--record", "reporte_pqrsd", "--all-pending",
             user="pro")
    shown = term.json("cycle", "show", cid)
    assert {i["id"]: i["state"] for i in shown["items"]} == {
        "secretaria-general": "pending", "secretaria-de-hacienda": "done", "secretaria-de-planeacion": "pending",
        "essmar": "waived", "dadsa": "pending"}  # the reports are there, the cover letters are not yet
    assert (shown["deadline"]["term_business_days"], shown["deadline"]["light"]) == (10, "green")
    term.run("cycle", "attach", cid, term.file("oficios.pdf"), "--record", "oficio_remisorio", "--all-pending",
             user="pro")
    overdue = term.json("cycle", "list", "--overdue")
    assert [(c["id"], c["activity"], c["deadline"]["light"]) for c in overdue] == [(forgotten, 1, "red")]
    steps = [(2, "pro", None, 3),  # an item was waived: Control Interno is told
             (3, "jefe", "requerimiento", 4), (4, "pro", "informe_semestral", 5),
             (5, "tic", "constancia_publicacion", None)]
    for number, user, record, lands_on in steps:
        evidence = ["--evidence", term.file(f"{record}.pdf"), "--record", record] if record else []
        moved = term.json("cycle", "complete", cid, "--activity", str(number), *evidence, user=user)
        assert moved["activity"] == lands_on, moved
    shown = term.json("cycle", "show", cid)
    assert (shown["state"], shown["activity"], shown["items"]) == ("completed", None, [])
    waived = [h for h in shown["history"] if h["type"] == "item.waived"]
    assert [h["reason"] for h in waived] == ["no recibió PQRSD en el semestre"]
    per_item = {(e["record"], e["item"]) for e in shown["evidence"] if e["activity"] == 2}
    assert len(per_item) == 8 and ("oficio_remisorio", "essmar") not in per_item
    verified = term.json("audit", "verify")
    assert verified["ok"] and verified["first_bad_seq"] is None
