"""Tools for process owners over a loaded `Procedure`: version diff, JSON Schema, diagrams.

May import: `workflow.core`, `errors`, `i18n`. Never storage, service, exports or cli.
"""
