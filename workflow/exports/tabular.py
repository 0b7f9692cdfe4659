"""What the CSV and XLSX exports share: their columns, and the neutralising of cells that a spreadsheet
would otherwise run as formulas.

Both formats carry the same events sheet (one row per audit event); the XLSX adds an evidence sheet (one
row per evidence file). States are shown in the reader's words (`state_label`), never as the machine's
names; the items an event names (the one waived, those evidence was attached for) have their ids and
display names in the last two columns, after the columns the CSV always had. In the CSV every cell is
text; the XLSX writes the columns marked `number` as numbers. A cell beginning with `=`, `+`, `-`, `@`,
tab, CR or LF gets a leading apostrophe (OWASP, "CSV Injection"): Excel and LibreOffice then show it as
text instead of evaluating it. Nothing the system itself writes (sequence numbers, UTC times, hex
hashes, state labels) can begin with one of those, so neutralising every cell changes only what people
typed or named: notes, reasons, staff and file names, ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from workflow.core.events import EVIDENCE_ATTACHED, event_label
from workflow.core.states import state_label
from workflow.exports.source import EvidenceRef, ExportEvent
from workflow.i18n import t

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")
COLUMN_KEYS = "export.tabular.column."  # + a column's key: its heading
JOIN = " | "  # between the evidence names, hashes and records of one event, in the same order

T = TypeVar("T")
EvidenceLine = tuple[ExportEvent, EvidenceRef]


def neutralise(text: str) -> str:
    """`text`, with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + text if text[:1] in FORMULA_TRIGGERS else text


def cell(value: object) -> str:
    """The text of one cell: empty for a missing value, neutralised whatever its origin."""
    if value is None:
        return ""
    return neutralise(value if isinstance(value, str) else str(value))


@dataclass(frozen=True)
class Column(Generic[T]):
    key: str  # the heading is t(COLUMN_KEYS + key)
    width: int  # XLSX column width, in characters
    value: Callable[[T], object]
    number: bool = False  # a count or sequence: an XLSX number (sorts and sums as one), when it is an int

    def heading(self) -> str:
        return t(COLUMN_KEYS + self.key)


def headings(columns: Sequence[Column[T]]) -> list[str]:
    return [column.heading() for column in columns]


def cells(columns: Sequence[Column[T]], item: T) -> list[str]:
    return [cell(column.value(item)) for column in columns]


def typed_cells(columns: Sequence[Column[T]], item: T) -> list[str | int]:
    """The cells of one row for a spreadsheet: numbers where the column holds them (a value that is
    not an int, as a forged payload may carry, stays neutralised text)."""
    values: list[str | int] = []
    for column in columns:
        value = column.value(item)
        number = column.number and isinstance(value, int) and not isinstance(value, bool)
        values.append(value if number else cell(value))  # type: ignore[arg-type]
    return values


def _joined(values: Iterable[str]) -> str:
    return JOIN.join(values)


EVENT_COLUMNS: tuple[Column[ExportEvent], ...] = (
    Column("seq", 8, lambda e: e.seq, number=True),
    Column("at", 28, lambda e: e.at),
    Column("type", 20, lambda e: e.type),
    Column("type_label", 22, lambda e: event_label(e.type)),  # beside the raw `type`, never instead
    Column("cycle", 22, lambda e: e.cycle_id),
    Column("procedure", 16, lambda e: e.procedure_code),
    Column("version", 9, lambda e: e.procedure_version),
    Column("actor_login", 14, lambda e: e.actor_login),
    Column("actor_name", 24, lambda e: e.actor_name),
    Column("role_id", 24, lambda e: e.role_id),
    Column("role_name", 26, lambda e: e.role_name),
    Column("area_id", 20, lambda e: e.area_id),
    Column("area_name", 28, lambda e: e.area_name),
    Column("activity_number", 10, lambda e: e.activity_number, number=True),
    Column("activity_name", 36, lambda e: e.activity_name),
    Column("from_state", 20, lambda e: e.from_state and state_label(e.from_state)),
    Column("to_state", 20, lambda e: e.to_state and state_label(e.to_state)),
    Column("evidence_names", 30, lambda e: _joined(r.name for r in e.evidence)),
    Column("evidence_sha256", 66, lambda e: _joined(r.sha256 for r in e.evidence)),
    Column("evidence_records", 24, lambda e: _joined(r.record_id for r in e.evidence)),
    Column("note", 36, lambda e: e.note),
    Column("reason", 36, lambda e: e.reason),
    Column("prev_hash", 66, lambda e: e.prev_hash),
    Column("hash", 66, lambda e: e.hash),
    Column("items", 24, lambda e: _joined(ident for ident, _name in e.items())),
    Column("item_names", 36, lambda e: _joined(name or ident for ident, name in e.items())),
)

EVIDENCE_COLUMNS: tuple[Column[EvidenceLine], ...] = (
    Column("seq", 8, lambda line: line[0].seq, number=True),
    Column("at", 28, lambda line: line[0].at),
    Column("cycle", 22, lambda line: line[0].cycle_id),
    Column("activity_number", 10, lambda line: line[0].activity_number, number=True),
    Column("activity_name", 36, lambda line: line[0].activity_name),
    Column("record_id", 24, lambda line: line[1].record_id),
    Column("record_name", 30, lambda line: line[1].record_name),
    Column("evidence_name", 30, lambda line: line[1].name),
    Column("sha256", 66, lambda line: line[1].sha256),
    Column("size", 12, lambda line: line[1].size, number=True),
    Column("media_type", 22, lambda line: line[1].media_type),
    Column("item", 20, lambda line: line[1].item),
    Column("actor_login", 14, lambda line: line[0].actor_login),
    Column("actor_name", 24, lambda line: line[0].actor_name),
    Column("item_name", 36, lambda line: line[1].item_name or line[1].item),
)


def evidence_lines(event: ExportEvent) -> Iterator[EvidenceLine]:
    """The evidence files an event brought into the record: one per `evidence.attached` event's
    reference. A completion event lists again every file of its activity (already attached by then),
    so counting its references too would show each file twice."""
    if event.type == EVIDENCE_ATTACHED:
        for ref in event.evidence:
            yield event, ref
