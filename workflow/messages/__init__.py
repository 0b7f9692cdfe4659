"""Message catalogues, one module per part of the product: key -> (Spanish, English)."""

from workflow.messages import (
    audit,
    calendar,
    cli,
    definition,
    diagram,
    engine,
    events,
    evidence,
    export_jsonl,
    export_report,
    export_tabular,
    itemlist,
    service,
    storage,
)

ALL_CATALOGUES = (definition.MESSAGES, engine.MESSAGES, evidence.MESSAGES, service.MESSAGES, audit.MESSAGES,
                  cli.MESSAGES, export_tabular.MESSAGES, export_jsonl.MESSAGES, export_report.MESSAGES,
                  diagram.MESSAGES, calendar.MESSAGES, itemlist.MESSAGES, events.MESSAGES, storage.MESSAGES)
