"""Diagrams of a procedure and of one cycle through it, as Mermaid or Graphviz DOT text; SVG via Graphviz.

Pure, except `render_svg`, which runs the Graphviz `dot` program when it is installed. Both formats are
drawn from one neutral graph (nodes, edges, marks), so they always say the same thing:

- a start node, one node per activity ("N. name", its role, its areas and its records), an end node;
- `complete` edges N -> N+1 and last -> end;
- for a cycle: the activities done marked (✓ and a green fill), the current one highlighted (▶ and a
  thick amber border), each return that happened as a dashed back-edge labelled with the word for
  "return", and the cancelled end when the cycle was cancelled.

Our own words go through `t()`; the procedure's content (names, roles, areas, records) is shown as
written, escaped for the target syntax so that no name can break the diagram or inject markup.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from workflow.definition import Activity, Procedure
from workflow.engine import CANCELLED, COMPLETED
from workflow.errors import Refused, UsageError
from workflow.i18n import t

__all__ = ["FORMATS", "DiagramFormat", "HistoryStep", "cycle_diagram", "procedure_diagram", "render_svg"]

DiagramFormat = Literal["mermaid", "dot"]
FORMATS: tuple[DiagramFormat, ...] = ("mermaid", "dot")
HistoryStep = tuple[str | None, str | None, str]  # (from_state, to_state, event type), oldest first

START_ID = "start"
END_ID = "finish"  # not "end": a Mermaid keyword
CANCELLED_ID = "cancelled"

# Event types that move a cycle: the audit log's, and the engine's event names for callers that have those.
_COMPLETE_TYPES = frozenset({"activity.completed", "complete"})
_RETURN_TYPES = frozenset({"cycle.returned"})
_CANCEL_TYPES = frozenset({"cycle.cancelled", "cancel"})

_WRAP = 44  # characters per line for the role, areas and records lines (the name line is never wrapped)
_SHORT_AREA = 32
_DOT_TIMEOUT = 60  # seconds

# Colours shared by both formats: done (green), current (amber), cancelled (red).
_DONE = {"fill": "#dcfce7", "stroke": "#15803d", "text": "#14532d"}
_CURRENT = {"fill": "#fef3c7", "stroke": "#b45309", "text": "#78350f"}
_CANCEL = {"fill": "#fee2e2", "stroke": "#b91c1c", "text": "#7f1d1d"}


# ---------------------------------------------------------------------------------------------------
# The neutral graph.

NodeKind = Literal["start", "activity", "end", "cancelled"]
EdgeKind = Literal["flow", "return", "cancel"]
Mark = Literal["done", "current"] | None


@dataclass(frozen=True)
class _Node:
    id: str
    kind: NodeKind
    lines: tuple[str, ...]  # the first is the node's name; the others its details
    tooltip: str | None = None
    mark: Mark = None


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    kind: EdgeKind = "flow"
    label: str | None = None


@dataclass
class _Graph:
    title: str
    nodes: list[_Node] = field(default_factory=list)
    edges: list[_Edge] = field(default_factory=list)


def _node_id(number: int) -> str:
    return f"a{number}"


def _short_area(name: str) -> str:
    """The unit an area name ends with ("Secretaría General / Atención al ciudadano" -> its last part),
    cut to a readable length."""
    short = name.rsplit("/", 1)[-1].strip() or name.strip()
    return short if len(short) <= _SHORT_AREA else short[:_SHORT_AREA - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, _WRAP, break_long_words=False, break_on_hyphens=False) or [text]


def _activity_lines(procedure: Procedure, activity: Activity) -> tuple[str, ...]:
    role = procedure.role(activity.role).name
    areas = ", ".join(_short_area(procedure.area(a).name) for a in activity.areas)
    records = []
    for record_id in activity.records:
        record = procedure.record(record_id)
        records.append(f"{record.name} ({record.code})" if record.code else record.name)
    lines = [_one_line(f"{activity.number}. {activity.name}")]
    lines += _wrapped(_one_line(t("diagram.role", role=role)))
    lines += _wrapped(_one_line(t("diagram.areas", areas=areas)))
    if records:
        lines += _wrapped(_one_line(t("diagram.records", records=", ".join(records))))
    else:
        lines.append(t("diagram.no_records"))
    return tuple(lines)


def _base_graph(procedure: Procedure, marks: dict[str, Mark]) -> _Graph:
    graph = _Graph(title=_one_line(t("diagram.title", code=procedure.code, version=procedure.version,
                                     title=procedure.title)))
    graph.nodes.append(_Node(START_ID, "start", (t("diagram.start"),), mark=marks.get(START_ID)))
    previous = START_ID
    for activity in procedure.activities:
        node_id = _node_id(activity.number)
        graph.nodes.append(_Node(node_id, "activity", _activity_lines(procedure, activity),
                                 tooltip=_one_line(activity.description), mark=marks.get(node_id)))
        graph.edges.append(_Edge(previous, node_id))
        previous = node_id
    graph.nodes.append(_Node(END_ID, "end", (t("diagram.end"),), mark=marks.get(END_ID)))
    graph.edges.append(_Edge(previous, END_ID))
    return graph


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError("diagram.unknown_format", fmt=fmt, formats=", ".join(FORMATS))


def _render(graph: _Graph, fmt: str) -> str:
    return _mermaid(graph) if fmt == "mermaid" else _dot(graph)


def procedure_diagram(procedure: Procedure, fmt: DiagramFormat = "mermaid") -> str:
    """The procedure as a flowchart: start, one node per activity, end."""
    _check_format(fmt)
    return _render(_base_graph(procedure, {}), fmt)


# ---------------------------------------------------------------------------------------------------
# A cycle: replay its history to know what is done, which returns happened and whether it was cancelled.


def _activity_number(state: str | None) -> int | None:
    if state is None or not state.startswith("activity_"):
        return None
    number = state.removeprefix("activity_")
    return int(number) if number.isdigit() else None


def _kind(event_type: str) -> str | None:
    if event_type in _COMPLETE_TYPES:
        return "complete"
    if event_type in _RETURN_TYPES or event_type.startswith("return_to_"):
        return "return"
    if event_type in _CANCEL_TYPES:
        return "cancel"
    return None  # started, evidence attached, ...: nothing to draw


@dataclass(frozen=True)
class _Replay:
    done: frozenset[int]
    returns: Counter[tuple[int, int]]
    cancelled_at: int | None  # the activity the cycle was cancelled at
    cancelled: bool


def _replay(current_state: str, history: Sequence[HistoryStep]) -> _Replay:
    done: set[int] = set()
    returns: Counter[tuple[int, int]] = Counter()
    cancelled_at: int | None = None
    cancelled = current_state == CANCELLED
    for from_state, to_state, event_type in history:
        kind = _kind(event_type)
        source, target = _activity_number(from_state), _activity_number(to_state)
        if kind == "complete" and source is not None:
            done.add(source)
        elif kind == "return" and source is not None and target is not None:
            returns[(source, target)] += 1
            done -= {n for n in done if n >= target}  # to be done again
        elif kind == "cancel":
            cancelled = True
            cancelled_at = source
    return _Replay(frozenset(done), returns, cancelled_at, cancelled)


def cycle_diagram(procedure: Procedure, current_state: str, history: Sequence[HistoryStep],
                  fmt: DiagramFormat = "mermaid") -> str:
    """One cycle drawn on its procedure.

    `current_state` is the machine's state (`activity_N`, `completed`, `cancelled`); `history` the cycle's
    events, oldest first, as (from_state, to_state, event type) with the audit log's types
    (`activity.completed`, `cycle.returned`, `cycle.cancelled`; others are ignored).
    """
    _check_format(fmt)
    replay = _replay(current_state, history)
    known = {a.number for a in procedure.activities}
    marks: dict[str, Mark] = {_node_id(n): "done" for n in replay.done if n in known}
    current = _activity_number(current_state)
    if current is not None and current in known:
        marks[_node_id(current)] = "current"
    elif current_state == COMPLETED:
        marks[END_ID] = "current"
    elif current_state == CANCELLED:
        marks[CANCELLED_ID] = "current"
    graph = _base_graph(procedure, marks)
    for (source, target), count in sorted(replay.returns.items()):
        if source in known and target in known:
            label = t("diagram.return") if count == 1 else t("diagram.return_times", count=count)
            graph.edges.append(_Edge(_node_id(source), _node_id(target), "return", label))
    if replay.cancelled:
        graph.nodes.append(_Node(CANCELLED_ID, "cancelled", (t("diagram.cancelled"),),
                                 mark=marks.get(CANCELLED_ID)))
        where = replay.cancelled_at if replay.cancelled_at in known else None
        if where is not None:
            graph.edges.append(_Edge(_node_id(where), CANCELLED_ID, "cancel", t("diagram.cancel")))
    return _render(graph, fmt)


def _marked(node: _Node) -> tuple[str, ...]:
    """The lines with the mark in words too, for readers of the source and of colourless prints."""
    if node.kind != "activity" or node.mark is None:
        return node.lines
    prefix = "✓ " if node.mark == "done" else "▶ "
    return (prefix + node.lines[0], *node.lines[1:])


# ---------------------------------------------------------------------------------------------------
# Mermaid.

# Inside a `["..."]` label Mermaid ends the text at `"`, reads `#name;` / `#123;` as an entity and, with
# HTML labels, would pass `<...>` through as markup; everything else is literal. `&` and backticks are
# escaped too, so the text cannot form an HTML entity or a Markdown string.
_MERMAID_ESCAPES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ESCAPES)) + "]")
# Mermaid strips the last `;` of a line matching these before parsing (its own style shorthand), which
# could cut one of our entities: in such a line, colons are escaped as well.
_MERMAID_STYLE_TRAP = re.compile(r"style|classDef")


def _mermaid_escape(text: str) -> str:
    """`text` made safe inside a quoted Mermaid label (one line)."""
    escaped = _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ESCAPES[m.group()], _one_line(text))
    if _MERMAID_STYLE_TRAP.search(text):
        escaped = escaped.replace(":", "#58;")
    return escaped


def _mermaid_label(lines: Sequence[str]) -> str:
    return '"' + "<br/>".join(_mermaid_escape(line) for line in lines) + '"'


_MERMAID_SHAPES: dict[NodeKind, tuple[str, str]] = {
    "start": ("((", "))"), "activity": ("[", "]"), "end": ("((", "))"), "cancelled": ("([", "])")}


def _mermaid(graph: _Graph) -> str:
    out = ["---", f"title: {json.dumps(graph.title, ensure_ascii=False)}", "---", "flowchart TD"]
    for node in graph.nodes:
        opening, closing = _MERMAID_SHAPES[node.kind]
        out.append(f"    {node.id}{opening}{_mermaid_label(_marked(node))}{closing}")
    dashed: list[str] = []  # returns and the cancellation: dashed and red, as in DOT
    for index, edge in enumerate(graph.edges):
        arrow = "-->" if edge.kind == "flow" else "-.->"
        label = f"|{_mermaid_label([edge.label])}|" if edge.label else ""
        out.append(f"    {edge.source} {arrow}{label} {edge.target}")
        if edge.kind != "flow":
            dashed.append(str(index))
    if dashed:
        out.append(f"    linkStyle {','.join(dashed)} stroke:{_CANCEL['stroke']},color:{_CANCEL['text']}")
    classes: dict[str, list[str]] = {"done": [], "current": [], "cancel": []}
    for node in graph.nodes:
        if node.kind == "cancelled":
            classes["cancel"].append(node.id)  # red, whether or not the cycle rests there
        elif node.mark is not None:
            classes[node.mark].append(node.id)
    styles = {"done": f"fill:{_DONE['fill']},stroke:{_DONE['stroke']},color:{_DONE['text']}",
              "current": f"fill:{_CURRENT['fill']},stroke:{_CURRENT['stroke']},stroke-width:3px,"
                         f"color:{_CURRENT['text']}",
              "cancel": f"fill:{_CANCEL['fill']},stroke:{_CANCEL['stroke']},stroke-width:3px,"
                        f"color:{_CANCEL['text']}"}
    for name, members in classes.items():
        if members:
            out.append(f"    classDef {name} {styles[name]}")
            out.append(f"    class {','.join(members)} {name}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# Graphviz DOT.


def _dot_escape(text: str) -> str:
    """`text` as the inside of a double-quoted DOT string, shown literally (no \\n, \\N... escapes)."""
    return _one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def _dot_attrs(attrs: dict[str, str]) -> str:
    # Values are either ours (plain) or already escaped with _dot_escape.
    return ", ".join(f'{name}="{value}"' for name, value in attrs.items())


def _dot(graph: _Graph) -> str:
    title = _dot_escape(graph.title)
    graph_attrs = {"label": title, "labelloc": "t", "fontname": "Helvetica", "fontsize": "16", "rankdir": "TB",
                   "charset": "UTF-8"}
    out = [
        f'digraph "{title}" {{',
        f"    graph [{_dot_attrs(graph_attrs)}];",
        '    node [shape="box", style="rounded", fontname="Helvetica", fontsize="11", margin="0.2,0.1"];',
        '    edge [fontname="Helvetica", fontsize="10"];',
    ]
    for node in graph.nodes:
        attrs = {"label": "\\n".join(_dot_escape(line) for line in _marked(node))}
        if node.kind in ("start", "end"):
            attrs["shape"] = "circle" if node.kind == "start" else "doublecircle"
        if node.tooltip:
            attrs["tooltip"] = _dot_escape(node.tooltip)
        if node.kind == "cancelled":
            attrs.update(shape="octagon", style="filled,bold", fillcolor=_CANCEL["fill"], color=_CANCEL["stroke"],
                         fontcolor=_CANCEL["text"], penwidth="3")
        elif node.mark == "done":
            attrs.update(style="rounded,filled", fillcolor=_DONE["fill"], color=_DONE["stroke"],
                         fontcolor=_DONE["text"])
        elif node.mark == "current":
            attrs.update(style="rounded,filled,bold", fillcolor=_CURRENT["fill"], color=_CURRENT["stroke"],
                         fontcolor=_CURRENT["text"], penwidth="3")
        out.append(f"    {node.id} [{_dot_attrs(attrs)}];")
    for edge in graph.edges:
        attrs = {}
        if edge.kind != "flow":
            attrs.update(style="dashed", color=_CANCEL["stroke"], fontcolor=_CANCEL["text"])
        if edge.kind == "return":
            attrs["constraint"] = "false"  # keep the activities in one column
        if edge.label:
            attrs["label"] = _dot_escape(edge.label)
        suffix = f" [{_dot_attrs(attrs)}]" if attrs else ""
        out.append(f"    {edge.source} -> {edge.target}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"


def render_svg(dot_text: str) -> bytes:
    """The SVG that Graphviz draws from `dot_text`; refused, saying how to install it, without it."""
    program = shutil.which("dot")
    if program is None:
        raise Refused("diagram.graphviz_missing")
    try:
        run = subprocess.run([program, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True,
                             timeout=_DOT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise Refused("diagram.graphviz_timeout", seconds=_DOT_TIMEOUT) from None
    except OSError as error:
        raise Refused("diagram.graphviz_failed", detail=error.strerror or str(error)) from None
    if run.returncode != 0 or not run.stdout:
        detail = run.stderr.decode("utf-8", errors="replace").strip() or f"exit {run.returncode}"
        raise Refused("diagram.graphviz_failed", detail=detail)
    return run.stdout
