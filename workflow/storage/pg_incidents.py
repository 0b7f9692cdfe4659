"""Who switched the guards off: the periodic check and the superuser's incident recorder (PostgreSQL).

The schema's owner can drop, disable or replace the guard triggers (`workflow.storage.pg_guard`), and a
superuser can do anything. Two things make that visible to `audit verify`:

- the periodic check (`faults`), which needs nothing installed: every guard trigger present and
  enabled, every guard function's text and settings as installed. It sees the guards as they are
  now, so a trigger switched off and on again between two checks escapes it;
- the incident recorder, an event trigger only a superuser can create (`install_recorder`, run by
  `workflow db upgrade` when a superuser runs it): every CREATE/ALTER/DROP of a trigger or function in
  the schema `workflow`, every dropped table, and every ALTER TABLE that leaves a trigger disabled is
  written to `workflow_guard.incident`, a table of the superuser's that nobody else may change. The
  row commits with the command that caused it, so switching a trigger off and on again in one
  transaction is recorded too.

Neither stops a superuser (`session_replication_role = replica` silences triggers and event triggers
alike); a signed checkpoint kept off the server is what catches what a superuser rewrites.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from workflow.storage.pg_guard import ALL_FUNCTIONS, GUARD_TRIGGERS
from workflow.storage.pg_names import PG_SCHEMA

GUARD_SCHEMA = "workflow_guard"
ENABLED = ("O", "A")  # pg_trigger.tgenabled: fires on origin (the default) or always

RECORDER = f"""
CREATE OR REPLACE FUNCTION {GUARD_SCHEMA}.record() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $guard$
DECLARE
    found record;
BEGIN
    IF TG_EVENT = 'sql_drop' THEN
        FOR found IN SELECT object_type, object_identity FROM pg_event_trigger_dropped_objects()
                     WHERE schema_name = '{PG_SCHEMA}' AND object_type IN ('table', 'trigger', 'function') LOOP
            INSERT INTO {GUARD_SCHEMA}.incident (command, object)
                VALUES (TG_TAG, found.object_type || ' ' || found.object_identity);
        END LOOP;
        RETURN;
    END IF;
    FOR found IN SELECT object_type, object_identity FROM pg_event_trigger_ddl_commands()
                 WHERE schema_name = '{PG_SCHEMA}' AND object_type IN ('trigger', 'function') LOOP
        INSERT INTO {GUARD_SCHEMA}.incident (command, object)
            VALUES (TG_TAG, found.object_type || ' ' || found.object_identity);
    END LOOP;
    IF TG_TAG = 'ALTER TABLE' THEN
        -- What ALTER TABLE did is opaque to SQL; a trigger it left disabled is not.
        FOR found IN SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = '{PG_SCHEMA}' AND NOT t.tgisinternal AND t.tgenabled NOT IN ('O', 'A') LOOP
            INSERT INTO {GUARD_SCHEMA}.incident (command, object)
                VALUES (TG_TAG, 'trigger ' || found.tgname || ' on {PG_SCHEMA}.' || found.relname || ' disabled');
        END LOOP;
    END IF;
END
$guard$
"""

INSTALL = (
    f"CREATE SCHEMA IF NOT EXISTS {GUARD_SCHEMA}",
    f"CREATE TABLE IF NOT EXISTS {GUARD_SCHEMA}.incident (id bigserial PRIMARY KEY, "
    "at timestamptz NOT NULL DEFAULT clock_timestamp(), by_role text NOT NULL DEFAULT session_user, "
    "command text NOT NULL, object text NOT NULL)",
    f"REVOKE ALL ON SCHEMA {GUARD_SCHEMA} FROM PUBLIC",
    f"GRANT USAGE ON SCHEMA {GUARD_SCHEMA} TO PUBLIC",
    f"GRANT SELECT ON {GUARD_SCHEMA}.incident TO PUBLIC",
    RECORDER,
    f"REVOKE ALL ON FUNCTION {GUARD_SCHEMA}.record() FROM PUBLIC",
)
EVENT_TRIGGERS = (
    ("workflow_guard_ddl", "ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TRIGGER', 'ALTER TRIGGER', "
                           "'CREATE FUNCTION', 'ALTER FUNCTION')"),
    ("workflow_guard_drop", "sql_drop"),
)


@dataclass(frozen=True)
class Fault:
    kind: str  # trigger_missing | trigger_disabled | function_changed | incident
    values: dict[str, str]


def is_superuser(connection: Connection) -> bool:
    return connection.exec_driver_sql("SELECT current_setting('is_superuser')").scalar() == "on"


def install_recorder(connection: Connection) -> bool:
    """Install the incident recorder if the connection is a superuser's (only they can create event
    triggers); True if it is installed now."""
    if connection.dialect.name != "postgresql" or not is_superuser(connection):
        return False
    for statement in INSTALL:
        connection.exec_driver_sql(statement)
    existing = set(connection.exec_driver_sql("SELECT evtname FROM pg_event_trigger").scalars())
    for name, when in EVENT_TRIGGERS:
        if name not in existing:
            connection.exec_driver_sql(f"CREATE EVENT TRIGGER {name} ON {when} "
                                       f"EXECUTE FUNCTION {GUARD_SCHEMA}.record()")
    return True


def forget_upgrade_incidents(connection: Connection) -> int:
    """A superuser's `db upgrade` replaces guards on purpose: what the recorder wrote in that very
    transaction is the migrations' own DDL (a new guard, `grant_access` as the new revision has it), not
    tampering, and is removed before it commits. Only a superuser can (the incident table is theirs);
    an upgrade run by the owner while a recorder is installed leaves its incidents for verify to show."""
    if not is_superuser(connection) or connection.exec_driver_sql(
            f"SELECT to_regclass('{GUARD_SCHEMA}.incident')").scalar() is None:
        return 0
    return int(connection.exec_driver_sql(
        f"DELETE FROM {GUARD_SCHEMA}.incident WHERE xmin::text = mod(txid_current(), 4294967296)::text").rowcount)


def uninstall_recorder(connection: Connection) -> None:
    for name, _ in EVENT_TRIGGERS:
        connection.exec_driver_sql(f"DROP EVENT TRIGGER IF EXISTS {name}")
    connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {GUARD_SCHEMA} CASCADE")


def faults(connection: Connection) -> list[Fault]:
    """What is wrong with the guards now, and every incident recorded (oldest first)."""
    found: list[Fault] = []
    triggers = {(str(table), str(name)): str(enabled) for table, name, enabled in connection.exec_driver_sql(
        "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal", {"schema": PG_SCHEMA})}
    for table, name in GUARD_TRIGGERS:
        state = triggers.get((table, name))
        if state is None or state not in ENABLED:
            found.append(Fault("trigger_missing" if state is None else "trigger_disabled",
                               {"trigger": name, "table": f"{PG_SCHEMA}.{table}"}))
    installed = {str(name): (str(source), bool(definer), list(config or ())) for name, source, definer, config in
                 connection.exec_driver_sql(
                     "SELECT proname, prosrc, prosecdef, proconfig FROM pg_proc "
                     "WHERE pronamespace = %(schema)s::regnamespace", {"schema": PG_SCHEMA})}
    for function in ALL_FUNCTIONS:
        if installed.get(function.name) != (function.body, function.definer, ["search_path=pg_catalog, pg_temp"]):
            found.append(Fault("function_changed", {"function": f"{PG_SCHEMA}.{function.name}"}))
    if connection.exec_driver_sql(f"SELECT to_regclass('{GUARD_SCHEMA}.incident')").scalar() is not None:
        for at, role, command, what in connection.exec_driver_sql(
                f"SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), by_role, command, object "
                f"FROM {GUARD_SCHEMA}.incident ORDER BY id"):
            found.append(Fault("incident", {"at": str(at), "role": str(role), "command": str(command),
                                            "object": str(what)}))
    return found
