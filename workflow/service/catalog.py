"""The trámites catalogue's use cases: import, assign, read, check, compare. Each writing command is one
transaction whose events (`workflow.core.catalog.projection`) are appended before the rows they explain.

Who may write: registered staff of a procedure (a role in an area) or an administrator; with a cycle
(`--cycle`), the staff of that cycle's current activity, and the events then name the cycle and its
activity, so the changes made during a cycle can be found in its trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workflow.core import events as ev
from workflow.core import guards, states
from workflow.core.catalog import projection as proj
from workflow.core.catalog.diff import CatalogueDiff, diff_catalogues, diff_entries
from workflow.core.catalog.matching import match_dependencia
from workflow.core.catalog.model import Entry, canonical_json, entry_json, sha256_text
from workflow.core.catalog.projection import CatalogRow
from workflow.core.catalog.rules import Finding, check
from workflow.core.guards import Actor
from workflow.core.itemlists import Item
from workflow.core.replay import decode_payload
from workflow.errors import NotFound, Refused, UsageError
from workflow.service import reference
from workflow.service.catalog_files import read_entries
from workflow.service.context import Context
from workflow.storage.store import Tx

DEPENDENCIAS = "dependencias"  # the item list whose items are the responsible dependencias
DRAFT = "draft"


@dataclass(frozen=True)
class ImportResult:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    assigned: tuple[str, ...]  # dependencias matched from the records' service points

    def to_json(self) -> dict[str, Any]:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "codes": sorted(self.added + self.changed + self.unchanged),
                "added_codes": list(self.added), "changed_codes": list(self.changed),
                "assigned_codes": list(self.assigned)}


@dataclass(frozen=True)
class Writer:
    """Who writes, and the cycle (and activity) the events name, if any."""

    actor: Actor
    now: str
    cycle: dict[str, Any] | None = None

    def event(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        if self.cycle is None:
            return ev.make_event(kind, self.now, self.actor, data=data)
        return ev.make_event(kind, self.now, self.actor, data=data, **self.cycle)


def import_file(ctx: Context, path: Path, cycle_id: str | None = None) -> ImportResult:
    """Read SUIT viewer JSON or the template (every problem refuses the whole file), then record what is
    new or changed, one event per entry, and assign the dependencias the records name unambiguously."""
    entries, source = read_entries(path)
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    assigned: list[str] = []
    with ctx.writing() as tx:
        writer = writer_for(ctx, tx, cycle_id)
        items = reference.items(tx, DEPENDENCIAS) or ()
        stored = {r.code: r for r in tx.catalog_rows()}  # one query, not one per entry
        for entry in entries:
            document = entry_json(entry)
            text = canonical_json(document)
            sha = sha256_text(text)
            row = stored.get(entry.code)
            exists = row is not None
            if row is None:
                link = tx.append_event(writer.event(proj.ENTRY_ADDED, proj.added_data(entry, sha, source,
                                                                                      document)))
                row = CatalogRow(code=entry.code, name=entry.name, sha256=sha, content=text,
                                 dependencia=None, created_at=writer.now, updated_at=writer.now,
                                 updated_by=writer.actor.login, audit_seq=link.seq)
                added.append(entry.code)
            elif row.sha256 != sha:
                changes = diff_entries(row.entry(), entry)
                link = tx.append_event(writer.event(proj.ENTRY_CHANGED, proj.changed_data(
                    entry, sha, row.sha256, changes, source, document)))
                row = replace(row, name=entry.name, sha256=sha, content=text, updated_at=writer.now,
                              updated_by=writer.actor.login, audit_seq=link.seq)
                changed.append(entry.code)
            else:
                unchanged.append(entry.code)
                continue
            if row.dependencia is None and (match := match_dependencia(entry, items)) is not None:
                row = _assigned(tx, writer, row, match, proj.MATCHED)
                assigned.append(entry.code)
            tx.save_catalog_row(row, exists=exists)  # once, as the entry's last event leaves it
            stored[entry.code] = row
    return ImportResult(tuple(added), tuple(changed), tuple(unchanged), tuple(assigned))


def assign(ctx: Context, code: str, dependencia: str, cycle_id: str | None = None) -> CatalogRow:
    """Make `dependencia` (an item id of the published list) responsible for an entry; audited."""
    with ctx.writing() as tx:
        writer = writer_for(ctx, tx, cycle_id)
        row = _row(tx, code)
        items = reference.items(tx, DEPENDENCIAS)
        if items is None:
            raise Refused("catalog.no_dependencias", list=DEPENDENCIAS)
        wanted = dependencia.strip()
        item = next((i for i in items if wanted in (i.id, i.name)), None)
        if item is None:
            raise NotFound("catalog.unknown_dependencia", dependencia=dependencia, list=DEPENDENCIAS,
                           known=", ".join(i.id for i in items))
        if row.dependencia == item.id:
            return row
        return _assign(tx, writer, row, item, proj.ASSIGNED)


def _assign(tx: Tx, writer: Writer, row: CatalogRow, item: Item, how: str) -> CatalogRow:
    updated = _assigned(tx, writer, row, item, how)
    tx.save_catalog_row(updated, exists=True)
    return updated


def _assigned(tx: Tx, writer: Writer, row: CatalogRow, item: Item, how: str) -> CatalogRow:
    """The assignment's event, and the row it implies (not saved)."""
    link = tx.append_event(writer.event(proj.ENTRY_ASSIGNED, proj.assigned_data(
        row.code, item.id, item.name, row.dependencia, how)))
    return replace(row, dependencia=item.id, updated_at=writer.now, updated_by=writer.actor.login,
                   audit_seq=link.seq)


def writer_for(ctx: Context, tx: Tx, cycle_id: str | None) -> Writer:
    """Who may write the catalogue in this transaction (refused otherwise), and what its events name:
    registered staff of a procedure or an administrator; with a cycle, the staff of its current activity,
    and the events name the cycle and that activity. For every catalogue command (publication too)."""
    actor = ctx.actor(tx)
    if not actor.registered:
        raise Refused("engine.actor_not_registered", login=actor.login)
    if cycle_id is None:
        if not actor.is_admin and (actor.role is None or actor.area is None):
            raise Refused("catalog.not_staff", login=actor.login)
        return Writer(actor, ctx.now_text())
    cycle = ctx.cycle_row(tx, cycle_id)
    if cycle.state != states.ACTIVE or cycle.activity is None:
        raise Refused("catalog.cycle_not_active", cycle=cycle.id)
    procedure = ctx.definitions.of_cycle(tx, cycle)
    blocked = guards.actor_holds_role(guards.StepContext(procedure=procedure,
                                                         activity=procedure.activity(cycle.activity), actor=actor))
    if blocked is not None:
        raise Refused(blocked.message)
    return Writer(actor, ctx.now_text(), {"procedure": ev.cycle_procedure_ref(cycle), "cycle": cycle.id,
                                           "activity": ev.activity_ref(procedure, cycle.activity)})


# -- reading --------------------------------------------------------------------------------------------

def _row(tx: Tx, code: str) -> CatalogRow:
    wanted = code.strip().upper()
    row = tx.catalog_row(wanted)
    if row is None and wanted.isdigit():  # the bare SUIT number
        row = tx.catalog_row(f"T{wanted}")
    if row is None:
        raise NotFound("catalog.unknown_entry", code=code)
    return row


def rows(ctx: Context, dependencia: str | None = None) -> list[CatalogRow]:
    with ctx.reading() as tx:
        return tx.catalog_rows(dependencia)


def row(ctx: Context, code: str) -> CatalogRow:
    with ctx.reading() as tx:
        return _row(tx, code)


def dependencia_names(ctx: Context) -> dict[str, str]:
    with ctx.reading() as tx:
        return {i.id: i.name for i in reference.items(tx, DEPENDENCIAS) or ()}


def findings(ctx: Context) -> list[Finding]:
    return check([(r.entry(), r.dependencia) for r in rows(ctx)])


def _publications(tx: Tx) -> dict[int, int]:
    """Publication number -> the seq of its `catalog.published` event."""
    found: dict[int, int] = {}
    for seq, payload in tx.events_of_types((proj.PUBLISHED,)):
        found[int(decode_payload(payload)["data"]["publication"])] = seq
    return found


def _point_seq(tx: Tx, point: str) -> int:
    """A point of the catalogue's history as an audit seq: `N` is publication N (CONTRACT: `--from
    PUBLICATION`), `@N` the catalogue as it stood after audit event N."""
    text = point.strip()
    number = text[1:] if text.startswith("@") else text
    if not number.isdigit():
        raise UsageError("catalog.diff_bad_point", value=point)
    if text.startswith("@"):
        return int(number)
    publications = _publications(tx)
    if int(number) not in publications:
        raise UsageError("catalog.no_publication", value=point,
                         known=", ".join(str(n) for n in sorted(publications)) or "-")
    return publications[int(number)]


def _as_of(tx: Tx, seq: int) -> dict[str, Entry]:
    events = [(s, decode_payload(payload)) for s, payload in tx.events_of_types(proj.EVENT_TYPES, seq)]
    return proj.as_of(events).entries()


def catalogue_at(ctx: Context, point: str | None) -> dict[str, Entry]:
    """The catalogue now (`draft`, or None), as a publication left it (`N`), or after audit event `@N`."""
    if point is None or point.strip().lower() == DRAFT:
        return {r.code: r.entry() for r in rows(ctx)}
    with ctx.reading() as tx:
        return _as_of(tx, _point_seq(tx, point))


def diff(ctx: Context, since: str | None, until: str | None) -> CatalogueDiff:
    """What changed from `since` to `until` (points as `catalogue_at` reads them). Without `since`: from
    the last publication, or from the empty catalogue when nothing was published yet."""
    if since is None:
        with ctx.reading() as tx:
            publications = _publications(tx)
            old = _as_of(tx, publications[max(publications)]) if publications else {}
    else:
        old = catalogue_at(ctx, since)
    return diff_catalogues(old, catalogue_at(ctx, until))


def changed_in_cycle(ctx: Context, cycle_id: str) -> list[str]:
    """The codes of the entries that the catalogue events of a cycle added, changed or assigned."""
    with ctx.reading() as tx:
        cycle = ctx.cycle_row(tx, cycle_id)
        found = [decode_payload(e.payload) for e in tx.events(cycle.id) if e.type in proj.EVENT_TYPES]
    return list(dict.fromkeys(str(body["data"]["code"]) for body in found))


def entries_of(ctx: Context, codes: Iterable[str] | None) -> list[tuple[Entry, str | None]]:
    """Entries with their dependencia's name: the given codes, in that order, or all (None)."""
    names = dependencia_names(ctx)
    with ctx.reading() as tx:
        found = tx.catalog_rows() if codes is None else [_row(tx, c) for c in codes]
    return [(r.entry(), names.get(r.dependencia or "", r.dependencia)) for r in found]

