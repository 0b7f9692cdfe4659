"""Activity 2 by e-mail: the requests written (one draft .eml per pending dependencia), and the answers
read from a file, folder, mbox or maildir and attached, each to the dependencia whose address sent it,
as its `correo_electronico`.

One command, one transaction: every matched message is attached (one `evidence_attached` event each)
or none is. A message is attached once: one whose Message-ID (kept in the evidence's note) or whose
bytes are already evidence of the activity counts as a duplicate. Unmatched or ambiguous messages are
listed with the reason, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.catalog.mail_in import Incoming, match_sender, read_messages
from workflow.catalog.mail_out import RequestMail, parse_address, request_message
from workflow.core import items as item_rules
from workflow.core.outcomes import CycleFacts
from workflow.errors import NotFound, Refused, UsageError
from workflow.i18n import using_language
from workflow.service import cycles, reference
from workflow.service.context import Context
from workflow.service.generated_evidence import Generated, attach_staged, before_lock, staged_all
from workflow.service.outputs import check_output
from workflow.storage.atomic import write_atomically

__all__ = ["MAIL_RECORD", "MailImport", "RequestFile", "import_mail", "write_requests"]

MAIL_RECORD = "correo_electronico"
_NOTE_KEY = "Message-ID: "


@dataclass
class MailImport:
    attached: list[dict[str, str]] = field(default_factory=list)  # {"item", "message_id", "file"}
    unmatched: list[dict[str, str]] = field(default_factory=list)  # {"file", "from", "why"}
    duplicates: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"attached": [{"item": a["item"], "message_id": a["message_id"]} for a in self.attached],
                "unmatched": self.unmatched, "duplicates": self.duplicates}


def _known_ids(facts: CycleFacts) -> set[str]:
    found = set()
    for row in facts.evidence:
        for line in (row.note or "").splitlines():
            if line.startswith(_NOTE_KEY):
                found.add(line.removeprefix(_NOTE_KEY).strip())
    return found


def _note(message: Incoming) -> str:
    return "\n".join([f"{_NOTE_KEY}{message.message_id}", f"From: {', '.join(message.senders)}",
                      f"Subject: {message.subject}"])[:3000]


def _file_name(message: Incoming, item: str, number: int) -> str:
    name = Path(message.source).name
    return name if name.lower().endswith(".eml") else f"correo-{item}-{number}.eml"


def _plan(ctx: Context, cycle_id: str, messages: Sequence[Incoming], result: MailImport) -> list[Generated]:
    with ctx.reading() as tx:
        facts = cycles.load(ctx, tx, cycle_id, records=True)
        activity = facts.activity
        if activity is None or activity.for_each is None:
            raise Refused("mail.no_items", cycle=facts.cycle.id)
        statuses = {s.id: s for s in facts.item_statuses()}
        listed = reference.items(tx, activity.for_each) or ()
        addresses = {i.id: i.emails for i in listed if i.id in statuses}
        known = _known_ids(facts)
    planned: list[Generated] = []
    for number, message in enumerate(messages, start=1):
        match = match_sender(message, addresses)
        sender = ", ".join(message.senders)
        if match.item is None:
            result.unmatched.append({"file": message.source, "from": sender, "why": match.why or ""})
        elif statuses[match.item].state == item_rules.WAIVED:
            result.unmatched.append({"file": message.source, "from": sender, "why": "not_pending"})
        elif message.message_id in known:
            result.duplicates += 1
        else:
            known.add(message.message_id)
            planned.append(Generated(_file_name(message, match.item, number), message.data, MAIL_RECORD,
                                     match.item, _note(message)))
            result.attached.append({"item": match.item, "message_id": message.message_id, "file": message.source})
    return planned


def import_mail(ctx: Context, path: Path, cycle_id: str, expected_activity: int | None = None) -> MailImport:
    if not path.exists():
        raise NotFound("mail.path_missing", path=str(path))
    ctx.store.require_file()
    try:
        messages = list(read_messages(path, ctx.max_evidence_bytes))
    except OSError as error:
        raise Refused("mail.unreadable", path=str(path), reason=error.strerror or str(error)) from None
    result = MailImport()
    planned = _plan(ctx, cycle_id, messages, result)
    if not planned:
        return result
    with staged_all(ctx, planned) as staged, ctx.writing(before_lock(staged)) as tx:
        facts = cycles.load(ctx, tx, cycle_id, records=True)
        stored = {row.sha256 for row in facts.evidence}
        known = _known_ids(facts)  # again, under the lock: another import may have attached some meanwhile
        fresh = [(g, f) for g, f in staged if f.stored.sha256 not in stored and
                 (g.note or "").splitlines()[0].removeprefix(_NOTE_KEY) not in known]
        if len(fresh) < len(staged):
            kept = {id(g) for g, _ in fresh}
            dropped = {(g.item, (g.note or "").splitlines()[0].removeprefix(_NOTE_KEY)) for g, _ in staged
                       if id(g) not in kept}
            result.attached = [a for a in result.attached if (a["item"], a["message_id"]) not in dropped]
            result.duplicates += len(staged) - len(fresh)
        attach_staged(ctx, tx, cycle_id, fresh, expected_activity)
    return result


# -- the requests ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestFile:
    item: str
    name: str
    path: Path
    to: tuple[str, ...]  # empty: the item list gives no address for it yet
    entries: int

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item, "name": self.name, "file": str(self.path), "to": list(self.to),
                "entries": self.entries}


def write_requests(ctx: Context, cycle_id: str, folder: Path, sender: str | None, force: bool = False
                   ) -> list[RequestFile]:
    """One draft e-mail per pending item of the cycle's current activity (activity 2), listing the
    trámites the catalogue has under that dependencia. Writes files only: what counts as the
    activity's evidence is the answer (`mail import`)."""
    if not sender or not sender.strip():
        raise UsageError("mail.from_missing")
    try:
        address = parse_address(sender.strip())
    except ValueError:
        raise UsageError("mail.bad_from", value=sender) from None
    with ctx.reading() as tx:
        facts = cycles.load(ctx, tx, cycle_id, records=True)
        activity = facts.activity
        if activity is None or activity.for_each is None:
            raise Refused("mail.no_items", cycle=facts.cycle.id)
        pending = [s for s in facts.item_statuses() if s.state == item_rules.PENDING]
        emails = {i.id: i.emails for i in reference.items(tx, activity.for_each) or ()}
        by_item: dict[str | None, list[tuple[str, str]]] = {}
        for row in tx.catalog_rows():
            by_item.setdefault(row.dependencia, []).append((row.code, row.name))
    if not pending:
        raise Refused("engine.no_pending_items", number=activity.number)
    planned = [(status, folder / f"{status.id}.eml") for status in pending]
    for _, path in planned:
        check_output(ctx.settings, path, force)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    now = ctx.clock()
    for status, path in planned:
        request = RequestMail(facts.cycle.id, status.id, status.name, emails.get(status.id, ()),
                              tuple(by_item.get(status.id, ())))
        with using_language("es"):  # to the Alcaldía's dependencias, in their language
            message = request_message(request, address, now)
        write_atomically(path, message.as_bytes())
        written.append(RequestFile(status.id, status.name, path, request.emails, len(request.entries)))
    return written
