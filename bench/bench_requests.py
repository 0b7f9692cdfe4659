"""Citizen requests at scale: list, show and reports on a big office against a small one, and the
import rate of an mbox.

Run:  .venv/bin/python bench/bench_requests.py [--small N] [--big N] [--mbox N] [--dir PATH]

Two offices are filled through the library (one transaction per filing, as staff would): `--small`
requests (default 100) and `--big` (default 1,000; the issue's size is 100,000, which takes hours to
file one by one). The mix is realistic: types peticion 45%, informacion 20%, queja 10%, reclamo 10%,
consulta 5%, sugerencia 5%, denuncia 3%, felicitacion 2%; channels email, chat, web, telefono,
presencial; received over the last 300 days. In both offices the same 20 most recent requests stay
open (5 of them received long ago, hence overdue); every other one is answered, as in a real office
where the backlog does not grow with the archive. Timed (median of 7 runs each): `request list
--overdue`, `request show` of one radicado, and `report channel` over the whole period (per request
of the period). Goals: list and show within 1.3x of the small office; reports linear (time per
request within 1.3x). Then `request import` of an mbox of `--mbox` messages (default 300): its rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import mailbox
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

from workflow.core.requests import BOGOTA
from workflow.service import reports
from workflow.service.facade import Workflow
from workflow.service.request_import import import_path
from workflow.service.requests import NewRequest
from workflow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TYPES = (("peticion", 45), ("informacion", 20), ("queja", 10), ("reclamo", 10), ("consulta", 5),
         ("sugerencia", 5), ("denuncia", 3), ("felicitacion", 2))
CHANNELS = ("email", "chat", "web", "telefono", "presencial")
OPEN = 20


def office(folder: Path) -> Workflow:
    settings = Settings.for_home(folder, user="admin", procedures_dir=ROOT / "procedures")
    admin = Workflow(settings)
    admin.init(name="Admin")
    admin.requests.enable()
    admin.add_staff("ana", "atencion_ciudadano", "profesional_universitario", "Ana")
    admin.close()
    return Workflow(replace(settings, user="ana"))


def fill(flow: Workflow, count: int, folder: Path) -> str:
    rng = random.Random(1755)
    kinds = [k for k, weight in TYPES for _ in range(weight)]
    now = dt.datetime.now(BOGOTA)
    response = folder / "respuesta.txt"
    response.write_text("respuesta\n", encoding="utf-8")
    last = ""
    for index in range(count):
        recent = index >= count - OPEN
        overdue = recent and index < count - OPEN + 5
        days = 200 if overdue else (rng.randint(0, 5) if recent else rng.randint(40, 300))
        received = (now - dt.timedelta(days=days, minutes=rng.randint(1, 600))).replace(microsecond=0)
        row = flow.requests.file(NewRequest(type=rng.choice(kinds), channel=rng.choice(CHANNELS),
                                            subject=f"Solicitud {index}", received_at=received.isoformat()))
        last = str(row["radicado"])
        if not recent:
            flow.requests.answer(last, response)
    return last


def timed(action: Callable[[], object], runs: int = 7) -> float:
    action()  # warm-up: caches (the calendar's years, compiled statements) are not what is measured
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(flow: Workflow, radicado: str, folder: Path) -> dict[str, float]:
    today = dt.datetime.now(BOGOTA).date()
    start = today - dt.timedelta(days=365)
    report = folder / "canal.html"
    received = len(flow.requests.list())
    return {
        "list_overdue": timed(lambda: flow.requests.list(overdue=True)),
        "show": timed(lambda: flow.requests.show(radicado)),
        "report_per_request": timed(lambda: reports.channel(flow, start, today, "html", report, force=True), 3)
        / received,
    }


def mbox_rate(count: int, folder: Path) -> float:
    box = mailbox.mbox(str(folder / "entrada.mbox"))
    for index in range(count):
        message = EmailMessage()
        message["From"], message["Subject"] = f"Ciudadano {index} <c{index}@example.org>", f"Petición {index}"
        message["Message-ID"] = f"<bench-{index}@example.org>"
        message.set_content("Solicito información.")
        box.add(message)
    box.flush()
    flow = office(folder / "mbox-home")
    start = time.perf_counter()
    result = import_path(flow, folder / "entrada.mbox")
    elapsed = time.perf_counter() - start
    assert len(result.created) == count
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--mbox", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-requests-"))
    results = {}
    for name, size in (("small", args.small), ("big", args.big)):
        flow = office(folder / name)
        began = time.perf_counter()
        last = fill(flow, size, folder)
        print(f"{name}: {size} requests filed in {time.perf_counter() - began:.1f} s")
        results[name] = measure(flow, last, folder)
        print(f"{name}: " + ", ".join(f"{k} {v * 1000:.2f} ms" for k, v in results[name].items()))
        flow.close()
    rate = mbox_rate(args.mbox, folder)
    print(f"import: {rate:.0f} messages/s ({args.mbox} messages of an mbox, one request each)")
    small, big = results["small"], results["big"]
    print(f"ratio: {big['list_overdue'] / small['list_overdue']:.2f} (request list --overdue, {args.big} / "
          f"{args.small} requests; goal <= 1.3)")
    print(f"ratio: {big['show'] / small['show']:.2f} (request show, {args.big} / {args.small} requests; goal <= 1.3)")
    print(f"ratio: {big['report_per_request'] / small['report_per_request']:.2f} (report channel time per request, "
          f"{args.big} / {args.small} requests; goal <= 1.3: linear)")


if __name__ == "__main__":
    main()
