"""PostgreSQL refuses forged history itself: the guard functions and triggers of migration 0004.

The application writes as the person's own database role, so whatever it does that person can also do
with plain SQL. The database therefore checks every write, whoever makes it (the owner included, as
long as it leaves the triggers on):

  audit_event    a new event must be the next link of the chain (seq = head + 1, prev_hash = head hash,
                 hash = SHA-256 over the tag, the previous hash and the payload), its payload a JSON
                 object naming that seq and `session_user` as its actor, the plain columns copies of
                 the payload's fields. The trigger takes the application's write lock, so the head it
                 reads is the head the event extends.
  cycle, cycle_item, evidence, staff, procedure_version, reference_data
                 a row may be written only by a transaction that appended, in its own name, the event
                 that records the change (a started cycle, a waiver of that item, the event naming that
                 evidence's SHA-256, the staff member's login, the published version's seq).
  evidence_blob  the key is the SHA-256 of the content and the size its length.
  evidence_chunk the same for each chunk of streamed content (migration 0005), inserted before the
                 write lock: nothing to check but the chunk itself.
  evidence_manifest
                 the key is the SHA-256 of the manifest's own text (`workflow.core.manifests`), every
                 chunk it lists is stored and their sizes add up to the file's, and an event of this
                 transaction, in the connected login's name, records that file with that manifest.

"The events of this transaction" are the newest events whose row was written by this transaction
(`xmin`): the trigger on audit_event holds the write lock until the transaction ends, so they are the
chain's head, and the walk back stops at the first older event. Nothing here trusts a setting a
session could set for itself.

`grant_access` (SECURITY DEFINER, owned by the schema's owner) is how administrators grant: they hold
no CREATEROLE, so they cannot make themselves members of the owner; the function only creates login
roles and gives them one of the fixed privilege classes, and refuses superusers and the owner.

`faults` is the periodic check `audit verify` runs: every guard trigger present and enabled, every
guard function's text as installed, and the incidents the superuser's event trigger recorded
(`workflow.storage.pg_incidents`).
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.core.manifests import MANIFEST_TAG
from workflow.storage.pg_names import PG_SCHEMA, PG_WRITE_LOCK

GUARD_ERRCODE = "WF001"  # raised by every guard: the storage layer makes it a refusal
_PATH = "SET search_path = pg_catalog, pg_temp"  # no table or function can be shadowed by a caller's
_TAG = "\\x776f726b666c6f772e61756469742e763100"  # b"workflow.audit.v1\x00"


def _refuse(text: str, *args: str) -> str:
    values = "".join(f", {a}" for a in args)
    return f"RAISE EXCEPTION '{text}'{values} USING ERRCODE = '{GUARD_ERRCODE}';"


@dataclass(frozen=True)
class Function:
    name: str
    arguments: str
    returns: str
    body: str
    definer: bool = False

    def create(self) -> str:
        security = " SECURITY DEFINER" if self.definer else ""
        return (f"CREATE OR REPLACE FUNCTION {PG_SCHEMA}.{self.name}({self.arguments}) RETURNS {self.returns} "
                f"LANGUAGE plpgsql{security} {_PATH} AS $guard${self.body}$guard$")


GUARD_EVENT = Function("guard_event", "", "trigger", f"""
DECLARE
    head_seq integer;
    head_hash text;
    body jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock({PG_WRITE_LOCK});
    SELECT a.seq, a.hash INTO head_seq, head_hash FROM {PG_SCHEMA}.audit_event a ORDER BY a.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        head_seq := 0;
        head_hash := repeat('0', 64);
    END IF;
    IF NEW.seq IS DISTINCT FROM head_seq + 1 OR NEW.prev_hash IS DISTINCT FROM head_hash THEN
        {_refuse("event % is not the next link of the chain, whose head is event %", "NEW.seq", "head_seq")}
    END IF;
    IF NEW.hash IS DISTINCT FROM
            encode(sha256('{_TAG}'::bytea || decode(NEW.prev_hash, 'hex') || NEW.payload), 'hex') THEN
        {_refuse("the hash of event % is not the hash of its content", "NEW.seq")}
    END IF;
    BEGIN
        body := convert_from(NEW.payload, 'UTF8')::jsonb;
    EXCEPTION WHEN OTHERS THEN
        {_refuse("the payload of event % is not JSON", "NEW.seq")}
    END;
    IF jsonb_typeof(body) IS DISTINCT FROM 'object' OR body->'seq' IS DISTINCT FROM to_jsonb(NEW.seq) THEN
        {_refuse("the payload of event % does not name its seq", "NEW.seq")}
    END IF;
    IF body->'actor'->>'login' IS DISTINCT FROM session_user::text OR NEW.actor IS DISTINCT FROM session_user::text THEN
        {_refuse("event % names % as its actor, but % is connected", "NEW.seq", "body->'actor'->>'login'",
                 "session_user")}
    END IF;
    IF NEW.type IS DISTINCT FROM body->>'type' OR NEW.at IS DISTINCT FROM body->>'at'
            OR NEW.cycle_id IS DISTINCT FROM body->>'cycle' THEN
        {_refuse("the columns of event % differ from its payload", "NEW.seq")}
    END IF;
    RETURN NEW;
END
""")

OWN_EVENTS = Function("own_events", "", "TABLE (e_seq integer, e_cycle text, e_type text, e_body jsonb)", f"""
DECLARE
    here text := (txid_current() % 4294967296)::text;
    found record;
BEGIN
    FOR found IN SELECT a.seq, a.cycle_id, a.type, a.actor, a.payload, a.xmin::text AS made_by
                 FROM {PG_SCHEMA}.audit_event a ORDER BY a.seq DESC LOOP
        EXIT WHEN found.made_by <> here;
        IF found.actor = session_user::text THEN
            e_seq := found.seq;
            e_cycle := found.cycle_id;
            e_type := found.type;
            e_body := convert_from(found.payload, 'UTF8')::jsonb;
            RETURN NEXT;
        END IF;
    END LOOP;
END
""")

_OWN = f"{PG_SCHEMA}.own_events() o"

GUARD_CYCLE = Function("guard_cycle", "", "trigger", f"""
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN
        {_refuse("cycle %: its id cannot change", "OLD.id")}
    END IF;
    IF TG_OP = 'INSERT' AND NEW.started_by IS DISTINCT FROM session_user::text THEN
        {_refuse("cycle %: % cannot start a cycle in the name of %", "NEW.id", "session_user", "NEW.started_by")}
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_cycle = NEW.id
                   AND (TG_OP = 'UPDATE' OR o.e_type = 'cycle.started')) THEN
        {_refuse("cycle %: no event of % in this transaction records the change", "NEW.id", "session_user")}
    END IF;
    RETURN NEW;
END
""")

GUARD_ITEM = Function("guard_item", "", "trigger", f"""
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.waived_by IS NOT NULL THEN
            {_refuse("cycle %: item % cannot be copied in already waived", "NEW.cycle_id", "NEW.item_id")}
        END IF;
        IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_cycle = NEW.cycle_id) THEN
            {_refuse("cycle %: no event of % in this transaction records its items", "NEW.cycle_id", "session_user")}
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.cycle_id, NEW.activity, NEW.item_id, NEW.name, NEW.group_name)
            IS DISTINCT FROM (OLD.cycle_id, OLD.activity, OLD.item_id, OLD.name, OLD.group_name) THEN
        {_refuse("cycle %: item % can only be waived, not changed", "OLD.cycle_id", "OLD.item_id")}
    END IF;
    IF NEW.waived_by IS DISTINCT FROM session_user::text THEN
        {_refuse("cycle %: % cannot waive item % in the name of %", "NEW.cycle_id", "session_user", "NEW.item_id",
                 "NEW.waived_by")}
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_cycle = NEW.cycle_id AND o.e_type = 'item.waived'
                   AND o.e_body->'data'->>'item' = NEW.item_id) THEN
        {_refuse("cycle %: no event of % in this transaction waives item %", "NEW.cycle_id", "session_user",
                 "NEW.item_id")}
    END IF;
    RETURN NEW;
END
""")

GUARD_EVIDENCE = Function("guard_evidence", "", "trigger", f"""
BEGIN
    IF NEW.attached_by IS DISTINCT FROM session_user::text THEN
        {_refuse("cycle %: % cannot attach evidence in the name of %", "NEW.cycle_id", "session_user",
                 "NEW.attached_by")}
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_seq = NEW.audit_seq AND o.e_cycle = NEW.cycle_id
                   AND o.e_body->'evidence' @> jsonb_build_array(jsonb_build_object('sha256', NEW.sha256))) THEN
        {_refuse("cycle %: event % of this transaction does not record evidence %", "NEW.cycle_id", "NEW.audit_seq",
                 "NEW.sha256")}
    END IF;
    RETURN NEW;
END
""")

def _self_keyed(name: str, column: str, what: str) -> Function:
    """The guard of content stored under its own SHA-256: the key and size are those of the bytes."""
    return Function(name, "", "trigger", f"""
BEGIN
    IF NEW.sha256 IS DISTINCT FROM encode(sha256(NEW.{column}), 'hex')
            OR NEW.size IS DISTINCT FROM octet_length(NEW.{column}) THEN
        {_refuse(f"evidence {what} stored as % has another SHA-256 or size", "NEW.sha256")}
    END IF;
    RETURN NEW;
END
""")


GUARD_BLOB = _self_keyed("guard_blob", "content", "content")

GUARD_STAFF = Function("guard_staff", "", "trigger", f"""
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.login IS DISTINCT FROM OLD.login THEN
        {_refuse("staff %: a login cannot change", "OLD.login")}
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_type IN ('staff.added', 'staff.changed', 'access.granted')
                   AND o.e_body->'data'->>'login' = NEW.login) THEN
        {_refuse("staff %: no event of % in this transaction records the change", "NEW.login", "session_user")}
    END IF;
    RETURN NEW;
END
""")

# procedure_version and reference_data: the published row names the event that published it.
GUARD_PUBLICATION = Function("guard_publication", "", "trigger", f"""
BEGIN
    IF NEW.published_by IS DISTINCT FROM session_user::text OR NOT EXISTS (
            SELECT 1 FROM {_OWN} WHERE o.e_seq = NEW.audit_seq AND o.e_type = TG_ARGV[0]) THEN
        {_refuse("%: no event % of % in this transaction publishes it", "TG_TABLE_NAME", "NEW.audit_seq",
                 "session_user")}
    END IF;
    RETURN NEW;
END
""")

GUARD_CHUNK = _self_keyed("guard_chunk", "data", "chunk")

GUARD_MANIFEST = Function("guard_manifest", "", "trigger", f"""
DECLARE
    listed integer;
    found integer;
    total numeric;
BEGIN
    IF NEW.sha256 IS DISTINCT FROM encode(sha256(convert_to('{MANIFEST_TAG}' || chr(10) || NEW.file_sha256 || chr(10)
            || NEW.size::text || chr(10) || NEW.chunks, 'UTF8')), 'hex') THEN
        {_refuse("evidence manifest stored as % is not the SHA-256 of its text", "NEW.sha256")}
    END IF;
    SELECT count(*), count(c.sha256), sum(c.size) INTO listed, found, total
        FROM unnest(string_to_array(NEW.chunks, chr(10))) AS u(h)
        LEFT JOIN {PG_SCHEMA}.evidence_chunk c ON c.sha256 = u.h;
    IF listed = 0 OR found IS DISTINCT FROM listed OR total IS DISTINCT FROM NEW.size THEN
        {_refuse("evidence manifest %: its chunks are not all stored or do not add up to % bytes", "NEW.sha256",
                 "NEW.size")}
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_body->'evidence' @> jsonb_build_array(
            jsonb_build_object('sha256', NEW.file_sha256, 'manifest', NEW.sha256, 'size', NEW.size))) THEN
        {_refuse("evidence manifest %: no event of % in this transaction records file % with it", "NEW.sha256",
                 "session_user", "NEW.file_sha256")}
    END IF;
    RETURN NEW;
END
""")

_TABLES = "workflow.audit_event, workflow.evidence, workflow.evidence_blob, workflow.cycle, workflow.cycle_item"
_CHUNK_TABLES = f"{PG_SCHEMA}.evidence_chunk, {PG_SCHEMA}.evidence_manifest"

GRANT_ACCESS = Function("grant_access", "p_login text, p_class text", "boolean", f"""
DECLARE
    target record;
    created boolean := false;
BEGIN
    IF p_class IS NULL OR p_class NOT IN ('staff', 'auditor', 'admin') THEN
        {_refuse("% is not a class of access", "p_class")}
    END IF;
    IF session_user <> current_user AND NOT EXISTS (
            SELECT 1 FROM {PG_SCHEMA}.staff s WHERE s.login = session_user::text AND s.is_admin) THEN
        {_refuse("% is not an administrator and may not grant access", "session_user")}
    END IF;
    SELECT r.oid, r.rolsuper, r.rolcreaterole INTO target FROM pg_roles r WHERE r.rolname = p_login;
    IF NOT FOUND THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_login);
        created := true;
    ELSIF target.rolsuper OR pg_has_role(target.oid, current_user, 'MEMBER') THEN
        {_refuse("% is a superuser or can act as the owner of the database: grant does not change it", "p_login")}
    ELSIF target.rolcreaterole THEN
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', p_login);
    END IF;
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA {PG_SCHEMA} FROM %I', p_login);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA {PG_SCHEMA} FROM %I', p_login);
    EXECUTE format('REVOKE ALL ON FUNCTION {PG_SCHEMA}.grant_access(text, text) FROM %I', p_login);
    EXECUTE format('GRANT USAGE ON SCHEMA {PG_SCHEMA} TO %I', p_login);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA {PG_SCHEMA} TO %I', p_login);
    IF p_class IN ('staff', 'admin') THEN
        EXECUTE format('GRANT INSERT ON {_TABLES} TO %I', p_login);
        IF to_regclass('{PG_SCHEMA}.evidence_manifest') IS NOT NULL THEN  -- revision 0005 and later
            EXECUTE format('GRANT INSERT ON {_CHUNK_TABLES} TO %I', p_login);
        END IF;
        EXECUTE format('GRANT UPDATE ON workflow.cycle, workflow.cycle_item TO %I', p_login);
        IF to_regclass('{PG_SCHEMA}.citizen_request') IS NOT NULL THEN  -- from revision 0005
            EXECUTE format('GRANT INSERT, UPDATE ON workflow.case_field, workflow.citizen_request TO %I', p_login);
        END IF;
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA {PG_SCHEMA} TO %I', p_login);
        IF to_regclass('{PG_SCHEMA}.catalog_entry') IS NOT NULL THEN  -- from revision 0006 on
            EXECUTE format('GRANT INSERT, UPDATE ON {PG_SCHEMA}.catalog_entry TO %I', p_login);
        END IF;
    END IF;
    IF p_class = 'admin' THEN
        EXECUTE format('GRANT INSERT, UPDATE ON workflow.staff TO %I', p_login);
        EXECUTE format('GRANT INSERT ON workflow.procedure_version, workflow.reference_data TO %I', p_login);
        EXECUTE format('GRANT EXECUTE ON FUNCTION {PG_SCHEMA}.grant_access(text, text) TO %I', p_login);
    END IF;
    RETURN created;
END
""", definer=True)

FUNCTIONS_0004 = (GUARD_EVENT, OWN_EVENTS, GUARD_CYCLE, GUARD_ITEM, GUARD_EVIDENCE, GUARD_BLOB, GUARD_STAFF,
                  GUARD_PUBLICATION, GRANT_ACCESS)
FUNCTIONS_0005 = (GUARD_CHUNK, GUARD_MANIFEST, GRANT_ACCESS)  # grant_access then gives the chunk tables too

# catalog_entry (revision 0006): a row names the catalogue event of this transaction that explains it,
# and says what that event says (the content's SHA-256, or the dependencia assigned).
GUARD_CATALOG = Function("guard_catalog", "", "trigger", f"""
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.code IS DISTINCT FROM OLD.code THEN
        {_refuse("catalogue entry %: its code cannot change", "OLD.code")}
    END IF;
    IF NEW.updated_by IS DISTINCT FROM session_user::text OR NOT EXISTS (
            SELECT 1 FROM {_OWN} WHERE o.e_seq = NEW.audit_seq
            AND o.e_type IN ('catalog.entry_added', 'catalog.entry_changed', 'catalog.entry_assigned')
            AND o.e_body->'data'->>'code' = NEW.code
            AND CASE WHEN o.e_type = 'catalog.entry_assigned'
                     THEN o.e_body->'data'->>'dependencia' IS NOT DISTINCT FROM NEW.dependencia
                     ELSE o.e_body->'data'->>'sha256' = NEW.sha256 END) THEN
        {_refuse("catalogue entry %: no event % of % in this transaction records the change", "NEW.code",
                 "NEW.audit_seq", "session_user")}
    END IF;
    RETURN NEW;
END
""")

CATALOG_FUNCTIONS = (GUARD_CATALOG,)  # by revision 0006

# case_field and citizen_request (revision 0007): a row names, in `audit_seq`, an event of this
# transaction, in the connected login's name, about the same cycle (`cycle.started`, `fields.set`, a
# request's step or `request.terms_moved`); what the event says is checked by `audit verify`'s replay.
GUARD_CASE_ROW = Function("guard_case_row", "", "trigger", f"""
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.cycle_id IS DISTINCT FROM OLD.cycle_id THEN
        {_refuse("%: a row of cycle % cannot move to another cycle", "TG_TABLE_NAME", "OLD.cycle_id")}
    END IF;
    IF NOT EXISTS (SELECT 1 FROM {_OWN} WHERE o.e_seq = NEW.audit_seq AND o.e_cycle = NEW.cycle_id) THEN
        {_refuse("%: no event % of % in this transaction records the change to cycle %", "TG_TABLE_NAME",
                 "NEW.audit_seq", "session_user", "NEW.cycle_id")}
    END IF;
    RETURN NEW;
END
""")
CASE_FUNCTIONS = (GUARD_CASE_ROW,)  # by revision 0007
FUNCTIONS = (*FUNCTIONS_0004, GUARD_CHUNK, GUARD_MANIFEST, *CATALOG_FUNCTIONS, *CASE_FUNCTIONS)  # every one

# (table, trigger, when, function and arguments): with 0002's append-only triggers, the guard set.
TRIGGERS = (
    ("audit_event", "audit_event_guard", "BEFORE INSERT", "guard_event()"),
    ("cycle", "cycle_guard", "BEFORE INSERT OR UPDATE", "guard_cycle()"),
    ("cycle_item", "cycle_item_guard", "BEFORE INSERT OR UPDATE", "guard_item()"),
    ("evidence", "evidence_guard", "BEFORE INSERT OR UPDATE", "guard_evidence()"),
    ("evidence_blob", "evidence_blob_guard", "BEFORE INSERT OR UPDATE", "guard_blob()"),
    ("staff", "staff_guard", "BEFORE INSERT OR UPDATE", "guard_staff()"),
    ("procedure_version", "procedure_version_guard", "BEFORE INSERT OR UPDATE",
     "guard_publication('procedure.published')"),
    ("reference_data", "reference_data_guard", "BEFORE INSERT OR UPDATE", "guard_publication('reference.published')"),
)
TRIGGERS_0005 = (
    ("evidence_chunk", "evidence_chunk_guard", "BEFORE INSERT OR UPDATE", "guard_chunk()"),
    ("evidence_manifest", "evidence_manifest_guard", "BEFORE INSERT OR UPDATE", "guard_manifest()"),
)
APPEND_ONLY = (("audit_event", "audit_event_append_only"), ("audit_event", "audit_event_no_truncate"))
CATALOG_TRIGGERS = (("catalog_entry", "catalog_entry_guard", "BEFORE INSERT OR UPDATE", "guard_catalog()"),)
CASE_TRIGGERS = (("case_field", "case_field_guard", "BEFORE INSERT OR UPDATE", "guard_case_row()"),
                 ("citizen_request", "citizen_request_guard", "BEFORE INSERT OR UPDATE", "guard_case_row()"))
GUARD_TRIGGERS = APPEND_ONLY + tuple((table, name) for table, name, _, _ in TRIGGERS + TRIGGERS_0005
                                     + CATALOG_TRIGGERS + CASE_TRIGGERS)
Trigger = tuple[str, str, str, str]


def regrant_statement(*tables: str) -> str:
    """For an upgrade that adds projection tables: every role that may read the trail may read them, and
    those that may append events (staff, administrators) insert and update them (never delete). Roles
    granted later get them from `grant_access`."""
    names = ", ".join(f"{PG_SCHEMA}.{table}" for table in tables)
    return f"""
DO $$
DECLARE
    reader record;
BEGIN
    FOR reader IN SELECT r.rolname, pg_catalog.has_table_privilege(r.oid, '{PG_SCHEMA}.audit_event', 'INSERT') AS writes
                  FROM pg_catalog.pg_roles r
                  WHERE NOT r.rolsuper AND r.rolname <> current_user AND r.rolname !~ '^pg_'
                  AND pg_catalog.has_table_privilege(r.oid, '{PG_SCHEMA}.audit_event', 'SELECT')
                  ORDER BY r.rolname LOOP
        EXECUTE format('GRANT SELECT ON {names} TO %I', reader.rolname);
        IF reader.writes THEN
            EXECUTE format('GRANT INSERT, UPDATE ON {names} TO %I', reader.rolname);
        END IF;
    END LOOP;
END
$$
"""


def install_statements(functions: tuple[Function, ...] = FUNCTIONS_0004,
                       triggers: tuple[Trigger, ...] = TRIGGERS) -> list[str]:
    """The DDL that installs the guards (run by the schema's owner: migration 0004 the first set,
    0005 those of the chunk tables)."""
    statements = [function.create() for function in functions]
    statements.append(f"REVOKE ALL ON FUNCTION {PG_SCHEMA}.grant_access(text, text) FROM PUBLIC")
    for table, name, when, call in triggers:
        statements.append(f"CREATE TRIGGER {name} {when} ON {PG_SCHEMA}.{table} FOR EACH ROW "
                          f"EXECUTE FUNCTION {PG_SCHEMA}.{call}")
    return statements


def uninstall_statements(functions: tuple[Function, ...] = FUNCTIONS_0004,
                         triggers: tuple[Trigger, ...] = TRIGGERS) -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS {name} ON {PG_SCHEMA}.{table}" for table, name, _, _ in triggers]
    statements += [f"DROP FUNCTION IF EXISTS {PG_SCHEMA}.{f.name}({_types(f.arguments)})" for f in functions]
    return statements


def _types(arguments: str) -> str:
    return ", ".join(part.split()[-1] for part in arguments.split(",") if part.strip())
