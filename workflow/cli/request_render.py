"""Citizen requests on the terminal: the list with its traffic lights, and one request in full."""

from __future__ import annotations

from typing import Any

from rich.panel import Panel
from rich.table import Table

from workflow.cli.render import out, plain
from workflow.core.events import event_label
from workflow.i18n import t

_LIGHT = {"green": "green", "amber": "yellow", "red": "red", None: ""}
_WIDE_REQUEST_TABLE = 110  # columns a terminal needs for `request list`'s every column


def request_table(rows: list[dict[str, Any]], total: int | None = None) -> None:
    """The requests as a table; `total`: how many matched, when only the latest `rows` are shown."""
    if not rows:
        out.print(plain(t("request.none")))
        return
    total = len(rows) if total is None else total
    table = Table(title=t("request.title.list", count=total))
    # In a terminal narrower than the whole table (80 columns, say) the type and channel were cut to a few
    # letters: there the channel and the day received are left out (`request show` gives both).
    keys: tuple[str, ...] = ("radicado", "type", "channel", "state", "received", "due", "left", "dependencia")
    if out.width < _WIDE_REQUEST_TABLE:
        keys = ("radicado", "type", "state", "due", "left", "dependencia")
    for key in keys:
        # A dependencia's id is typed back (`request assign --dependencia`): folded, never cut.
        table.add_column(t(f"request.col.{key}"), no_wrap=key in ("radicado", "type", "received", "due"),
                         overflow="fold" if key == "dependencia" else "ellipsis")
    for row in rows:
        left = "" if row["business_days_left"] is None else str(row["business_days_left"])
        cells = {"radicado": plain(row["radicado"]), "type": plain(row["type"]), "channel": plain(row["channel"]),
                 "state": plain(t(f"request.state.{row['state']}")), "received": plain(row["received_day"]),
                 "due": plain(row["due_date"] or "—", style=_LIGHT[row["light"]]),
                 "left": plain(left, style=_LIGHT[row["light"]]), "dependencia": plain(row["dependencia"] or "")}
        table.add_row(*(cells[key] for key in keys))
    out.print(table)
    if total > len(rows):
        out.print(plain(t("request.shown", shown=len(rows), total=total)))


def request_detail(row: dict[str, Any]) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for key, value in (
            ("type", t(f"request.type.{row['type']}")), ("channel", t(f"request.channel.{row['channel']}")),
            ("state", t(f"request.state.{row['state']}")), ("subject", row["subject"]),
            ("citizen", row["citizen"] or (t("request.anonymous") if row["anonymous"] else "—")),
            ("received", f"{row['received_day']} ({row['received_at']})"),
            ("due", row["due_date"] or t("request.no_term")),
            ("extended", row["extended_until"] or "—"), ("dependencia", row["dependencia"] or "—"),
            ("answered", row["answered_at"] or "—"), ("forwarded", row["forwarded_to"] or "—"),
            ("cycle", row["cycle"])):
        grid.add_row(plain(t(f"request.col.{key}")), plain(str(value)))
    if row["granted_by_silence"]:
        grid.add_row(plain(t("request.col.silence")), plain(t("request.silence_text"), style="red"))
    out.print(Panel(grid, title=plain(row["radicado"])))
    table = Table()
    for column in ("#", t("request.col.at"), t("request.col.who"), t("request.col.event"), t("request.col.detail")):
        table.add_column(column)
    for entry in row["history"]:
        detail = " · ".join(str(entry[k]) for k in ("reason", "note") if entry.get(k))
        table.add_row(plain(entry["seq"]), plain(str(entry["at"])[:19].replace("T", " ")), plain(entry["actor"]),
                      plain(event_label(str(entry["type"]))), plain(detail))
    out.print(table)
