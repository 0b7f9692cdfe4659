"""Activity 4 in the system: `catalog publish --cycle ID -o DIR` publishes the catalogue.

One transaction: the `catalog.published` event (its number, the count of entries and the SHA-256 of
the snapshot, `catalogo.json`) and the informe of what changed since the previous publication,
attached as activity 4's `informe`. The folder gets the static site, the open data with its
dictionary, the informe and the snapshot; the snapshot's SHA-256 is the one in the audit chain. The
previous publication's content is rebuilt from the chain as it stood at that event, so nothing but
the chain is trusted to say what was published.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow.catalog.changes import changes_between, snapshot_bytes
from workflow.catalog.informe import informe_html
from workflow.catalog.opendata import dictionary_csv, open_data_csv
from workflow.catalog.site import Publication, render_site
from workflow.core import engine
from workflow.core import events as ev
from workflow.core.catalog import projection as proj
from workflow.core.catalog.model import Entry
from workflow.core.catalog.views import show_json
from workflow.core.replay import decode_payload
from workflow.errors import Conflict, Refused
from workflow.i18n import using_language
from workflow.service import cycles, reference
from workflow.service.context import Context
from workflow.service.generated_evidence import Generated, attach_staged, before_lock, staged_all
from workflow.service.outputs import check_outputs
from workflow.storage.atomic import write_all_atomically
from workflow.storage.store import Tx

__all__ = ["PUBLISH_ACTIVITY", "PublishResult", "publish"]

PUBLISH_ACTIVITY = 4
INFORME = "informe"
SNAPSHOT = "catalogo.json"
ENTITY = "Alcaldía Distrital de Santa Marta"
_BOOKKEEPING = ("updated_at", "audit_seq", "source_issues")


@dataclass(frozen=True)
class PublishResult:
    publication: int
    entries: int
    sha256: str
    folder: Path
    files: tuple[str, ...]
    previous: int | None

    def to_json(self) -> dict[str, Any]:
        return {"publication": self.publication, "entries": self.entries, "sha256": self.sha256,
                "folder": str(self.folder), "files": list(self.files), "previous": self.previous}


def published_entry(entry: Entry, dependencia: str | None, names: Mapping[str, str]) -> dict[str, Any]:
    """An entry as a publication shows it: its `catalog show` JSON without the bookkeeping."""
    shown = show_json(entry, dependencia, names.get(dependencia or "", dependencia), "")
    shown.pop("sha256", None)
    for key in _BOOKKEEPING:
        shown.pop(key, None)
    return shown


def _last_publication(tx: Tx) -> tuple[int, dict[str, Any]] | None:
    last = None
    for seq, payload in tx.events_of_types((proj.PUBLISHED,)):
        last = (seq, decode_payload(payload))
    return last


def _catalogue_as_of(tx: Tx, seq: int, names: Mapping[str, str]) -> list[dict[str, Any]]:
    events = [(s, decode_payload(p)) for s, p in tx.events_of_types(proj.EVENT_TYPES, seq)]
    replayed = proj.as_of(events)
    entries = replayed.entries()
    return [published_entry(entries[code], values[3], names) for code, values in sorted(replayed.rows.items())]


def _plan(ctx: Context, tx: Tx, cycle_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None, int | None,
                                                        int | None]:
    facts = cycles.load(ctx, tx, cycle_id)
    if facts.cycle.activity != PUBLISH_ACTIVITY:
        raise Refused("publish.not_activity_4", cycle=facts.cycle.id, activity=facts.cycle.activity or "-")
    engine.check_may_act(facts.state, facts.context(expected_activity=PUBLISH_ACTIVITY))
    names = {item.id: item.name for item in reference.items(tx, "dependencias") or ()}
    current = [published_entry(row.entry(), row.dependencia, names) for row in tx.catalog_rows()]
    if not current:
        raise Refused("publish.empty_catalogue")
    last = _last_publication(tx)
    if last is None:
        return current, None, None, None
    seq, body = last
    return current, _catalogue_as_of(tx, seq, names), int(body["data"]["publication"]), seq


def publish(ctx: Context, cycle_id: str, folder: Path, force: bool = False) -> PublishResult:
    names = ("index.html", "datos-abiertos.csv", "diccionario-de-datos.csv", "informe.html", SNAPSHOT)
    check_outputs(ctx.settings, [folder / name for name in names], force)
    with ctx.reading() as tx:
        current, previous, previous_number, previous_seq = _plan(ctx, tx, cycle_id)
    number = (previous_number or 0) + 1
    snapshot = snapshot_bytes(current)
    sha = hashlib.sha256(snapshot).hexdigest()
    now = ctx.now_text()
    publication = Publication(number, now, ENTITY, sha)
    with using_language("es"):  # the Alcaldía's site and records, in its language
        files = render_site(current, publication)
        changes = changes_between({e["code"]: e for e in previous} if previous is not None else None,
                                  {e["code"]: e for e in current})
        informe = informe_html(changes, publication, previous_number, cycle_id).encode("utf-8")
        files.update({"informe.html": informe, "datos-abiertos.csv": open_data_csv(current, now),
                      "diccionario-de-datos.csv": dictionary_csv(), SNAPSHOT: snapshot})
    check_outputs(ctx.settings, [folder / name for name in files if name not in names], force)
    summary = json.dumps({"publication": number, **changes.as_json()}, ensure_ascii=False)[:3000]
    generated = Generated(f"informe-publicacion-{number}.html", informe, INFORME, note=summary)
    with staged_all(ctx, [generated]) as staged, ctx.writing(before_lock(staged)) as tx:
        facts = cycles.load(ctx, tx, cycle_id)
        last = _last_publication(tx)
        if (last[0] if last else None) != previous_seq:  # someone published meanwhile
            raise Conflict("publish.published_meanwhile", cycle=cycle_id)
        actor = ctx.actor(tx)
        tx.append_event(ev.make_event(
            proj.PUBLISHED, now, actor, procedure=ev.cycle_procedure_ref(facts.cycle), cycle=facts.cycle.id,
            activity=ev.activity_ref(facts.procedure, PUBLISH_ACTIVITY),
            data={"publication": number, "entries": len(current), "sha256": sha, "previous": previous_number,
                  "codes": [e["code"] for e in current],
                  "changes": {"added": len(changes.added), "removed": len(changes.removed),
                              "changed": len(changes.changed)}}))
        attach_staged(ctx, tx, cycle_id, staged, PUBLISH_ACTIVITY)
        write_all_atomically({folder / name: data for name, data in sorted(files.items())})
    return PublishResult(number, len(current), sha, folder, tuple(sorted(files)), previous_number)
