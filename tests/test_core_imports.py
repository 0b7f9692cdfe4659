"""The functional core stays free of the terminal and the database; --help stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "sqlmodel", "alembic")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.splitlines()[-1]
    return {name.split(".")[0] for name in json.loads(out)}


@pytest.mark.parametrize("module", ["workflow.core.definition", "workflow.core.rules", "workflow.core.schema_errors",
                                    "workflow.core.loading", "workflow.core.engine", "workflow.core.guards",
                                    "workflow.core.chain", "workflow.storage.evidence_files", "workflow.i18n"])
def test_core_modules_import_no_terminal_or_database_stack(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert not loaded & {"typer", "rich", "click", *HEAVY}


@pytest.mark.parametrize("argv", [["--help"], ["procedure", "validate", "procedures/MM-GAC-P-006.yaml"]])
def test_help_and_validate_do_not_import_the_database_stack(argv: list[str]) -> None:
    code = ("import sys\nfrom workflow.cli.app import app\n"
            f"sys.argv = ['workflow', *{argv!r}]\n"
            "try:\n    app(prog_name='workflow')\nexcept SystemExit:\n    pass\n")
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY)


def test_the_public_api_is_listed_and_resolves() -> None:
    import workflow

    assert sorted(workflow.__all__) == sorted(workflow._HOME)
    for name in workflow.__all__:
        assert getattr(workflow, name) is not None, name


def test_type_checkers_see_the_real_public_names() -> None:
    """`__getattr__` gives type checkers only Any; the `if TYPE_CHECKING:` imports give them the real
    classes, and must name exactly what `_HOME` resolves, from the same modules."""
    import ast

    import workflow

    tree = ast.parse((ROOT / "workflow" / "__init__.py").read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    imported = {alias.name: node.module for node in block.body if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert imported == workflow._HOME


def test_the_wheel_ships_py_typed() -> None:
    """PEP 561: without the marker an installed `workflow` is untyped to mypy. Hatch ships every file
    of the packages listed, so the marker ships as long as it is there and nothing excludes it."""
    import tomllib

    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"][
        "wheel"]
    assert (ROOT / "workflow" / "py.typed").is_file()
    assert wheel["packages"] == ["workflow"] and not any("py.typed" in rule for rule in wheel.get("exclude", []))


def test_importing_the_package_alone_loads_no_database_stack() -> None:
    assert not _modules_after("import workflow") & set(HEAVY)


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "bench").glob("bench_*.py")))
def test_every_benchmark_still_imports_what_it_names(script: str) -> None:
    """Benchmarks are not type-checked with the package; a moved module must not leave one broken."""
    shown = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--help"], capture_output=True,
                           text=True, cwd=ROOT)
    assert shown.returncode == 0 and "usage" in shown.stdout, shown.stderr


READ_STACKS = ("workflow.exports", "workflow.authoring", "workflow.storage.migrations", "alembic", "yaml",
               "transitions", "holidays", "cryptography", "openpyxl", "xlsxwriter")


def _modules_of_a_command(home: Path, argv: list[str], run: str, after: str = "") -> set[str]:
    """The modules a process has loaded after running `argv` on a home with one cycle at activity 1
    (through `run`: the whole app, or the console script's entry); `after` runs once it is done."""
    from tests.conftest import CODE, Office

    office = Office(home)
    office.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana")
    office.as_user("ana").start_cycle(CODE)
    office.close()
    code = ("import os, sys\n"
            f"os.environ.update(WORKFLOW_HOME={str(home)!r}, WORKFLOW_USER='ana')\n"
            f"sys.argv = ['workflow', *{argv!r}]\n"
            f"try:\n    {run}\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
            f"{after}\nimport json; print(json.dumps(sorted(sys.modules)))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    return set(json.loads(shown.stdout.splitlines()[-1]))


def _any_of(loaded: set[str], stacks: tuple[str, ...]) -> set[str]:
    return {name for name in loaded if name.split(".")[0] in stacks or name.startswith(stacks)}


@pytest.mark.parametrize("argv", [["cycle", "show", "MM-GAC-P-006-0001"], ["cycle", "list"]])
def test_the_read_path_imports_no_export_diagram_migration_or_parsing_stack(tmp_path: Path,
                                                                            argv: list[str]) -> None:
    """A read command (with the definition already in the cache beside the database) loads the database
    stack and the command line, and none of the exports, diagrams, migrations, YAML or state machine."""
    loaded = _modules_of_a_command(tmp_path / "home", argv,
                                   "from workflow.cli.app import app; app(prog_name='workflow')")
    assert "sqlmodel" in loaded  # it did read the database
    assert not _any_of(loaded, READ_STACKS)


# What the console script itself loads (`workflow.cli.entry`, one group and in it one command): none of
# the above, not the SQLModel classes (the store queries Core tables), no other command group and not the
# whole app. A human-readable `cycle show` renders with rich; `--json` and `cycle complete` never do.
ONE_SHOT_NEVER = ("workflow.storage.tables", "workflow.cli.app", "workflow.cli.procedure", "workflow.cli.catalog",
                  "workflow.cli.request", "workflow.cli.audit", "workflow.cli.staff")
NO_TABLE_CLASS = "from sqlmodel import SQLModel\nassert not SQLModel.metadata.tables, sorted(SQLModel.metadata.tables)"


@pytest.mark.parametrize(("argv", "renders"), [
    (["cycle", "show", "MM-GAC-P-006-0001"], True),
    (["cycle", "show", "MM-GAC-P-006-0001", "--json"], False),
    (["cycle", "complete", "MM-GAC-P-006-0001", "--activity", "1", "--note", "revisada"], False),
])
def test_a_one_shot_command_loads_only_what_it_needs(tmp_path: Path, argv: list[str], renders: bool) -> None:
    """`cycle show` is a read (none of the read path's exclusions either); `cycle complete` moves the
    cycle, so it may load the state machine, nothing more."""
    loaded = _modules_of_a_command(tmp_path / "home", argv, "from workflow.cli.entry import main; main()",
                                   after=NO_TABLE_CLASS)
    assert "sqlmodel" in loaded
    assert not loaded & set(ONE_SHOT_NEVER)
    writes = argv[1] == "complete"
    assert not _any_of(loaded, tuple(s for s in READ_STACKS if not (writes and s == "transitions")))
    assert ("rich" in loaded) == renders
