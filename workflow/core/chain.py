"""Audit events as bytes an auditor can re-hash: canonical serialisation and the hash chain.

Canonical form (the subset of RFC 8785 that our events need): JSON with object keys sorted by code
point, no insignificant whitespace, UTF-8 without escaping non-ASCII, integers only (a float in an
event is a bug and is refused, because number formatting is where canonical JSON goes wrong).

Chain:  hash(n) = SHA-256( b"workflow.audit.v1" || 0x00 || bytes.fromhex(prev_hash(n)) || payload(n) )
        prev_hash(1) = 64 zeros;  prev_hash(n) = hash(n-1);  seq = 1, 2, 3, ... with no gaps.
Hashes are stored as lowercase hex; the payload is stored exactly as hashed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DOMAIN_TAG = b"workflow.audit.v1\x00"
GENESIS_HASH = "0" * 64
PAYLOAD_FORMAT = 1


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("audit events carry no floats: use integers or strings")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("audit event keys must be strings")
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


def canonical_bytes(event: Mapping[str, Any]) -> bytes:
    _refuse_floats(event)
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def chain_hash(prev_hash: str, payload: bytes) -> str:
    return hashlib.sha256(DOMAIN_TAG + bytes.fromhex(prev_hash) + payload).hexdigest()


@dataclass(frozen=True)
class ChainLink:
    seq: int
    payload: bytes
    prev_hash: str
    hash: str


def link(seq: int, prev_hash: str, event: Mapping[str, Any]) -> ChainLink:
    payload = canonical_bytes(event)
    return ChainLink(seq=seq, payload=payload, prev_hash=prev_hash, hash=chain_hash(prev_hash, payload))


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # gap | order | rewritten | content
    detail: str = ""


def first_chain_problem(rows: Iterable[tuple[int, bytes, str, str]]) -> tuple[int, ChainProblem | None]:
    """Walk (seq, payload, prev_hash, hash) rows in stored order; return how many were read and the
    first problem, if any. Pure: the caller streams rows from wherever they are stored.

    This is the hot loop of `audit verify` (a million events in a few seconds), hence the local
    names and the reuse of each digest's bytes as the next link instead of parsing hex again."""
    sha256 = hashlib.sha256
    tag = DOMAIN_TAG
    expected_seq = 1
    expected_prev = GENESIS_HASH
    prev_bytes = bytes(32)
    count = 0
    for seq, payload, prev_hash, stored_hash in rows:
        count += 1
        if seq != expected_seq:
            kind = "order" if seq < expected_seq else "gap"
            return count, ChainProblem(expected_seq if kind == "gap" else seq, kind)
        if prev_hash != expected_prev:
            return count, _link_problem(seq, payload)
        digest = sha256(tag + prev_bytes + payload)
        if digest.hexdigest() != stored_hash:
            return count, ChainProblem(seq, "content")
        expected_seq += 1
        expected_prev = stored_hash
        prev_bytes = digest.digest()
    return count, None


def _link_problem(seq: int, payload: bytes) -> ChainProblem:
    """Event `seq` does not point at its predecessor's hash. If its payload names another seq, the
    events were moved around (reported here); otherwise the predecessor was rewritten, hashes and all,
    after this event was written (reported at the predecessor)."""
    try:
        claimed = decode(bytes(payload)).get("seq")
    except ValueError:
        return ChainProblem(seq, "content")
    if claimed is not None and claimed != seq:
        return ChainProblem(seq, "order")
    return ChainProblem(seq - 1, "rewritten")


def decode(payload: bytes) -> dict[str, Any]:
    value = json.loads(payload)
    if not isinstance(value, dict):
        raise ValueError("audit payload is not a JSON object")
    return value
