"""Activity 4's informe: what this publication changed since the last one, per dependencia and per
trámite (added, removed, and each changed field with its value before and after). Pure HTML, framed
like the site's pages, so that it is as accessible as they are.
"""

from __future__ import annotations

import json
from typing import Any

from workflow.catalog.changes import Changes, EntryChange
from workflow.catalog.site import Publication, e, page
from workflow.i18n import t

__all__ = ["informe_html"]

_SHOWN_CHARS = 400  # a long field (a purpose, a list of steps) is cut in the informe, whole in the site


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return t("site.not_stated")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def _change(kind: str, change: EntryChange) -> str:
    head = (f'<h3><span class="{e(kind)}">{e(t(_KINDS[kind]))}</span>: {e(change.name)} '
            f"({e(change.code)})</h3>")
    if not change.fields:
        return head
    rows = "".join(f"<tr><th scope=\"row\">{e(t(_FIELDS[f.field]) if f.field in _FIELDS else f.field)}</th>"
                   f"<td>{e(_value(f.before))}</td><td>{e(_value(f.after))}</td></tr>" for f in change.fields)
    caption = t("informe.fields_caption", code=change.code)
    return (f"{head}\n<table><caption>{e(caption)}</caption><colgroup><col class=\"field\"><col><col></colgroup>"
            f"<thead><tr><th scope=\"col\">{e(t('informe.field'))}</th>"
            f"<th scope=\"col\">{e(t('informe.before'))}</th><th scope=\"col\">{e(t('informe.after'))}</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


_FIELDS = {name: f"informe.field.{name}" for name in (
    "name", "purpose", "result", "modality", "online_url", "time", "cost", "dependencia", "legal_basis", "steps",
    "service_points", "kind", "audiences", "status", "dependencia_name", "standardised_name", "manual_url",
    "keywords", "accounts", "follow_up", "suit_status", "result_channels", "suit_number")}
_KINDS = {"added": "informe.kind.added", "changed": "informe.kind.changed", "removed": "informe.kind.removed"}


def informe_html(changes: Changes, publication: Publication, previous: int | None, cycle_id: str) -> str:
    summary = t("informe.summary", added=len(changes.added), removed=len(changes.removed),
                changed=len(changes.changed))
    since = t("informe.since_first") if previous is None else t("informe.since", previous=previous)
    parts = [f"<p>{e(t('informe.intro', number=publication.number, cycle=cycle_id))} {e(since)}</p>",
             f"<p><strong>{e(summary)}</strong></p>"]
    if changes.empty:
        parts.append(f"<p>{e(t('informe.nothing'))}</p>")
    for dependencia, items in changes.by_dependencia():
        parts.append(f"<h2>{e(dependencia or t('site.unassigned'))}</h2>")
        parts.extend(_change(kind, change) for kind, change in items)
    return page(t("informe.title", number=publication.number), "\n".join(parts), publication)
