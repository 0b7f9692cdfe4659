"""Loading: procedure YAML text or a file -> a `LoadedProcedure`, or every problem at once.

Each problem carries PATH:LINE:COL so an editor can jump to it, and a message key so the shell renders
it in the user's language. Three passes, each reporting what it can see even when another fails: the
YAML reader (workflow.core.yaml_positions), the models (workflow.core.definition, their errors said by
workflow.core.schema_errors) and the rules across the file (workflow.core.rules). Pure but for
`load_procedure_file` and `validate_paths`, which read the files they are given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FilePath

from pydantic import ValidationError

from workflow.core.definition import CONSISTENCY_CHECKED, Procedure
from workflow.core.limits import MAX_DEFINITION_BYTES
from workflow.core.named_files import UnreadableFile, read_named_file
from workflow.core.rules import consistency_findings
from workflow.core.schema_errors import found, schema_messages
from workflow.core.yaml_positions import Path, parse
from workflow.errors import DefinitionInvalid, Message, Problem

__all__ = [
    "LoadedProcedure", "load_procedure_file", "load_procedure_text", "read_definition_text", "validate_paths",
]


@dataclass(frozen=True)
class LoadedProcedure:
    procedure: Procedure
    text: str  # the exact YAML text, so a published version can be stored and hashed as written
    sha256: str  # hex SHA-256 of the UTF-8 bytes of `text`
    path: str
    warnings: tuple[Problem, ...]


def load_procedure_text(text: str, path: str = "<text>") -> LoadedProcedure:
    """Validate procedure YAML `text`; raise DefinitionInvalid with every problem (warnings included)."""
    parsed = parse(text)
    problems = [Problem(path, line, column, message) for (line, column), message in parsed.problems]
    procedure: Procedure | None = None
    if parsed.empty:
        problems.append(Problem(path, 1, 1, Message("definition.empty")))
    elif parsed.positions and not parsed.is_blocked(()):
        if not isinstance(parsed.value, dict):
            line, column = parsed.position(())
            problems.append(Problem(path, line, column, Message(
                "definition.top_not_mapping", {"found": found(parsed.value, parsed.sources.get(()))})))
        else:
            try:
                procedure = Procedure.model_validate(parsed.value, context={CONSISTENCY_CHECKED: True})
            except ValidationError as invalid:
                for (line, column), message in schema_messages(invalid, parsed):
                    problems.append(Problem(path, line, column, message))

            def line_of(p: Path) -> int | None:
                return parsed.position(p)[0] if p in parsed.positions else None

            for finding in consistency_findings(parsed.value, line_of):
                line, column = parsed.position(finding.path)
                problems.append(Problem(path, line, column, finding.message, finding.severity))
    problems = _sorted_unique(problems)
    if procedure is None or any(p.severity == "error" for p in problems):
        raise DefinitionInvalid(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedProcedure(procedure=procedure, text=text, sha256=digest, path=path, warnings=tuple(problems))


def _sorted_unique(problems: Iterable[Problem]) -> list[Problem]:
    unique = {(p.line, p.column, p.severity, p.message.key, repr(p.message.params)): p for p in problems}
    return [unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1], k[2] != "error", k[3]))]


def load_procedure_file(path: FilePath) -> LoadedProcedure:
    """Read `path` as UTF-8 and load it; an unreadable file is one problem, like any other."""
    return load_procedure_text(read_definition_text(path), str(path))


def read_definition_text(path: FilePath) -> str:
    """The text of a procedure, item-list or calendar file, or `DefinitionInvalid` saying why not (missing,
    a folder, a pipe or device, larger than MAX_DEFINITION_BYTES, unreadable, not UTF-8) before anything
    is parsed."""
    name = str(path)
    try:
        data = read_named_file(path, MAX_DEFINITION_BYTES)
    except UnreadableFile as refused:
        if refused.fault == "missing":
            message = Message("definition.file_missing")
        elif refused.fault == "folder":
            message = Message("definition.file_is_directory")
        elif refused.fault == "unreadable":
            message = Message("definition.file_unreadable", {"detail": refused.detail})
        else:
            message = Message("definition.file_refused", {"reason": refused.reason()})
        raise DefinitionInvalid([Problem(name, 1, 1, message)]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8", errors="replace")) + 1
        raise DefinitionInvalid([Problem(name, data.count(b"\n", 0, error.start) + 1, column, Message(
            "definition.file_encoding", {"byte": f"0x{data[error.start]:02X}"}))]) from None


Validated = tuple[str, LoadedProcedure | None, tuple[Problem, ...]]


def validate_paths(paths: Iterable[FilePath]) -> list[Validated]:
    """For `procedure validate PATH...`: each file's procedure (None when invalid) and its problems."""
    results: list[Validated] = []
    for path in paths:
        try:
            loaded = load_procedure_file(path)
        except DefinitionInvalid as invalid:
            results.append((str(path), None, invalid.problems))
        else:
            results.append((str(path), loaded, loaded.warnings))
    return results
