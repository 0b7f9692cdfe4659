"""Where `-o FILE` may write: never over what the program itself reads.

An export, a checkpoint or a diagram written over the database (or its -wal/-shm journal), the
evidence store, the signing key, the saved checkpoints, the scratch folder or a procedure file that
`init` publishes would destroy what it came from. Those are refused whatever `--force` says; any
other file that exists is refused unless `force` (the CLI's `--force`), and then replaced atomically.
Paths are compared after resolving `..` and symbolic links, so another spelling of the same file is
the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from workflow.errors import Refused
from workflow.settings import Settings, shipped_procedures_dir

__all__ = ["check_output", "check_outputs"]

_JOURNALS = ("", "-wal", "-shm", "-journal")
_DEFINITION_SUFFIXES = (".yaml", ".yml")


def check_output(settings: Settings, target: Path, force: bool = False) -> None:
    """Refuse `target` as an output file when it is (or is inside) something the program reads, or,
    without `force`, when it exists already."""
    check_outputs(settings, (target,), force)


def check_outputs(settings: Settings, targets: Iterable[Path], force: bool = False) -> None:
    """`check_output` of each target (a published site's thousands of pages), the protected paths
    resolved once for all."""
    protected = list(_protected(settings))
    definitions = _definition_folders(settings)
    for target in targets:
        _check(protected, definitions, target, force)


def _check(protected_paths: list[tuple[Path, bool]], definitions: tuple[Path, ...], target: Path,
           force: bool) -> None:
    resolved = _resolved(target)
    for protected, folder in protected_paths:
        if resolved == protected or (folder and protected in resolved.parents):
            raise Refused("outputs.protected", path=str(target), protected=str(protected))
    if resolved.suffix.lower() in _DEFINITION_SUFFIXES and resolved.parent in definitions:
        raise Refused("outputs.protected", path=str(target), protected=str(resolved))
    if os.path.isdir(resolved):
        raise Refused("outputs.is_folder", path=str(target))
    if not force and os.path.lexists(target):
        raise Refused("storage.output_exists", path=str(target))


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the spelling given
        return Path(os.path.abspath(path))


def _protected(settings: Settings) -> Iterator[tuple[Path, bool]]:
    """(path, whether everything inside it is protected too)."""
    database = settings.database_file
    if database is not None:
        for journal in _JOURNALS:
            yield _resolved(database.with_name(database.name + journal)), False
    yield _resolved(settings.signing_key_path), False
    # The home's own key folder; a key kept elsewhere (WORKFLOW_CHECKPOINT_KEY) protects only itself,
    # since its folder may be any folder of the person's.
    for folder in (settings.evidence_dir, settings.home / "keys", settings.checkpoints_dir, settings.scratch_dir):
        yield _resolved(folder), True


def _definition_folders(settings: Settings) -> tuple[Path, ...]:
    """The folders of the procedure, item-list and calendar files `init` publishes (their .yaml files
    are protected)."""
    procedures = _resolved(settings.procedures_dir or shipped_procedures_dir())
    return procedures, procedures / "data", procedures / "calendars"
