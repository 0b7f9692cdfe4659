"""Configuration read from the environment, once, at the edge (the CLI or a library caller)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    user: str
    procedures_dir: Path | None = None  # None: the shipped procedures
    checkpoint_key: Path | None = None  # None: WORKFLOW_HOME/keys/checkpoint-ed25519.pem
    # WORKFLOW_MAX_EVIDENCE_MB as given (None: the default); the service checks it (workflow.core.limits)
    max_evidence_mb: str | float | None = None

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"

    @property
    def signing_key_path(self) -> Path:
        return self.checkpoint_key or self.home / "keys" / "checkpoint-ed25519.pem"

    @property
    def checkpoints_dir(self) -> Path:
        return self.home / "checkpoints"

    @property
    def scratch_dir(self) -> Path:
        """Where a command keeps its temporary files (an XLSX export's rows); the next command removes
        what a killed one left there."""
        return self.home / "tmp"

    @property
    def definition_cache_dir(self) -> Path:
        """Published definitions as parsed, one file per SHA-256 (`workflow.storage.definition_cache`)."""
        return self.home / "cache" / "definitions"

    @property
    def database_file(self) -> Path | None:
        """The SQLite file of embedded mode (None on a server)."""
        _scheme, separator, rest = self.db_url.partition(":///")
        name = rest.split("?", 1)[0]
        if not self.embedded or not separator or name in ("", ":memory:"):
            return None
        return Path(name)

    @property
    def embedded(self) -> bool:
        return self.db_url.startswith("sqlite")

    @classmethod
    def for_home(cls, home: Path, user: str, procedures_dir: Path | None = None) -> Settings:
        return cls(home=home, db_url=f"sqlite:///{home / 'workflow.db'}", user=user,
                   procedures_dir=procedures_dir)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home_text = env.get("WORKFLOW_HOME", "").strip()
        if home_text:
            home = Path(home_text).expanduser()
        else:
            from platformdirs import user_data_path

            home = user_data_path("workflow", appauthor=False)
        user = env.get("WORKFLOW_USER", "").strip() or _os_login()
        procedures = env.get("WORKFLOW_PROCEDURES", "").strip()
        db_url = env.get("WORKFLOW_DB_URL", "").strip() or f"sqlite:///{home / 'workflow.db'}"
        key = env.get("WORKFLOW_CHECKPOINT_KEY", "").strip()
        return cls(home=home, db_url=db_url, user=user,
                   procedures_dir=Path(procedures).expanduser() if procedures else None,
                   checkpoint_key=Path(key).expanduser() if key else None,
                   max_evidence_mb=env.get("WORKFLOW_MAX_EVIDENCE_MB", "").strip() or None)


def _os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def shipped_procedures_dir() -> Path:
    """`procedures/` of a checkout, or the copy a wheel carries inside the package."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_shipped" / "procedures", package.parent / "procedures"):
        if candidate.is_dir():
            return candidate
    return package.parent / "procedures"
