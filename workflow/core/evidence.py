"""What the core knows of a stored evidence file: its content hash, size and the names it shows.

The bytes themselves live in an evidence store (workflow/storage): a folder in embedded mode,
PostgreSQL rows in shared mode. Both return a `StoredFile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    display_name: str
    media_type: str
    # PostgreSQL: the SHA-256 of the manifest that lists the file's chunks (`workflow.core.manifests`);
    # None in embedded mode, where the file is stored whole under its own SHA-256.
    manifest: str | None = None


def safe_display_name(name: str) -> str:
    """The last component of a name, without separators or control characters: a display name can
    never become a path."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in "/\\").strip()
    return cleaned if cleaned.strip(".") else "evidence"
