"""Evidence content streamed in chunks (shared mode): `evidence_chunk` and `evidence_manifest`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

A file is stored as chunks keyed by their own SHA-256 and a manifest keyed by the SHA-256 of its own
text (`workflow.core.manifests`), which the recording event names; attach, verify and readers hold one
chunk at a time instead of the whole file. Content already in `evidence_blob` stays there and is still
read (streamed in slices) for the events that name no manifest: moving it would need events naming the
new manifests, and the chain cannot be rewritten. On PostgreSQL the chunk tables get their guards
(`workflow.storage.pg_guard`: a chunk's key is the hash of its bytes; a manifest's key the hash of its
text, its chunks stored, an event of the same transaction recording it) and `grant_access` is replaced
by the version that also gives the chunk tables; every role that may insert evidence rows gets INSERT
on them (everyone can read every table of the schema already: SELECT is given table by table, so the
new tables are given to the same roles).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workflow.storage import pg_guard

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Run by the superuser (as the README's upgrades are, for the incident recorder), the new tables and
# functions would be the superuser's: they belong to the schema's owner, like every other one, so that
# `grant_access` (the owner's) can grant them and later migrations run by the owner can change them.
OWNED_LIKE_THE_REST = """
DO $$
DECLARE
    owner name := (SELECT t.tableowner FROM pg_catalog.pg_tables t
                   WHERE t.schemaname = 'workflow' AND t.tablename = 'evidence');
BEGIN
    IF owner IS DISTINCT FROM current_user THEN
        EXECUTE format('ALTER TABLE workflow.evidence_chunk OWNER TO %I', owner);
        EXECUTE format('ALTER TABLE workflow.evidence_manifest OWNER TO %I', owner);
        EXECUTE format('ALTER FUNCTION workflow.guard_chunk() OWNER TO %I', owner);
        EXECUTE format('ALTER FUNCTION workflow.guard_manifest() OWNER TO %I', owner);
    END IF;
END
$$
"""

# Roles granted before this revision: the same privileges on the new tables as on `evidence`.
REGRANT = """
DO $$
DECLARE
    given record;
BEGIN
    FOR given IN SELECT DISTINCT g.grantee::text AS grantee, g.privilege_type::text AS privilege
                 FROM information_schema.role_table_grants g
                 WHERE g.table_schema = 'workflow' AND g.table_name = 'evidence'
                   AND g.privilege_type IN ('SELECT', 'INSERT') AND g.grantee::text <> current_user::text
                 ORDER BY 1, 2 LOOP
        EXECUTE format('GRANT %s ON workflow.evidence_chunk, workflow.evidence_manifest TO %I',
                       given.privilege, given.grantee);
    END LOOP;
END
$$
"""


def _schema() -> str | None:
    """Named, so that the tables land in `workflow` whatever the connection's search_path says."""
    return "workflow" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    schema = _schema()
    op.create_table(
        "evidence_chunk",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
        schema=schema,
    )
    op.create_table(
        "evidence_manifest",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("file_sha256", sa.String(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunks", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
        schema=schema,
    )
    op.create_index("ix_evidence_manifest_file_sha256", "evidence_manifest", ["file_sha256"], schema=schema)
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_guard.install_statements(pg_guard.FUNCTIONS_0005, pg_guard.TRIGGERS_0005):
        op.execute(statement)
    op.execute(OWNED_LIKE_THE_REST)
    op.execute(REGRANT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pg_guard.uninstall_statements((pg_guard.GUARD_CHUNK, pg_guard.GUARD_MANIFEST),
                                                       pg_guard.TRIGGERS_0005):
            op.execute(statement)
    op.drop_table("evidence_manifest", schema=_schema())
    op.drop_table("evidence_chunk", schema=_schema())
