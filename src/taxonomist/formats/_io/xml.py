"""Safe, line-aware XML parsing for the VOC and CVAT readers.

defusedxml's parser (expat underneath) refuses entity declarations, so an entity-expansion
bomb ("billion laughs") or an external entity stops at its declaration, before any
expansion. The subclass below records each element's line and column from expat as the
element starts, so findings point at the element's opening tag, and refuses a file nested
deeper than ``MAX_DEPTH`` as it parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.json import read_bytes
from taxonomist.formats.codes import WRONG_TOP_LEVEL_SHAPE

_CHUNK = 1 << 20
MAX_DEPTH = 256  # VOC and CVAT files nest under ten levels; ElementPath recurses per level
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']{0,60})""")

XML_NOT_WELL_FORMED = CodeDoc(
    code="F100",
    name="xml-not-well-formed",
    family="file",
    summary="The XML file (Pascal VOC, CVAT) is not well formed (the finding gives line:col).",
    why="Labeling tools and loaders refuse it; no object in it can be checked.",
    bad="<annotation><object><name>cat</object></annotation>",
    good="<annotation><object><name>cat</name></object></annotation>",
)
XML_ENTITIES_REFUSED = CodeDoc(
    code="F101",
    name="xml-entities-refused",
    family="file",
    summary="The XML file declares entities or an external DTD; it is refused unexpanded.",
    why="Entity expansion is how XML bombs (billion laughs) and external-entity attacks work; "
    "annotation files never need it.",
    bad='<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><annotation>&x;</annotation>',
    good="<annotation>...</annotation>",
)

XML_ENCODING_UNSUPPORTED = CodeDoc(
    code="F040",
    name="xml-encoding-unsupported",
    family="file",
    summary="The XML declaration names an encoding the parser cannot read (an unknown name, "
    "or a multi-byte encoding other than UTF-8 and UTF-16).",
    why="No element in the file can be read; tools that do read it guess, and disagree.",
    bad='<?xml version="1.0" encoding="x-foo"?>',
    good='<?xml version="1.0" encoding="utf-8"?>',
)

XML_TOO_DEEP = CodeDoc(
    code="F041",
    name="xml-too-deep",
    family="file",
    summary=f"The XML file nests elements more than {MAX_DEPTH} levels deep; it is refused.",
    why="VOC and CVAT files are a few levels deep; a file nested thousands deep is corrupt or "
    "hostile, and walking it exhausts the stack of every tree-walking tool.",
    bad="<annotation><part><part><part>...   (200,000 levels)",
    good="<annotation><object><name>cat</name>...</object></annotation>",
)

CODES: tuple[CodeDoc, ...] = (
    XML_NOT_WELL_FORMED,
    XML_ENTITIES_REFUSED,
    XML_ENCODING_UNSUPPORTED,
    XML_TOO_DEEP,
)


class _TooDeep(Exception):
    """Raised by the parser at the first element nested deeper than ``MAX_DEPTH``."""


class _LineParser(DefusedXMLParser):
    depth = 0

    def _start(self, tag: str, attr_list: Any) -> Element:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep
        element: Element = super()._start(tag, attr_list)  # type: ignore[misc]
        element.sourceline = self.parser.CurrentLineNumber  # type: ignore[attr-defined]
        element.sourcecol = self.parser.CurrentColumnNumber + 1  # type: ignore[attr-defined]
        return element

    def _end(self, tag: str) -> Element:
        self.depth -= 1
        ended: Element = super()._end(tag)  # type: ignore[misc]
        return ended


@dataclass(slots=True)
class XmlLoad:
    """The root element, or None with the findings that say why."""

    root: Element | None = None
    findings: list[Finding] = field(default_factory=list)


def parse_xml(data: bytes, source: str) -> XmlLoad:
    """Parse ``data``; F100 (with line:col) when not well formed, F101 when it declares
    entities or a DTD that would have to be expanded, F040 when it declares an encoding
    expat cannot decode, F041 when it nests deeper than ``MAX_DEPTH``."""
    parser = _LineParser()
    try:
        for start in range(0, len(data), _CHUNK):
            parser.feed(data[start : start + _CHUNK])
        return XmlLoad(parser.close())
    except ParseError as exc:
        line, column = getattr(exc, "position", (1, 0))
        message = str(exc).split(":")[0]
        loc = Location(file=source, line=line, column=column + 1)
        return XmlLoad(None, [XML_NOT_WELL_FORMED.finding(f"not well-formed XML: {message}", loc)])
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        loc = Location(file=source, line=line, column=parser.parser.CurrentColumnNumber + 1)
        hint = "remove the <!DOCTYPE>/<!ENTITY> declarations; annotation files need none"
        message = f"refused: the file declares entities ({type(exc).__name__})"
        return XmlLoad(None, [XML_ENTITIES_REFUSED.finding(message, loc, hint=hint)])
    except (LookupError, ValueError):  # expat asks Python's codecs for any other encoding
        return XmlLoad(None, [_encoding_finding(data, source)])
    except _TooDeep:
        expat = parser.parser
        loc = Location(
            file=source, line=expat.CurrentLineNumber, column=expat.CurrentColumnNumber + 1
        )
        message = f"elements are nested more than {MAX_DEPTH} levels deep; the file is refused"
        return XmlLoad(None, [XML_TOO_DEEP.finding(message, loc)])


def _encoding_finding(data: bytes, source: str) -> Finding:
    declared = _DECLARED_ENCODING.match(data)
    name = declared.group(1).decode("ascii", errors="replace") if declared else "?"
    message = f"the XML declaration names an encoding the parser cannot read ({name!r})"
    hint = 'save the file as UTF-8 and declare encoding="utf-8" (or drop the declaration)'
    loc = Location(file=source, line=1, column=1)
    return XML_ENCODING_UNSUPPORTED.finding(message, loc, hint=hint)


def read_xml_root(path: Path, builder: DatasetBuilder, expected: str) -> Element | None:
    """The root element of an XML annotation file when it is ``<expected>``, else None; the
    findings on the way (unreadable, not well formed, entities, F003 for another root) go
    on ``builder``."""
    data, problems = read_bytes(path, builder.source)
    builder.findings += problems
    loaded = parse_xml(data, builder.source) if data is not None else None
    if loaded is None:
        return None
    builder.findings += loaded.findings
    root = loaded.root
    if root is not None and root.tag != expected:
        message = f"the root element is <{root.tag}>, not <{expected}>"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, place_of(root, builder.source))
        return None
    return root


def place_of(element: Element, source: str) -> Place:
    """Where ``element``'s opening tag is."""
    return Place(source, getattr(element, "sourceline", None), getattr(element, "sourcecol", None))


def text_of(element: Element | None, tag: str) -> str | None:
    """The stripped text of the child ``tag`` of ``element`` (None when absent)."""
    if element is None:
        return None
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip()


def xml_head_root(head: bytes) -> str | None:
    """The name of the first element in ``head`` (cheap: no parse), or None."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    index = 0
    while True:
        start = text.find(b"<", index)
        if start < 0 or start + 1 >= len(text):
            return None
        following = text[start + 1 : start + 2]
        if following not in (b"?", b"!"):
            end = start + 1
            while end < len(text) and text[end : end + 1] not in b" \t\r\n/>":
                end += 1
            return text[start + 1 : end].decode("utf-8", errors="replace")
        index = _skip_markup(text, start)
        if index < 0:
            return None


def _skip_markup(text: bytes, start: int) -> int:
    if text.startswith(b"<!--", start):
        end = text.find(b"-->", start)
        return -1 if end < 0 else end + 3
    end = text.find(b">", start)
    return -1 if end < 0 else end + 1
