"""Where data is written: the tables, `Store`/`Tx` (driver errors become ours here), the evidence
stores (files on disk, or rows in PostgreSQL), atomic files, PostgreSQL access and `migrations/`.

May import: `workflow.core`, `errors`, `i18n`, sqlmodel/SQLAlchemy, alembic, psycopg. Never service,
exports or cli.
"""
