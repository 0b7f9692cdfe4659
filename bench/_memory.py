"""A command's peak memory, and the big sparse files it is measured on (bench/bench_pg_attach.py and
tests/test_pg_chunks.py).

The peak is VmHWM, the high-water mark of the process's resident memory since it exec'ed, which the
command reads itself when it exits: not `ru_maxrss`, which Linux carries over exec from the forking
parent (a test runner's hundred MB would be the floor of every figure).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MiB = 1024 * 1024
MEASURED = """
import atexit, os, runpy, sys
def report():
    with open("/proc/self/status") as status, open(os.environ["WORKFLOW_MEASURED_HWM"], "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")))
atexit.register(report)
sys.argv[0] = "workflow"
runpy.run_module("workflow", run_name="__main__")
"""


def sparse_file(path: Path, size: int) -> Path:
    """`truncate -s SIZE`, with the chunk's number written at the start of every MiB so that no two chunks
    are alike (a plain sparse file would be one chunk stored once): little disk, every byte sent."""
    with path.open("wb") as handle:
        handle.truncate(size)
        for number in range(size // MiB):
            handle.seek(number * MiB)
            handle.write(number.to_bytes(8, "big"))
    return path


def start(args: list[str], env: dict[str, str], mark: Path) -> subprocess.Popen[bytes]:
    """`workflow ARGS` in a subprocess that writes its peak memory to `mark` when it exits."""
    return subprocess.Popen([sys.executable, "-c", MEASURED, *args], env={**env, "WORKFLOW_MEASURED_HWM": str(mark)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def finish(process: subprocess.Popen[bytes], mark: Path) -> tuple[int, float, str]:
    """Wait for the command: (exit code, peak RSS in MB, its output)."""
    output, _ = process.communicate()
    peak = int(mark.read_text().split()[1]) / 1024 if mark.is_file() else float("nan")  # "VmHWM:  123 kB"
    return process.returncode, peak, output.decode(errors="replace")
