"""`procedure schema`: a JSON Schema that documents every field and accepts exactly what the loader accepts."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from tests.conftest import SHIPPED
from workflow.authoring.json_schema import (
    DATE_PATTERN,
    DESCRIPTIONS,
    MODEL_DESCRIPTIONS,
    models,
    procedure_json_schema,
    subschemas,
)
from workflow.core.rules import ID_PATTERN

NO_JSONSCHEMA = ("the `jsonschema` package is not installed (pip install jsonschema): the schema's structure is "
                 "checked, but not validated against YAML files")


def shipped_data() -> Any:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, prop) for node in subschemas(schema) for name, prop in node.get("properties", {}).items()]


def test_it_is_a_draft_2020_12_schema_with_an_id_and_a_title() -> None:
    schema = procedure_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]
    json.dumps(schema)  # plain JSON
    assert procedure_json_schema() == schema and procedure_json_schema() is not schema


def test_every_property_at_every_level_has_a_description_in_spanish_and_english() -> None:
    """Fails when a field is added to the format without a line in schema.DESCRIPTIONS."""
    schema = procedure_json_schema()
    props = properties(schema)
    assert len(props) == sum(len(m.model_fields) for m in models().values())  # $defs included
    for name, prop in props:
        description = prop.get("description", "")
        assert " / " in description, f"`{name}` has no description (Spanish / English) in schema.DESCRIPTIONS"
        spanish, english = description.split(" / ", 1)
        assert spanish.strip() and english.strip(), name
    for definition in schema["$defs"].values():
        assert " / " in definition.get("description", ""), definition["title"]


def test_the_description_tables_match_the_models_exactly() -> None:
    fields = {(name, field) for name, model in models().items() for field in model.model_fields}
    assert sorted(fields - set(DESCRIPTIONS)) == [], "fields without a description"
    assert sorted(set(DESCRIPTIONS) - fields) == [], "descriptions of fields that no longer exist"
    assert set(MODEL_DESCRIPTIONS) == set(models())


def test_no_object_admits_unknown_keys() -> None:
    objects = [node for node in subschemas(procedure_json_schema())
               if node.get("type") == "object" or "properties" in node]
    assert len(objects) == len(models())
    assert all(node.get("additionalProperties") is False for node in objects)


def test_ids_dates_and_version_are_constrained() -> None:
    schema = procedure_json_schema()
    defs = schema["$defs"]
    assert schema["properties"]["version"]["type"] == "string"
    assert schema["properties"]["format"]["const"] == 1
    for model in ("Area", "Role", "Record"):
        assert defs[model]["properties"]["id"]["pattern"] == ID_PATTERN
    activity = defs["Activity"]["properties"]
    assert activity["role"]["pattern"] == ID_PATTERN
    assert activity["areas"]["items"]["pattern"] == ID_PATTERN
    assert activity["records"]["items"]["pattern"] == ID_PATTERN
    for model in ("ChangeEntry", "Act"):
        date = defs[model]["properties"]["date"]
        assert (date["type"], date["format"], date["pattern"]) == ("string", "date", DATE_PATTERN)
        assert re.fullmatch(date["pattern"].strip("^$"), "2019-06-21")


@pytest.fixture
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason=NO_JSONSCHEMA)
    schema = procedure_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(validator: Any, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def test_the_shipped_procedure_validates(validator: Any) -> None:
    assert errors(validator, shipped_data()) == []


def test_an_unknown_key_fails(validator: Any) -> None:
    data = shipped_data()
    data["activities"][1]["responsable"] = "Ana"
    assert errors(validator, data) == ["$.activities[1]: Additional properties are not allowed "
                                       "('responsable' was unexpected)"]
    data = shipped_data()
    data["titel"] = "x"
    assert len(errors(validator, data)) == 1


def test_a_numeric_version_fails(validator: Any) -> None:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8").replace('version: "2"\norganization',
                                                                      "version: 2\norganization"))
    assert data["version"] == 2
    assert errors(validator, data) == ["$.version: 2 is not of type 'string'"]


@pytest.mark.parametrize(("value", "why"), [
    ("Oficina TIC", "does not match"),   # an id with capitals and a space
    ("oficina-tic", "does not match"),
])
def test_a_bad_id_fails(validator: Any, value: str, why: str) -> None:
    data = shipped_data()
    data["areas"][2]["id"] = value
    assert any(why in e for e in errors(validator, data))


def test_an_unquoted_or_malformed_date_fails(validator: Any) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace('date: "2018-03-12"', "date: 2018-03-12")
    assert errors(validator, yaml.safe_load(text))  # YAML reads it as a date, not text
    data = shipped_data()
    data["change_control"][0]["date"] = "12/03/2018"
    assert errors(validator, data)
