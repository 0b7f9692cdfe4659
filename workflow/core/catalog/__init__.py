"""The catalogue of trámites y servicios (SUIT's "hoja de vida" of each entry), as pure functions.

`model` (the entry, its canonical JSON and SHA-256), `suit` (the SUIT viewer's JSON, read with
positions for its problems), `tabular` (the CSV/XLSX template's rows), `diff` (field by field, between
two catalogues), `rules` (what a reviewer checks), `matching` (the responsible dependencia from the
record's service points) and `projection` (the catalogue table as the audit chain implies it). No
database, no files, no clock: the service reads and writes, these decide.
"""
