"""Messages of the export_tabular writers: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "export.tabular.column.role_id": ("Id del rol", "Role id"),
    "export.tabular.column.role_name": ("Rol", "Role"),
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
    "export.tabular.column.item": ("Ítem", "Item"),
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
}
