"""The catalogue's event types, apart from the model: `workflow.core.events` names every event type on
every command's import path, and must not load the entry model (pydantic) to do it."""

from __future__ import annotations

ENTRY_ADDED = "catalog.entry_added"
ENTRY_CHANGED = "catalog.entry_changed"
ENTRY_ASSIGNED = "catalog.entry_assigned"
PUBLISHED = "catalog.published"  # `catalog publish` (workflow.service.catalog_publish): changes no row
EVENT_TYPES = (ENTRY_ADDED, ENTRY_CHANGED, ENTRY_ASSIGNED, PUBLISHED)
