"""The queries of evidence content kept in the database (shared PostgreSQL mode; `Tx` inherits them):
whole blobs of revisions before 0005, read in slices, and the chunks and manifests that hold files since."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from workflow.storage.schema import blob_table


class ContentQueries:
    connection: Connection

    # evidence content stored whole (before revision 0005; `DatabaseEvidenceStore.put` loads old content)
    def insert_blob(self, sha256: str, size: int, content: bytes) -> None:
        exists = self.connection.execute(select(blob_table.c.sha256).where(blob_table.c.sha256 == sha256)).first()
        if exists is None:
            self.connection.execute(insert(blob_table).values(sha256=sha256, size=size, content=content))

    def blob_size(self, sha256: str) -> int | None:
        """The length of the content stored whole under `sha256` (revisions before 0005), or None."""
        found = self.connection.exec_driver_sql(
            "SELECT octet_length(content) FROM evidence_blob WHERE sha256 = %(s)s", {"s": sha256}).first()
        return int(found[0]) if found else None

    def blob_slice(self, sha256: str, start: int, length: int) -> bytes:
        """`length` bytes of a whole-stored content from `start` (0-based): read a slice at a time."""
        found = self.connection.exec_driver_sql(
            "SELECT substring(content FROM %(start)s FOR %(length)s) FROM evidence_blob WHERE sha256 = %(s)s",
            {"s": sha256, "start": start + 1, "length": length}).first()
        return bytes(found[0]) if found else b""

    # evidence content in chunks (revision 0005)
    def has_chunk(self, sha256: str) -> bool:
        return self.connection.exec_driver_sql(
            "SELECT 1 FROM evidence_chunk WHERE sha256 = %(s)s", {"s": sha256}).first() is not None

    def insert_chunk(self, sha256: str, data: bytes) -> None:
        # Another transaction inserting the same chunk: wait for it, then keep theirs (the same bytes).
        self.connection.exec_driver_sql(
            "INSERT INTO evidence_chunk (sha256, size, data) VALUES (%(s)s, %(n)s, %(d)s) "
            "ON CONFLICT (sha256) DO NOTHING", {"s": sha256, "n": len(data), "d": data})

    def chunk(self, sha256: str) -> bytes | None:
        found = self.connection.exec_driver_sql(
            "SELECT data FROM evidence_chunk WHERE sha256 = %(s)s", {"s": sha256}).first()
        return bytes(found[0]) if found else None

    def insert_manifest(self, sha256: str, file_sha256: str, size: int, chunks: str) -> None:
        self.connection.exec_driver_sql(
            "INSERT INTO evidence_manifest (sha256, file_sha256, size, chunks) VALUES (%(s)s, %(f)s, %(n)s, %(c)s) "
            "ON CONFLICT (sha256) DO NOTHING", {"s": sha256, "f": file_sha256, "n": size, "c": chunks})

    def manifest(self, sha256: str) -> tuple[str, int, str] | None:
        """(file SHA-256, size, chunk hashes one a line) of the manifest stored as `sha256`."""
        found = self.connection.exec_driver_sql(
            "SELECT file_sha256, size, chunks FROM evidence_manifest WHERE sha256 = %(s)s", {"s": sha256}).first()
        return (str(found[0]), int(found[1]), str(found[2])) if found else None
