"""`cycle list` on an office with more cycles than a table can usefully show: the table keeps the most
recently started, says how many there are and how to see the rest; scripts (--json) still get them all."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import CODE, ROOT, Office
from tests.hostile import cli

MANY = 103  # more than the table shows unless told (cli.cycle.TABLE_LIMIT)


def _started(office: Office, count: int) -> list[str]:
    ana = office.as_user("ana")
    return [ana.start_cycle(CODE, title=f"revisión {n}").id for n in range(count)]


def test_the_table_shows_the_most_recent_hundred_and_says_how_to_see_the_rest(office: Office) -> None:
    ids = _started(office, MANY)
    shown = cli(office.home, "cycle", "list", user="ana", COLUMNS="200")
    assert shown.exit_code == 0, shown.output
    assert [i for i in ids if i in shown.output] == ids[-100:]
    assert f"Showing the 100 most recently started of {MANY} cycles. --limit 0 shows them all" in shown.output
    everything = cli(office.home, "cycle", "list", "--limit", "0", user="ana", COLUMNS="200")
    assert [i for i in ids if i in everything.output] == ids and "Showing" not in everything.output
    # The language is the process's own: Spanish in a process of its own, as staff run it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
    spanish = subprocess.run([sys.executable, "-m", "workflow", "cycle", "list", "--limit", "2"], capture_output=True,
                             text=True, cwd=ROOT, env={**env, "WORKFLOW_HOME": str(office.home), "WORKFLOW_USER": "ana",
                                                       "WORKFLOW_LANG": "es", "NO_COLOR": "1", "COLUMNS": "200"})
    assert [i for i in ids if i in spanish.stdout] == ids[-2:]
    assert f"Se muestran los 2 ciclos iniciados más recientemente de {MANY}." in spanish.stdout


def test_json_lists_every_cycle_unless_a_limit_is_given(office: Office) -> None:
    ids = _started(office, MANY)
    listed = cli(office.home, "cycle", "list", "--json", user="ana")
    assert [c["id"] for c in json.loads(listed.output)] == ids
    newest = cli(office.home, "cycle", "list", "--json", "--limit", "3", user="ana")
    assert [c["id"] for c in json.loads(newest.output)] == ids[-3:]


def test_a_short_list_has_no_footer_and_the_limit_applies_after_the_state(office: Office) -> None:
    ids = _started(office, 4)
    office.as_user("admin").cancel(ids[1], "duplicado")
    whole = cli(office.home, "cycle", "list", user="ana", COLUMNS="200")
    assert [i for i in ids if i in whole.output] == ids and "Showing" not in whole.output
    active = cli(office.home, "cycle", "list", "--state", "active", "--limit", "1", user="ana", COLUMNS="200")
    assert [i for i in ids if i in active.output] == ids[-1:]
    assert "Showing the 1 most recently started of 3 cycles" in active.output
    listing = office.as_user("ana").cycle_listing(state="cancelled", limit=5)
    assert [c.id for c in listing.cycles] == [ids[1]] and listing.total == 1
    overdue = office.as_user("ana").cycle_listing(overdue=True, limit=1)
    assert overdue.cycles == [] and overdue.total == 0  # nothing past its term in a day-old office


def test_a_negative_limit_is_refused_with_nothing_listed(office: Office) -> None:
    refused = cli(office.home, "cycle", "list", "--limit", "-1", user="ana")
    assert refused.exit_code == 2 and "Invalid value for '--limit': must be at least 0" in refused.output
