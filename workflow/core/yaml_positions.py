"""YAML text -> plain Python values, with the line and column of every value and key.

PyYAML's loaders throw positions away, keep the last of two equal keys without a word, and (unless told
otherwise) build whatever a tag names. So the file is only *composed* into a node tree with the safe
loader's resolver, and the values are built here from the nodes: standard scalar tags only, no aliases,
every duplicate key reported. Nothing named in the file is ever imported, called or evaluated.

Paths are tuples of mapping keys and sequence indices, as pydantic writes its error locations:
("activities", 1, "areas", 0). Positions are 1-based (line, column), as editors count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from workflow.core.limits import MAX_INTEGER, MAX_NESTING
from workflow.errors import Message

Path = tuple[str | int, ...]
Position = tuple[int, int]

_STD = "tag:yaml.org,2002:"
_ALIAS_TAG = "!workflow/alias"  # a private marker: '!' tags from a file are rejected before this is seen
_LONGEST_INTEGER = 120  # characters: 2**53 - 1 in binary, an underscore between each two digits, is 107
_SCALAR_TAGS = {_STD + name for name in ("str", "null", "bool", "int", "float", "timestamp")}

# PyYAML's own sentences for the mistakes people make most, said in the user's language with a fix.
_KNOWN_SYNTAX_PROBLEMS = (
    ("found character '\\t' that cannot start any token", "definition.yaml_tab"),
    ("mapping values are not allowed here", "definition.yaml_colon"),
    ("could not find expected ':'", "definition.yaml_missing_colon"),
    ("found unexpected end of stream", "definition.yaml_unclosed_quote"),
    ("expected a single document in the stream", "definition.yaml_several_documents"),
)


@dataclass
class ParsedYaml:
    """What the text says, where it says it, and what was wrong at the YAML level."""

    value: Any = None
    empty: bool = False
    positions: dict[Path, Position] = field(default_factory=dict)  # where each value starts
    key_positions: dict[Path, Position] = field(default_factory=dict)  # where a mapping entry's key starts
    sources: dict[Path, str] = field(default_factory=dict)  # each scalar's text as written
    problems: list[tuple[Position, Message]] = field(default_factory=list)
    blocked: set[Path] = field(default_factory=set)  # values dropped for a problem already reported

    def position(self, path: Path) -> Position:
        """The position of `path`, or of its nearest ancestor that has one (the root is 1:1)."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def is_blocked(self, path: Path) -> bool:
        return any(path[:end] in self.blocked for end in range(len(path) + 1))


class _Loader(yaml.SafeLoader):
    """The safe loader, except that an alias becomes a marker node instead of a shared subtree.

    Shared subtrees are how "billion laughs" files blow up, and a procedure never needs them.
    """

    depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event: Any = self.get_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
            return ScalarNode(_ALIAS_TAG, str(event.anchor), event.start_mark, event.end_mark)
        # Counted here, before PyYAML recurses: a file nested thousands deep stops at the limit, with
        # its position, instead of exhausting the stack.
        if self.depth >= MAX_NESTING:
            raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("too deep")
        self.mark = mark


def _mark_position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def _offset_position(text: str, offset: int) -> Position:
    before = text[:offset]
    return (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _syntax_problem(error: yaml.YAMLError, text: str) -> tuple[Position, Message]:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        position = _mark_position(mark) if mark is not None else (1, 1)
        detail = error.problem or error.context or ""
        said = f"{error.context or ''} {error.problem or ''}"
        opened = error.context_mark.line + 1 if error.context_mark is not None else position[0]
        for known, key in _KNOWN_SYNTAX_PROBLEMS:
            if known in said:
                return position, Message(key, {"opened_line": opened})
        return position, Message("definition.yaml_syntax", {"detail": detail})
    if isinstance(error, yaml.reader.ReaderError):
        code = error.character if isinstance(error.character, int) else 0
        return _offset_position(text, error.position), Message(
            "definition.yaml_bad_character", {"code": f"U+{code:04X}"})
    return (1, 1), Message("definition.yaml_syntax", {"detail": str(error)})


def parse(text: str) -> ParsedYaml:
    """Compose `text` and build its values; YAML-level problems are collected, never raised."""
    parsed = ParsedYaml()
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        parsed.problems.append(_syntax_problem(error, text))
        return parsed
    except _TooDeep as deep:
        parsed.problems.append((_mark_position(deep.mark), Message("definition.yaml_too_deep",
                                                                   {"limit": MAX_NESTING})))
        return parsed
    except RecursionError:
        parsed.problems.append(((1, 1), Message("definition.yaml_too_deep", {"limit": MAX_NESTING})))
        return parsed
    if root is None:
        parsed.empty = True
        return parsed
    _Builder(parsed).fill(root)
    return parsed


class _Builder:
    def __init__(self, parsed: ParsedYaml) -> None:
        self.parsed = parsed
        self.constructor = SafeConstructor()

    def fill(self, root: Node) -> None:
        try:
            self.parsed.value = self.build(root, ())
        except RecursionError:
            self.parsed.problems.append(((1, 1), Message("definition.yaml_too_deep", {"limit": MAX_NESTING})))
            self.parsed.value = None

    def reject(self, node: Node, path: Path, message: Message) -> None:
        self.parsed.problems.append((_mark_position(node.start_mark), message))
        self.parsed.blocked.add(path)

    def build(self, node: Node, path: Path) -> Any:
        self.parsed.positions[path] = _mark_position(node.start_mark)
        if node.tag == _ALIAS_TAG:
            self.reject(node, path, Message("definition.yaml_alias", {"alias": node.value}))
            return None
        if isinstance(node, ScalarNode):
            return self.build_scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _STD + "seq":
                self.reject(node, path, Message("definition.yaml_tag", {"tag": _short_tag(node.tag)}))
                return None
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _STD + "map":
                self.reject(node, path, Message("definition.yaml_tag", {"tag": _short_tag(node.tag)}))
                return None
            return self.build_mapping(node, path)
        self.reject(node, path, Message("definition.yaml_tag", {"tag": _short_tag(node.tag)}))
        return None

    def build_scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.reject(node, path, Message("definition.yaml_tag", {"tag": _short_tag(node.tag)}))
            return None
        self.parsed.sources[path] = node.value
        kind = node.tag.removeprefix(_STD)
        if kind == "str":
            return node.value
        try:
            # A written integer longer than any in range is refused unread: converting thousands of
            # digits is slow, and past 4300 of them Python refuses to print the number at all.
            too_long = kind == "int" and len(node.value) > _LONGEST_INTEGER
            value: Any = None if too_long else getattr(self.constructor, "construct_yaml_" + kind)(node)
            if too_long or (kind == "int" and abs(value) > MAX_INTEGER):
                self.reject(node, path, Message("definition.yaml_int_too_large", {
                    "value": _shortened(node.value), "limit": f"{MAX_INTEGER:,}"}))
                return None
            return value
        except (ValueError, TypeError, yaml.YAMLError):
            if kind == "timestamp":
                # Looks like a date but is none (2019-02-30): keep the text so the date rule explains it.
                return node.value
            self.reject(node, path, Message(
                "definition.yaml_bad_scalar", {"value": node.value, "tag": _short_tag(node.tag)}))
            return None

    def build_mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_position = _mark_position(key_node.start_mark)
            if not isinstance(key_node, ScalarNode) or key_node.tag == _ALIAS_TAG:
                self.parsed.problems.append((key_position, Message("definition.key_not_text")))
                continue
            # The text as written: `1:` or `null:` are simply unknown keys, reported by the schema.
            key = key_node.value
            if key in first_seen:
                self.parsed.problems.append((key_position, Message(
                    "definition.duplicate_key", {"key": key, "first_line": first_seen[key][0]})))
                continue
            first_seen[key] = key_position
            self.parsed.key_positions[(*path, key)] = key_position
            result[key] = self.build(value_node, (*path, key))
        return result


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag


def _shortened(text: str, keep: int = 24) -> str:
    """A long scalar as a message can show it: its start, an ellipsis and its length."""
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)})"
