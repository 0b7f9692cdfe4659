"""Item lists: the organisation data a multi-instance activity runs over (the Alcaldía's dependencias).

The process owner keeps each list in its own YAML file under `procedures/data/`, in the simplest
shape that reads well: either a list of names, or groups of names (the shape of the Alcaldía's
list: secretarías, direcciones y oficinas, ...). Each item gets a stable id derived from its name
(`Secretaría de Hacienda` -> `secretaria-de-hacienda`) that staff type with `--item`.
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


def item_id(name: str) -> str:
    """A stable, typeable id for a name: no accents, lowercase, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def parse_item_list(text: str, path: str) -> tuple[Item, ...]:
    """The items of a list file, or every problem at once (PATH:LINE:COL)."""
    parsed = parse(text)
    problems = [Problem(path, line, column, message) for (line, column), message in parsed.problems]
    items: list[Item] = []
    seen: dict[str, int] = {}

    def add(name: object, where: tuple[object, ...], group: str | None) -> None:
        line, column = parsed.position(where)  # type: ignore[arg-type]
        if not isinstance(name, str) or not name.strip() or not item_id(name):
            problems.append(Problem(path, line, column, Message("itemlist.bad_item")))
            return
        ident = item_id(name)
        if ident in seen:
            problems.append(Problem(path, line, column, Message("itemlist.duplicate", {
                "name": name.strip(), "line": seen[ident]})))
            return
        seen[ident] = line
        items.append(Item(id=ident, name=name.strip(), group=group))

    value = parsed.value
    if parsed.empty or value is None:
        problems.append(Problem(path, 1, 1, Message("itemlist.empty")))
    elif isinstance(value, list):
        for index, name in enumerate(value):
            add(name, (index,), None)
    elif isinstance(value, dict):
        for group, names in value.items():
            if not isinstance(names, list):
                line, column = parsed.position((group,))
                problems.append(Problem(path, line, column, Message("itemlist.group_not_list", {"group": group})))
                continue
            for index, name in enumerate(names):
                add(name, (group, index), str(group))
    elif not parsed.problems:
        problems.append(Problem(path, 1, 1, Message("itemlist.shape")))
    if problems:
        raise DefinitionInvalid(problems)
    if not items:
        raise DefinitionInvalid([Problem(path, 1, 1, Message("itemlist.empty"))])
    return tuple(items)
