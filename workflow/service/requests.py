"""Citizen requests (PQRSD, Ley 1755 de 2015): each one a cycle of the PQRSD procedure, one transaction per command.

Every command reads as load -> decide -> persist, like the cycle commands it is made of: filing starts a
cycle with the request's case data, assigning and extending are the procedure's named actions, answering
completes its activity with the response, forwarding and closing skip it, an incomplete petition
suspends the cycle, the citizen's completion resumes it, a desistimiento cancels it. The law's rules
(`workflow.core.requests`) run before the engine's, and every event carries `data.request`: the
changes of the `citizen_request` projection, which `audit verify` rebuilds from the chain.

The radicado (`YYYY-NNNNNN`) is numbered under the write lock that every writing transaction takes
first (SQLite `BEGIN IMMEDIATE`, the PostgreSQL advisory lock): the next number of the year is read
and used in the same transaction as the event that files it, so numbers are gap-free (a filing that
fails rolls its number back with it) and unique (a UNIQUE constraint backs it), and never reused
(requests are never deleted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workflow.core import case_steps, events, outcomes
from workflow.core import requests as rules
from workflow.core.calendar import BusinessCalendar
from workflow.core.case_data import check_start_values
from workflow.core.definition import Procedure
from workflow.core.limits import MAX_TEXT_CHARS, check_text
from workflow.core.outcomes import CycleFacts, Outcome
from workflow.errors import NotFound, Refused
from workflow.service import reference
from workflow.service.context import Context
from workflow.service.cycles import Staged, field_items, load, persist, staged_file, upload_all
from workflow.service.request_terms import PROCEDURE as PROCEDURE
from workflow.storage.evidence_files import check_readable
from workflow.storage.store import Tx

MODEL_FILE = f"{PROCEDURE}.yaml"
RESPONSE, ATTACHMENT = "respuesta", "anexo_ciudadano"


@dataclass(frozen=True)
class NewRequest:
    type: str
    channel: str
    subject: str
    received_at: str | None = None  # ISO 8601; None: now
    citizen: str | None = None
    email: str | None = None
    anonymous: bool = False
    dependencia: str | None = None
    evidence: tuple[Path, ...] = ()
    source_id: str | None = None  # Message-ID or chat conversation: what makes an import idempotent
    note: str | None = None


def _today(ctx: Context) -> dt.date:
    return rules.local_day(ctx.clock())


def _calendar(tx: Tx, procedure: Procedure) -> BusinessCalendar:
    return reference.calendar(tx, procedure.calendar)


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def file(ctx: Context, request: NewRequest) -> dict[str, Any]:
    """Register a request: a new cycle of the PQRSD procedure with its radicado, its term and due date."""
    check_text("--subject", request.subject)
    check_text("--citizen", request.citizen, MAX_TEXT_CHARS)
    ctx.store.require_file()
    for path in request.evidence:
        check_readable(path, ctx.max_evidence_bytes)
    with ExitStack() as files:
        staged: list[Staged] = [files.enter_context(staged_file(ctx, path)) for path in request.evidence]
        with ctx.writing(upload_all(staged)) as tx:
            row = _file(ctx, tx, request, [s.stored for s in staged])
            for file_ in staged:
                file_.place(tx)
            return row


def _file(ctx: Context, tx: Tx, request: NewRequest, stored: Sequence[Any]) -> dict[str, Any]:
    now = ctx.clock()
    if request.source_id is not None and tx.request(request.source_id, by="source_id") is not None:
        raise Refused("request.already_imported", source=request.source_id)
    actor = ctx.actor(tx)
    published = ctx.definitions.row(tx, PROCEDURE)
    procedure = ctx.definitions.of(published)
    received = rules.received_moment(request.received_at, now)
    received_day = rules.local_day(received)
    given = {"type": request.type, "channel": request.channel, "subject": request.subject,
             "received_on": received_day.isoformat()}
    if not request.anonymous:
        given |= {k: v for k, v in (("citizen", request.citizen), ("email", request.email)) if v}
    if request.dependencia:
        given["dependencia"] = request.dependencia
    values = check_start_values(procedure, given, field_items(tx, procedure))
    term = procedure.term_for(values)
    days = term.business_days if term is not None else None
    calendar = _calendar(tx, procedure)
    due = rules.due_on(calendar, received_day, days)
    year = rules.local_day(now).year
    number = tx.next_request_number(year)
    radicado = rules.radicado(year, number)
    changes: dict[str, Any] = {
        "radicado": radicado, "year": year, "number": number, "type": values["type"], "channel": values["channel"],
        "subject": values["subject"], "citizen": values.get("citizen"), "email": values.get("email"),
        "anonymous": int(request.anonymous), "dependencia": values.get("dependencia"),
        "received_at": events.utc_text(received), "received_day": received_day.isoformat(),
        "term_business_days": days, "term_from": received_day.isoformat() if days else None, "term_days": days,
        "due_date": due.isoformat() if due else None, "extended_until": None,
        "state": rules.OPEN, "answered_at": None, "notified_at": None, "outcome": None, "forwarded_to": None,
        "incomplete_since": None, "days_left": None, "source_id": request.source_id}
    started = outcomes.start(procedure, published, actor, tx.next_cycle_number(procedure.code), radicado,
                             ctx.now_text(), values, data={"request": changes})
    cycle, _ = persist(tx, started)
    seq = tx.head()[0]
    row = {**changes, "cycle_id": cycle.id, "updated_at": cycle.started_at, "audit_seq": seq}
    tx.insert_request(row)
    if stored:
        facts = CycleFacts(cycle=cycle, procedure=procedure, actor=actor)
        for file_ in stored:
            targets = outcomes.plan_attach(facts, ATTACHMENT, None, False, None)
            attached = outcomes.attach_outcome(facts, ATTACHMENT, targets, file_, request.note, ctx.now_text())
            facts = replace(facts, cycle=persist(tx, attached)[0])
    return row


# -- steps on a filed request ----------------------------------------------------------------------

def _request(tx: Tx, radicado: str) -> dict[str, Any]:
    row = tx.request(radicado.strip())
    if row is None:
        raise NotFound("request.unknown", radicado=radicado)
    return row


@dataclass(frozen=True)
class Step:
    """What a step on a filed request decides on."""

    facts: CycleFacts
    row: dict[str, Any]
    calendar: BusinessCalendar
    today: dt.date
    items: Mapping[str, frozenset[str]]


Decide = Callable[[Step], tuple[Outcome, dict[str, Any]]]


def _step(ctx: Context, radicado: str, decide: Decide, *, records: bool = False,
          before: Callable[[Tx], None] | None = None, after: Callable[[Tx], None] | None = None) -> dict[str, Any]:
    """Load the request and its cycle, let `decide` return the outcome and the request's changes, and
    write both (and, with `before` and `after`, a staged file: streamed in before the write lock, placed
    after the event) in one transaction."""
    with ctx.writing(before) as tx:
        row = _request(tx, radicado)
        facts = load(ctx, tx, row["cycle_id"], records=records)
        step = Step(facts, row, _calendar(tx, facts.procedure), _today(ctx), field_items(tx, facts.procedure))
        outcome, changes = decide(step)
        outcome = _with_request(outcome, {"radicado": row["radicado"], **changes})
        persist(tx, outcome)
        updated = {**changes, "updated_at": outcome.cycle.updated_at, "audit_seq": tx.head()[0]}
        tx.update_request(row["radicado"], updated)
        if after is not None:
            after(tx)
        return {**row, **updated}


def _with_request(outcome: Outcome, changes: Mapping[str, Any]) -> Outcome:
    """The outcome with the request's changes in the data of its last event (the one that decides)."""
    *before, last = outcome.events
    payload = {**last.payload, "data": {**last.payload["data"], "request": dict(changes)}}
    return replace(outcome, events=(*before, replace(last, payload=payload)))


def _require_open(row: Mapping[str, Any], step: str) -> None:
    if row["state"] != rules.OPEN:
        raise Refused("request.not_open", radicado=row["radicado"], state=row["state"], step=step)


def assign(ctx: Context, radicado: str, dependencia: str) -> dict[str, Any]:
    def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
        _require_open(step.row, "assign")
        outcome = case_steps.act(step.facts, "assign", {"dependencia": dependencia}, step.items, None, None,
                                 ctx.now_text())
        return outcome, {"dependencia": outcome.fields["dependencia"]}
    return _step(ctx, radicado, decide)


def extend(ctx: Context, radicado: str, until: dt.date, reason: str) -> dict[str, Any]:
    check_text("--reason", reason)

    def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
        row = step.row
        _require_open(row, "extend")
        received = dt.date.fromisoformat(row["received_day"])
        term_days = rules.check_extension(step.calendar, received, row["term_business_days"], _day(row["due_date"]),
                                          until, step.today)
        outcome = case_steps.act(step.facts, "extend", {"extended_until": until.isoformat()}, {}, reason, None,
                                 ctx.now_text())
        return outcome, {"extended_until": until.isoformat(), "due_date": until.isoformat(),
                         "term_from": row["received_day"], "term_days": term_days}
    return _step(ctx, radicado, decide)


def forward(ctx: Context, radicado: str, to: str, reason: str) -> dict[str, Any]:
    check_text("--reason", reason)
    check_text("--to", to)
    if not to.strip():
        raise Refused("request.forward_to_empty")

    def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
        _require_open(step.row, "forward")
        rules.check_forward(step.calendar, dt.date.fromisoformat(step.row["received_day"]), step.today)
        outcome = outcomes.move(step.facts, "skip", reason, None, ctx.now_text())
        return _with_fields(outcome, {"forwarded_to": to.strip()}), {
            "state": rules.FORWARDED, "forwarded_to": to.strip()}
    return _step(ctx, radicado, decide)


def close(ctx: Context, radicado: str, reason: str) -> dict[str, Any]:
    """Close a request that needs no answer (a felicitación, a duplicate), with a reason."""
    check_text("--reason", reason)

    def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
        _require_open(step.row, "close")
        return outcomes.move(step.facts, "skip", reason, None, ctx.now_text()), {"state": rules.CLOSED}
    return _step(ctx, radicado, decide)


def _with_fields(outcome: Outcome, values: Mapping[str, str]) -> Outcome:
    *before, last = outcome.events
    payload = {**last.payload, "data": {**last.payload["data"], "fields": dict(values)}}
    return replace(outcome, events=(*before, replace(last, payload=payload)), fields=dict(values))


def incomplete(ctx: Context, radicado: str, reason: str) -> dict[str, Any]:
    """Ask the citizen to complete the petition (art. 17): the term stops with the days it had left."""
    check_text("--reason", reason)

    def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
        _require_open(step.row, "incomplete")
        due = _day(step.row["due_date"])
        left = max(0, step.calendar.business_days_between(step.today, due)) if due is not None else None
        return outcomes.move(step.facts, "suspend", reason, None, ctx.now_text()), {
            "state": rules.INCOMPLETE, "incomplete_since": step.today.isoformat(), "days_left": left}
    return _step(ctx, radicado, decide)


def resume(ctx: Context, radicado: str, note: str) -> dict[str, Any]:
    """The citizen completed the petition: the term runs again from the next business day, with the days
    it had left when it stopped."""
    check_text("--note", note)

    def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
        row, today = step.row, step.today
        if row["state"] != rules.INCOMPLETE:
            raise Refused("request.not_incomplete", radicado=row["radicado"], state=row["state"])
        left = row["days_left"]
        due = rules.due_on(step.calendar, today, left) if left is not None else None
        return outcomes.move(step.facts, "resume", note, None, ctx.now_text()), {
            "state": rules.OPEN, "incomplete_since": None, "days_left": None,
            "term_from": today.isoformat() if left is not None else None, "term_days": left,
            "due_date": due.isoformat() if due else None}
    return _step(ctx, radicado, decide)


def withdraw_expired(ctx: Context) -> list[str]:
    """Every petition left incomplete for a month ends as desistida (art. 17): one cancellation each."""
    with ctx.reading() as tx:
        waiting = tx.requests(state=rules.INCOMPLETE)
    today = _today(ctx)
    done: list[str] = []
    for row in waiting:
        since = _day(row["incomplete_since"])
        if since is None or today < rules.desist_day(since):
            continue

        _step(ctx, row["radicado"], lambda step: _desist(ctx, step))
        done.append(row["radicado"])
    return done


def _desist(ctx: Context, step: Step) -> tuple[Outcome, dict[str, Any]]:
    current = step.row
    if current["state"] != rules.INCOMPLETE:
        raise Refused("request.not_incomplete", radicado=current["radicado"], state=current["state"])
    from workflow.i18n import t

    reason = t("request.desisted_reason")
    return outcomes.move(step.facts, "cancel", reason, None, ctx.now_text()), {"state": rules.WITHDRAWN}


def answer(ctx: Context, radicado: str, evidence: Path, notified_at: str | None = None,
           note: str | None = None, denied: bool = False) -> dict[str, Any]:
    """Answer with the response document (record `respuesta`) and the date the citizen was notified;
    `denied`: the answer refuses what was asked (counted apart in the information-requests report)."""
    check_text("--note", note)
    ctx.store.require_file()
    check_readable(evidence, ctx.max_evidence_bytes)
    with ctx.files.staged(evidence) as staged:
        def decide(step: Step) -> tuple[Outcome, dict[str, Any]]:
            _require_open(step.row, "answer")
            now = ctx.now_text()
            notified = rules.received_moment(notified_at, ctx.clock()) if notified_at else None
            decision = outcomes.plan_complete(step.facts, [RESPONSE], None)
            outcome = outcomes.complete_outcome(step.facts, decision, [(RESPONSE, staged.stored)], note, now)
            return outcome, {"state": rules.ANSWERED, "answered_at": now,
                             "notified_at": events.utc_text(notified) if notified else None,
                             "outcome": "denied" if denied else "granted"}
        return _step(ctx, radicado, decide, records=True, before=staged.upload, after=staged.place)


def enable(ctx: Context, path: Path | None = None) -> Any:
    """Publish the PQRSD procedure (administrators): `init` already publishes the shipped model
    (`procedures/PQRSD-L1755.yaml`); this publishes it again (a no-op when unchanged) or the Alcaldía's
    own version of it at `path`."""
    from workflow.service.setup import publish
    from workflow.settings import shipped_procedures_dir

    if path is None:
        folders = [ctx.settings.procedures_dir, shipped_procedures_dir()]
        path = next((f / MODEL_FILE for f in folders if f is not None and (f / MODEL_FILE).is_file()),
                    shipped_procedures_dir() / MODEL_FILE)
    return publish(ctx, path)


# -- reading ---------------------------------------------------------------------------------------

def view(row: Mapping[str, Any], calendar: BusinessCalendar, today: dt.date) -> dict[str, Any]:
    """A request as `request show|list --json` give it (CONTRACT "Citizen requests"), and more."""
    due = _day(row["due_date"])
    answered = rules.local_day(_moment(row["answered_at"])) if row["answered_at"] else None
    running = row["state"] == rules.OPEN
    left = calendar.business_days_between(today, due) if running and due is not None else None
    return {
        "radicado": row["radicado"], "type": row["type"], "channel": row["channel"], "state": row["state"],
        "received_at": row["received_at"], "due_date": row["due_date"],
        "term_business_days": row["term_business_days"], "extended_until": row["extended_until"],
        "answered_at": row["answered_at"], "outcome": row["outcome"],
        "on_time": rules.on_time(answered, due) if row["state"] == rules.ANSWERED else None,
        "dependencia": row["dependencia"],
        "cycle": row["cycle_id"], "subject": row["subject"], "citizen": row["citizen"], "email": row["email"],
        "anonymous": bool(row["anonymous"]), "received_day": row["received_day"], "notified_at": row["notified_at"],
        "forwarded_to": row["forwarded_to"], "incomplete_since": row["incomplete_since"],
        "overdue": bool(running and due is not None and today > due),
        "business_days_left": left,
        "light": rules.light(calendar, row["term_business_days"], due, today) if running else None,
        "granted_by_silence": rules.silence_granted(row, today),
    }


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def listing(ctx: Context, state: str | None = None, kind: str | None = None, overdue: bool = False,
            due_within: int | None = None) -> list[dict[str, Any]]:
    """Requests in radicado order; `overdue`: open past their due date; `due_within N`: open and due
    within N business days (overdue ones included)."""
    if state is not None and state not in rules.STATES:
        raise Refused("request.state_unknown", state=state, states=", ".join(rules.STATES))
    today = _today(ctx)
    running = (overdue or due_within is not None) and state is None
    with ctx.reading() as tx:
        calendar = procedure_calendar(ctx, tx)
        until = None
        if overdue:
            until = (today - dt.timedelta(days=1)).isoformat()
        if due_within is not None:
            until = calendar.add_business_days(today, due_within).isoformat()
        rows = tx.requests(state=rules.OPEN if running else state, kind=kind, due_until=until)
    found = [view(row, calendar, today) for row in rows]
    if overdue:
        found = [r for r in found if r["overdue"]]
    if due_within is not None:
        found = [r for r in found if r["business_days_left"] is not None and r["business_days_left"] <= due_within]
    return found


def procedure_calendar(ctx: Context, tx: Tx) -> BusinessCalendar:
    published = tx.procedure(PROCEDURE)
    if published is None:
        raise NotFound("request.procedure_missing", code=PROCEDURE)
    return _calendar(tx, ctx.definitions.of(published))


def show(ctx: Context, radicado: str) -> dict[str, Any]:
    """One request with its history (the events of its cycle, like `cycle show`) and its evidence."""
    from workflow.service.views import history_entry

    with ctx.reading() as tx:
        row = _request(tx, radicado)
        document = view(row, procedure_calendar(ctx, tx), _today(ctx))
        document["history"] = [history_entry(e).to_json() for e in tx.events(row["cycle_id"])]
        document["evidence"] = [{"record": e.record_id, "name": e.display_name, "sha256": e.sha256, "size": e.size}
                                for e in tx.evidence(row["cycle_id"])]
    return document
