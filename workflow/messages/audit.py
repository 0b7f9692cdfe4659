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
    "audit.problem_rewritten": (
        "el evento {seq} fue reescrito (con un hash nuevo): el evento siguiente aún apunta a su hash original",
        "event {seq} was rewritten (with a fresh hash): the next event still points to its original hash",
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
    "audit.checkpoint_other_log": (
        "el punto de control es de otro registro ({origin}): no corresponde a esta base de datos",
        "the checkpoint belongs to another log ({origin}): it is not of this database",
    ),
    "audit.checkpoint_truncated": (
        "el registro fue truncado: el punto de control firmado cubre {size} eventos y ahora hay {count}",
        "the log was truncated: the signed checkpoint covers {size} events and there are now {count}",
    ),
    "audit.checkpoint_rewritten": (
        "la historia fue reescrita: el evento {seq} ya no tiene el hash que firmó el punto de control",
        "the history was rewritten: event {seq} no longer has the hash the checkpoint signed",
    ),
    "audit.checkpoint_unreadable": (
        "no se puede leer el punto de control {path} ({reason})",
        "cannot read the checkpoint {path} ({reason})",
    ),
    "audit.key_unreadable": (
        "no se puede leer la clave pública {path} ({reason})",
        "cannot read the public key {path} ({reason})",
    ),
    "audit.no_key": (
        "no hay clave local en {path}: indique la clave pública del punto de control con --key ARCHIVO.pub",
        "there is no local key at {path}: give the checkpoint's public key with --key FILE.pub",
    ),
    "audit.key_permissions": (
        "la clave privada {path} puede ser leída por otros usuarios: ejecute `chmod 600 {path}`",
        "the private key {path} is readable by other users: run `chmod 600 {path}`",
    ),
    "audit.empty_log": (
        "el registro de auditoría está vacío: no hay nada que firmar",
        "the audit log is empty: there is nothing to sign",
    ),
    "audit.bad_date": (
        "{option} {value}: escriba la fecha como AAAA-MM-DD",
        "{option} {value}: write the date as YYYY-MM-DD",
    ),
    "audit.bad_format": (
        "formato desconocido «{format}»; formatos: {formats}",
        "unknown format '{format}'; formats: {formats}",
    ),
    "checkpoint.bad_public_key": (
        "la clave pública no es válida: se espera una línea «workflow-ed25519 BASE64»",
        "the public key is not valid: expected one line 'workflow-ed25519 BASE64'",
    ),
    "checkpoint.bad_private_key": (
        "la clave privada de firma no es una clave Ed25519 PEM válida",
        "the signing key is not a valid Ed25519 PEM key",
    ),
    "checkpoint.malformed": (
        "el archivo no es un punto de control de workflow (formato v1)",
        "the file is not a workflow checkpoint (format v1)",
    ),
    "checkpoint.other_key": (
        "el punto de control fue firmado con otra clave ({expected}…), no con la indicada ({given}…)",
        "the checkpoint was signed with another key ({expected}…), not the one given ({given}…)",
    ),
    "checkpoint.forged": (
        "la firma del punto de control no es válida: el archivo fue alterado o falsificado",
        "the checkpoint's signature is not valid: the file was altered or forged",
    ),
}
