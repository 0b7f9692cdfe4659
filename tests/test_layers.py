"""The house's rooms and what each may import (STYLE.md), read from the source of every module.

Every import counts: at the top, inside a function (kept lazy for speed), or for type checking only.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workflow"
DATABASE = frozenset({"sqlalchemy", "sqlmodel", "alembic", "psycopg"})
TERMINAL = frozenset({"typer", "rich", "click"})
SHARED = ("workflow.errors", "workflow.i18n", "workflow.messages")
CORE_LIBRARIES = frozenset({"pydantic", "pydantic_core", "yaml", "transitions", "holidays", "cryptography", "orjson"})


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # what it imports, dotted (a module, or a name's module)
    line: int


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    relative = Path(*dotted.split("."))
    return (ROOT / relative).with_suffix(".py").is_file() or (ROOT / relative / "__init__.py").is_file()


def _imports(path: Path) -> Iterator[Import]:
    module = _module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                # `from workflow.core import engine` imports the module workflow.core.engine.
                candidate = f"{node.module}.{alias.name}"
                yield Import(module, candidate if _is_module(candidate) else node.module, node.lineno)


def _all_imports() -> list[Import]:
    return [found for path in sorted(PACKAGE.rglob("*.py")) for found in _imports(path)]


ALL = _all_imports()


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _within(target: str, allowed: tuple[str, ...]) -> bool:
    return any(target == prefix or target.startswith(prefix + ".") for prefix in allowed)


def _top(target: str) -> str:
    return target.split(".")[0]


def _library_allowed(library: str, allowed: frozenset[str] | None) -> bool:
    """None allows every library; otherwise the standard library and those named."""
    return allowed is None or library in allowed or library in sys.stdlib_module_names or library == "__future__"


def _violations(room: str, allowed_ours: tuple[str, ...], allowed_libraries: frozenset[str] | None = None,
                forbidden_libraries: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for imported in ALL:
        if _room(imported.module) != room:
            continue
        where = f"{imported.module}:{imported.line} imports {imported.target}"
        if _top(imported.target) == "workflow":
            if not _within(imported.target, allowed_ours):
                found.append(where)
        elif _top(imported.target) in forbidden_libraries or not _library_allowed(
                _top(imported.target), allowed_libraries):
            found.append(where)
    return found


def test_the_core_imports_only_the_core_and_its_libraries() -> None:
    assert _violations("core", ("workflow.core", *SHARED), CORE_LIBRARIES) == []


def test_authoring_works_over_the_core_only() -> None:
    allowed = ("workflow.core", "workflow.authoring", *SHARED)
    assert _violations("authoring", allowed, forbidden_libraries=DATABASE | TERMINAL) == []


def test_exports_are_writers_over_the_core_only() -> None:
    allowed = ("workflow.core", "workflow.exports", *SHARED)
    assert _violations("exports", allowed, forbidden_libraries=DATABASE | TERMINAL) == []


def test_the_catalogue_modules_are_pure_like_the_core() -> None:
    assert _violations("catalog", ("workflow.core", "workflow.catalog", *SHARED), CORE_LIBRARIES) == []


def test_storage_knows_nothing_of_the_use_cases_or_the_screen() -> None:
    assert _violations("storage", ("workflow.core", "workflow.storage", "workflow.settings", *SHARED),
                       forbidden_libraries=TERMINAL) == []


def test_the_service_never_reaches_for_the_command_line() -> None:
    allowed = ("workflow.core", "workflow.authoring", "workflow.storage", "workflow.exports", "workflow.service",
               "workflow.settings", "workflow.catalog", *SHARED)
    assert _violations("service", allowed, forbidden_libraries=TERMINAL) == []


@pytest.mark.parametrize("library", sorted(TERMINAL))
def test_only_the_cli_imports_the_terminal_libraries(library: str) -> None:
    outside = [f"{i.module}:{i.line}" for i in ALL if _top(i.target) == library and _room(i.module) != "cli"]
    assert outside == []


def test_the_shared_modules_import_nothing_above_them() -> None:
    for imported in ALL:
        if imported.module in ("workflow.errors", "workflow.i18n", "workflow.settings") or \
                _room(imported.module) == "messages":
            assert _top(imported.target) != "workflow" or _within(imported.target, SHARED), imported


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), in the graph of explicit imports."""
    graph: dict[str, set[str]] = {}
    for imported in ALL:
        if _top(imported.target) == "workflow" and imported.target != imported.module:
            graph.setdefault(imported.module, set()).add(imported.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_back_through_others() -> None:
    assert _cycles() == []


MODULE_LINE_LIMIT = 500


def test_no_module_is_too_long_to_read_in_one_sitting() -> None:
    """Message catalogues aside: they are tables of sentences, not code."""
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if "messages" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINE_LIMIT}
    assert long == {}
