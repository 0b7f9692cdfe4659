"""The tables as SQLAlchemy Core `Table`s: what every query of the store is written against.

The SQLModel classes of `workflow.storage.tables` declare the same tables and are what the migrations
and their tests compare with; no command maps a row to one of them (the store works in Core, see its
docstring). Building those 13 classes costs a pydantic model and an ORM mapper each, about 40 ms on
every process start, more than a read command's own work; these plain tables cost a tenth of that. A
test (tests/test_schema_tables.py) keeps the two descriptions equal, column by column, constraint by
constraint, so a column added to one and not the other fails before any migration is written.

Every column is NOT NULL unless it says `nullable=True`, as SQLModel makes a field without `None`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, LargeBinary, MetaData, Table, Text, UniqueConstraint
from sqlmodel.sql.sqltypes import AutoString  # the type SQLModel gives a `str` field: the same DDL

metadata = MetaData()


def _column(name: str, kind: Any, *, nullable: bool = False, **options: Any) -> Column[Any]:
    return Column(name, kind, nullable=nullable, **options)


def _text(*names: str, nullable: bool = False) -> list[Column[Any]]:
    return [_column(name, AutoString, nullable=nullable) for name in names]


def _integer(*names: str, nullable: bool = False) -> list[Column[Any]]:
    return [_column(name, Integer, nullable=nullable) for name in names]


def _serial() -> Column[Any]:
    return _column("id", Integer, primary_key=True)


procedure_table = Table(
    "procedure_version", metadata, _serial(), _column("code", AutoString, index=True),
    *_text("version", "title", "sha256"), _column("text", Text), *_text("published_at", "published_by"),
    *_integer("audit_seq"),
    UniqueConstraint("code", "version", name="uq_procedure_version_code_version"))

staff_table = Table(
    "staff", metadata, _column("login", AutoString, primary_key=True), *_text("name"),
    *_text("area_id", "role_id", nullable=True), _column("is_admin", Boolean, default=False),
    *_text("created_at", "updated_at"))

cycle_table = Table(
    "cycle", metadata, _column("id", AutoString, primary_key=True), _column("procedure_code", AutoString),
    *_text("procedure_version", "procedure_sha256"), *_integer("number"), *_text("title", nullable=True),
    *_text("state"), *_integer("activity", nullable=True), _column("lock_version", Integer, default=1),
    *_text("started_at", "started_by", "updated_at"), *_text("ended_at", "activity_since", nullable=True),
    Index("ix_cycle_state", "state"), Index("ix_cycle_procedure_code_number", "procedure_code", "number"))

evidence_table = Table(
    "evidence", metadata, _serial(), *_text("cycle_id"), *_integer("activity"), *_text("record_id"),
    *_text("item", nullable=True), _column("sha256", AutoString, index=True), *_integer("size"),
    *_text("display_name", "media_type"), *_text("note", nullable=True), *_text("attached_by", "attached_at"),
    *_integer("audit_seq"),
    Index("ix_evidence_cycle_activity", "cycle_id", "activity"))

audit_table = Table(
    "audit_event", metadata, _column("seq", Integer, primary_key=True, autoincrement=False),
    *_text("at", "type", "actor"), *_text("cycle_id", nullable=True), _column("payload", LargeBinary),
    *_text("prev_hash", "hash"),
    UniqueConstraint("prev_hash", name="uq_audit_event_prev_hash"),
    UniqueConstraint("hash", name="uq_audit_event_hash"),
    Index("ix_audit_event_cycle", "cycle_id", "seq"))

blob_table = Table(
    "evidence_blob", metadata, _column("sha256", AutoString, primary_key=True), *_integer("size"),
    _column("content", LargeBinary))

reference_table = Table(
    "reference_data", metadata, _serial(), *_text("kind", "name", "sha256"), _column("text", Text),
    *_text("published_at", "published_by"), *_integer("audit_seq"),
    UniqueConstraint("kind", "name", "sha256", name="uq_reference_data_kind_name_sha"))

item_table = Table(
    "cycle_item", metadata, _serial(), _column("cycle_id", AutoString, index=True), *_integer("activity"),
    *_text("item_id", "name"), *_text("group_name", "waived_reason", "waived_by", "waived_at", nullable=True),
    UniqueConstraint("cycle_id", "activity", "item_id", name="uq_cycle_item"))

chunk_table = Table(
    "evidence_chunk", metadata, _column("sha256", AutoString, primary_key=True), *_integer("size"),
    _column("data", LargeBinary))

manifest_table = Table(
    "evidence_manifest", metadata, _column("sha256", AutoString, primary_key=True),
    _column("file_sha256", AutoString, index=True), _column("size", BigInteger), _column("chunks", Text))

catalog_table = Table(
    "catalog_entry", metadata, _column("code", AutoString, primary_key=True), *_text("name", "sha256"),
    _column("content", Text), _column("dependencia", AutoString, nullable=True, index=True),
    *_text("created_at", "updated_at", "updated_by"), *_integer("audit_seq"))

case_field_table = Table(
    "case_field", metadata, _column("cycle_id", AutoString, primary_key=True),
    _column("field_id", AutoString, primary_key=True), *_text("value"), *_integer("audit_seq"))

request_table = Table(
    "citizen_request", metadata, _column("radicado", AutoString, primary_key=True), *_text("cycle_id"),
    *_integer("year", "number"), *_text("type", "channel", "subject"), *_text("citizen", "email", nullable=True),
    _column("anonymous", Integer, default=0), *_text("dependencia", nullable=True),
    *_text("received_at", "received_day"), *_integer("term_business_days", nullable=True),
    *_text("term_from", nullable=True), *_integer("term_days", nullable=True),
    *_text("due_date", "extended_until", nullable=True), *_text("state"),
    *_text("answered_at", "notified_at", "outcome", "forwarded_to", "incomplete_since", nullable=True),
    *_integer("days_left", nullable=True), *_text("source_id", nullable=True), *_text("updated_at"),
    *_integer("audit_seq"),
    UniqueConstraint("year", "number", name="uq_citizen_request_year_number"),
    UniqueConstraint("cycle_id", name="uq_citizen_request_cycle"),
    UniqueConstraint("source_id", name="uq_citizen_request_source"),
    Index("ix_citizen_request_state_due", "state", "due_date"),
    Index("ix_citizen_request_received_day", "received_day"))
