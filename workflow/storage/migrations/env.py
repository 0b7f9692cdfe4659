"""Alembic environment: always run with a connection handed in by `workflow.storage.migrations`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import workflow.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `workflow db upgrade` or `workflow init`")

context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True,
                  transactional_ddl=True,
                  version_table_schema="workflow" if connection.dialect.name == "postgresql" else None)
with context.begin_transaction():
    context.run_migrations()
