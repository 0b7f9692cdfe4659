"""Message catalogues, one module per part of the product: key -> (Spanish, English)."""

from workflow.messages import audit, cli, definition, engine, evidence, service

ALL_CATALOGUES = (definition.MESSAGES, engine.MESSAGES, evidence.MESSAGES, service.MESSAGES,
                  audit.MESSAGES, cli.MESSAGES)
