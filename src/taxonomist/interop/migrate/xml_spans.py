"""Where each element of an XML file starts and ends, and edits of those byte spans.

A rewriter that must leave every byte it does not change as it was (CVAT XML) cannot
re-serialise a tree: ``scan`` runs expat, which resolves no entity and refuses a DTD, and
records each element's byte span, attributes and text; ``Edits`` collects replacements,
insertions and removals of spans and applies them in one pass. The file must have passed its
reader's own safe parse first; this module only locates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import escape

from taxonomist.core.errors import InvalidInput

# -- where each element is ----------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """An element and its byte spans: ``start`` at ``<``, ``open_end`` after the start
    tag's ``>``, ``close`` at the end tag's ``<`` (== ``open_end`` when empty), ``end``
    after the element."""

    tag: str
    attrs: dict[str, str]
    start: int
    parent: Node | None
    open_end: int = 0
    close: int = 0
    end: int = 0
    children: list[Node] = field(default_factory=list)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]


def _refuse(*_: object) -> None:
    raise ValueError("declarations are refused")


def scan(data: bytes, source: str) -> Node:
    """The element tree of ``data`` with byte spans (a DTD or entity is refused)."""
    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    stack: list[Node] = []
    roots: list[Node] = []

    def start(tag: str, attrs: list[str]) -> None:
        node = Node(tag, dict(zip(attrs[0::2], attrs[1::2], strict=True)), 0, None)
        node.start = parser.CurrentByteIndex
        node.parent = stack[-1] if stack else None
        node.open_end = _tag_end(data, node.start)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        node = stack.pop()
        empty = data[node.open_end - 2 : node.open_end] == b"/>"
        node.close = node.open_end if empty else parser.CurrentByteIndex
        node.end = node.open_end if empty else data.index(b">", node.close) + 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError) as error:
        raise InvalidInput(f"{source}: not an XML file this can edit: {error}") from None
    return roots[0]


def _tag_end(data: bytes, start: int) -> int:
    """The offset after the ``>`` closing the start tag at ``start`` (quotes respected)."""
    quote = 0
    for index in range(start, len(data)):
        byte = data[index]
        if quote:
            quote = 0 if byte == quote else quote
        elif byte in b"\"'":
            quote = byte
        elif byte == ord(">"):
            return index + 1
    return len(data)


# -- edits --------------------------------------------------------------------------------


@dataclass
class Edits:
    """Byte-span replacements of one file, applied together."""

    data: bytes
    encoding: str
    spans: list[tuple[int, int, bytes]] = field(default_factory=list)

    def replace(self, start: int, end: int, text: str | bytes) -> None:
        raw = text if isinstance(text, bytes) else text.encode(self.encoding, "xmlcharrefreplace")
        self.spans.append((start, end, raw))

    def attribute(self, node: Node, name: str, value: str) -> None:
        """Set the value of attribute ``name`` in ``node``'s start tag."""
        head = self.data[node.start : node.open_end]
        found = re.search(rb"\s" + name.encode() + rb"""\s*=\s*(["'])(.*?)\1""", head, re.S)
        if found is not None:
            quote = {'"': "&quot;"} if found.group(1) == b'"' else {"'": "&apos;"}
            at = node.start + found.start(2)
            self.replace(at, node.start + found.end(2), escape(value, quote))

    def text(self, node: Node, value: str) -> None:
        """Set the text of ``node`` (an element without children), keeping its spacing."""
        raw = self.data[node.open_end : node.close].decode(self.encoding)
        core = raw.strip()
        if "&" in raw or "<" in raw or not core:
            self.replace(node.open_end, node.close, escape(value))
            return
        lead = len(raw) - len(raw.lstrip())
        start = node.open_end + len(raw[:lead].encode(self.encoding))
        self.replace(start, start + len(core.encode(self.encoding)), escape(value))

    def value(self, node: Node) -> str:
        """The text of ``node`` as the parser reads it."""
        return _unescape(self.data[node.open_end : node.close].decode(self.encoding)).strip()

    def remove(self, node: Node) -> None:
        """Remove ``node`` with the spacing before it on its line."""
        start = node.start
        while start > 0 and self.data[start - 1 : start] in (b" ", b"\t"):
            start -= 1
        if start > 0 and self.data[start - 1 : start] == b"\n":
            start -= 1
        self.replace(start, node.end, b"")

    def insert(self, at: int, text: bytes) -> None:
        self.spans.append((at, at, text))

    def applied(self) -> bytes:
        out, cursor = [], 0
        for start, end, raw in sorted(self.spans, key=lambda s: (s[0], s[1])):
            if start < cursor:
                continue  # inside a span already replaced (a label removed whole)
            out += [self.data[cursor:start], raw]
            cursor = end
        out.append(self.data[cursor:])
        return b"".join(out)

    def rendered(self, node: Node, skip: Node | None = None) -> bytes:
        """``node``'s bytes with the edits inside it applied (for a copy), leaving out
        those inside ``skip``."""
        inner = Edits(self.data[node.start : node.end], self.encoding)
        inner.spans = [
            (s - node.start, e - node.start, raw)
            for s, e, raw in self.spans
            if node.start <= s and e <= node.end and not (skip and _within(s, e, skip))
        ]
        return inner.applied()

    def renamed_copy(self, node: Node, name: str) -> bytes:
        """``node`` (a ``<label>``) with its edits and ``name`` for its ``<name>``."""
        name_node = child(node, "name")
        inner = Edits(self.data, self.encoding)
        inner.spans = [s for s in self.spans if not _within(s[0], s[1], name_node)]
        inner.text(name_node, name)
        return inner.rendered(node)

    def line_start(self, node: Node) -> bytes:
        """The newline and indent before ``node``."""
        start = node.start
        while start > 0 and self.data[start - 1 : start] in (b" ", b"\t"):
            start -= 1
        return b"\n" + self.data[start : node.start]


def _within(start: int, end: int, node: Node) -> bool:
    return node.start <= start and end <= node.end


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


# -- the rewrite --------------------------------------------------------------------------


def child(node: Node, tag: str) -> Node:
    """The first ``<tag>`` element inside ``node``; its absence is bad input."""
    found = node.find(tag)
    if found is None:
        raise InvalidInput(f"<{node.tag}> has no <{tag}>")
    return found
