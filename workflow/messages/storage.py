"""Messages of the storage layer: what the database said, in the user's words. key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
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
}
