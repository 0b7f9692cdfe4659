"""Messages of the business calendar and its data file: key -> (Spanish, English).

Each problem says what is wrong and how to fix it; the location (PATH:LINE:COL) is added by `Problem`.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # Building a calendar
    "calendar.unknown_country": (
        "el paquete holidays no conoce el país `{country}`: use un código ISO 3166-1 alfa-2, como CO",
        "the holidays package does not know the country `{country}`: use an ISO 3166-1 alpha-2 code, such as CO"),
    "calendar.unknown_subdivision": (
        "el paquete holidays no conoce la subdivisión `{subdivision}` de `{country}`: quítela o use un código que el paquete liste",
        "the holidays package does not know the subdivision `{subdivision}` of `{country}`: drop it or use a code the package lists"),
    # The calendar file
    "calendar.empty": (
        "el archivo está vacío: escriba al menos `format: 1` y `days: []`",
        "the file is empty: write at least `format: 1` and `days: []`"),
    "calendar.not_a_mapping": (
        "el archivo debe ser un mapa con las claves format y days (y, si quiere, examples)",
        "the file must be a mapping with the keys format and days (and, optionally, examples)"),
    "calendar.unknown_key": (
        "clave desconocida `{key}`: las claves permitidas aquí son {allowed}",
        "unknown key `{key}`: the keys allowed here are {allowed}"),
    "calendar.missing_key": (
        "falta la clave `{key}`",
        "the key `{key}` is missing"),
    "calendar.format": (
        "formato {value} no soportado: este programa lee el formato {supported}",
        "unsupported format {value}: this program reads format {supported}"),
    "calendar.not_a_list": (
        "`{key}` debe ser una lista de entradas, cada una empezando con `- date: ...`",
        "`{key}` must be a list of entries, each starting with `- date: ...`"),
    "calendar.entry_not_a_mapping": (
        "cada entrada debe ser un mapa con date, kind, reason y, si es un rango, until",
        "each entry must be a mapping with date, kind, reason and, for a range, until"),
    "calendar.bad_date": (
        "`{key}`: `{value}` no es una fecha real escrita AAAA-MM-DD (por ejemplo 2026-12-24)",
        "`{key}`: `{value}` is not a real date written YYYY-MM-DD (for example 2026-12-24)"),
    "calendar.unknown_kind": (
        "tipo desconocido `{value}`: use uno de {allowed}",
        "unknown kind `{value}`: use one of {allowed}"),
    "calendar.until_before_date": (
        "el rango termina ({until}) antes de empezar ({date}): corrija until o date",
        "the range ends ({until}) before it starts ({date}): correct until or date"),
    "calendar.reason_missing": (
        "reason debe ser un texto no vacío: el decreto o el motivo que se le dirá al ciudadano",
        "reason must be non-empty text: the decree or the reason the citizen will be told"),
    # Traffic lights of a term, for lists and reminders
    "calendar.light_green": ("a tiempo", "on time"),
    "calendar.light_amber": ("por vencer", "due soon"),
    "calendar.light_red": ("vencido", "overdue"),
}
