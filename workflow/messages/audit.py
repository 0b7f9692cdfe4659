"""Messages of the audit trail: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "audit.problem_gap": (
        "falta el evento {seq}: la secuencia tiene un hueco (se borró un evento)",
        "event {seq} is missing: the sequence has a gap (an event was deleted)",
    ),
    "audit.problem_order": (
        "el evento {seq} está fuera de orden (eventos reordenados o duplicados)",
        "event {seq} is out of order (events reordered or duplicated)",
    ),
    "audit.problem_link": (
        "el evento {seq} no enlaza con el hash del evento anterior (cadena rota)",
        "event {seq} does not link to the previous event's hash (broken chain)",
    ),
    "audit.problem_content": (
        "el contenido del evento {seq} cambió: su hash ya no coincide",
        "the content of event {seq} changed: its hash no longer matches",
    ),
    "audit.evidence_missing": (
        "falta el archivo de evidencia {sha256} registrado en el evento {seq}",
        "the evidence file {sha256} recorded by event {seq} is missing",
    ),
    "audit.evidence_altered": (
        "el archivo de evidencia {sha256} registrado en el evento {seq} fue alterado",
        "the evidence file {sha256} recorded by event {seq} was altered",
    ),
}
