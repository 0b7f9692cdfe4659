"""Messages of storage (the database, the evidence stores, atomic files): key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- storage ---------------------------------------------------------------------------------------
    "storage.busy": (
        "la base de datos está ocupada por otro comando; no se guardó nada: vuelva a ejecutarlo",
        "the database is busy with another command; nothing was saved: run the command again",
    ),
    "storage.privilege": (
        "la base de datos no le permite hacerlo (falta un permiso): {detail}; pida a un administrador "
        "`workflow db grant`",
        "the database does not allow you to do this (a privilege is missing): {detail}; ask an "
        "administrator for `workflow db grant`",
    ),
    "storage.guard_refused": (
        "la base de datos rechazó el cambio (nada se guardó): {detail}",
        "the database refused the change (nothing was saved): {detail}",
    ),
    "storage.unreachable": (
        "no se pudo abrir la base de datos {database}: {detail}",
        "cannot open the database {database}: {detail}",
    ),
    "storage.database_error": ("error de la base de datos: {detail}", "database error: {detail}"),
    "storage.bad_url": (
        "la URL de la base de datos no se puede leer: use sqlite:///RUTA o postgresql+psycopg://USUARIO@SERVIDOR/BASE",
        "the database URL cannot be read: use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE",
    ),
    "storage.no_driver": (
        "no hay un controlador instalado para «{driver}»: use sqlite:///RUTA o postgresql+psycopg://…",
        "no driver is installed for '{driver}': use sqlite:///PATH or postgresql+psycopg://…",
    ),
    "storage.write_failed": (
        "no se pudo escribir {path}: {reason}",
        "cannot write {path}: {reason}",
    ),
    "storage.output_exists": (
        "{path} ya existe y no se reemplaza: añada --force para reemplazarlo, o elija otro nombre",
        "{path} exists already and is not replaced: add --force to replace it, or choose another name",
    ),
    # -- evidence --------------------------------------------------------------------------------------
    "evidence.missing": (
        "no existe el archivo de evidencia {path}: revise la ruta",
        "the evidence file {path} does not exist: check the path",
    ),
    "evidence.is_folder": (
        "{path} es una carpeta, no un archivo: indique el archivo de evidencia",
        "{path} is a folder, not a file: give the evidence file itself",
    ),
    "evidence.not_regular": (
        "{path} no puede ser evidencia ({reason}): guarde su contenido en un archivo y adjunte ese archivo",
        "{path} cannot be evidence ({reason}): save its content to a file and attach that file",
    ),
    "evidence.too_large": (
        "el archivo de evidencia {path} es demasiado grande ({reason}): el límite lo fija "
        "WORKFLOW_MAX_EVIDENCE_MB",
        "the evidence file {path} is too large ({reason}): WORKFLOW_MAX_EVIDENCE_MB sets the limit",
    ),
    "evidence.unreadable": (
        "no se puede leer el archivo de evidencia {path} ({reason}): revise sus permisos",
        "cannot read the evidence file {path} ({reason}): check its permissions",
    ),
    "evidence.empty": (
        "el archivo de evidencia {path} está vacío (0 bytes): no prueba nada; adjunte el archivo con su "
        "contenido (revise que se haya guardado o descargado completo)",
        "the evidence file {path} is empty (0 bytes): it proves nothing; attach the file with its content "
        "(check that it was saved or downloaded completely)",
    ),
    "evidence.disk_full": (
        "el disco de WORKFLOW_HOME ({path}) está lleno: libere espacio y vuelva a intentarlo; no se guardó nada",
        "the disk of WORKFLOW_HOME ({path}) is full: free space and try again; nothing was saved",
    ),
    # -- service ---------------------------------------------------------------------------------------
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
    "store.backend_unsupported": (
        "base de datos no soportada «{backend}»: use sqlite o postgresql+psycopg",
        "unsupported database '{backend}': use sqlite or postgresql+psycopg",
    ),
}
