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
    # -- activity 4: the published site, its open data and the informe (catalog publish) -----------------
    "site.title": ("Trámites y servicios", "Trámites y servicios"),
    "site.skip": ("Saltar al contenido", "Skip to content"),
    "site.nav.label": ("Navegación principal", "Main navigation"),
    "site.nav.index": ("Trámites por dependencia", "Trámites by dependencia"),
    "site.nav.open_data": ("Datos abiertos (CSV)", "Open data (CSV)"),
    "site.nav.dictionary": ("Diccionario de datos (CSV)", "Data dictionary (CSV)"),
    "site.nav.report": ("Informe de cambios", "Report of changes"),
    "site.footer": (
        "Publicación {number} del catálogo, {at} (UTC). SHA-256 del contenido: {sha256}",
        "Publication {number} of the catalogue, {at} (UTC). SHA-256 of its content: {sha256}",
    ),
    "site.index_intro": (
        "{count} trámites y servicios, agrupados por la dependencia que los atiende ({groups} grupos).",
        "{count} trámites y servicios, grouped by the dependencia that handles them ({groups} groups).",
    ),
    "site.unassigned": ("Sin dependencia asignada", "No dependencia assigned"),
    "site.not_stated": ("No informado", "Not stated"),
    "site.free": ("Gratuito", "Free"),
    "site.optional": ("opcional", "optional"),
    "site.step": ("Paso {number}", "Step {number}"),
    "site.step_title": ("Paso {number}: {title}", "Step {number}: {title}"),
    "site.point.address": ("Dirección", "Address"),
    "site.point.phone": ("Teléfono", "Phone"),
    "site.point.hours": ("Horario", "Hours"),
    "site.norm": ("{kind} {number} de {year}", "{kind} {number} of {year}"),
    "site.modality": ("Modalidad", "Modality"),
    "site.modality.presencial": ("Presencial", "In person"),
    "site.modality.parcial": ("Parcialmente en línea", "Partly online"),
    "site.modality.total": ("Totalmente en línea", "Fully online"),
    "site.online": ("Hágalo en línea", "Do it online"),
    "site.unit.days": ("días", "days"),
    "site.unit.hours": ("horas", "hours"),
    "site.unit.business_days": ("días hábiles", "business days"),
    "site.unit.calendar_days": ("días calendario", "calendar days"),
    "site.unit.months": ("meses", "months"),
    "site.unit.minutes": ("minutos", "minutes"),
    "site.unit.years": ("años", "years"),
    "site.unit.immediate": ("inmediato", "immediate"),
    "site.code": ("Código", "Code"),
    "site.dependencia": ("Dependencia", "Dependencia"),
    "site.govco": ("Ficha en GOV.CO", "Record on GOV.CO"),
    "site.purpose": ("Para qué sirve", "What it is for"),
    "site.result": ("Qué obtiene", "What you get"),
    "site.requirements": ("Requisitos", "Requirements"),
    "site.cost": ("Costo", "Cost"),
    "site.time": ("Tiempo de respuesta", "Time to obtain it"),
    "site.where_how": ("Dónde y cómo", "Where and how"),
    "site.legal_basis": ("Fundamento legal", "Legal basis"),
    "opendata.column.codigo": ("Código del trámite en GOV.CO (T y el número SUIT)", "GOV.CO code of the trámite (T and the SUIT number)"),
    "opendata.column.nombre": ("Nombre del trámite o servicio", "Name of the trámite or service"),
    "opendata.column.dependencia": ("Dependencia de la Alcaldía que lo atiende", "Dependencia of the Alcaldía that handles it"),
    "opendata.column.proposito": ("Para qué sirve", "What it is for"),
    "opendata.column.resultado": ("Qué obtiene el ciudadano", "What the citizen gets"),
    "opendata.column.modalidad": ("Presencial, parcialmente o totalmente en línea", "In person, partly or fully online"),
    "opendata.column.url_en_linea": ("Dirección para hacerlo en línea, si la hay", "Address to do it online, if any"),
    "opendata.column.tiempo_cantidad": ("Tiempo de respuesta: cantidad", "Time to obtain it: quantity"),
    "opendata.column.tiempo_unidad": ("Tiempo de respuesta: unidad (como la da SUIT)", "Time to obtain it: unit (as SUIT gives it)"),
    "opendata.column.costo": ("Gratuito, o los pagos con su concepto", "Free, or the payments with their concept"),
    "opendata.column.fundamento_legal": ("Normas que lo fundamentan (tipo, número, año, artículos), separadas por |", "Norms it rests on (kind, number, year, articles), separated by |"),
    "opendata.column.numero_requisitos": ("Cantidad de requisitos", "Number of requirements"),
    "opendata.column.puntos_de_atencion": ("Puntos de atención (nombre - dirección), separados por |", "Service points (name - address), separated by |"),
    "opendata.column.url_ficha_gov_co": ("Ficha del trámite en GOV.CO", "The trámite's record on GOV.CO"),
    "opendata.column.fecha_publicacion": ("Fecha y hora de la publicación (ISO 8601, UTC)", "Date and time of the publication (ISO 8601, UTC)"),
    "informe.title": ("Informe de la publicación {number}", "Report of publication {number}"),
    "informe.intro": (
        "Publicación {number} del catálogo de trámites y servicios (ciclo {cycle}, actividad 4 de MM-GAC-P-006).",
        "Publication {number} of the catalogue of trámites y servicios (cycle {cycle}, activity 4 of MM-GAC-P-006).",
    ),
    "informe.since_first": ("Es la primera publicación: todo el catálogo aparece como agregado.", "It is the first publication: the whole catalogue shows as added."),
    "informe.since": ("Cambios desde la publicación {previous}:", "Changes since publication {previous}:"),
    "informe.summary": ("{added} agregados, {changed} modificados, {removed} retirados", "{added} added, {changed} changed, {removed} removed"),
    "informe.nothing": ("Nada cambió desde la publicación anterior.", "Nothing changed since the previous publication."),
    "informe.kind.added": ("Agregado", "Added"),
    "informe.kind.changed": ("Modificado", "Changed"),
    "informe.kind.removed": ("Retirado", "Removed"),
    "informe.fields_caption": ("Campos modificados de {code}", "Changed fields of {code}"),
    "informe.field": ("Campo", "Field"),
    "informe.before": ("Antes", "Before"),
    "informe.after": ("Después", "After"),
    "informe.field.name": ("Nombre", "Name"),
    "informe.field.purpose": ("Para qué sirve", "Purpose"),
    "informe.field.result": ("Qué obtiene", "Result"),
    "informe.field.modality": ("Modalidad", "Modality"),
    "informe.field.online_url": ("Dirección en línea", "Online address"),
    "informe.field.time": ("Tiempo de respuesta", "Time"),
    "informe.field.cost": ("Costo", "Cost"),
    "informe.field.dependencia": ("Dependencia", "Dependencia"),
    "informe.field.legal_basis": ("Fundamento legal", "Legal basis"),
    "informe.field.steps": ("Momentos y requisitos", "Steps and requirements"),
    "informe.field.service_points": ("Puntos de atención", "Service points"),
    "informe.field.kind": ("Tipo", "Kind"),
    "informe.field.audiences": ("Dirigido a", "Audiences"),
    "informe.field.status": ("Estado en SUIT", "SUIT status"),
    "informe.field.dependencia_name": ("Nombre de la dependencia", "Name of the dependencia"),
    "informe.field.standardised_name": ("Nombre estandarizado", "Standardised name"),
    "informe.field.manual_url": ("Manual", "Manual"),
    "informe.field.keywords": ("Palabras relacionadas", "Keywords"),
    "informe.field.accounts": ("Cuentas de pago", "Payment accounts"),
    "informe.field.follow_up": ("Medios de seguimiento", "Follow-up channels"),
    "informe.field.suit_status": ("Estado en SUIT", "SUIT status"),
    "informe.field.result_channels": ("Medios de entrega del resultado", "How the result is delivered"),
    "informe.field.suit_number": ("Número SUIT", "SUIT number"),
    "site.req.document": ("Documento", "Document"),
    "site.req.payment": ("Pago", "Payment"),
    "site.req.request": ("Solicitud", "Request"),
    "site.req.verification": ("Verificación institucional (la hace la entidad)", "Institutional verification (the entity does it)"),
    "site.req.form": ("Formulario", "Form"),
    "mail.no_items": (
        "el ciclo {cycle} no está en una actividad por dependencias (la 2): las respuestas por correo se "
        "importan en ella",
        "cycle {cycle} is not at an activity run per dependencia (activity 2): answers by e-mail are imported there",
    ),
    "mail.path_missing": (
        "no existe {path}: dé un archivo .eml, una carpeta de correos, un mbox o un maildir",
        "{path} does not exist: give an .eml file, a folder of e-mails, an mbox or a maildir",
    ),
    "mail.unreadable": ("no se pudo leer {path}: {reason}", "{path} could not be read: {reason}"),
    # -- the command line of these commands --------------------------------------------------------------
    "cli.help.mail": (
        "Actividad 2 por correo: las solicitudes a cada dependencia y sus respuestas",
        "Activity 2 by e-mail: the requests to each dependencia and their answers",
    ),
    "cli.help.mail_import": (
        "Adjunta las respuestas (.eml, carpeta, mbox o maildir) a la dependencia que las envió, una vez por Message-ID",
        "Attach the answers (.eml, folder, mbox or maildir) to the dependencia that sent them, once per Message-ID",
    ),
    "cli.help.mail_requests": (
        "Escribe un .eml por dependencia pendiente de la actividad 2, con sus trámites para confirmar",
        "Write one .eml per pending dependencia of activity 2, listing its trámites to confirm",
    ),
    "cli.opt.mail_cycle": ("el ciclo, en la actividad 2", "the cycle, at activity 2"),
    "cli.arg.mail_path": ("un .eml, una carpeta de correos, un mbox o un maildir", "an .eml, a folder of e-mails, an mbox or a maildir"),
    "cli.mail_imported": (
        "{attached} correos adjuntados, {unmatched} sin dependencia, {duplicates} ya estaban",
        "{attached} e-mails attached, {unmatched} without a dependencia, {duplicates} already there",
    ),
    "cli.title.mail_attached": ("Adjuntados", "Attached"),
    "cli.title.mail_unmatched": ("Sin dependencia (no se adivina)", "Without a dependencia (never guessed)"),
    "cli.col.message_id": ("Message-ID", "Message-ID"),
    "cli.col.from": ("Remitente", "From"),
    "cli.col.why": ("Por qué", "Why"),
    "cli.reconcile_summary": (
        "Catálogo: {catalog} entradas; página web: {web} entradas",
        "Catalogue: {catalog} entries; web page: {web} entries",
    ),
    "cli.reconcile_clean": ("La página coincide con el catálogo.", "The page agrees with the catalogue."),
    "cli.title.not_in_catalog": ("En la página y no en el catálogo", "On the page, not in the catalogue"),
    "cli.title.not_on_web": ("En el catálogo y no en la página", "In the catalogue, not on the page"),
    "cli.title.duplicated_on_web": ("Repetidos en la página", "Listed twice on the page"),
    "cli.title.name_differs": ("Nombres distintos", "Names that differ"),
    "cli.title.link_mismatch": (
        "Enlaces que no van a la ficha GOV.CO ni a la página propia del trámite",
        "Links that go neither to the GOV.CO ficha nor to the trámite's own page",
    ),
    "cli.col.catalog_name": ("En el catálogo", "In the catalogue"),
    "cli.col.web_name": ("En la página", "On the page"),
    "cli.col.url": ("Enlace", "Link"),
    "reconcile.title": ("Revisión de la página web contra el catálogo", "Review of the web page against the catalogue"),
    "reconcile.intro": (
        "Lista de la página: {source} ({web} entradas); catálogo: {catalog} entradas; revisado {at} (UTC).",
        "The page's list: {source} ({web} entries); catalogue: {catalog} entries; reviewed {at} (UTC).",
    ),
    "reconcile.none": ("Ninguno.", "None."),
    "reconcile.footer": (
        "Actividad 1 de MM-GAC-P-006: revisar la información publicada.",
        "Activity 1 of MM-GAC-P-006: review the published information.",
    ),
    "reconcile.footer_cycle": (
        "Actividad 1 de MM-GAC-P-006 (ciclo {cycle}): revisar la información publicada.",
        "Activity 1 of MM-GAC-P-006 (cycle {cycle}): review the published information.",
    ),
    "review.weblist_missing": (
        "no existe {path}: dé la lista de la página (JSON, CSV código;nombre;url o la página HTML guardada)",
        "{path} does not exist: give the page's list (JSON, a CSV code;name;url or the saved HTML page)",
    ),
    "review.weblist_unreadable": ("no se pudo leer {path}: {reason}", "{path} could not be read: {reason}"),
    "review.not_activity_1": (
        "el ciclo {cycle} está en la actividad {activity}: la revisión de la página se guarda como evidencia "
        "de la actividad 1; sin --cycle solo se muestra",
        "cycle {cycle} is at activity {activity}: the page's review is kept as evidence of activity 1; without "
        "--cycle it is only shown",
    ),
    "publish.not_activity_4": (
        "el ciclo {cycle} está en la actividad {activity}: el catálogo se publica en la actividad 4",
        "cycle {cycle} is at activity {activity}: the catalogue is published at activity 4",
    ),
    "publish.empty_catalogue": (
        "el catálogo está vacío: impórtelo primero con `workflow catalog import`",
        "the catalogue is empty: import it first with `workflow catalog import`",
    ),
    "publish.published_meanwhile": (
        "otra persona publicó el catálogo del ciclo {cycle} mientras tanto; no se guardó nada: vuelva a publicar",
        "someone else published the catalogue of cycle {cycle} meanwhile; nothing was saved: publish again",
    ),
    "mail.from_missing": (
        "diga desde qué dirección salen las solicitudes: --from DIRECCIÓN o la variable WORKFLOW_MAIL_FROM",
        "say which address the requests come from: --from ADDRESS or the variable WORKFLOW_MAIL_FROM",
    ),
    "mail.bad_from": (
        "«{value}» no es una dirección de correo: escríbala como usuario@dominio o «Nombre <usuario@dominio>»",
        "'{value}' is not an e-mail address: write it as user@domain or 'Name <user@domain>'",
    ),
    "cli.opt.mail_from": (
        "la dirección que envía las solicitudes (por defecto WORKFLOW_MAIL_FROM)",
        "the address that sends the requests (default WORKFLOW_MAIL_FROM)",
    ),
    "cli.opt.mail_out": ("la carpeta donde escribir un .eml por dependencia", "the folder to write one .eml per dependencia in"),
    "cli.mail_request_written": (
        "{path}: {name} ({entries} trámites), para {to}",
        "{path}: {name} ({entries} trámites), to {to}",
    ),
    "cli.mail_request_no_address": (
        "{path}: {name} ({entries} trámites), sin dirección: añádala en `emails:` de la lista de dependencias "
        "o escríbala en su programa de correo",
        "{path}: {name} ({entries} trámites), no address: add it to `emails:` in the dependencias list or type "
        "it in your mail program",
    ),
    "cli.help.catalog_reconcile": (
        "Actividad 1: compara la lista de la página web (JSON, CSV código;nombre;url o HTML guardado) con el catálogo",
        "Activity 1: compare the web page's list (JSON, CSV code;name;url or saved HTML) with the catalogue",
    ),
    "cli.help.catalog_publish": (
        "Actividad 4: publica el catálogo (sitio, datos abiertos, informe de cambios adjunto como `informe`)",
        "Activity 4: publish the catalogue (site, open data, the report of changes attached as `informe`)",
    ),
    "cli.arg.weblist": ("la lista de la página web", "the web page's list"),
    "cli.opt.reconcile_cycle": (
        "guardar el informe como evidencia de la actividad 1 de este ciclo",
        "keep the report as evidence of activity 1 of this cycle",
    ),
    "cli.opt.reconcile_out": ("escribir también el informe en HTML", "also write the report as HTML"),
    "cli.opt.reconcile_site": (
        "dominio del sitio propio de la entidad (sus páginas que nombran el código cuentan como enlace propio)",
        "domain of the entity's own site (its pages naming the code count as the entry's own link)",
    ),
    "cli.reconcile_kept": (
        "Informe guardado como evidencia de la actividad 1 de {cycle} (SHA-256 {sha256}…)",
        "Report kept as evidence of activity 1 of {cycle} (SHA-256 {sha256}…)",
    ),
    "cli.opt.publish_cycle": ("el ciclo, en la actividad 4", "the cycle, at activity 4"),
    "cli.opt.publish_out": ("la carpeta del sitio publicado", "the folder of the published site"),
    "cli.catalog_site_published": (
        "Publicación {number}: {entries} trámites, SHA-256 {sha256}, en {folder}",
        "Publication {number}: {entries} trámites, SHA-256 {sha256}, in {folder}",
    ),
    "reconcile.col.code": ("Código", "Code"),
}
