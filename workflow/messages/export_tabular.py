"""Messages of the export_tabular writers: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
}
