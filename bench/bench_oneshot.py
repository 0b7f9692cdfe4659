"""What a person feels: the cost of one `workflow` process, against the floor of the interpreter and of
the persistence layer it stands on, and `workflow run` (one process, many commands) against the same
commands as processes.

Run:  .venv/bin/python bench/bench_oneshot.py [--repeat N] [--steps S] [--dir PATH]

Set-up (untimed): a temporary WORKFLOW_HOME with the one-step MM-GAC-P-006 (bench/_procedure.py), an
administrator and the three staff of bench_engine, and enough cycles started for every timed
`cycle complete` to find one at activity 1 (each complete moves a fresh cycle, so every run of it does
the same work: one durable step with one audit event).

Timed, alternating in rounds (R rounds, default 7; in each round every command once, the order rotating
from round to round, so a stall of the shared machine hits every command alike), each the wall time of
one child process from spawn to exit:
  python -c pass                       the interpreter alone
  python -c "import sqlmodel"          the persistence layer's import: the floor of any command that reads
  workflow --help                      the command line's frame
  workflow cycle show ID               a read: one cycle with its history and evidence
  workflow cycle list                  a read over every cycle
  workflow cycle complete ID --activity 1 --note ...   a durable step
  workflow audit verify                the whole chain re-hashed and every table replayed (small database)
The medians are printed, and the goals as ratios of medians.

Many commands, one process: S command lines (default 100: for each of S/5 cycles, activities 1-4 completed
by their people, 2-4 with an evidence file, and a `cycle show`), on two homes prepared alike: once as
`workflow run FILE` (one file per person, run one person after the other: three processes) and once as S
`workflow` processes; the ratio of the two wall times (goal <= 0.2).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _procedure import one_step_procedure  # noqa: E402

BIN = Path(sys.executable).parent
WORKFLOW = str(BIN / "workflow") if (BIN / "workflow").exists() else None
STAFF = (("ana", "atencion_ciudadano"), ("luis", "oficina_sig"), ("marta", "oficina_tic"))


def workflow_argv(*args: str) -> list[str]:
    return [WORKFLOW, *args] if WORKFLOW else [sys.executable, str(ROOT / "cli.py"), *args]


def environ(home: Path, user: str) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every process compile the package from
    # source: an installed package has its bytecode, so the children may write and use theirs.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKFLOW_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(WORKFLOW_HOME=str(home), WORKFLOW_USER=user, WORKFLOW_LANG="en")
    return env


def prepare(home: Path, cycles: int) -> list[str]:
    """A home with the one-step procedure, its staff and `cycles` cycles at activity 1 (set up through
    the library: the set-up is not what is measured)."""
    from dataclasses import replace

    from workflow.service.facade import Workflow
    from workflow.settings import Settings

    settings = Settings.for_home(home, user="admin", procedures_dir=home / "procedures")
    one_step_procedure(home / "procedures")
    with Workflow(settings) as admin:
        admin.init(name="Admin")
        for login, area in STAFF:
            admin.add_staff(login, area, "profesional_universitario", login)
    with Workflow(replace(settings, user="ana")) as ana:
        return [ana.start_cycle("MM-GAC-P-006").id for _ in range(cycles)]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one child process, from spawn to exit."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} exited {child.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime


def oneshot(folder: Path, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    home = folder / "oneshot"
    fresh = prepare(home, repeat + 1)
    shown = fresh.pop()
    subprocess.run(workflow_argv("cycle", "complete", shown, "--activity", "1", "--note", "revisada"),
                   env=environ(home, "ana"), check=True, capture_output=True)
    ana = environ(home, "ana")
    python = sys.executable
    commands: dict[str, object] = {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import sqlmodel'": [python, "-c", "import sqlmodel"],
        "workflow --help": workflow_argv("--help"),
        "workflow cycle show": workflow_argv("cycle", "show", shown),
        "workflow cycle list": workflow_argv("cycle", "list"),
        "workflow cycle complete": lambda: workflow_argv("cycle", "complete", fresh.pop(), "--activity", "1",
                                                         "--note", "revisada"),
        "workflow audit verify": workflow_argv("audit", "verify"),
    }
    for argv in commands.values():  # warm the file cache and the bytecode
        if isinstance(argv, list):
            timed(argv, ana)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(repeat):
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for name in order:
            argv = commands[name]
            elapsed, cpu = timed(argv() if callable(argv) else argv, ana)  # type: ignore[operator, arg-type]
            walls[name].append(elapsed)
            cpus[name].append(cpu)
    return ({name: statistics.median(values) for name, values in walls.items()},
            {name: statistics.median(values) for name, values in cpus.items()})


def script_lines(cycle_ids: list[str]) -> list[tuple[str, str]]:
    """(user, line) for the `workflow run` comparison: per cycle, activities 1-4 completed in turn
    (ana 1, luis 2 and 3, marta 4), with evidence where the activity requires a record."""
    lines: list[tuple[str, str]] = []
    for cycle in cycle_ids:
        lines.append(("ana", f"cycle complete {cycle} --activity 1 --note 'revisada'"))
        lines.append(("luis", f"cycle complete {cycle} --activity 2 --evidence ev/solicitud.eml "
                              "--record correo_electronico"))
        lines.append(("luis", f"cycle complete {cycle} --activity 3 --evidence ev/hojas.xlsx "
                              "--record hoja_vida_tramites"))
        lines.append(("marta", f"cycle complete {cycle} --activity 4 --evidence ev/informe.pdf --record informe"))
        lines.append(("marta", f"cycle show {cycle}"))
    return lines


def many(folder: Path, steps: int) -> tuple[float, float]:
    """Seconds for `steps` lines as one `workflow run` per person-turn against `steps` processes."""
    results: dict[str, float] = {}
    for index, mode in enumerate(("run", "processes")):
        home = folder / f"many-{mode}"
        cycles = prepare(home, max(1, steps // 5))
        evidence = home / "ev"
        evidence.mkdir()
        for name in ("solicitud.eml", "hojas.xlsx", "informe.pdf"):
            (evidence / name).write_bytes(f"{name} {index}\n".encode() * 40)
        lines = script_lines(cycles)[:steps]
        start = time.perf_counter()
        if mode == "processes":
            for user, line in lines:
                done = subprocess.run(workflow_argv(*shlex.split(line)), env=environ(home, user), cwd=home,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                if done.returncode != 0:
                    raise SystemExit(f"{line}: {done.stderr.decode()}")
        else:
            # One `workflow run` per person: the lines of each person, in the order they are due. A
            # person's turn never waits for another's (each cycle's activities are done in order
            # because the people run one after the other: ana's file, then luis's, then marta's).
            for user in ("ana", "luis", "marta"):
                script = home / f"{user}.txt"
                script.write_text("".join(line + "\n" for who, line in lines if who == user), encoding="utf-8")
                done = subprocess.run(workflow_argv("run", str(script)), env=environ(home, user), cwd=home,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                if done.returncode != 0:
                    raise SystemExit(f"workflow run ({user}): {done.stderr.decode()}")
        results[mode] = time.perf_counter() - start
    return results["run"], results["processes"]


floor_name = "python -c 'import sqlmodel'"


def compile_package() -> None:
    """The package's bytecode, as `pip install` leaves it (a checkout run with PYTHONDONTWRITEBYTECODE has
    none, and would time the compiler)."""
    import compileall

    compileall.compile_dir(str(ROOT / "workflow"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds of one-shot timings (default 7)")
    parser.add_argument("--steps", type=int, default=100, help="lines of the workflow-run comparison (default 100)")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary homes go")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        walls, cpus = oneshot(folder, args.repeat)
        run_s, processes_s = many(folder, args.steps)
    print(f"one process, median of {args.repeat} rounds: wall seconds (CPU seconds, user + system)")
    for name, value in walls.items():
        print(f"  {name:32} {value:.3f} ({cpus[name]:.3f})")
    print(f"{args.steps} commands: workflow run {run_s:.2f} s, as processes {processes_s:.2f} s")
    print("CPU-time ratios (less moved by other load on a shared machine than wall time):")
    for name, goal in (("workflow cycle show", 1.25), ("workflow cycle complete", 1.4)):
        print(f"  {name} / import sqlmodel: {cpus[name] / cpus[floor_name]:.2f} (goal <= {goal})")
    print(f"  workflow --help / python -c pass: {cpus['workflow --help'] / cpus['python -c pass']:.1f} (goal <= 12)")
    floor, interpreter = walls[floor_name], walls["python -c pass"]
    print(f"ratio: {walls['workflow cycle show'] / floor:.2f} (cycle show / python -c 'import sqlmodel', wall; "
          "goal <= 1.25)")
    print(f"ratio: {walls['workflow cycle complete'] / floor:.2f} (cycle complete / python -c 'import sqlmodel', "
          "wall; goal <= 1.4)")
    print(f"ratio: {walls['workflow --help'] / interpreter:.1f} (workflow --help / python -c pass, wall; goal <= 12)")
    print(f"ratio: {run_s / processes_s:.2f} (workflow run of {args.steps} commands / the same commands as "
          "processes; goal <= 0.2)")


if __name__ == "__main__":
    main()
