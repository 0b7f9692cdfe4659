"""Messages of the catalogue's review, requests by e-mail and publication (activities 1, 2 and 4):
key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the web page's list (catalog reconcile WEBLIST) -------------------------------------------------
    "weblist.too_large": (
        "{source} pesa más de {limit} MB: no parece la lista de trámites de la página; guarde solo la sección",
        "{source} is larger than {limit} MB: it does not look like the page's list of trámites; save only the section",
    ),
    "weblist.empty": (
        "{source} no tiene ninguna entrada con código de trámite (T28610): dé el JSON de la página, un CSV "
        "código;nombre;url o la página HTML guardada de la sección",
        "{source} has no entry with a trámite code (T28610): give the page's JSON, a CSV code;name;url or the "
        "saved HTML page of the section",
    ),
    "weblist.bad_json": (
        "{source}:{line}: no es JSON válido ({error}); corríjalo o dé un CSV código;nombre;url",
        "{source}:{line}: not valid JSON ({error}); fix it or give a CSV code;name;url",
    ),
    "weblist.json_shape": (
        "{source}: el JSON debe ser {{\"entries\": [{{\"codigo\", \"nombre\", \"url\"}}]}} o esa lista",
        "{source}: the JSON must be {{\"entries\": [{{\"codigo\", \"nombre\", \"url\"}}]}} or that list",
    ),
    "weblist.bad_entry": (
        "{source}: la entrada {position} no tiene un «codigo» válido (como T28610); corríjala",
        "{source}: entry {position} has no valid \"codigo\" (such as T28610); fix it",
    ),
    "weblist.bad_row": (
        "{source}:{line}: la primera columna debe ser el código del trámite (como T28610); el CSV es "
        "código;nombre;url",
        "{source}:{line}: the first column must be the trámite's code (such as T28610); the CSV is code;name;url",
    ),
    # -- activity 2: requests and answers by e-mail (mail requests, mail import) ---------------------------
    "mail.request_subject": (
        "Solicitud de información de trámites y servicios: {dependencia} ({cycle})",
        "Request for information on trámites y servicios: {dependencia} ({cycle})",
    ),
    "mail.request_greeting": ("Cordial saludo, {dependencia}:", "Dear {dependencia},"),
    "mail.request_intro": (
        "En la revisión {cycle} de los trámites y servicios publicados en la página web de la Alcaldía "
        "(procedimiento MM-GAC-P-006, actividad 2), el catálogo tiene {count} a cargo de su dependencia:",
        "In review {cycle} of the trámites y servicios published on the Alcaldía's web page (procedure "
        "MM-GAC-P-006, activity 2), the catalogue holds {count} under your dependencia:",
    ),
    "mail.request_no_entries": (
        "(el catálogo no tiene trámites a cargo de su dependencia: díganos si tiene alguno)",
        "(the catalogue holds no trámite under your dependencia: tell us if it has any)",
    ),
    "mail.request_ask": (
        "Por favor responda a este correo confirmando que la información es correcta, o enviando los "
        "ajustes (nombre, requisitos, costo, tiempo, puntos de atención, fundamento legal) y los trámites que falten.",
        "Please answer this e-mail confirming that the information is correct, or sending the changes "
        "(name, requirements, cost, time, service points, legal basis) and any trámite that is missing.",
    ),
    "mail.request_closing": (
        "Atención al Ciudadano, Alcaldía Distrital de Santa Marta",
        "Atención al Ciudadano, Alcaldía Distrital de Santa Marta",
    ),
    "mail.why.unknown_sender": (
        "el remitente no es la dirección de ninguna dependencia: añádala a su `emails` en la lista de "
        "dependencias, o adjúntelo con `cycle attach --item`",
        "the sender is no dependencia's address: add it to its `emails` in the dependencias list, or attach "
        "it with `cycle attach --item`",
    ),
    "mail.why.ambiguous": (
        "la dirección del remitente es de varias dependencias: adjúntelo con `cycle attach --item`",
        "the sender's address belongs to several dependencias: attach it with `cycle attach --item`",
    ),
    "mail.why.no_sender": (
        "no tiene remitente (From) legible", "it has no readable sender (From)",
    ),
    "mail.why.too_large": (
        "es más grande que el límite de evidencia (WORKFLOW_MAX_EVIDENCE_MB)",
        "it is larger than the evidence limit (WORKFLOW_MAX_EVIDENCE_MB)",
    ),
    "mail.why.unreadable": ("no se pudo leer como correo", "it could not be read as an e-mail"),
    "mail.why.not_pending": (
        "su dependencia ya no está pendiente en la actividad 2 (eximida)",
        "its dependencia is no longer pending in activity 2 (waived)",
    ),
}
