"""Evidence content kept in the database (shared PostgreSQL mode), in the command's own transaction.

Same contract as `workflow.storage.evidence_files.EvidenceStore`: refuse unreadable sources before storing
anything, address content by SHA-256, keep the original name only for display. The file is read and
hashed before the command takes the write lock (`stage`); the row is inserted inside the transaction
(`StagedBlob.place`), where the guard triggers check it. The whole content is held in memory and sent as
one value: huge files are bounded by WORKFLOW_MAX_EVIDENCE_MB, not streamed.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.core.evidence import StoredFile, safe_display_name
from workflow.core.limits import DEFAULT_MAX_EVIDENCE_MB, MB
from workflow.errors import Refused
from workflow.storage.evidence_files import open_evidence, too_large

if TYPE_CHECKING:
    from workflow.storage.store import Tx


class StagedBlob:
    """A file read and hashed before the transaction, to insert inside it."""

    def __init__(self, stored: StoredFile, content: bytes) -> None:
        self.stored, self.content = stored, content

    def place(self, tx: Tx | None = None) -> None:
        assert tx is not None, "database evidence is written inside the command's transaction"
        tx.insert_blob(self.stored.sha256, self.stored.size, self.content)


class DatabaseEvidenceStore:
    def __init__(self, max_bytes: int = DEFAULT_MAX_EVIDENCE_MB * MB) -> None:
        self.max_bytes = max_bytes

    def put(self, source: Path, tx: Tx | None = None) -> StoredFile:
        staged = self.stage(source)
        staged.place(tx)
        return staged.stored

    @contextmanager
    def staged(self, source: Path) -> Iterator[StagedBlob]:
        yield self.stage(source)  # nothing outside the transaction to remove afterwards

    def stage(self, source: Path) -> StagedBlob:
        try:
            with open_evidence(source, self.max_bytes) as (handle, _size):
                content = handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
        if not content:  # empty, or emptied since it was checked
            raise Refused("evidence.empty", path=str(source))
        if len(content) > self.max_bytes:  # it grew after it was checked
            raise too_large(source, len(content), self.max_bytes)
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        stored = StoredFile(sha256=hashlib.sha256(content).hexdigest(), size=len(content),
                            display_name=safe_display_name(source.name), media_type=media_type)
        return StagedBlob(stored, content)

    def check(self, sha256: str, tx: Tx | None = None) -> str | None:
        assert tx is not None
        content = tx.blob(sha256)
        if content is None:
            return "missing"
        return None if hashlib.sha256(content).hexdigest() == sha256 else "altered"

    def clean_leftovers(self) -> int:
        return 0  # nothing is written outside the transaction, so nothing can be left half-written
