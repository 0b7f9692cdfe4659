"""Messages of the export_report writers: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
}
