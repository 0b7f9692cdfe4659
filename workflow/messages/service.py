"""Messages of the use cases and the store: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "service.login_empty": (
        "el usuario no puede estar vacío",
        "the login may not be empty",
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
    "store.not_initialised": (
        "la base de datos no está inicializada: ejecute `workflow init`",
        "the database is not initialised: run `workflow init`",
    ),
    "store.needs_upgrade": (
        "la base de datos está en la revisión {found} y este programa necesita la {expected}: "
        "ejecute `workflow db upgrade`",
        "the database is at revision {found} and this program needs {expected}: run `workflow db upgrade`",
    ),
    "store.cycle_changed": (
        "el ciclo {cycle} cambió desde que lo consultó; no se guardó nada: vuelva a ejecutar el comando",
        "the cycle {cycle} changed since you read it; nothing was saved: run the command again",
    ),
    "access.bad_class": (
        "clase desconocida «{klass}»; use una de: {classes}",
        "unknown class '{klass}'; use one of: {classes}",
    ),
    "store.backend_unsupported": (
        "base de datos no soportada «{backend}»: use sqlite o postgresql+psycopg",
        "unsupported database '{backend}': use sqlite or postgresql+psycopg",
    ),
    "service.grant_sqlite": (
        "`db grant` administra roles de PostgreSQL; esta base de datos es SQLite (modo local), donde "
        "quien actúa es WORKFLOW_USER o el usuario del sistema",
        "`db grant` manages PostgreSQL roles; this database is SQLite (embedded mode), where the actor "
        "is WORKFLOW_USER or the operating-system login",
    ),
}
