"""Activity 1 in the system: `catalog reconcile WEBLIST` compares the web page's list with the
catalogue; with a cycle at activity 1 the report (HTML) is kept as that activity's evidence.

Activity 1 requires no record (the approved document says N/A), so the report is kept under the
record id `revision_pagina_web`, which the system makes and nobody attaches by hand: attached in one
transaction, with the same checks of who may act as `cycle attach`, and listed by `cycle show`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workflow.catalog.reconcile import Reconciliation, reconcile
from workflow.catalog.reconcile_html import reconcile_html
from workflow.catalog.weblist import MAX_WEBLIST_BYTES, parse_web_list
from workflow.core.records import EvidenceRow
from workflow.errors import NotFound, Refused
from workflow.i18n import using_language
from workflow.service import cycles
from workflow.service.context import Context
from workflow.service.generated_evidence import Generated, attach_staged, before_lock, staged_all
from workflow.service.outputs import check_output
from workflow.storage.atomic import write_atomically

__all__ = ["REVIEW_ACTIVITY", "REVIEW_RECORD", "Review", "review"]

REVIEW_ACTIVITY = 1
REVIEW_RECORD = "revision_pagina_web"
ENTITY = "Alcaldía Distrital de Santa Marta"


@dataclass(frozen=True)
class Review:
    report: Reconciliation
    html: str
    evidence: tuple[EvidenceRow, ...] = ()


def _read(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise NotFound("review.weblist_missing", path=str(path))
        if path.stat().st_size > MAX_WEBLIST_BYTES:
            raise Refused("weblist.too_large", source=str(path), limit=MAX_WEBLIST_BYTES // (1024 * 1024))
        return path.read_bytes()
    except OSError as error:
        raise Refused("review.weblist_unreadable", path=str(path), reason=error.strerror or str(error)) from None


def review(ctx: Context, weblist: Path, cycle_id: str | None = None, html_out: Path | None = None,
           force: bool = False, entity_hosts: tuple[str, ...] = ()) -> Review:
    if html_out is not None:
        check_output(ctx.settings, html_out, force)
    web = parse_web_list(_read(weblist), weblist.name)
    with ctx.reading() as tx:
        rows = tx.catalog_rows()
        if cycle_id is not None:
            facts = cycles.load(ctx, tx, cycle_id)
            if facts.cycle.activity != REVIEW_ACTIVITY:
                raise Refused("review.not_activity_1", cycle=facts.cycle.id, activity=facts.cycle.activity or "-")
    entries = [row.entry() for row in rows]
    own = {e.code: [u for u in (e.online_url, e.manual_url) if u] for e in entries}
    report = reconcile([(e.code, e.name) for e in entries], web, own, entity_hosts)
    with using_language("es"):  # the Alcaldía's record, in its language
        page = reconcile_html(report, weblist.name, ctx.now_text(), ENTITY, cycle_id)
    if html_out is not None:
        write_atomically(html_out, page.encode("utf-8"))
    if cycle_id is None:
        return Review(report, page)
    note = _summary(report)
    generated = Generated(f"revision-pagina-web-{ctx.now_text()[:10]}.html", page.encode("utf-8"), REVIEW_RECORD,
                          note=note, system_record=True)
    with staged_all(ctx, [generated]) as staged, ctx.writing(before_lock(staged)) as tx:
        facts = cycles.load(ctx, tx, cycle_id)
        if facts.cycle.activity != REVIEW_ACTIVITY:
            raise Refused("review.not_activity_1", cycle=facts.cycle.id, activity=facts.cycle.activity or "-")
        written = attach_staged(ctx, tx, cycle_id, staged, REVIEW_ACTIVITY)
    return Review(report, page, tuple(written))


def _summary(report: Reconciliation) -> str:
    return (f"not_in_catalog={len(report.not_in_catalog)} not_on_web={len(report.not_on_web)} "
            f"duplicated_on_web={len(report.duplicated_on_web)} name_differs={len(report.name_differs)} "
            f"link_mismatch={len(report.link_mismatch)}")
