"""The XES export (IEEE 1849-2016): a well-formed log that process-mining tools read as the cycles ran."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import CODE, Office, complete_step, write_file
from workflow.exports.source import ExportContext, ExportEvent
from workflow.exports.xes_export import write, xml_text, xs_datetime
from workflow.service import auditing
from workflow.service.facade import EvidenceInput

NS = {"xes": "http://www.xes-standard.org/"}
X = "{http://www.xes-standard.org/}"
NOTE = "revisado <&>\"' \x01fin\nsegunda línea\ttab"



@pytest.fixture
def office(any_office: Office) -> Office:
    """Exports read what the store holds: these tests run on SQLite and on PostgreSQL."""
    return any_office

def _scenario(office: Office, tmp_path: Path) -> dict[str, str]:
    """A full cycle (with a note to escape), one returned then cancelled, one still open; interleaved."""
    full = office.as_user("ana").start_cycle(CODE, "Revisión anual").id
    returned = office.as_user("ana").start_cycle(CODE).id
    complete_step(office, tmp_path, full, 1)
    complete_step(office, tmp_path, returned, 1)
    mail = EvidenceInput(write_file(tmp_path, "c.txt", "correo"), "correo_electronico")
    office.as_user("luis").attach(returned, mail)
    for number in range(2, 6):
        complete_step(office, tmp_path, full, number, note=NOTE if number == 3 else None)
    office.as_user("luis").return_cycle(returned, 1, "Falta la revisión")
    office.as_user("admin").cancel(returned, "Duplicado")
    open_cycle = office.as_user("ana").start_cycle(CODE).id
    return {"full": full, "returned": returned, "open": open_cycle}


def _export(office: Office, tmp_path: Path, cycle: str | None = None) -> tuple[ET.Element, int]:
    out = tmp_path / "trail.xes"
    written = auditing.export(office.as_user("admin"), "xes", out, cycle=cycle)
    return ET.parse(out).getroot(), written


def _attributes(element: ET.Element) -> dict[str, str]:
    return {child.get("key", ""): child.get("value", "") for child in element if child.tag != f"{X}event"}


def _traces(log: ET.Element) -> dict[str, list[dict[str, str]]]:
    return {_attributes(trace)["concept:name"]: [_attributes(event) for event in trace.findall("xes:event", NS)]
            for trace in log.findall("xes:trace", NS)}


def test_the_log_declares_extensions_globals_and_classifiers(office: Office, tmp_path: Path) -> None:
    _scenario(office, tmp_path)
    log, _written = _export(office, tmp_path)
    assert log.tag == f"{X}log" and log.get("xes.version") == "1849-2016"
    extensions = {e.get("prefix"): (e.get("name"), e.get("uri")) for e in log.findall("xes:extension", NS)}
    assert extensions == {
        "concept": ("Concept", "http://www.xes-standard.org/concept.xesext"),
        "time": ("Time", "http://www.xes-standard.org/time.xesext"),
        "org": ("Organizational", "http://www.xes-standard.org/org.xesext"),
        "lifecycle": ("Lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
    }
    globals_ = {g.get("scope"): _attributes(g) for g in log.findall("xes:global", NS)}
    assert set(globals_["trace"]) == {"concept:name"}
    assert set(globals_["event"]) == {"concept:name", "time:timestamp", "lifecycle:transition", "org:resource",
                                      "org:role"}
    assert globals_["event"]["lifecycle:transition"] != "complete"
    classifiers = {c.get("name"): c.get("keys") for c in log.findall("xes:classifier", NS)}
    assert classifiers["Activity"] == "concept:name"
    assert classifiers["Activity classifier"] == "concept:name lifecycle:transition"
    attributes = _attributes(log)
    assert attributes["concept:name"] and attributes["source"] == "workflow"
    assert attributes["lifecycle:model"] == "standard" and attributes["generated_by"] == "admin"
    datetime.fromisoformat(attributes["generated_at"])
    # The XSD order: extensions, globals, classifiers, attributes, traces.
    tags = [child.tag.removeprefix(X) for child in log]
    assert tags.index("classifier") < tags.index("string") < tags.index("trace")
    assert max(i for i, tag in enumerate(tags) if tag == "extension") < tags.index("global")


def test_one_trace_per_cycle_and_every_cycle_event(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    log, written = _export(office, tmp_path)
    traces = _traces(log)
    assert sorted(traces) == sorted(cycles.values())
    admin = office.as_user("admin")
    histories = {cycle_id: admin.cycle(cycle_id).history for cycle_id in cycles.values()}
    assert written == sum(len(h) for h in histories.values()) == sum(len(e) for e in traces.values())
    for cycle_id, events in traces.items():
        assert [int(e["seq"]) for e in events] == [h.seq for h in histories[cycle_id]]
        assert [e["type"] for e in events] == [h.type for h in histories[cycle_id]]
    trace = next(t for t in log.findall("xes:trace", NS) if _attributes(t)["concept:name"] == cycles["full"])
    assert _attributes(trace)["procedure"] == CODE and _attributes(trace)["procedure_version"] == "2"
    assert _attributes(trace)["title"] == "Revisión anual"


def test_one_cycle_only(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    log, written = _export(office, tmp_path, cycle=cycles["returned"])
    assert list(_traces(log)) == [cycles["returned"]]
    assert written == len(office.as_user("admin").cycle(cycles["returned"]).history)


def test_completions_in_order_and_only_they_are_complete(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    traces = _traces(_export(office, tmp_path)[0])
    full = traces[cycles["full"]]
    completions = [e for e in full if e["lifecycle:transition"] == "complete"]
    assert [e["activity_number"] for e in completions] == ["1", "2", "3", "4", "5"]
    assert [e["concept:name"].split(".")[0] for e in completions] == ["1", "2", "3", "4", "5"]
    assert completions[1]["concept:name"] == "2. Solicitar la información a las dependencias"
    for events in traces.values():
        for event in events:
            assert (event["lifecycle:transition"] == "complete") == (event["type"] == "activity.completed"), event
    transitions = {e["type"]: e["lifecycle:transition"] for events in traces.values() for e in events}
    assert transitions == {"cycle.started": "start", "activity.completed": "complete",
                           "evidence.attached": "unknown", "cycle.returned": "ate_abort",
                           "cycle.cancelled": "pi_abort"}
    started = full[0]
    assert started["concept:name"] == completions[0]["concept:name"]  # start and complete of activity 1
    returned = traces[cycles["returned"]]
    aborted = next(e for e in returned if e["type"] == "cycle.returned")
    assert aborted["concept:name"].startswith("2. ") and aborted["reason"] == "Falta la revisión"
    attached = next(e for e in returned if e["type"] == "evidence.attached")
    assert attached["concept:name"] == "Evidence: Correo electrónico"
    assert len(attached["evidence_sha256"]) == 64


def test_who_when_and_evidence_attributes(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    log, _written = _export(office, tmp_path)
    for events in _traces(log).values():
        stamps = [datetime.fromisoformat(e["time:timestamp"]) for e in events]
        assert all(stamp.utcoffset() == timedelta(0) for stamp in stamps)
        assert stamps == sorted(stamps)
        for event, stamp in zip(events, stamps, strict=True):
            exact = datetime.fromisoformat(event["at"])
            assert abs((exact - stamp).total_seconds()) < 0.001
            assert len(event["hash"]) == 64 and event["org:resource"]
    full = _traces(log)[cycles["full"]]
    second = next(e for e in full if e["type"] == "activity.completed" and e["activity_number"] == "2")
    assert (second["org:resource"], second["actor_name"]) == ("luis", "Luis Pérez")
    assert (second["org:role"], second["org:group"]) == ("profesional_universitario", "oficina_sig")
    assert (second["from_state"], second["to_state"]) == ("activity 2", "activity 3")
    trace = next(t for t in log.findall("xes:trace", NS) if _attributes(t)["concept:name"] == cycles["full"])
    element = next(e for e in trace.findall("xes:event", NS) if _attributes(e).get("seq") == second["seq"])
    nested = element.find("xes:string[@key='evidence_1']", NS)
    assert nested is not None and nested.get("value") == second["evidence_sha256"].split()[0]
    assert _attributes(nested)["record"] == "correo_electronico"
    assert element.find("xes:int[@key='seq']", NS) is not None
    cancelled = next(e for events in _traces(log).values() for e in events if e["type"] == "cycle.cancelled")
    assert cancelled["org:resource"] == "admin" and cancelled["org:role"]  # a global is never left out


def test_a_note_with_markup_quotes_and_control_characters_round_trips(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    out = tmp_path / "trail.xes"
    auditing.export(office.as_user("admin"), "xes", out)
    raw = out.read_text(encoding="utf-8")
    assert "\x01" not in raw and "&lt;&amp;&gt;&quot;&apos;" in raw and "&#10;" in raw
    full = _traces(ET.parse(out).getroot())[cycles["full"]]
    noted = next(e for e in full if e.get("note"))
    assert noted["note"] == NOTE.replace("\x01", "")


def test_xml_text_and_timestamps() -> None:
    assert xml_text("a<b>&\"c'\x00\x1f\ud800\ufffe\n") == "a&lt;b&gt;&amp;&quot;c&apos;&#10;"
    assert xs_datetime("2026-11-30T13:00:01.123456Z") == "2026-11-30T13:00:01.123+00:00"
    assert datetime.fromisoformat(xs_datetime("2026-11-30T13:00:01.000000Z")).utcoffset() is not None


def _event(seq: int, cycle_id: str | None, kind: str = "activity.completed") -> ExportEvent:
    return ExportEvent(seq=seq, at=f"2026-11-30T13:00:{seq:02d}.000000Z", type=kind, cycle_id=cycle_id,
                       actor_login="ana", actor_name="Ana", role_id=None, role_name=None, area_id=None,
                       area_name=None, procedure_code=CODE, procedure_version="2", activity_number=1,
                       activity_name="Revisar", from_state="activity_1", to_state="activity_2", evidence=(),
                       note=None, reason=None, payload=b"{}", prev_hash="0" * 64, hash=f"{seq:064x}")


def test_events_are_written_as_they_come_and_events_outside_cycles_are_skipped() -> None:
    out = io.BytesIO()
    seen: list[int] = []

    def events() -> Iterator[ExportEvent]:
        yield _event(1, None, "staff.added")
        seen.append(len(out.getvalue()))
        yield _event(2, "C-1")
        yield _event(3, "C-1")
        seen.append(out.getvalue().count(b"<event>"))
        yield _event(4, "C-2")

    written = write(events(), out, ExportContext(generated_at="2026-11-30T13:00:00.000000Z", generated_by="t"))
    assert written == 3
    assert seen[0] > 0 and seen[1] == 2  # the header first, then each event before the next is read
    log = ET.fromstring(out.getvalue())
    assert [len(events) for events in _traces(log).values()] == [2, 1]


def _directly_follows(trace: list[dict[str, str]]) -> set[tuple[str, str]]:
    names = [e["concept:name"].split(".")[0] for e in trace if e["lifecycle:transition"] == "complete"]
    return set(pairwise(names))


def test_directly_follows_graph_of_the_completions(office: Office, tmp_path: Path) -> None:
    cycles = _scenario(office, tmp_path)
    traces = _traces(_export(office, tmp_path)[0])
    assert _directly_follows(traces[cycles["full"]]) == {("1", "2"), ("2", "3"), ("3", "4"), ("4", "5")}
    edges: dict[tuple[str, str], int] = {}
    for trace in traces.values():
        for edge in _directly_follows(trace):
            edges[edge] = edges.get(edge, 0) + 1
    assert edges == {("1", "2"): 1, ("2", "3"): 1, ("3", "4"): 1, ("4", "5"): 1}


@pytest.mark.filterwarnings("ignore")  # pm4py's own notices (faster optional backends, pandas deprecations)
def test_pm4py_reads_the_log_and_discovers_the_process(office: Office, tmp_path: Path) -> None:
    try:
        import pm4py  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pytest.skip("pm4py not installed (optional, large): pip install pm4py to run this process-mining check")
    cycles = _scenario(office, tmp_path)
    out = tmp_path / "trail.xes"
    auditing.export(office.as_user("admin"), "xes", out)
    frame = pm4py.read_xes(str(out))
    assert set(frame["case:concept:name"]) == set(cycles.values())
    completions = frame[frame["lifecycle:transition"] == "complete"]
    graph, starts, ends = pm4py.discover_dfg(completions)
    names = {n.split(".")[0]: n for n in completions["concept:name"]}
    assert {(names[a], names[b]) for a, b in [("1", "2"), ("2", "3"), ("3", "4"), ("4", "5")]} <= set(graph)
    assert names["1"] in starts and names["5"] in ends
