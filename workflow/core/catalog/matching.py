"""Which dependencia of the published list is responsible for an entry, when the record says so plainly.

The record names its service points and follow-up places (`Secretaría de Planeación`, `Dadsa.
(Departamento distrital de ...)`). A dependencia matches a name when its own name appears in it as whole
words (accents, case and punctuation aside); a one-word name in capitals (an acronym such as `DADSA`)
matches that word. An entry whose names match exactly one dependencia is assigned to it; none or several
leave it unassigned, for `catalog assign` (never a guess).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from workflow.core.catalog.model import Entry
from workflow.core.itemlists import Item


@lru_cache(maxsize=8192)  # the list's few dozen names are compared with every entry's names
def plain(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: what two spellings of a name share."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _matches(item: Item, names: Iterable[str]) -> bool:
    wanted = plain(item.name)
    if not wanted:
        return False
    return any(f" {wanted} " in f" {plain(name)} " for name in names)


def match_dependencia(entry: Entry, items: Iterable[Item]) -> Item | None:
    names = [p.name for p in entry.service_points if p.name] + list(entry.follow_up.places)
    found = {item.id: item for item in items if _matches(item, names)}
    return next(iter(found.values())) if len(found) == 1 else None
