#!/usr/bin/env python3
"""Verify a `workflow audit export --format jsonl` file with nothing but Python's standard library.

    python3 verify_audit_jsonl.py FILE [--key PUB] [--json]

Copy this one file to your own machine; it imports nothing from the workflow package and needs no
third-party package (Python 3.8 or later). `--key PUB` is the public-key file you were handed by the
log's keeper (one line: `workflow-ed25519 <base64 of the raw 32-byte Ed25519 public key>`).

Exit status: 0 everything checked is in order; 1 the first problem found (the report names the event's
seq and the file's line, and says what is wrong; a damaged line after a valid header counts here too);
2 usage error, unreadable file or key, or a file that is not a workflow-audit-jsonl/1 export at all
(no valid header on line 1, another format version, another chain's domain tag or genesis).

Output: a few summary lines on stdout, warnings on stderr, and a last line `OK: ...` (stdout) or
`FAILED at seq N, line L: what is wrong` (stderr); `--json` prints one JSON document on stdout instead.
Example:

    file: audit.jsonl
    export: workflow-audit-jsonl/1, generated 2026-11-30T13:00:10.000000Z by admin
    events: 11 (seq 1 to 11)
    hashes re-computed from the payloads: 11
    links checked: 11 (seq continuity from 1, no gaps)
    checkpoint: workflow/93c99b7dd9e4a72a, first 11 events, head acbab1908ea3eb35, taken ..., key f629f9c3464a07c8
    (the key given with --key)
    note: event 11's hash is the checkpoint's signed head
    OK: every check above passed

Usable as a library: `verify_file(path, key_text=None)` returns a `Report` (`.ok`, `.exit_code`,
`.first_bad_seq`, `.problem`, `.render()`, `.to_json()`); `ed25519_verify(public, message, signature)`.

The file (JSON Lines, UTF-8, one object per line, `kind` says what the line is):

1. header, first:  {"kind": "header", "format": "workflow-audit-jsonl/1", "generated_at", "generated_by",
   "filters": {"cycle", "since", "until"}, "chain": {"domain_tag": "workflow.audit.v1\\u0000",
   "genesis": "<64 zeros>", ...}, ...}.  `domain_tag` is the 18-byte tag written as a JSON string, the
   NUL byte as the escape \\u0000. This verifier does not take the tag or genesis from the file: it uses
   its own constants below and refuses a header that names others.
2. one line per event, in seq order:  {"kind": "event", "seq", "prev_hash", "hash", "payload"}.
   `payload` is the stored canonical JSON decoded from UTF-8; `payload.encode("utf-8")` gives back the
   exact bytes that were hashed (a payload that was not valid UTF-8 comes as "payload_b64" instead).
3. optionally:  {"kind": "checkpoint", "text": "<signed checkpoint file>", "public_key": "<key line>"|null}
4. trailer, last:  {"kind": "end", "events": N}

What is checked, per event:  hash == SHA-256(b"workflow.audit.v1\\x00" + bytes.fromhex(prev_hash) +
payload bytes), the line's seq is the one inside the (hashed) payload where the payload names one,
the first event's prev_hash is 64 zeros, each prev_hash equals the previous event's hash, and seq
runs 1, 2, 3, ... with no gap or repeat; then the trailer's count. When event n is intact but its
prev_hash is not event n-1's hash, the problem is reported at n-1 (rewritten after n was written),
as `workflow audit verify` does. A checkpoint line is
checked too: its Ed25519 signature (RFC 8032, implemented below in pure Python), that the key's
SHA-256 fingerprint is the one the checkpoint names, its origin (`workflow/` + the first 16 hex digits
of event 1's hash), and that event `size` has the checkpoint's `head` hash (fewer events than `size`
means the log was cut short).

What it cannot show, and says so:
- A filtered export (`--cycle`, `--since`, `--until`: the header's `filters`) holds a selection of the
  log. Each event's own hash is re-computed, and links are checked where two consecutive seqs are both
  present; across the gaps the filter leaves, the links cannot be checked, so this file alone cannot
  show that nothing was added, removed or rewritten around the selection (with access to the
  neighbouring events a forger can recompute a consistent hash). Verify an unfiltered export or the
  database (`workflow audit verify`) for that.
- Without a checkpoint, a valid chain shows the content and order of its events but not that none were
  cut off its end (the trailer's count can be rewritten like any other line).
- A public key read from the export itself proves nothing: whoever could edit the file could replace
  the checkpoint and the key together. Without `--key` the embedded key is used with a warning.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Tuple  # noqa: UP035 (Tuple: the alias below runs on 3.8)

FORMAT = "workflow-audit-jsonl/1"
DOMAIN_TAG = b"workflow.audit.v1\x00"
GENESIS_HASH = "0" * 64
CHECKPOINT_HEADER = "workflow audit checkpoint v1"
CHECKPOINT_FIELDS = ("origin", "size", "head", "time", "key")
PUBLIC_KEY_PREFIX = "workflow-ed25519"
HEX_DIGITS = frozenset("0123456789abcdef")


# ------------------------------------------------------------------------------------------------
# Ed25519 signature verification (RFC 8032 section 5.1.7), pure Python, modelled on the RFC's
# section 6 reference code: points in extended homogeneous coordinates (X, Y, Z, T) with x = X/Z,
# y = Y/Z, x*y = T/Z; SHA-512 from hashlib. Speed is unimportant here (one signature per file).
# The group equation checked is [S]B = R + [k]A, which section 5.1.7 allows ("sufficient, but not
# required") instead of the cofactored [8][S]B = [8]R + [8][k]A, and which OpenSSL also uses.
# ------------------------------------------------------------------------------------------------

Point = Tuple[int, int, int, int]  # noqa: UP006 (evaluated at run time: 3.8)

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493  # order of the base point
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
_IDENTITY: Point = (0, 1, 1, 0)


def _inverse(x: int) -> int:
    return pow(x, _P - 2, _P)


def _point_add(p: Point, q: Point) -> Point:
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _point_mul(scalar: int, point: Point) -> Point:
    result = _IDENTITY
    while scalar > 0:
        if scalar & 1:
            result = _point_add(result, point)
        point = _point_add(point, point)
        scalar >>= 1
    return result


def _point_equal(p: Point, q: Point) -> bool:
    # x1/z1 == x2/z2  <=>  x1*z2 == x2*z1 (and the same for y)
    return (p[0] * q[2] - q[0] * p[2]) % _P == 0 and (p[1] * q[2] - q[1] * p[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None  # non-canonical encoding of y: rejected (section 5.1.3, step 1)
    x2 = (y * y - 1) * _inverse(_D * y * y + 1) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None  # not a point on the curve
    if (x & 1) != sign:
        x = _P - x
    return x


def _point_decompress(data: bytes) -> Point | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def _base_point() -> Point:
    y = 4 * _inverse(5) % _P
    x = _recover_x(y, 0)
    if x is None:  # pragma: no cover - a constant of the curve
        raise AssertionError("Ed25519 base point")
    return (x, y, 1, x * y % _P)


_BASE = _base_point()


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """True if `signature` (64 bytes) is a valid Ed25519 signature of `message` by `public_key`
    (32 bytes, RFC 8032 encoding); False for anything else, malformed inputs included."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _point_decompress(public_key)
    if a is None:
        return False
    r = _point_decompress(signature[:32])
    if r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False  # section 5.1.7 step 1: S must be in range
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    return _point_equal(_point_mul(s, _BASE), _point_add(r, _point_mul(k, a)))


# ------------------------------------------------------------------------------------------------
# The report
# ------------------------------------------------------------------------------------------------

@dataclass
class Report:
    """What was checked and what was found. `status` is "ok", "failed" (exit 1) or "error" (exit 2)."""

    path: str
    status: str = "ok"
    problem: str | None = None
    first_bad_seq: int | None = None
    line: int | None = None
    generated_at: str | None = None
    generated_by: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    events: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    hashes_checked: int = 0
    links_checked: int = 0
    links_not_checkable: int = 0
    checkpoint: dict[str, Any] | None = None
    key_source: str | None = None  # "given" (--key), "embedded" (from the file) or None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def filtered(self) -> bool:
        return bool(self.filters)

    @property
    def exit_code(self) -> int:
        return {"ok": 0, "failed": 1}.get(self.status, 2)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "status": self.status, "problem": self.problem, "first_bad_seq": self.first_bad_seq,
                "line": self.line, "file": self.path, "generated_at": self.generated_at,
                "generated_by": self.generated_by, "filters": self.filters, "filtered": self.filtered,
                "events": self.events, "first_seq": self.first_seq, "last_seq": self.last_seq,
                "hashes_checked": self.hashes_checked, "links_checked": self.links_checked,
                "links_not_checkable": self.links_not_checkable, "checkpoint": self.checkpoint,
                "key_source": self.key_source, "warnings": self.warnings, "notes": self.notes}

    def verdict(self) -> str:
        if self.status == "ok":
            partial = "; links across the filter's gaps were not checked" if self.filters else ""
            warned = " (read the warnings)" if self.warnings else ""
            return f"OK: every check above passed{partial}{warned}"
        where = []
        if self.first_bad_seq is not None:
            where.append(f"seq {self.first_bad_seq}")
        if self.line is not None:
            where.append(f"line {self.line}")
        at = " at " + ", ".join(where) if where else ""
        prefix = "FAILED" if self.status == "failed" else "error"
        return f"{prefix}{at}: {self.problem}"

    def render(self) -> list[str]:
        """The report's lines (summary and notes); warnings and the verdict are kept apart."""
        lines = [f"file: {self.path}"]
        if self.generated_at is not None:
            lines.append(f"export: {FORMAT}, generated {self.generated_at} by {self.generated_by}")
        if self.filters:
            used = ", ".join(f"{name}={value}" for name, value in sorted(self.filters.items()))
            lines.append(f"filtered export ({used}): a selection of the log, not all of it")
        label = "events" if self.ok else "events read before the problem"
        if self.events:
            lines.append(f"{label}: {self.events} (seq {self.first_seq} to {self.last_seq})")
        else:
            lines.append(f"{label}: none")
        lines.append(f"hashes re-computed from the payloads: {self.hashes_checked}")
        if self.filters:
            lines.append(f"links checked: {self.links_checked}; links not checkable across the filter's gaps: "
                         f"{self.links_not_checkable}")
        else:
            lines.append(f"links checked: {self.links_checked} (seq continuity from 1, no gaps)")
        if self.checkpoint is not None:
            lines.append("checkpoint: {}, first {} events, head {}, taken {}, key {} ({})".format(
                self.checkpoint.get("origin"), self.checkpoint.get("size"), str(self.checkpoint.get("head"))[:16],
                self.checkpoint.get("time"), str(self.checkpoint.get("key"))[:16],
                {"given": "the key given with --key", "embedded": "the key embedded in the export",
                 None: "signature not checked"}.get(self.key_source, "")))
        lines.extend("note: " + note for note in self.notes)
        return lines


class _Failed(Exception):
    def __init__(self, problem: str, seq: int | None = None, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.seq, self.line = problem, seq, line


class _Unusable(Exception):
    """Usage or format error: not a file this verifier can check at all (exit 2)."""


# ------------------------------------------------------------------------------------------------
# Reading the file
# ------------------------------------------------------------------------------------------------

def _is_hex64(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= HEX_DIGITS


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_line(raw: bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _Failed("not a JSON line (the file was damaged or cut short)", line=number) from None
    if not isinstance(value, dict):
        raise _Failed("not a JSON object", line=number)
    return value


def parse_public_key(text: str) -> bytes:
    """The raw 32 bytes of a `workflow-ed25519 <base64>` line; ValueError if it is not one."""
    parts = text.split()
    if len(parts) != 2 or parts[0] != PUBLIC_KEY_PREFIX:
        raise ValueError(f"not a public key line (expected '{PUBLIC_KEY_PREFIX} <base64>')")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the public key is not valid base64") from None
    if len(raw) != 32:
        raise ValueError("the public key is not 32 bytes long")
    return raw


def parse_checkpoint(text: str) -> tuple[dict[str, Any], bytes, bytes]:
    """(fields, signed bytes, signature) of a checkpoint file's text; ValueError if it is not one.
    The signed bytes are every byte before the `signature:` line."""
    body_text = text[:-1] if text.endswith("\n") else text
    lines = body_text.split("\n")
    if len(lines) != len(CHECKPOINT_FIELDS) + 2 or lines[0] != CHECKPOINT_HEADER:
        raise ValueError(f"not a '{CHECKPOINT_HEADER}' file")
    fields: dict[str, Any] = {}
    for line, name in zip(lines[1:-1], CHECKPOINT_FIELDS):  # noqa: B905 (lengths checked; strict= needs 3.10)
        prefix = name + ": "
        if not line.startswith(prefix):
            raise ValueError(f"expected the line '{prefix}...'")
        fields[name] = line[len(prefix):]
    if not lines[-1].startswith("signature: "):
        raise ValueError("expected the line 'signature: ...'")
    size = fields["size"]
    if not size.isdigit() or int(size) < 1 or not _is_hex64(fields["head"]) or not _is_hex64(fields["key"]):
        raise ValueError("size, head or key is malformed")
    fields["size"] = int(size)
    try:
        signature = base64.b64decode(lines[-1][len("signature: "):], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the signature is not valid base64") from None
    signed = ("\n".join(lines[:-1]) + "\n").encode("utf-8")
    return fields, signed, signature


def _payload_bytes(record: dict[str, Any], seq: int, number: int) -> bytes:
    if isinstance(record.get("payload"), str):
        try:
            return str(record["payload"]).encode("utf-8")
        except UnicodeEncodeError:
            raise _Failed("payload is not valid Unicode, so it cannot be the stored bytes", seq, number) from None
    if isinstance(record.get("payload_b64"), str):
        try:
            return base64.b64decode(str(record["payload_b64"]), validate=True)
        except (binascii.Error, ValueError):
            raise _Failed("payload_b64 is not valid base64", seq, number) from None
    raise _Failed("event line without a payload", seq, number)


def _claimed_seq(payload: bytes) -> int | None:
    """The seq inside a payload (hashed, unlike the line's own seq), if it names one."""
    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    claimed: Any = value.get("seq") if isinstance(value, dict) else None
    return int(claimed) if _is_int(claimed) else None


class _Chain:
    """The walk over event lines: continuity for a whole log, or what a filtered selection allows."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.prev_seq = 0
        self.prev_hash = GENESIS_HASH
        self.first_hash: str | None = None  # event 1's hash, if event 1 is in the file

    def event(self, record: dict[str, Any], number: int) -> None:
        report = self.report
        raw_seq: Any = record.get("seq")
        raw_prev, raw_hash = record.get("prev_hash"), record.get("hash")
        if not _is_int(raw_seq) or int(raw_seq) < 1:
            raise _Failed("event line without a valid seq", line=number)
        seq = int(raw_seq)
        if not _is_hex64(raw_prev) or not _is_hex64(raw_hash):
            raise _Failed("prev_hash or hash is not 64 lowercase hex digits", seq, number)
        prev_hash, digest = str(raw_prev), str(raw_hash)
        payload = _payload_bytes(record, seq, number)
        computed = hashlib.sha256(DOMAIN_TAG + bytes.fromhex(prev_hash) + payload).hexdigest()
        if computed != digest:
            raise _Failed("the hash does not match the payload and prev_hash: the event was altered", seq, number)
        claimed = _claimed_seq(payload)
        if claimed is not None and claimed != seq:
            raise _Failed(f"the line says seq {seq} but the hashed payload says seq {claimed}: events were "
                          "renumbered or moved", seq, number)
        expected = self.prev_seq + 1
        if seq < expected:
            raise _Failed(f"seq {seq} comes after seq {self.prev_seq}: events out of order or repeated", seq, number)
        if seq > expected and not report.filtered:
            raise _Failed(f"event {expected} is missing or out of place (the next event line is seq {seq})",
                          expected, number)
        if seq == expected:
            if prev_hash != self.prev_hash:
                if seq == 1:
                    raise _Failed("the first event's prev_hash is not the genesis value (64 zeros)", seq, number)
                # This event checks out on its own, so it most likely still records the hash its
                # predecessor had when it was written: the predecessor was rewritten since, hash and all
                # (reported there, as `workflow audit verify` does).
                raise _Failed(f"the chain breaks between events {seq - 1} and {seq}: event {seq - 1}'s hash is not "
                              f"the prev_hash event {seq} recorded (event {seq - 1} was rewritten, hash and all, "
                              f"or event {seq}'s link was forged)", seq - 1, number - 1)
            report.links_checked += 1
        else:
            report.links_not_checkable += 1
        report.hashes_checked += 1
        report.events += 1
        if report.first_seq is None:
            report.first_seq = seq
        report.last_seq = seq
        if seq == 1:
            self.first_hash = digest
        self.prev_seq, self.prev_hash = seq, digest


def _read_header(lines: Iterator[tuple[int, bytes]], report: Report) -> None:
    try:
        _number, raw = next(lines)
    except StopIteration:
        raise _Unusable("the file is empty") from None
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _Unusable(f"line 1 is not JSON: this is not a {FORMAT} file") from None
    if not isinstance(header, dict) or header.get("kind") != "header":
        raise _Unusable(f"line 1 is not a header: this is not a {FORMAT} file")
    if header.get("format") != FORMAT:
        raise _Unusable(f"format {header.get('format')!r} is not {FORMAT} (this verifier reads only that)")
    chain = header.get("chain")
    if not isinstance(chain, dict) or chain.get("domain_tag") != DOMAIN_TAG.decode("ascii") \
            or chain.get("genesis") != GENESIS_HASH:
        raise _Unusable("the header names another hash chain than workflow.audit.v1 (domain tag or genesis)")
    filters = header.get("filters")
    if not isinstance(filters, dict):
        raise _Unusable("the header has no filters object")
    report.filters = {str(k): str(v) for k, v in filters.items() if v is not None}
    report.generated_at = str(header.get("generated_at"))
    report.generated_by = str(header.get("generated_by"))
    claimed = header.get("verify_at_export")
    if isinstance(claimed, dict) and claimed.get("ok") is False:
        report.warnings.append(
            f"the exporting system reported that its own log did not verify at export time (event "
            f"{claimed.get('first_bad_seq')}: {claimed.get('problem')}); this file is checked on its own below, "
            "but evidence files and anything outside the export are not")


def _walk(handle: IO[bytes], report: Report) -> tuple[_Chain, dict[str, Any] | None]:
    lines = enumerate(handle, start=1)
    _read_header(lines, report)
    chain = _Chain(report)
    checkpoint: dict[str, Any] | None = None
    ended = False
    for number, raw in lines:
        record = _parse_line(raw, number)
        kind = record.get("kind")
        if ended:
            raise _Failed("a line after the trailer: something was appended", line=number)
        if kind == "event":
            if checkpoint is not None:
                raise _Failed("an event line after the checkpoint line", line=number)
            chain.event(record, number)
        elif kind == "checkpoint":
            if checkpoint is not None:
                raise _Failed("a second checkpoint line", line=number)
            record["_line"] = number
            checkpoint = record
        elif kind == "end":
            count = record.get("events")
            if not _is_int(count) or count != report.events:
                raise _Failed(f"the trailer says {count!r} events but the file holds {report.events} event lines",
                              line=number)
            ended = True
        elif kind == "header":
            raise _Failed("a second header", line=number)
        else:
            raise _Failed(f"unknown line kind {kind!r}", line=number)
    if not ended:
        raise _Failed("the file ends without its trailer: it was cut short",
                      None if report.filtered else chain.prev_seq + 1)
    return chain, checkpoint


def _hash_of_event(path: str, seq: int) -> str | None:
    """Second pass: the hash of event `seq` (the chain was already checked by the first pass)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                continue
            record = json.loads(raw.decode("utf-8"))
            if record.get("kind") != "event":
                return None
            if record.get("seq") == seq:
                return str(record["hash"])
            if record.get("seq", 0) > seq:
                return None
    return None


def _check_checkpoint(path: str, record: dict[str, Any], chain: _Chain, report: Report,
                      given_key: bytes | None) -> None:
    number = record.get("_line")
    text = record.get("text")
    if not isinstance(text, str):
        raise _Failed("the checkpoint line has no text", line=number)
    try:
        fields, signed, signature = parse_checkpoint(text)
    except ValueError as exc:
        raise _Failed(f"the checkpoint text is malformed: {exc}", line=number) from None
    report.checkpoint = dict(fields)
    size, head = int(fields["size"]), str(fields["head"])

    key = given_key
    if key is not None:
        report.key_source = "given"
    elif isinstance(record.get("public_key"), str):
        try:
            key = parse_public_key(str(record["public_key"]))
        except ValueError as exc:
            raise _Failed(f"the public key embedded in the export is malformed: {exc}", line=number) from None
        report.key_source = "embedded"
        report.warnings.append(
            "no --key given: the checkpoint's signature was checked with the public key embedded in the export, "
            "which proves nothing (whoever could edit this file could replace the checkpoint and its key "
            "together); run again with --key and the public key you were handed")
    else:
        report.warnings.append("no --key given and no key in the export: the checkpoint's signature was not "
                               "checked; run again with --key and the public key you were handed")
    if key is not None:
        fingerprint = hashlib.sha256(key).hexdigest()
        if fingerprint != fields["key"]:
            which = "given" if report.key_source == "given" else "embedded"
            raise _Failed(f"the checkpoint was signed with key {str(fields['key'])[:16]}, not with the {which} key "
                          f"{fingerprint[:16]}", line=number)
        if not ed25519_verify(key, signed, signature):
            raise _Failed("the checkpoint's signature does not verify: its text was altered or it was not signed "
                          "by this key", line=number)

    if chain.first_hash is not None:
        origin = "workflow/" + chain.first_hash[:16]
        if origin != fields["origin"]:
            raise _Failed(f"the checkpoint belongs to another log (origin {fields['origin']}; this log's is "
                          f"{origin})", 1, number)
    else:
        report.notes.append("the checkpoint's origin is not checkable: event 1 is not in this filtered export")

    if report.filtered:
        if report.last_seq is None or not (report.first_seq or 0) <= size <= report.last_seq:
            report.notes.append(f"the checkpoint's head (event {size}) is not checkable: that event is not in "
                                "this filtered export")
            return
    elif report.events < size:
        raise _Failed(f"the checkpoint covers the first {size} events but the export holds only {report.events}: "
                      "events were cut off the end of the log", report.events + 1, number)
    found = _hash_of_event(path, size)
    if found is None:
        report.notes.append(f"the checkpoint's head (event {size}) is not checkable: that event is not in this "
                            "filtered export")
        return
    if found != head:
        raise _Failed(f"event {size}'s hash is not the checkpoint's head: the log was rewritten up to it", size,
                      number)
    later = "" if size == report.last_seq else \
        f"; events {size + 1} to {report.last_seq} came after the checkpoint and are covered only by the chain"
    report.notes.append(f"event {size}'s hash is the checkpoint's signed head{later}")


def verify_file(path: str, key_text: str | None = None) -> Report:
    """Check the export at `path`; `key_text` is the content of a public-key file (`--key`)."""
    report = Report(path=str(path))
    try:
        given_key = None
        if key_text is not None:
            try:
                given_key = parse_public_key(key_text)
            except ValueError as exc:
                raise _Unusable(f"--key: {exc}") from None
        try:
            with open(path, "rb") as handle:
                chain, checkpoint = _walk(handle, report)
        except OSError as exc:
            raise _Unusable(f"cannot read {path}: {exc.strerror or exc}") from None
        if report.filtered:
            report.notes.append(
                "filtered export: each event's hash was re-computed from its payload and prev_hash, and links were "
                f"checked only between consecutive seqs; across the {report.links_not_checkable} gap(s) the filter "
                "leaves, links are NOT checked, so this file alone cannot show that events were not added, removed "
                "or rewritten around the selection. Verify an unfiltered export or the database for that.")
        if checkpoint is not None:
            _check_checkpoint(str(path), checkpoint, chain, report, given_key)
        else:
            if given_key is not None:
                report.warnings.append("--key given but the export holds no checkpoint: nothing was signed")
            if not report.filtered:
                report.notes.append("no checkpoint in the export: the chain shows the content and order of these "
                                    "events, not that none were cut off its end")
    except _Failed as failed:
        report.status, report.problem = "failed", failed.problem
        report.first_bad_seq, report.line = failed.seq, failed.line
    except _Unusable as unusable:
        report.status, report.problem = "error", str(unusable)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="verify_audit_jsonl.py",
        description="Verify a workflow-audit-jsonl/1 export of the audit log (standard library only).",
        epilog="Exit status: 0 all checks passed, 1 a problem was found, 2 usage or format error.")
    parser.add_argument("file", metavar="FILE", help="the .jsonl export")
    parser.add_argument("--key", metavar="PUB", help="public-key file you were handed (workflow-ed25519 <base64>)")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON document")
    args = parser.parse_args(argv)
    key_text = None
    if args.key is not None:
        try:
            with open(args.key, encoding="utf-8") as handle:
                key_text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read --key {args.key}: {exc}", file=sys.stderr)
            return 2
    report = verify_file(args.file, key_text)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return report.exit_code
    if report.status == "error":
        print(report.verdict(), file=sys.stderr)
        return report.exit_code
    for line in report.render():
        print(line)
    sys.stdout.flush()
    for warning in report.warnings:
        print("WARNING: " + warning, file=sys.stderr)
    print(report.verdict(), file=sys.stdout if report.ok else sys.stderr)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
