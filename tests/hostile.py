"""Hostile text and forged audit rows, shared by tests/test_hostile_text.py, test_hostile_exports.py and
test_fuzz*.py: the strings a person, a procedure file or someone with the database in hand can put in a
field, the in-process command line, and an appender of correctly chained events with any payload."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from typer.testing import CliRunner, Result

from workflow.core.chain import chain_hash

# Rich markup that is not balanced (MarkupError), a link the text does not spell, styles, emoji codes,
# terminal escapes (clear screen, an OSC 8 hyperlink, a bell), a right-to-left override, HTML and XML.
# At most 200 characters in all, the longest title a cycle accepts.
MARKUP = "[/x] [link=https://evil.example]aquí[/link] [red]ALERTA[/red] :smile:"
ESCAPES = "\x1b[2J\x1b]8;;https://evil.example\x07enlace\x1b]8;;\x07 \x9b31m \u202eabc"
HTML = "<img src=x onerror=alert(1)> & \"'</td></tr></table><script>alert(2)</script>"
HOSTILE = f"{MARKUP} {ESCAPES} {HTML}"

# What a forged event may carry where a number belongs.
NOT_NUMBERS: list[Any] = ["<img src=x onerror=alert(1)>", "7", 1.5, 10**40, None, [1, 2], {"n": 1}, True, -3]

_SGR = re.compile(r"\x1b\[[0-9;]*m")  # the styles rich itself writes


def shown_text(output: str) -> str:
    """What a person reads in a terminal: rich's own styles taken out, every other escape left in."""
    return _SGR.sub("", output)


def cli(home: Path, *args: str, user: str = "admin", **env: str) -> Result:
    """`workflow ARGS` in-process, as `user`, in `home`, in English."""
    from workflow.cli.app import app

    environ = {"WORKFLOW_HOME": str(home), "WORKFLOW_USER": user, "WORKFLOW_LANG": "en",
               "WORKFLOW_DB_URL": "", "NO_COLOR": "1", **env}
    return CliRunner().invoke(app, list(args), env=environ, catch_exceptions=True)


def forge(home: Path, payload: dict[str, Any]) -> int:
    """Append an event to the SQLite trail of `home` as someone with the file in hand would: correctly
    chained (the chain verifies), with whatever content. The seq of the new event."""
    engine = create_engine(f"sqlite:///{home / 'workflow.db'}")
    try:
        with engine.begin() as connection:
            seq, prev_hash = connection.execute(
                text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).one()
            body = {**payload, "seq": seq + 1}
            # A lone surrogate has no UTF-8: JSON writes it as its `\\ud800` escape, as a forger would.
            ascii_only = any("\ud800" <= c <= "\udfff" for c in json.dumps(body, ensure_ascii=False))
            raw = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=ascii_only).encode("utf-8")
            actor = payload.get("actor")
            connection.execute(text(
                "INSERT INTO audit_event (seq, at, type, actor, cycle_id, payload, prev_hash, hash) "
                "VALUES (:seq, :at, :type, :actor, :cycle, :payload, :prev, :hash)"),
                {"seq": seq + 1, "at": payload.get("at", "2026-11-30T14:00:00.000000Z"),
                 "type": payload.get("type", "cycle.returned"),
                 "actor": actor.get("login", "") if isinstance(actor, dict) else "",
                 "cycle": payload.get("cycle"), "payload": raw, "prev": prev_hash,
                 "hash": chain_hash(prev_hash, raw)})
            return int(seq) + 1
    finally:
        engine.dispose()


def forged_step(cycle_id: str, number: Any, text_value: str = HOSTILE) -> dict[str, Any]:
    """A `cycle.returned` event of `cycle_id` whose activity number is `number` and whose every text
    field holds `text_value`."""
    return {"type": "cycle.returned", "at": "2026-11-30T14:00:00.000000Z", "cycle": cycle_id,
            "actor": {"login": "luis", "name": text_value, "role": text_value, "area": text_value},
            "procedure": {"code": "MM-GAC-P-006", "version": text_value, "sha256": text_value},
            "activity": {"number": number, "name": text_value},
            "from_state": "activity_2", "to_state": "activity_1", "reason": text_value, "note": text_value,
            "evidence": [{"sha256": text_value, "name": text_value, "size": number, "record": text_value,
                          "item": text_value, "media_type": text_value}]}
