"""How the catalogue's review, mail and publication results look in a terminal (rich tables, every
text shown literally through `render.plain`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from workflow.cli.render import out, plain
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.catalog.reconcile import Reconciliation
    from workflow.service.catalog_mail import MailImport

_WHY = {"unknown_sender": "mail.why.unknown_sender", "ambiguous": "mail.why.ambiguous",
        "no_sender": "mail.why.no_sender", "too_large": "mail.why.too_large", "unreadable": "mail.why.unreadable",
        "not_pending": "mail.why.not_pending"}


def why_text(why: str) -> str:
    return t(_WHY[why]) if why in _WHY else why


def mail_import(result: MailImport) -> None:
    out.print(plain(t("cli.mail_imported", attached=len(result.attached), unmatched=len(result.unmatched),
                      duplicates=result.duplicates)))
    if result.attached:
        table = Table(title=t("cli.title.mail_attached"))
        for column in ("cli.col.item", "cli.col.message_id", "cli.col.file"):
            table.add_column(t(column))
        for row in result.attached:
            table.add_row(plain(row["item"]), plain(row["message_id"]), plain(row["file"]))
        out.print(table)
    if result.unmatched:
        table = Table(title=t("cli.title.mail_unmatched"))
        for column in ("cli.col.file", "cli.col.from", "cli.col.why"):
            table.add_column(t(column))
        for row in result.unmatched:
            table.add_row(plain(row["file"]), plain(row["from"] or "-"), plain(why_text(row["why"])))
        out.print(table)


def reconciliation(report: Reconciliation) -> None:
    out.print(plain(t("cli.reconcile_summary", catalog=report.catalog_count, web=report.web_count)))
    if report.clean:
        out.print(plain(t("cli.reconcile_clean")))
        return
    for key, codes in (("cli.title.not_in_catalog", report.not_in_catalog), ("cli.title.not_on_web",
                       report.not_on_web), ("cli.title.duplicated_on_web", report.duplicated_on_web)):
        if codes:
            out.print(plain(f"{t(key)} ({len(codes)}): " + ", ".join(codes)), soft_wrap=True)
    if report.name_differs:
        table = Table(title=t("cli.title.name_differs"))
        for column in ("cli.col.code", "cli.col.catalog_name", "cli.col.web_name"):
            table.add_column(t(column))
        for diff in report.name_differs:
            table.add_row(plain(diff.code), plain(diff.catalog), plain(diff.web))
        out.print(table)
    if report.link_mismatch:
        table = Table(title=t("cli.title.link_mismatch"))
        for column in ("cli.col.code", "cli.col.url"):
            table.add_column(t(column))
        for link in report.link_mismatch:
            table.add_row(plain(link.code), plain(link.url or "-"))
        out.print(table)
