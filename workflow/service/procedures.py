"""Published procedure versions as the service reads them: by code (the version in force), by
version, by SHA-256 (the version a cycle runs on), parsed once per `Workflow`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from workflow.core.definition import Procedure
from workflow.core.records import CycleRow, ProcedureRow
from workflow.errors import IntegrityFailure, NotFound
from workflow.storage.definition_cache import DefinitionCache
from workflow.storage.store import Tx


def latest_versions(rows: Iterable[ProcedureRow]) -> dict[str, ProcedureRow]:
    """The version in force of each code: the one published last (rows in publication order, as
    `Tx.procedures` gives them; the store's own "latest" query orders the same way)."""
    latest: dict[str, ProcedureRow] = {}
    for row in rows:
        latest[row.code] = row
    return latest


# Every Workflow of this process shares what it parsed, by the SHA-256 of the text: one Procedure object
# per text, so the state machine built for it (`workflow.core.engine.machine_for`) is built once too.
_BY_CONTENT: dict[str, Procedure] = {}


class PublishedDefinitions:
    """Published versions are immutable, so each is parsed once and kept by its SHA-256: in memory for
    this `Workflow`, and (with a `cache`) on disk for later processes."""

    def __init__(self, cache: DefinitionCache | None = None) -> None:
        self._parsed: dict[str, Procedure] = {}
        self._cache = cache

    def of(self, row: ProcedureRow) -> Procedure:
        procedure = self._parsed.get(row.sha256)
        if procedure is None:
            # On disk by the hash of the text as it is now (not the column beside it), so a text changed
            # by hand is parsed as it is, like any text the cache has not seen.
            content = hashlib.sha256(row.text.encode("utf-8")).hexdigest()
            procedure = _BY_CONTENT.get(content)
            if procedure is not None:  # parsed by another Workflow of this process (another home, maybe)
                if self._cache is not None:
                    self._cache.keep(content, procedure)
            elif self._cache is not None:
                procedure = self._cache.get(content)
            if procedure is None or (procedure.code, procedure.version) != (row.code, row.version):
                procedure = self._parse(row, content)
            self._parsed[row.sha256] = _BY_CONTENT.setdefault(content, procedure)
        return procedure

    def _parse(self, row: ProcedureRow, content: str) -> Procedure:
        from workflow.core.loading import load_procedure_text  # the YAML stack: only on a cache miss

        procedure = load_procedure_text(row.text, f"{row.code}@{row.version}").procedure
        if self._cache is not None:
            self._cache.put(content, procedure)
        return procedure

    def row(self, tx: Tx, code: str, version: str | None = None) -> ProcedureRow:
        """A published version (the one in force without `version`), or why there is none."""
        row = tx.procedure(code, version)
        if row is None:
            known = ", ".join(sorted({p.code for p in tx.procedures()})) or "-"
            if version is not None and tx.procedure(code) is not None:
                raise NotFound("service.procedure_version_unknown", code=code, version=version)
            raise NotFound("service.procedure_unknown", code=code, known=known)
        return row

    def of_cycle(self, tx: Tx, cycle: CycleRow) -> Procedure:
        """The version a cycle runs on (it keeps the version it started with, unless migrated)."""
        procedure = self._parsed.get(cycle.procedure_sha256)
        if procedure is not None:
            return procedure
        published = tx.procedure_by_sha(cycle.procedure_sha256)
        if published is None:
            raise IntegrityFailure("service.cycle_version_missing", cycle=cycle.id, version=cycle.procedure_version)
        return self.of(published)
