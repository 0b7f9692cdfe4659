"""The benchmarks' procedure: the shipped MM-GAC-P-006 with every activity done in one step.

Activity 2 of the shipped file runs once per dependencia (`for_each`): 33 attaches or waivers before
its complete, which would turn a benchmark of transitions into one of item attaches. Only `for_each`
is removed, with the list and the calendar it names (a procedure may be published only once the data
it names is, and the benchmark's folder holds no data); everything else is the shipped text as loaded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SHIPPED = Path(__file__).resolve().parents[1] / "procedures" / "MM-GAC-P-006.yaml"


def one_step_procedure(folder: Path, records: bool = True) -> Path:
    """Write the one-step procedure into `folder` (a procedures folder for `init`); return the file.
    Without `records`, no activity requires a record (a step is then the step alone, no evidence)."""
    definition = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    for activity in definition.get("activities", []):
        activity.pop("for_each", None)
        if not records:
            activity["records"] = []
    definition.pop("item_lists", None)
    definition.pop("calendar", None)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / SHIPPED.name
    target.write_text(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
