"""What arrives through the channels, read into plain data: e-mails and chat transcripts, pure.

E-mail (RFC 5322 bytes, as in a .eml file, an mbox or a maildir): the Message-ID (what makes an import
idempotent), the sender, the date, the subject, the text, the attachments (kept as evidence), and the
radicado a reply names (in its subject or text, or through In-Reply-To / References pointing at the
message that opened the request).

Chat transcripts, as the chat widget's export is documented in the README ("Chat transcripts"):
- JSON: `{"conversations": [{"id", "started_at", "visitor": {"name", "email"}, "messages": [{"at",
  "from": "visitor"|"agent", "text"}]}]}` (a bare list of conversations is accepted too);
- CSV (UTF-8, `,` or `;`): `conversation_id,at,from,name,email,text`, one row per message.
One request per conversation, idempotent by its id. Nothing here touches files or the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.policy
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, Final

from workflow.errors import Refused

__all__ = ["ChatConversation", "IncomingMail", "guess_type", "parse_chat", "parse_email", "safe_name", "transcript"]

RADICADO: Final = re.compile(r"\b(20\d{2}-\d{6})\b")
_KEYWORDS: Final = (  # the first word found in the subject (then the text) chooses the type
    ("felicitacion", ("felicit", "agradec")), ("denuncia", ("denuncia", "corrupci")),
    ("queja", ("queja",)), ("reclamo", ("reclamo", "reclamación", "reclamacion")),
    ("sugerencia", ("sugerencia", "sugiero")), ("consulta", ("consulta",)),
    ("informacion", ("copia", "certificado", "información", "informacion", "documento")))


@dataclass(frozen=True)
class IncomingMail:
    message_id: str
    subject: str
    sender_name: str | None
    sender_address: str | None
    date: dt.datetime | None
    text: str
    replies_to: tuple[str, ...]  # Message-IDs of In-Reply-To and References
    attachments: tuple[tuple[str, bytes], ...] = field(default=())

    def radicado(self) -> str | None:
        found = RADICADO.search(self.subject) or RADICADO.search(self.text[:2000])
        return found.group(1) if found else None


def _ids(value: object) -> tuple[str, ...]:
    return tuple(re.findall(r"<[^<>\s]+>", str(value or "")))


def parse_email(data: bytes) -> IncomingMail:
    """One message; one without a Message-ID gets `<sha256:...@workflow>` of its bytes, so importing
    the same file again is still recognised."""
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    found = _ids(message.get("Message-ID"))
    message_id = found[0] if found else f"<sha256:{hashlib.sha256(data).hexdigest()}@workflow>"
    addresses = getaddresses([str(message.get("From") or "")])
    name, address = addresses[0] if addresses else ("", "")
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message.get("Date") else None
        if date is not None and date.tzinfo is None:
            date = date.replace(tzinfo=dt.UTC)
    except (TypeError, ValueError, IndexError):
        date = None
    body = message.get_body(preferencelist=("plain", "html"))
    try:
        text = body.get_content() if body is not None else ""
    except (LookupError, ValueError):
        text = ""
    attachments = []
    for part in message.iter_attachments():
        try:
            content = part.get_payload(decode=True)
        except (LookupError, ValueError):
            continue
        if isinstance(content, bytes) and content:
            attachments.append((safe_name(part.get_filename() or "adjunto.bin"), content))
    subject = " ".join(str(message.get("Subject") or "").split())
    return IncomingMail(message_id=message_id, subject=subject, sender_name=name.strip() or None,
                        sender_address=address.strip() or None if "@" in address else None, date=date,
                        text=str(text), replies_to=_ids(message.get("In-Reply-To")) + _ids(message.get("References")),
                        attachments=tuple(attachments))


def safe_name(name: str) -> str:
    """A file name to store an attachment under: its last part, letters, digits, `.-_` and spaces only."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c if c.isalnum() or c in ".-_ " else "_" for c in unicodedata.normalize("NFC", base)).strip(". ")
    return base[:120] or "adjunto.bin"


def guess_type(subject: str, text: str = "") -> str:
    """The type of request a message most likely is (staff can correct it): peticion unless a word says."""
    for haystack in (subject.lower(), text[:500].lower()):
        for kind, words in _KEYWORDS:
            if any(word in haystack for word in words):
                return kind
    return "peticion"


@dataclass(frozen=True)
class ChatConversation:
    id: str
    started_at: dt.datetime | None
    name: str | None
    email: str | None
    messages: tuple[tuple[str, str, str], ...]  # (at, from, text)

    @property
    def subject(self) -> str:
        first = next((text for _at, who, text in self.messages if who == "visitor"), "")
        line = " ".join(first.split())
        return (line[:197] + "…") if len(line) > 200 else (line or "(chat)")


def _moment(value: object) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def parse_chat(data: bytes, name: str) -> list[ChatConversation]:
    """The conversations of a chat export (JSON or CSV, by content); Refused naming what is wrong."""
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith(("{", "[")):
        return _chat_json(text, name)
    return _chat_csv(text, name)


def _chat_json(text: str, name: str) -> list[ChatConversation]:
    try:
        value: Any = json.loads(text)
    except ValueError as error:
        raise Refused("intake.chat_not_json", file=name, detail=str(error)) from None
    items = value.get("conversations") if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise Refused("intake.chat_shape", file=name)
    found = []
    for item in items:
        if not isinstance(item, dict) or not item.get("id") or not isinstance(item.get("messages"), list):
            raise Refused("intake.chat_shape", file=name)
        found_visitor = item.get("visitor")
        visitor: dict[str, Any] = found_visitor if isinstance(found_visitor, dict) else {}
        messages = tuple((str(m.get("at", "")), str(m.get("from", "visitor")), str(m.get("text", "")))
                         for m in item["messages"] if isinstance(m, dict))
        found.append(ChatConversation(id=str(item["id"]), started_at=_moment(item.get("started_at")) or (
            _moment(messages[0][0]) if messages else None), name=visitor.get("name") or None,
            email=visitor.get("email") or None, messages=messages))
    return found


_CSV_COLUMNS: Final = ("conversation_id", "at", "from", "name", "email", "text")


def _chat_csv(text: str, name: str) -> list[ChatConversation]:
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text), delimiter=dialect))
    if not rows or any(c not in rows[0] for c in _CSV_COLUMNS):
        raise Refused("intake.chat_csv_columns", file=name, columns=",".join(_CSV_COLUMNS))
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(row["conversation_id"], []).append(row)
    return [ChatConversation(
        id=key, started_at=_moment(group[0]["at"]),
        name=next((r["name"] for r in group if r["name"]), None), email=next((r["email"] for r in group if r["email"]),
                                                                              None),
        messages=tuple((r["at"], r["from"] or "visitor", r["text"]) for r in group)) for key, group in grouped.items()]


def transcript(conversation: ChatConversation) -> str:
    """The conversation as a text file kept as the request's evidence."""
    lines = [f"chat {conversation.id}"]
    lines += [f"[{at}] {who}: {text}" for at, who, text in conversation.messages]
    return "\n".join(lines) + "\n"


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
