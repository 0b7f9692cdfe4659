"""Signed checkpoints of the audit log: "the first N events had head hash H", signed with Ed25519.

A hash chain alone cannot show that its tail was cut off or that the whole history after some point
was rewritten with fresh, valid hashes; a checkpoint kept outside the database can. The file is
plain text, one `name: value` per line, then the signature over every byte before it:

    workflow audit checkpoint v1
    origin: workflow/3f2a9c0d1e7b4a65
    size: 1234
    head: <hex SHA-256 of event 1234>
    time: 2026-11-30T13:00:00.000000Z
    key: <hex SHA-256 of the raw 32-byte Ed25519 public key>
    signature: <base64 Ed25519 signature of all the lines above, newline included>

Beside it, `FILE.hashes` lists the first 16 hex digits of every covered event's hash, signed with the
same key (`workflow audit hashes v1`, origin, size, one line per event, signature). The checkpoint
alone proves that the signed prefix is intact; the list says where a rewritten history starts: the
first event whose stored hash is no longer the listed one.

The origin names the log by its first event's hash, so a checkpoint of another database is told
apart. Public keys travel as one line, `workflow-ed25519 <base64 of the raw 32 bytes>`, so that a
verifier with only the standard library can read them. Pure: key files are read and written by the
caller.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from workflow.errors import Refused

HEADER = "workflow audit checkpoint v1"
PUBLIC_KEY_PREFIX = "workflow-ed25519"
FIELDS = ("origin", "size", "head", "time", "key")


def origin_of(first_hash: str) -> str:
    return f"workflow/{first_hash[:16]}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    head: str
    time: str
    key: str  # fingerprint of the signing key

    def body(self) -> bytes:
        lines = [HEADER] + [f"{name}: {getattr(self, name)}" for name in FIELDS]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def to_json(self) -> dict[str, object]:
        return {"origin": self.origin, "size": self.size, "head": self.head, "time": self.time, "key": self.key}


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_key(key)).hexdigest()


def public_key_text(key: Ed25519PublicKey) -> str:
    return f"{PUBLIC_KEY_PREFIX} {base64.b64encode(raw_public_key(key)).decode('ascii')}\n"


def parse_public_key(text: str) -> Ed25519PublicKey:
    parts = text.split()
    try:
        if len(parts) != 2 or parts[0] != PUBLIC_KEY_PREFIX:
            raise ValueError(text[:40])
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(parts[1], validate=True))
    except (ValueError, binascii.Error) as exc:
        raise Refused("checkpoint.bad_public_key") from exc


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise Refused("checkpoint.bad_private_key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise Refused("checkpoint.bad_private_key")
    return key


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> str:
    """The checkpoint file's text."""
    body = checkpoint.body()
    signature = base64.b64encode(key.sign(body)).decode("ascii")
    return body.decode("utf-8") + f"signature: {signature}\n"


def parse(text: str) -> tuple[Checkpoint, bytes, bytes]:
    """(checkpoint, signed body, signature) of a checkpoint file; Refused if it is not one."""
    lines = text.splitlines()
    if len(lines) != len(FIELDS) + 2 or lines[0] != HEADER:
        raise Refused("checkpoint.malformed")
    values: dict[str, str] = {}
    for line, name in zip(lines[1:-1], FIELDS, strict=True):
        prefix = f"{name}: "
        if not line.startswith(prefix):
            raise Refused("checkpoint.malformed")
        values[name] = line[len(prefix):]
    if not lines[-1].startswith("signature: "):
        raise Refused("checkpoint.malformed")
    try:
        checkpoint = Checkpoint(origin=values["origin"], size=int(values["size"]), head=values["head"],
                                time=values["time"], key=values["key"])
        signature = base64.b64decode(lines[-1].removeprefix("signature: "), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise Refused("checkpoint.malformed") from exc
    if checkpoint.size < 1 or len(checkpoint.head) != 64:
        raise Refused("checkpoint.malformed")
    return checkpoint, checkpoint.body(), signature


def verify_signature(text: str, key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint, if `key` signed exactly this text; Refused otherwise (forged or another key)."""
    checkpoint, body, signature = parse(text)
    if checkpoint.key != fingerprint(key):
        raise Refused("checkpoint.other_key", expected=checkpoint.key[:16], given=fingerprint(key)[:16])
    try:
        key.verify(signature, body)
    except InvalidSignature as exc:
        raise Refused("checkpoint.forged") from exc
    return checkpoint


HASHES_HEADER = "workflow audit hashes v1"
HASH_PREFIX = 16  # hex digits kept per event: enough to locate a rewrite, the signed head proves the rest


def sign_hash_list(signed: Checkpoint, hashes: list[str], key: Ed25519PrivateKey) -> str:
    """The text of the hash list of `signed`'s events (`hashes`: event 1 first), signed with `key`."""
    lines = [HASHES_HEADER, f"origin: {signed.origin}", f"size: {signed.size}",
             *(digest[:HASH_PREFIX] for digest in hashes)]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    return body.decode("utf-8") + f"signature: {base64.b64encode(key.sign(body)).decode('ascii')}\n"


def verify_hash_list(text: str, key: Ed25519PublicKey, signed: Checkpoint) -> list[str]:
    """The listed hash prefixes, event 1 first, if `key` signed this list of `signed`'s events;
    Refused otherwise."""
    lines = text.splitlines()
    if (len(lines) != signed.size + 4 or lines[0] != HASHES_HEADER or lines[1] != f"origin: {signed.origin}"
            or lines[2] != f"size: {signed.size}" or not lines[-1].startswith("signature: ")
            or lines[-2] != signed.head[:HASH_PREFIX]):
        raise Refused("checkpoint.hashes_malformed")
    body = text[: text.rindex("signature: ")].encode("utf-8")
    try:
        key.verify(base64.b64decode(lines[-1].removeprefix("signature: "), validate=True), body)
    except (InvalidSignature, ValueError, binascii.Error) as exc:
        raise Refused("checkpoint.hashes_forged") from exc
    return lines[3:-1]
