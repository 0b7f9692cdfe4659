"""The core's messages: key -> (Spanish, English).

Loading and validating procedure files, the engine's refusals and states, calendars, item lists,
the audit chain and checkpoints, and the one catalogue of event labels (`event.<type>`): the
terminal, the CSV and XLSX sheets, the XES log and the HTML report all show these through
`workflow.core.events.event_label`, so a type reads the same on every screen and in every file.
Each problem says what is wrong and how to fix it; the location (PATH:LINE:COL) is added by `Problem`.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- definition ------------------------------------------------------------------------------------
    # Used by workflow.errors
    "definition.invalid": (
        "{count} problema(s) en el archivo",
        "{count} problem(s) in the file"),
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
    "definition.file_refused": (
        "no se lee este archivo: {reason}",
        "this file is not read: {reason}"),
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
        "el archivo anida más de {limit} niveles: un procedimiento no necesita tantos",
        "the file nests more than {limit} levels: a procedure does not need that many"),
    "definition.yaml_int_too_large": (
        "el número {value} es demasiado grande (el máximo es {limit}): corríjalo",
        "the number {value} is too large (at most {limit}): correct it"),
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
    "definition.too_large": (
        "{what} debe ser {limit} o menos, pero es {value}",
        "{what} must be {limit} or less, but it is {value}"),
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
    # -- engine ----------------------------------------------------------------------------------------
    "engine.actor_not_registered": (
        "«{login}» no está registrado como funcionario: un administrador debe registrarlo con "
        "`workflow staff add {login} --area ÁREA --role ROL`",
        "'{login}' is not registered staff: an administrator must register them with "
        "`workflow staff add {login} --area AREA --role ROLE`",
    ),
    "engine.actor_lacks_role": (
        "«{login}» no puede actuar en la actividad {number}: se requiere el cargo {role} en una de "
        "estas áreas: {areas}",
        "'{login}' may not act on activity {number}: it needs the role {role} in one of these areas: {areas}",
    ),
    "engine.actor_lacks_role_admin": (
        "«{login}» no puede hacerlo en la actividad {number}: se requiere el cargo {role} en una de "
        "estas áreas: {areas}, o ser administrador",
        "'{login}' may not do this at activity {number}: it needs the role {role} in one of these "
        "areas: {areas}, or an administrator",
    ),
    "engine.activity_unknown": (
        "{code} versión {version} no tiene actividad {expected}; sus actividades son: {activities}; "
        "revise --activity",
        "{code} version {version} has no activity {expected}; its activities are: {activities}; "
        "check --activity",
    ),
    "engine.activity_moved": (
        "el ciclo ya no está en la actividad {expected} (ahora está en la {current}); no se guardó "
        "nada: consulte el ciclo y vuelva a ejecutar el comando",
        "the cycle is no longer at activity {expected} (it is now at {current}); nothing was saved: "
        "look at the cycle again and rerun the command",
    ),
    "engine.cycle_ended_conflict": (
        "el ciclo ya terminó ({state}) y no está en la actividad {expected}; no se guardó nada",
        "the cycle has ended ({state}) and is not at activity {expected}; nothing was saved",
    ),
    "engine.cycle_ended": (
        "el ciclo ya terminó ({state}): no admite más pasos",
        "the cycle has ended ({state}): it takes no more steps",
    ),
    "engine.records_missing": (
        "la actividad {number} requiere evidencia de: {records}; adjúntela con "
        "`--evidence ARCHIVO --record {first}`",
        "activity {number} requires evidence of: {records}; attach it with "
        "`--evidence FILE --record {first}`",
    ),
    "engine.reason_required": (
        "indique el motivo con --reason \"...\": este paso queda en la auditoría con su motivo",
        "give the reason with --reason \"...\": this step is audited with its reason",
    ),
    "engine.return_target": (
        "no se puede devolver a la actividad {target}: desde la actividad {current} solo se puede devolver a: {allowed}",
        "cannot return to activity {target}: from activity {current} it may only return to: {allowed}",
    ),
    "engine.event_not_allowed": (
        "el paso «{event}» no es posible desde el estado {state}",
        "the step '{event}' is not possible from state {state}",
    ),
    "engine.record_not_of_activity": (
        "el registro «{record}» no corresponde a la actividad {number}; sus registros son: {records}",
        "the record '{record}' does not belong to activity {number}; its records are: {records}",
    ),
    "engine.activity_has_no_records": (
        "la actividad {number} no requiere registros (N/A): no hay dónde adjuntar «{record}»",
        "activity {number} requires no records (N/A): there is nowhere to attach '{record}'",
    ),
    "engine.cannot_start": (
        "«{login}» no puede iniciar ciclos de {code}: se requiere uno de estos cargos: {roles}",
        "'{login}' may not start cycles of {code}: it needs one of these roles: {roles}",
    ),
    "state.active": ("activo", "active"),
    "state.completed": ("completado", "completed"),
    "state.cancelled": ("cancelado", "cancelled"),
    "state.suspended": ("suspendido", "suspended"),
    "state.activity_n": ("actividad {number}", "activity {number}"),
    "state.suspended_n": ("suspendido en la actividad {number}", "suspended at activity {number}"),
    "engine.cycle_suspended": (
        "el ciclo está suspendido en la actividad {number}: reanúdelo primero con `workflow cycle resume`",
        "the cycle is suspended at activity {number}: resume it first with `workflow cycle resume`",
    ),
    "engine.not_suspended": (
        "el ciclo no está suspendido: no hay nada que reanudar",
        "the cycle is not suspended: there is nothing to resume",
    ),
    "engine.not_optional": (
        "la actividad {number} no es opcional: no se puede omitir",
        "activity {number} is not optional: it cannot be skipped",
    ),
    "engine.items_pending": (
        "la actividad {number} tiene {count} elementos pendientes: {items}; adjunte su evidencia con "
        "`--item` o exímalos con `workflow cycle waive`",
        "activity {number} has {count} pending items: {items}; attach their evidence with `--item` or "
        "waive them with `workflow cycle waive`",
    ),
    "engine.activity_has_no_items": (
        "la actividad {number} no se ejecuta por elementos: quite --item",
        "activity {number} has no items: remove --item",
    ),
    "engine.unknown_item": (
        "«{item}» no es un elemento de la actividad {number}: vea `workflow cycle show`",
        "'{item}' is not an item of activity {number}: see `workflow cycle show`",
    ),
    # -- calendar --------------------------------------------------------------------------------------
    # Building a calendar
    "calendar.unknown_country": (
        "el paquete holidays no conoce el país `{country}`: use un código ISO 3166-1 alfa-2, como CO",
        "the holidays package does not know the country `{country}`: use an ISO 3166-1 alpha-2 code, such as CO"),
    "calendar.unknown_subdivision": (
        "el paquete holidays no conoce la subdivisión `{subdivision}` de `{country}`: quítela o use un código que el paquete liste",
        "the holidays package does not know the subdivision `{subdivision}` of `{country}`: drop it or use a code the package lists"),
    # The calendar file
    "calendar.empty": (
        "el archivo está vacío: escriba al menos `format: 1` y `days: []`",
        "the file is empty: write at least `format: 1` and `days: []`"),
    "calendar.not_a_mapping": (
        "el archivo debe ser un mapa con las claves format y days (y, si quiere, examples)",
        "the file must be a mapping with the keys format and days (and, optionally, examples)"),
    "calendar.unknown_key": (
        "clave desconocida `{key}`: las claves permitidas aquí son {allowed}",
        "unknown key `{key}`: the keys allowed here are {allowed}"),
    "calendar.missing_key": (
        "falta la clave `{key}`",
        "the key `{key}` is missing"),
    "calendar.format": (
        "formato {value} no soportado: este programa lee el formato {supported}",
        "unsupported format {value}: this program reads format {supported}"),
    "calendar.not_a_list": (
        "`{key}` debe ser una lista de entradas, cada una empezando con `- date: ...`",
        "`{key}` must be a list of entries, each starting with `- date: ...`"),
    "calendar.entry_not_a_mapping": (
        "cada entrada debe ser un mapa con date, kind, reason y, si es un rango, until",
        "each entry must be a mapping with date, kind, reason and, for a range, until"),
    "calendar.bad_date": (
        "`{key}`: `{value}` no es una fecha real escrita AAAA-MM-DD (por ejemplo 2026-12-24)",
        "`{key}`: `{value}` is not a real date written YYYY-MM-DD (for example 2026-12-24)"),
    "calendar.unknown_kind": (
        "tipo desconocido `{value}`: use uno de {allowed}",
        "unknown kind `{value}`: use one of {allowed}"),
    "calendar.until_before_date": (
        "el rango termina ({until}) antes de empezar ({date}): corrija until o date",
        "the range ends ({until}) before it starts ({date}): correct until or date"),
    "calendar.reason_missing": (
        "reason debe ser un texto no vacío: el decreto o el motivo que se le dirá al ciudadano",
        "reason must be non-empty text: the decree or the reason the citizen will be told"),
    # Traffic lights of a term, for lists and reminders
    "calendar.light_green": ("a tiempo", "on time"),
    "calendar.light_amber": ("por vencer", "due soon"),
    "calendar.light_red": ("vencido", "overdue"),
    # -- itemlist --------------------------------------------------------------------------------------
    "itemlist.bad_item": (
        "cada elemento es un nombre (texto no vacío)",
        "each item is a name (non-empty text)",
    ),
    "itemlist.duplicate": (
        "«{name}» ya está en la lista (línea {line})",
        "'{name}' is already in the list (line {line})",
    ),
    "itemlist.empty": (
        "la lista está vacía: escriba un nombre por línea (`- Secretaría de Hacienda`) o grupos de nombres",
        "the list is empty: write one name per line (`- Secretaría de Hacienda`) or groups of names",
    ),
    "itemlist.group_not_list": (
        "el grupo «{group}» debe ser una lista de nombres",
        "the group '{group}' must be a list of names",
    ),
    "itemlist.unknown_key": (
        "clave desconocida `{key}`: un archivo de lista tiene `id:` e `items:` (los grupos van dentro de `items:`)",
        "unknown key `{key}`: a list file has `id:` and `items:` (groups go inside `items:`)",
    ),
    "itemlist.items_missing": (
        "falta `items:`: ponga debajo los nombres (`- Secretaría de Hacienda`) o grupos de nombres",
        "`items:` is missing: put the names under it (`- Secretaría de Hacienda`) or groups of names",
    ),
    "itemlist.shape": (
        "los elementos de una lista son una lista de nombres o un mapa de grupos a listas de nombres",
        "the items of a list are a list of names or a mapping of groups to lists of names",
    ),
    "reference.id_missing": (
        "falta `id:`: escriba al comienzo del archivo el id con el que los procedimientos nombran {kind} "
        "(`id: dependencias`); el nombre del archivo no cuenta",
        "`id:` is missing: write at the top of the file the id procedures name {kind} by "
        "(`id: dependencias`); the file's name does not count",
    ),
    "reference.id_invalid": (
        "`id: {value}` no es un id que un procedimiento pueda nombrar: use minúsculas, cifras y _ "
        "(por ejemplo `santa_marta`)",
        "`id: {value}` is not an id a procedure can name: use lowercase letters, digits and _ "
        "(for example `santa_marta`)",
    ),
    "reference.kind.item_list": ("esta lista", "this list"),
    "reference.kind.calendar": ("este calendario", "this calendar"),
    "reference.duplicate_id": (
        "otro archivo ya declara `id: {id}` ({other}): cada lista o calendario tiene su propio id",
        "another file already declares `id: {id}` ({other}): each list or calendar has its own id",
    ),
    "reference.unpublished_lists": (
        "{code} versión {version} usa la lista {lists}, que no está publicada: publíquela antes con "
        "`workflow data publish ARCHIVO` (un archivo con `id: {lists}`)",
        "{code} version {version} uses the list {lists}, which is not published: publish it first with "
        "`workflow data publish FILE` (a file declaring `id: {lists}`)",
    ),
    "reference.unpublished_calendar": (
        "{code} versión {version} usa el calendario {calendar}, que no está publicado: publíquelo antes con "
        "`workflow data publish ARCHIVO --kind calendar` (un archivo con `id: {calendar}`)",
        "{code} version {version} uses the calendar {calendar}, which is not published: publish it first with "
        "`workflow data publish FILE --kind calendar` (a file declaring `id: {calendar}`)",
    ),
    "reference.unpublished_both": (
        "{code} versión {version} usa la lista {lists} y el calendario {calendar}, que no están publicados: "
        "publíquelos antes con `workflow data publish ARCHIVO` y `workflow data publish ARCHIVO --kind calendar`",
        "{code} version {version} uses the list {lists} and the calendar {calendar}, which are not published: "
        "publish them first with `workflow data publish FILE` and `workflow data publish FILE --kind calendar`",
    ),
    "reference.missing_list": (
        "la lista «{name}» que usa la actividad {number} no está publicada: publíquela con "
        "`workflow data publish ARCHIVO` (un archivo con `id: {name}`)",
        "the list '{name}' that activity {number} uses is not published: publish it with "
        "`workflow data publish FILE` (a file declaring `id: {name}`)",
    ),
    "reference.bad_kind": (
        "tipo de datos desconocido «{kind}»: use list o calendar",
        "unknown data kind '{kind}': use list or calendar",
    ),
    "engine.item_not_pending": (
        "el elemento «{item}» ya está {state}: no hay nada que eximir",
        "the item '{item}' is already {state}: there is nothing to waive",
    ),
    "engine.migrate_no_counterpart": (
        "la actividad {number} no existe en la versión {version}: indique a cuál pasa con --map {number}=N",
        "activity {number} does not exist in version {version}: say where it goes with --map {number}=N",
    ),
    "engine.migrate_same_version": (
        "el ciclo ya está en la versión {version}",
        "the cycle is already on version {version}",
    ),
    "service.bad_map": (
        "--map {value}: escriba ANTERIOR=NUEVA con números de actividad, p. ej. --map 3=4",
        "--map {value}: write OLD=NEW with activity numbers, e.g. --map 3=4",
    ),
    "item.pending": ("pendiente", "pending"),
    "item.done": ("hecho", "done"),
    "item.waived": ("eximido", "waived"),
    "engine.no_pending_items": (
        "la actividad {number} no tiene elementos pendientes: no hay a quién adjuntar el archivo",
        "activity {number} has no pending items: there is no one to attach the file to",
    ),
    # -- audit -----------------------------------------------------------------------------------------
    "checkpoint.bad_public_key": (
        "la clave pública no es válida: se espera una línea «workflow-ed25519 BASE64»",
        "the public key is not valid: expected one line 'workflow-ed25519 BASE64'",
    ),
    "checkpoint.bad_private_key": (
        "la clave privada de firma no es una clave Ed25519 PEM válida",
        "the signing key is not a valid Ed25519 PEM key",
    ),
    "checkpoint.malformed": (
        "el archivo no es un punto de control de workflow (formato v1)",
        "the file is not a workflow checkpoint (format v1)",
    ),
    "checkpoint.other_key": (
        "el punto de control fue firmado con otra clave ({expected}…), no con la indicada ({given}…)",
        "the checkpoint was signed with another key ({expected}…), not the one given ({given}…)",
    ),
    "checkpoint.forged": (
        "la firma del punto de control no es válida: el archivo fue alterado o falsificado",
        "the checkpoint's signature is not valid: the file was altered or forged",
    ),
    "checkpoint.hashes_malformed": (
        "la lista de hashes no corresponde a este punto de control (otro registro, otro tamaño o dañada)",
        "the hash list does not belong to this checkpoint (another log, another size, or damaged)",
    ),
    "checkpoint.hashes_forged": (
        "la firma de la lista de hashes no es válida: el archivo fue alterado o falsificado",
        "the hash list's signature is not valid: the file was altered or forged",
    ),
    # -- logins ----------------------------------------------------------------------------------------
    # Used by workflow.core.logins
    "login.invalid": (
        "«{login}» no es un usuario válido: un usuario lleva solo minúsculas sin tilde (a-z), dígitos, "
        "«.», «_» y «-», empieza por letra, dígito o «_» y tiene a lo sumo 63 caracteres "
        "(por ejemplo pedro.gomez); el nombre completo va en --name",
        "'{login}' is not a valid login: a login has only lowercase letters without accents (a-z), "
        "digits, '.', '_' and '-', begins with a letter, a digit or '_' and has at most 63 characters "
        "(for example pedro.gomez); the full name goes in --name"),
    # -- events ----------------------------------------------------------------------------------------
    "event.procedure.published": ("Procedimiento publicado", "Procedure published"),
    "event.staff.added": ("Funcionario registrado", "Staff registered"),
    "event.staff.changed": ("Funcionario actualizado", "Staff updated"),
    "event.cycle.started": ("Ciclo iniciado", "Cycle started"),
    "event.evidence.attached": ("Evidencia adjuntada", "Evidence attached"),
    "event.activity.completed": ("Actividad completada", "Activity completed"),
    "event.cycle.returned": ("Ciclo devuelto", "Cycle returned"),
    "event.cycle.cancelled": ("Ciclo cancelado", "Cycle cancelled"),
    "event.access.granted": ("Permisos de base de datos otorgados", "Database privileges granted"),
    "event.reference.published": ("Datos publicados", "Data published"),
    "event.item.waived": ("Elemento eximido", "Item waived"),
    "event.activity.skipped": ("Actividad omitida", "Activity skipped"),
    "event.cycle.suspended": ("Ciclo suspendido", "Cycle suspended"),
    "event.cycle.resumed": ("Ciclo reanudado", "Cycle resumed"),
    "event.cycle.migrated": ("Ciclo migrado de versión", "Cycle moved to another version"),
    # -- files a person names (workflow.core.named_files): the reason inside a caller's sentence -----
    "file.missing": ("no existe", "it does not exist"),
    "file.folder": ("es una carpeta", "it is a folder"),
    "file.special": ("es {kind}, no un archivo normal", "it is {kind}, not a regular file"),
    "file.kind_fifo": ("una tubería con nombre (FIFO)", "a named pipe (FIFO)"),
    "file.kind_device": ("un dispositivo", "a device"),
    "file.kind_socket": ("un socket", "a socket"),
    "file.kind_other": ("un archivo especial", "a special file"),
    "file.too_large": (
        "ocupa {size}, más de los {limit} que se aceptan",
        "it is {size}, more than the {limit} accepted"),
    "file.unreadable": ("{detail}", "{detail}"),
    # -- limits (workflow.core.limits) ------------------------------------------------------------
    "limits.text_too_long": (
        "{option} tiene {length} caracteres; se aceptan hasta {limit}: resúmalo y adjunte el texto "
        "completo como evidencia si hace falta",
        "{option} has {length} characters; at most {limit} are accepted: shorten it and attach the "
        "full text as evidence if needed"),
    "limits.bad_max_evidence": (
        "WORKFLOW_MAX_EVIDENCE_MB={value} no es válido: escriba un número de MB mayor que 0 y de "
        "{limit} como mucho",
        "WORKFLOW_MAX_EVIDENCE_MB={value} is not valid: give a number of MB above 0 and at most {limit}"),
    "limits.day_out_of_range": (
        "{option} {value} está fuera del intervalo aceptado ({earliest} a {latest}): revise el año",
        "{option} {value} is outside the accepted range ({earliest} to {latest}): check the year"),
    "calendar.day_out_of_range": (
        "`{key}: {value}` está fuera de los años que un calendario puede nombrar ({earliest} a {latest}): "
        "revise el año",
        "`{key}: {value}` is outside the years a calendar may name ({earliest} to {latest}): check the year"),
    # -- the audit chain and its replay (workflow.core.chain, replay, reconcile) ------------------------
    "audit.column_mismatch": (
        "la fila de audit_event del evento {seq} fue alterada: la columna {column} dice «{stored}» y el "
        "contenido firmado dice «{hashed}»",
        "the audit_event row of event {seq} was altered: its column {column} says \"{stored}\" and the "
        "hashed payload says \"{hashed}\"",
    ),
    "audit.event_cycle_restarted": (
        "el evento {seq} inicia otra vez el ciclo {cycle}, que ya se había iniciado",
        "event {seq} starts cycle {cycle} again, which had already started",
    ),
    "audit.step_refused": (
        "el evento {seq} ({type} de {login}) no lo permitía el procedimiento en ese momento: {why}",
        "event {seq} ({type} by {login}) was not allowed by the procedure at that moment: {why}",
    ),
    "audit.step_went_elsewhere": (
        "dice que el ciclo pasó a {stated}, pero el procedimiento lo lleva a {state}",
        "it says the cycle went to {stated}, but the procedure takes it to {state}",
    ),
    "audit.step_other_activity": (
        "es de la actividad {stated}, pero el ciclo estaba en la actividad {current}",
        "it is for activity {stated}, but the cycle was at activity {current}",
    ),
    "audit.step_from_elsewhere": (
        "dice que partió de {stated}, pero el ciclo estaba en {state}",
        "it says it started from {stated}, but the cycle was at {state}",
    ),
    "audit.event_unknown_cycle": (
        "el evento {seq} se refiere al ciclo {cycle}, que ningún evento anterior inició",
        "event {seq} refers to cycle {cycle}, which no earlier event started",
    ),
    "audit.event_unknown_item": (
        "el evento {seq} dispensa el ítem {item} del ciclo {cycle}, que el ciclo no tiene",
        "event {seq} waives item {item} of cycle {cycle}, which the cycle does not hold",
    ),
    "audit.event_unknown_list": (
        "el evento {seq} necesita la lista {name}, que no estaba publicada",
        "event {seq} needs the list {name}, which was not published",
    ),
    "audit.event_unknown_procedure": (
        "el evento {seq} usa la versión de procedimiento {sha256}, cuyo texto publicado no está",
        "event {seq} uses the procedure version {sha256}, whose published text is not stored",
    ),
    "audit.event_unknown_type": (
        "el evento {seq} es de un tipo desconocido ({type})",
        "event {seq} is of an unknown type ({type})",
    ),
    "audit.payload_damaged": (
        "el evento {seq} está dañado: su contenido no se puede leer ({detail})",
        "event {seq} is damaged: its payload cannot be read ({detail})",
    ),
    "audit.problem_content": (
        "el contenido del evento {seq} cambió: su hash ya no coincide",
        "the content of event {seq} changed: its hash no longer matches",
    ),
    "audit.problem_gap": (
        "falta el evento {seq}: la secuencia tiene un hueco (se borró un evento)",
        "event {seq} is missing: the sequence has a gap (an event was deleted)",
    ),
    "audit.problem_not_bytes": (
        "el evento {seq} está dañado: su contenido se guardó como texto, no como los bytes que se firmaron",
        "event {seq} is damaged: its payload was stored as text, not as the bytes that were hashed",
    ),
    "audit.problem_order": (
        "el evento {seq} está fuera de orden (eventos reordenados o duplicados)",
        "event {seq} is out of order (events reordered or duplicated)",
    ),
    "audit.problem_rewritten": (
        "el evento {seq} fue reescrito (con un hash nuevo): el evento siguiente aún apunta a su hash original",
        "event {seq} was rewritten (with a fresh hash): the next event still points to its original hash",
    ),
    "audit.published_text_gone": (
        "el texto que publicó el evento {seq} ({row}, SHA-256 {sha256}) ya no está en la tabla {table}: "
        "fue alterado o borrado",
        "the text event {seq} published ({row}, SHA-256 {sha256}) is no longer in the table {table}: "
        "it was altered or deleted",
    ),
    "audit.table_row_differs": (
        "la tabla {table} no coincide con el registro de auditoría en la fila {row}: {column} es «{stored}» "
        "y los eventos dicen «{expected}» (último evento que la explica: {seq})",
        "the table {table} disagrees with the audit trail at row {row}: {column} is \"{stored}\" and the "
        "events say \"{expected}\" (last event that explains it: {seq})",
    ),
    "audit.table_order_differs": (
        "la tabla {table} lista los ítems de {row} en otro orden que la lista que copió el evento {seq}: en el "
        "puesto {position} tiene «{stored}» y la lista dice «{expected}»",
        "the table {table} lists the items of {row} in another order than the list event {seq} copied: at "
        "position {position} it has \"{stored}\" where the list has \"{expected}\"",
    ),
    "audit.table_rows_reordered": (
        "la tabla {table} guarda sus filas en otro orden que los eventos que las registraron (fila {row}, "
        "evento {seq})",
        "the table {table} holds its rows in another order than the events that recorded them (row {row}, "
        "event {seq})",
    ),
    "audit.table_row_missing": (
        "falta en la tabla {table} la fila {row}, que registró el evento {seq}",
        "the table {table} lacks the row {row}, which event {seq} recorded",
    ),
    "audit.table_row_unexplained": (
        "la tabla {table} tiene la fila {row}, que ningún evento del registro de auditoría explica",
        "the table {table} holds the row {row}, which no event of the audit trail explains",
    ),
    "audit.table_text_altered": (
        "el texto de la fila {row} de la tabla {table} ya no tiene el SHA-256 que registró el evento {seq}",
        "the text of row {row} of the table {table} no longer has the SHA-256 that event {seq} recorded",
    ),
    # -- item lists: the addresses of an item (`emails:`) ------------------------------------------------
    "itemlist.item_unknown_key": (
        "clave desconocida `{key}` en un elemento: un elemento es un nombre, o `name:` y `emails:`",
        "unknown key `{key}` in an item: an item is a name, or `name:` and `emails:`",
    ),
    "itemlist.emails_not_list": (
        "`emails:` es una lista de direcciones (`emails: [planeacion@santamarta.gov.co]`)",
        "`emails:` is a list of addresses (`emails: [planeacion@santamarta.gov.co]`)",
    ),
    "itemlist.bad_email": (
        "«{value}» no es una dirección de correo (usuario@dominio, sin espacios ni nombre)",
        "'{value}' is not an e-mail address (user@domain, without spaces or a name)",
    ),
    # -- the trámites catalogue (workflow.core.catalog and its commands) ------------------------------
    "catalog.json_invalid": (
        "no es JSON válido: {reason}",
        "not valid JSON: {reason}",
    ),
    "catalog.json_too_deep": (
        "el JSON anida demasiados niveles",
        "the JSON nests too deeply",
    ),
    "catalog.suit_shape": (
        "no tiene la forma del visor de SUIT: se espera un objeto con «tramites» (una lista de trámites) o una lista de trámites",
        "not the shape of SUIT's viewer: expected an object with \"tramites\" (a list of trámites) or a list of trámites",
    ),
    "catalog.at_path": (
        "{path}: {problem}",
        "{path}: {problem}",
    ),
    "catalog.record_not_object": (
        "el registro no es un objeto JSON (es {kind})",
        "the record is not a JSON object (it is {kind})",
    ),
    "catalog.record_no_number": (
        "el registro no tiene número SUIT («fi»): sin él no tiene código GOV.CO",
        "the record has no SUIT number (\"fi\"): without it there is no GOV.CO code",
    ),
    "catalog.record_bad_number": (
        "«{value}» no es un número SUIT (un entero positivo)",
        "'{value}' is not a SUIT number (a positive integer)",
    ),
    "catalog.record_no_name": (
        "el registro no tiene nombre («nombre»)",
        "the record has no name (\"nombre\")",
    ),
    "catalog.duplicate_code": (
        "el código {code} ya aparece en el registro {other} de este archivo",
        "code {code} already appears in record {other} of this file",
    ),
    "catalog.value_not_text": (
        "se esperaba un texto y hay {kind}",
        "expected text, found {kind}",
    ),
    "catalog.value_not_number": (
        "«{value}» no es un número",
        "'{value}' is not a number",
    ),
    "catalog.value_not_integer": (
        "«{value}» no es un número entero",
        "'{value}' is not a whole number",
    ),
    "catalog.value_not_flag": (
        "«{value}» no es sí ni no",
        "'{value}' is neither yes nor no",
    ),
    "catalog.value_not_object": (
        "se esperaba un objeto y hay {kind}",
        "expected an object, found {kind}",
    ),
    "catalog.value_not_list": (
        "se esperaba una lista y hay {kind}",
        "expected a list, found {kind}",
    ),
    "catalog.template_sheet_missing": (
        "falta la hoja «{sheet}» de la plantilla: genere una con `workflow catalog template -o plantilla.xlsx`",
        "the template's sheet '{sheet}' is missing: make one with `workflow catalog template -o template.xlsx`",
    ),
    "catalog.template_columns": (
        "la hoja «{sheet}» no tiene la columna «{column}»",
        "sheet '{sheet}' has no column '{column}'",
    ),
    "catalog.template_unknown_code": (
        "el código {code} no está en la hoja «tramites»",
        "code {code} is not in the sheet 'tramites'",
    ),
    "catalog.template_bad_code": (
        "«{code}» no es un código GOV.CO (T seguido del número SUIT, p. ej. T28610)",
        "'{code}' is not a GOV.CO code (T followed by the SUIT number, e.g. T28610)",
    ),
    "catalog.template_at": (
        "hoja «{sheet}», fila {row}, columna «{column}»: {problem}",
        "sheet '{sheet}', row {row}, column '{column}': {problem}",
    ),
    "catalog.template_value": (
        "«{value}» no es uno de: {allowed}",
        "'{value}' is not one of: {allowed}",
    ),
    "catalog.rule.legal_basis_missing": (
        "no tiene fundamento legal",
        "it has no legal basis",
    ),
    "catalog.rule.time_missing": (
        "no dice en cuánto tiempo se obtiene (cantidad y unidad)",
        "it does not say how long it takes (quantity and unit)",
    ),
    "catalog.rule.time_unit_unknown": (
        "la unidad de tiempo «{unit}» no es horas, días hábiles, días calendario, meses, años ni inmediato",
        "the time unit '{unit}' is not hours, business days, calendar days, months, years or immediate",
    ),
    "catalog.rule.cost_missing": (
        "tiene un pago pero no dice cuánto cuesta ni cómo se liquida",
        "it has a payment but does not say how much it costs or how it is computed",
    ),
    "catalog.rule.cost_without_legal_basis": (
        "cobra un pago sin ningún fundamento legal que lo autorice",
        "it charges a payment without any legal basis that allows it",
    ),
    "catalog.rule.modality_unknown": (
        "la modalidad «{modality}» no es presencial, parcialmente ni totalmente en línea",
        "the modality '{modality}' is not in person, partly or fully online",
    ),
    "catalog.rule.online_without_url": (
        "se puede hacer en línea pero no da la dirección (URL) donde hacerlo",
        "it can be done online but gives no address (URL) to do it",
    ),
    "catalog.rule.link_not_http": (
        "el enlace «{url}» no es una dirección web http(s) (¿un archivo de un computador?)",
        "the link '{url}' is not an http(s) web address (a file on someone's computer?)",
    ),
    "catalog.rule.coordinates_outside_colombia": (
        "las coordenadas del punto de atención «{point}» ({latitude}, {longitude}) no están en Colombia{hint}",
        "the coordinates of the service point '{point}' ({latitude}, {longitude}) are not in Colombia{hint}",
    ),
    "catalog.hint_swapped": (
        ": parecen latitud y longitud intercambiadas",
        ": latitude and longitude look swapped",
    ),
    "catalog.hint_none": (
        ": revise la ubicación en un mapa",
        ": check the place on a map",
    ),
    "catalog.rule.coordinates_outside_municipality": (
        "las coordenadas del punto de atención «{point}» ({latitude}, {longitude}) no están en {municipality}",
        "the coordinates of the service point '{point}' ({latitude}, {longitude}) are not in {municipality}",
    ),
    "catalog.rule.coordinates_missing": (
        "el punto de atención «{point}» no tiene coordenadas",
        "the service point '{point}' has no coordinates",
    ),
    "catalog.rule.hours_missing": (
        "el punto de atención «{point}» no dice su horario",
        "the service point '{point}' gives no opening hours",
    ),
    "catalog.rule.norm_file_mismatch": (
        "la norma {kind} {number} de {year} tiene el archivo «{file}», que {says}",
        "the norm {kind} {number} of {year} has the file '{file}', which {says}",
    ),
    "catalog.norm_kind_says": (
        "dice que es {kind}",
        "says it is a {kind}",
    ),
    "catalog.norm_number_says": (
        "lleva otro número ({numbers})",
        "carries another number ({numbers})",
    ),
    "catalog.rule.requirement_entity_document": (
        "un requisito pide «{document}», que la propia entidad expide (Decreto-Ley 019 de 2012, art. 9)",
        "a requirement asks for '{document}', which the entity itself issues (Decreto-Ley 019 de 2012, art. 9)",
    ),
    "catalog.rule.name_stray_spaces": (
        "el nombre tenía espacios o saltos de línea de más en la fuente ({fields})",
        "the name had stray spaces or line breaks in the source ({fields})",
    ),
    "catalog.rule.stray_spaces": (
        "{count} campos tenían espacios o saltos de línea de más en la fuente: {fields}",
        "{count} fields had stray spaces or line breaks in the source: {fields}",
    ),
    "catalog.rule.name_case": (
        "el nombre «{name}» {how}",
        "the name '{name}' {how}",
    ),
    "catalog.case_all_caps": (
        "está todo en mayúsculas",
        "is all in capitals",
    ),
    "catalog.case_lower_start": (
        "empieza en minúscula",
        "starts with a lower-case letter",
    ),
    "catalog.rule.duplicate_name": (
        "el nombre «{name}» lo tienen también {others}",
        "the name '{name}' is also the name of {others}",
    ),
    "catalog.rule.dependencia_unassigned": (
        "no tiene dependencia responsable",
        "it has no responsible dependencia",
    ),
    "catalog.fix.legal_basis_missing": (
        "registre en SUIT la norma que crea o regula el trámite (tipo, número, año, artículos)",
        "record in SUIT the norm that creates or regulates it (kind, number, year, articles)",
    ),
    "catalog.fix.time_missing": (
        "registre en SUIT el tiempo de obtención (cantidad y unidad)",
        "record in SUIT the time to obtain it",
    ),
    "catalog.fix.time_unit_unknown": (
        "use horas, días hábiles, días calendario, meses, años o inmediato",
        "use hours, business days, calendar days, months, years or immediate",
    ),
    "catalog.fix.cost_missing": (
        "registre el valor del pago o la forma de liquidarlo, con la norma que lo fija",
        "record the amount or how it is computed, with the norm that sets it",
    ),
    "catalog.fix.cost_without_legal_basis": (
        "registre la norma que autoriza el cobro, o quite el pago",
        "record the norm that allows the charge, or remove the payment",
    ),
    "catalog.fix.modality_unknown": (
        "corrija la modalidad en SUIT",
        "correct the modality in SUIT",
    ),
    "catalog.fix.online_without_url": (
        "registre la URL del trámite en línea, o cambie la modalidad a presencial",
        "record the URL of the online trámite, or set the modality to in person",
    ),
    "catalog.fix.link_not_http": (
        "reemplace el enlace por una dirección https:// pública (suba el archivo a la web de la entidad)",
        "replace the link with a public https:// address (upload the file to the entity's web site)",
    ),
    "catalog.fix.coordinates_outside_colombia": (
        "corrija la latitud y la longitud del punto de atención en SUIT",
        "correct the latitude and longitude of the service point in SUIT",
    ),
    "catalog.fix.coordinates_outside_municipality": (
        "revise en un mapa la ubicación del punto de atención y corríjala en SUIT",
        "check the service point's place on a map and correct it in SUIT",
    ),
    "catalog.fix.coordinates_missing": (
        "registre la latitud y la longitud del punto de atención",
        "record the service point's latitude and longitude",
    ),
    "catalog.fix.hours_missing": (
        "registre el horario de atención del punto",
        "record the service point's opening hours",
    ),
    "catalog.fix.norm_file_mismatch": (
        "corrija el tipo o el número de la norma, o adjunte el archivo correcto",
        "correct the norm's kind or number, or attach the right file",
    ),
    "catalog.fix.requirement_entity_document": (
        "quite el requisito: la entidad consulta ese documento por sí misma",
        "remove the requirement: the entity looks the document up itself",
    ),
    "catalog.fix.name_stray_spaces": (
        "quite los espacios y saltos de línea sobrantes del nombre en SUIT",
        "remove the stray spaces and line breaks from the name in SUIT",
    ),
    "catalog.fix.stray_spaces": (
        "quite los espacios y saltos de línea sobrantes de esos campos en SUIT",
        "remove the stray spaces and line breaks from those fields in SUIT",
    ),
    "catalog.fix.name_case": (
        "escriba el nombre en tipo oración (mayúscula inicial, el resto en minúsculas salvo nombres propios)",
        "write the name in sentence case (capital first letter, the rest lower case but proper names)",
    ),
    "catalog.fix.duplicate_name": (
        "dé a cada trámite un nombre que lo distinga, o retire el repetido",
        "give each entry a name that tells it apart, or withdraw the repeated one",
    ),
    "catalog.fix.dependencia_unassigned": (
        "asígnela con `workflow catalog assign CÓDIGO --dependencia ID`",
        "assign one with `workflow catalog assign CODE --dependencia ID`",
    ),
    "event.catalog.entry_added": (
        "Trámite agregado al catálogo",
        "Catalogue entry added",
    ),
    "event.catalog.entry_changed": (
        "Trámite del catálogo modificado",
        "Catalogue entry changed",
    ),
    "event.catalog.entry_assigned": (
        "Dependencia de un trámite asignada",
        "Catalogue entry assigned",
    ),
    "audit.catalog_added_twice": (
        "el evento {seq} agrega al catálogo {code}, que ya estaba",
        "event {seq} adds {code}, already in the catalogue",
    ),
    "audit.catalog_unknown_entry": (
        "el evento {seq} cambia {code}, que ningún evento anterior agregó al catálogo",
        "event {seq} changes {code}, which no earlier event added to the catalogue",
    ),
    "audit.catalog_other_previous": (
        "el evento {seq} cambia {code} a partir de un contenido que no era el suyo",
        "event {seq} changes {code} from content that was not its content",
    ),
    "audit.catalog_sha_mismatch": (
        "el evento {seq} da a {code} un SHA-256 que no es el de su contenido",
        "event {seq} gives {code} a SHA-256 that is not its content's",
    ),
    # -- the catalogue's publications (catalog.published) -------------------------------------------------
    "event.catalog.published": ("Catálogo publicado", "Catalogue published"),
    "audit.catalog_publication_number": (
        "la publicación {number} del catálogo no sigue a la anterior (se numeran 1, 2, ...)",
        "publication {number} of the catalogue does not follow the previous one (they are numbered 1, 2, ...)",
    ),
    # -- case data (fields, actions, conditions on them): see workflow/messages/requests.py for the rest
    "definition.field_enum_needs_values": (
        "el campo «{field}» es de tipo enum: liste sus valores en `values`",
        "the field '{field}' is an enum: list its values under `values`"),
    "definition.field_values_only_enum": (
        "solo un campo de tipo enum lleva `values` («{field}» no lo es): quite `values` o use `type: enum`",
        "only an enum field takes `values` ('{field}' is not one): remove `values` or use `type: enum`"),
    "definition.field_item_needs_list": (
        "el campo «{field}» es de tipo item: nombre en `list` la lista de `item_lists` de la que toma valores",
        "the field '{field}' is an item: name under `list` the list of `item_lists` its values come from"),
    "definition.field_list_only_item": (
        "solo un campo de tipo item lleva `list` («{field}» no lo es): quite `list` o use `type: item`",
        "only an item field takes `list` ('{field}' is not one): remove `list` or use `type: item`"),
    "definition.field_required_not_at_start": (
        "el campo «{field}» es obligatorio pero no se da al iniciar (`at_start: false`): quite una de las dos",
        "the field '{field}' is required but not given at the start (`at_start: false`): drop one of them"),
    "definition.undeclared_field": (
        "el campo «{ref}» no está declarado en `fields`; {fix}",
        "the field '{ref}' is not declared under `fields`; {fix}"),
    "definition.action_bad_activity": (
        "no existe la actividad {target}: una acción se permite en actividades del procedimiento",
        "there is no activity {target}: an action is allowed at activities of the procedure"),
    "definition.condition_needs_field": (
        "la condición «{condition}» necesita `field` (el campo que mira) y `{key}`",
        "the condition '{condition}' needs `field` (the field it looks at) and `{key}`"),
    "definition.field_value_not_allowed": (
        "«{value}» no es un valor del campo «{field}»; sus valores son: {allowed}",
        "'{value}' is not a value of the field '{field}'; its values are: {allowed}"),
    # -- case data as people give it, requests' events (workflow.core.case_data, case_steps, requests)
    "case.value_empty": ("el campo «{field}» no puede quedar vacío", "the field '{field}' cannot be empty"),
    "case.value_text": (
        "el campo «{field}» es una línea de texto de hasta {limit} caracteres",
        "the field '{field}' is one line of text of at most {limit} characters"),
    "case.value_enum": (
        "«{value}» no es un valor de «{field}»; use uno de: {allowed}",
        "'{value}' is not a value of '{field}'; use one of: {allowed}"),
    "case.value_date": (
        "«{value}» no es una fecha para «{field}»: escríbala AAAA-MM-DD",
        "'{value}' is not a date for '{field}': write it YYYY-MM-DD"),
    "case.value_email": (
        "«{value}» no es una dirección de correo para «{field}» (nombre@dominio.gov.co)",
        "'{value}' is not an e-mail address for '{field}' (name@domain.gov.co)"),
    "case.value_item": (
        "«{value}» no es un elemento de la lista de «{field}»; use uno de: {allowed}",
        "'{value}' is not an item of the list of '{field}'; use one of: {allowed}"),
    "case.field_unknown": (
        "{code} no tiene el campo «{field}»; sus campos son: {fields}",
        "{code} has no field '{field}'; its fields are: {fields}"),
    "case.field_not_at_start": (
        "el campo «{field}» no se da al iniciar: lo registra una acción del procedimiento",
        "the field '{field}' is not given at the start: an action of the procedure sets it"),
    "case.field_required": (
        "falta el campo «{field}» ({name}): dé --field {field}=VALOR",
        "the field '{field}' ({name}) is missing: give --field {field}=VALUE"),
    "case.field_not_in_action": (
        "la acción «{action}» no registra «{field}»; registra: {sets}",
        "the action '{action}' does not set '{field}'; it sets: {sets}"),
    "case.action_nothing_set": (
        "la acción «{action}» necesita al menos uno de sus campos: {sets}",
        "the action '{action}' needs at least one of its fields: {sets}"),
    "case.action_unknown": (
        "{code} no tiene la acción «{action}»; sus acciones son: {actions}",
        "{code} has no action '{action}'; its actions are: {actions}"),
    "case.action_wrong_activity": (
        "la acción «{action}» no se permite en la actividad {number}; se permite en: {allowed}",
        "the action '{action}' is not allowed at activity {number}; it is allowed at: {allowed}"),
    # -- events and the audit --------------------------------------------------------------------------
    "event.fields.set": ("Datos del caso registrados", "Case data set"),
    "event.request.terms_moved": ("Vencimiento movido por suspensión de términos", "Due date moved by a suspension"),
    "audit.event_unknown_request": (
        "el evento {seq} cambia la solicitud {radicado}, que ningún evento anterior radicó (o la radica de nuevo)",
        "event {seq} changes the request {radicado}, which no earlier event filed (or files it again)"),
    # -- citizen requests (Ley 1755 de 2015): workflow.core.requests, workflow.service.requests
    "request.unknown": (
        "no existe la solicitud con radicado {radicado}: vea `workflow request list`",
        "there is no request with radicado {radicado}: see `workflow request list`"),
    "request.procedure_missing": (
        "el procedimiento {code} de las solicitudes no está publicado: un administrador lo publica con "
        "`workflow request enable`",
        "the requests' procedure {code} is not published: an administrator publishes it with "
        "`workflow request enable`"),
    "request.state_unknown": ("estado desconocido «{state}»; los estados son: {states}",
                              "unknown state '{state}'; the states are: {states}"),
    "request.already_imported": (
        "ya se radicó una solicitud de {source}: no se radica dos veces",
        "a request from {source} was already filed: it is not filed twice"),
    "request.received_at_syntax": (
        "«{value}» no es una fecha y hora ISO 8601 (p. ej. 2026-07-10T09:30 o 2026-07-10)",
        "'{value}' is not an ISO 8601 date and time (e.g. 2026-07-10T09:30 or 2026-07-10)"),
    "request.received_in_future": (
        "«{value}» está en el futuro: una solicitud se registra cuando ya llegó",
        "'{value}' is in the future: a request is registered once it has arrived"),
    "request.not_open": (
        "la solicitud {radicado} está «{state}», no abierta: `request {step}` solo se aplica a solicitudes abiertas",
        "the request {radicado} is '{state}', not open: `request {step}` applies only to open requests"),
    "request.not_incomplete": (
        "la solicitud {radicado} está «{state}»: solo una petición incompleta se reanuda o desiste",
        "the request {radicado} is '{state}': only an incomplete petition is resumed or withdrawn"),
    "request.extend_no_term": (
        "esta solicitud no tiene término de respuesta: no hay nada que prorrogar",
        "this request has no answer term: there is nothing to extend"),
    "request.extend_after_due": (
        "prórroga rechazada (Ley 1755 de 2015, art. 14 parágrafo: se informa antes de vencer el término): "
        "el término venció el {due} y hoy es {today}",
        "extension refused (Ley 1755 de 2015, art. 14 parágrafo: it is given before the term expires): the "
        "term expired on {due} and today is {today}"),
    "request.extend_not_later": (
        "la nueva fecha {until} no es posterior al vencimiento actual {due}",
        "the new date {until} is not after the current due date {due}"),
    "request.extend_beyond_twice": (
        "prórroga rechazada (Ley 1755 de 2015, art. 14 parágrafo: nunca más del doble del término inicial, "
        "{twice} días hábiles): {until} es posterior al límite {limit}",
        "extension refused (Ley 1755 de 2015, art. 14 parágrafo: never beyond twice the initial term, "
        "{twice} business days): {until} is after the limit {limit}"),
    "request.forward_late": (
        "traslado rechazado (Ley 1755 de 2015, art. 21: dentro de los 5 días hábiles siguientes al recibo, "
        "hasta el {limit}): han pasado {days} días hábiles",
        "forward refused (Ley 1755 de 2015, art. 21: within 5 business days of receipt, until {limit}): "
        "{days} business days have passed"),
    "request.forward_to_empty": ("diga a qué entidad se traslada (--to)", "say which entity it goes to (--to)"),
    "request.desisted_reason": (
        "Desistimiento tácito: un mes sin completar la petición (Ley 1755 de 2015, art. 17)",
        "Tacit withdrawal: one month without completing the petition (Ley 1755 de 2015, art. 17)"),
    "request.receipt.title": ("CONSTANCIA DE RADICACIÓN", "FILING RECEIPT"),
    "request.receipt.radicado": ("Radicado: {radicado}", "Radicado: {radicado}"),
    "request.receipt.received": ("Recibida: {at} UTC (día {day}, hora de Colombia)",
                                 "Received: {at} UTC (day {day}, Colombian time)"),
    "request.receipt.type": ("Tipo: {type}", "Type: {type}"),
    "request.receipt.channel": ("Canal: {channel}", "Channel: {channel}"),
    "request.receipt.subject": ("Asunto: {subject}", "Subject: {subject}"),
    "request.receipt.citizen": ("Ciudadano: {citizen}", "Citizen: {citizen}"),
    "request.receipt.anonymous": ("Solicitud anónima", "Anonymous request"),
    "request.receipt.due": (
        "Término: {days} días hábiles desde el día siguiente al recibo; vence el {due}",
        "Term: {days} business days from the day after receipt; due on {due}"),
    "request.receipt.no_term": ("Sin término de respuesta", "No answer term"),
    "request.receipt.follow": ("Consulte el estado de su solicitud con el radicado {radicado}.",
                               "Ask about your request with the radicado {radicado}."),
    "request.receipt.basis": ("Ley 1755 de 2015; Decreto 1166 de 2016. Procedimiento {procedure}.",
                              "Ley 1755 de 2015; Decreto 1166 de 2016. Procedure {procedure}."),
    "request.type.peticion": ("Petición", "Petition"),
    "request.type.informacion": ("Solicitud de información y documentos", "Request for information and documents"),
    "request.type.consulta": ("Consulta", "Consultation"),
    "request.type.queja": ("Queja", "Complaint"),
    "request.type.reclamo": ("Reclamo", "Claim"),
    "request.type.sugerencia": ("Sugerencia", "Suggestion"),
    "request.type.denuncia": ("Denuncia", "Report"),
    "request.type.felicitacion": ("Felicitación", "Compliment"),
    "request.channel.chat": ("Chat", "Chat"),
    "request.channel.email": ("Correo electrónico", "E-mail"),
    "request.channel.web": ("Formulario web", "Web form"),
    "request.channel.telefono": ("Teléfono", "Telephone"),
    "request.channel.presencial": ("Presencial", "In person"),
    "request.state.open": ("abierta", "open"),
    "request.state.answered": ("respondida", "answered"),
    "request.state.forwarded": ("trasladada", "forwarded"),
    "request.state.incomplete": ("incompleta (término detenido)", "incomplete (term stopped)"),
    "request.state.withdrawn": ("desistida", "withdrawn"),
    "request.state.closed": ("cerrada", "closed"),
    # -- intake of e-mails and chat exports (workflow.core.intake, workflow.service.request_import)
    "intake.missing": ("no existe {path}: indique un .eml, una carpeta, un mbox, un maildir o una exportación de chat",
                       "{path} does not exist: give an .eml, a folder, an mbox, a maildir or a chat export"),
    "intake.channel": ("canal de importación desconocido «{channel}»: use email o chat",
                       "unknown import channel '{channel}': use email or chat"),
    "intake.chat_not_json": ("{file} no es JSON válido ({detail})", "{file} is not valid JSON ({detail})"),
    "intake.chat_shape": (
        "{file} no tiene la forma de una exportación de chat: {{\"conversations\": [{{\"id\", \"messages\": "
        "[...]}}]}} (vea el README, «Transcripciones de chat»)",
        "{file} is not shaped like a chat export: {{\"conversations\": [{{\"id\", \"messages\": [...]}}]}} "
        "(see the README, \"Chat transcripts\")"),
    "intake.chat_csv_columns": ("{file}: el CSV de chat lleva las columnas {columns}",
                                "{file}: a chat CSV has the columns {columns}"),
}
