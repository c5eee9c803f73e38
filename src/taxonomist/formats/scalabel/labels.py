"""One Scalabel ``label``: its category, attributes and shapes, as object rows."""

from __future__ import annotations

from typing import Any

from taxonomist.core.text import shorten
from taxonomist.dataset.model import Flag, Rle
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNLABELED_SHAPE
from taxonomist.formats._io.columns import finite_number, whole_number
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TYPE
from taxonomist.formats.scalabel.config import (
    POLY_CONTROL,
    POLY_VERTEX,
    attribute_name,
    box_from_corners,
)

_CORNERS = ("x1", "y1", "x2", "y2")
MAX_MASK_SIDE = 1_000_000  # pixels: beyond any camera; the checker sizes work by h x w
_ATTRIBUTE_VALUE = (str, bool, int, float)


def read_label(
    builder: DatasetBuilder, label: Any, image: int, pointer: str, masks: dict[int, Rle]
) -> None:
    """Add the object rows of ``label`` (one, or one more per extra open poly2d); its ``rle``
    goes to ``masks`` by object row."""
    place = Place(builder.source, pointer=pointer)
    if not isinstance(label, dict):
        builder.report(WRONG_TYPE, "a label must be an object", place)
        return
    category = label.get("category")
    if not isinstance(category, str) or not category:
        builder.report(UNLABELED_SHAPE, "the label has no category; it is skipped", place)
        return
    object_id = pointer.removeprefix("/frames/").replace("/labels/", "/").lstrip("/")
    row = ObjectRow(image, builder.category(category, None, place), place, id=object_id)
    row.flags = _flags(label)
    row.attributes = _attributes(builder, label.get("attributes"), pointer)
    row.box = _box2d(builder, label.get("box2d"), pointer)
    lines = _poly2d(builder, label.get("poly2d"), row, pointer)
    row.points = _graph(builder, label.get("graph"), pointer)
    score = finite_number(label.get("score"))
    if score is not None:
        row.flags = {**(row.flags or {}), "score": score}
    rle = _rle(builder, label.get("rle"), pointer)
    added = builder.add(row)
    if rle is not None:
        masks[added] = rle
    for k, line in enumerate(lines[1:], 1):
        extra = ObjectRow(image, row.category, place, id=f"{object_id}.{k}", polyline=line)
        extra.flags, extra.attributes = row.flags, row.attributes
        builder.add(extra)


def _flags(label: dict[str, Any]) -> dict[str, Flag] | None:
    flags: dict[str, Flag] = {}
    track = label.get("id")
    if isinstance(track, str | int) and not isinstance(track, bool):
        flags["track_id"] = str(track)
    if isinstance(label.get("box3d"), dict):
        flags["box3d"] = True
    for key in ("manualShape", "manualAttributes"):
        if isinstance(label.get(key), bool):
            flags[key] = label[key]
    return flags or None


def _attributes(builder: DatasetBuilder, raw: Any, pointer: str) -> dict[str, Any] | None:
    if raw is None or raw == {}:
        return None
    place = Place(builder.source, pointer=f"{pointer}/attributes")
    if not isinstance(raw, dict):
        builder.report(WRONG_TYPE, "label attributes must be an object", place)
        return None
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, _ATTRIBUTE_VALUE) and (
            not isinstance(value, float) or finite_number(value) is not None
        ):
            values[attribute_name(key) or key] = value
        elif value is not None:
            message = f"attribute {shorten(key, 40)!r} must be a string, number or boolean"
            builder.report(WRONG_TYPE, message, place)
    return values or None


def _box2d(builder: DatasetBuilder, raw: Any, pointer: str) -> tuple[float, ...] | None:
    if raw is None:
        return None
    place = Place(builder.source, pointer=f"{pointer}/box2d")
    if not isinstance(raw, dict):
        builder.report(WRONG_TYPE, "box2d must be an object {x1, y1, x2, y2}", place)
        return None
    missing = [k for k in _CORNERS if raw.get(k) is None]
    if missing:
        builder.report(MISSING_FIELD, f"box2d has no {', '.join(missing)}", place)
        return None
    corners = [finite_number(raw[k]) for k in _CORNERS]
    if any(c is None for c in corners):
        builder.report(WRONG_TYPE, "box2d corners must be numbers", place)
        return None
    x1, y1, x2, y2 = (float(c or 0.0) for c in corners)
    return box_from_corners(x1, y1, x2, y2)


def _poly2d(builder: DatasetBuilder, raw: Any, row: ObjectRow, pointer: str) -> list[list[float]]:
    """Closed poly2ds become ``row.polygons``; the open ones are returned (the first is the
    row's polyline)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        place = Place(builder.source, pointer=f"{pointer}/poly2d")
        builder.report(WRONG_TYPE, "poly2d must be a list of {vertices, types, closed}", place)
        return []
    polygons: list[list[float]] = []
    lines: list[list[float]] = []
    for index, poly in enumerate(raw):
        where = Place(builder.source, pointer=f"{pointer}/poly2d/{index}")
        read = _one_poly(builder, poly, where)
        if read is not None:
            (polygons if read[1] else lines).append(read[0])
    row.polygons = polygons
    if lines:
        row.polyline = lines[0]
    if row.box is None and (polygons or lines):
        flat = [v for part in (*polygons, *lines) for v in part]
        xs, ys = flat[0::2], flat[1::2]
        row.box = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return lines


def _one_poly(builder: DatasetBuilder, poly: Any, place: Place) -> tuple[list[float], bool] | None:
    if not isinstance(poly, dict):
        builder.report(WRONG_TYPE, "a poly2d must be an object", place)
        return None
    flat = _vertices(poly.get("vertices"))
    if flat is None:
        builder.report(WRONG_TYPE, "vertices must be a list of [x, y] pairs", place)
        return None
    closed = poly.get("closed")
    if not isinstance(closed, bool):
        builder.report(MISSING_FIELD, "the poly2d has no closed true/false", place)
        return None
    types = poly.get("types")
    count = len(flat) // 2
    if isinstance(types, str) and (len(types) != count or set(types) - {POLY_VERTEX, POLY_CONTROL}):
        message = f"types must be one L or C per vertex ({count}), not {shorten(types, 40)!r}"
        builder.report(WRONG_LENGTH, message, place)
        return None
    if types is not None and not isinstance(types, str):
        builder.report(WRONG_TYPE, "types must be a string of L and C", place)
        return None
    need = 3 if closed else 2
    if count < need:
        kind = "a closed poly2d (a polygon)" if closed else "an open poly2d (a polyline)"
        builder.report(WRONG_LENGTH, f"{kind} needs {need} vertices, not {count}", place)
        return None
    return flat, closed


def _vertices(raw: Any) -> list[float] | None:
    if not isinstance(raw, list):
        return None
    flat: list[float] = []
    for vertex in raw:
        if not isinstance(vertex, list) or len(vertex) != 2:
            return None
        x, y = finite_number(vertex[0]), finite_number(vertex[1])
        if x is None or y is None:
            return None
        flat += (x, y)
    return flat


def _graph(builder: DatasetBuilder, raw: Any, pointer: str) -> list[float] | None:
    if raw is None:
        return None
    place = Place(builder.source, pointer=f"{pointer}/graph")
    nodes = raw.get("nodes") if isinstance(raw, dict) else None
    if not isinstance(nodes, list):
        builder.report(WRONG_TYPE, "graph must be an object with a nodes list", place)
        return None
    flat: list[float] = []
    for node in nodes:
        location = node.get("location") if isinstance(node, dict) else None
        xy = (
            _vertices([location[:2]])
            if isinstance(location, list) and len(location) in (2, 3)
            else None
        )
        if xy is None:
            builder.report(
                WRONG_TYPE, "each graph node needs a location [x, y] (or [x, y, z])", place
            )
            return None
        flat += xy
    return flat or None


def _rle(builder: DatasetBuilder, raw: Any, pointer: str) -> Rle | None:
    """A COCO-compressed ``rle`` ({counts, size: [height, width]}); the checker decodes it."""
    if raw is None:
        return None
    place = Place(builder.source, pointer=f"{pointer}/rle")
    if not isinstance(raw, dict) or not isinstance(raw.get("counts"), str):
        builder.report(WRONG_TYPE, "rle must be an object with a counts string", place)
        return None
    size = raw.get("size")
    if not isinstance(size, list) or len(size) != 2:
        builder.report(WRONG_LENGTH, "rle size must be [height, width]", place)
        return None
    height, width = (whole_number(v, minimum=1) for v in size)
    if height is None or width is None or max(height, width) > MAX_MASK_SIDE:
        builder.report(WRONG_TYPE, "rle size must be two positive whole numbers", place)
        return None
    return Rle(height, width, raw["counts"])
