"""Diagrams: what a person sees in Mermaid, DOT and SVG, for a procedure and for one cycle through it."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from workflow.authoring.diagram import HistoryStep, cycle_diagram, procedure_diagram, render_svg
from workflow.core.definition import Procedure
from workflow.core.events import (
    ACTIVITY_COMPLETED,
    ACTIVITY_SKIPPED,
    CYCLE_CANCELLED,
    CYCLE_MIGRATED,
    CYCLE_RESUMED,
    CYCLE_RETURNED,
    CYCLE_STARTED,
    CYCLE_SUSPENDED,
    EVIDENCE_ATTACHED,
    ITEM_WAIVED,
)
from workflow.core.loading import LoadedProcedure, load_procedure_text
from workflow.core.rules import BRANCH_CONDITIONS
from workflow.errors import Refused, UsageError
from workflow.i18n import catalogue, set_language

NAMES = {
    1: "Revisar la información publicada",
    2: "Solicitar la información a las dependencias",
    3: "Levantar los trámites y servicios",
    4: "Actualizar y publicar los trámites y servicios",
    5: "Atender las solicitudes por canal virtual",
}
# A name with every character that could break a Mermaid or DOT label, or inject markup.
TRICKY = 'Revisar "la" <b>info</b> ] [x] #1 #quot; & `code` style:a#b; \\N fin'
NO_DOT = "Graphviz `dot` is not installed (apt-get install graphviz): SVG rendering not exercised"


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture
def tricky() -> Procedure:
    text = SHIPPED.read_text(encoding="utf-8")
    changed = text.replace("name: Revisar la información publicada", f"name: {yaml_quoted(TRICKY)}", 1)
    assert changed != text
    return load_procedure_text(changed).procedure


def shaped(extra: dict[int, str], text: str | None = None) -> Procedure:
    """The shipped procedure with YAML keys added to some activities (number -> keys, as YAML lines)."""
    text = SHIPPED.read_text(encoding="utf-8") if text is None else text
    for number, keys in extra.items():
        anchor = f"  - number: {number}\n"
        assert text.count(anchor) == 1, anchor
        text = text.replace(anchor, anchor + textwrap.indent(textwrap.dedent(keys).strip("\n") + "\n", "    "))
    return load_procedure_text(text).procedure


# The shipped procedure (activity 2 already runs once per dependencia) with every shape a real one has:
# a term, a branch on the items, an optional activity, a conditional loop back, declared returns.
SHAPES = {
    1: "term_business_days: 5",
    2: """
       next:
         - {to: 4, when: all_items_waived}
         - {to: 3}
       """,
    3: "optional: true\nterm_business_days: 1",
    4: """
       returns_to: [2, 3]
       next:
         - {to: 2, when: record_missing, record: hoja_vida_tramites}
         - {to: 5}
       """,
    5: """
       next:
         - {to: end, when: record_attached, record: plataforma_digital}
         - {to: 4}
       """,
}
HOJA = "Formato hoja de vida de trámites y servicios"
ITEMS = "Dependencias de la Alcaldía Distrital de Santa Marta"


@pytest.fixture(scope="module")
def branched() -> Procedure:
    return shaped(SHAPES)


# ---------------------------------------------------------------------------------------------------
# A small structural reader of the Mermaid we write: every line must be one of these shapes.

MERMAID_NODE = re.compile(r'^    (?P<id>[a-z][a-z0-9_]*)(?P<open>\(\(|\(\[|\[\[|\[)"(?P<label>[^"]*)"'
                          r'(?P<close>\)\)|\]\)|\]\]|\])$')
MERMAID_EDGE = re.compile(r'^    (?P<source>[a-z][a-z0-9_]*) (?P<arrow>-->|-\.->)(?:\|"(?P<label>[^"]*)"\|)? '
                          r'(?P<target>[a-z][a-z0-9_]*)$')
MERMAID_OTHER = re.compile(r"^    (linkStyle [0-9,]+ |classDef [a-z]+ |class [a-z0-9_,]+ [a-z]+$)")
PAIRS = {"((": "))", "([": "])", "[[": "]]", "[": "]"}  # [[ ]]: an activity run once per item
ENTITY = re.compile(r"#(\w+);")
ENTITIES = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def unescape_mermaid(label: str) -> str:
    assert not re.search(r'["<>&`]', label.replace("<br/>", "")), label
    assert re.sub(r"#\w+;", "", label).count("#") == 0, label  # every # starts an entity
    text = label.replace("<br/>", "\n")
    return ENTITY.sub(lambda m: ENTITIES.get(m[1]) or chr(int(m[1])), text)


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str | None]], list[str]]:
    """(nodes id -> label text, edges (source, arrow, target, label), the other statements)."""
    lines = text.splitlines()
    assert lines[0] == "---" and lines[1].startswith("title: ") and lines[2] == "---"
    assert lines[3] == "flowchart TD"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str | None]] = []
    others: list[str] = []
    for line in lines[4:]:
        if node := MERMAID_NODE.match(line):
            assert PAIRS[node["open"]] == node["close"], line
            assert node["id"] not in nodes and node["id"] != "end", line
            nodes[node["id"]] = unescape_mermaid(node["label"])
        elif edge := MERMAID_EDGE.match(line):
            label = unescape_mermaid(edge["label"]) if edge["label"] is not None else None
            edges.append((edge["source"], edge["arrow"], edge["target"], label))
        else:
            assert MERMAID_OTHER.match(line), f"not a statement we write: {line!r}"
            others.append(line.strip())
    for source, _, target, _ in edges:
        assert source in nodes and target in nodes
    return nodes, edges, others


def test_mermaid_of_the_shipped_procedure_has_five_activities_in_a_chain(shipped: LoadedProcedure) -> None:
    text = procedure_diagram(shipped.procedure, "mermaid")
    nodes, edges, _ = parse_mermaid(text)
    activity_ids = [n for n in nodes if re.fullmatch(r"a\d+", n)]
    assert activity_ids == ["a1", "a2", "a3", "a4", "a5"]
    chain = ["start", "a1", "a2", "a3", "a4", "a5", "finish"]
    assert [(s, t) for s, _, t, _ in edges] == list(itertools.pairwise(chain))
    assert all(arrow == "-->" for _, arrow, _, _ in edges)
    for number, name in NAMES.items():
        label = nodes[f"a{number}"]
        assert label.splitlines()[0] == f"{number}. {name}"
        assert "Role: Profesional Universitario" in label
        assert "Atención al ciudadano" in label
    assert "Records: N/A" in nodes["a1"]
    assert "Oficina SIG" in nodes["a2"] and "Correo electrónico" in nodes["a2"]
    assert "(ME-GAC-F-003)" in nodes["a3"]
    assert "Oficina TIC" in nodes["a4"] and "Informe" in nodes["a4"]
    assert "Plataforma digital" in nodes["a5"]
    assert " ".join(nodes["a2"].splitlines()[1:3]) == f"⟳ for each: {ITEMS}"  # it runs once per dependencia
    assert re.search(r'^    a2\[\["', text, re.M) and not re.search(r'^    a[13-5]\[\[', text, re.M)
    assert not any("(optional)" in label or "Term:" in label for label in nodes.values())
    assert (nodes["start"], nodes["finish"]) == ("Start", "End")
    assert 'title: "MM-GAC-P-006 version 2: Atención por canal virtual"' in text


def test_mermaid_words_follow_the_language_and_content_stays_as_written(shipped: LoadedProcedure) -> None:
    set_language("es")
    nodes, _, _ = parse_mermaid(procedure_diagram(shipped.procedure, "mermaid"))
    assert (nodes["start"], nodes["finish"]) == ("Inicio", "Fin")
    assert "Cargo: Profesional Universitario" in nodes["a1"] and "Registros: N/A" in nodes["a1"]
    assert nodes["a1"].splitlines()[0] == "1. Revisar la información publicada"


def test_mermaid_escapes_quotes_brackets_markup_and_hashes_in_names(tricky: Procedure) -> None:
    text = procedure_diagram(tricky, "mermaid")
    nodes, _, _ = parse_mermaid(text)  # the structural checks are the point
    assert nodes["a1"].splitlines()[0] == f"1. {TRICKY}"
    assert "<b>" not in text and '"la"' not in text
    assert "#quot;la#quot;" in text and "#lt;b#gt;" in text and "#35;1" in text
    # A line with "style" gets its colons escaped too, so Mermaid's own shorthand cannot eat a `;`.
    assert "style#58;a" in text


@pytest.mark.skipif(shutil.which("mmdc") is None, reason="Mermaid CLI `mmdc` is not installed: "
                    "the Mermaid text is checked structurally only")
@pytest.mark.parametrize("which", ["tricky", "branched"])
def test_mermaid_renders_with_mmdc(which: str, request: pytest.FixtureRequest,
                                   tmp_path: Path) -> None:  # pragma: no cover - optional
    procedure: Procedure = request.getfixturevalue(which)
    source = tmp_path / "diagram.mmd"
    source.write_text(procedure_diagram(procedure, "mermaid"), encoding="utf-8")
    mmdc = shutil.which("mmdc")
    assert mmdc is not None
    subprocess.run([mmdc, "-i", str(source), "-o", str(tmp_path / "diagram.svg")], check=True, timeout=120)
    assert (tmp_path / "diagram.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")


# ---------------------------------------------------------------------------------------------------
# DOT and SVG.

DOT_NODE = re.compile(r'^    (?P<id>[a-z][a-z0-9_]*) \[(?P<attrs>.*)\];$')
DOT_EDGE = re.compile(r'^    (?P<source>[a-z][a-z0-9_]*) -> (?P<target>[a-z][a-z0-9_]*)(?: \[(?P<attrs>.*)\])?;$')
DOT_ATTR = re.compile(r'(?P<name>[a-z]+)="(?P<value>(?:[^"\\]|\\.)*)"(?:, |$)')


def dot_attrs(text: str) -> dict[str, str]:
    found = list(DOT_ATTR.finditer(text))
    assert "".join(m[0] for m in found) == text, f"unparsed attributes: {text!r}"
    return {m["name"]: m["value"] for m in found}


def parse_dot(text: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    lines = text.splitlines()
    assert lines[0].startswith("digraph ") and lines[0].endswith("{") and lines[-1] == "}"
    nodes: dict[str, dict[str, str]] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    for line in lines[1:-1]:
        if line.startswith(("    graph [", "    node [", "    edge [")):
            dot_attrs(line.split("[", 1)[1].removesuffix("];"))
        elif node := DOT_NODE.match(line):
            nodes[node["id"]] = dot_attrs(node["attrs"])
        elif edge := DOT_EDGE.match(line):
            edges.append((edge["source"], edge["target"], dot_attrs(edge["attrs"] or "")))
        else:
            raise AssertionError(f"not a statement we write: {line!r}")
    return nodes, edges


def dot_label_lines(attrs: dict[str, str]) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", line) for line in attrs["label"].split("\\n")]


def test_dot_of_the_shipped_procedure(shipped: LoadedProcedure) -> None:
    nodes, edges = parse_dot(procedure_diagram(shipped.procedure, "dot"))
    assert [n for n in nodes if n.startswith("a")] == ["a1", "a2", "a3", "a4", "a5"]
    chain = ["start", "a1", "a2", "a3", "a4", "a5", "finish"]
    assert [(s, t) for s, t, _ in edges] == list(itertools.pairwise(chain))
    for number, name in NAMES.items():
        assert dot_label_lines(nodes[f"a{number}"])[0] == f"{number}. {name}"
    assert nodes["a3"]["tooltip"] == "Realizar levantamiento de trámites y servicios."
    assert [n for n, attrs in nodes.items() if attrs.get("peripheries") == "2"] == ["a2"]
    assert all("label" not in attrs and "style" not in attrs for _, _, attrs in edges)


def test_dot_escapes_quotes_and_backslashes(tricky: Procedure) -> None:
    nodes, _ = parse_dot(procedure_diagram(tricky, "dot"))
    assert dot_label_lines(nodes["a1"])[0] == f"1. {TRICKY}"
    assert "\\\\N" in nodes["a1"]["label"]  # shown as written, not Graphviz's node-name escape


@pytest.mark.skipif(shutil.which("dot") is None, reason=NO_DOT)
def test_svg_has_the_five_activities(shipped: LoadedProcedure, tricky: Procedure) -> None:
    svg = render_svg(procedure_diagram(shipped.procedure, "dot")).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and svg.rstrip().endswith("</svg>")
    titles = re.findall(r"<title>(a\d+)</title>", svg)
    assert titles == ["a1", "a2", "a3", "a4", "a5"]
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for number, name in NAMES.items():
        assert f"{number}. {name}" in texts
    tricky_texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>",
                                                          render_svg(procedure_diagram(tricky, "dot")).decode())]
    assert f"1. {TRICKY}" in tricky_texts


@pytest.mark.skipif(shutil.which("dot") is None, reason=NO_DOT)
def test_svg_refuses_what_graphviz_cannot_read() -> None:
    with pytest.raises(Refused) as refused:
        render_svg("digraph { a -> }")
    assert refused.value.message.key == "diagram.graphviz_failed"
    assert "syntax error" in str(refused.value)


def test_svg_without_graphviz_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    for language in ("en", "es"):
        set_language(language)
        with pytest.raises(Refused) as refused:
            render_svg("digraph { a -> b }")
        message = str(refused.value)
        for hint in ("sudo apt-get install graphviz", "brew install graphviz", "winget install graphviz",
                     "--format mermaid"):
            assert hint in message
        assert refused.value.exit_code == 1


def test_an_unknown_format_is_a_usage_error(shipped: LoadedProcedure) -> None:
    with pytest.raises(UsageError) as wrong:
        procedure_diagram(shipped.procedure, "png")  # type: ignore[arg-type]
    assert "mermaid, dot" in str(wrong.value)
    with pytest.raises(UsageError):
        cycle_diagram(shipped.procedure, "activity_1", [], "svg")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# A cycle: done, current, returns, cancellation.

RETURNED_AT_3: list[HistoryStep] = [
    (None, "activity_1", CYCLE_STARTED),
    ("activity_1", "activity_2", ACTIVITY_COMPLETED),
    ("activity_2", "activity_2", EVIDENCE_ATTACHED),
    ("activity_2", "activity_3", ACTIVITY_COMPLETED),
    ("activity_3", "activity_4", ACTIVITY_COMPLETED),
    ("activity_4", "activity_2", CYCLE_RETURNED),   # 3 and 2 to be done again
    ("activity_2", "activity_3", ACTIVITY_COMPLETED),
]


def test_cycle_mermaid_marks_done_highlights_current_and_draws_the_return(shipped: LoadedProcedure) -> None:
    nodes, edges, others = parse_mermaid(cycle_diagram(shipped.procedure, "activity_3", RETURNED_AT_3, "mermaid"))
    assert nodes["a1"].startswith("✓ 1. ") and nodes["a2"].startswith("✓ 2. ")
    assert nodes["a3"].startswith("▶ 3. ")
    assert nodes["a4"].startswith("4. ") and nodes["a5"].startswith("5. ")  # done before the return: not now
    assert "class a1,a2 done" in others and "class a3 current" in others
    assert any(o.startswith("classDef current ") and "stroke-width:3px" in o for o in others)
    returns = [e for e in edges if e[1] == "-.->"]
    assert returns == [("a4", "-.->", "a2", "return")]
    assert f"linkStyle {edges.index(returns[0])} " in "\n".join(others)
    assert "cancelled" not in nodes


def test_cycle_dot_marks_the_same(shipped: LoadedProcedure) -> None:
    set_language("es")
    nodes, edges = parse_dot(cycle_diagram(shipped.procedure, "activity_3", RETURNED_AT_3, "dot"))
    assert nodes["a3"]["penwidth"] == "3" and "filled" in nodes["a3"]["style"]
    assert dot_label_lines(nodes["a3"])[0].startswith("▶ 3. ")
    assert nodes["a1"]["fillcolor"] == nodes["a2"]["fillcolor"] != nodes["a3"]["fillcolor"]
    assert "fillcolor" not in nodes["a4"]
    dashed = [(s, t, a) for s, t, a in edges if a.get("style") == "dashed"]
    assert [(s, t, a["label"]) for s, t, a in dashed] == [("a4", "a2", "devolución")]


def test_repeated_returns_are_one_edge_with_a_count(shipped: LoadedProcedure) -> None:
    history = [*RETURNED_AT_3, ("activity_3", "activity_4", ACTIVITY_COMPLETED),
               ("activity_4", "activity_2", CYCLE_RETURNED)]
    _, edges, _ = parse_mermaid(cycle_diagram(shipped.procedure, "activity_2", history, "mermaid"))
    assert [e for e in edges if e[1] == "-.->"] == [("a4", "-.->", "a2", "return (×2)")]


def test_cancelled_cycle_ends_in_the_cancelled_node(shipped: LoadedProcedure) -> None:
    history: list[HistoryStep] = [(None, "activity_1", CYCLE_STARTED),
                                  ("activity_1", "activity_2", ACTIVITY_COMPLETED),
                                  ("activity_2", "cancelled", CYCLE_CANCELLED)]
    nodes, edges, others = parse_mermaid(cycle_diagram(shipped.procedure, "cancelled", history, "mermaid"))
    assert nodes["cancelled"] == "Cancelled"
    assert ("a2", "-.->", "cancelled", "cancellation") in edges
    assert "class a1 done" in others and "class cancelled cancel" in others
    assert not any(line.startswith("class ") and line.endswith(" current") for line in others)
    dot_nodes, dot_edges = parse_dot(cycle_diagram(shipped.procedure, "cancelled", history, "dot"))
    assert dot_nodes["cancelled"]["shape"] == "octagon"
    assert ("a2", "cancelled") in [(s, t) for s, t, _ in dot_edges]


def test_completed_cycle_has_every_activity_done(shipped: LoadedProcedure) -> None:
    history: list[HistoryStep] = [(None, "activity_1", CYCLE_STARTED)] + [
        (f"activity_{n}", f"activity_{n + 1}" if n < 5 else "completed", ACTIVITY_COMPLETED) for n in range(1, 6)]
    nodes, _, others = parse_mermaid(cycle_diagram(shipped.procedure, "completed", history, "mermaid"))
    assert all(nodes[f"a{n}"].startswith(f"✓ {n}. ") for n in range(1, 6))
    assert "class a1,a2,a3,a4,a5 done" in others and "class finish current" in others


def test_a_new_cycle_highlights_activity_one_only(shipped: LoadedProcedure) -> None:
    text = cycle_diagram(shipped.procedure, "activity_1", [(None, "activity_1", CYCLE_STARTED)], "mermaid")
    _, edges, others = parse_mermaid(text)
    assert "class a1 current" in others and not any(o.endswith(" done") for o in others)
    assert all(arrow == "-->" for _, arrow, _, _ in edges)


# ---------------------------------------------------------------------------------------------------
# Shapes of real procedures: branches, loops, multi-instance, optional activities, terms, declared returns.


def test_every_branch_condition_has_words_in_both_languages() -> None:
    for condition in BRANCH_CONDITIONS:
        spanish, english = catalogue()[f"diagram.when.{condition}"]
        assert spanish.startswith("si ") and english.startswith("if ")
        assert ("{record}" in spanish) == ("{record}" in english) == BRANCH_CONDITIONS[condition]


def test_mermaid_draws_conditional_branches_loops_and_shapes(branched: Procedure) -> None:
    text = procedure_diagram(branched, "mermaid")
    nodes, edges, others = parse_mermaid(text)
    flow = [(s, t, label) for s, arrow, t, label in edges if arrow == "-->"]
    assert flow == [
        ("start", "a1", None),
        ("a1", "a2", None),                                   # a single way: no label
        ("a2", "a4", "if every item was waived"),
        ("a2", "a3", "otherwise"),
        ("a3", "a4", None),
        ("a4", "a2", f"if {HOJA} is missing"),                # the loop back
        ("a4", "a5", "otherwise"),
        ("a5", "finish", "if Plataforma digital is attached"),
        ("a5", "a4", "otherwise"),                            # another loop
    ]
    # The returns activity 4 declares, dotted and slate; none for the others ("any earlier" is not drawn).
    returns = [(s, t, label) for s, arrow, t, label in edges if arrow == "-.->"]
    assert returns == [("a4", "a2", "return"), ("a4", "a3", "return")]
    indexes = ",".join(str(i) for i, e in enumerate(edges) if e[1] == "-.->")
    assert f"linkStyle {indexes} stroke:#64748b,color:#334155" in others
    # Multi-instance: marker and double-bordered box; optional: words and dashes; terms.
    assert " ".join(nodes["a2"].splitlines()[1:3]) == f"⟳ for each: {ITEMS}"
    assert re.search(r'^    a2\[\["2\. ', text, re.M)
    assert nodes["a3"].splitlines()[:2] == [f"3. {NAMES[3]}", "(optional)"]
    assert "classDef optional stroke-dasharray:6 4" in others and "class a3 optional" in others
    assert nodes["a1"].splitlines()[-1] == "Term: 5 business days"
    assert nodes["a3"].splitlines()[-1] == "Term: 1 business day"
    assert not any("Term:" in nodes[f"a{n}"] for n in (2, 4, 5))


def test_branch_words_follow_the_language(branched: Procedure) -> None:
    set_language("es")
    nodes, edges, _ = parse_mermaid(procedure_diagram(branched, "mermaid"))
    labels = [label for _, _, _, label in edges if label]
    assert labels == ["si todos los elementos fueron eximidos", "si no", f"si no hay {HOJA}", "si no",
                      "si hay Plataforma digital", "si no", "devolución", "devolución"]
    assert " ".join(nodes["a2"].splitlines()[1:3]) == f"⟳ por cada: {ITEMS}"
    assert "(opcional)" in nodes["a3"].splitlines()
    assert "Término: 5 días hábiles" in nodes["a1"] and "Término: 1 día hábil" in nodes["a3"]


def test_a_lone_explicit_branch_to_the_end_is_unlabelled_and_ends_there() -> None:
    procedure = shaped({3: "next: [{to: end}]"})
    _, edges, _ = parse_mermaid(procedure_diagram(procedure, "mermaid"))
    assert [(s, t, label) for s, _, t, label in edges] == [
        ("start", "a1", None), ("a1", "a2", None), ("a2", "a3", None), ("a3", "finish", None),
        ("a4", "a5", None), ("a5", "finish", None)]


def test_dot_draws_the_same_shapes(branched: Procedure) -> None:
    set_language("es")
    nodes, edges = parse_dot(procedure_diagram(branched, "dot"))
    assert nodes["a2"]["peripheries"] == "2" and "peripheries" not in nodes["a3"]
    assert nodes["a3"]["style"] == "rounded,dashed"
    assert dot_label_lines(nodes["a3"])[1] == "(opcional)" and dot_label_lines(nodes["a3"])[-1] == (
        "Término: 1 día hábil")
    assert [line for line in dot_label_lines(nodes["a2"]) if line.startswith("⟳")] == [
        "⟳ por cada: Dependencias de la Alcaldía"]
    flow = [(s, t, a.get("label"), a.get("constraint")) for s, t, a in edges if "style" not in a]
    assert flow == [
        ("start", "a1", None, None), ("a1", "a2", None, None),
        ("a2", "a4", "si todos los elementos fueron eximidos", None), ("a2", "a3", "si no", None),
        ("a3", "a4", None, None),
        ("a4", "a2", f"si no hay {HOJA}", "false"),          # loops keep the activities in one column
        ("a4", "a5", "si no", None),
        ("a5", "finish", "si hay Plataforma digital", None), ("a5", "a4", "si no", "false"),
    ]
    dotted = [(s, t, a["label"], a["constraint"]) for s, t, a in edges if a.get("style") == "dotted"]
    assert dotted == [("a4", "a2", "devolución", "false"), ("a4", "a3", "devolución", "false")]


def test_branch_labels_are_escaped_like_names() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    changed = text.replace("{id: informe, name: Informe,", f"{{id: informe, name: {yaml_quoted(TRICKY)},", 1)
    assert changed != text
    procedure = shaped({4: "next: [{to: 2, when: record_attached, record: informe}, {to: 5}]"}, changed)
    mermaid = procedure_diagram(procedure, "mermaid")
    _, edges, _ = parse_mermaid(mermaid)  # the structural checks are the point
    assert ("a4", "-->", "a2", f"if {TRICKY} is attached") in edges
    assert "<b>" not in mermaid and '"la"' not in mermaid
    _, dot_edges = parse_dot(procedure_diagram(procedure, "dot"))
    assert [re.sub(r"\\(.)", r"\1", a["label"]) for s, t, a in dot_edges if (s, t) == ("a4", "a2")] == [
        f"if {TRICKY} is attached"]


@pytest.mark.skipif(shutil.which("dot") is None, reason=NO_DOT)
def test_graphviz_renders_branches_loops_and_shapes(branched: Procedure) -> None:
    svg = render_svg(procedure_diagram(branched, "dot")).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and svg.rstrip().endswith("</svg>")
    titles = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg)]
    for edge in ("a2->a4", "a2->a3", "a4->a2", "a4->a5", "a5->finish", "a5->a4", "a4->a3"):
        assert edge in titles
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for words in ("if every item was waived", "otherwise", f"if {HOJA} is missing",
                  "if Plataforma digital is attached", "return", "(optional)", "Term: 5 business days",
                  "⟳ for each: Dependencias de la Alcaldía"):
        assert words in texts
    assert 'stroke-dasharray="5,2"' in svg  # the optional activity's border (and nothing else is dashed)
    node_a2 = svg.split("<title>a2</title>", 1)[1].split("</g>", 1)[0]
    assert node_a2.count("<path") == 2  # two borders: runs once per item


# ---------------------------------------------------------------------------------------------------
# A cycle through such a procedure: suspended, skipped, looped, migrated.

TO_3: list[HistoryStep] = [
    (None, "activity_1", CYCLE_STARTED),
    ("activity_1", "activity_2", ACTIVITY_COMPLETED),
    ("activity_2", "activity_2", ITEM_WAIVED),
    ("activity_2", "activity_3", ACTIVITY_COMPLETED),
]
SUSPENDED_AT_3: list[HistoryStep] = [*TO_3, ("activity_3", "suspended_3", CYCLE_SUSPENDED)]


def test_a_suspended_cycle_shows_where_it_waits(branched: Procedure) -> None:
    nodes, _, others = parse_mermaid(cycle_diagram(branched, "suspended_3", SUSPENDED_AT_3, "mermaid"))
    assert nodes["a3"].splitlines()[:2] == [f"⏸ 3. {NAMES[3]}", "(suspended)"]
    assert "class a1,a2 done" in others and "class a3 suspended" in others
    assert any(o.startswith("classDef suspended ") and "stroke-width:3px" in o for o in others)
    assert not any(o.startswith("class ") and o.endswith(" current") for o in others)
    assert "class a3 optional" in others  # the mark and the dashes together
    set_language("es")
    dot_nodes, _ = parse_dot(cycle_diagram(branched, "suspended_3", SUSPENDED_AT_3, "dot"))
    assert dot_label_lines(dot_nodes["a3"])[:2] == [f"⏸ 3. {NAMES[3]}", "(suspendida)"]
    assert dot_nodes["a3"]["style"] == "rounded,dashed,filled,bold" and dot_nodes["a3"]["penwidth"] == "3"
    assert dot_nodes["a3"]["fillcolor"] not in {dot_nodes["a1"]["fillcolor"], "#fef3c7"}


def test_a_resumed_cycle_is_current_again_and_a_cancelled_one_ends_where_it_waited(branched: Procedure) -> None:
    resumed = [*SUSPENDED_AT_3, ("suspended_3", "activity_3", CYCLE_RESUMED)]
    _, _, others = parse_mermaid(cycle_diagram(branched, "activity_3", resumed, "mermaid"))
    assert "class a3 current" in others and not any(o.endswith(" suspended") for o in others)
    cancelled = [*SUSPENDED_AT_3, ("suspended_3", "cancelled", CYCLE_CANCELLED)]
    _, edges, others = parse_mermaid(cycle_diagram(branched, "cancelled", cancelled, "mermaid"))
    assert ("a3", "-.->", "cancelled", "cancellation") in edges
    assert "class a1,a2 done" in others and "class cancelled cancel" in others


def test_a_skipped_activity_is_marked_skipped_not_done(branched: Procedure) -> None:
    history = [*TO_3, ("activity_3", "activity_4", ACTIVITY_SKIPPED)]
    nodes, _, others = parse_mermaid(cycle_diagram(branched, "activity_4", history, "mermaid"))
    assert nodes["a3"].splitlines()[:2] == [f"↷ 3. {NAMES[3]}", "(skipped)"]
    assert "class a1,a2 done" in others and "class a3 skipped" in others and "class a4 current" in others
    dot_nodes, _ = parse_dot(cycle_diagram(branched, "activity_4", history, "dot"))
    assert dot_nodes["a3"]["style"] == "rounded,dashed,filled"
    assert dot_nodes["a3"]["fillcolor"] != dot_nodes["a1"]["fillcolor"]
    # Returned to before it and then done: done, not skipped.
    again = [*history, ("activity_4", "activity_3", CYCLE_RETURNED), ("activity_3", "activity_4", ACTIVITY_COMPLETED)]
    nodes, _, others = parse_mermaid(cycle_diagram(branched, "activity_4", again, "mermaid"))
    assert nodes["a3"].startswith("✓ 3. ") and "class a1,a2,a3 done" in others
    assert not any(o.endswith(" skipped") for o in others)


def test_a_loop_taken_by_a_branch_is_to_be_done_again_without_a_return_edge(branched: Procedure) -> None:
    history = [*TO_3, ("activity_3", "activity_4", ACTIVITY_COMPLETED),
               ("activity_4", "activity_2", ACTIVITY_COMPLETED)]  # "if the hoja de vida is missing"
    nodes, edges, others = parse_mermaid(cycle_diagram(branched, "activity_2", history, "mermaid"))
    assert "class a1 done" in others and "class a2 current" in others
    assert nodes["a3"].startswith("3. ") and nodes["a4"].startswith("4. ")
    assert ("a4", "-->", "a2", f"if {HOJA} is missing") in edges  # the way it went is the procedure's own
    assert not [e for e in edges if e[1] == "-.->"]  # no return happened (and declared ones are not drawn here)
    assert not any(line.startswith("linkStyle") for line in others)


def test_a_migrated_cycle_keeps_only_what_precedes_its_new_activity(shipped: LoadedProcedure) -> None:
    history = [*TO_3, ("activity_3", "activity_4", ACTIVITY_COMPLETED),
               ("activity_4", "activity_3", CYCLE_MIGRATED)]
    _, edges, others = parse_mermaid(cycle_diagram(shipped.procedure, "activity_3", history, "mermaid"))
    assert "class a1,a2 done" in others and "class a3 current" in others
    assert all(arrow == "-->" for _, arrow, _, _ in edges)
