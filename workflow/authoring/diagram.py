"""Diagrams of a procedure and of one cycle through it, as Mermaid or Graphviz DOT text; SVG via Graphviz.

Pure, except `render_svg`, which runs the Graphviz `dot` program when it is installed. Both formats are
drawn from one neutral graph (nodes, edges, marks), so they always say the same thing:

- a start node, one node per activity ("N. name", its role, its areas and its records), an end node;
- an activity that runs once per item of a list (`for_each`) says so ("⟳ for each: <list>") and has a
  double border; an optional one says "(optional)" and has a dashed border; a term adds its line;
- one `complete` edge per branch of `Procedure.branches(N)`: a conditional branch labelled with its
  condition in words, the default one "otherwise" when it has conditional siblings and unlabelled when
  it is alone; `end` is the end node; a branch back to an earlier activity (a loop) is drawn as well;
- in the procedure diagram, the returns an activity declares (`returns_to`) as dotted grey back-edges
  labelled with the word for "return" (not the default "any earlier activity", which would be clutter);
- for a cycle: the activities done marked (✓ and a green fill), the current one highlighted (▶ and a
  thick amber border), or, when the cycle is suspended there, ⏸ and a thick indigo border; activities
  skipped marked ↷ in grey (not done); each return that happened as a dashed back-edge labelled with
  the word for "return", and the cancelled end when the cycle was cancelled.

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

from workflow.core.definition import END, Activity, Branch, Procedure
from workflow.core.states import CANCELLED, COMPLETED, activity_number, is_suspended
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
_SKIP_TYPES = frozenset({"activity.skipped", "skip"})
_MIGRATE_TYPES = frozenset({"cycle.migrated", "migrate"})

_WRAP = 44  # characters per line for the role, areas and records lines (the name line is never wrapped)
_SHORT_AREA = 32
_DOT_TIMEOUT = 60  # seconds

# Colours shared by both formats: done (green), current (amber), suspended (indigo), skipped (grey),
# cancelled (red); the declared returns of a procedure are drawn in slate.
_DONE = {"fill": "#dcfce7", "stroke": "#15803d", "text": "#14532d"}
_CURRENT = {"fill": "#fef3c7", "stroke": "#b45309", "text": "#78350f"}
_SUSPENDED = {"fill": "#e0e7ff", "stroke": "#4338ca", "text": "#312e81"}
_SKIPPED = {"fill": "#f1f5f9", "stroke": "#94a3b8", "text": "#475569"}
_CANCEL = {"fill": "#fee2e2", "stroke": "#b91c1c", "text": "#7f1d1d"}
_ALLOWED_RETURN = {"stroke": "#64748b", "text": "#334155"}


# ---------------------------------------------------------------------------------------------------
# The neutral graph.

NodeKind = Literal["start", "activity", "end", "cancelled"]
# flow: a way the procedure goes (a branch); return / cancel: what happened to a cycle; allowed_return: a
# return the procedure declares.
EdgeKind = Literal["flow", "return", "cancel", "allowed_return"]
Mark = Literal["done", "current", "suspended", "skipped"] | None


@dataclass(frozen=True)
class _Node:
    id: str
    kind: NodeKind
    lines: tuple[str, ...]  # the first is the node's name; the others its details
    tooltip: str | None = None
    mark: Mark = None
    optional: bool = False  # dashed border
    multi: bool = False  # runs once per item of a list: double border


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    kind: EdgeKind = "flow"
    label: str | None = None
    back: bool = False  # to an earlier activity: DOT keeps it out of the ranking, so the column stays


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


# Control characters (ESC sequences, C1 codes, bidirectional overrides) draw nothing and, in a diagram
# printed to a terminal, would act on it: they become spaces, like line breaks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


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
    if activity.optional:
        lines.append(t("diagram.optional"))
    if activity.for_each is not None:
        items = procedure.item_list(activity.for_each).name
        lines += _wrapped(_one_line("⟳ " + t("diagram.for_each", list=items)))
    lines += _wrapped(_one_line(t("diagram.role", role=role)))
    lines += _wrapped(_one_line(t("diagram.areas", areas=areas)))
    if records:
        lines += _wrapped(_one_line(t("diagram.records", records=", ".join(records))))
    else:
        lines.append(t("diagram.no_records"))
    days = activity.term_business_days
    if days is not None:
        lines.append(t("diagram.term_one") if days == 1 else t("diagram.term", days=days))
    return tuple(lines)


def _condition_words(procedure: Procedure, branch: Branch) -> str:
    """A branch's condition as a person says it ("if Informe is attached")."""
    assert branch.when is not None
    record = procedure.record(branch.record).name if branch.record is not None else ""
    if branch.field is not None:  # field_equals / field_in: the field's name and the value(s)
        name = procedure.case_field(branch.field).name
        value = branch.value if branch.when == "field_equals" else ", ".join(branch.values)
        return _one_line(t(f"diagram.when.{branch.when}", field=name, value=value))
    return _one_line(t(f"diagram.when.{branch.when}", record=record))


def _branch_edges(procedure: Procedure, activity: Activity) -> list[_Edge]:
    branches = procedure.branches(activity.number)
    conditional = any(b.when is not None for b in branches)
    edges = []
    for branch in branches:
        if branch.when is not None:
            label: str | None = _condition_words(procedure, branch)
        else:
            label = t("diagram.otherwise") if conditional else None
        target = END_ID if branch.to == END else _node_id(int(branch.to))
        back = branch.to != END and int(branch.to) <= activity.number
        edges.append(_Edge(_node_id(activity.number), target, "flow", label, back))
    return edges


def _base_graph(procedure: Procedure, marks: dict[str, Mark], *, declared_returns: bool = False) -> _Graph:
    graph = _Graph(title=_one_line(t("diagram.title", code=procedure.code, version=procedure.version,
                                     title=procedure.title)))
    graph.nodes.append(_Node(START_ID, "start", (t("diagram.start"),), mark=marks.get(START_ID)))
    graph.edges.append(_Edge(START_ID, _node_id(procedure.first_activity.number)))
    for activity in procedure.activities:
        node_id = _node_id(activity.number)
        graph.nodes.append(_Node(node_id, "activity", _activity_lines(procedure, activity),
                                 tooltip=_one_line(activity.description), mark=marks.get(node_id),
                                 optional=activity.optional, multi=activity.for_each is not None))
        graph.edges += _branch_edges(procedure, activity)
    graph.nodes.append(_Node(END_ID, "end", (t("diagram.end"),), mark=marks.get(END_ID)))
    if declared_returns:
        for activity in procedure.activities:
            if activity.returns_to is None:
                continue  # "any earlier activity": drawing every one would hide the flow
            for target in activity.returns_to:
                graph.edges.append(_Edge(_node_id(activity.number), _node_id(target), "allowed_return",
                                         t("diagram.return"), back=True))
    return graph


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError("diagram.unknown_format", fmt=fmt, formats=", ".join(FORMATS))


def _render(graph: _Graph, fmt: str) -> str:
    return _mermaid(graph) if fmt == "mermaid" else _dot(graph)


def procedure_diagram(procedure: Procedure, fmt: DiagramFormat = "mermaid") -> str:
    """The procedure as a flowchart: start, one node per activity, its branches, its declared returns, end."""
    _check_format(fmt)
    return _render(_base_graph(procedure, {}, declared_returns=True), fmt)


# ---------------------------------------------------------------------------------------------------
# A cycle: replay its history to know what is done, which returns happened and whether it was cancelled.


def _kind(event_type: str) -> str | None:
    if event_type in _COMPLETE_TYPES:
        return "complete"
    if event_type in _RETURN_TYPES or event_type.startswith("return_to_"):
        return "return"
    if event_type in _CANCEL_TYPES:
        return "cancel"
    if event_type in _SKIP_TYPES:
        return "skip"
    if event_type in _MIGRATE_TYPES:
        return "migrate"
    return None  # started, evidence attached, item waived, suspended, resumed...: nothing to draw


@dataclass(frozen=True)
class _Replay:
    done: frozenset[int]
    skipped: frozenset[int]
    returns: Counter[tuple[int, int]]
    cancelled_at: int | None  # the activity the cycle was cancelled at
    cancelled: bool


def _replay(current_state: str, history: Sequence[HistoryStep]) -> _Replay:
    done: set[int] = set()
    skipped: set[int] = set()
    returns: Counter[tuple[int, int]] = Counter()
    cancelled_at: int | None = None
    cancelled = current_state == CANCELLED

    def again(target: int) -> None:
        """The cycle is back at `target`: it and what follows are to be done (or skipped) again."""
        done.difference_update({n for n in done if n >= target})
        skipped.difference_update({n for n in skipped if n >= target})

    for from_state, to_state, event_type in history:
        kind = _kind(event_type)
        source, target = activity_number(from_state), activity_number(to_state)
        if kind == "complete" and source is not None:
            done.add(source)
            skipped.discard(source)
            if target is not None and target <= source:  # a branch that loops back
                again(target)
        elif kind == "skip" and source is not None:
            skipped.add(source)
            done.discard(source)
        elif kind == "return" and source is not None and target is not None:
            returns[(source, target)] += 1
            again(target)
        elif kind == "migrate" and target is not None:
            again(target)  # the new version's activities from here on are still to do
        elif kind == "cancel":
            cancelled = True
            cancelled_at = source
    return _Replay(frozenset(done), frozenset(skipped), returns, cancelled_at, cancelled)


def cycle_diagram(procedure: Procedure, current_state: str, history: Sequence[HistoryStep],
                  fmt: DiagramFormat = "mermaid") -> str:
    """One cycle drawn on its procedure.

    `current_state` is the machine's state (`activity_N`, `suspended_N`, `completed`, `cancelled`);
    `history` the cycle's events, oldest first, as (from_state, to_state, event type) with the audit log's
    types (`activity.completed`, `activity.skipped`, `cycle.returned`, `cycle.cancelled`,
    `cycle.migrated`; others, such as `cycle.suspended` or `item.waived`, change nothing drawn).
    """
    _check_format(fmt)
    replay = _replay(current_state, history)
    known = {a.number for a in procedure.activities}
    marks: dict[str, Mark] = {_node_id(n): "skipped" for n in replay.skipped if n in known}
    marks.update({_node_id(n): "done" for n in replay.done if n in known})
    current = activity_number(current_state)
    if current is not None and current in known:
        marks[_node_id(current)] = "suspended" if is_suspended(current_state) else "current"
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


_MARK_PREFIX: dict[str, str] = {"done": "✓ ", "current": "▶ ", "suspended": "⏸ ", "skipped": "↷ "}
_MARK_WORDS: dict[str, str] = {"suspended": "diagram.suspended", "skipped": "diagram.skipped"}


def _marked(node: _Node) -> tuple[str, ...]:
    """The lines with the mark in signs and, for the less obvious ones, in words too, for readers of
    the source and of colourless prints."""
    if node.kind != "activity" or node.mark is None:
        return node.lines
    words = (t(_MARK_WORDS[node.mark]),) if node.mark in _MARK_WORDS else ()
    return (_MARK_PREFIX[node.mark] + node.lines[0], *words, *node.lines[1:])


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
_MERMAID_MULTI = ("[[", "]]")  # the "subroutine" box: double side borders, like DOT's peripheries=2
_MERMAID_CLASSES = {
    "done": f"fill:{_DONE['fill']},stroke:{_DONE['stroke']},color:{_DONE['text']}",
    "current": f"fill:{_CURRENT['fill']},stroke:{_CURRENT['stroke']},stroke-width:3px,color:{_CURRENT['text']}",
    "suspended": f"fill:{_SUSPENDED['fill']},stroke:{_SUSPENDED['stroke']},stroke-width:3px,"
                 f"color:{_SUSPENDED['text']}",
    "skipped": f"fill:{_SKIPPED['fill']},stroke:{_SKIPPED['stroke']},color:{_SKIPPED['text']}",
    "cancel": f"fill:{_CANCEL['fill']},stroke:{_CANCEL['stroke']},stroke-width:3px,color:{_CANCEL['text']}",
    "optional": "stroke-dasharray:6 4",  # only the dashes: it combines with the marks above
}


def _mermaid(graph: _Graph) -> str:
    out = ["---", f"title: {json.dumps(_one_line(graph.title), ensure_ascii=False)}", "---", "flowchart TD"]
    for node in graph.nodes:
        opening, closing = _MERMAID_MULTI if node.multi else _MERMAID_SHAPES[node.kind]
        out.append(f"    {node.id}{opening}{_mermaid_label(_marked(node))}{closing}")
    red: list[str] = []  # returns and the cancellation: dashed and red, as in DOT
    grey: list[str] = []  # returns the procedure allows: dotted and slate
    for index, edge in enumerate(graph.edges):
        arrow = "-->" if edge.kind == "flow" else "-.->"
        label = f"|{_mermaid_label([edge.label])}|" if edge.label else ""
        out.append(f"    {edge.source} {arrow}{label} {edge.target}")
        if edge.kind == "allowed_return":
            grey.append(str(index))
        elif edge.kind != "flow":
            red.append(str(index))
    if red:
        out.append(f"    linkStyle {','.join(red)} stroke:{_CANCEL['stroke']},color:{_CANCEL['text']}")
    if grey:
        out.append(f"    linkStyle {','.join(grey)} stroke:{_ALLOWED_RETURN['stroke']},"
                   f"color:{_ALLOWED_RETURN['text']}")
    classes: dict[str, list[str]] = {name: [] for name in _MERMAID_CLASSES}
    for node in graph.nodes:
        if node.kind == "cancelled":
            classes["cancel"].append(node.id)  # red, whether or not the cycle rests there
        elif node.mark is not None:
            classes[node.mark].append(node.id)
        if node.optional:
            classes["optional"].append(node.id)
    for name, members in classes.items():
        if members:
            out.append(f"    classDef {name} {_MERMAID_CLASSES[name]}")
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
        else:
            attrs.update(_dot_node_look(node))
        out.append(f"    {node.id} [{_dot_attrs(attrs)}];")
    for edge in graph.edges:
        attrs = {}
        if edge.kind == "allowed_return":
            attrs.update(style="dotted", color=_ALLOWED_RETURN["stroke"], fontcolor=_ALLOWED_RETURN["text"])
        elif edge.kind != "flow":
            attrs.update(style="dashed", color=_CANCEL["stroke"], fontcolor=_CANCEL["text"])
        if edge.kind == "return" or edge.back:
            attrs["constraint"] = "false"  # keep the activities in one column
        if edge.label:
            attrs["label"] = _dot_escape(edge.label)
        suffix = f" [{_dot_attrs(attrs)}]" if attrs else ""
        out.append(f"    {edge.source} -> {edge.target}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"


_DOT_MARKS = {"done": _DONE, "current": _CURRENT, "suspended": _SUSPENDED, "skipped": _SKIPPED}


def _dot_node_look(node: _Node) -> dict[str, str]:
    """Style attributes of a start, activity or end node: its mark's colours, dashes if optional, a
    double border if it runs once per item."""
    look: dict[str, str] = {}
    style = ["rounded"]
    if node.optional:
        style.append("dashed")
    if node.mark is not None:
        style.append("filled")
        if node.mark in ("current", "suspended"):
            style.append("bold")
        colours = _DOT_MARKS[node.mark]
        look.update(fillcolor=colours["fill"], color=colours["stroke"], fontcolor=colours["text"])
        if node.mark in ("current", "suspended"):
            look["penwidth"] = "3"
    if len(style) > 1:
        look = {"style": ",".join(style), **look}
    if node.multi:
        look["peripheries"] = "2"
    return look


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
