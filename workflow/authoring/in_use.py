"""What a new version drops that people and running cycles still use, said before it bites.

Pure. A version that no longer declares an area, a role or a record changes neither running cycles
(each keeps its version) nor registered staff, so nothing fails at publication; it bites later and
elsewhere: staff left in an area no version in force has, cycles that will need people in it, a
cycle migrated to a version without its record. `procedure publish` and `procedure diff` name those
ids, who is registered in them and which running cycles are on a version that uses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from workflow.core.definition import Procedure
from workflow.errors import Message

__all__ = ["DroppedInUse", "RunningCycle", "StaffPost", "dropped_in_use"]

Subject = Literal["area", "role", "record"]
_SECTIONS: tuple[tuple[Subject, str], ...] = (("area", "areas"), ("role", "roles"), ("record", "records"))


@dataclass(frozen=True)
class StaffPost:
    login: str
    area: str | None
    role: str | None


@dataclass(frozen=True)
class RunningCycle:
    """A cycle that has not ended, with the version it runs on (any of whose activities it may still
    reach: the following ones, or earlier ones by a return)."""

    id: str
    procedure: Procedure


@dataclass(frozen=True)
class DroppedInUse:
    subject: Subject
    id: str
    name: str
    staff: tuple[str, ...]  # logins registered in the area or role
    cycles: tuple[str, ...]  # running cycles on a version an activity of which uses it

    @property
    def message(self) -> Message:
        users = [Message("in_use.staff", {"logins": ", ".join(self.staff)})] if self.staff else []
        users += [Message("in_use.cycles", {"cycles": ", ".join(self.cycles)})] if self.cycles else []
        return Message("in_use.dropped", {
            "subject": Message(f"diff.subject.{self.subject}"), "id": self.id, "name": self.name,
            "users": Message("in_use.both", {"first": users[0], "second": users[1]}) if len(users) == 2 else users[0]})

    def render(self) -> str:
        return self.message.render()


def dropped_in_use(old: Procedure, new: Procedure, staff: Iterable[StaffPost], running: Iterable[RunningCycle],
                   declared_elsewhere: Sequence[Procedure] = ()) -> list[DroppedInUse]:
    """Areas, roles and records `old` declares and `new` does not, that staff are registered in (areas
    and roles no other procedure in force declares) or that an activity of a running cycle's version uses."""
    posts = list(staff)
    cycles = list(running)
    found: list[DroppedInUse] = []
    for subject, section in _SECTIONS:
        kept = {item.id for item in getattr(new, section)}
        elsewhere = {item.id for other in declared_elsewhere for item in getattr(other, section)}
        for item in getattr(old, section):
            if item.id in kept:
                continue
            logins = () if item.id in elsewhere or subject == "record" else tuple(
                sorted(p.login for p in posts if (p.area if subject == "area" else p.role) == item.id))
            at = tuple(c.id for c in cycles if item.id in _used_by(c, subject))
            if logins or at:
                found.append(DroppedInUse(subject, item.id, item.name, logins, at))
    return found


def _used_by(cycle: RunningCycle, subject: Subject) -> set[str]:
    activities = cycle.procedure.activities
    if subject == "area":
        return {area for activity in activities for area in activity.areas}
    if subject == "role":
        return {activity.role for activity in activities}
    return {record for activity in activities for record in activity.records}
