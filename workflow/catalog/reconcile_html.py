"""Activity 1's review as a page a person reads (and keeps as the activity's evidence): the five
lists of `catalog reconcile`, each a table, in one self-contained accessible HTML file."""

from __future__ import annotations

from workflow.catalog.reconcile import GOVCO_FICHA, Reconciliation
from workflow.catalog.site import document, e, link
from workflow.i18n import t

__all__ = ["reconcile_html"]


def _codes(codes: tuple[str, ...]) -> str:
    if not codes:
        return f"<p>{e(t('reconcile.none'))}</p>"
    return "<ul>" + "".join(f"<li>{link(GOVCO_FICHA.format(code=code), code)}</li>" for code in codes) + "</ul>"


def _table(caption: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    if not rows:
        return f"<p>{e(t('reconcile.none'))}</p>"
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def reconcile_html(report: Reconciliation, source: str, at: str, entity: str, cycle_id: str | None) -> str:
    intro = t("reconcile.intro", source=source, catalog=report.catalog_count, web=report.web_count, at=at)
    parts = [f"<p>{e(intro)}</p>"]
    if report.clean:
        parts.append(f"<p><strong>{e(t('cli.reconcile_clean'))}</strong></p>")
    sections = [
        ("cli.title.not_in_catalog", _codes(report.not_in_catalog), len(report.not_in_catalog)),
        ("cli.title.not_on_web", _codes(report.not_on_web), len(report.not_on_web)),
        ("cli.title.duplicated_on_web", _codes(report.duplicated_on_web), len(report.duplicated_on_web)),
        ("cli.title.name_differs", _table(t("cli.title.name_differs"), (
            t("reconcile.col.code"), t("cli.col.catalog_name"), t("cli.col.web_name")),
            [(e(d.code), e(d.catalog), e(d.web)) for d in report.name_differs]), len(report.name_differs)),
        ("cli.title.link_mismatch", _table(t("cli.title.link_mismatch"), (t("reconcile.col.code"), t("cli.col.url")),
            [(e(m.code), e(m.url) or "-") for m in report.link_mismatch]), len(report.link_mismatch)),
    ]
    parts += [f"<h2>{e(t(key))} ({count})</h2>\n{body}" for key, body, count in sections]
    footer = t("reconcile.footer_cycle", cycle=cycle_id) if cycle_id else t("reconcile.footer")
    return document(t("reconcile.title"), "\n".join(parts), entity, footer)
