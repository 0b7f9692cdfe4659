"""The audit trail as JSON Lines an auditor can re-verify with nothing but the standard library.

One JSON object per line, UTF-8, `\\n` after every line, written one line at a time. Non-ASCII text
is written as UTF-8, except U+0085, U+2028 and U+2029, which are written as `\\u` escapes (like every
control character) so that no line splitter sees a break inside a record. The `kind` member says
what a line is; lines come in this order:

1. Header (exactly one, first)::

       {"kind": "header", "format": "workflow-audit-jsonl/1",
        "generated_at": "2026-11-30T13:00:00.000000Z", "generated_by": "ana",
        "filters": {"cycle": null, "since": null, "until": null},
        "chain": {"domain_tag": "workflow.audit.v1\\u0000", "domain_tag_hex": "776f...3100",
                  "genesis": "000...0",
                  "formula": "hash = SHA-256(domain_tag || bytes.fromhex(prev_hash) || payload)"},
        "verify_at_export": {"ok": true, "events": 42, ...}}

   `domain_tag` is the 18-byte tag as a JSON string: the 17 ASCII characters `workflow.audit.v1`
   followed by the NUL character, which JSON writes as the escape `\\u0000`; its UTF-8 encoding is
   the tag's bytes (`domain_tag_hex` gives the same bytes in hex). `genesis` is the first event's
   `prev_hash` (64 zeros). A filter that was not used is null; `until` is inclusive (a date).
   `verify_at_export` is what the exporting system said of its own log at export time: a claim, not
   evidence; the verifier re-checks everything from the lines below.

2. One line per exported event, in `seq` order::

       {"kind": "event", "seq": 7, "prev_hash": "<hex>", "hash": "<hex>", "payload": "<string>"}

   `payload` is the event's canonical JSON exactly as stored and hashed, decoded from UTF-8 into a
   JSON string: `line["payload"].encode("utf-8")` gives back the stored bytes, byte for byte, so
   `hash == sha256(tag + bytes.fromhex(prev_hash) + payload.encode("utf-8")).hexdigest()`. Values
   are raw (no spreadsheet neutralisation). Should a stored payload not be valid UTF-8 (only a
   damaged database can hold one), the line carries `"payload_b64"` (standard base64 of the bytes)
   instead of `"payload"`, so that the bytes stay recoverable and the damage shows when re-hashed.

3. If a checkpoint was taken, one line::

       {"kind": "checkpoint", "text": "<the checkpoint file's text>", "public_key": "<key line>"}

   `text` is the signed checkpoint file as written by `audit checkpoint`; `public_key` is the key
   line `workflow-ed25519 <base64>` kept beside it (null if missing). A key shipped inside the export
   proves nothing: auditors verify with the public key they were handed (`--key`).

4. The trailer (exactly one, last)::

       {"kind": "end", "events": 42}

   `events` is the number of event lines; a file without its trailer was cut short.

`tools/verify_audit_jsonl.py` checks such a file with only the Python standard library.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from workflow.core.chain import DOMAIN_TAG, GENESIS_HASH
from workflow.exports.source import ExportContext, ExportEvent

FORMAT = "workflow-audit-jsonl/1"
FORMULA = "hash = SHA-256(domain_tag || bytes.fromhex(prev_hash) || payload)"


# Characters that some line splitters (Python's str.splitlines, JavaScript) take for line breaks and
# JSON leaves unescaped; they can only occur inside strings, where their escapes mean the same.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line(value: dict[str, Any]) -> bytes:
    # ensure_ascii=False keeps Spanish text readable; JSON escapes control characters (NUL, CR, LF),
    # and _LINE_BREAKS the rest, so every record is one line by any reader's definition.
    text = json.dumps(value, ensure_ascii=False, allow_nan=False).translate(_LINE_BREAKS)
    return text.encode("utf-8") + b"\n"


def header(context: ExportContext) -> dict[str, Any]:
    return {
        "kind": "header",
        "format": FORMAT,
        "generated_at": context.generated_at,
        "generated_by": context.generated_by,
        "filters": {"cycle": context.cycle, "since": context.since, "until": context.until},
        "chain": {"domain_tag": DOMAIN_TAG.decode("ascii"), "domain_tag_hex": DOMAIN_TAG.hex(),
                  "genesis": GENESIS_HASH, "formula": FORMULA},
        "verify_at_export": context.verify,
    }


def event_line(event: ExportEvent) -> dict[str, Any]:
    line: dict[str, Any] = {"kind": "event", "seq": event.seq, "prev_hash": event.prev_hash, "hash": event.hash}
    try:
        line["payload"] = event.payload.decode("utf-8")
    except UnicodeDecodeError:
        line["payload_b64"] = base64.b64encode(event.payload).decode("ascii")
    return line


def checkpoint_line(context: ExportContext) -> dict[str, Any] | None:
    if context.checkpoint_text is None:
        return None
    key = context.public_key_text.strip() if context.public_key_text else None
    return {"kind": "checkpoint", "text": context.checkpoint_text, "public_key": key or None}


def write(events: Iterator[ExportEvent], out: BinaryIO, context: ExportContext) -> int:
    out.write(_line(header(context)))
    count = 0
    for event in events:
        out.write(_line(event_line(event)))
        count += 1
    checkpoint = checkpoint_line(context)
    if checkpoint is not None:
        out.write(_line(checkpoint))
    out.write(_line({"kind": "end", "events": count}))
    return count
