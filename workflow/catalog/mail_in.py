"""Activity 2's answers: e-mails read from a file, a folder, an mbox or a maildir, each matched to the
dependencia that sent it by the sender's address, never guessed.

Reading never fails on one message: a malformed, oddly encoded or huge one becomes an `Incoming`
with the reason it cannot be matched, and the rest are read. Each message is kept as the bytes that
arrived (what is attached as evidence), keyed by its Message-ID (or, without one, by the SHA-256 of
its bytes) so that the same answer imported twice is attached once.
"""

from __future__ import annotations

import hashlib
import mailbox
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

__all__ = ["Incoming", "Match", "match_sender", "read_mail", "read_messages"]

_MBOX_START = b"From "
MAX_FILES = 100_000  # a folder of mail; more is a mistake (a whole disk)


@dataclass(frozen=True)
class Incoming:
    source: str  # the file, or `mbox:N` / `maildir:KEY` inside one
    data: bytes
    message_id: str  # `<...>` as sent, or `sha256:HEX` of the bytes when there is none
    senders: tuple[str, ...]  # the From addresses, lowercased
    subject: str
    problem: str | None = None  # why it cannot be matched (too_large, unreadable, no_sender)


@dataclass(frozen=True)
class Match:
    item: str | None
    why: str | None  # unknown_sender, ambiguous, no_sender, too_large, unreadable


def read_mail(data: bytes, source: str, max_bytes: int) -> Incoming:
    """One message from its bytes; whatever they hold, an `Incoming` (with its problem, if any)."""
    key = "sha256:" + hashlib.sha256(data).hexdigest()
    if len(data) > max_bytes:
        return Incoming(source, b"", key, (), "", "too_large")
    try:
        parsed = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
        message_id = _header(parsed, "Message-ID").strip()
        senders = _senders(parsed)
        subject = " ".join(_header(parsed, "Subject").split())[:300]
    except Exception:  # the parser's header classes raise many kinds on hostile input
        return Incoming(source, data, key, (), "", "unreadable")
    if message_id and not (message_id.startswith("<") and message_id.endswith(">") and len(message_id) < 1000):
        message_id = ""
    return Incoming(source, data, message_id or key, senders, subject, None if senders else "no_sender")


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return str(value) if value is not None else ""


def _senders(message: Message) -> tuple[str, ...]:
    raw = message.get_all("From") or []
    found = []
    for name, address in getaddresses([str(value) for value in raw]):
        del name
        if "@" in address and address.count("@") == 1 and " " not in address:
            found.append(address.lower())
    return tuple(dict.fromkeys(found))


def read_messages(path: Path, max_bytes: int) -> Iterator[Incoming]:
    """Every message under `path`: a maildir (cur/new/tmp), a folder of files (each an .eml or an
    mbox), an mbox file, or one .eml. OSError is the caller's to report (the path given is wrong)."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            yield from _maildir(path, max_bytes)
            return
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        for index, file in enumerate(files):
            if index >= MAX_FILES:
                break
            yield from _file(file, max_bytes)
        return
    yield from _file(path, max_bytes)


def _file(path: Path, max_bytes: int) -> Iterator[Incoming]:
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(len(_MBOX_START))
    except OSError:
        yield Incoming(str(path), b"", "sha256:" + hashlib.sha256(str(path).encode()).hexdigest(), (), "",
                       "unreadable")
        return
    if head == _MBOX_START:
        yield from _mbox(path, max_bytes)
    elif size > max_bytes:  # never read whole
        key = "sha256:" + hashlib.sha256(f"{path}:{size}".encode()).hexdigest()
        yield Incoming(str(path), b"", key, (), "", "too_large")
    else:
        yield read_mail(path.read_bytes(), str(path), max_bytes)


def _mbox(path: Path, max_bytes: int) -> Iterator[Incoming]:
    box = mailbox.mbox(os.fspath(path), create=False)
    try:
        yield from _messages(box, f"{path}:", max_bytes)
    finally:
        box.close()


def _maildir(path: Path, max_bytes: int) -> Iterator[Incoming]:
    box = mailbox.Maildir(os.fspath(path), factory=None, create=False)
    yield from _messages(box, f"{path}:", max_bytes)


def _messages(box: mailbox.Mailbox[Any], prefix: str, max_bytes: int) -> Iterator[Incoming]:
    for number, key in enumerate(sorted(box.keys(), key=str), start=1):
        if number > MAX_FILES:
            break
        try:
            data = box.get_bytes(key)
        except (OSError, KeyError, mailbox.Error):
            yield Incoming(f"{prefix}{number}", b"", f"sha256:{prefix}{key}", (), "", "unreadable")
            continue
        yield read_mail(data, f"{prefix}{number}", max_bytes)


def match_sender(incoming: Incoming, addresses: Mapping[str, Iterable[str]]) -> Match:
    """The item whose `emails` hold the sender's address: exactly one, or the reason there is none.
    `addresses` is item id -> its addresses."""
    if incoming.problem is not None:
        return Match(None, incoming.problem)
    owners: dict[str, set[str]] = {}
    for item, emails in addresses.items():
        for email in emails:
            owners.setdefault(email.strip().lower(), set()).add(item)
    items = {item for sender in incoming.senders for item in owners.get(sender, ())}
    if not items:
        return Match(None, "unknown_sender")
    if len(items) > 1:
        return Match(None, "ambiguous")
    return Match(next(iter(items)), None)


def as_email(data: bytes) -> EmailMessage:
    """The message parsed in full (for showing it): the modern policy, which never raises on defects."""
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)
    return parsed
