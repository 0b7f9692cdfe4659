"""The items of a multi-instance activity (activity 2 asks every dependencia) and what a visit holds.

An item is done once every record its activity requires is attached for it, waived with a reason,
else pending. "This visit" is what was attached since the cycle last reached its current activity:
a cycle returned to an activity must choose its way out on what it holds now, not on what it held
the first time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workflow.core.definition import Activity
from workflow.core.records import EvidenceRow, ItemRow

PENDING = "pending"
DONE = "done"
WAIVED = "waived"
ITEM_STATES = (PENDING, DONE, WAIVED)


@dataclass(frozen=True)
class ItemStatus:
    id: str
    name: str
    group: str | None
    state: str
    reason: str | None = None


def item_states(activity: Activity, items: Iterable[ItemRow], evidence: Iterable[EvidenceRow]) -> list[ItemStatus]:
    """Each item of `activity` with its state, in the order the list gave them."""
    if activity.for_each is None:
        return []
    answered = records_by_item((row.item, row.record_id) for row in evidence if row.activity == activity.number)
    required = set(activity.records)
    return [ItemStatus(id=item.item_id, name=item.name, group=item.group_name,
                       state=item_state(required, answered.get(item.item_id), item.waived_reason is not None),
                       reason=item.waived_reason)
            for item in items if item.activity == activity.number]


def records_by_item(attached: Iterable[tuple[str | None, str]]) -> dict[str, set[str]]:
    """The records attached for each item, from (item, record) pairs (None: for the activity as a whole)."""
    answered: dict[str, set[str]] = {}
    for item, record in attached:
        if item is not None:
            answered.setdefault(item, set()).add(record)
    return answered


def item_state(required: set[str], answered: set[str] | None, waived: bool) -> str:
    """Waived (with a reason), done once every record its activity requires is attached for it, else pending."""
    if waived:
        return WAIVED
    return DONE if answered is not None and required <= answered else PENDING


def records_attached(evidence: Iterable[EvidenceRow], given: Iterable[str] = ()) -> frozenset[str]:
    """The records held by the activity, whenever attached, plus those given with the command."""
    return frozenset({row.record_id for row in evidence} | set(given))


def records_this_visit(evidence: Iterable[EvidenceRow], since: str | None,
                       given: Iterable[str] = ()) -> frozenset[str]:
    """The records attached since the cycle last reached the activity (`since`), plus those given now.
    Times are UTC text of one format, so comparing them as text orders them."""
    start = since or ""
    return frozenset({row.record_id for row in evidence if row.attached_at >= start} | set(given))


def item_label(item: str, name: str | None) -> str:
    """An item as people and scripts both know it, "ESSMAR (essmar)"; its id alone when no name is known."""
    return f"{name} ({item})" if name and name != item else item


def pending_names(statuses: Sequence[ItemStatus]) -> tuple[str, ...]:
    return tuple(status.name for status in statuses if status.state == PENDING)


def count(statuses: Sequence[ItemStatus], state: str) -> int:
    return sum(1 for status in statuses if status.state == state)
