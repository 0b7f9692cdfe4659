"""The README is the manual: its walkthrough runs as written, and it documents every command."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _walkthrough() -> list[str]:
    block = README.split("<!-- walkthrough:", 1)[1].split("```console", 1)[1].split("```", 1)[0]
    return [line[2:] for line in block.splitlines() if line.startswith("$ ")]


def test_walkthrough_runs_as_written(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
    env.update(HOME=str(tmp_path), NO_COLOR="1", WORKFLOW_LANG="en")
    for name in ("solicitud-dependencias.eml", "respuesta-hacienda.eml", "hojas-de-vida.xlsx", "informe.pdf",
                 "registro-plataforma.csv"):
        (tmp_path / name).write_text(f"evidencia: {name}\n", encoding="utf-8")
    lines = _walkthrough()
    assert len(lines) > 10
    for line in lines:
        words = shlex.split(line)
        if words[0] == "export":
            for assignment in words[1:]:
                key, value = assignment.split("=", 1)
                env[key] = os.path.expanduser(value.replace("~", str(tmp_path), 1))
            continue
        assert words[0] == "workflow"
        result = subprocess.run([sys.executable, "-m", "workflow", *words[1:]], capture_output=True, text=True,
                                cwd=tmp_path, env=env)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
    assert "completed" in result.stdout or "intact" in result.stdout


def test_every_command_is_documented() -> None:
    from typer.main import get_command

    from workflow.cli.app import app

    group = get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    assert len(names) > 15
    assert [name for name in names if f"`workflow {name}" not in README] == []


def test_the_procedure_diagram_in_the_readme_is_current(shipped: object) -> None:
    from workflow.authoring.diagram import procedure_diagram
    from workflow.i18n import using_language

    with using_language("es"):
        drawn = procedure_diagram(shipped.procedure)  # type: ignore[attr-defined]
    assert f"```mermaid\n{drawn.rstrip()}\n```" in README, "paste `workflow procedure diagram MM-GAC-P-006`"
