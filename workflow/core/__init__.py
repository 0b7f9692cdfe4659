"""The functional core: what a procedure is and what may happen to a cycle of it, decided without I/O.

Here live the YAML reader with positions, the definition models and their rules, states, guards, the
engine (decide -> an outcome: events to record and row changes), items, the calendar, the audit
chain, the event payload builders and checkpoints. Nothing here reads the clock, the environment,
the terminal or a database: the service passes `now`, the actor and the rows in.

May import: the standard library, pydantic, PyYAML, transitions, holidays, cryptography, and
`workflow.errors`, `workflow.i18n`, `workflow.messages`. Never `storage`, `service`, `exports`, `cli`
(tests/test_layers.py enforces it).
"""
