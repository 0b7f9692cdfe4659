"""The one vocabulary of cycle states: the names the machine uses and how they map to table columns.

A cycle row keeps a lifecycle (`active`, `suspended`, `completed`, `cancelled`) and its current
activity; the machine names the same facts in one string: `activity_N`, `suspended_N`, `completed`,
`cancelled`. Everything that reads or writes a state name (engine, diagrams, screens, exports) goes
through this module, so the spelling lives in one place.
"""

from __future__ import annotations

from workflow.errors import Message

ACTIVE = "active"
SUSPENDED = "suspended"
COMPLETED = "completed"
CANCELLED = "cancelled"
LIFECYCLES = (ACTIVE, SUSPENDED, COMPLETED, CANCELLED)
TERMINAL_STATES = frozenset({COMPLETED, CANCELLED})

_ACTIVITY_PREFIX = "activity_"
_SUSPENDED_PREFIX = "suspended_"


def activity_state(number: int) -> str:
    return f"{_ACTIVITY_PREFIX}{number}"


def suspended_state(number: int) -> str:
    return f"{_SUSPENDED_PREFIX}{number}"


def machine_state(lifecycle: str, activity: int | None) -> str:
    """The machine's state name for a cycle row's (state, activity) columns."""
    if lifecycle in TERMINAL_STATES:
        return lifecycle
    if activity is None:
        raise ValueError(f"an {lifecycle} cycle must have a current activity")
    return suspended_state(activity) if lifecycle == SUSPENDED else activity_state(activity)


def _number_after(state: str, prefix: str) -> int | None:
    if not state.startswith(prefix):
        return None
    digits = state.removeprefix(prefix)
    return int(digits) if digits.isdigit() else None


def row_state(state: str) -> tuple[str, int | None]:
    """The inverse of `machine_state`: (lifecycle, activity) for a machine state name. A name that is
    none of ours (read from a payload, say) comes back as it is, with no activity."""
    number = _number_after(state, _ACTIVITY_PREFIX)
    if number is not None:
        return ACTIVE, number
    number = _number_after(state, _SUSPENDED_PREFIX)
    if number is not None:
        return SUSPENDED, number
    return state, None


def activity_number(state: str | None) -> int | None:
    """N for `activity_N` and `suspended_N` (the cycle is at N either way); None for anything else."""
    return None if state is None else row_state(state)[1]


def is_suspended(state: str) -> bool:
    return row_state(state)[0] == SUSPENDED


def is_terminal(state: str) -> bool:
    return state in TERMINAL_STATES


def state_message(state: str) -> Message | str:
    """A machine state as a sentence part, rendered in the language in force when it is shown
    (`state_label` renders it now). A name that is none of ours stays as it is."""
    lifecycle, number = row_state(state)
    if number is not None:
        return Message("state.activity_n" if lifecycle == ACTIVE else "state.suspended_n", {"number": number})
    if lifecycle in LIFECYCLES:
        return Message(f"state.{lifecycle}")
    return state


def state_label(state: str) -> str:
    """A machine state in the reader's words: "actividad 3", "suspendida en la actividad 3",
    "completado". A name that is none of ours is shown as it is."""
    message = state_message(state)
    return message.render() if isinstance(message, Message) else message
