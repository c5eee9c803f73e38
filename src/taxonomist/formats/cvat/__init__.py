"""Reader of CVAT XML 1.1 exports: "CVAT for images" (``<image>`` elements, task or project
exports) and "CVAT for video" (``<track>`` elements, one shape per frame).

Shapes: ``box`` (a box), ``polygon`` (a polygon and its bounds as the box), ``polyline``
and ``points`` (kept in ``Objects.polylines`` and ``Objects.points``, not as polygons),
``ellipse`` (its bounding box), ``mask`` (its bounding box; CVAT's own RLE is not decoded),
``skeleton`` (keypoints in the order of the label's sublabels; an ``outside`` point is
v = 0, an occluded one v = 1, others v = 2) and ``tag`` (image-level, under the ``tag``
label type). Attribute values are typed by the label's declared input type. A shape with
``label=""`` is skipped with an info (S101). Video tracks give one object per frame where the
track is not ``outside``; frames become images ``frame_000010`` at the original size. A
skeleton track holds one ``<skeleton>`` per frame with its ``<points>``, or a ``<track>`` per
point nested in it (its ``<points>`` carry the frame; ``outside="1"`` is v = 0 there too).
Project exports repeat image ids per task, so image ids are ``<subset>/<id>`` there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from taxonomist.core.text import shorten
from taxonomist.dataset.model import Dataset, Flag
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNKNOWN_SHAPE_TYPE, UNLABELED_SHAPE
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_number
from taxonomist.formats._io.sniff import xml_paths
from taxonomist.formats._io.xml import place_of, read_xml_root, xml_head_root
from taxonomist.formats.codes import MISSING_FIELD, NUMBER_OUT_OF_RANGE, WRONG_TYPE
from taxonomist.formats.cvat.meta import Meta, read_meta, typed_value
from taxonomist.formats.cvat.tracks import frame_of, point_tracks, track_shapes

FORMAT = "cvat"
SHAPES = frozenset({"box", "polygon", "polyline", "points", "ellipse", "mask", "skeleton", "tag"})


def sniff(path: Path, head: bytes) -> str | None:
    """CVAT when an XML file's root is ``<annotations>`` with a ``<version>`` or ``<meta>``
    child (not merely those words somewhere in the file)."""
    if path.is_dir() or xml_head_root(head) != "annotations":
        return None
    children = xml_paths(head, depth=2)
    if {"annotations/version", "annotations/meta"} & children:
        return "XML <annotations> with <version>/<meta> (CVAT XML 1.1)"
    return None


def read(path: Path) -> list[Dataset]:
    """Read one CVAT XML file."""
    source = str(path)
    builder = DatasetBuilder(source, FORMAT)
    root = read_xml_root(path, builder, "annotations")
    if root is not None:
        _annotations(builder, root)
    return [builder.build()]


def _annotations(builder: DatasetBuilder, root: Element) -> None:
    meta = read_meta(root)
    for spec in meta.labels.values():
        builder.category(spec.name, None, Place(builder.source, spec.line))
    reader = _Shapes(builder, meta)
    for image in root.findall("image"):
        reader.image(image)
    tracks = root.findall("track")
    if tracks:
        reader.tracks(tracks)


class _Shapes:
    """Turns shape elements into object rows."""

    def __init__(self, builder: DatasetBuilder, meta: Meta) -> None:
        self.builder = builder
        self.meta = meta
        self.frames: dict[int, int] = {}

    def place(self, element: Element) -> Place:
        return place_of(element, self.builder.source)

    def image(self, element: Element) -> None:
        raw_id = element.get("id", str(len(self.frames)))
        subset = element.get("subset")
        # ASCII only ("²" is a digit to isdigit() but not to int()), and an int64: int() of
        # 5000 digits raises
        whole = raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18
        image_id: Any = int(raw_id) if whole else raw_id
        if subset:
            image_id = f"{subset}/{raw_id}"
        width, height = self._number(element, "width"), self._number(element, "height")
        name = element.get("name", str(raw_id))
        row = self.builder.image(
            image_id, file=name, width=width, height=height, place=self.place(element)
        )
        tags = []
        for index, child in enumerate(element):
            if child.tag == "tag":
                label = self._label(child)
                if label:
                    tags.append(label)
                continue
            self.shape(child, row, f"{image_id}/{index}")
        if tags:
            self.builder.set_labels(row, {"tag": tags})

    def _number(self, element: Element, key: str) -> float | None:
        """The number in attribute ``key``; None when it is absent or unusable (S002, S008)."""
        text = element.get(key)
        if text is None:
            return None
        value = parse_number(text)
        if not isinstance(value, str):
            return value
        code = NUMBER_OUT_OF_RANGE if value == OUT_OF_RANGE else WRONG_TYPE
        message = f"attribute {key} ({_shown(text)}) is {value}"
        self.builder.report(code, message, self.place(element))
        return None

    def tracks(self, tracks: list[Element]) -> None:
        for track in tracks:
            for framed in track.iter():
                if "frame" in framed.attrib and frame_of(framed) is None:
                    self._bad_frame(framed)
            track_id = track.get("id", "?")
            label = track.get("label")
            points = point_tracks(track)
            for frame, child in track_shapes(track, points):
                if child.get("outside") == "1":
                    continue
                object_id = f"track{track_id}/frame{frame}"
                self.shape(child, self._frame(frame), object_id, label, points.get(frame, {}))

    def _bad_frame(self, element: Element) -> None:
        """Report a frame that is no whole number; its shape is skipped."""
        if self._number(element, "frame") is not None:  # a number, but not a whole one
            message = f"attribute frame ({_shown(element.get('frame', ''))}) is not a whole number"
            self.builder.report(WRONG_TYPE, message, self.place(element))

    def _frame(self, frame: int) -> int:
        if frame not in self.frames:
            name = f"frame_{frame:06d}"
            self.frames[frame] = self.builder.image(
                name,
                file=name,
                width=self.meta.width,
                height=self.meta.height,
                place=Place(self.builder.source),
            )
        return self.frames[frame]

    def _label(self, element: Element, label: str | None = None) -> str | None:
        name = element.get("label", label)
        if not name:
            message = f"<{element.tag}> has an empty label; it is skipped"
            self.builder.report(UNLABELED_SHAPE, message, self.place(element))
            return None
        return name

    def shape(
        self,
        element: Element,
        image: int,
        object_id: str,
        label: str | None = None,
        points: dict[str, Element] | None = None,
    ) -> None:
        """One shape; ``points`` are a skeleton's points held outside it (nested tracks)."""
        if element.tag not in SHAPES:
            if element.tag != "attribute":
                message = f"<{element.tag}> is not a shape this reader knows; it is skipped"
                self.builder.report(UNKNOWN_SHAPE_TYPE, message, self.place(element))
            return
        name = self._label(element, label)
        if name is None:
            return
        place = self.place(element)
        row = ObjectRow(image, self.builder.category(name, None, place), place, id=object_id)
        if not self._geometry(element, row, name, points or {}):
            return
        row.attributes = self._attributes(element, name)
        row.flags = _flags(element)
        self.builder.add(row)

    def _geometry(
        self, element: Element, row: ObjectRow, label: str, points: dict[str, Element]
    ) -> bool:
        tag = element.tag
        if tag in ("box", "ellipse", "mask"):
            row.box = self._box(element)
            return row.box is not None
        if tag == "skeleton":
            row.keypoints = self._skeleton(element, label, points)
            return True
        flat = self._points(element)
        if flat is None:
            return False
        if tag == "polygon":
            row.polygons = [flat]
            xs, ys = flat[0::2], flat[1::2]
            row.box = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        elif tag == "polyline":
            row.polyline = flat
        else:
            row.points = flat
        return True

    def _box(self, element: Element) -> tuple[float, float, float, float] | None:
        keys = {
            "box": ("xtl", "ytl", "xbr", "ybr"),
            "mask": ("left", "top", "width", "height"),
            "ellipse": ("cx", "cy", "rx", "ry"),
        }[element.tag]
        missing = [k for k in keys if element.get(k) is None]
        if missing:
            message = f"attribute {missing[0]} is missing"
            self.builder.report(MISSING_FIELD, message, self.place(element))
            return None
        values = [self._number(element, k) for k in keys]
        if any(v is None for v in values):
            return None
        a, b, c, d = (v for v in values if v is not None)
        if element.tag == "box":
            return a, b, c - a, d - b
        if element.tag == "ellipse":
            return a - c, b - d, 2 * c, 2 * d
        return a, b, c, d

    def _points(self, element: Element) -> list[float] | None:
        text = element.get("points")
        if text is None:
            self.builder.report(
                MISSING_FIELD, f"<{element.tag}> has no points", self.place(element)
            )
            return None
        flat: list[float] = []
        for pair in filter(None, text.split(";")):
            xy = [parse_number(v) for v in pair.split(",")]
            if len(xy) != 2 or any(isinstance(v, str) for v in xy):
                self._bad_point(element, pair, OUT_OF_RANGE in xy)
                return None
            flat += [v for v in xy if not isinstance(v, str)]
        if not flat:
            message = f"<{element.tag}> has no points (points={_shown(text)})"
            self.builder.report(MISSING_FIELD, message, self.place(element))
            return None
        return flat

    def _bad_point(self, element: Element, pair: str, out_of_range: bool) -> None:
        if out_of_range:
            message = f"point {_shown(pair)} has a coordinate {OUT_OF_RANGE}"
            self.builder.report(NUMBER_OUT_OF_RANGE, message, self.place(element))
        else:
            message = f"point {_shown(pair)} is not 'x,y' (two finite numbers)"
            self.builder.report(WRONG_TYPE, message, self.place(element))

    def _skeleton(self, element: Element, label: str, points: dict[str, Element]) -> list[float]:
        spec = self.meta.labels.get(label)
        children = {c.get("label", ""): c for c in element.findall("points")} | points
        order = spec.sublabels if spec and spec.sublabels else list(children)
        flat: list[float] = []
        for name in order:
            point = children.get(name)
            xy = self._points(point) if point is not None else None
            if point is None or not xy or point.get("outside") == "1":
                flat += [0.0, 0.0, 0.0]
            else:
                flat += [xy[0], xy[1], 1.0 if point.get("occluded") == "1" else 2.0]
        return flat

    def _attributes(self, element: Element, label: str) -> dict[str, Any] | None:
        spec = self.meta.labels.get(label)
        out: dict[str, Any] = {}
        for attribute in element.findall("attribute"):
            name = attribute.get("name", "")
            declared = spec.attributes.get(name) if spec else None
            out[name] = typed_value(declared, (attribute.text or "").strip())
        return out or None


def _shown(text: str) -> str:
    """``text`` quoted for a message, cut short: a value may be megabytes long."""
    return repr(shorten(text, 60))


def _flags(element: Element) -> dict[str, Flag]:
    flags: dict[str, Flag] = {"shape": element.tag}
    for key in ("occluded", "keyframe", "z_order", "rotation", "source", "group_id"):
        value = element.get(key)
        if value is not None:
            flags[key] = value == "1" if key in ("occluded", "keyframe") else value
    return flags
