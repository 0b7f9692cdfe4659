"""The private key that signs checkpoints: made only on purpose (`audit keygen`, or `init` for the
default location), never as a side effect of signing. A mistyped `WORKFLOW_CHECKPOINT_KEY` must not
quietly become a second key whose checkpoints no auditor's public key verifies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workflow.core import checkpoint
from workflow.core.limits import MAX_KEY_FILE_BYTES
from workflow.core.named_files import UnreadableFile, read_named_file
from workflow.errors import Refused
from workflow.storage.atomic import ensure_folder, write_atomically

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from workflow.service.context import Context


@dataclass(frozen=True)
class KeyCreated:
    path: str
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "fingerprint": self.fingerprint}


def generate(ctx: Context) -> KeyCreated:
    """Make the signing key where the settings say (mode 0600); an existing key is never replaced:
    checkpoints signed with it would no longer verify with the public key auditors hold."""
    path = ctx.settings.signing_key_path
    if path.exists():
        raise Refused("audit.key_exists", path=str(path))
    return _create(path)


def ensure_default(ctx: Context) -> KeyCreated | None:
    """For `init`: the key of the default location, if it is missing. A key named by
    WORKFLOW_CHECKPOINT_KEY is the person's to make (`audit keygen`), so a typo there is an error."""
    if ctx.settings.checkpoint_key is not None or ctx.settings.signing_key_path.exists():
        return None
    return _create(ctx.settings.signing_key_path)


def load(ctx: Context) -> Ed25519PrivateKey:
    """The signing key, or a refusal saying how to make it (or how to fix the path that names it)."""
    path = ctx.settings.signing_key_path
    if not path.is_file():
        named = ctx.settings.checkpoint_key is not None
        raise Refused("audit.key_missing_named" if named else "audit.key_missing", path=str(path))
    if path.stat().st_mode & 0o077:
        raise Refused("audit.key_permissions", path=str(path))
    return checkpoint.load_private_key(key_bytes(path))


def key_bytes(path: Path) -> bytes:
    """A key file's bytes; a pipe or device is refused unread (it would block or never end)."""
    try:
        return read_named_file(path, MAX_KEY_FILE_BYTES)
    except UnreadableFile as refused:
        raise Refused("audit.key_unreadable", path=str(path), reason=refused.reason()) from None


def _create(path: Path) -> KeyCreated:
    key = checkpoint.new_private_key()
    ensure_folder(path.parent, 0o700)
    write_atomically(path, checkpoint.private_key_pem(key), mode=0o600)
    return KeyCreated(path=str(path), fingerprint=checkpoint.fingerprint(key.public_key()))
