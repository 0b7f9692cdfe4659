"""The use cases: each command loads what it needs, lets the core decide, and persists the outcome in
one transaction. `Workflow` (facade) is the library's front door; set-up, cycles, queries, auditing,
reference data and access are its rooms; `views` are the read models it returns.

May import: `workflow.core`, `workflow.authoring`, `workflow.storage`, `workflow.exports`, `errors`,
`i18n`, `settings`. Never cli, typer or rich.
"""
