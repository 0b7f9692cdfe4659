"""A big evidence file attached on PostgreSQL: its peak memory, and how long another writer waits for it.

Run:  .venv/bin/python bench/bench_pg_attach.py [--size-mb 1024] [--completes 5] [--pg-url URL]

A sparse file of SIZE MiB (`truncate -s`, with the chunk's number written at the start of every MiB so
no two chunks are alike and every byte goes to the server) is attached by luis with the CLI, in a
subprocess whose peak RSS (VmHWM, read by the process itself at exit) is reported; then `audit verify`
re-reads and re-hashes it, also measured. Meanwhile ana completes activity 1 of other cycles through
the library: first with nothing else running (the baseline), then while the attach is streaming its
chunks (its transaction is open and has written into evidence_chunk, before taking the write lock).
The delay is the slowest complete during the attach minus the median complete alone; before revision
0005 the file was read whole and sent as one value under the lock, and a 5 GB attach made another
writer wait 17.5 s.

The database is a new one on the server of the superuser URL (as bench/bench_pg.py), dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _memory import MiB, finish, sparse_file, start
from _procedure import one_step_procedure  # bench/ is on sys.path when run as a script
from bench_pg import DEFAULT_PG_URL, PostgresServer
from sqlalchemy import text

from workflow.service import access
from workflow.service.facade import Workflow
from workflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CODE = "MM-GAC-P-006"


def finished(process: subprocess.Popen[bytes], mark: Path) -> float:
    """Wait for the command; its peak RSS in MB (exit on failure)."""
    code, peak, output = finish(process, mark)
    if code != 0:
        sys.exit(f"the command failed ({code}): {output}")
    return peak


def streaming(pg: PostgresServer) -> bool:
    """Is luis's attach inside its transaction, writing chunks, without the write lock?"""
    with pg.engine.connect() as connection:
        row = connection.execute(text(
            "SELECT a.pid, a.query FROM pg_stat_activity a WHERE a.usename = 'luis' AND a.datname = current_database() "
            "AND a.xact_start IS NOT NULL AND a.query LIKE '%evidence_chunk%' AND NOT EXISTS (SELECT 1 FROM pg_locks l "
            "WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)")).first()
    return row is not None


def timed_complete(ana: Workflow, cycle_id: str) -> float:
    began = time.perf_counter()
    ana.complete(cycle_id, 1)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the evidence file in MiB (at most 1024)")
    parser.add_argument("--completes", type=int, default=5, help="completes timed alone and during the attach")
    parser.add_argument("--pg-url", default=os.environ.get("WORKFLOW_TEST_PG_URL", DEFAULT_PG_URL))
    options = parser.parse_args()
    why = PostgresServer.reachable(options.pg_url)
    if why is not None:
        print(f"PostgreSQL not reachable ({why}): nothing to measure")
        print("ratio: n/a (complete during a big attach / complete alone; no PostgreSQL)")
        return 0
    pg = PostgresServer(options.pg_url)
    scratch = Path(tempfile.mkdtemp(prefix="bench-attach-"))
    try:
        return run(pg, scratch, options.size_mb, options.completes)
    finally:
        pg.close()
        for path in sorted(scratch.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        scratch.rmdir()


def run(pg: PostgresServer, scratch: Path, size_mb: int, completes: int) -> int:
    base = Settings.for_home(scratch / "home", user="admin", procedures_dir=scratch / "procedures")
    one_step_procedure(scratch / "procedures")
    admin = Workflow(replace(base, db_url=pg.url("admin")))
    admin.init(name="Administradora")
    for login, area, name in (("ana", "atencion_ciudadano", "Ana Rojas"), ("luis", "oficina_sig", "Luis Pérez")):
        pg.role(login)
        access.grant(admin, login, "staff")
        admin.add_staff(login, area, "profesional_universitario", name)
    ana = Workflow(replace(base, user="ana", db_url=pg.url("ana")))
    big = ana.start_cycle(CODE, "grande").id
    ana.complete(big, 1)  # now at activity 2: luis attaches its record
    others = [ana.start_cycle(CODE, "otro").id for _ in range(2 * completes + 1)]
    timed_complete(ana, others.pop())  # warm-up: connections and caches
    alone = [timed_complete(ana, others.pop()) for _ in range(completes)]

    source = sparse_file(scratch / "grande.bin", size_mb * MiB)
    env = {**os.environ, "WORKFLOW_HOME": str(base.home), "WORKFLOW_MAX_EVIDENCE_MB": "1024",
           "PYTHONPATH": str(ROOT), "WORKFLOW_DB_URL": pg.url("luis")}
    began = time.perf_counter()
    attach = start(["cycle", "attach", big, str(source), "--record", "correo_electronico"], env, scratch / "attach.hwm")
    while not streaming(pg):
        if attach.poll() is not None:
            sys.exit("the attach ended before it was seen writing chunks: try a bigger --size-mb")
        time.sleep(0.01)
    during: list[float] = []
    while len(during) < completes and attach.poll() is None:
        during.append(timed_complete(ana, others.pop()))
    still_streaming = streaming(pg)
    attach_peak = finished(attach, scratch / "attach.hwm")
    attach_seconds = time.perf_counter() - began
    with pg.engine.connect() as connection:
        order = [str(kind) for kind in connection.execute(text(
            "SELECT type FROM workflow.audit_event ORDER BY seq DESC LIMIT :n"), {"n": len(during) + 1}).scalars()]
    began = time.perf_counter()
    verify = start(["audit", "verify", "--json"], {**env, "WORKFLOW_DB_URL": pg.url("admin")}, scratch / "verify.hwm")
    verify_peak = finished(verify, scratch / "verify.hwm")
    verify_seconds = time.perf_counter() - began

    baseline = statistics.median(alone)
    delay = max(during) - baseline if during else float("nan")
    print(f"file: {size_mb} MiB; attach {attach_seconds:.1f} s, peak RSS {attach_peak:.0f} MB; "
          f"audit verify {verify_seconds:.1f} s, peak RSS {verify_peak:.0f} MB")
    print(f"cycle complete alone: median {baseline * 1000:.1f} ms over {len(alone)}; during the attach's chunks: "
          f"{', '.join(f'{t * 1000:.1f}' for t in during)} ms (attach still streaming after them: {still_streaming})")
    print(f"newest events, newest first: {', '.join(order)} (the completes committed before the attach)")
    print(f"delay: {delay:.3f} s (slowest complete during the attach - median complete alone; goal <= 1 s)")
    print(f"ratio: {attach_peak / 200:.2f} (attach peak RSS / 200 MB, {size_mb} MiB file; goal < 1)")
    print(f"ratio: {verify_peak / 200:.2f} (verify peak RSS / 200 MB, {size_mb} MiB file; goal < 1)")
    print(f"ratio: {max(during) / baseline:.2f} (slowest complete during the attach / median complete alone; "
          "goal: delay <= 1 s)")
    ana.close()
    admin.close()
    return 0 if during and delay <= 1 and attach_peak < 200 and verify_peak < 200 else 1


if __name__ == "__main__":
    sys.exit(main())
