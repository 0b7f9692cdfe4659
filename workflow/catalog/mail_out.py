"""Activity 2's requests: one e-mail per dependencia, listing its trámites for it to confirm.

Each message is an RFC 5322 draft (`X-Unsent: 1`: Outlook and Thunderbird open it ready to send from
the person's own account) in UTF-8, with the headers encoded as RFC 2047 asks, a plain-text body and
the same as HTML. It is addressed to the dependencia's addresses from its item list (`emails:`), and
without them has no `To:` (the person adds it; the command says which). Pure: the service passes the
sender, the date and the domain of the Message-ID.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from workflow.catalog.reconcile import GOVCO_FICHA
from workflow.i18n import current_language, t

__all__ = ["RequestMail", "parse_address", "request_message"]


@dataclass(frozen=True)
class RequestMail:
    cycle_id: str
    item_id: str
    item_name: str
    emails: tuple[str, ...]
    entries: tuple[tuple[str, str], ...]  # (code, name) of the dependencia's trámites


def parse_address(text: str) -> Address:
    """An address as `Name <user@domain>` or `user@domain`; ValueError when it is not one."""
    from email.headerregistry import HeaderRegistry

    try:
        header = HeaderRegistry()("To", text)
    except Exception as error:  # the header parser raises IndexError and others on odd input
        raise ValueError(text) from error
    addresses: tuple[Address, ...] = tuple(getattr(header, "addresses", ()))
    if len(addresses) != 1 or not addresses[0].domain or header.defects:
        raise ValueError(text)
    found: Address = addresses[0]
    return found


def request_message(request: RequestMail, sender: Address, now: datetime) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    if request.emails:
        message["To"] = [parse_address(a) for a in request.emails]
    message["Subject"] = t("mail.request_subject", dependencia=request.item_name, cycle=request.cycle_id)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(idstring=f"{request.cycle_id}.{request.item_id}", domain=sender.domain)
    message["X-Unsent"] = "1"
    message["X-Workflow-Cycle"] = request.cycle_id
    message["X-Workflow-Item"] = request.item_id
    message.set_content(_plain(request), charset="utf-8")
    message.add_alternative(_html(request), subtype="html", charset="utf-8")
    return message


def _lines(entries: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [(code, " ".join(name.split()), GOVCO_FICHA.format(code=code)) for code, name in entries]


def _plain(request: RequestMail) -> str:
    rows = [f"- {code}: {name}\n  {url}" for code, name, url in _lines(request.entries)]
    body = "\n".join(rows) if rows else t("mail.request_no_entries")
    return "\n\n".join([t("mail.request_greeting", dependencia=request.item_name),
                        t("mail.request_intro", cycle=request.cycle_id, count=len(request.entries)),
                        body, t("mail.request_ask"), t("mail.request_closing")]) + "\n"


def _html(request: RequestMail) -> str:
    e = html.escape
    rows = "".join(f'<li><a href="{e(url)}">{e(code)}</a>: {e(name)}</li>' for code, name, url in
                   _lines(request.entries))
    listing = f"<ul>{rows}</ul>" if rows else f"<p>{e(t('mail.request_no_entries'))}</p>"
    paragraphs = [t("mail.request_greeting", dependencia=request.item_name),
                  t("mail.request_intro", cycle=request.cycle_id, count=len(request.entries))]
    return (f'<!doctype html><html lang="{current_language()}"><head><meta charset="utf-8"><title>'
            f'{e(t("mail.request_subject", dependencia=request.item_name, cycle=request.cycle_id))}</title></head>'
            "<body>" + "".join(f"<p>{e(p)}</p>" for p in paragraphs) + listing
            + f"<p>{e(t('mail.request_ask'))}</p><p>{e(t('mail.request_closing'))}</p></body></html>\n")
