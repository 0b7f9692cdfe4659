"""The JSON Schema of the procedure YAML format (`workflow procedure schema`), for editors and other tools.

Pure. Generated from the pydantic `Procedure` model, so it cannot drift from what the loader accepts,
then completed for the people who write procedures: every property has a description (Spanish, then the
English after " / "; process owners read Spanish), ids carry their pattern, dates their format and
pattern, `additionalProperties` is false everywhere, `version` is text. Point an editor at it (for
example, with the YAML extension of VS Code: `# yaml-language-server: $schema=procedure.schema.json` at the
top of the file) to get completion and checks while typing; `workflow procedure validate` stays the
authority (it also checks references between sections, which a JSON Schema cannot express).

The descriptions live in `DESCRIPTIONS` below, keyed by model and field name. A test fails when a field of
the format has none, so a new field is documented when it is added.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from workflow.core.definition import FORMAT, IsoDate, Procedure

__all__ = ["DATE_PATTERN", "DESCRIPTIONS", "MODEL_DESCRIPTIONS", "SCHEMA_ID", "models", "procedure_json_schema",
           "subschemas"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:workflow:schema:procedure:format-{FORMAT}"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

MODEL_DESCRIPTIONS: dict[str, str] = {
    "Procedure": "Un procedimiento documentado, transcrito del documento aprobado, que el motor ejecuta como "
                 "flujo de trabajo / A documented procedure, transcribed from the approved document, that the "
                 "engine runs as a workflow",
    "Organization": "La entidad que adopta el procedimiento / The organisation that adopts the procedure",
    "HeaderAsWritten": "El encabezado de página tal como está impreso, donde los valores principales normalizan "
                       "mayúsculas y tildes / The page header exactly as printed, where the main values "
                       "normalise capitals and accents",
    "ChangeEntry": "Una versión del documento en el control de cambios / One version of the document in its "
                   "change control",
    "Act": "El acto administrativo que adoptó la versión / The administrative act that adopted the version",
    "LegalNorm": "Una norma del marco legal / One norm of the legal basis",
    "Definition": "Un término definido por el documento / A term the document defines",
    "Area": "Un área (dependencia) que participa en el procedimiento / An area (office) that takes part in "
            "the procedure",
    "Role": "Un cargo que ejecuta actividades / A role (position) that carries out activities",
    "Record": "Un registro (evidencia) que producen las actividades / A record (evidence) that activities "
              "produce",
    "Activity": "Una actividad del procedimiento, en su orden / One activity of the procedure, in its order",
    "RelatedDocument": "Un documento relacionado / A related document",
    "ItemList": "Una lista de elementos (p. ej. las dependencias) que publica el dueño del proceso / A list of "
                "items (e.g. the dependencias) that the process owner publishes",
    "CaseField": "Un dato del caso (tipado) que llevan los ciclos: se da al iniciar y con acciones / A typed "
                 "piece of case data the cycles carry: given at the start and by actions",
    "CaseAction": "Una acción con nombre que registra datos del caso sin mover el ciclo / A named action that "
                  "sets case data without moving the cycle",
    "Term": "El término en días hábiles según un dato del caso (p. ej. el tipo de solicitud) / The term in "
            "business days chosen by a piece of case data (e.g. the type of request)",
    "Branch": "Una salida de la actividad: la primera cuya condición se cumple; la última no tiene condición / "
              "A way out of the activity: the first whose condition holds; the last has none",
}



def _id(es: str, en: str) -> str:
    return (f"Identificador {es}: minúsculas sin tildes, dígitos y _, empezando por una letra / Identifier {en}: "
            "lowercase letters without accents, digits and _, starting with a letter")


def _date(es: str, en: str) -> str:
    return f"Fecha {es}, AAAA-MM-DD entre comillas / Date {en}, YYYY-MM-DD in quotes"


DESCRIPTIONS: dict[tuple[str, str], str] = {
    # Procedure
    ("Procedure", "format"): f"Versión del formato de este archivo; hoy siempre {FORMAT} / Version of this "
                             f"file's layout; today always {FORMAT}",
    ("Procedure", "code"): "Código del documento, p. ej. MM-GAC-P-006 / The document's code, e.g. MM-GAC-P-006",
    ("Procedure", "title"): "Título del procedimiento / Title of the procedure",
    ("Procedure", "version"): "Versión del documento, como texto entre comillas (\"2\") / Version of the "
                              "document, as text in quotes (\"2\")",
    ("Procedure", "organization"): "Entidad que adopta el procedimiento / Organisation that adopts the procedure",
    ("Procedure", "macroprocess"): "Macroproceso al que pertenece / Macroprocess it belongs to",
    ("Procedure", "process"): "Proceso al que pertenece / Process it belongs to",
    ("Procedure", "pages"): "Número de páginas del documento / Number of pages of the document",
    ("Procedure", "as_written"): "Encabezado de página tal como está impreso / Page header exactly as printed",
    ("Procedure", "change_control"): "Control de cambios, de la versión más antigua a la más reciente / Change "
                                     "control, from the oldest version to the newest",
    ("Procedure", "leaders"): "Líderes del procedimiento / Leaders of the procedure",
    ("Procedure", "objective"): "Objetivo / Objective",
    ("Procedure", "scope"): "Alcance: dónde inicia y dónde termina / Scope: where it starts and where it ends",
    ("Procedure", "legal_basis"): "Marco legal / Legal basis",
    ("Procedure", "definitions"): "Definiciones de términos / Definitions of terms",
    ("Procedure", "operating_policies"): "Políticas de operación / Operating policies",
    ("Procedure", "areas"): "Áreas que participan; las actividades las nombran por su id / Areas that take "
                            "part; activities name them by id",
    ("Procedure", "roles"): "Cargos que ejecutan actividades; las actividades los nombran por su id / Roles "
                            "that carry out activities; activities name them by id",
    ("Procedure", "records"): "Registros (evidencias); las actividades los nombran por su id / Records "
                              "(evidence); activities name them by id",
    ("Procedure", "activities"): "Actividades, numeradas 1, 2, 3... en orden / Activities, numbered 1, 2, "
                                 "3... in order",
    ("Procedure", "related_documents"): "Documentos relacionados / Related documents",
    ("Procedure", "item_lists"): "Listas de elementos que usan las actividades con `for_each` / Item lists used "
                                 "by activities with `for_each`",
    ("Procedure", "calendar"): "Calendario de días no hábiles locales (procedures/calendars/ID.yaml) / Calendar "
                               "of local non-working days (procedures/calendars/ID.yaml)",
    # ItemList
    ("ItemList", "id"): "Identificador de la lista (nombre del archivo en procedures/data/) / Id of the list "
                        "(name of its file in procedures/data/)",
    ("ItemList", "name"): "Nombre visible de la lista / Display name of the list",
    # Branch
    ("Branch", "to"): "Número de la actividad siguiente, o `end` / Number of the next activity, or `end`",
    ("Branch", "when"): "Condición del registro de condiciones (record_attached, record_missing, "
                        "all_items_waived, some_items_waived) / Condition from the registry",
    ("Branch", "record"): "Registro que mira la condición record_attached / record_missing / Record the "
                          "condition looks at",
    # Organization
    ("Organization", "name"): "Nombre de la entidad / Name of the organisation",
    ("Organization", "subtitle"): "Subtítulo de la entidad / Subtitle of the organisation",
    # HeaderAsWritten
    ("HeaderAsWritten", "organization"): "Entidad, tal como está impresa / Organisation, as printed",
    ("HeaderAsWritten", "title"): "Título, tal como está impreso / Title, as printed",
    ("HeaderAsWritten", "process"): "Proceso, tal como está impreso / Process, as printed",
    ("HeaderAsWritten", "macroprocess"): "Macroproceso, tal como está impreso / Macroprocess, as printed",
    # ChangeEntry
    ("ChangeEntry", "version"): "Versión, como texto entre comillas / Version, as text in quotes",
    ("ChangeEntry", "date"): _date("de la versión", "of the version"),
    ("ChangeEntry", "description"): "Descripción del cambio / Description of the change",
    ("ChangeEntry", "act"): "Acto administrativo que adoptó la versión, si lo hay / Administrative act that "
                            "adopted the version, if any",
    # Act
    ("Act", "kind"): "Tipo de acto, p. ej. Resolución / Kind of act, e.g. Resolución",
    ("Act", "number"): "Número del acto, como texto / Number of the act, as text",
    ("Act", "date"): _date("del acto", "of the act"),
    # LegalNorm
    ("LegalNorm", "norm"): "Norma, p. ej. Decreto 2573 de 2014 / Norm, e.g. Decreto 2573 de 2014",
    ("LegalNorm", "description"): "Qué establece la norma (null si el documento no lo dice) / What the norm "
                                  "establishes (null where the document does not say)",
    # Definition
    ("Definition", "term"): "Término / Term",
    ("Definition", "text"): "Definición; null si el documento no la da (se acepta con un aviso) / Definition; "
                            "null where the document gives none (accepted with a warning)",
    ("Definition", "as_written"): "Término tal como está escrito / Term as written",
    # Area
    ("Area", "id"): _id("del área", "of the area"),
    ("Area", "name"): "Nombre del área / Name of the area",
    ("Area", "as_written"): "Nombre tal como está escrito / Name as written",
    # Role
    ("Role", "id"): _id("del cargo", "of the role"),
    ("Role", "name"): "Nombre del cargo / Name of the role",
    # Record
    ("Record", "id"): _id("del registro", "of the record"),
    ("Record", "name"): "Nombre del registro / Name of the record",
    ("Record", "code"): "Código del formato, o null si no tiene / Code of the form, or null where it has none",
    ("Record", "as_written"): "Nombre tal como está escrito / Name as written",
    # Activity
    ("Activity", "number"): "Número de la actividad: 1, 2, 3... en orden / Number of the activity: 1, 2, "
                            "3... in order",
    ("Activity", "name"): "Nombre corto de la actividad / Short name of the activity",
    ("Activity", "description"): "Descripción de la actividad / Description of the activity",
    ("Activity", "areas"): "Áreas responsables, por id (al menos una) / Responsible areas, by id (at least one)",
    ("Activity", "role"): "Cargo que la ejecuta, por id / Role that carries it out, by id",
    ("Activity", "records"): "Registros que la actividad exige como evidencia, por id ([] si N/A) / Records "
                             "the activity requires as evidence, by id ([] where N/A)",
    ("Activity", "records_as_written"): "Columna de registros tal como está escrita / Records column as written",
    ("Activity", "notes"): "Notas de la actividad / Notes of the activity",
    ("Activity", "optional"): "Si la actividad puede omitirse (con motivo) / Whether the activity may be "
                              "skipped (with a reason)",
    ("Activity", "term_business_days"): "Término en días hábiles desde que el ciclo llega a la actividad / Term "
                                        "in business days from when the cycle reaches the activity",
    ("Activity", "for_each"): "Lista por cuyos elementos se ejecuta la actividad (una vez por elemento) / List "
                              "whose items the activity runs for (once per item)",
    ("Activity", "returns_to"): "Actividades anteriores a las que se puede devolver (por defecto, todas) / "
                                "Earlier activities it may return to (default: all)",
    ("Activity", "next"): "Ramas de salida, probadas en orden (por defecto, la actividad siguiente) / Branches "
                          "out, tried in order (default: the following activity)",
    # Case data
    ("Procedure", "fields"): "Datos del caso que llevan los ciclos (tipo de solicitud, canal...) / Case data "
                             "the cycles carry (type of request, channel...)",
    ("Procedure", "actions"): "Acciones con nombre que registran datos del caso / Named actions that set case data",
    ("CaseField", "id"): "Identificador del campo / Id of the field",
    ("CaseField", "name"): "Nombre del campo para las personas / Name of the field for people",
    ("CaseField", "type"): "text, enum, date (AAAA-MM-DD), email o item (de una lista) / text, enum, date "
                           "(YYYY-MM-DD), email or item (of a list)",
    ("CaseField", "values"): "Valores permitidos de un enum / Allowed values of an enum",
    ("CaseField", "list"): "Lista (`item_lists`) de la que un campo item toma valores / List (`item_lists`) "
                           "an item field takes its values from",
    ("CaseField", "required"): "Si se exige al iniciar el ciclo / Whether it is required to start a cycle",
    ("CaseField", "at_start"): "Si puede darse al iniciar el ciclo / Whether it may be given at the start",
    ("CaseAction", "id"): "Identificador de la acción / Id of the action",
    ("CaseAction", "name"): "Nombre de la acción / Name of the action",
    ("CaseAction", "sets"): "Campos que registra / Fields it sets",
    ("CaseAction", "activities"): "Actividades en las que se permite (por defecto, todas) / Activities where "
                                  "it is allowed (default: all)",
    ("CaseAction", "reason_required"): "Si exige un motivo / Whether it needs a reason",
    ("Branch", "field"): "Campo que miran field_equals / field_in / Field field_equals / field_in look at",
    ("Branch", "value"): "Valor de field_equals / Value of field_equals",
    ("Branch", "values"): "Valores de field_in / Values of field_in",
    ("Procedure", "terms"): "Términos en días hábiles según los datos del caso / Terms in business days by "
                            "case data",
    ("Term", "field"): "Campo del caso que elige el término / Case field that chooses the term",
    ("Term", "value"): "Valor del campo / Value of the field",
    ("Term", "business_days"): "Días hábiles desde el día siguiente al recibo, o null (sin término) / Business "
                               "days from the day after receipt, or null (no term)",
    ("Term", "norm"): "Norma que fija el término / Norm that sets the term",
    ("Activity", "optional_records"): "Registros que la actividad puede tener sin exigirlos / Records the "
                                      "activity may hold without requiring them",
    # RelatedDocument
    ("RelatedDocument", "name"): "Nombre del documento / Name of the document",
    ("RelatedDocument", "code"): "Código del documento, o null / Code of the document, or null",
}


def _flatten(annotation: Any) -> Iterator[Any]:
    """The types an annotation may stand for, with Annotated, unions and tuples unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _flatten(get_args(annotation)[0])
    elif origin in (Union, types.UnionType, tuple):
        for arg in get_args(annotation):
            if arg is not Ellipsis:
                yield from _flatten(arg)
    else:
        yield annotation


def models() -> dict[str, type[BaseModel]]:
    """Every model of the format, by name (the names of the schema's $defs), `Procedure` first."""
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [Procedure]
    while pending:
        model = pending.pop(0)
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            pending += [t for t in _flatten(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


_DATE_VALIDATOR = next(m for m in get_args(IsoDate)[1:] if isinstance(m, AfterValidator))


def _is_date(model: type[BaseModel], name: str) -> bool:
    return any(m is _DATE_VALIDATOR for m in model.model_fields[name].metadata)


def subschemas(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """`node` and every schema inside it (properties, items, alternatives, $defs), depth first."""
    yield node
    children: list[Any] = []
    for keyword in ("properties", "$defs", "patternProperties"):
        children += list(node.get(keyword, {}).values())
    for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
        children += node.get(keyword, [])
    for keyword in ("items", "additionalProperties", "not", "if", "then", "else"):
        if isinstance(node.get(keyword), dict):
            children.append(node[keyword])
    for child in children:
        yield from subschemas(child)


def _complete_model(schema: dict[str, Any], model: type[BaseModel]) -> None:
    name = model.__name__
    if name in MODEL_DESCRIPTIONS:
        schema["description"] = MODEL_DESCRIPTIONS[name]
    else:
        schema.pop("description", None)  # a docstring in English only: better none, so the test says so
    for field, prop in schema.get("properties", {}).items():
        prop.pop("description", None)
        prop.pop("title", None)  # pydantic's field name in English title case: the description says more
        if (name, field) in DESCRIPTIONS:
            prop["description"] = DESCRIPTIONS[(name, field)]
        if _is_date(model, field):
            prop.update(format="date", pattern=DATE_PATTERN)
    if name == "Procedure":
        schema["properties"]["format"]["const"] = FORMAT
        schema["properties"]["version"]["type"] = "string"  # already: quoted "2", never the number 2


def procedure_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a procedure file, as a new dict each call."""
    generated = copy.deepcopy(Procedure.model_json_schema(mode="validation"))
    definitions: dict[str, Any] = generated.pop("$defs", {})
    all_models = models()
    _complete_model(generated, Procedure)
    for name, definition in definitions.items():
        _complete_model(definition, all_models[name])
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": f"Procedimiento, formato {FORMAT} / Procedure, format {FORMAT}",
        **{k: v for k, v in generated.items() if k != "title"},
        "$defs": definitions,
    }
    for node in subschemas(schema):
        if node.get("type") == "object" or "properties" in node:
            node["additionalProperties"] = False
    return schema
