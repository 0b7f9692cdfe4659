"""What a command hands in, as the library takes it (light: the read path imports this, not the
cycle commands)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EvidenceInput:
    """A file a person hands in as the record `record` (optionally for one item)."""

    path: Path
    record: str
    item: str | None = None
