"""The `catalog.published` event in the catalogue's replay: numbered 1, 2, ... and naming only entries
the chain made; anything else is a problem `audit verify` reports."""

from __future__ import annotations

from typing import Any

import pytest

from workflow.core.catalog.projection import PUBLISHED, CatalogReplay, CatalogUnexplained


def _published(number: int, codes: list[str]) -> dict[str, Any]:
    return {"type": PUBLISHED, "at": "2026-12-06T15:00:00Z", "actor": {"login": "marta"},
            "data": {"publication": number, "entries": len(codes), "sha256": "0" * 64, "codes": codes}}


def test_publications_follow_one_another() -> None:
    replay = CatalogReplay()
    replay.published(1, _published(1, []), "marta")
    replay.published(2, _published(2, []), "marta")
    assert replay.publications == 2
    with pytest.raises(CatalogUnexplained) as unexplained:
        replay.published(3, _published(2, []), "marta")
    assert unexplained.value.key == "audit.catalog_publication_number"


def test_a_publication_names_only_entries_the_chain_made() -> None:
    with pytest.raises(CatalogUnexplained) as unexplained:
        CatalogReplay().published(1, _published(1, ["T1"]), "marta")
    assert unexplained.value.key == "audit.catalog_unknown_entry"
