"""`cycle list` on an office with more cycles than a table can usefully show: the table keeps the most
recently started, says how many there are and how to see the rest; scripts (--json) still get them all."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tests.conftest import CODE, ROOT, Office
from tests.hostile import cli

MANY = 103  # more than the table shows unless told (workflow.cli.options.TABLE_LIMIT)


def _flowed(output: str) -> str:
    """The output's words with single spaces: a line the terminal's width wrapped reads as one."""
    return " ".join(output.split())


def _started(office: Office, count: int) -> list[str]:
    ana = office.as_user("ana")
    return [ana.start_cycle(CODE, title=f"revisión {n}").id for n in range(count)]


def test_the_table_shows_the_most_recent_hundred_and_says_how_to_see_the_rest(office: Office) -> None:
    ids = _started(office, MANY)
    shown = cli(office.home, "cycle", "list", user="ana")
    assert shown.exit_code == 0, shown.output
    assert [i for i in ids if i in shown.output] == ids[-100:]
    assert f"Showing the 100 most recently started of {MANY} cycles. --limit 0 shows them all" in _flowed(shown.output)
    everything = cli(office.home, "cycle", "list", "--limit", "0", user="ana")
    assert [i for i in ids if i in everything.output] == ids and "Showing" not in everything.output
    spanish = _typed(office, "cycle", "list", "--limit", "2", WORKFLOW_LANG="es", COLUMNS="200")
    assert [i for i in ids if i in spanish] == ids[-2:]
    assert f"Se muestran los 2 ciclos iniciados más recientemente de {MANY}." in _flowed(spanish)


def test_json_lists_every_cycle_unless_a_limit_is_given(office: Office) -> None:
    ids = _started(office, MANY)
    listed = cli(office.home, "cycle", "list", "--json", user="ana")
    assert [c["id"] for c in json.loads(listed.output)] == ids
    newest = cli(office.home, "cycle", "list", "--json", "--limit", "3", user="ana")
    assert [c["id"] for c in json.loads(newest.output)] == ids[-3:]


def test_a_short_list_has_no_footer_and_the_limit_applies_after_the_state(office: Office) -> None:
    ids = _started(office, 4)
    office.as_user("admin").cancel(ids[1], "duplicado")
    whole = cli(office.home, "cycle", "list", user="ana")
    assert [i for i in ids if i in whole.output] == ids and "Showing" not in whole.output
    active = cli(office.home, "cycle", "list", "--state", "active", "--limit", "1", user="ana")
    assert [i for i in ids if i in active.output] == ids[-1:]
    assert "Showing the 1 most recently started of 3 cycles" in _flowed(active.output)
    listing = office.as_user("ana").cycle_listing(state="cancelled", limit=5)
    assert [c.id for c in listing.cycles] == [ids[1]] and listing.total == 1
    overdue = office.as_user("ana").cycle_listing(overdue=True, limit=1)
    assert overdue.cycles == [] and overdue.total == 0  # nothing past its term in a day-old office


def test_a_negative_limit_is_refused_with_nothing_listed(office: Office) -> None:
    refused = cli(office.home, "cycle", "list", "--limit", "-1", user="ana")
    assert refused.exit_code == 2 and "Invalid value for '--limit': must be at least 0" in refused.output



def _typed(office: Office, *args: str, **env: str) -> str:
    """`workflow ARGS` as ana in a process of its own (the terminal's width and language are the process's)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_")}
    done = subprocess.run([sys.executable, "-m", "workflow", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**clean, "WORKFLOW_HOME": str(office.home), "WORKFLOW_USER": "ana",
                               "WORKFLOW_LANG": "en", "NO_COLOR": "1", **env})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_80_column_terminal_keeps_ids_states_and_dates_whole(office: Office) -> None:
    ids = _started(office, 2)
    narrow = _typed(office, "cycle", "list", COLUMNS="80")
    assert all(i in narrow for i in ids)
    assert "Procedure" not in narrow and "Started" not in narrow  # left to a wider screen
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d", narrow)) == 2  # each cycle's last change, uncut
    assert all(word in narrow for word in ("active", "Revisar", "información", "publicada", "revisión"))
    assert "…" not in narrow  # nothing cut to a few letters
    assert max(len(line) for line in narrow.splitlines()) <= 80
    wide = _typed(office, "cycle", "list", COLUMNS="160")
    assert "Procedure" in wide and "MM-GAC-P-006 v" in wide and "· ana" in wide
