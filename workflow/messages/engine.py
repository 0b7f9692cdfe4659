"""Messages of the engine's rules: key -> (Spanish, English). One sentence each, saying why."""

MESSAGES: dict[str, tuple[str, str]] = {
    "engine.actor_not_registered": (
        "«{login}» no está registrado como funcionario: un administrador debe registrarlo con "
        "`workflow staff add {login} --area ÁREA --role ROL`",
        "'{login}' is not registered staff: an administrator must register them with "
        "`workflow staff add {login} --area AREA --role ROLE`",
    ),
    "engine.actor_lacks_role": (
        "«{login}» no puede actuar en la actividad {number}: se requiere el cargo {role} en una de "
        "estas áreas: {areas}",
        "'{login}' may not act on activity {number}: it needs the role {role} in one of these areas: {areas}",
    ),
    "engine.actor_lacks_role_admin": (
        "«{login}» no puede hacerlo en la actividad {number}: se requiere el cargo {role} en una de "
        "estas áreas: {areas}, o ser administrador",
        "'{login}' may not do this at activity {number}: it needs the role {role} in one of these "
        "areas: {areas}, or an administrator",
    ),
    "engine.activity_moved": (
        "el ciclo ya no está en la actividad {expected} (ahora está en la {current}); no se guardó "
        "nada: consulte el ciclo y vuelva a ejecutar el comando",
        "the cycle is no longer at activity {expected} (it is now at {current}); nothing was saved: "
        "look at the cycle again and rerun the command",
    ),
    "engine.cycle_ended_conflict": (
        "el ciclo ya terminó ({state}) y no está en la actividad {expected}; no se guardó nada",
        "the cycle has ended ({state}) and is not at activity {expected}; nothing was saved",
    ),
    "engine.cycle_ended": (
        "el ciclo ya terminó ({state}): no admite más pasos",
        "the cycle has ended ({state}): it takes no more steps",
    ),
    "engine.records_missing": (
        "la actividad {number} requiere evidencia de: {records}; adjúntela con "
        "`--evidence ARCHIVO --record {first}`",
        "activity {number} requires evidence of: {records}; attach it with "
        "`--evidence FILE --record {first}`",
    ),
    "engine.reason_required": (
        "indique el motivo con --reason \"...\": este paso queda en la auditoría con su motivo",
        "give the reason with --reason \"...\": this step is audited with its reason",
    ),
    "engine.return_target": (
        "no se puede devolver a la actividad {target}: desde la actividad {current} solo se puede devolver a: {allowed}",
        "cannot return to activity {target}: from activity {current} it may only return to: {allowed}",
    ),
    "engine.event_not_allowed": (
        "el paso «{event}» no es posible desde el estado {state}",
        "the step '{event}' is not possible from state {state}",
    ),
    "engine.record_not_of_activity": (
        "el registro «{record}» no corresponde a la actividad {number}; sus registros son: {records}",
        "the record '{record}' does not belong to activity {number}; its records are: {records}",
    ),
    "engine.activity_has_no_records": (
        "la actividad {number} no requiere registros (N/A): no hay dónde adjuntar «{record}»",
        "activity {number} requires no records (N/A): there is nowhere to attach '{record}'",
    ),
    "engine.cannot_start": (
        "«{login}» no puede iniciar ciclos de {code}: se requiere uno de estos cargos: {roles}",
        "'{login}' may not start cycles of {code}: it needs one of these roles: {roles}",
    ),
    "state.active": ("activo", "active"),
    "state.completed": ("completado", "completed"),
    "state.cancelled": ("cancelado", "cancelled"),
    "state.suspended": ("suspendido", "suspended"),
    "state.activity_n": ("actividad {number}", "activity {number}"),
    "state.suspended_n": ("suspendido en la actividad {number}", "suspended at activity {number}"),
    "engine.cycle_suspended": (
        "el ciclo está suspendido en la actividad {number}: reanúdelo primero con `workflow cycle resume`",
        "the cycle is suspended at activity {number}: resume it first with `workflow cycle resume`",
    ),
    "engine.not_suspended": (
        "el ciclo no está suspendido: no hay nada que reanudar",
        "the cycle is not suspended: there is nothing to resume",
    ),
    "engine.not_optional": (
        "la actividad {number} no es opcional: no se puede omitir",
        "activity {number} is not optional: it cannot be skipped",
    ),
    "engine.items_pending": (
        "la actividad {number} tiene {count} elementos pendientes: {items}; adjunte su evidencia con "
        "`--item` o exímalos con `workflow cycle waive`",
        "activity {number} has {count} pending items: {items}; attach their evidence with `--item` or "
        "waive them with `workflow cycle waive`",
    ),
    "engine.activity_has_no_items": (
        "la actividad {number} no se ejecuta por elementos: quite --item",
        "activity {number} has no items: remove --item",
    ),
    "engine.unknown_item": (
        "«{item}» no es un elemento de la actividad {number}: vea `workflow cycle show`",
        "'{item}' is not an item of activity {number}: see `workflow cycle show`",
    ),
}
