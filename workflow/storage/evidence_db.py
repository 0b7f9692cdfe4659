"""Evidence content kept in the database (shared PostgreSQL mode), in the command's own transaction.

Same contract as `workflow.storage.evidence_files.EvidenceStore`: refuse unreadable sources before storing
anything, address content by SHA-256, keep the original name only for display.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.core.evidence import StoredFile, safe_display_name
from workflow.core.limits import DEFAULT_MAX_EVIDENCE_MB, MB
from workflow.errors import Refused
from workflow.storage.evidence_files import open_evidence, too_large

if TYPE_CHECKING:
    from workflow.storage.store import Tx


class DatabaseEvidenceStore:
    def __init__(self, max_bytes: int = DEFAULT_MAX_EVIDENCE_MB * MB) -> None:
        self.max_bytes = max_bytes

    def put(self, source: Path, tx: Tx | None = None) -> StoredFile:
        assert tx is not None, "database evidence is written inside the command's transaction"
        try:
            with open_evidence(source, self.max_bytes) as (handle, _size):
                content = handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
        if not content:  # emptied since it was checked
            raise Refused("evidence.empty", path=str(source))
        if len(content) > self.max_bytes:  # it grew after it was checked
            raise too_large(source, len(content), self.max_bytes)
        sha = hashlib.sha256(content).hexdigest()
        tx.insert_blob(sha, len(content), content)
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return StoredFile(sha256=sha, size=len(content), display_name=safe_display_name(source.name),
                          media_type=media_type)

    def check(self, sha256: str, tx: Tx | None = None) -> str | None:
        assert tx is not None
        content = tx.blob(sha256)
        if content is None:
            return "missing"
        return None if hashlib.sha256(content).hexdigest() == sha256 else "altered"

    def clean_leftovers(self) -> int:
        return 0  # nothing is written outside the transaction, so nothing can be left half-written
