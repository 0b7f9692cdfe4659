"""The queries of the domain projections beside the cycles (`Tx` inherits them): the trámites catalogue,
a cycle's case data and citizen requests. Each row is written by the command whose events explain it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from workflow.storage.schema import audit_table, case_field_table, catalog_table, request_table

if TYPE_CHECKING:  # the row type only: a command that never reads the catalogue loads no entry model
    from workflow.core.catalog.projection import CatalogRow



def _catalog_row(mapping: Mapping[Any, Any]) -> CatalogRow:
    from workflow.core.catalog.projection import CatalogRow

    return CatalogRow(**{name: mapping[name] for name in CatalogRow.__dataclass_fields__})


class DomainQueries:
    connection: Connection

    # the trámites catalogue (a projection of the catalog.* events)
    def catalog_rows(self, dependencia: str | None = None) -> list[CatalogRow]:
        query = select(catalog_table).order_by(catalog_table.c.code)
        if dependencia is not None:
            query = query.where(catalog_table.c.dependencia == dependencia)
        return [_catalog_row(m) for m in self.connection.execute(query).mappings()]

    def catalog_row(self, code: str) -> CatalogRow | None:
        found = self.connection.execute(select(catalog_table).where(catalog_table.c.code == code)).mappings().first()
        return _catalog_row(found) if found else None

    def save_catalog_row(self, row: CatalogRow, exists: bool) -> None:
        if exists:
            self.connection.execute(update(catalog_table).where(catalog_table.c.code == bindparam("key")),
                                    {"key": row.code, **row.__dict__})  # no statement built per row
        else:
            self.connection.execute(insert(catalog_table), row.__dict__)

    def events_of_types(self, kinds: tuple[str, ...], until: int | None = None) -> Iterator[tuple[int, bytes]]:
        """(seq, payload) of the events of these types, in order, up to seq `until`."""
        query = select(audit_table.c.seq, audit_table.c.payload).where(audit_table.c.type.in_(kinds))
        if until is not None:
            query = query.where(audit_table.c.seq <= until)
        for seq, payload in self.connection.execute(query.order_by(audit_table.c.seq)):
            yield int(seq), bytes(payload)

    # case data
    def case_fields(self, cycle_id: str) -> dict[str, str]:
        query = select(case_field_table.c.field_id, case_field_table.c.value).where(
            case_field_table.c.cycle_id == cycle_id)
        return {str(row[0]): str(row[1]) for row in self.connection.execute(query)}

    def set_case_fields(self, cycle_id: str, values: Mapping[str, str], seq: int) -> None:
        known = self.case_fields(cycle_id)
        for name, value in values.items():
            if name in known:
                self.connection.execute(update(case_field_table).where(
                    case_field_table.c.cycle_id == cycle_id, case_field_table.c.field_id == name)
                    .values(value=value, audit_seq=seq))
            else:
                self.connection.execute(insert(case_field_table).values(
                    cycle_id=cycle_id, field_id=name, value=value, audit_seq=seq))

    # citizen requests (see workflow.service.requests)
    def request(self, radicado: str, by: str = "radicado") -> dict[str, Any] | None:
        """One request by its radicado (or, with `by="source_id"`, by the message it came from)."""
        row = self.connection.execute(select(request_table).where(request_table.c[by] == radicado)).mappings().first()
        return dict(row) if row else None

    def requests(self, state: str | None = None, kind: str | None = None, received_from: str | None = None,
                 received_to: str | None = None, due_until: str | None = None) -> list[dict[str, Any]]:
        """Requests in radicado order, filtered by state, type, the day of receipt and the due date
        (inclusive; the index on (state, due_date) serves `--overdue` without reading the rest)."""
        query = select(request_table).order_by(request_table.c.year, request_table.c.number)
        if due_until is not None:
            query = query.where(request_table.c.due_date <= due_until)
        if state is not None:
            query = query.where(request_table.c.state == state)
        if kind is not None:
            query = query.where(request_table.c.type == kind)
        if received_from is not None:
            query = query.where(request_table.c.received_day >= received_from)
        if received_to is not None:
            query = query.where(request_table.c.received_day <= received_to)
        return [dict(m) for m in self.connection.execute(query).mappings()]

    def next_request_number(self, year: int) -> int:
        """Under the write lock (BEGIN IMMEDIATE, or the advisory lock on PostgreSQL): the next number of
        the year, so a rolled-back filing leaves no gap and two filings never share one."""
        query = select(func.max(request_table.c.number)).where(request_table.c.year == year)
        return int(self.connection.execute(query).scalar() or 0) + 1

    def insert_request(self, row: Mapping[str, Any]) -> None:
        self.connection.execute(insert(request_table).values(**row))

    def update_request(self, radicado: str, values: Mapping[str, Any]) -> None:
        self.connection.execute(update(request_table).where(request_table.c.radicado == radicado).values(**values))
