"""Published definitions, parsed once per machine: a file per published text, named by its SHA-256.

A published version is immutable text that was validated in full when it was published (YAML with
positions, the models, the rules across the file). Doing that again in every process costs more than
the command itself, so the first process that reads a version writes what the models made of it (their
JSON) to `<folder>/<sha256>.json`, and later ones read that back with the same models (pydantic's JSON
validation: types checked again, the YAML and the cross-file rules not).

Safe to lose or damage: an entry is written atomically (temporary file, fsync, rename), begins with a
line naming its format, the models' fingerprint and the SHA-256 of its body, and is used only when all
three match and the body validates; anything else is ignored (and rewritten), never an error. The
fingerprint changes whenever the models' source or pydantic's version does, so a new release never reads
an older release's entries.

The header's hash proves nothing against a person: anyone can recompute it. So, where the system has
owners (POSIX), an entry is used only when the operating-system user running this process owns it and
nobody else may write it; an entry another account put in a shared WORKFLOW_HOME (say, activity 3 with
its required record removed) is ignored and replaced. What remains is the same account writing its own
cache, which could as well change the program itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from workflow.core import definition
from workflow.core.definition import CONSISTENCY_CHECKED, Procedure
from workflow.errors import WorkflowError
from workflow.storage.atomic import write_atomically

FORMAT = b"workflow.definition-cache.v1"


@cache
def fingerprint() -> str:
    """Of the models that read an entry: their module's source (or the package's bytecode name when
    installed without source) and pydantic's version."""
    from pydantic import VERSION

    digest = hashlib.sha256(VERSION.encode())
    source = Path(definition.__file__)
    try:
        digest.update(source.read_bytes())
    except OSError:
        digest.update(str(source).encode())
    return digest.hexdigest()[:32]


class DefinitionCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.json"

    def get(self, sha256: str) -> Procedure | None:
        """The procedure whose published text has this SHA-256, or None (no entry, or one not to trust)."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            return None
        try:
            with self.path(sha256).open("rb") as entry:
                if not _written_by_this_account(os.fstat(entry.fileno())):
                    return None
                data = entry.read()
        except OSError:
            return None
        header, newline, body = data.partition(b"\n")
        if not newline or header != self._header(sha256, body):
            return None
        try:
            return Procedure.model_validate_json(body, context={CONSISTENCY_CHECKED: True})
        except ValidationError:
            return None

    def put(self, sha256: str, procedure: Procedure) -> None:
        """Keep `procedure` for later processes; a folder that cannot be written only costs speed."""
        body = procedure.model_dump_json().encode("utf-8")
        if Procedure.model_validate_json(body, context={CONSISTENCY_CHECKED: True}) != procedure:
            return  # a model that does not read back what it wrote is never cached
        with contextlib.suppress(OSError, WorkflowError):
            write_atomically(self.path(sha256), self._header(sha256, body) + b"\n" + body)

    def keep(self, sha256: str, procedure: Procedure) -> None:
        """`put`, unless this account has an entry already (one `stat`)."""
        try:
            kept = _written_by_this_account(self.path(sha256).stat())
        except OSError:
            kept = False
        if not kept:
            self.put(sha256, procedure)

    @staticmethod
    def _header(sha256: str, body: bytes) -> bytes:
        return b" ".join((FORMAT, sha256.encode(), fingerprint().encode(), hashlib.sha256(body).hexdigest().encode()))


def _written_by_this_account(status: os.stat_result) -> bool:
    """Owned by the account running this process and writable by nobody else (where there are owners)."""
    if not hasattr(os, "geteuid"):
        return True
    return status.st_uid == os.geteuid() and not status.st_mode & 0o022
