"""The catalogue at scale: import, re-import, audit verify, check, reconcile, hoja de vida and publish a
catalogue of N entries (default 2,000) against the same steps on the real 4-entry SUIT sample.

Run:  .venv/bin/python bench/bench_catalog.py [--entries N]

Set-up (untimed): two temporary WORKFLOW_HOMEs initialised with the shipped procedure and its staff,
each with a cycle of MM-GAC-P-006 moved to activity 4 (the publishing activity). The N entries are
synthesised from the shapes of the real records in ../shared/data/catalog/suit-sample.json (or the copy
the package ships): codes, names, purposes, requirements, legal basis and service points vary per
entry; the service points name dependencias of the published list, so import assigns most entries. The
web list to reconcile has about N entries too: some catalogue entries missing, some listed twice, some
renamed (other words), some only re-cased (which must not count) and some codes the catalogue lacks.

Steps, each timed and its peak resident memory measured (growth of VmHWM over the step, reset before
each step through /proc/self/clear_refs), for the sample and for N:
import, re-import of the same file (changes nothing), audit verify, check, reconcile (with its HTML
report), sheet --all (.xlsx), publish (publication 1). Publishing is then measured twice more in the
same run, each time a publication 2 (which also rebuilds publication 1 from the chain and says what
changed): at N entries after a publication 1 of N/2 (a third home), and at 2N after importing N more
entries into the big home (its publication 1 had N): everything doubled, so the ratio shows linearity.

Goals: publish(2N) / publish(N) <= 2.5 (linear); the whole run within a minute at the default size.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workflow.core.itemlists import parse_item_list  # noqa: E402
from workflow.service import auditing, catalog, catalog_output, catalog_publish, catalog_review  # noqa: E402
from workflow.service.cycles import EvidenceInput  # noqa: E402
from workflow.service.facade import Workflow  # noqa: E402
from workflow.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "catalog"
SAMPLE = SHARED / "suit-sample.json" if (SHARED / "suit-sample.json").is_file() else \
    ROOT / "workflow" / "catalog" / "samples" / "suit-sample.json"
DEPENDENCIAS = ROOT / "procedures" / "data" / "dependencias.yaml"
STAFF = (("ana", "atencion_ciudadano", "Ana Rojas"), ("luis", "oficina_sig", "Luis Pérez"),
         ("marta", "oficina_tic", "Marta Díaz"))
WHO = {1: "ana", 2: "luis", 3: "luis", 4: "marta"}
RECORDS = {2: "correo_electronico", 3: "hoja_vida_tramites"}
WORDS = ("municipal", "distrital", "urbano", "rural", "especial", "temporal", "comercial", "turístico",
         "ambiental", "deportivo", "cultural", "educativo", "portuario", "vehicular", "residencial")


# -- synthesis ------------------------------------------------------------------------------------------

def synthesise(real: list[dict[str, Any]], count: int, first: int, dependencias: list[str]) -> list[dict[str, Any]]:
    """`count` SUIT records shaped like the real ones, numbered from `first` (SUIT numbers)."""
    out = []
    for n in range(count):
        base = copy.deepcopy(real[n % len(real)])
        number = first + n
        word, other = WORDS[n % len(WORDS)], WORDS[(n // len(WORDS)) % len(WORDS)]
        base["fi"] = number
        base["nombre"] = base["nombre_listado"] = f"{base['nombre']} {word} {other} {number}"
        base["proposito"] = f"{base.get('proposito') or ''} Variante {number} del trámite ({word})."
        if isinstance(base.get("tiempo"), dict):
            base["tiempo"]["cantidad"] = 1 + n % 30
        for step in base.get("momentos") or []:
            for k, requirement in enumerate(step.get("requisitos") or []):
                if requirement.get("descripcion"):
                    requirement["descripcion"] += f" (caso {number}-{k})"
                requirement["obligatorio"] = (n + k) % 5 != 0
        for law in base.get("normativa") or []:
            law["articulos"] = f"Artículo {1 + n % 97}"
        for k, point in enumerate(base.get("puntosAtencion") or []):
            point["nombre"] = dependencias[(n + k) % len(dependencias)] if n % 10 else f"Ventanilla {number}"
            point["direccion"] = f"Calle {1 + n % 40} No {k + 2} - {n % 99:02d}"
            if isinstance(point.get("latitud"), (int, float)):
                point["latitud"] = 11.2 + (n % 100) / 1000
                point["longitud"] = -74.2 + (n % 77) / 1000
        out.append(base)
    return out


def write_suit(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"source": "synthesised for bench/bench_catalog.py", "tramites": records},
                               ensure_ascii=False), encoding="utf-8")
    return path


def web_list(path: Path, records: list[dict[str, Any]]) -> Path:
    """The page's list: ~5 % missing, ~2 % twice, ~3 % renamed, ~3 % re-cased, ~3 % not in the catalogue."""
    entries = []
    for n, record in enumerate(records):
        code, name = f"T{record['fi']}", str(record["nombre"])
        if n % 20 == 7:
            continue
        if n % 33 == 5:
            name = f"Trámite renombrado {n}"
        elif n % 33 == 9:
            name = name.upper()
        entry = {"codigo": code, "nombre": name, "url": f"https://www.gov.co/ficha-tramites-y-servicios/{code}"}
        entries.append(entry)
        if n % 50 == 3:
            entries.append(dict(entry))
        if n % 33 == 11:
            entries.append({"codigo": f"T{900000 + n}", "nombre": f"Trámite solo en la página {n}",
                            "url": f"https://www.gov.co/ficha-tramites-y-servicios/T{900000 + n}"})
    path.write_text(json.dumps({"source": "synthesised", "entries": entries}, ensure_ascii=False), encoding="utf-8")
    return path


# -- an office with a cycle at activity 4 ---------------------------------------------------------------

def office(home: Path) -> tuple[dict[str, Workflow], str]:
    settings = Settings.for_home(home, user="admin", procedures_dir=ROOT / "procedures")
    admin = Workflow(settings)
    admin.init(name="Administradora")
    flows = {"admin": admin}
    for login, area, name in STAFF:
        admin.add_staff(login, area, "profesional_universitario", name)
        flows[login] = Workflow(Settings.for_home(home, user=login, procedures_dir=ROOT / "procedures"))
    cycle_id = flows["ana"].start_cycle("MM-GAC-P-006", "Revisión de escala").id
    for number in range(1, 4):
        given = []
        if number in RECORDS:
            path = home / f"registro-{number}.txt"
            path.write_text(f"registro de la actividad {number}\n", encoding="utf-8")
            given = [EvidenceInput(path, RECORDS[number])]
        if number == 2:
            flows[WHO[number]].attach(cycle_id, given[0], all_pending=True)
        flows[WHO[number]].complete(cycle_id, number, given)
    return flows, cycle_id


# -- measuring ------------------------------------------------------------------------------------------

def _hwm_kb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration):
        return None


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])


CPU: dict[str, float] = {}  # step -> this process's CPU seconds (a figure the machine's load disturbs less)


def measure(step: Callable[[], Any], traced: bool, name: str = "") -> tuple[float, float, Any]:
    """(seconds, peak MB, result): peak resident growth over the step, or traced Python peak; the
    step's CPU seconds go to CPU[name]."""
    cpu = time.process_time()
    try:
        return _measure(step, traced)
    finally:
        CPU[name] = time.process_time() - cpu


def _measure(step: Callable[[], Any], traced: bool) -> tuple[float, float, Any]:
    if traced:
        tracemalloc.start()
        started = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        return seconds, peak, result
    _reset_hwm()
    before = _rss_kb()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    after = _hwm_kb() or before
    return seconds, max(0, after - before) / 1024, result


def run(home: Path, suit: Path, web: Path, traced: bool) -> tuple[dict[str, tuple[float, float]], Any]:
    flows, cycle_id = office(home)
    ana, marta = flows["ana"], flows["marta"]
    figures: dict[str, tuple[float, float]] = {}

    def step(name: str, action: Callable[[], Any]) -> Any:
        seconds, peak, result = measure(action, traced, f"{home.name}:{name}")
        figures[name] = (seconds, peak)
        return result

    imported = step("import", lambda: catalog.import_file(ana, suit))
    again = step("re-import", lambda: catalog.import_file(ana, suit))
    assert not again.added and not again.changed, "the same file imported twice changed something"
    verified = step("audit verify", lambda: auditing.verify(flows["admin"]))
    assert verified.ok, verified.to_json()
    step("check", lambda: catalog.findings(ana))
    step("reconcile", lambda: catalog_review.review(ana, web, html_out=home / "revision.html"))
    step("sheet --all", lambda: catalog_output.sheet(ana, None, home / "hojas.xlsx"))
    published = step("publish", lambda: catalog_publish.publish(marta, cycle_id, home / "sitio"))
    assert published.entries == len(imported.added), (published.entries, len(imported.added))
    return figures, (flows, cycle_id)


def second_publication(home: Path, real: list[dict[str, Any]], names: list[str], size: int,
                       traced: bool) -> tuple[float, float]:
    """(seconds, peak MB) of publication 2 at `size` entries, publication 1 having had the first half:
    the same entries as the big run's first `size`, so that 2N against N doubles everything."""
    flows, cycle_id = office(home)
    records = synthesise(real, size, 100000, names)
    catalog.import_file(flows["ana"], write_suit(home / "primera.json", records[: size // 2]))
    catalog_publish.publish(flows["marta"], cycle_id, home / "sitio-1")
    catalog.import_file(flows["ana"], write_suit(home / "segunda.json", records))
    seconds, peak, result = measure(lambda: catalog_publish.publish(flows["marta"], cycle_id, home / "sitio-2"),
                                    traced, "publish N")
    assert result.entries == size, result.entries
    for flow in flows.values():
        flow.close()
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=2000, help="catalogue size (default 2000)")
    parser.add_argument("--traced", action="store_true",
                        help="peak traced Python memory (tracemalloc; slower) instead of resident memory")
    args = parser.parse_args()
    size = args.entries
    real = json.loads(SAMPLE.read_text(encoding="utf-8"))["tramites"]
    listed = parse_item_list(DEPENDENCIAS.read_text(encoding="utf-8"), "dependencias")
    names = [item.name for item in listed]
    memory = "traced Python peak" if args.traced else "resident peak growth"
    print(f"catalogue bench: sample of {len(real)} real SUIT records vs {size} synthesised; memory = {memory}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as scratch:
        folder = Path(scratch)
        os.environ.pop("WORKFLOW_HOME", None)
        small_web = SAMPLE.parent / "web-entries.json"
        small, _ = run(folder / "small", SAMPLE, small_web if small_web.is_file() else web_list(
            folder / "web-small.json", real), args.traced)
        records = synthesise(real, size, 100000, names)
        big, (flows, cycle_id) = run(folder / "big", write_suit(folder / "suit.json", records),
                                     web_list(folder / "web.json", records), args.traced)
        print(f"{'step':<14}{'sample s':>10}{'sample MB':>11}{f'{size} s':>12}{f'{size} cpu s':>14}"
              f"{f'{size} MB':>11}{'× time':>9}")
        for name, (seconds, peak) in big.items():
            s_seconds, s_peak = small[name]
            print(f"{name:<14}{s_seconds:>10.3f}{s_peak:>11.1f}{seconds:>12.3f}{CPU['big:' + name]:>14.3f}"
                  f"{peak:>11.1f}{seconds / max(s_seconds, 1e-6):>9.1f}")
        # Linearity: publication 2 at N (publication 1 had N/2) against publication 2 at 2N (1 had N).
        at_n, peak_n = second_publication(folder / "half", real, names, size, args.traced)
        more = write_suit(folder / "suit-more.json", synthesise(real, size, 100000 + size, names))
        seconds, _, _ = measure(lambda: catalog.import_file(flows["ana"], more), False)
        first = big["import"][0]
        print(f"import of {size} more entries into {size}: {seconds:.3f} s (the first {size}: {first:.3f} s)")
        at_2n, peak_2n, result = measure(lambda: catalog_publish.publish(
            flows["marta"], cycle_id, folder / "big" / "sitio-2"), args.traced, "publish 2N")
        assert result.entries == 2 * size, result.entries
        print(f"publication 2 at {size} entries (1 had {size // 2}): {at_n:.3f} s, {peak_n:.1f} MB; at {2 * size} "
              f"(1 had {size}): {at_2n:.3f} s, {peak_2n:.1f} MB")
        for flow in flows.values():
            flow.close()
    total = time.perf_counter() - started
    per_entry = {name: big[name][0] / size * 1000 for name in big}
    print("per entry (ms): " + ", ".join(f"{name} {ms:.2f}" for name, ms in per_entry.items()))
    print(f"whole run: {total:.1f} s, {time.process_time():.1f} s of CPU (this process, set-up included)")
    print(f"cpu s of publication 2: at {size} {CPU['publish N']:.3f}, at {2 * size} {CPU['publish 2N']:.3f} "
          f"(ratio {CPU['publish 2N'] / max(CPU['publish N'], 1e-6):.2f})")
    print(f"ratio: {at_2n / at_n:.2f} (publication 2 at {2 * size} / at {size} entries, each after one of half "
          f"its size, same run; goal <= 2.5)")
    print(f"ratio: {total / 60:.2f} (whole run / one minute at {size} entries; goal <= 1)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
