"""Safe, position-aware YAML: plain data plus the ``line:col`` of every JSON pointer.

PyYAML's composer gives a node tree with marks; we build the Python values ourselves from
it so that we can (a) remember where every value was written, (b) report duplicate keys
(YAML silently keeps the last), (c) refuse non-string keys and unsafe tags, and (d) stop
alias bombs and deep nesting after a bounded amount of work. Nothing here raises for bad
input: problems come back as findings.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location
from taxonomist.core.pointer import escape
from taxonomist.taxonomy.resolved import SourcePos

FILE_UNREADABLE = CodeDoc(
    code="T001",
    name="file-unreadable",
    family="file",
    summary="The taxonomy file cannot be read.",
    why="Nothing else can be checked.",
    bad="(missing file)",
    good="an existing UTF-8 file",
)

FILE_TOO_LARGE = CodeDoc(
    code="T002",
    name="file-too-large",
    family="file",
    summary="The file is larger than 20 MB.",
    why="Huge inputs are refused rather than exhausting memory.",
    bad="(a 50 MB file)",
    good="split it with include:",
)

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

NOT_A_MAPPING = CodeDoc(
    code="T101",
    name="not-a-mapping",
    family="structure",
    summary="The document is not a mapping.",
    why="A taxonomy is a mapping of sections.",
    bad="- person",
    good="name: demo\nversion: 1.0.0",
)

CODES: tuple[CodeDoc, ...] = (
    FILE_UNREADABLE,
    FILE_TOO_LARGE,
    YAML_SYNTAX,
    YAML_TOO_LARGE,
    YAML_TOO_DEEP,
    YAML_TAG,
    DUPLICATE_KEY,
    NON_STRING_KEY,
    NOT_A_MAPPING,
)


MAX_BYTES = 20 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 100
PREPASS_CHARS = 1024 * 1024

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class SourceDoc:
    """One parsed YAML file: its data, where each pointer was written, and what went wrong."""

    path: Path  # where it was read from
    label: str = ""  # how findings name it: the path as the user wrote it
    data: Any = None
    positions: dict[str, SourcePos] = field(default_factory=dict)  # value (or key) position
    key_positions: dict[str, SourcePos] = field(default_factory=dict)  # mapping keys
    findings: list[Finding] = field(default_factory=list)

    def pos(self, pointer: str, *, key: bool = False) -> SourcePos | None:
        """Position of ``pointer``, or of its nearest parent that has one."""
        table = self.key_positions if key else self.positions
        current = pointer
        while True:
            found = table.get(current) or self.positions.get(current)
            if found is not None or not current:
                return found
            current = current.rsplit("/", 1)[0]


def location(pos: SourcePos | None, file: str, ptr: str | None = None) -> Location:
    if pos is None:
        return Location(file=file, pointer=ptr)
    return Location(file=pos.file, line=pos.line, column=pos.column, pointer=ptr)


class _Stop(Exception):
    """Internal: the document is refused; the finding is already recorded."""


class _Builder:
    """Builds Python values from a composed node tree, bounded in work and depth."""

    def __init__(self, doc: SourceDoc, file: str) -> None:
        self.doc = doc
        self.file = file
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
            raise _Stop
        if depth >= MAX_DEPTH:  # the root is level 1
            self.report(YAML_TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels", node)
            raise _Stop
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

    def mapping(self, node: yaml.MappingNode, ptr: str, depth: int) -> dict[str, Any] | None:
        if node.tag != _MAP_TAG:
            self.report(YAML_TAG, f"tag {node.tag!r} is not allowed", node)
            return None
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.update(self.merge(value_node, ptr, depth))
                continue
            key = self.key(key_node, out)
            if key is None:
                continue
            child = f"{ptr}/{escape(key)}"
            key_pos = self.doc.key_positions[child] = self.mark(key_node)
            if isinstance(value_node, yaml.MappingNode):
                self.doc.positions.setdefault(child, key_pos)
            out[key] = self.build(value_node, child, depth + 1)
        return {**merged, **out}

    def key(self, node: yaml.Node, seen: dict[str, Any]) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            text = node.value if isinstance(node, yaml.ScalarNode) else "a collection"
            self.report(
                NON_STRING_KEY,
                f"mapping key {text!r} is not a string",
                node,
                f"quote it: '{text}': ... (YAML reads yes/no/on/off and numbers as non-strings)",
            )
            return None
        key = str(node.value)
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


def _events_ok(text: str, doc: SourceDoc, file: str) -> bool:
    """A cheap, non-recursive pass: refuse deep nesting before the recursive composer runs."""
    depth = 0
    for events, event in enumerate(_events(text), 1):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            mark = event.start_mark
            if depth > MAX_DEPTH and mark is not None:
                pos = SourcePos(file, mark.line + 1, mark.column + 1)
                doc.findings.append(
                    YAML_TOO_DEEP.finding(
                        f"nesting deeper than {MAX_DEPTH} levels", location(pos, file)
                    )
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if events > MAX_NODES * 2:
            doc.findings.append(
                YAML_TOO_LARGE.finding(
                    f"document has more than {MAX_NODES:,} values", Location(file=file)
                )
            )
            return False
    return True


def _events(text: str) -> Iterator[yaml.Event]:
    return yaml.parse(text, Loader=_Loader)


def _syntax_finding(exc: yaml.YAMLError, file: str) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    code, hint = YAML_SYNTAX, "check indentation, colons and quotes"
    if "nesting depth" in str(problem):  # libyaml's own limit, reported as a syntax error
        code, message, hint = YAML_TOO_DEEP, f"nesting too deep: {problem}", "flatten the document"
    if mark is None:
        return code.finding(message, Location(file=file), hint=hint)
    loc = Location(file=file, line=mark.line + 1, column=mark.column + 1)
    return code.finding(message, loc, hint=hint)


def parse_text(text: str, path: Path, file: str | None = None) -> SourceDoc:
    """Parse YAML ``text``; ``doc.data`` is None when the document was refused."""
    label = file if file is not None else str(path)
    doc = SourceDoc(path=path, label=label)
    try:
        # libyaml refuses nesting past 1000 levels itself and composes without Python
        # recursion; the pure-Python composer recurses, so it needs the streaming pre-pass.
        # Large files get it too, so that millions of values are refused before composing.
        prepass = _Loader is yaml.SafeLoader or len(text) > PREPASS_CHARS
        if prepass and not _events_ok(text, doc, label):
            return doc
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        doc.findings.append(_syntax_finding(exc, label))
        return doc
    except RecursionError:
        doc.findings.append(YAML_TOO_DEEP.finding("nesting too deep", Location(file=label)))
        return doc
    if node is None:
        doc.data = None
        doc.findings.append(NOT_A_MAPPING.finding("the file is empty", Location(file=label)))
        return doc
    try:
        doc.data = _Builder(doc, label).build(node, "", 0)
    except _Stop:
        doc.data = None
    return doc


def read_source(path: Path, file: str | None = None) -> SourceDoc:
    """Read and parse one YAML file; unreadable, huge or non-UTF-8 files become findings."""
    label = file if file is not None else str(path)
    doc = SourceDoc(path=path, label=label)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero never ends
            message = "not a regular file" + (": a directory" if path.is_dir() else "")
            doc.findings.append(FILE_UNREADABLE.finding(message, Location(file=label)))
            return doc
        raw = b""
        if info.st_size <= MAX_BYTES:
            with path.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)  # bounded even if the file grows meanwhile
        if info.st_size > MAX_BYTES or len(raw) > MAX_BYTES:
            size = max(info.st_size, len(raw))
            message = f"file is {size / 1e6:.1f} MB; taxonomies are limited to 20 MB"
            doc.findings.append(FILE_TOO_LARGE.finding(message, Location(file=label)))
            return doc
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"file is not UTF-8 text (byte {exc.start})"
        doc.findings.append(FILE_UNREADABLE.finding(message, Location(file=label)))
        return doc
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        doc.findings.append(FILE_UNREADABLE.finding(message, Location(file=label)))
        return doc
    return parse_text(text, path, label)
