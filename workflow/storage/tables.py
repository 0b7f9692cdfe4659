"""The database tables as SQLModel models. Migrations in `workflow/migrations/` create them; this module
only describes them, so the code and the migration can be compared by a test.

The store's queries are written against the same tables as plain Core `Table`s
(`workflow.storage.schema`): no command maps a row to these classes, and building them costs every
process more than a read command's own work. tests/test_schema_tables.py keeps the two equal; a column
changes in both, and in a migration.

The audit table is built for a hash chain: `seq` is gap-free and assigned under the write lock,
`payload` holds the canonical bytes exactly as hashed, and `prev_hash`/`hash` are unique so that two
writers can never fork the chain.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class ProcedureVersion(SQLModel, table=True):
    __tablename__ = "procedure_version"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_procedure_version_code_version"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    version: str
    title: str
    sha256: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    published_at: str
    published_by: str
    audit_seq: int


class Staff(SQLModel, table=True):
    __tablename__ = "staff"

    login: str = Field(primary_key=True)
    name: str
    area_id: str | None = None
    role_id: str | None = None
    is_admin: bool = False
    created_at: str
    updated_at: str


class Cycle(SQLModel, table=True):
    __tablename__ = "cycle"
    # The next number of a procedure is the last entry of its index (migration 0008).
    __table_args__ = (Index("ix_cycle_state", "state"), Index("ix_cycle_procedure_code_number", "procedure_code",
                                                               "number"))

    id: str = Field(primary_key=True)
    procedure_code: str
    procedure_version: str
    procedure_sha256: str
    number: int  # per procedure, for the human-readable id
    title: str | None = None
    state: str  # active | completed | cancelled | suspended
    activity: int | None = None  # current activity; None once the cycle has ended
    lock_version: int = 1  # optimistic locking: every write checks and bumps it
    started_at: str
    started_by: str
    updated_at: str
    ended_at: str | None = None
    activity_since: str | None = None  # when the cycle reached its current activity: terms count from here


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_cycle_activity", "cycle_id", "activity"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: str
    activity: int
    record_id: str
    item: str | None = None
    sha256: str = Field(index=True)
    size: int
    display_name: str
    media_type: str
    note: str | None = None
    attached_by: str
    attached_at: str
    audit_seq: int


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("prev_hash", name="uq_audit_event_prev_hash"),
        UniqueConstraint("hash", name="uq_audit_event_hash"),
        Index("ix_audit_event_cycle", "cycle_id", "seq"),
    )

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str
    type: str
    actor: str
    cycle_id: str | None = None
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    prev_hash: str
    hash: str


class EvidenceBlob(SQLModel, table=True):
    """Evidence content kept in the database (shared mode), so every member of staff and every auditor
    sees the same files and a database dump holds everything. Content-addressed like the file store."""

    __tablename__ = "evidence_blob"

    sha256: str = Field(primary_key=True)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ReferenceData(SQLModel, table=True):
    """Organisation data that procedures refer to by name: item lists (the dependencias) and calendars
    of local non-working days. Published like procedures: text, SHA-256, who, when, audited."""

    __tablename__ = "reference_data"
    __table_args__ = (UniqueConstraint("kind", "name", "sha256", name="uq_reference_data_kind_name_sha"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # item_list | calendar
    name: str
    sha256: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    published_at: str
    published_by: str
    audit_seq: int


class CycleItem(SQLModel, table=True):
    """One item of a multi-instance activity of one cycle, copied from its list when the cycle starts
    (so a later change of the list does not change a running cycle)."""

    __tablename__ = "cycle_item"
    __table_args__ = (UniqueConstraint("cycle_id", "activity", "item_id", name="uq_cycle_item"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: str = Field(index=True)
    activity: int
    item_id: str
    name: str
    group_name: str | None = None
    waived_reason: str | None = None
    waived_by: str | None = None
    waived_at: str | None = None


class EvidenceChunk(SQLModel, table=True):
    """A piece of evidence content (shared mode), keyed by the SHA-256 of its own bytes: a file is
    streamed into the database a chunk at a time (`workflow.core.manifests`). Revision 0005."""

    __tablename__ = "evidence_chunk"

    sha256: str = Field(primary_key=True)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class EvidenceManifest(SQLModel, table=True):
    """The chunks of one stored file in order, keyed by the SHA-256 of the manifest's own text (which
    the event recording the evidence names), not by the file's. Revision 0005."""

    __tablename__ = "evidence_manifest"

    sha256: str = Field(primary_key=True)
    file_sha256: str = Field(index=True)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    chunks: str = Field(sa_column=Column(Text, nullable=False))  # chunk hashes, one a line


class CatalogEntry(SQLModel, table=True):
    """One entry of the trámites catalogue as its last event left it (`workflow.core.catalog.projection`):
    its canonical content and SHA-256, and the dependencia responsible for it."""

    __tablename__ = "catalog_entry"

    code: str = Field(primary_key=True)
    name: str
    sha256: str
    content: str = Field(sa_column=Column(Text, nullable=False))
    dependencia: str | None = Field(default=None, index=True)
    created_at: str
    updated_at: str
    updated_by: str
    audit_seq: int


class CaseField(SQLModel, table=True):
    """A value of a cycle's case data (`fields:` of its procedure), as the last event that set it says."""

    __tablename__ = "case_field"

    cycle_id: str = Field(primary_key=True)
    field_id: str = Field(primary_key=True)
    value: str
    audit_seq: int


class CitizenRequest(SQLModel, table=True):
    """A citizen's request (PQRSD, Ley 1755 de 2015), the projection of its cycle's events that lists,
    reports and terms read. The radicado is `YYYY-NNNNNN`: `number` is gap-free per `year`, given under
    the write lock in the transaction that files the request, and never reused."""

    __tablename__ = "citizen_request"
    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_citizen_request_year_number"),
        UniqueConstraint("cycle_id", name="uq_citizen_request_cycle"),
        UniqueConstraint("source_id", name="uq_citizen_request_source"),
        Index("ix_citizen_request_state_due", "state", "due_date"),
        Index("ix_citizen_request_received_day", "received_day"),
    )

    radicado: str = Field(primary_key=True)
    cycle_id: str
    year: int
    number: int
    type: str
    channel: str
    subject: str
    citizen: str | None = None
    email: str | None = None
    anonymous: int = 0
    dependencia: str | None = None
    received_at: str
    received_day: str
    term_business_days: int | None = None
    term_from: str | None = None  # the day the running term counts from (receipt, or the day it resumed)
    term_days: int | None = None  # business days after term_from: the due date, on the calendar in force
    due_date: str | None = None
    extended_until: str | None = None
    state: str
    answered_at: str | None = None
    notified_at: str | None = None
    outcome: str | None = None  # granted | denied, said when answering (Decreto 1081 de 2015: denied ones)
    forwarded_to: str | None = None
    incomplete_since: str | None = None
    days_left: int | None = None
    source_id: str | None = None
    updated_at: str
    audit_seq: int
