"""Canonical event bytes and the hash chain (the verify logic; tampering tests come with the store)."""

from __future__ import annotations

import hashlib

import pytest

from workflow.core import chain as audit


def test_canonical_bytes_sort_keys_keep_utf8_and_drop_whitespace() -> None:
    payload = audit.canonical_bytes({"b": 1, "a": {"ñ": "Atención", "z": [1, None, True]}})
    assert payload == '{"a":{"z":[1,null,true],"ñ":"Atención"},"b":1}'.encode()


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        audit.canonical_bytes({"size": 1.5})


def test_chain_hash_formula_is_the_documented_one() -> None:
    payload = b'{"type":"x"}'
    expected = hashlib.sha256(b"workflow.audit.v1\x00" + bytes(32) + payload).hexdigest()
    assert audit.chain_hash(audit.GENESIS_HASH, payload) == expected


def _chain(n: int) -> list[tuple[int, bytes, str, str]]:
    rows, prev = [], audit.GENESIS_HASH
    for seq in range(1, n + 1):
        link = audit.link(seq, prev, {"seq": seq, "type": "t"})
        rows.append((link.seq, link.payload, link.prev_hash, link.hash))
        prev = link.hash
    return rows


def test_intact_chain_verifies() -> None:
    assert audit.first_chain_problem(_chain(5)) == (5, None)


def test_edited_payload_is_named_by_seq() -> None:
    rows = _chain(5)
    seq, _payload, prev, digest = rows[2]
    rows[2] = (seq, b'{"seq":3,"type":"forged"}', prev, digest)
    _count, problem = audit.first_chain_problem(rows)
    assert problem is not None and (problem.seq, problem.kind) == (3, "content")


def test_deleted_event_is_a_gap() -> None:
    rows = _chain(5)
    del rows[1]
    _count, problem = audit.first_chain_problem(rows)
    assert problem is not None and (problem.seq, problem.kind) == (2, "gap")


def test_rehashed_edit_is_named_at_the_rewritten_event() -> None:
    rows = _chain(4)
    forged = audit.link(2, rows[0][3], {"seq": 2, "type": "forged"})
    rows[1] = (forged.seq, forged.payload, forged.prev_hash, forged.hash)
    _count, problem = audit.first_chain_problem(rows)
    assert problem is not None and (problem.seq, problem.kind) == (2, "rewritten")


def test_swapped_events_are_out_of_order() -> None:
    rows = _chain(5)
    (s3, *rest3), (s4, *rest4) = rows[2], rows[3]
    rows[2], rows[3] = (s3, *rest4), (s4, *rest3)  # type: ignore[assignment]
    _count, problem = audit.first_chain_problem(rows)
    assert problem is not None and (problem.seq, problem.kind) == (3, "order")
