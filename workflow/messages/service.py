"""Messages of the use cases (set-up, staff, cycles, reference data, verify, export): key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- service ---------------------------------------------------------------------------------------
    "service.admin_only": (
        "«{login}» no es administrador: solo un administrador puede hacerlo",
        "'{login}' is not an administrator: only an administrator may do this",
    ),
    "service.init_other_admin": (
        "esta base de datos ya fue inicializada y su administrador es {admins}; «{login}» no puede "
        "volver a inicializarla",
        "this database is already initialised and its administrator is {admins}; '{login}' may not "
        "initialise it again",
    ),
    "service.procedures_folder_missing": (
        "no existe la carpeta de procedimientos {path}: revise WORKFLOW_PROCEDURES",
        "the procedures folder {path} does not exist: check WORKFLOW_PROCEDURES",
    ),
    "service.version_taken": (
        "la versión {version} de {code} ya está publicada con otro contenido: cambie `version` en el "
        "archivo para publicar una nueva",
        "version {version} of {code} is already published with different content: change `version` "
        "in the file to publish a new one",
    ),
    "service.procedure_unknown": (
        "no hay ningún procedimiento publicado con el código {code} (publicados: {known})",
        "no procedure with code {code} is published (published: {known})",
    ),
    "service.procedure_version_unknown": (
        "el procedimiento {code} no tiene publicada la versión {version}: vea `workflow procedure list`",
        "procedure {code} has no published version {version}: see `workflow procedure list`",
    ),
    "service.area_unknown": (
        "el área «{area}» no está declarada en ningún procedimiento publicado; áreas conocidas: {known}",
        "the area '{area}' is not declared by any published procedure; known areas: {known}",
    ),
    "service.role_unknown": (
        "el cargo «{role}» no está declarado en ningún procedimiento publicado; cargos conocidos: {known}",
        "the role '{role}' is not declared by any published procedure; known roles: {known}",
    ),
    "service.cycle_unknown": (
        "no existe el ciclo {cycle}: vea `workflow cycle list`",
        "there is no cycle {cycle}: see `workflow cycle list`",
    ),
    "service.cycle_version_missing": (
        "el ciclo {cycle} usa la versión {version}, que no está en la base de datos",
        "the cycle {cycle} runs on version {version}, which is missing from the database",
    ),
    "service.items_not_supported": (
        "la actividad {number} no se ejecuta por elementos: quite --item",
        "activity {number} has no items: remove --item",
    ),
    "access.bad_class": (
        "clase desconocida «{klass}»; use una de: {classes}",
        "unknown class '{klass}'; use one of: {classes}",
    ),
    "service.grant_sqlite": (
        "`db grant` administra roles de PostgreSQL; esta base de datos es SQLite (modo local), donde "
        "quien actúa es WORKFLOW_USER o el usuario del sistema",
        "`db grant` manages PostgreSQL roles; this database is SQLite (embedded mode), where the actor "
        "is WORKFLOW_USER or the operating-system login",
    ),
    # -- audit -----------------------------------------------------------------------------------------
    "audit.evidence_missing": (
        "falta el archivo de evidencia {sha256} registrado en el evento {seq}",
        "the evidence file {sha256} recorded by event {seq} is missing",
    ),
    "audit.evidence_altered": (
        "el archivo de evidencia {sha256} registrado en el evento {seq} fue alterado",
        "the evidence file {sha256} recorded by event {seq} was altered",
    ),
    "audit.guard_trigger_missing": (
        "falta el disparador de protección {trigger} de {table}: alguien con los derechos del propietario o de "
        "un superusuario lo eliminó; trátelo como un incidente ({count} problema(s) de protección)",
        "the guard trigger {trigger} of {table} is missing: someone with the owner's or a superuser's rights "
        "dropped it; treat it as an incident ({count} guard problem(s))",
    ),
    "audit.guard_trigger_disabled": (
        "el disparador de protección {trigger} de {table} está desactivado: alguien con los derechos del "
        "propietario o de un superusuario lo desactivó; trátelo como un incidente ({count} problema(s) de protección)",
        "the guard trigger {trigger} of {table} is disabled: someone with the owner's or a superuser's rights "
        "switched it off; treat it as an incident ({count} guard problem(s))",
    ),
    "audit.guard_function_changed": (
        "la función de protección {function} no es la que instaló la migración: alguien con los derechos del "
        "propietario o de un superusuario la cambió; trátelo como un incidente ({count} problema(s) de protección)",
        "the guard function {function} is not the one the migration installed: someone with the owner's or a "
        "superuser's rights changed it; treat it as an incident ({count} guard problem(s))",
    ),
    "audit.guard_incident": (
        "la base de datos registró un incidente: {command} sobre {object}, por {role}, el {at} "
        "({count} problema(s) de protección); verifique contra un punto de control firmado guardado fuera del servidor",
        "the database recorded an incident: {command} on {object}, by {role}, at {at} ({count} guard "
        "problem(s)); verify against a signed checkpoint kept off the server",
    ),
    "audit.checkpoint_other_log": (
        "el punto de control es de otro registro ({origin}): no corresponde a esta base de datos",
        "the checkpoint belongs to another log ({origin}): it is not of this database",
    ),
    "audit.checkpoint_truncated": (
        "el registro fue truncado: el punto de control firmado cubre {size} eventos y ahora hay {count}",
        "the log was truncated: the signed checkpoint covers {size} events and there are now {count}",
    ),
    "audit.checkpoint_rewritten": (
        "la historia fue reescrita: el evento {seq} ya no tiene el hash que firmó el punto de control",
        "the history was rewritten: event {seq} no longer has the hash the checkpoint signed",
    ),
    "audit.checkpoint_rewritten_from": (
        "la historia fue reescrita desde el evento {seq}: su hash ya no es el que firmó el punto de control",
        "the history was rewritten from event {seq} on: its hash is no longer the one the checkpoint signed",
    ),
    "audit.checkpoint_unreadable": (
        "no se puede leer el punto de control {path} ({reason})",
        "cannot read the checkpoint {path} ({reason})",
    ),
    "audit.key_unreadable": (
        "no se puede leer la clave pública {path} ({reason})",
        "cannot read the public key {path} ({reason})",
    ),
    "audit.no_key": (
        "no hay clave local en {path}: indique la clave pública del punto de control con --key ARCHIVO.pub",
        "there is no local key at {path}: give the checkpoint's public key with --key FILE.pub",
    ),
    "audit.key_missing": (
        "no hay clave de firma en {path}: créela con `workflow audit keygen` (una sola vez; guarde aparte "
        "la clave pública que acompaña al primer punto de control)",
        "there is no signing key at {path}: create it with `workflow audit keygen` (once; keep the public key "
        "that comes with the first checkpoint somewhere else)",
    ),
    "audit.key_missing_named": (
        "WORKFLOW_CHECKPOINT_KEY nombra {path}, que no existe: corrija la ruta, o créela a propósito con "
        "`workflow audit keygen`",
        "WORKFLOW_CHECKPOINT_KEY names {path}, which does not exist: correct the path, or create a key there "
        "on purpose with `workflow audit keygen`",
    ),
    "audit.key_exists": (
        "ya hay una clave de firma en {path}: no se reemplaza (los puntos de control firmados con ella dejarían "
        "de verificarse); para otra clave, indique otra ruta en WORKFLOW_CHECKPOINT_KEY",
        "there is already a signing key at {path}: it is not replaced (checkpoints signed with it would no "
        "longer verify); for another key, name another path in WORKFLOW_CHECKPOINT_KEY",
    ),
    "audit.key_permissions": (
        "la clave privada {path} puede ser leída por otros usuarios: ejecute `chmod 600 {path}`",
        "the private key {path} is readable by other users: run `chmod 600 {path}`",
    ),
    "audit.empty_log": (
        "el registro de auditoría está vacío: no hay nada que firmar",
        "the audit log is empty: there is nothing to sign",
    ),
    "audit.bad_date": (
        "{option} {value}: escriba la fecha como AAAA-MM-DD",
        "{option} {value}: write the date as YYYY-MM-DD",
    ),
    "audit.since_after_until": (
        "--since {since} es posterior a --until {until}: no hay ningún día entre ellas; intercambie las fechas",
        "--since {since} is after --until {until}: no day lies between them; swap the dates",
    ),
    "audit.bad_format": (
        "formato desconocido «{format}»; formatos: {formats}",
        "unknown format '{format}'; formats: {formats}",
    ),
    "audit.payload_unreadable_note": (
        "evento dañado: su contenido no se puede leer (ejecute «workflow audit verify»)",
        "damaged event: its payload cannot be read (run \"workflow audit verify\")",
    ),
    # -- outputs (workflow.service.outputs) and settings -----------------------------------------------
    "outputs.protected": (
        "no se escribe {path}: {protected} es del programa (la base de datos, la evidencia, las claves, "
        "los puntos de control o un procedimiento que publica); elija un archivo fuera de ahí",
        "{path} is not written: {protected} belongs to the program (the database, the evidence, the keys, "
        "the checkpoints or a procedure it publishes); choose a file elsewhere",
    ),
    "outputs.is_folder": (
        "{path} es una carpeta: indique el archivo a escribir dentro de ella",
        "{path} is a folder: give the file to write inside it",
    ),
    # -- evidence content in chunks (PostgreSQL, revision 0005) ------------------------------------------
    "audit.evidence_chunk_altered": (
        "el archivo de evidencia {sha256} registrado en el evento {seq} fue alterado: un fragmento suyo en la "
        "tabla evidence_chunk ya no tiene el SHA-256 que lo nombra",
        "the evidence file {sha256} recorded by event {seq} was altered: one of its chunks in the table "
        "evidence_chunk no longer has the SHA-256 it is stored under",
    ),
    "catalog.attach_needs_cycle": (
        "--attach adjunta la hoja de vida a un ciclo: indique cuál con --cycle ID",
        "--attach attaches the data sheet to a cycle: name it with --cycle ID",
    ),
    "catalog.cycle_changed_nothing": (
        "en el ciclo {cycle} no se ha modificado ningún trámite del catálogo: importe o asigne con --cycle {cycle}, o indique un código o --all",
        "no catalogue entry was changed in cycle {cycle}: import or assign with --cycle {cycle}, or give a code or --all",
    ),
    # -- the trámites catalogue (workflow.core.catalog and its commands) ------------------------------
    "catalog.file_kind": (
        "no se reconoce el tipo de {path}: use el JSON del visor de SUIT (.json) o la plantilla (.csv, .xlsx; `workflow catalog template -o plantilla.xlsx`)",
        "the kind of {path} is not known: use SUIT viewer JSON (.json) or the template (.csv, .xlsx; `workflow catalog template -o template.xlsx`)",
    ),
    "catalog.file_unreadable": (
        "no se puede leer {path}: {reason}",
        "cannot read {path}: {reason}",
    ),
    "catalog.file_not_utf8": (
        "{path} no está en UTF-8: guárdelo como UTF-8 y vuelva a importarlo",
        "{path} is not UTF-8: save it as UTF-8 and import it again",
    ),
    "catalog.file_empty": (
        "{path} no tiene ningún trámite",
        "{path} holds no trámite",
    ),
    "catalog.template_not_xlsx": (
        "{path} no es un libro de Excel (.xlsx) legible: {reason}",
        "{path} is not a readable Excel workbook: {reason}",
    ),
    "catalog.unknown_entry": (
        "no hay ningún trámite con el código {code} en el catálogo: vea `workflow catalog list`",
        "there is no entry with code {code} in the catalogue: see `workflow catalog list`",
    ),
    "catalog.unknown_dependencia": (
        "«{dependencia}» no es una dependencia de la lista publicada «{list}»; dependencias: {known}",
        "'{dependencia}' is not a dependencia of the published list '{list}'; dependencias: {known}",
    ),
    "catalog.no_dependencias": (
        "la lista de dependencias «{list}» no está publicada: publíquela con `workflow data publish`",
        "the list of dependencias '{list}' is not published: publish it with `workflow data publish`",
    ),
    "catalog.not_staff": (
        "«{login}» no es personal registrado de un procedimiento: pida a un administrador `workflow staff add {login} --area ... --role ...`",
        "'{login}' is not registered staff of a procedure: ask an administrator for `workflow staff add {login} --area ... --role ...`",
    ),
    "catalog.sheet_format": (
        "la hoja de vida se escribe como .xlsx o .html, no «{suffix}»",
        "the hoja de vida is written as .xlsx or .html, not '{suffix}'",
    ),
    "catalog.template_format": (
        "la plantilla se escribe como .xlsx o .csv, no «{suffix}»",
        "the template is written as .xlsx or .csv, not '{suffix}'",
    ),
    "catalog.diff_bad_point": (
        "«{value}» no es un punto del catálogo: use «draft» (el catálogo actual), un número de publicación, o @N (el catálogo como quedó tras el evento N de la auditoría)",
        "'{value}' is not a point of the catalogue: use 'draft' (the catalogue now), a publication number, or @N (the catalogue as it stood after audit event N)",
    ),
    "catalog.no_publication": (
        "no hay ninguna publicación {value} del catálogo; publicaciones: {known}",
        "there is no publication {value} of the catalogue; publications: {known}",
    ),
    "catalog.cycle_not_active": (
        "el ciclo {cycle} no está en curso: los cambios del catálogo solo se registran en un ciclo activo",
        "cycle {cycle} is not running: catalogue changes are recorded in an active cycle only",
    ),
}
