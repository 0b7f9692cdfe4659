"""The Core tables the store queries (`workflow.storage.schema`) and the SQLModel tables the migrations are
compared with (`workflow.storage.tables`) describe one schema: a column, default, key, index or
constraint in one and not in the other fails here."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Table
from sqlmodel import SQLModel

import workflow.storage.tables  # noqa: F401  (registers the models on SQLModel.metadata)
from workflow.storage import schema


def _column(column: Any) -> tuple[Any, ...]:
    default = column.default.arg if column.default is not None else None
    return (column.name, type(column.type), column.nullable, column.primary_key, column.autoincrement,
            default, column.server_default, bool(column.index), bool(column.unique))


def _described(table: Table) -> dict[str, Any]:
    return {
        "columns": [_column(c) for c in table.columns],
        "primary_key": [c.name for c in table.primary_key.columns],
        "indexes": sorted((i.name, tuple(c.name for c in i.columns), i.unique) for i in table.indexes),
        "unique": sorted((u.name, tuple(c.name for c in u.columns)) for u in table.constraints
                         if type(u).__name__ == "UniqueConstraint"),
        "foreign_keys": sorted(str(k.target_fullname) for k in table.foreign_keys),
    }


def test_both_describe_the_same_tables() -> None:
    assert sorted(schema.metadata.tables) == sorted(SQLModel.metadata.tables)


@pytest.mark.parametrize("name", sorted(SQLModel.metadata.tables))
def test_each_table_is_described_alike(name: str) -> None:
    assert _described(schema.metadata.tables[name]) == _described(SQLModel.metadata.tables[name])


def test_the_same_ddl_on_both_databases() -> None:
    """What `CREATE TABLE` each says, on SQLite and on PostgreSQL, is the same text."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    for dialect in (sqlite.dialect(), postgresql.dialect()):
        for name, model in SQLModel.metadata.tables.items():
            core = schema.metadata.tables[name]
            assert str(CreateTable(core).compile(dialect=dialect)) == str(CreateTable(model).compile(dialect=dialect))
            assert sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in core.indexes) == \
                sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in model.indexes)
