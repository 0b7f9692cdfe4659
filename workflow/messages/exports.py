"""Messages of the export writers (column headings, the HTML report): key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- export tabular --------------------------------------------------------------------------------
    # Column headings (CSV header row, XLSX header rows).
    "export.tabular.column.seq": ("Secuencia", "Seq"),
    "export.tabular.column.at": ("Fecha y hora (UTC)", "Time (UTC)"),
    "export.tabular.column.type": ("Tipo de evento", "Event type"),
    "export.tabular.column.type_label": ("Evento", "Event"),
    "export.tabular.column.cycle": ("Ciclo", "Cycle"),
    "export.tabular.column.procedure": ("Procedimiento", "Procedure"),
    "export.tabular.column.version": ("Versión", "Version"),
    "export.tabular.column.actor_login": ("Usuario", "Actor login"),
    "export.tabular.column.actor_name": ("Nombre del funcionario", "Actor name"),
    "export.tabular.column.role_id": ("Id del cargo", "Role id"),
    "export.tabular.column.role_name": ("Cargo", "Role"),
    "export.tabular.column.area_id": ("Id del área", "Area id"),
    "export.tabular.column.area_name": ("Área", "Area"),
    "export.tabular.column.activity_number": ("Actividad", "Activity"),
    "export.tabular.column.activity_name": ("Nombre de la actividad", "Activity name"),
    "export.tabular.column.from_state": ("Estado anterior", "From state"),
    "export.tabular.column.to_state": ("Estado nuevo", "To state"),
    "export.tabular.column.evidence_names": ("Evidencias", "Evidence files"),
    "export.tabular.column.evidence_sha256": ("SHA-256 de las evidencias", "Evidence SHA-256"),
    "export.tabular.column.evidence_records": ("Registros de las evidencias", "Evidence records"),
    "export.tabular.column.note": ("Nota", "Note"),
    "export.tabular.column.reason": ("Motivo", "Reason"),
    "export.tabular.column.prev_hash": ("Hash anterior", "Previous hash"),
    "export.tabular.column.hash": ("Hash", "Hash"),
    "export.tabular.column.record_id": ("Id del registro", "Record id"),
    "export.tabular.column.record_name": ("Registro", "Record"),
    "export.tabular.column.evidence_name": ("Archivo", "File"),
    "export.tabular.column.sha256": ("SHA-256", "SHA-256"),
    "export.tabular.column.size": ("Tamaño (bytes)", "Size (bytes)"),
    "export.tabular.column.media_type": ("Tipo de contenido", "Media type"),
    "export.tabular.column.item": ("Elemento", "Item"),
    "export.tabular.column.item_name": ("Nombre del elemento", "Item name"),
    "export.tabular.column.items": ("Elementos", "Items"),
    "export.tabular.column.item_names": ("Nombres de los elementos", "Item names"),
    # The XLSX workbook.
    "export.tabular.sheet.events": ("Eventos", "Events"),
    "export.tabular.sheet.evidence": ("Evidencias", "Evidence"),
    "export.tabular.title": ("Registro de auditoría", "Audit trail"),
    "export.tabular.subject": (
        "ciclo: {cycle}; desde: {since}; hasta: {until}",
        "cycle: {cycle}; since: {since}; until: {until}",
    ),
    "export.tabular.all": ("todos", "all"),
    "export.tabular.comments": (
        "Generado el {at} (UTC) por {by}. Celdas que empiezan por = + - @, un tabulador o un salto de línea llevan un apóstrofo delante "
        "para que la hoja de cálculo no las ejecute como fórmulas.",
        "Generated at {at} (UTC) by {by}. Cells beginning with = + - @, a tab or a line break carry a leading apostrophe so that "
        "the spreadsheet does not run them as formulas.",
    ),
    "export.tabular.truncated": (
        " […recortado: el texto tiene {length} caracteres; las exportaciones CSV y JSONL lo traen completo]",
        " […cut: the text has {length} characters; the CSV and JSONL exports carry all of it]",
    ),
    "export.tabular.too_many_rows": (
        "la hoja «{sheet}» superaría el límite de Excel de {limit} filas: exporte en CSV o JSONL, o acote con "
        "--cycle, --since o --until",
        "the sheet '{sheet}' would exceed Excel's limit of {limit} rows: export as CSV or JSONL, or narrow it "
        "with --cycle, --since or --until",
    ),
    # -- export report ---------------------------------------------------------------------------------
    # Document control
    "export.report.title": ("Informe de trazabilidad de la auditoría", "Audit trail report"),
    "export.report.contents": ("Contenido", "Contents"),
    "export.report.document_control": ("Control del documento", "Document control"),
    "export.report.organization": ("Entidad", "Organisation"),
    "export.report.code": ("Código", "Code"),
    "export.report.procedure_title": ("Título", "Title"),
    "export.report.process": ("Proceso", "Process"),
    "export.report.version_in_force": ("Versión vigente", "Version in force"),
    "export.report.published": ("Publicada (UTC)", "Published (UTC)"),
    "export.report.definition_sha": ("SHA-256 de la definición", "SHA-256 of the definition"),
    "export.report.change_control": ("Control de cambios de {code}", "Change control of {code}"),
    "export.report.version": ("Versión", "Version"),
    "export.report.date": ("Fecha", "Date"),
    "export.report.description": ("Descripción", "Description"),
    "export.report.no_procedures": ("No hay procedimientos publicados.", "No procedure has been published."),
    "export.report.export": ("Exportación", "Export"),
    "export.report.generated_at": ("Generado (UTC)", "Generated (UTC)"),
    "export.report.generated_by": ("Generado por", "Generated by"),
    "export.report.filters": ("Filtros", "Filters"),
    "export.report.filter_cycle": ("ciclo {cycle}", "cycle {cycle}"),
    "export.report.filter_since": ("desde {date}", "from {date}"),
    "export.report.filter_until": ("hasta {date} (inclusive)", "until {date} (inclusive)"),
    "export.report.no_filters": ("ninguno: toda la traza", "none: the whole trail"),
    # Verification and checkpoint
    "export.report.verification": ("Verificación de integridad", "Integrity verification"),
    "export.report.verify_none": ("No se verificó el registro al exportar.", "The log was not verified at export time."),
    "export.report.verify_ok": ("Íntegro: la cadena de hashes y todos los archivos de evidencia coinciden.",
                                "Intact: the hash chain and every evidence file match."),
    "export.report.verify_bad": ("ALTERADO: el primer evento con problema es el {seq}.",
                                 "BROKEN: the first bad event is {seq}."),
    "export.report.verify_failed": ("La verificación FALLÓ.", "Verification FAILED."),
    "export.report.events_in_log": ("Eventos en el registro", "Events in the log"),
    "export.report.evidence_checked": ("Archivos de evidencia comprobados", "Evidence files checked"),
    "export.report.first_bad_seq": ("Primer evento con problema", "First bad event"),
    "export.report.problem": ("Problema", "Problem"),
    "export.report.verify_scope": (
        "La verificación cubre todo el registro en el momento de exportar, no solo los eventos de este informe.",
        "The verification covers the whole log at export time, not only the events in this report."),
    "export.report.checkpoint": ("Punto de control firmado", "Signed checkpoint"),
    "export.report.no_checkpoint": ("No se ha tomado ningún punto de control (workflow audit checkpoint).",
                                    "No checkpoint taken (workflow audit checkpoint)."),
    "export.report.checkpoint_unreadable": ("El último punto de control no se puede leer: {reason}",
                                            "The latest checkpoint cannot be read: {reason}"),
    "export.report.checkpoint_origin": ("Origen", "Origin"),
    "export.report.checkpoint_size": ("Eventos cubiertos", "Events covered"),
    "export.report.checkpoint_head": ("Hash de cabeza", "Head hash"),
    "export.report.checkpoint_time": ("Fecha (UTC)", "Time (UTC)"),
    "export.report.checkpoint_key": ("Huella de la clave pública", "Public key fingerprint"),
    "export.report.checkpoint_signature": ("Firma", "Signature"),
    "export.report.signature_ok": (
        "válida con la clave guardada junto a los datos; un auditor la comprueba con la clave que recibió: "
        "workflow audit verify --checkpoint ARCHIVO --key CLAVE.pub",
        "valid with the key kept beside the data; an auditor checks it with the key they were handed: "
        "workflow audit verify --checkpoint FILE --key KEY.pub"),
    "export.report.signature_bad": ("NO válida con la clave guardada: {reason}", "NOT valid with the kept key: {reason}"),
    "export.report.signature_unchecked": ("no comprobada: no hay clave pública guardada",
                                          "not checked: no public key kept"),
    "export.report.crosscheck_ok": ("El evento {seq} de este informe tiene el hash de cabeza firmado en el punto de control.",
                                    "Event {seq} in this report has the head hash signed in the checkpoint."),
    "export.report.crosscheck_bad": ("El evento {seq} de este informe NO tiene el hash de cabeza firmado en el punto de control.",
                                     "Event {seq} in this report does NOT have the head hash signed in the checkpoint."),
    # Timeline
    "export.report.timeline": ("Cronología de los ciclos", "Timeline of the cycles"),
    "export.report.timeline_note": ("Todos los eventos de los ciclos, en el orden del registro (seq).",
                                    "Every event of the cycles, in log order (seq)."),
    "export.report.col.seq": ("Seq", "Seq"),
    "export.report.col.time": ("Fecha y hora (UTC)", "Time (UTC)"),
    "export.report.col.cycle": ("Ciclo", "Cycle"),
    "export.report.col.actor": ("Actor", "Actor"),
    "export.report.col.role": ("Cargo", "Role"),
    "export.report.col.area": ("Área", "Area"),
    "export.report.col.event": ("Evento", "Event"),
    "export.report.col.activity": ("Actividad", "Activity"),
    "export.report.col.states": ("De → a", "From → to"),
    "export.report.col.evidence": ("Evidencia", "Evidence"),
    "export.report.col.note": ("Nota / motivo", "Note / reason"),
    "export.report.col.details": ("Detalle", "Details"),
    "export.report.col.record": ("Registro requerido", "Required record"),
    "export.report.col.evidence_name": ("Evidencia (nombre) o motivo", "Evidence (display name) or reason"),
    "export.report.col.sha256": ("SHA-256", "SHA-256"),
    "export.report.col.attached_by": ("Quién", "Who"),
    "export.report.col.attached_at": ("Cuándo (UTC)", "When (UTC)"),
    "export.report.col.status": ("Estado", "Status"),
    "export.report.no_events": ("Ningún evento.", "No events."),
    "export.report.reason": ("Motivo", "Reason"),
    "export.report.note": ("Nota", "Note"),
    "export.report.item": ("elemento {item}", "item {item}"),
    "export.report.col.item": ("Elemento", "Item"),
    "export.report.status.waived": ("Eximido", "Waived"),
    "export.report.waived_by": ("Eximido {at} por {actor}", "Waived {at} by {actor}"),
    "export.report.bytes": ("{size} bytes", "{size} bytes"),
    # Cycle sections and traceability matrix
    "export.report.cycle": ("Ciclo {cycle}", "Cycle {cycle}"),
    "export.report.cycle_procedure": ("Procedimiento", "Procedure"),
    "export.report.cycle_started": ("Iniciado", "Started"),
    "export.report.started_before": ("antes del periodo exportado", "before the exported period"),
    "export.report.cycle_last": ("Último evento exportado (UTC)", "Last exported event (UTC)"),
    "export.report.cycle_state": ("Estado tras el último evento", "State after the last event"),
    "export.report.cycle_events": ("Eventos exportados", "Events exported"),
    "export.report.by": ("{at} por {actor}", "{at} by {actor}"),
    "export.report.version_unknown": (
        "La versión {version} de {code} no figura entre las publicadas: la matriz muestra solo lo que registran los eventos.",
        "Version {version} of {code} is not among the published ones: the matrix shows only what the events record."),
    "export.report.matrix": ("Matriz de trazabilidad", "Traceability matrix"),
    "export.report.matrix_note": (
        "Una fila por actividad y registro requerido, y una por elemento eximido (con su motivo). FALTA: actividad "
        "completada sin la evidencia requerida; Pendiente: la actividad aún no se ha completado.",
        "One row per activity and required record, and one per item waived (with its reason). MISSING: activity "
        "completed without the required evidence; Pending: the activity has not been completed yet."),
    "export.report.completed_by": ("Completada {at} por {actor}", "Completed {at} by {actor}"),
    "export.report.not_completed": ("No completada", "Not completed"),
    "export.report.attached_outside": ("antes del periodo exportado", "before the exported period"),
    "export.report.status.attached": ("Adjunta", "Attached"),
    "export.report.status.extra": ("Adjunta (no requerida)", "Attached (not required)"),
    "export.report.status.missing": ("FALTA", "MISSING"),
    "export.report.status.pending": ("Pendiente", "Pending"),
    "export.report.status.na": ("No requiere registro (N/A)", "No record required (N/A)"),
    # Events outside the cycles, footer
    "export.report.other_events": ("Eventos fuera de los ciclos", "Events outside the cycles"),
    "export.report.other_note": ("Publicaciones de procedimientos y cambios de personal, en el orden del registro.",
                                 "Procedure publications and staff changes, in log order."),
    "export.report.published_detail": ("{code} versión {version} «{title}»", "{code} version {version} «{title}»"),
    "export.report.staff_detail": ("{login} ({name}): área {area}, cargo {role}", "{login} ({name}): area {area}, role {role}"),
    "export.report.admin_suffix": (", administrador", ", administrator"),
    "export.report.totals": ("Eventos en este informe: {events}. Ciclos: {cycles}.", "Events in this report: {events}. Cycles: {cycles}."),
    "export.report.footer": (
        "Generado por workflow. Para re-verificar la cadena sin este programa, use la exportación JSONL.",
        "Generated by workflow. To re-verify the chain without this program, use the JSONL export."),
    # XES
    "export.report.xes.log_name": ("Traza de auditoría de workflow", "workflow audit trail"),
    "export.report.xes.evidence": ("Evidencia: {record}", "Evidence: {record}"),
    "export.payload_unreadable": (
        "evento dañado: su contenido no se puede leer (ejecute «workflow audit verify»)",
        "damaged event: its payload cannot be read (run \"workflow audit verify\")",
    ),
    # -- the trámites catalogue (workflow.core.catalog and its commands) ------------------------------
    "sheet.title": (
        "Formato hoja de vida de trámites y servicios",
        "Data sheet of trámites y servicios",
    ),
    "sheet.form_code": (
        "Código",
        "Code",
    ),
    "sheet.generated": (
        "Generado por workflow el {at} (UTC) desde el catálogo auditado",
        "Generated by workflow on {at} (UTC) from the audited catalogue",
    ),
    "sheet.none": (
        "(ninguno)",
        "(none)",
    ),
    "sheet.unassigned": (
        "(sin asignar)",
        "(unassigned)",
    ),
    "sheet.yes": (
        "sí",
        "yes",
    ),
    "sheet.no": (
        "no",
        "no",
    ),
    "sheet.description": (
        "Descripción",
        "Description",
    ),
    "sheet.code": (
        "Código GOV.CO",
        "GOV.CO code",
    ),
    "sheet.suit_number": (
        "Número SUIT",
        "SUIT number",
    ),
    "sheet.kind": (
        "Tipo",
        "Kind",
    ),
    "sheet.name": (
        "Nombre",
        "Name",
    ),
    "sheet.standardised_name": (
        "Nombre estandarizado",
        "Standardised name",
    ),
    "sheet.purpose": (
        "Propósito",
        "Purpose",
    ),
    "sheet.result": (
        "Resultado que obtiene",
        "Result",
    ),
    "sheet.modality": (
        "Modalidad",
        "Modality",
    ),
    "sheet.online_url": (
        "Dónde se hace en línea",
        "Where it is done online",
    ),
    "sheet.time": (
        "Tiempo de obtención",
        "Time to obtain",
    ),
    "sheet.cost": (
        "Costo",
        "Cost",
    ),
    "sheet.suit_status": (
        "Estado en SUIT",
        "Status in SUIT",
    ),
    "sheet.dependencia": (
        "Dependencia responsable",
        "Responsible dependencia",
    ),
    "sheet.legal_basis": (
        "Fundamento legal",
        "Legal basis",
    ),
    "sheet.norm_kind": (
        "Tipo de norma",
        "Kind of norm",
    ),
    "sheet.norm_number": (
        "Número",
        "Number",
    ),
    "sheet.norm_year": (
        "Año",
        "Year",
    ),
    "sheet.norm_articles": (
        "Artículos",
        "Articles",
    ),
    "sheet.norm_link": (
        "Enlace o archivo",
        "Link or file",
    ),
    "sheet.service_points": (
        "Información de ejecución: puntos de atención",
        "Where: service points",
    ),
    "sheet.point_name": (
        "Punto de atención",
        "Service point",
    ),
    "sheet.point_address": (
        "Dirección",
        "Address",
    ),
    "sheet.point_phone": (
        "Teléfono",
        "Phone",
    ),
    "sheet.point_hours": (
        "Horario",
        "Hours",
    ),
    "sheet.point_place": (
        "Municipio",
        "Municipality",
    ),
    "sheet.point_coordinates": (
        "Coordenadas",
        "Coordinates",
    ),
    "sheet.audiences": (
        "Dirigido a",
        "Who it is for",
    ),
    "sheet.audience_group": (
        "Grupo",
        "Group",
    ),
    "sheet.audience_name": (
        "Población",
        "Audience",
    ),
    "sheet.steps": (
        "Qué se necesita",
        "What is needed",
    ),
    "sheet.step": (
        "Momento",
        "Moment",
    ),
    "sheet.requirement_kind": (
        "Tipo de requisito",
        "Kind of requirement",
    ),
    "sheet.requirement": (
        "Requisito",
        "Requirement",
    ),
    "sheet.mandatory": (
        "Obligatorio",
        "Mandatory",
    ),
    "sheet.follow_up": (
        "Medios de seguimiento",
        "Follow-up",
    ),
    "sheet.phones": (
        "Teléfonos",
        "Phones",
    ),
    "sheet.emails": (
        "Correos electrónicos",
        "E-mail",
    ),
    "sheet.in_person": (
        "Presencial",
        "In person",
    ),
    "sheet.web": (
        "Web",
        "Web",
    ),
    "sheet.kind.tramite": (
        "Trámite",
        "Trámite",
    ),
    "sheet.kind.opa": (
        "Otro procedimiento administrativo (OPA)",
        "Other administrative procedure (OPA)",
    ),
    "sheet.kind.servicio": (
        "Servicio",
        "Service",
    ),
    "sheet.modality.presencial": (
        "Presencial",
        "In person",
    ),
    "sheet.modality.parcialmente_en_linea": (
        "Parcialmente en línea",
        "Partly online",
    ),
    "sheet.modality.totalmente_en_linea": (
        "Totalmente en línea",
        "Fully online",
    ),
    "sheet.unit.minutes": (
        "minutos",
        "minutes",
    ),
    "sheet.unit.hours": (
        "horas",
        "hours",
    ),
    "sheet.unit.business_days": (
        "días hábiles",
        "business days",
    ),
    "sheet.unit.calendar_days": (
        "días calendario",
        "calendar days",
    ),
    "sheet.unit.months": (
        "meses",
        "months",
    ),
    "sheet.unit.years": (
        "años",
        "years",
    ),
    "sheet.unit.immediate": (
        "inmediato",
        "immediate",
    ),
    "sheet.free": (
        "gratuito",
        "free",
    ),
    "sheet.paid": (
        "con pago",
        "paid",
    ),
}
