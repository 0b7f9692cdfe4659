"""Evidence content kept in the database (shared PostgreSQL mode), in the command's own transaction.

Same contract as `workflow.storage.evidence_files.EvidenceStore`: refuse unreadable sources before storing
anything, address content by SHA-256, keep the original name only for display. The content is streamed,
never held whole: a file is read a chunk at a time (`workflow.core.manifests.CHUNK_BYTES`) and each
chunk is inserted under its own SHA-256 (`upload`), inside the command's transaction but before it
takes the write lock, so a big attach never makes other writers wait; once the step is decided and its
event written, `place` inserts the manifest the event names (the file's SHA-256, size and chunks in
order). Readers (`check`, `read`) fetch one chunk at a time and re-hash as they go.

Content stored before revision 0005 sits whole in `evidence_blob`, for events that name no manifest; it
is read in slices of the same size.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from workflow.core.evidence import StoredFile, safe_display_name
from workflow.core.limits import DEFAULT_MAX_EVIDENCE_MB, MB
from workflow.core.manifests import CHUNK_BYTES, chunk_list, chunks_of, manifest_sha
from workflow.errors import Refused
from workflow.storage.evidence_files import check_readable, open_evidence, too_large

if TYPE_CHECKING:
    from workflow.storage.store import Tx

Fault = Literal["missing", "altered", "chunk_altered"]


class StagedChunks:
    """A file to stream into the database: `upload` (before the write lock) stores its chunks and
    learns its SHA-256, `place` (after the step's event) stores the manifest that event names."""

    def __init__(self, source: Path, max_bytes: int) -> None:
        self.source, self.max_bytes = source, max_bytes
        self._stored: StoredFile | None = None
        self._chunks = ""

    @property
    def stored(self) -> StoredFile:
        assert self._stored is not None, "a file is uploaded before its step is decided"
        return self._stored

    def upload(self, tx: Tx) -> None:
        source, limit = self.source, self.max_bytes
        digest, size, hashes, sent = hashlib.sha256(), 0, [], set()
        try:
            with open_evidence(source, limit) as (handle, _size):
                while chunk := handle.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > limit:  # it grew after it was checked
                        raise too_large(source, size, limit)
                    digest.update(chunk)
                    key = hashlib.sha256(chunk).hexdigest()
                    hashes.append(key)
                    if key not in sent and not tx.has_chunk(key):  # the same bytes are stored once
                        tx.insert_chunk(key, chunk)
                    sent.add(key)
        except OSError as exc:
            raise Refused("evidence.unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
        if size == 0:  # empty, or emptied since it was checked
            raise Refused("evidence.empty", path=str(source))
        sha, self._chunks = digest.hexdigest(), chunk_list(hashes)
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        self._stored = StoredFile(sha256=sha, size=size, display_name=safe_display_name(source.name),
                                  media_type=media_type, manifest=manifest_sha(sha, size, self._chunks))

    def place(self, tx: Tx | None = None) -> None:
        assert tx is not None, "database evidence is written inside the command's transaction"
        stored = self.stored
        assert stored.manifest is not None
        tx.insert_manifest(stored.manifest, stored.sha256, stored.size, self._chunks)


class DatabaseEvidenceStore:
    def __init__(self, max_bytes: int = DEFAULT_MAX_EVIDENCE_MB * MB) -> None:
        self.max_bytes = max_bytes

    def put(self, source: Path, tx: Tx | None = None) -> StoredFile:
        """Load a file recorded by an event that names no manifest (content of a revision-0001 file
        store, say) into `evidence_blob`, whole: how an operator restores content older events name."""
        assert tx is not None
        with open_evidence(source, self.max_bytes) as (handle, _size):
            content = handle.read(self.max_bytes + 1)
        if not content:
            raise Refused("evidence.empty", path=str(source))
        if len(content) > self.max_bytes:
            raise too_large(source, len(content), self.max_bytes)
        sha = hashlib.sha256(content).hexdigest()
        tx.insert_blob(sha, len(content), content)
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return StoredFile(sha256=sha, size=len(content), display_name=safe_display_name(source.name),
                          media_type=media_type)

    @contextmanager
    def staged(self, source: Path) -> Iterator[StagedChunks]:
        # Refused before the transaction if unreadable; nothing outside it to remove afterwards.
        check_readable(source, self.max_bytes)
        yield StagedChunks(source, self.max_bytes)

    def read(self, sha256: str, tx: Tx, manifest: str | None = None) -> Iterator[bytes]:
        """The stored content a chunk at a time, as stored (`check` says whether it is intact): by its
        manifest, or whole-stored under `sha256` for an event that names none. Nothing if missing."""
        if manifest is None:
            size = tx.blob_size(sha256) or 0
            for start in range(0, size, CHUNK_BYTES):
                yield tx.blob_slice(sha256, start, CHUNK_BYTES)
            return
        found = tx.manifest(manifest)
        for key in chunks_of(found[2]) if found is not None else ():
            yield tx.chunk(key) or b""

    def check(self, sha256: str, tx: Tx | None = None, manifest: str | None = None) -> Fault | None:
        """None when the content an event recorded is there and re-hashes to `sha256`; else what is
        wrong: "missing", "altered", or "chunk_altered" (a chunk no longer matches its own key)."""
        assert tx is not None
        digest = hashlib.sha256()
        if manifest is None:
            if tx.blob_size(sha256) is None:
                return "missing"
            for piece in self.read(sha256, tx):
                digest.update(piece)
            return None if digest.hexdigest() == sha256 else "altered"
        found = tx.manifest(manifest)
        if found is None:
            return "missing"
        file_sha, size, chunks = found
        if (file_sha, manifest) != (sha256, manifest_sha(file_sha, size, chunks)):
            return "altered"
        for key in chunks_of(chunks):
            data = tx.chunk(key)
            if data is None:
                return "missing"
            if hashlib.sha256(data).hexdigest() != key:
                return "chunk_altered"
            digest.update(data)
        return None if digest.hexdigest() == sha256 else "altered"

    def clean_leftovers(self) -> int:
        return 0  # nothing is written outside the transaction, so nothing can be left half-written
