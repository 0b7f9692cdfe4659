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
    "audit.problem_gap": (
        "falta el evento {seq}: la secuencia tiene un hueco (se borró un evento)",
        "event {seq} is missing: the sequence has a gap (an event was deleted)",
    ),
    "audit.problem_order": (
        "el evento {seq} está fuera de orden (eventos reordenados o duplicados)",
        "event {seq} is out of order (events reordered or duplicated)",
    ),
    "audit.problem_rewritten": (
        "el evento {seq} fue reescrito (con un hash nuevo): el evento siguiente aún apunta a su hash original",
        "event {seq} was rewritten (with a fresh hash): the next event still points to its original hash",
    ),
    "audit.problem_content": (
        "el contenido del evento {seq} cambió: su hash ya no coincide",
        "the content of event {seq} changed: its hash no longer matches",
    ),
    "audit.evidence_missing": (
        "falta el archivo de evidencia {sha256} registrado en el evento {seq}",
        "the evidence file {sha256} recorded by event {seq} is missing",
    ),
    "audit.evidence_altered": (
        "el archivo de evidencia {sha256} registrado en el evento {seq} fue alterado",
        "the evidence file {sha256} recorded by event {seq} was altered",
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
    "audit.bad_format": (
        "formato desconocido «{format}»; formatos: {formats}",
        "unknown format '{format}'; formats: {formats}",
    ),
}
