"""Messages of item lists and reference data: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "itemlist.shape": (
        "una lista de elementos es una lista de nombres o un mapa de grupos a listas de nombres",
        "an item list is a list of names or a mapping of groups to lists of names",
    ),
    "reference.missing_list": (
        "la lista «{name}» que usa la actividad {number} no está publicada: publíquela con "
        "`workflow data publish procedures/data/{name}.yaml`",
        "the list '{name}' that activity {number} uses is not published: publish it with "
        "`workflow data publish procedures/data/{name}.yaml`",
    ),
    "reference.bad_kind": (
        "tipo de datos desconocido «{kind}»: use list o calendar",
        "unknown data kind '{kind}': use list or calendar",
    ),
    "service.item_not_pending": (
        "el elemento «{item}» ya está {state}: no hay nada que eximir",
        "the item '{item}' is already {state}: there is nothing to waive",
    ),
    "service.migrate_no_counterpart": (
        "la actividad {number} no existe en la versión {version}: indique a cuál pasa con --map {number}=N",
        "activity {number} does not exist in version {version}: say where it goes with --map {number}=N",
    ),
    "service.migrate_same_version": (
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
    "service.no_pending_items": (
        "la actividad {number} no tiene elementos pendientes: no hay a quién adjuntar el archivo",
        "activity {number} has no pending items: there is no one to attach the file to",
    ),
}
