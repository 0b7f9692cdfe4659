"""Audit event types in words: key `event.<type>` -> (Spanish, English).

The one catalogue of event labels. The terminal, the CSV and XLSX sheets, the XES log and the HTML
report all show these through `workflow.core.events.event_label`, so a type reads the same on every
screen and in every file an auditor is given.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "event.procedure.published": ("Procedimiento publicado", "Procedure published"),
    "event.staff.added": ("Funcionario registrado", "Staff registered"),
    "event.staff.changed": ("Funcionario actualizado", "Staff updated"),
    "event.cycle.started": ("Ciclo iniciado", "Cycle started"),
    "event.evidence.attached": ("Evidencia adjuntada", "Evidence attached"),
    "event.activity.completed": ("Actividad completada", "Activity completed"),
    "event.cycle.returned": ("Ciclo devuelto", "Cycle returned"),
    "event.cycle.cancelled": ("Ciclo cancelado", "Cycle cancelled"),
    "event.access.granted": ("Permisos de base de datos otorgados", "Database privileges granted"),
    "event.reference.published": ("Datos publicados", "Data published"),
    "event.item.waived": ("Elemento eximido", "Item waived"),
    "event.activity.skipped": ("Actividad omitida", "Activity skipped"),
    "event.cycle.suspended": ("Ciclo suspendido", "Cycle suspended"),
    "event.cycle.resumed": ("Ciclo reanudado", "Cycle resumed"),
    "event.cycle.migrated": ("Ciclo migrado de versión", "Cycle moved to another version"),
}
