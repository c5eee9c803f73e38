"""Label Studio ``result`` items -> object rows, attributes and image-level labels.

Coordinates are percent of ``original_width``/``original_height``. A rectangle's
``rotation`` (degrees, clockwise about its top-left corner) is applied and the box is the
rotated rectangle's bounds. Results that share a region's ``id`` (per-region choices,
text, numbers) are that region's attributes; results of their own are image-level labels
keyed by their control's ``from_name``. Keypoints with a ``parentID`` become the parent
region's keypoints, ordered by the labeling config's KeyPointLabels when one lies next to
the export, else in the order they appear.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNKNOWN_SHAPE_TYPE, UNLABELED_SHAPE
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats.codes import MISSING_FIELD, WRONG_TYPE
from taxonomist.formats.label_studio.config import SHAPE_CONTROLS, VALUE_CONTROLS, result_type

SHAPE_TYPES = {result_type(tag): shape for tag, shape in SHAPE_CONTROLS.items()}
VALUE_TYPES = {result_type(tag): key for tag, key in VALUE_CONTROLS.items()}

DANGLING_PARENT = CodeDoc(
    code="S103",
    name="dangling-parent",
    family="structure",
    summary="A Label Studio region's parentID names no region of the same annotation.",
    why="Keypoints are linked to their person box through parentID; a dangling link leaves "
    "them without an owner.",
    bad='{"id": "kp1", "parentID": "nope", "type": "keypointlabels", ...}',
    good='{"id": "kp1", "parentID": "box1", "type": "keypointlabels", ...}',
)

CODES: tuple[CodeDoc, ...] = (DANGLING_PARENT,)


def _number(value: Any) -> float | None:
    return finite_number(value)


@dataclass(frozen=True, slots=True)
class Region:
    """One shape result: its value object, kind, percent-to-pixel scale and place."""

    value: dict[str, Any]
    kind: str
    scale: tuple[float, float] | None
    place: Place


@dataclass(slots=True)
class Annotation:
    """Reads one annotation's result list into ``builder``."""

    builder: DatasetBuilder
    image: int
    base: str  # pointer of the result list
    annotator: str | None
    keypoint_order: list[str]
    size: tuple[float, float] | None = None
    regions: dict[str, list[int]] = field(default_factory=dict)  # region id -> object rows
    keypoints: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)
    labels: dict[str, Any] = field(default_factory=dict)

    def read(self, results: list[Any]) -> None:
        values = []
        for index, result in enumerate(results):
            place = Place(self.builder.source, pointer=f"{self.base}/{index}")
            if not isinstance(result, dict):
                self.builder.report(WRONG_TYPE, "a result must be an object", place)
            elif not isinstance(result.get("type"), str | None):
                self.builder.report(WRONG_TYPE, "a result's type must be a string", place)
            elif result.get("type") in SHAPE_TYPES:
                self._shape(result, place)
            elif result.get("type") in VALUE_TYPES:
                values.append((result, place))
            elif result.get("type") != "relation":
                message = f"result type {result.get('type')!r} is not read; it is skipped"
                self.builder.report(UNKNOWN_SHAPE_TYPE, message, place)
        for result, place in values:
            self._value(result, place)
        self._attach_keypoints()

    def _pixels(self, result: dict[str, Any], place: Place) -> tuple[float, float] | None:
        width, height = (
            _number(result.get("original_width")),
            _number(result.get("original_height")),
        )
        if width is None or height is None:
            message = "original_width/original_height missing: pixel checks are skipped for it"
            self.builder.report(MISSING_FIELD, message, place, severity=Severity.WARNING)
            return None
        if width <= 0 or height <= 0:
            message = "original_width/original_height must be positive: pixel checks are skipped"
            self.builder.report(WRONG_TYPE, message, place)
            return None
        if self.size is None:
            self.size = (width, height)
        return width / 100.0, height / 100.0

    def _shape(self, result: dict[str, Any], place: Place) -> None:
        kind = SHAPE_TYPES[result["type"]]
        value = result.get("value")
        if not isinstance(value, dict):
            self.builder.report(MISSING_FIELD, "the result has no value object", place)
            return
        names = value.get(result["type"])
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.builder.report(UNLABELED_SHAPE, f"the {kind} has no label; it is skipped", place)
            return
        region = Region(value, kind, self._pixels(result, place), place)
        if kind == "keypoint" and isinstance(result.get("parentID"), str):
            self._keypoint(str(result["parentID"]), region, names[0])
            return
        for name in names:
            self._object(str(result.get("id", place.pointer)), region, name)

    def _object(self, region_id: str, region: Region, name: str) -> None:
        row = ObjectRow(self.image, self.builder.category(name), region.place, id=region_id)
        row.annotator, row.flags = self.annotator, {"shape": region.kind}
        if region.scale is not None and not _geometry(row, region, self.builder):
            return
        self.regions.setdefault(region_id, []).append(self.builder.add(row))

    def _keypoint(self, parent: str, region: Region, name: str) -> None:
        x, y = _number(region.value.get("x")), _number(region.value.get("y"))
        if region.scale is None or x is None or y is None:
            return
        point = (name, x * region.scale[0], y * region.scale[1])
        self.keypoints.setdefault(parent, []).append(point)
        self.keypoints[parent + "#place"] = [(str(region.place.pointer), 0.0, 0.0)]

    def _attach_keypoints(self) -> None:
        for parent, points in self.keypoints.items():
            if parent.endswith("#place"):
                continue
            rows = self.regions.get(parent)
            if not rows:
                where = self.keypoints[parent + "#place"][0][0]
                message = f"keypoints name parentID {parent!r}, which is no region here"
                self.builder.report(
                    DANGLING_PARENT, message, Place(self.builder.source, pointer=where)
                )
                continue
            self.builder.set_keypoints(rows[0], _ordered(points, self.keypoint_order))

    def _value(self, result: dict[str, Any], place: Place) -> None:
        kind = VALUE_TYPES[result["type"]]
        value = result.get("value")
        got = value.get(kind) if isinstance(value, dict) else None
        if got is None:
            self.builder.report(
                MISSING_FIELD, f"the {result['type']} result has no {kind!r}", place
            )
            return
        got = _simplify(kind, got)
        control = str(result.get("from_name", result["type"]))
        rows = self.regions.get(str(result.get("id")))
        if rows:
            for row in rows:
                self.builder.set_attribute(row, control, got)
        else:
            self.labels[control] = got


def _simplify(kind: str, value: Any) -> Any:
    if kind == "taxonomy" and isinstance(value, list):
        return [path[-1] if isinstance(path, list) and path else path for path in value]
    if kind in ("choices", "text") and isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _ordered(points: list[tuple[str, float, float]], order: list[str]) -> list[float]:
    if not order:
        return [v for _, x, y in points for v in (x, y, 2.0)]
    found = {name: (x, y) for name, x, y in points}
    flat: list[float] = []
    for name in order:
        x, y = found.get(name, (0.0, 0.0))
        flat += [x, y, 2.0 if name in found else 0.0]
    return flat


def _geometry(row: ObjectRow, region: Region, builder: DatasetBuilder) -> bool:
    value, kind, place = region.value, region.kind, region.place
    sx, sy = region.scale or (1.0, 1.0)
    if kind in ("polygon", "polyline"):
        points = value.get("points")
        if not isinstance(points, list):
            points = None
        flat = [_number(v) for p in points or [] if isinstance(p, list) for v in p[:2]]
        if not points or None in flat or len(flat) != 2 * len(points):
            builder.report(WRONG_TYPE, "points must be a list of [x, y] percent pairs", place)
            return False
        pixels = [(v or 0.0) * (sx if i % 2 == 0 else sy) for i, v in enumerate(flat)]
        if kind == "polyline":
            row.polyline = pixels
            return True
        row.polygons, row.box = [pixels], _bounds(pixels)
        return True
    if kind == "brush":
        return True  # Label Studio's own RLE is not decoded
    return _box_like(row, region, builder)


_KEYS: dict[str, tuple[str, ...]] = {
    "rectangle": ("x", "y", "width", "height"),
    "ellipse": ("x", "y", "radiusX", "radiusY"),
    "keypoint": ("x", "y"),
}


def _box_like(row: ObjectRow, region: Region, builder: DatasetBuilder) -> bool:
    value, kind, place = region.value, region.kind, region.place
    sx, sy = region.scale or (1.0, 1.0)
    keys = _KEYS
    numbers = [_number(value.get(k)) for k in keys[kind]]
    if None in numbers:
        missing = keys[kind][numbers.index(None)]
        if not isinstance(value.get(missing), float):  # NaN/Infinity: already an F006
            builder.report(WRONG_TYPE, f"value.{missing} must be a number", place)
        return False
    n = [v or 0.0 for v in numbers]
    if kind == "keypoint":
        row.points = [n[0] * sx, n[1] * sy]
        return True
    if kind == "ellipse":
        row.box = ((n[0] - n[2]) * sx, (n[1] - n[3]) * sy, 2 * n[2] * sx, 2 * n[3] * sy)
        return True
    rotation = _number(value.get("rotation")) or 0.0
    corners = _rotated(n[0] * sx, n[1] * sy, n[2] * sx, n[3] * sy, rotation)
    row.box = _bounds(corners)
    if rotation:
        row.flags = {**(row.flags or {}), "rotation": rotation}
    return True


def _rotated(x: float, y: float, w: float, h: float, degrees: float) -> list[float]:
    if not degrees:
        return [x, y, x + w, y + h]
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    out: list[float] = []
    for dx, dy in ((0, 0), (w, 0), (w, h), (0, h)):
        out += [x + dx * c - dy * s, y + dx * s + dy * c]
    return out


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
