"""The trámites catalogue (activities 1-4 of MM-GAC-P-006): pure modules over the catalogue's data.

Like `workflow.core`, nothing here touches the database, the clock or the terminal: the service
(`workflow.service`) reads and writes, these modules decide and render.
"""
