"""`request import`: e-mails (.eml, a folder of them, mbox, maildir) and chat exports become requests.

One request per message or conversation, each filed in its own transaction (a failure half-way leaves
the requests filed before it, and running the import again files only the rest): idempotent by the
Message-ID (`email:<id>`) or the conversation id (`chat:<id>`), kept as the request's `source_id`. The
message itself (.eml) and its attachments are kept as evidence (record `anexo_ciudadano`). A reply that
names a known radicado (in its subject or text) or answers a message that opened one (In-Reply-To,
References) is attached to that request instead of opening a new one; the same reply twice is attached
once (its bytes' SHA-256 is already there).
"""

from __future__ import annotations

import hashlib
import mailbox
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.core import intake
from workflow.core.intake import IncomingMail
from workflow.core.limits import MAX_TITLE_CHARS
from workflow.errors import Refused
from workflow.service import cycles, requests
from workflow.service.context import Context
from workflow.storage.store import Tx

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)
    skipped: int = 0

    def to_json(self) -> dict[str, object]:
        return {"created": self.created, "attached": self.attached, "skipped": self.skipped}


def _messages(path: Path) -> Iterator[bytes]:
    """The raw messages under `path`: a maildir, a folder of .eml files, an mbox or one .eml."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            box = mailbox.Maildir(str(path), factory=None, create=False)
            for key in sorted(box.keys()):
                yield box.get_bytes(key)
            return
        for file in sorted(path.glob("*.eml")):
            yield file.read_bytes()
        return
    with path.open("rb") as handle:
        start = handle.read(5)
    if start == b"From ":
        mbox = mailbox.mbox(str(path), factory=None, create=False)
        for key in mbox.iterkeys():
            yield mbox.get_bytes(key)
        return
    yield path.read_bytes()


def _count(path: Path) -> int:
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return len(mailbox.Maildir(str(path), factory=None, create=False))
        return len(list(path.glob("*.eml")))
    return 0  # an mbox is counted as it is read (unknown total)


def import_path(ctx: Context, path: Path, channel: str | None = None, progress: Progress | None = None
                ) -> ImportResult:
    if not path.exists():
        raise Refused("intake.missing", path=str(path))
    kind = channel or ("chat" if path.suffix.lower() in (".json", ".csv") else "email")
    if kind not in ("email", "chat"):
        raise Refused("intake.channel", channel=kind)
    result = ImportResult()
    tick = progress or (lambda _done, _total: None)
    with tempfile.TemporaryDirectory(prefix="workflow-import-") as scratch:
        folder = Path(scratch)
        if kind == "chat":
            conversations = intake.parse_chat(path.read_bytes(), str(path))
            for done, conversation in enumerate(conversations, 1):
                _chat(ctx, folder, conversation, result)
                tick(done, len(conversations))
        else:
            total = _count(path)
            for done, data in enumerate(_messages(path), 1):
                _mail(ctx, folder, data, result)
                tick(done, total)
    return result


def _chat(ctx: Context, folder: Path, conversation: intake.ChatConversation, result: ImportResult) -> None:
    source = f"chat:{conversation.id}"
    with ctx.reading() as tx:
        if tx.request(source, by="source_id") is not None:
            result.skipped += 1
            return
    file = folder / f"chat-{hashlib.sha256(source.encode()).hexdigest()[:16]}.txt"
    file.write_text(intake.transcript(conversation), encoding="utf-8")
    email = conversation.email if conversation.email and "@" in conversation.email else None
    row = requests.file(ctx, requests.NewRequest(
        type=intake.guess_type(conversation.subject), channel="chat", subject=conversation.subject,
        received_at=conversation.started_at.isoformat() if conversation.started_at else None,
        citizen=conversation.name, email=email, anonymous=not (conversation.name or email),
        evidence=(file,), source_id=source))
    result.created.append(str(row["radicado"]))


def _mail(ctx: Context, folder: Path, data: bytes, result: ImportResult) -> None:
    mail = intake.parse_email(data)
    source = f"email:{mail.message_id}"
    with ctx.reading() as tx:
        if tx.request(source, by="source_id") is not None:
            result.skipped += 1
            return
        target = _replied(tx, mail)
        digest = hashlib.sha256(data).hexdigest()
        if target is not None and any(e.sha256 == digest for e in tx.evidence(target["cycle_id"])):
            result.skipped += 1
            return
    files = _files(folder, digest, data, mail)
    if target is not None:
        for file in files:
            cycles.attach(ctx, target["cycle_id"], cycles.EvidenceInput(file, requests.ATTACHMENT),
                          note=mail.subject[:MAX_TITLE_CHARS] or None)
        result.attached.append(str(target["radicado"]))
        return
    subject = mail.subject or "(sin asunto)"
    row = requests.file(ctx, requests.NewRequest(
        type=intake.guess_type(subject, mail.text), channel="email", subject=subject,
        received_at=mail.date.isoformat() if mail.date and mail.date <= ctx.clock() else None,
        citizen=mail.sender_name, email=mail.sender_address, anonymous=not mail.sender_address,
        evidence=tuple(files), source_id=source))
    result.created.append(str(row["radicado"]))


def _replied(tx: Tx, mail: IncomingMail) -> dict[str, Any] | None:
    """The open request a message answers: the radicado it names, or the message it replies to."""
    named = mail.radicado()
    if named is not None:
        row = tx.request(named)
        if row is not None:
            return row
    for reply_to in mail.replies_to:
        row = tx.request(f"email:{reply_to}", by="source_id")
        if row is not None:
            return row
    return None


def _files(folder: Path, digest: str, data: bytes, mail: IncomingMail) -> list[Path]:
    """The message as a .eml file and each attachment, in a folder of their own (names may repeat)."""
    here = folder / digest[:16]
    here.mkdir(exist_ok=True)
    message = here / "mensaje.eml"
    message.write_bytes(data)
    found = [message]
    for index, (name, content) in enumerate(mail.attachments):
        target = here / f"{index:02d}-{name}"
        target.write_bytes(content)
        found.append(target)
    return found
