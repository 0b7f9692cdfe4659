"""Evidence content in chunks (PostgreSQL): the manifest that lists a file's chunks, and its hash.

A file is stored as content-addressed chunks (each row keyed by the SHA-256 of its own bytes) and one
manifest: the file's SHA-256, its size and its chunks' hashes in order. The manifest is keyed by the
SHA-256 of its own canonical text, never by the file's, and the event that records the evidence names
it: content planted in advance under the hash of a file someone will attach later can never become
that file's content, because the genuine attach writes and names its own manifest.

Pure: the text and its hash; `workflow.storage.evidence_db` stores them, the guard of migration 0005
recomputes the same hash in SQL (`MANIFEST_TAG` and the layout must stay in step with it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

CHUNK_BYTES = 1024 * 1024  # 1 MiB: a 1 GiB file is 1,024 rows, and a reader holds one chunk at a time
MANIFEST_TAG = "workflow.evidence.manifest.v1"


def chunk_list(chunks: Sequence[str]) -> str:
    """The chunks' hashes as stored in the manifest row: one per line, in order."""
    return "\n".join(chunks)


def manifest_text(file_sha256: str, size: int, chunks: str) -> bytes:
    """The canonical bytes a manifest is hashed over: tag, file SHA-256, size, chunk hashes (one a line)."""
    return f"{MANIFEST_TAG}\n{file_sha256}\n{size}\n{chunks}".encode()


def manifest_sha(file_sha256: str, size: int, chunks: str) -> str:
    return hashlib.sha256(manifest_text(file_sha256, size, chunks)).hexdigest()


def chunks_of(chunks: str) -> list[str]:
    return chunks.split("\n") if chunks else []
