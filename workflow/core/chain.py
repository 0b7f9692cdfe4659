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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DOMAIN_TAG = b"workflow.audit.v1\x00"
GENESIS_HASH = "0" * 64
PAYLOAD_FORMAT = 1

Observer = Callable[[Any], Any]  # (the whole row) -> a problem with a `seq`, or None to go on


_PLAIN = frozenset({str, int, bool, type(None)})
# Built once (json.dumps would build an encoder per call); canonical_bytes is on every step's path.
_NO_FLOATS = "audit events carry no floats: use integers or strings"
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _refuse_floats(value: Any) -> None:
    """Walk the event (without recursion: a step's event has a few dozen values) refusing floats and
    keys that are not strings. Runs after the encoder, which refuses a structure that contains itself."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is dict:
            for key, inner in item.items():
                if type(key) is not str:
                    raise TypeError("audit event keys must be strings")
                if type(inner) not in _PLAIN:  # the common leaves, without the slower checks below
                    pending.append(inner)
        elif kind is list or kind is tuple:
            pending.extend(item)
        elif kind in _PLAIN:
            continue
        elif isinstance(item, float):
            raise TypeError(_NO_FLOATS)
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise TypeError("audit event keys must be strings")
                pending.append(inner)
        elif isinstance(item, list | tuple):
            pending.extend(item)


def canonical_bytes(event: Mapping[str, Any]) -> bytes:
    try:
        text = _ENCODER.encode(event)
    except ValueError as error:  # NaN or infinity (allow_nan=False), or a structure that contains itself
        if "float" in str(error):
            raise TypeError(_NO_FLOATS) from error
        raise
    _refuse_floats(event)
    return text.encode("utf-8")


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
    kind: str  # gap | order | rewritten | content | not_bytes
    detail: str = ""


def first_chain_problem(rows: Iterable[tuple[int, bytes, str, str]]) -> tuple[int, ChainProblem | None]:
    """Walk (seq, payload, prev_hash, hash) rows in stored order; return how many were read and the
    first problem, if any. Pure: the caller streams rows from wherever they are stored."""
    count, problem, _ = walk_chain(rows)
    return count, problem


def walk_chain(rows: Iterable[Sequence[Any]], observe: Observer | None = None
               ) -> tuple[int, ChainProblem | None, Any]:
    """Walk (seq, payload, prev_hash, hash, *more) rows in stored order, checking every link, and
    hand each intact row to `observe(row)` (the replay of `audit verify`) until it
    answers with a problem. Stops at the first broken link; returns how many rows were read, the
    chain's first problem and the observer's. A broken link at or before the observer's problem is
    the better explanation (an event rewritten with a fresh hash also disagrees with its own row),
    so the observer's problem comes back only when the chain holds up to it."""
    return walk_chain_batches((rows,), observe)


def walk_chain_batches(batches: Iterable[Iterable[Sequence[Any]]], observe: Observer | None = None
                       ) -> tuple[int, ChainProblem | None, Any]:
    """`walk_chain` over the rows as the driver hands them, a batch (`fetchmany`) at a time.

    This is the hot loop of `audit verify` (a million events in a few seconds), hence the batches
    walked in place (no generator between the driver and the loop), the local names and the reuse of
    each digest's bytes as the next link instead of parsing hex again."""
    sha256 = hashlib.sha256
    tag = DOMAIN_TAG
    expected_seq = 1
    expected_prev = GENESIS_HASH
    prev_bytes = bytes(32)
    count = 0
    observed: Any = None
    problem: ChainProblem | None = None
    for rows in batches:
        for row in rows:
            seq, payload, prev_hash, stored_hash = row[0], row[1], row[2], row[3]
            count += 1
            if seq != expected_seq:
                kind = "order" if isinstance(seq, int) and seq < expected_seq else "gap"
                problem = ChainProblem(expected_seq if kind == "gap" else seq, kind)
                break
            if prev_hash != expected_prev:
                problem = _link_problem(seq, payload)
                break
            try:
                digest = sha256(tag + prev_bytes + payload)
            except TypeError:  # a payload stored as text (what the sqlite3 shell writes), not as bytes
                problem = ChainProblem(seq, "not_bytes")
                break
            if digest.hexdigest() != stored_hash:
                problem = ChainProblem(seq, "content")
                break
            if observe is not None:
                observed = observe(row)
                if observed is not None:
                    observe = None  # the rest of the chain is still checked: a broken link may explain it
            expected_seq += 1
            expected_prev = stored_hash
            prev_bytes = digest.digest()
        if problem is not None:
            break
    if problem is not None and observed is not None and problem.seq > observed.seq:
        return count, None, observed
    return count, problem, None if problem is not None else observed


def _link_problem(seq: int, payload: bytes) -> ChainProblem:
    """Event `seq` does not point at its predecessor's hash. If its payload names another seq, the
    events were moved around (reported here); otherwise the predecessor was rewritten, hashes and all,
    after this event was written (reported at the predecessor)."""
    try:
        claimed = decode(bytes(payload)).get("seq")
    except (ValueError, TypeError):
        return ChainProblem(seq, "content")
    if claimed is not None and claimed != seq:
        return ChainProblem(seq, "order")
    return ChainProblem(seq - 1, "rewritten")


def decode(payload: bytes) -> dict[str, Any]:
    value = json.loads(payload)
    if not isinstance(value, dict):
        raise ValueError("audit payload is not a JSON object")
    return value
