"""The ``<meta>`` of a CVAT XML export: its labels (with attributes, skeleton points and
line numbers) and the original frame size of video tasks.

A skeleton's points come in two layouts: ``<sublabels>`` inside the skeleton's ``<label>``
(older exports), or ``<label>``s of their own with ``<parent>`` naming the skeleton (CVAT
1.1 exports today). Either way they are the skeleton's ``sublabels``, never labels: a point
is no class.
``load_meta`` reads a file's meta on its own (parsed as safely and refused for the same
reasons as by the reader), so ``taxonomist import cvat`` sees the labels the checker sees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from taxonomist.core.findings import Finding
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.numbers import parse_number
from taxonomist.formats._io.xml import read_xml_root, text_of

_LINE = re.compile(r"<line\b[^>]*>")
_CIRCLE = re.compile(r"<circle\b[^>]*>")
# ASCII digits, a few of them: int() of a 5000-digit id raises (and "١" is a digit to \d)
_FROM = re.compile(r'data-node-from="(\d{1,9})"', re.ASCII)
_TO = re.compile(r'data-node-to="(\d{1,9})"', re.ASCII)
_NODE_ID = re.compile(r'data-node-id="(\d{1,9})"', re.ASCII)
_LABEL_NAME = re.compile(r'data-label-name="([^"]*)"')
_LABEL_PATHS = ("project/labels", "task/labels", "job/labels", "project/tasks/task/labels")


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    name: str
    input_type: str  # checkbox | radio | select | number | text
    values: tuple[str, ...]


@dataclass(slots=True)
class LabelSpec:
    name: str
    line: int | None
    type: str = "any"
    color: str | None = None
    svg: str | None = None  # a skeleton's drawing: its <line> elements are the edges
    attributes: dict[str, AttributeSpec] = field(default_factory=dict)
    sublabels: list[str] = field(default_factory=list)
    parent: str | None = None  # a skeleton point's skeleton, in the <parent> layout

    def edges(self) -> list[tuple[str, str]]:
        """The skeleton's edges as pairs of point names, from the SVG's ``<line>`` elements:
        ``data-node-from``/``-to`` are node ids, named by the ``<circle>`` with that
        ``data-node-id`` and its ``data-label-name``, else by position (1-based) among the
        sublabels. Edges to unknown points and loops are dropped."""
        svg = self.svg or ""
        names = dict(enumerate(self.sublabels, start=1))
        for circle in _CIRCLE.findall(svg):
            node, label = _NODE_ID.search(circle), _LABEL_NAME.search(circle)
            if node and label and label.group(1) in self.sublabels:
                names[int(node.group(1))] = label.group(1)
        edges = []
        for line in _LINE.findall(svg):
            start, end = _FROM.search(line), _TO.search(line)
            a = names.get(int(start.group(1))) if start else None
            b = names.get(int(end.group(1))) if end else None
            if a is not None and b is not None and a != b:
                edges.append((a, b))
        return edges


@dataclass(slots=True)
class Meta:
    labels: dict[str, LabelSpec] = field(default_factory=dict)
    width: float | None = None
    height: float | None = None


def load_meta(path: Path) -> tuple[Meta | None, list[Finding]]:
    """The meta of the CVAT XML file at ``path``, or None when the reader would refuse the
    file (unreadable, not well formed, entities, another root), with the findings why."""
    builder = DatasetBuilder(str(path), "cvat")
    root = read_xml_root(path, builder, "annotations")
    return (None if root is None else read_meta(root)), builder.findings


def read_meta(root: Element) -> Meta:
    """Labels and frame facts from ``root``'s ``<meta>`` (empty when absent)."""
    meta = Meta()
    element = root.find("meta")
    if element is None:
        return meta
    points: list[LabelSpec] = []
    for path in _LABEL_PATHS:
        for label in element.findall(f"{path}/label"):
            spec = _label(label)
            if spec.parent is not None:
                points.append(spec)
            else:
                meta.labels.setdefault(spec.name, spec)
    for point in points:
        skeleton = meta.labels.get(point.parent or "")
        if skeleton is None:  # no such skeleton: the point is a label of its own
            meta.labels.setdefault(point.name, point)
        elif point.name not in skeleton.sublabels:
            skeleton.sublabels.append(point.name)
    size = element.find(".//original_size")
    if size is not None:
        meta.width = _float(text_of(size, "width"))
        meta.height = _float(text_of(size, "height"))
    return meta


def _label(element: Element) -> LabelSpec:
    spec = LabelSpec(
        name=text_of(element, "name") or "",
        line=getattr(element, "sourceline", None),
        type=text_of(element, "type") or "any",
        color=text_of(element, "color"),
        svg=text_of(element, "svg"),
        parent=text_of(element, "parent") or None,
    )
    for attribute in element.findall("attributes/attribute"):
        name = text_of(attribute, "name") or ""
        values = tuple((text_of(attribute, "values") or "").split())
        kind = text_of(attribute, "input_type") or "text"
        spec.attributes[name] = AttributeSpec(name, kind, values)
    spec.sublabels = [text_of(s, "name") or "" for s in element.findall("sublabels/label")]
    return spec


def typed_value(spec: AttributeSpec | None, text: str) -> object:
    """An attribute's text as the type its input declares (checkbox -> bool, number ->
    int or float); text that does not fit stays text, for the checker to report."""
    kind = spec.input_type if spec is not None else "text"
    if kind == "checkbox" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind == "number":
        number = _float(text)
        if number is not None:
            return int(number) if number.is_integer() and "." not in text else number
    return text


def _float(text: str | None) -> float | None:
    """A usable number, else None: a size of "nan" or "1e400" is as unknown as no size, and
    a number attribute written so stays text for the checker to report."""
    value = None if text is None else parse_number(text)
    return None if value is None or isinstance(value, str) else value
