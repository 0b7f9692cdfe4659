"""The replay and the comparison as pure functions: payloads in, projections and disagreements out."""

from __future__ import annotations

from typing import Any

from workflow.core import chain
from workflow.core.itemlists import Item
from workflow.core.reconcile import StoredTables, first_disagreement
from workflow.core.replay import CYCLE_COLUMNS, Replay

SHA = "ab" * 32
LIST_SHA = "cd" * 32
ITEMS = (Item(id="hacienda", name="Secretaría de Hacienda"), Item(id="tic", name="Oficina TIC"))


def _event(kind: str, at: str, login: str = "ana", cycle: str | None = "P-0001", **more: Any) -> dict[str, Any]:
    return {"format": 1, "type": kind, "at": at, "actor": {"login": login}, "cycle": cycle, "procedure": None,
            "activity": None, "from_state": None, "to_state": None, "evidence": [], "note": None, "reason": None,
            "data": {}, **more}


def _rows(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Stored rows (seq, payload, prev_hash, hash, at, type, actor, cycle_id) of a valid chain."""
    rows, prev = [], chain.GENESIS_HASH
    for seq, event in enumerate(events, start=1):
        link = chain.link(seq, prev, {**event, "seq": seq})
        rows.append((seq, link.payload, link.prev_hash, link.hash, event["at"], event["type"],
                     event["actor"]["login"], event["cycle"]))
        prev = link.hash
    return rows


def _replay() -> Replay:
    return Replay(lambda sha: sha in (SHA, LIST_SHA), lambda sha: ((2, "deps"),) if sha == SHA else None,
                  lambda sha: ITEMS if sha == LIST_SHA else None)


def _trail(lock_versions: bool = True) -> list[dict[str, Any]]:
    ref = {"code": "P", "version": "1", "sha256": SHA}
    started = _event("cycle.started", "T1", procedure=ref, activity={"number": 1}, to_state="activity_1",
                     data={"title": "uno"})
    attached = _event("evidence.attached", "T2", procedure=ref, activity={"number": 1}, evidence=[
        {"sha256": "ef" * 32, "name": "a.pdf", "size": 3, "media_type": "application/pdf", "record": "r",
         "item": None}])
    completed = _event("activity.completed", "T2", procedure=ref, activity={"number": 1},
                       from_state="activity_1", to_state="activity_2")
    events = [_event("reference.published", "T0", cycle=None,
                     data={"kind": "item_list", "name": "deps", "sha256": LIST_SHA}), started, attached, completed]
    if lock_versions:  # as commands write them now: one bump per command, however many events
        for event, lock in zip(events[1:], (1, 2, 2), strict=True):
            event["lock_version"] = lock
    return events


def _run(events: list[dict[str, Any]]) -> tuple[Replay, Any]:
    replay = _replay()
    _count, broken, problem = chain.walk_chain(_rows(events), replay.apply)
    assert broken is None
    return replay, problem


def _cycle(replay: Replay) -> dict[str, Any]:
    return dict(zip(CYCLE_COLUMNS, replay.cycles["P-0001"][:-1], strict=True))


def test_a_cycle_is_rebuilt_column_by_column_from_its_events() -> None:
    replay, problem = _run(_trail())
    assert problem is None
    cycle = _cycle(replay)
    assert (cycle["state"], cycle["activity"], cycle["activity_since"], cycle["lock_version"]) == \
        ("active", 2, "T2", 2)
    assert (cycle["started_at"], cycle["started_by"], cycle["title"], cycle["number"]) == ("T1", "ana", "uno", 1)
    assert replay.evidence == [("P-0001", 1, "r", None, "ef" * 32, 3, "a.pdf", "application/pdf", None, "ana",
                                "T2", 3)]
    assert [values[2] for values, _seq in replay.item_rows()] == ["hacienda", "tic"]  # copied in at the start


def test_events_written_before_they_named_the_lock_version_count_one_command_per_time() -> None:
    replay, problem = _run(_trail(lock_versions=False))
    assert problem is None
    assert _cycle(replay)["lock_version"] == 2  # the attach and the completion share one time: one command


def test_a_row_whose_column_says_something_else_than_its_payload_is_named() -> None:
    replay = _replay()
    rows = _rows(_trail())
    rows[2] = (*rows[2][:6], "marta", rows[2][7])  # the actor column of event 3
    _count, broken, problem = chain.walk_chain(rows, replay.apply)
    assert broken is None
    assert (problem.seq, problem.key, problem.params["column"]) == (3, "audit.column_mismatch", "actor")


def test_an_event_of_a_cycle_nobody_started_is_unexplained() -> None:
    events = _trail()
    del events[1]
    _, problem = _run(events)
    assert (problem.seq, problem.key) == (2, "audit.event_unknown_cycle")


def _tables(replay: Replay, **changes: Any) -> StoredTables:
    cycles = [(key, *values[:-1]) for key, values in replay.cycles.items()]
    tables = {"cycles": cycles, "items": [values for values, _seq in replay.item_rows()],
              "evidence": [(n, *values) for n, values in enumerate(replay.evidence, start=1)], "staff": [],
              "procedures": [], "references": [("item_list", "deps", LIST_SHA, *values, "texto")
                                                for values in replay.references.values()]}
    tables.update(changes)
    return StoredTables(**tables)


def test_tables_as_the_events_say_agree_and_any_change_is_named_by_its_last_event() -> None:
    replay, _problem = _run(_trail())
    replay.references.clear()  # the text of the list is not part of this test
    assert first_disagreement(replay, _tables(replay)) is None
    moved = [("P-0001", *_cycle(replay).values())]
    moved[0] = (*moved[0][:7], 5, *moved[0][8:])  # activity 2 -> 5
    found = first_disagreement(replay, _tables(replay, cycles=moved))
    assert found is not None
    assert (found.seq, found.key, found.params["column"]) == (4, "audit.table_row_differs", "activity")


def test_a_row_no_event_explains_comes_after_every_row_an_event_explains() -> None:
    replay, _problem = _run(_trail())
    replay.references.clear()
    evidence = [(1, *replay.evidence[0]), (2, *replay.evidence[0][:9], "marta", *replay.evidence[0][10:])]
    found = first_disagreement(replay, _tables(replay, evidence=evidence))
    assert found is not None and found.seq is None and found.key == "audit.table_row_unexplained"
    cycles = [("P-0001", *(_cycle(replay) | {"state": "completed"}).values())]
    found = first_disagreement(replay, _tables(replay, evidence=evidence, cycles=cycles))
    assert found is not None and found.seq == 4  # the explained disagreement is reported first


def test_chunks_and_manifests_are_explained_by_the_manifest_an_event_names() -> None:
    from workflow.core.manifests import chunk_list, manifest_sha

    chunks = chunk_list(["01" * 32, "02" * 32])
    manifest = manifest_sha("ef" * 32, 3, chunks)
    events = _trail()
    events[2]["evidence"][0]["manifest"] = manifest
    replay, _problem = _run(events)
    replay.references.clear()
    assert replay.contents == {("ef" * 32, manifest): 3}
    stored = {"manifests": [(manifest, "ef" * 32, 3, chunks)], "chunks": ["01" * 32, "02" * 32]}
    assert first_disagreement(replay, _tables(replay, **stored)) is None

    def found(**changes: Any) -> tuple[Any, str, str]:
        found = first_disagreement(replay, _tables(replay, **(stored | changes)))
        assert found is not None
        return found.seq, found.key, found.params["table"]

    reordered = [(manifest, "ef" * 32, 3, chunk_list(["02" * 32, "01" * 32]))]
    assert found(manifests=reordered) == (3, "audit.table_text_altered", "evidence_manifest")
    assert found(manifests=[]) == (3, "audit.table_row_missing", "evidence_manifest")
    assert found(chunks=["01" * 32]) == (3, "audit.table_row_missing", "evidence_chunk")
    planted = ("cd" * 32, "ef" * 32, 3, "03" * 32)  # under the same file's hash, and its chunk
    assert found(manifests=[*stored["manifests"], planted]) == (None, "audit.table_row_unexplained",
                                                                 "evidence_manifest")
    assert found(chunks=[*stored["chunks"], "03" * 32]) == (None, "audit.table_row_unexplained", "evidence_chunk")
    assert found(blobs=["ef" * 32]) == (None, "audit.table_row_unexplained", "evidence_blob")  # it names a manifest


def test_evidence_read_in_insertion_order_is_a_first_look_and_any_other_order_or_change_is_looked_at_again() -> None:
    events = _trail()
    ref = events[2]["evidence"][0]
    events[2]["evidence"] = [ref, {**ref, "name": "b.pdf"}, {**ref, "name": "c.pdf"}]
    replay, problem = _run(events)
    assert problem is None
    replay.references.clear()
    rows = list(replay.evidence)
    # Batches equal to the recorded rows: agreed without reading `evidence` (which would disagree).
    agreed = _tables(replay, evidence=[], evidence_batches=[rows[:2], rows[2:]])
    assert first_disagreement(replay, agreed) is None
    # Stored in another order than recorded: the first look differs, the full comparison agrees.
    shuffled = [rows[2], rows[0], rows[1]]
    assert first_disagreement(replay, _tables(replay, evidence_batches=[shuffled])) is None
    # One row altered, or one more or one fewer: the first look differs, the full comparison names it.
    altered = [rows[0], (*rows[1][:9], "marta", *rows[1][10:]), rows[2]]
    for stored in (altered, rows[:2], rows + rows[:1]):
        found = first_disagreement(replay, _tables(replay, evidence=[(n, *values) for n, values in
                                                                     enumerate(stored, start=1)],
                                                   evidence_batches=[stored[:1], stored[1:]]))
        assert found is not None and found.params["table"] == "evidence"
