"""Reference data procedures refer to by id: item lists (`procedures/data/*.yaml`) and calendars of
local non-working days (`procedures/calendars/*.yaml`), each declaring its id inside (`id:`), never
by its file name. Published into the database like procedures (text, SHA-256, who, when, audited), so
that every workstation and every cycle sees the same data, and a cycle keeps the items it started
with. A procedure version may be published only once the lists and calendar it names are."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.core import events as ev
from workflow.errors import DefinitionInvalid, Message, Problem, Refused, UsageError
from workflow.storage.store import ReferenceRow

if TYPE_CHECKING:
    from workflow.core.calendar import BusinessCalendar
    from workflow.core.definition import Procedure
    from workflow.core.guards import Actor
    from workflow.core.itemlists import Item
    from workflow.storage.store import Tx

ITEM_LIST = "item_list"
CALENDAR = "calendar"
FOLDERS = {ITEM_LIST: "data", CALENDAR: "calendars"}
KIND_NAMES = {"list": ITEM_LIST, "calendar": CALENDAR, ITEM_LIST: ITEM_LIST}


@dataclass(frozen=True)
class ReferenceFile:
    kind: str
    name: str
    text: str
    sha256: str
    path: str


def read_reference(path: Path, kind: str) -> ReferenceFile:
    """Read and validate one reference file; its name is the `id:` it declares."""
    # The parsers (YAML, the holidays package) only where a file is read: a read command needs none.
    from workflow.core.calendar import load_local_days
    from workflow.core.itemlists import parse_item_list
    from workflow.core.loading import read_definition_text
    from workflow.core.reference_ids import declared_id

    if kind not in KIND_NAMES:
        raise UsageError("reference.bad_kind", kind=kind)
    kind = KIND_NAMES[kind]
    text = read_definition_text(path)  # refuses pipes, devices and oversized files before reading
    check = parse_item_list if kind == ITEM_LIST else load_local_days
    problems: list[Problem] = []
    try:
        check(text, str(path))
    except DefinitionInvalid as invalid:
        problems += invalid.problems
    name, id_problems = declared_id(text, str(path), Message(f"reference.kind.{kind}"))
    problems += id_problems
    if problems or name is None:
        raise DefinitionInvalid(sorted(problems, key=lambda p: (p.line, p.column)))
    return ReferenceFile(kind=kind, name=name, text=text, path=str(path),
                         sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def folder_references(procedures: Path) -> list[ReferenceFile]:
    """Every reference file beside the procedures, all validated (every problem reported at once)."""
    found: list[ReferenceFile] = []
    problems: list[Problem] = []
    for kind, folder in FOLDERS.items():
        for path in sorted((procedures / folder).glob("*.yaml")):
            try:
                found.append(read_reference(path, kind))
            except DefinitionInvalid as invalid:
                problems.extend(invalid.problems)
    first: dict[tuple[str, str], ReferenceFile] = {}
    for reference in found:
        other = first.setdefault((reference.kind, reference.name), reference)
        if other is not reference:
            problems.append(Problem(reference.path, 1, 1, Message("reference.duplicate_id", {
                "id": reference.name, "other": other.path})))
    if problems:
        raise DefinitionInvalid(problems)
    return found


def require_named(tx: Tx, procedure: Procedure) -> None:
    """Refuse a version naming a list or a calendar that is not published: its activities would run
    over no items, its terms would silently ignore the local days."""
    lists = [il.id for il in procedure.item_lists if tx.reference(ITEM_LIST, il.id) is None]
    calendar = procedure.calendar if procedure.calendar and tx.reference(CALENDAR, procedure.calendar) is None else None
    if not lists and calendar is None:
        return
    missing = "both" if lists and calendar else "lists" if lists else "calendar"
    raise Refused(f"reference.unpublished_{missing}", code=procedure.code, version=procedure.version,
                  lists=", ".join(lists), calendar=calendar or "")


def publish(tx: Tx, reference: ReferenceFile, actor: Actor, now: str) -> bool:
    """Store this content as the current version of the list or calendar; False if it already is."""
    current = tx.reference(reference.kind, reference.name)
    if current is not None and current.sha256 == reference.sha256:
        return False
    link = tx.append_event(ev.make_event(ev.REFERENCE_PUBLISHED, now, actor, data={
        "kind": reference.kind, "name": reference.name, "sha256": reference.sha256,
        "source": Path(reference.path).name}))
    tx.insert_reference(ReferenceRow(kind=reference.kind, name=reference.name, sha256=reference.sha256,
                                     text=reference.text, published_at=now, published_by=actor.login,
                                     audit_seq=link.seq))
    return True


@lru_cache(maxsize=32)
def _items_of(text: str, name: str) -> tuple[Item, ...]:
    from workflow.core.itemlists import parse_item_list

    return parse_item_list(text, name)


def items(tx: Tx, list_id: str) -> tuple[Item, ...] | None:
    row = tx.reference(ITEM_LIST, list_id)
    return _items_of(row.text, list_id) if row else None


@lru_cache(maxsize=32)
def _calendar_of(text: str | None, name: str) -> BusinessCalendar:
    from workflow.core.calendar import BusinessCalendar, load_local_days

    local = load_local_days(text, name) if text else ()
    return BusinessCalendar(local_days=local)


def calendar(tx: Tx, name: str | None) -> BusinessCalendar:
    """Colombia's calendar plus the named local days (if published)."""
    row = tx.reference(CALENDAR, name) if name else None
    return _calendar_of(row.text if row else None, name or "CO")
