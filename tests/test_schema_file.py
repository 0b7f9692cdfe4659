"""The JSON Schema editors use is shipped beside the procedures and kept equal to the code's."""

from __future__ import annotations

import json

from tests.conftest import ROOT
from workflow.authoring.json_schema import procedure_json_schema

SCHEMA_FILE = ROOT / "procedures" / "schema" / "procedure.schema.json"


def test_shipped_schema_file_is_current() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    fix = "run: workflow procedure schema > procedures/schema/procedure.schema.json"
    assert shipped == procedure_json_schema(), fix


def test_every_shipped_procedure_names_the_schema_for_its_editor() -> None:
    for path in (ROOT / "procedures").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./schema/procedure.schema.json", path
