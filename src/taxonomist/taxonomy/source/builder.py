"""Python values built from a composed YAML node tree, bounded in work and depth.

Building the values ourselves (rather than letting PyYAML construct them) is what lets us
remember where each value was written, report a repeated key, refuse non-string keys and
tags other than plain data, and stop an alias bomb or deep nesting after a bounded amount of
work.
"""

from __future__ import annotations

from typing import Any

import yaml

from taxonomist.core.codes import CodeDoc
from taxonomist.core.pointer import escape
from taxonomist.taxonomy.resolved import SourcePos
from taxonomist.taxonomy.source.document import SourceDoc, location

YAML_SYNTAX = CodeDoc(
    code="T003",
    name="yaml-syntax",
    family="yaml",
    summary="The file is not valid YAML.",
    why="Nothing else can be checked until it parses.",
    bad="classes: [person",
    good="classes: {person: {id: 1}}",
)

YAML_TOO_LARGE = CodeDoc(
    code="T004",
    name="yaml-too-large",
    family="yaml",
    summary="The document expands to too many values (an alias bomb).",
    why="Nested aliases can expand exponentially and exhaust memory.",
    bad="a: &a [1, 1]\nb: &b [*a, *a]\n...",
    good="write values out",
)

YAML_TOO_DEEP = CodeDoc(
    code="T005",
    name="yaml-too-deep",
    family="yaml",
    summary="Collections nested more than 100 levels deep.",
    why="Deep nesting is never needed and can exhaust the stack.",
    bad="[[[[[...]]]]]",
    good="flat sections",
)

YAML_TAG = CodeDoc(
    code="T006",
    name="yaml-tag",
    family="yaml",
    summary="A YAML tag other than the plain data types.",
    why="Tags such as !!python/object would run code in unsafe loaders.",
    bad="x: !!python/object:os.system {}",
    good="x: plain text",
)

DUPLICATE_KEY = CodeDoc(
    code="T007",
    name="duplicate-key",
    family="yaml",
    summary="A mapping repeats a key.",
    why="YAML keeps only the last value, silently dropping the first.",
    bad="person: {id: 1}\nperson: {id: 2}",
    good="person: {id: 1}",
)

NON_STRING_KEY = CodeDoc(
    code="T008",
    name="non-string-key",
    family="yaml",
    summary="A mapping key is not a string.",
    why="YAML reads yes, no, on, off and numbers as booleans and numbers.",
    bad="on: {id: 1}",
    good="'on': {id: 1}",
)


MAX_NODES = 200_000
MAX_DEPTH = 100
_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class Stop(Exception):
    """Internal: the document is refused; the finding is already recorded."""


class Builder:
    """Builds Python values from a composed node tree, bounded in work and depth."""

    def __init__(self, doc: SourceDoc, file: str, *, scalar_keys: bool = False) -> None:
        self.doc = doc
        self.file = file
        self.scalar_keys = scalar_keys  # data.yaml writes ``names: {0: person}``
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def mark(self, node: yaml.Node) -> SourcePos:
        return SourcePos(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, code: CodeDoc, message: str, node: yaml.Node, hint: str | None = None) -> None:
        loc = location(self.mark(node), self.file)
        self.doc.findings.append(code.finding(message, loc, hint=hint))

    def build(self, node: yaml.Node, ptr: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.report(
                YAML_TOO_LARGE,
                f"document expands to more than {MAX_NODES:,} values (alias bomb?)",
                node,
                "write the values out; do not nest aliases of aliases",
            )
            raise Stop
        if depth >= MAX_DEPTH:  # the root is level 1
            self.report(YAML_TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels", node)
            raise Stop
        if ptr not in self.doc.positions:
            self.doc.positions[ptr] = self.mark(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, ptr, depth)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, ptr, depth)
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:  # the common case, without the constructor's overhead
            return node.value
        if node.tag not in _SCALAR_TAGS:
            self.report(
                YAML_TAG,
                f"tag {node.tag!r} is not allowed",
                node,
                "taxonomies hold plain strings, numbers, booleans, lists and mappings",
            )
            return None
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.report(YAML_SYNTAX, f"bad scalar: {exc}", node)
            return None

    def sequence(self, node: yaml.SequenceNode, ptr: str, depth: int) -> list[Any] | None:
        if node.tag != _SEQ_TAG:
            self.report(YAML_TAG, f"tag {node.tag!r} is not allowed", node)
            return None
        return [self.build(item, f"{ptr}/{i}", depth + 1) for i, item in enumerate(node.value)]

    def mapping(self, node: yaml.MappingNode, ptr: str, depth: int) -> dict[Any, Any] | None:
        if node.tag != _MAP_TAG:
            self.report(YAML_TAG, f"tag {node.tag!r} is not allowed", node)
            return None
        out: dict[Any, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.update(self.merge(value_node, ptr, depth))
                continue
            key = self.key(key_node, out)
            if key is None:
                continue
            child = f"{ptr}/{escape(str(key))}"
            key_pos = self.doc.key_positions[child] = self.mark(key_node)
            if isinstance(value_node, yaml.MappingNode):
                self.doc.positions.setdefault(child, key_pos)
            out[key] = self.build(value_node, child, depth + 1)
        return {**merged, **out}

    def key(self, node: yaml.Node, seen: dict[Any, Any]) -> Any:
        if self.scalar_keys and isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self.repeated(node, self.scalar(node), seen)
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            text = node.value if isinstance(node, yaml.ScalarNode) else "a collection"
            self.report(
                NON_STRING_KEY,
                f"mapping key {text!r} is not a string",
                node,
                f"quote it: '{text}': ... (YAML reads yes/no/on/off and numbers as non-strings)",
            )
            return None
        return self.repeated(node, str(node.value), seen)

    def repeated(self, node: yaml.Node, key: Any, seen: dict[Any, Any]) -> Any:
        """``key``, reported when the mapping already has it."""
        if key in seen:
            self.report(
                DUPLICATE_KEY,
                f"duplicate key {key!r}",
                node,
                "YAML keeps only the last one; merge the two entries",
            )
        return key

    def merge(self, node: yaml.Node, ptr: str, depth: int) -> dict[str, Any]:
        """``<<: *anchor`` (or a list of anchors): keys the mapping does not set itself."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out: dict[str, Any] = {}
        for source in reversed(sources):
            value = self.build(source, ptr, depth + 1)
            if isinstance(value, dict):
                out.update(value)
            else:
                self.report(
                    YAML_SYNTAX, "a merge key '<<' needs a mapping or a list of them", source
                )
        return out
