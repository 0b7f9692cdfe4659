"""Item lists: the organisation data a multi-instance activity runs over (the Alcaldía's dependencias).

The process owner keeps each list in its own YAML file under `procedures/data/`: its `id:` (what
procedures name in `for_each`) and its `items:`, in the simplest shape that reads well: either a list
of names, or groups of names (the shape of the Alcaldía's list: secretarías, direcciones y oficinas,
...). Each item gets a stable id derived from its name (`Secretaría de Hacienda` ->
`secretaria-de-hacienda`) that staff type with `--item`. An item may instead be a mapping with its
`name:` and `emails:` (the addresses that answer for it, which `mail requests` writes to and `mail
import` matches answers by): only real addresses that public sources give, never invented ones.
Texts published before lists declared their id (a bare list, or groups at the top) are still read,
so that databases holding them keep working; publishing a file needs the id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workflow.core.yaml_positions import parse
from workflow.errors import DefinitionInvalid, Message, Problem


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    group: str | None = None
    emails: tuple[str, ...] = ()  # lowercased, as given in the list


_ITEM_KEYS = ("name", "emails")
# An address as mail programs take it: no spaces, one @, a dotted domain. What it delivers to is the
# process owner's to know; this catches typing mistakes (a missing @, a comma, a name pasted in).
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def item_id(name: str) -> str:
    """A stable, typeable id for a name: no accents, lowercase, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def parse_item_list(text: str, path: str) -> tuple[Item, ...]:
    """The items of a list (with its `id:`, or as stored before lists declared one), or every problem at
    once (PATH:LINE:COL). Requiring the `id:` is the publisher's (`workflow.core.reference_ids`)."""
    parsed = parse(text)
    problems = [Problem(path, line, column, message) for (line, column), message in parsed.problems]
    items: list[Item] = []
    seen: dict[str, int] = {}

    def emails_of(value: dict[object, object], where: tuple[object, ...]) -> tuple[str, ...] | None:
        for key in value:
            if key not in _ITEM_KEYS:
                spot = (*where, key)
                line, column = parsed.key_positions.get(spot) or parsed.position(spot)  # type: ignore[arg-type]
                problems.append(Problem(path, line, column, Message("itemlist.item_unknown_key", {"key": key})))
                return None
        emails = value.get("emails", [])
        if not isinstance(emails, list):
            line, column = parsed.position((*where, "emails"))  # type: ignore[arg-type]
            problems.append(Problem(path, line, column, Message("itemlist.emails_not_list")))
            return None
        found: list[str] = []
        for index, address in enumerate(emails):
            if not isinstance(address, str) or not _ADDRESS.match(address.strip()):
                line, column = parsed.position((*where, "emails", index))  # type: ignore[arg-type]
                problems.append(Problem(path, line, column, Message("itemlist.bad_email", {"value": address})))
                return None
            found.append(address.strip().lower())
        return tuple(dict.fromkeys(found))

    def add(name: object, where: tuple[object, ...], group: str | None) -> None:
        line, column = parsed.position(where)  # type: ignore[arg-type]
        emails: tuple[str, ...] = ()
        if isinstance(name, dict):
            found = emails_of(name, where)
            if found is None:
                return
            emails, name = found, name.get("name")
        if not isinstance(name, str) or not name.strip() or not item_id(name):
            problems.append(Problem(path, line, column, Message("itemlist.bad_item")))
            return
        ident = item_id(name)
        if ident in seen:
            problems.append(Problem(path, line, column, Message("itemlist.duplicate", {
                "name": name.strip(), "line": seen[ident]})))
            return
        seen[ident] = line
        items.append(Item(id=ident, name=name.strip(), group=group, emails=emails))

    def add_all(value: object, where: tuple[str, ...]) -> None:
        if isinstance(value, list):
            for index, name in enumerate(value):
                add(name, (*where, index), None)
        elif isinstance(value, dict):
            for group, names in value.items():
                if not isinstance(names, list):
                    line, column = parsed.position((*where, group))
                    problems.append(Problem(path, line, column, Message("itemlist.group_not_list",
                                                                        {"group": group})))
                    continue
                for index, name in enumerate(names):
                    add(name, (*where, group, index), str(group))
        elif not parsed.is_blocked(where):
            line, column = parsed.position(where)
            key = "itemlist.empty" if value is None else "itemlist.shape"
            problems.append(Problem(path, line, column, Message(key)))

    value = parsed.value
    if parsed.empty or value is None:
        problems.append(Problem(path, 1, 1, Message("itemlist.empty")))
    elif isinstance(value, dict) and "id" in value:
        for key in value:
            if key not in ("id", "items"):
                line, column = parsed.key_positions.get((key,)) or parsed.position((key,))
                problems.append(Problem(path, line, column, Message("itemlist.unknown_key", {"key": key})))
        if "items" not in value:
            problems.append(Problem(path, 1, 1, Message("itemlist.items_missing")))
        else:
            add_all(value["items"], ("items",))
    elif isinstance(value, list | dict):
        add_all(value, ())  # as published before lists declared their id
    elif not parsed.problems:
        problems.append(Problem(path, 1, 1, Message("itemlist.shape")))
    if problems:
        raise DefinitionInvalid(sorted(problems, key=lambda p: (p.line, p.column)))
    if not items:
        raise DefinitionInvalid([Problem(path, 1, 1, Message("itemlist.empty"))])
    return tuple(items)
