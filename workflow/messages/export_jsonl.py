"""Messages of the export_jsonl writers: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
}
