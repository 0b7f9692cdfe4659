"""Setting an office up: create or upgrade the database, publish procedures and reference data,
register staff. Only an administrator may do any of it (but the first `init`, which makes one).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from workflow.core import events as ev
from workflow.core.guards import Actor
from workflow.core.loading import LoadedProcedure, load_procedure_file
from workflow.core.logins import checked_login
from workflow.core.records import ProcedureRow, StaffRow
from workflow.errors import DefinitionInvalid, NotFound, Problem, Refused
from workflow.service import reference, signing_key, versions
from workflow.service.context import Context
from workflow.service.views import InitResult, PublishResult, StaffView
from workflow.settings import shipped_procedures_dir
from workflow.storage.atomic import ensure_folder
from workflow.storage.store import Tx


def init(ctx: Context, name: str | None = None) -> InitResult:
    """Create or upgrade the database, register the person running it as administrator and publish
    the procedures folder. Running it again changes nothing that is already there."""
    folder = ctx.settings.procedures_dir or shipped_procedures_dir()
    loaded = load_folder(folder)
    references = reference.folder_references(folder)
    if ctx.settings.embedded:
        ensure_folder(ctx.settings.home)
    from workflow.storage.migrations import upgrade_to_head

    with ctx.store.transaction() as tx:
        login = ctx.login(tx)
        if tx.schema_revision() is not None:
            # Only an administrator may run init on an existing database (it could upgrade it).
            admin_logins = [s.login for s in tx.all_staff() if s.is_admin]
            if admin_logins and login not in admin_logins:
                raise Refused("service.init_other_admin", login=login, admins=", ".join(admin_logins))
        upgrade_to_head(tx.connection)
        now = ctx.now_text()
        if not any(s.is_admin for s in tx.all_staff()):
            checked_login(login)  # on PostgreSQL the session user: WORKFLOW_USER was checked already
            existing = tx.staff(login)
            row = StaffRow(login=login, name=name or (existing.name if existing else login),
                           area_id=existing.area_id if existing else None,
                           role_id=existing.role_id if existing else None, is_admin=True,
                           created_at=existing.created_at if existing else now, updated_at=now)
            first_admin = Actor(login=login, name=row.name, area=row.area_id, role=row.role_id, is_admin=True)
            tx.append_event(ev.make_event(ev.STAFF_ADDED, now, first_admin, data=ev.staff_data(row)))
            tx.save_staff(row, exists=existing is not None)
        actor = ctx.actor(tx)
        for data in references:  # before the procedures, whose cycles may need them
            reference.publish(tx, data, actor, now)
        published = tuple(publish_loaded(ctx, tx, item, actor, now) for item in loaded)
    key = signing_key.ensure_default(ctx)  # so that `audit checkpoint` works in a fresh home
    return InitResult(home=str(ctx.settings.home), database=safe_url(ctx.settings.db_url),
                      admin=ctx.login(), published=published, signing_key=key.path if key else None)


def load_folder(folder: Path) -> list[LoadedProcedure]:
    """Every procedure file of a folder, all validated: every problem of every file reported at once."""
    if not folder.is_dir():
        raise NotFound("service.procedures_folder_missing", path=str(folder))
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    loaded: list[LoadedProcedure] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append(load_procedure_file(path))
        except DefinitionInvalid as invalid:
            problems.extend(invalid.problems)
    if problems:
        raise DefinitionInvalid(problems)
    return loaded


def upgrade(ctx: Context) -> str:
    ctx.store.upgrade()
    return store_revision(ctx)


def store_revision(ctx: Context) -> str:
    with ctx.store.read() as tx:
        return tx.schema_revision() or ""


def publish(ctx: Context, path: Path) -> PublishResult:
    loaded = load_procedure_file(path)
    with ctx.as_admin() as (tx, actor):
        return publish_loaded(ctx, tx, loaded, actor, ctx.now_text())


def publish_loaded(ctx: Context, tx: Tx, loaded: LoadedProcedure, actor: Actor, now: str) -> PublishResult:
    """Publish one validated version; the same text again changes nothing, other text under a
    version already published is refused (published versions are immutable), and so is a version
    naming a list or a calendar that is not published. What it drops that staff or running cycles
    use comes back as warnings."""
    procedure = loaded.procedure
    existing = tx.procedure(procedure.code, procedure.version)
    if existing is not None:
        if existing.sha256 == loaded.sha256:
            return PublishResult(procedure.code, procedure.version, loaded.sha256, changed=False)
        raise Refused("service.version_taken", code=procedure.code, version=procedure.version)
    reference.require_named(tx, procedure)
    warnings = tuple(d.message for d in versions.before_publishing(ctx, tx, procedure))
    link = tx.append_event(ev.make_event(
        ev.PROCEDURE_PUBLISHED, now, actor,
        procedure=ev.procedure_ref(procedure.code, procedure.version, loaded.sha256),
        data={"title": procedure.title, "activities": len(procedure.activities), "source": Path(loaded.path).name}))
    tx.insert_procedure(ProcedureRow(code=procedure.code, version=procedure.version, title=procedure.title,
                                     sha256=loaded.sha256, text=loaded.text, published_at=now,
                                     published_by=actor.login, audit_seq=link.seq))
    return PublishResult(procedure.code, procedure.version, loaded.sha256, changed=True, warnings=warnings)


def publish_data(ctx: Context, path: Path, kind: str) -> tuple[str, str, str, bool]:
    """Publish an item list or a calendar file: (kind, name, sha256, changed)."""
    data = reference.read_reference(path, kind)
    with ctx.as_admin() as (tx, actor):
        now = ctx.now_text()
        changed = reference.publish(tx, data, actor, now)
        if changed and data.kind == reference.CALENDAR:  # a suspension decreed later moves open requests' terms
            from workflow.service.request_terms import move_terms

            move_terms(tx, data.name, actor, now, ctx)
    return data.kind, data.name, data.sha256, changed


def add_staff(ctx: Context, login: str, area: str, role: str, name: str | None = None) -> StaffView:
    """Register a member of staff, or change their name, area or role (audited; no change, no event)."""
    login = checked_login(login)
    with ctx.as_admin() as (tx, actor):
        areas, roles = organisation(ctx, tx)
        if area not in areas:
            raise Refused("service.area_unknown", area=area, known=", ".join(sorted(areas)))
        if role not in roles:
            raise Refused("service.role_unknown", role=role, known=", ".join(sorted(roles)))
        now = ctx.now_text()
        existing = tx.staff(login)
        row = StaffRow(login=login, name=name or (existing.name if existing else login), area_id=area,
                       role_id=role, is_admin=existing.is_admin if existing else False,
                       created_at=existing.created_at if existing else now, updated_at=now)
        if existing is not None and (existing.name, existing.area_id, existing.role_id) == (
                row.name, row.area_id, row.role_id):
            return staff_view(existing, areas, roles)  # nothing to change, nothing to audit
        kind = ev.STAFF_CHANGED if existing else ev.STAFF_ADDED
        tx.append_event(ev.make_event(kind, now, actor, data=ev.staff_data(row)))
        tx.save_staff(row, exists=existing is not None)
        return staff_view(row, areas, roles, created=existing is None)


def organisation(ctx: Context, tx: Tx) -> tuple[dict[str, str], dict[str, str]]:
    """Areas and roles staff may be registered in (see `versions.staffable`)."""
    return versions.staffable(ctx, tx)


def staff_view(row: StaffRow, areas: dict[str, str], roles: dict[str, str], created: bool = False) -> StaffView:
    return StaffView(login=row.login, name=row.name, area=row.area_id, area_name=areas.get(row.area_id or ""),
                     role=row.role_id, role_name=roles.get(row.role_id or ""), is_admin=row.is_admin,
                     created=created)


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
