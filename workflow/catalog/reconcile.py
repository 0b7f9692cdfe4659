"""Activity 1's review: the web page's list of trámites against the catalogue.

A pure function over the catalogue's (code, name) pairs and the web list. It reports what a reviewer
would fix on the page: entries the catalogue does not have, catalogue entries the page lacks, entries
listed twice, names that differ (beyond case, accents and spacing: both shown), and links that point
neither to the entry's GOV.CO ficha nor to one of the entity's own pages for it. Every list is sorted
by code (as text, the order `sorted` gives), so that two runs over the same inputs give the same report.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from workflow.catalog.weblist import WebEntry, normalise_code

__all__ = ["GOVCO_FICHA", "NameDifference", "Reconciliation", "comparable_name", "is_own_link", "reconcile"]

GOVCO_FICHA = "https://www.gov.co/ficha-tramites-y-servicios/{code}"
_GOVCO_HOSTS = frozenset({"www.gov.co", "gov.co"})
_GOVCO_PATH = re.compile(r"^/ficha-tramites-y-servicios/([A-Za-z0-9]+)/?$")


@dataclass(frozen=True)
class NameDifference:
    code: str
    catalog: str
    web: str


@dataclass(frozen=True)
class LinkMismatch:
    code: str
    url: str


@dataclass(frozen=True)
class Reconciliation:
    not_in_catalog: tuple[str, ...] = ()
    not_on_web: tuple[str, ...] = ()
    duplicated_on_web: tuple[str, ...] = ()
    name_differs: tuple[NameDifference, ...] = ()
    link_mismatch: tuple[LinkMismatch, ...] = ()
    catalog_count: int = 0
    web_count: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.not_in_catalog or self.not_on_web or self.duplicated_on_web or self.name_differs
                    or self.link_mismatch)

    def as_json(self) -> dict[str, Any]:
        return {
            "not_in_catalog": list(self.not_in_catalog),
            "not_on_web": list(self.not_on_web),
            "duplicated_on_web": list(self.duplicated_on_web),
            "name_differs": [{"code": d.code, "catalog": d.catalog, "web": d.web} for d in self.name_differs],
            "link_mismatch": [{"code": m.code, "url": m.url} for m in self.link_mismatch],
        }


def comparable_name(name: str) -> str:
    """A name as the review compares it: without accents, case or differences of spacing."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def is_own_link(url: str, code: str, own_pages: Iterable[str] = (), entity_hosts: Iterable[str] = ()) -> bool:
    """Does `url` point to the entry's GOV.CO ficha, to one of its known own pages, or to a page of
    the entity's site that names the code?"""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    match = _GOVCO_PATH.match(parts.path)
    if host in _GOVCO_HOSTS and match is not None:
        return normalise_code(match.group(1)) == code
    wanted = {_plain_url(page) for page in own_pages if page}
    if _plain_url(url) in wanted:
        return True
    hosts = {h.lower().removeprefix("www.") for h in entity_hosts}
    return host.removeprefix("www.") in hosts and re.search(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![0-9])",
                                                             parts.path + "?" + parts.query, re.IGNORECASE) is not None


def _plain_url(url: str) -> str:
    return url.strip().rstrip("/").lower().removeprefix("https://").removeprefix("http://").removeprefix("www.")


def reconcile(catalog: Iterable[tuple[str, str]], web: Sequence[WebEntry],
              own_pages: Mapping[str, Sequence[str]] | None = None,
              entity_hosts: Iterable[str] = ()) -> Reconciliation:
    names = {normalise_code(code): name for code, name in catalog}
    counts = Counter(entry.code for entry in web)
    hosts = tuple(entity_hosts)
    differs: set[NameDifference] = set()
    links: set[LinkMismatch] = set()
    for entry in web:
        known = names.get(entry.code)
        if known is not None and entry.name and comparable_name(known) != comparable_name(entry.name):
            differs.add(NameDifference(entry.code, known, entry.name))
        if not is_own_link(entry.url, entry.code, (own_pages or {}).get(entry.code, ()), hosts):
            links.add(LinkMismatch(entry.code, entry.url))
    return Reconciliation(
        not_in_catalog=tuple(sorted({c for c in counts if c not in names})),
        not_on_web=tuple(sorted(c for c in names if c not in counts)),
        duplicated_on_web=tuple(sorted((c for c, n in counts.items() if n > 1))),
        name_differs=tuple(sorted(differs, key=lambda d: (d.code, d.web))),
        link_mismatch=tuple(sorted(links, key=lambda m: (m.code, m.url))),
        catalog_count=len(names), web_count=len(web))
