"""A named action on a cycle's case data: who may, where, and the event that records it.

An action (`actions:` of the procedure) sets case fields without moving the cycle: assigning a request
to a dependencia, recording an extension. It is done by whoever holds the current activity's role in
one of its areas, at an activity the action allows, on a cycle that is running (not suspended, not
ended). One event, `fields.set`, names the action, the values and the reason; the replay rebuilds the
values from it. Pure, like `workflow.core.outcomes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from workflow.core import engine, events
from workflow.core.case_data import ItemsOf, check_action_values
from workflow.core.outcomes import CycleFacts, Outcome, PlannedEvent, changed
from workflow.errors import Refused

__all__ = ["act"]


def act(facts: CycleFacts, action_id: str, given: Mapping[str, str], items: ItemsOf, reason: str | None,
        expected_activity: int | None, now: str, data: Mapping[str, Any] | None = None) -> Outcome:
    """Set the fields `given` by the action `action_id`; refused with the rule named otherwise."""
    procedure = facts.procedure
    try:
        action = procedure.action(action_id)
    except KeyError:
        raise Refused("case.action_unknown", action=action_id, code=procedure.code,
                      actions=", ".join(a.id for a in procedure.actions) or "-") from None
    engine.check_may_act(facts.state, facts.context(expected_activity=expected_activity, reason=reason))
    number = facts.cycle.activity
    assert number is not None
    if action.activities and number not in action.activities:
        raise Refused("case.action_wrong_activity", action=action.id, number=number,
                      allowed=", ".join(str(n) for n in action.activities))
    if action.reason_required and not (reason and reason.strip()):
        raise Refused("engine.reason_required")
    values = check_action_values(procedure, action, given, items)
    payload = events.cycle_event(
        events.FIELDS_SET, now, facts.actor, facts.cycle, procedure, number, facts.state, facts.state,
        reason=reason.strip() if reason else None,
        data={"action": action.id, "fields": values, **(data or {})})
    outcome = changed(facts.cycle, {"updated_at": now}, [PlannedEvent(payload)])
    return replace(outcome, fields=values)
