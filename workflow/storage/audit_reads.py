"""The reads that go through the whole trail (`Tx` inherits them): `audit verify`'s scan of every event
and every projection table, checkpoints' hashes, and the exports' stream of events."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from workflow.storage.schema import audit_table

if TYPE_CHECKING:
    from workflow.core.reconcile import StoredTables


class AuditReads:
    connection: Connection

    def event_hashes(self, batch: int = 20_000) -> Iterator[tuple[int, str]]:
        """(seq, hash) of every event in order, without the payloads: what checkpoints sign and compare."""
        return self._raw("SELECT seq, hash FROM audit_event ORDER BY seq", batch)

    def verify_rows(self, batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
        """(seq, payload, prev_hash, hash, at, type, actor, cycle_id) in order, for `audit verify`: the
        chain's columns first, then the denormalised ones it checks against each payload."""
        for rows in self.verify_batches(batch):
            yield from rows

    def verify_batches(self, batch: int = 20_000) -> Iterator[list[tuple[Any, ...]]]:
        """`verify_rows` as the driver's `fetchmany` batches, for the hot loop of `audit verify`."""
        return self._batches("SELECT seq, payload, prev_hash, hash, at, type, actor, cycle_id FROM audit_event "
                             "ORDER BY seq", batch)

    def replay_batches(self, batch: int = 20_000) -> Iterator[list[tuple[Any, ...]]]:
        """(seq, payload) of every event in order, a batch at a time: for the replay, while another
        process re-hashes the chain and reads the other columns (`workflow.storage.verify_worker`)."""
        return self._batches("SELECT seq, payload FROM audit_event ORDER BY seq", batch)

    def stored_tables(self) -> StoredTables:
        """Every projection table as plain tuples in the replay's column order (`workflow.core.replay`),
        streamed from the driver's cursor like the events."""
        from workflow.core.catalog.projection import CATALOG_COLUMNS
        from workflow.core.reconcile import StoredTables
        from workflow.core.replay import (
            CASE_FIELD_COLUMNS,
            CYCLE_COLUMNS,
            EVIDENCE_COLUMNS,
            ITEM_COLUMNS,
            PROCEDURE_COLUMNS,
            REFERENCE_COLUMNS,
            REQUEST_COLUMNS,
            STAFF_COLUMNS,
        )

        def rows(table: str, *columns: str, order: str = "") -> Iterator[tuple[Any, ...]]:
            # Names from our own constants, never from input.
            return self._raw(f"SELECT {', '.join(columns)} FROM {table}{order}")

        return StoredTables(
            cycles=rows("cycle", "id", *CYCLE_COLUMNS),
            items=rows("cycle_item", "cycle_id", "activity", "item_id", *ITEM_COLUMNS, order=" ORDER BY id"),
            evidence=rows("evidence", "id", *EVIDENCE_COLUMNS, order=" ORDER BY audit_seq, id"),
            evidence_batches=self._batches(f"SELECT {', '.join(EVIDENCE_COLUMNS)} FROM evidence ORDER BY id"),
            staff=rows("staff", "login", *STAFF_COLUMNS),
            procedures=rows("procedure_version", "code", "version", *PROCEDURE_COLUMNS, "text"),
            references=rows("reference_data", "kind", "name", "sha256", *REFERENCE_COLUMNS, "text"),
            blobs=(row[0] for row in rows("evidence_blob", "sha256")),
            manifests=rows("evidence_manifest", "sha256", "file_sha256", "size", "chunks"),
            chunks=(row[0] for row in rows("evidence_chunk", "sha256")),
            catalog=rows("catalog_entry", "code", *CATALOG_COLUMNS),
            case_fields=rows("case_field", "cycle_id", "field_id", *CASE_FIELD_COLUMNS),
            requests=rows("citizen_request", "radicado", *REQUEST_COLUMNS))

    def _raw(self, sql: str, batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
        """Rows straight from the driver's cursor: verification reads every row of every table, and
        SQLAlchemy's row processing would cost more than the checks."""
        for rows in self._batches(sql, batch):
            yield from rows

    def _batches(self, sql: str, batch: int = 20_000) -> Iterator[list[tuple[Any, ...]]]:
        """`_raw` a `fetchmany` batch at a time (a list of plain tuples, on both drivers)."""
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(sql)
            while rows := cursor.fetchmany(batch):
                yield rows if isinstance(rows, list) else list(rows)  # the DBAPI only promises a sequence
        finally:
            cursor.close()

    def event_count(self) -> int:
        return int(self.connection.execute(select(func.count()).select_from(audit_table)).scalar() or 0)

    def event_hash(self, seq: int) -> str | None:
        found = self.connection.execute(select(audit_table.c.hash).where(audit_table.c.seq == seq)).scalar()
        return str(found) if found is not None else None

    def export_rows(self, cycle_id: str | None = None, since: str | None = None, until: str | None = None,
                    by_cycle: bool = False, batch: int = 5_000
                    ) -> Generator[tuple[int, str, str, str, str | None, bytes, str, str], None, None]:
        """Events for an export, streamed: ordered by seq, or by cycle then seq (one trace at a time).
        A generator, so the caller can close it (and the cursor) when the export stops half-way."""
        query = select(audit_table.c.seq, audit_table.c.at, audit_table.c.type, audit_table.c.actor,
                       audit_table.c.cycle_id, audit_table.c.payload, audit_table.c.prev_hash, audit_table.c.hash)
        if cycle_id is not None:
            query = query.where(audit_table.c.cycle_id == cycle_id)
        if since is not None:
            query = query.where(audit_table.c.at >= since)
        if until is not None:
            query = query.where(audit_table.c.at < until)
        if by_cycle:
            query = query.where(audit_table.c.cycle_id.is_not(None)).order_by(audit_table.c.cycle_id,
                                                                              audit_table.c.seq)
        else:
            query = query.order_by(audit_table.c.seq)
        result = self.connection.execution_options(yield_per=batch).execute(query)
        try:
            for row in result:
                yield (int(row[0]), str(row[1]), str(row[2]), str(row[3]), row[4], row[5], str(row[6]),
                       str(row[7]))
        finally:
            result.close()  # a server-side cursor on PostgreSQL: close it even when the export fails
