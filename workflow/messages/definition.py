"""Messages of the definition part: key -> (Spanish, English).

Each problem says what is wrong and how to fix it; the location (PATH:LINE:COL) is added by `Problem`.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # Used by workflow.errors
    "definition.invalid": (
        "{count} problema(s) en el archivo del procedimiento",
        "{count} problem(s) in the procedure file"),
    "definition.warning_prefix": ("aviso: {text}", "warning: {text}"),
    # Reading the file
    "definition.file_missing": (
        "el archivo no existe: revise la ruta",
        "the file does not exist: check the path"),
    "definition.file_is_directory": (
        "es una carpeta, no un archivo: indique el archivo .yaml del procedimiento",
        "this is a folder, not a file: give the procedure's .yaml file"),
    "definition.file_unreadable": (
        "no se puede leer el archivo ({detail}): revise los permisos",
        "the file cannot be read ({detail}): check its permissions"),
    "definition.file_encoding": (
        "el archivo no está en UTF-8 (byte {byte} no válido aquí): guárdelo con la codificación UTF-8",
        "the file is not UTF-8 (byte {byte} is invalid here): save it with UTF-8 encoding"),
    "definition.empty": (
        "el archivo está vacío: debe describir un procedimiento (format:, code:, title:, ...)",
        "the file is empty: it must describe a procedure (format:, code:, title:, ...)"),
    "definition.top_not_mapping": (
        "el archivo debe ser un mapa de claves (format:, code:, title:, ...), pero contiene {found}",
        "the file must be a mapping of keys (format:, code:, title:, ...), but it holds {found}"),
    # YAML itself
    "definition.yaml_syntax": (
        "el YAML no es válido ({detail}): revise la sangría, los dos puntos y las comillas aquí "
        "y en la línea anterior",
        "invalid YAML ({detail}): check the indentation, colons and quotes here and on the line before"),
    "definition.yaml_tab": (
        "hay un tabulador: YAML solo admite espacios para sangrar; cámbielo por espacios",
        "there is a tab character: YAML indents with spaces only; replace it with spaces"),
    "definition.yaml_colon": (
        "dos puntos inesperados: si el texto contiene «: », escríbalo entre comillas; si es una clave, "
        "revise la sangría",
        "unexpected colon: if the text contains \": \", put it in quotes; if it is a key, check the "
        "indentation"),
    "definition.yaml_missing_colon": (
        "falta «:» después de una clave, o la sangría no cuadra con la de las líneas vecinas",
        "a \":\" is missing after a key, or the indentation does not match the lines around it"),
    "definition.yaml_unclosed_quote": (
        "el archivo termina dentro de un texto entre comillas abierto en la línea {opened_line}: "
        "cierre las comillas",
        "the file ends inside a quoted text opened on line {opened_line}: close the quotes"),
    "definition.yaml_several_documents": (
        "el archivo contiene más de un documento YAML (separados por ---): deje uno solo por archivo",
        "the file holds more than one YAML document (separated by ---): keep one per file"),
    "definition.yaml_bad_character": (
        "carácter no permitido {code}: bórrelo (suele venir de copiar y pegar)",
        "character {code} is not allowed: delete it (it usually comes from copy and paste)"),
    "definition.yaml_too_deep": (
        "el archivo anida demasiados niveles: un procedimiento no necesita tantos",
        "the file nests too many levels: a procedure does not need that many"),
    "definition.yaml_alias": (
        "los alias de YAML (*{alias}) no están permitidos: escriba el valor completo",
        "YAML aliases (*{alias}) are not allowed: write the value out in full"),
    "definition.yaml_tag": (
        "la etiqueta YAML `{tag}` no está permitida: quítela y escriba el valor como texto, número, "
        "lista o mapa",
        "the YAML tag `{tag}` is not allowed: remove it and write the value as text, number, list or "
        "mapping"),
    "definition.yaml_bad_scalar": (
        "«{value}» no es un valor válido para `{tag}`: quite la etiqueta o corrija el valor",
        "\"{value}\" is not a valid value for `{tag}`: remove the tag or fix the value"),
    "definition.key_not_text": (
        "las claves deben ser palabras simples (como `name`), no listas ni mapas",
        "keys must be plain words (like `name`), not lists or mappings"),
    "definition.duplicate_key": (
        "la clave `{key}` está repetida (ya aparece en la línea {first_line}): deje una sola",
        "the key `{key}` is repeated (it already appears on line {first_line}): keep only one"),
    # Structure and types
    "definition.unknown_key": (
        "clave desconocida `{key}`; las claves permitidas aquí son: {allowed}",
        "unknown key `{key}`; the keys allowed here are: {allowed}"),
    "definition.unknown_key_suggestion": (
        "clave desconocida `{key}`: ¿quiso decir `{suggestion}`? Las claves permitidas aquí son: {allowed}",
        "unknown key `{key}`: did you mean `{suggestion}`? The keys allowed here are: {allowed}"),
    "definition.missing_field": (
        "falta el campo obligatorio `{field}`: añada `{field}:` a este bloque",
        "the required field `{field}` is missing: add `{field}:` to this block"),
    "definition.null_not_allowed": (
        "{what} no puede quedar vacío: escriba un valor",
        "{what} cannot be empty: write a value"),
    "definition.expected_text": (
        "{what} debe ser un texto, pero contiene {found}",
        "{what} must be text, but it holds {found}"),
    "definition.expected_text_quote": (
        "{what} debe ser un texto, pero contiene {found}: escríbalo entre comillas: \"{source}\"",
        "{what} must be text, but it holds {found}: write it in quotes: \"{source}\""),
    "definition.expected_integer": (
        "{what} debe ser un número entero, pero contiene {found}",
        "{what} must be a whole number, but it holds {found}"),
    "definition.expected_integer_unquote": (
        "{what} debe ser un número entero, no un texto: escríbalo sin comillas: {source}",
        "{what} must be a whole number, not text: write it without quotes: {source}"),
    "definition.expected_bool": (
        "{what} debe ser true o false, pero contiene {found}",
        "{what} must be true or false, but it holds {found}"),
    "definition.expected_list": (
        "{what} debe ser una lista, pero contiene {found}",
        "{what} must be a list, but it holds {found}"),
    "definition.expected_list_null": (
        "{what} debe ser una lista: escriba [] si no tiene elementos",
        "{what} must be a list: write [] if it has no items"),
    "definition.expected_list_wrap": (
        "{what} debe ser una lista, pero contiene {found}: escríbalo como lista: [{source}]",
        "{what} must be a list, but it holds {found}: write it as a list: [{source}]"),
    "definition.expected_mapping": (
        "{what} debe ser un bloque de claves (clave: valor), pero contiene {found}",
        "{what} must be a block of keys (key: value), but it holds {found}"),
    "definition.bad_id": (
        "el identificador `{value}` no es válido: use minúsculas sin tildes, cifras y _, empezando por "
        "una letra (por ejemplo `{suggestion}`)",
        "the id `{value}` is not valid: use lowercase letters without accents, digits and _, starting "
        "with a letter (for example `{suggestion}`)"),
    "definition.empty_text": (
        "{what} no puede ser un texto vacío: escriba el texto o quite la clave si es opcional",
        "{what} cannot be empty text: write the text, or remove the key if it is optional"),
    "definition.too_short": (
        "{what} no puede estar vacío: debe tener al menos {min} elemento(s)",
        "{what} cannot be empty: it needs at least {min} item(s)"),
    "definition.activity_without_areas": (
        "la actividad no tiene áreas responsables: indique al menos una en `areas`",
        "the activity has no responsible area: name at least one under `areas`"),
    "definition.too_small": (
        "{what} debe ser {limit} o más, pero es {value}",
        "{what} must be {limit} or more, but it is {value}"),
    "definition.bad_date": (
        "{what}: «{value}» no es una fecha válida; escríbala como AAAA-MM-DD entre comillas, "
        "por ejemplo \"{example}\"",
        "{what}: \"{value}\" is not a valid date; write it as YYYY-MM-DD in quotes, for example "
        "\"{example}\""),
    "definition.unsupported_format": (
        "versión de formato {value} no soportada: este programa lee archivos con `format: {format}`",
        "format version {value} is not supported: this program reads files with `format: {format}`"),
    "definition.schema_other": ("{what}: {detail}", "{what}: {detail}"),
    "definition.the_file": ("el archivo", "the file"),
    "definition.item_of": ("un elemento de `{field}`", "an item of `{field}`"),
    "definition.found_null": ("nada (null)", "nothing (null)"),
    "definition.found_bool": ("el valor lógico {value}", "the boolean {value}"),
    "definition.found_number": ("el número {value}", "the number {value}"),
    "definition.found_date": ("la fecha {value} sin comillas", "the unquoted date {value}"),
    "definition.found_text": ("el texto «{value}»", "the text \"{value}\""),
    "definition.found_list": ("una lista", "a list"),
    "definition.found_mapping": ("un bloque de claves", "a block of keys"),
    # Rules across the file
    "definition.undeclared_area": (
        "el área `{ref}` no está declarada en `areas`: {fix}",
        "the area `{ref}` is not declared under `areas`: {fix}"),
    "definition.undeclared_role": (
        "el cargo `{ref}` no está declarado en `roles`: {fix}",
        "the role `{ref}` is not declared under `roles`: {fix}"),
    "definition.undeclared_record": (
        "el registro `{ref}` no está declarado en `records`: {fix}",
        "the record `{ref}` is not declared under `records`: {fix}"),
    "definition.did_you_mean": ("¿quiso decir `{suggestion}`?", "did you mean `{suggestion}`?"),
    "definition.declared_are": (
        "use uno de los declarados ({ids}) o declárelo",
        "use one of those declared ({ids}) or declare it"),
    "definition.none_declared": ("declárelo primero", "declare it first"),
    "definition.duplicate_id": (
        "el id `{id}` está repetido en `{section}` ({first}): cada id debe ser único",
        "the id `{id}` is repeated in `{section}` ({first}): each id must be unique"),
    "definition.first_at_line": ("ya aparece en la línea {line}", "it already appears on line {line}"),
    "definition.first_at_item": ("ya aparece en el elemento {item}", "it already appears in item {item}"),
    "definition.duplicate_number": (
        "la actividad número {number} está repetida ({first}): numere las actividades 1, 2, 3… sin repetir",
        "activity number {number} is repeated ({first}): number the activities 1, 2, 3… without repeats"),
    "definition.number_out_of_order": (
        "la actividad número {number} no sigue a la anterior, se esperaba la {expected}: numere las "
        "actividades 1, 2, 3… en orden",
        "activity number {number} does not follow the previous one, {expected} was expected: number the "
        "activities 1, 2, 3… in order"),
    "definition.definition_without_text": (
        "la definición «{term}» no tiene texto en el documento",
        "the definition \"{term}\" has no text in the document"),
    "definition.undeclared_list": (
        "la lista «{ref}» no está declarada en `item_lists`; {fix}",
        "the list '{ref}' is not declared under `item_lists`; {fix}",
    ),
    "definition.bad_return": (
        "la actividad {number} no puede devolverse a {target}: solo a una actividad anterior que exista",
        "activity {number} cannot return to {target}: only to an earlier activity that exists",
    ),
    "definition.bad_branch_target": (
        "no existe la actividad {target}: una rama va a una actividad del procedimiento o a `end`",
        "there is no activity {target}: a branch goes to an activity of the procedure or to `end`",
    ),
    "definition.bad_branch_to": (
        "{what} debe ser el número de una actividad o `end`, pero contiene {found}",
        "{what} must be the number of an activity or `end`, but it holds {found}",
    ),
    "definition.default_branch_not_last": (
        "una rama sin condición (`when`) debe ser la última: las ramas se prueban en orden",
        "a branch without a condition (`when`) must be the last: branches are tried in order",
    ),
    "definition.last_branch_has_condition": (
        "la última rama no debe tener condición: es la rama por defecto cuando ninguna otra aplica",
        "the last branch must have no condition: it is the default when no other applies",
    ),
    "definition.unknown_condition": (
        "condición desconocida «{ref}»; {fix}",
        "unknown condition '{ref}'; {fix}",
    ),
    "definition.condition_needs_record": (
        "la condición «{condition}» necesita `record`: el id del registro que mira",
        "the condition '{condition}' needs `record`: the id of the record it looks at",
    ),
    "definition.condition_needs_items": (
        "la condición «{condition}» solo sirve en una actividad con `for_each`",
        "the condition '{condition}' only applies to an activity with `for_each`",
    ),
}
