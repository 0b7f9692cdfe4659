"""How results look to a person in a terminal (rich). The CLI calls these; nothing here decides.

Every text is shown as the text it is: the consoles interpret no markup and no emoji codes, and every
string they turn into text passes through `shown.clean` (control characters as visible escapes), so a
stored title like `[/x]` or `[link=https://...]x[/link]` reads as typed and breaks nothing. Texts built
here (`Text`, panel titles) go through `plain`. Styles and links are only those this module sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from workflow.cli.shown import clean
from workflow.core.events import event_label
from workflow.core.items import item_label
from workflow.core.states import state_label
from workflow.i18n import t

if TYPE_CHECKING:
    from workflow.cli.demo import DemoResult
    from workflow.core.definition import Procedure
    from workflow.errors import Message, WorkflowError
    from workflow.service.views import CycleDetail, CycleView, InitResult, ProcedureSummary, StaffView, VerifyResult
    from workflow.storage.store import ProcedureRow


class _PlainConsole(Console):
    """A console for which every string is plain text: no markup, no emoji codes, no control codes."""

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(clean(text), **{**options, "markup": False, "emoji": False})


def plain(text: object, style: str = "") -> Text:
    """Stored or typed text as rich text, shown literally."""
    return Text(clean(text), style=style)


out = _PlainConsole(highlight=False, markup=False, emoji=False)
err = _PlainConsole(stderr=True, highlight=False, markup=False, emoji=False)


def warnings(messages: Iterable[Message]) -> None:
    """Things a command did that may bite later: one line each on stderr, never wrapped."""
    for message in messages:
        err.print(Text.assemble((t("cli.warning_prefix") + ": ", "bold yellow"), message.render()), soft_wrap=True)


def error(exc: WorkflowError) -> None:
    from workflow.errors import DefinitionInvalid

    if isinstance(exc, DefinitionInvalid):
        for problem in exc.problems:
            err.print(plain(problem.render()), soft_wrap=True)
        err.print(plain(t("definition.invalid", count=len([p for p in exc.problems if p.severity == "error"])),
                        style="bold red"))
        return
    prefix = t("cli.conflict_prefix") if exc.exit_code == 3 else t("cli.error_prefix")
    # One line, never wrapped: scripts and people grep for it.
    err.print(Text.assemble((prefix + ": ", "bold red"), clean(exc)), soft_wrap=True)


@contextmanager
def progress(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for long logs; silent when output is not a terminal or for --json."""
    if not enabled or not err.is_terminal:
        yield lambda _done, _total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task(label, total=None)
        reached = [0]

        def advance(done: int, total: int) -> None:
            # Counting again from the start: the work began again (verify's one-process pass after the
            # two-process one doubted), and the bar says so rather than seeming to go backwards.
            if done < reached[0]:
                bar.update(task, description=t("cli.progress.again", label=label))
            reached[0] = done
            bar.update(task, completed=done, total=total or None)

        yield advance


def _state_text(state: str, activity: int | None, name: str | None) -> Text:
    label = state_label(state)  # a lifecycle (`active`, ...): the activity follows in its own words
    if activity is not None:
        return Text.assemble((label, "green"), clean(f" · {activity}. {name or ''}"))
    style = {"completed": "bold green", "cancelled": "red"}.get(state, "yellow")
    return plain(label, style=style)


def init_result(result: InitResult) -> None:
    out.print(t("cli.init_done", admin=result.admin))
    out.print(t("cli.where_data", home=result.home, database=result.database))
    for published in result.published:
        key = "cli.published" if published.changed else "cli.already_published"
        out.print("  " + t(key, code=published.code, version=published.version, sha=published.sha256[:12]))
        warnings(published.warnings)
    if result.signing_key:
        out.print(t("cli.init_key_created", path=result.signing_key))


def procedure_list(rows: list[ProcedureSummary]) -> None:
    table = Table(title=t("cli.title.procedures"))
    for column in ("cli.col.code", "cli.col.version", "cli.col.title", "cli.col.published_at",
                   "cli.col.published_by", "cli.col.sha256"):
        table.add_column(t(column), no_wrap=column in ("cli.col.code", "cli.col.version"))
    for row in rows:
        version = row.version + (" *" if row.latest else "")
        table.add_row(row.code, version, row.title, row.published_at[:19].replace("T", " "),
                      row.published_by, row.sha256[:12])
    out.print(table)


def procedure(proc: Procedure, row: ProcedureRow) -> None:
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    header.add_row(t("cli.doc.code"), proc.code)
    header.add_row(t("cli.doc.title"), proc.title)
    header.add_row(t("cli.doc.version"), proc.version)
    header.add_row(t("cli.doc.process"), f"{proc.macroprocess} · {proc.process}")
    header.add_row(t("cli.doc.leaders"), ", ".join(proc.leaders))
    header.add_row(t("cli.doc.objective"), proc.objective)
    header.add_row(t("cli.doc.scope"), proc.scope)
    header.add_row(t("cli.doc.published"), f"{row.published_at[:19].replace('T', ' ')} UTC · {row.published_by}"
                   f" · sha256 {row.sha256[:12]}")
    out.print(Panel(header, title=plain(proc.organization.name)))
    table = Table(title=t("cli.title.activities"), show_lines=True)
    for column in ("cli.col.number", "cli.col.activity", "cli.col.areas", "cli.col.role", "cli.col.records"):
        table.add_column(t(column))
    for activity in proc.activities:
        records = [proc.record(r) for r in activity.records]
        record_text = "\n".join(f"{r.name}" + (f" ({r.code})" if r.code else "") for r in records) or "N/A"
        description = activity.description + "".join(f"\n{t('cli.note')}: {n}" for n in activity.notes)
        table.add_row(str(activity.number), Text.assemble((clean(activity.name), "bold"), "\n", clean(description)),
                      "\n".join(proc.area(a).name for a in activity.areas), proc.role(activity.role).name,
                      record_text)
    out.print(table)


def staff_list(rows: list[StaffView]) -> None:
    table = Table(title=t("cli.title.staff"))
    for column in ("cli.col.login", "cli.col.name", "cli.col.area", "cli.col.role", "cli.col.admin"):
        table.add_column(t(column), no_wrap=column == "cli.col.login")
    for row in rows:
        table.add_row(row.login, row.name, row.area_name or row.area or "-", row.role_name or row.role or "-",
                      "✓" if row.is_admin else "")
    out.print(table)


_LIGHT = {"green": "green", "amber": "yellow", "red": "bold red"}
_WIDE_CYCLE_TABLE = 120  # columns a terminal needs for `cycle list`'s every column


def cycle_list(rows: list[CycleView], total: int | None = None) -> None:
    """The cycles as a table; `total`: how many matched, when only the most recent `rows` are shown."""
    if not rows:
        out.print(t("cli.no_cycles"))
        return
    # In a terminal narrower than the whole table (80 columns, say) every cell was cut to a few letters:
    # there the procedure (its code starts every id; `cycle show` gives the version) and who started it
    # when are left out, and the dates keep their full width.
    wide = out.width >= _WIDE_CYCLE_TABLE
    table = Table(title=t("cli.title.cycles"))
    columns = ("cli.col.id", "cli.col.procedure", "cli.col.title", "cli.col.state", "cli.col.due",
               "cli.col.started", "cli.col.updated") if wide else \
        ("cli.col.id", "cli.col.title", "cli.col.state", "cli.col.due", "cli.col.updated")
    for column in columns:
        # Ids are typed back by people: never cut them; nor dates.
        table.add_column(t(column), no_wrap=column in ("cli.col.id", "cli.col.procedure", "cli.col.due",
                                                       "cli.col.updated"))
    for row in rows:
        due = plain(row.deadline.due, style=_LIGHT[row.deadline.light]) if row.deadline else Text("")
        state, updated = _state_text(row.state, row.activity, row.activity_name), row.updated_at[:16].replace("T", " ")
        if wide:
            table.add_row(row.id, f"{row.procedure} v{row.version}", row.title or "", state, due,
                          f"{row.started_at[:16].replace('T', ' ')} · {row.started_by}", updated)
        else:
            table.add_row(row.id, row.title or "", state, due, updated)
    out.print(table)
    if total is not None and total > len(rows):
        out.print(t("cli.cycles_shown", shown=len(rows), total=total))


def _item_names(detail: CycleDetail) -> dict[str, str | None]:
    """The display names of the cycle's items that its evidence and waivers know."""
    names: dict[str, str | None] = {e.item: e.item_name for e in detail.evidence if e.item}
    names.update({w.item: w.name for w in detail.waived if w.name})
    return names


def timeline(detail: CycleDetail) -> Table:
    names = _item_names(detail)
    table = Table(title=t("cli.title.timeline"))
    for column in ("cli.col.seq", "cli.col.when", "cli.col.who", "cli.col.event", "cli.col.detail"):
        table.add_column(t(column))
    table.columns[-1].overflow = "fold"
    for entry in detail.history:
        parts: list[str] = []
        if entry.from_state and entry.to_state and entry.from_state != entry.to_state:
            parts.append(f"{state_label(entry.from_state)} → {state_label(entry.to_state)}")
        elif entry.activity is not None:
            parts.append(t("cli.activity_n", number=entry.activity))
        if entry.type == "evidence.attached":
            by_file: dict[tuple[object, object, object], list[object]] = {}
            for f in entry.evidence:
                by_file.setdefault((f.get("name"), f.get("record"), f.get("sha256")), []).append(f.get("item"))
            for (name, record, sha), items in by_file.items():
                targets = [i for i in items if i]
                suffix = f" · {item_label(str(targets[0]), names.get(str(targets[0])))}" if len(targets) == 1 else (
                    " · " + t("cli.n_items", count=len(targets)) if targets else "")
                parts.append(f"{name} · {record} · sha256 {str(sha)[:12]}{suffix}")
        if entry.item:
            parts.append(t("cli.item_text", item=item_label(entry.item, entry.item_name)))
        if entry.reason:
            parts.append(t("cli.reason", text=entry.reason))
        if entry.note:
            parts.append(t("cli.note_text", text=entry.note))
        table.add_row(str(entry.seq), entry.at[:19].replace("T", " "), entry.actor_name,
                      event_label(entry.type), "\n".join(parts))
    return table


def cycle_detail(detail: CycleDetail) -> None:
    cycle = detail.cycle
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    header.add_row(t("cli.col.procedure"), f"{cycle.procedure} v{cycle.version} · {detail.procedure_title}")
    if cycle.title:
        header.add_row(t("cli.col.title"), cycle.title)
    header.add_row(t("cli.col.state"), _state_text(cycle.state, cycle.activity, cycle.activity_name))
    header.add_row(t("cli.col.started"), f"{cycle.started_at[:19].replace('T', ' ')} UTC · {cycle.started_by}")
    if detail.fields:  # case data, as the procedure declares it
        header.add_row(t("case.title"), "\n".join(f"{name} ({field_id}): {value if value is not None else '—'}"
                                                   for field_id, name, value in detail.fields))
    requirement = detail.requirement
    if requirement is not None:
        header.add_row(t("cli.who_acts"), t("cli.who_acts_text", role=requirement.role,
                                            areas=", ".join(requirement.areas)))
        if requirement.records and requirement.items:  # required per item: the items line tells
            lines = [f"{name} (--record {rid}) · {t('cli.per_item')}" for rid, name, _ in requirement.records]
            header.add_row(t("cli.records_needed"), "\n".join(lines))
        elif requirement.records:
            lines = [("✓ " if done else "✗ ") + f"{name} (--record {rid})" for rid, name, done in requirement.records]
            header.add_row(t("cli.records_needed"), "\n".join(lines))
        else:
            header.add_row(t("cli.records_needed"), "N/A")
        if requirement.items:
            states = [i.state for i in requirement.items]
            summary = t("cli.items_summary", done=states.count("done"), waived=states.count("waived"),
                        pending=states.count("pending"))
            pending = [f"· {i.name} (--item {i.id})" for i in requirement.items if i.state == "pending"]
            shown = pending[:12] + (["…"] if len(pending) > 12 else [])
            header.add_row(t("cli.items"), "\n".join([summary, *shown]))
    deadline = cycle.deadline
    if deadline is not None:
        header.add_row(t("cli.due"), plain(t("cli.due_text", due=deadline.due, left=deadline.business_days_left,
                                            term=deadline.term_business_days), style=_LIGHT[deadline.light]))
    out.print(Panel(header, title=plain(cycle.id)))
    out.print(timeline(detail))
    if detail.waived:
        out.print(waived(detail))
    if detail.evidence:
        table = Table(title=t("cli.title.evidence"))
        for column in ("cli.col.activity", "cli.col.record", "cli.col.item", "cli.col.file", "cli.col.size",
                       "cli.col.sha256", "cli.col.who"):
            table.add_column(t(column))
        for item in detail.evidence:
            table.add_row(str(item.activity), item.record_name,
                          item_label(item.item, item.item_name) if item.item else "", item.name, str(item.size),
                          item.sha256[:16], item.attached_by)
        out.print(table)


def waived(detail: CycleDetail) -> Table:
    """The items excused from their activity: which, why, who and when; they stay listed once the
    activity is done."""
    table = Table(title=t("cli.title.waived"))
    for column in ("cli.col.activity", "cli.col.item", "cli.col.reason", "cli.col.who", "cli.col.when"):
        table.add_column(t(column))
    table.columns[2].overflow = "fold"
    for waiver in detail.waived:
        table.add_row("" if waiver.activity is None else str(waiver.activity), item_label(waiver.item, waiver.name),
                      waiver.reason or "", waiver.actor_name, waiver.at[:19].replace("T", " "))
    return table


def verify_result(result: VerifyResult) -> None:
    if result.ok:
        out.print(plain(t("cli.verify_ok", events=result.events, files=result.evidence_files), style="green"))
        if result.checkpoint:
            out.print(plain(t("cli.verify_checkpoint_ok", size=result.checkpoint["size"],
                             time=result.checkpoint["time"], key=str(result.checkpoint["key"])[:16]), style="green"))
    else:
        problem = result.problem.render() if result.problem else ""
        said = t("cli.verify_bad", seq=result.first_bad_seq, problem=problem) if result.first_bad_seq is not None \
            else t("cli.verify_bad_no_event", problem=problem)  # a row no event explains, a refused checkpoint
        err.print(plain(said, style="bold red"))


def demo_result(result: DemoResult) -> None:
    out.print(plain(t("demo.title"), style="bold"))
    for line in result.steps:
        out.print("  $ " + line)
    cycle_detail(result.detail)
    out.print(plain(t("cli.verify_ok", events=result.verify.events, files=result.verify.evidence_files),
                   style="green"))
    out.print(t("demo.where", home=str(result.home), database=str(result.home / "workflow.db"),
                evidence=str(result.home / "evidence")))
    if result.report is not None:
        out.print(t("demo.report", path=str(result.report)))
    out.print(t("demo.next", home=str(result.home)))
