"""One SpiffWorkflow step as a one-shot process (bench/bench_peers.py times it against `workflow cycle
complete`): import the library, parse the BPMN, load the case's JSON from SQLite (WAL, synchronous=FULL),
check the ready task's lane, run it, save the JSON and one chained audit row in one commit.

Usage: python spiff_step.py BPMN DATABASE CASE ACTIVITY ACTOR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_peers import Spiff


def main() -> None:
    _bpmn, database, case, activity, actor = sys.argv[1:6]
    side = Spiff(Path(database).parent, "FULL")
    if side.db.execute("PRAGMA database_list").fetchone()[2] != str(Path(database).resolve()):
        raise SystemExit(f"expected the database {database}")
    if actor != "ana" or activity != "1":
        raise SystemExit("this script steps activity 1 as ana")
    side.step(case, int(activity))


if __name__ == "__main__":
    main()
