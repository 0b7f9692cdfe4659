"""Case data: typed fields declared per procedure, checked at load (PATH:LINE:COL) and when given, set at
the start and by named actions, carried in the audit events, shown by `cycle show`, chosen on by
`field_equals` / `field_in`, rebuilt by `audit verify`."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import ROOT, Office
from workflow.core import engine
from workflow.core.case_data import check_value
from workflow.core.definition import CaseField
from workflow.core.guards import Actor, StepContext
from workflow.core.loading import load_procedure_text
from workflow.errors import DefinitionInvalid, Refused

PQRSD = ROOT / "procedures" / "PQRSD-L1755.yaml"

# A small procedure whose first activity branches on a field of the case.
BRANCHED = """\
format: 1
code: T-CASE
title: Casos
version: "1"
organization: {name: Alcaldía}
macroprocess: M
process: P
change_control: [{version: "1", date: "2026-01-01", description: D}]
leaders: []
objective: O
scope: S
legal_basis: []
definitions: []
operating_policies: []
areas: [{id: a, name: A}]
roles: [{id: r, name: R}]
records: []
activities:
  - number: 1
    name: Clasificar
    description: D
    areas: [a]
    role: r
    records: []
    next:
      - {when: field_equals, field: kind, value: urgent, to: 3}
      - {when: field_in, field: kind, values: [slow, later], to: 2}
      - {to: end}
  - {number: 2, name: Dos, description: D, areas: [a], role: r, records: []}
  - {number: 3, name: Tres, description: D, areas: [a], role: r, records: []}
related_documents: []
fields:
  - {id: kind, name: Tipo, type: enum, values: [urgent, slow, later, other], required: true}
  - {id: due, name: Fecha, type: date}
actions:
  - {id: reclassify, name: Reclasificar, sets: [kind], activities: [1]}
"""


def test_fields_actions_and_field_conditions_load() -> None:
    procedure = load_procedure_text(BRANCHED).procedure
    assert [f.id for f in procedure.fields] == ["kind", "due"]
    assert procedure.action("reclassify").sets == ("kind",)


@pytest.mark.parametrize(("change", "line", "column", "words"), [
    (("values: [urgent, slow, later, other]", "values: []"), 33, 5, "is an enum: list its values"),
    (("value: urgent, to: 3", "value: urgentt, to: 3"), 26, 50, "'urgentt' is not a value of the field 'kind'"),
    (("field: kind, values", "field: knd, values"), 27, 33, "the field 'knd' is not declared"),
    (("sets: [kind]", "sets: [kin]"), 36, 49, "the field 'kin' is not declared under `fields`; did you mean `kind`"),
    (("type: date", "type: dat"), 34, 34, "`type`"),
    (("{when: field_in, field: kind, values: [slow, later], to: 2}", "{when: field_in, field: kind, to: 2}"),
     27, 9, "needs `field`"),
])
def test_a_wrong_field_is_reported_where_it_is(change: tuple[str, str], line: int, column: int, words: str) -> None:
    text = BRANCHED.replace(*change)
    assert text != BRANCHED
    with pytest.raises(DefinitionInvalid) as invalid:
        load_procedure_text(text, "p.yaml")
    rendered = [p.render() for p in invalid.value.problems]
    assert any(r.startswith(f"p.yaml:{line}:{column}:") and words in r for r in rendered), rendered


@pytest.mark.parametrize(("kind", "to_state"), [
    ("urgent", "activity_3"), ("slow", "activity_2"), ("later", "activity_2"), ("other", "completed")])
def test_branches_choose_by_the_case_data(kind: str, to_state: str) -> None:
    loaded = load_procedure_text(BRANCHED)
    procedure = loaded.procedure
    ctx = StepContext(procedure=procedure, activity=procedure.activity(1),
                      actor=Actor("ana", area="a", role="r"), fields={"kind": kind})
    assert engine.decide(procedure, loaded.sha256, "activity_1", "complete", ctx).to_state == to_state


@pytest.mark.parametrize(("kind", "raw", "stored"), [
    ("text", "  Arreglo de vía  ", "Arreglo de vía"),
    ("date", "2026-07-10", "2026-07-10"),
    ("email", "juan.perez@example.gov.co", "juan.perez@example.gov.co"),
    ("enum", "b", "b"),
    ("item", "secretaria-de-hacienda", "secretaria-de-hacienda"),
])
def test_a_value_is_stored_as_its_type_says(kind: str, raw: str, stored: str) -> None:
    field = CaseField(id="f", name="F", type=kind, values=("a", "b") if kind == "enum" else (),  # type: ignore[arg-type]
                      list="deps" if kind == "item" else None)
    assert check_value(field, raw, {"deps": {"secretaria-de-hacienda"}}) == stored


@pytest.mark.parametrize(("kind", "raw", "words"), [
    ("text", "   ", "cannot be empty"), ("text", "a\nb", "one line"), ("date", "10/07/2026", "YYYY-MM-DD"),
    ("date", "2026-02-30", "YYYY-MM-DD"), ("email", "juan at example", "e-mail address"),
    ("enum", "c", "use one of: a, b"), ("item", "catastro", "not an item"),
])
def test_a_wrong_value_is_refused_saying_what_the_field_takes(kind: str, raw: str, words: str) -> None:
    field = CaseField(id="f", name="F", type=kind, values=("a", "b") if kind == "enum" else (),  # type: ignore[arg-type]
                      list="deps" if kind == "item" else None)
    with pytest.raises(Refused, match=words):
        check_value(field, raw, {"deps": {"secretaria-de-hacienda"}})



START = {"type": "peticion", "channel": "chat", "subject": "Alumbrado", "received_on": "2026-11-27"}


def test_fields_set_at_start_and_by_actions_are_audited_shown_and_verified(office: Office) -> None:
    ana = office.as_user("ana")
    cycle = ana.start_cycle("PQRSD-L1755", "caso", dict(START))
    assert ana.act(cycle.id, "assign", {"dependencia": "secretaria-de-hacienda"})["dependencia"] == \
        "secretaria-de-hacienda"
    detail = ana.cycle(cycle.id).to_json()
    assert detail["fields"]["type"] == "peticion" and detail["fields"]["dependencia"] == "secretaria-de-hacienda"
    assert [h["type"] for h in detail["history"]] == ["cycle.started", "fields.set"]
    result = office.as_user("admin").verify()
    assert result.ok, result.problem


@pytest.mark.parametrize(("given", "words"), [
    ({k: v for k, v in START.items() if k != "subject"}, "'subject'.*missing"),
    ({**START, "extended_until": "2026-12-30"}, "not given at the start"),
    ({**START, "colour": "red"}, "has no field 'colour'"),
    ({**START, "channel": "fax"}, "use one of: chat, email"),
])
def test_a_start_with_wrong_case_data_is_refused_and_nothing_is_written(office: Office, given: dict[str, str],
                                                                     words: str) -> None:
    ana = office.as_user("ana")
    before = len(ana.cycles())
    with pytest.raises(Refused, match=words):
        ana.start_cycle("PQRSD-L1755", "caso", given)
    assert len(ana.cycles()) == before


def test_an_action_checks_who_acts_and_what_it_sets(office: Office) -> None:
    ana = office.as_user("ana")
    cycle = ana.start_cycle("PQRSD-L1755", "caso", dict(START))
    with pytest.raises(Refused, match="does not set 'type'"):
        ana.act(cycle.id, "assign", {"type": "queja"})
    with pytest.raises(Refused, match="has no action 'delete'"):
        ana.act(cycle.id, "delete", {"type": "queja"})
    with pytest.raises(Refused, match="reason"):
        ana.act(cycle.id, "extend", {"extended_until": "2026-12-30"})
    with pytest.raises(Refused, match="luis"):  # Oficina SIG: not an area of the activity
        office.as_user("luis").act(cycle.id, "assign", {"dependencia": "secretaria-de-hacienda"})


def test_a_case_field_changed_by_hand_is_named_by_verify(office: Office) -> None:
    ana = office.as_user("ana")
    ana.start_cycle("PQRSD-L1755", "caso", dict(START))
    with closing(sqlite3.connect(office.home / "workflow.db")) as db, db:
        db.execute("UPDATE case_field SET value = 'queja' WHERE field_id = 'type'")
    result = office.as_user("admin").verify()
    assert not result.ok and result.problem is not None and "case_field" in result.problem.render()


def test_mm_gac_p_006_cycles_carry_no_case_data(office: Office, tmp_path: Path) -> None:
    cycle = office.as_user("ana").start_cycle("MM-GAC-P-006", "revisión")
    assert "fields" not in office.as_user("ana").cycle(cycle.id).to_json()
    assert not PQRSD.read_text(encoding="utf-8").startswith("format")  # the schema comment comes first
