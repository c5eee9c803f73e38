"""Reader of LabelMe JSON (versions 4 and 5; one file per image).

Shapes: ``rectangle`` (two corners, any order), ``circle`` (centre and a point on the
rim: its bounding box), ``polygon``, ``line`` and ``linestrip`` (open lines, kept in
``Objects.polylines``), ``point`` (``Objects.points``) and ``mask`` (the two
corners of its bounding box; the embedded PNG is not decoded). Shapes of one label that
share a ``group_id`` are one object (an instance in several parts). ``__ignore__`` shapes
keep their pseudo-label as the class name (a taxonomy maps it with an ignore region class
or an alias); image-level ``flags`` that are true become the image's ``flags`` labels.
Per-shape ``flags`` are the shape's attributes. Locations are ``/shapes/<i>`` pointers.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNKNOWN_SHAPE_TYPE
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import json_shape, keys_of, lists_in
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE

FORMAT = "labelme"
POINT_COUNTS = {"rectangle": 2, "circle": 2, "line": 2, "point": 1, "mask": 2}
SHAPE_TYPES = frozenset({*POINT_COUNTS, "polygon", "linestrip"})
PSEUDO_FLAGS = frozenset({"__ignore__"})


def sniff(path: Path, head: bytes) -> str | None:
    """LabelMe when the top-level object has a ``shapes`` list and an ``imagePath``."""
    shape = json_shape(head)
    if lists_in(shape, ("shapes",)) and "imagePath" in keys_of(shape):
        return 'JSON object with "shapes" and "imagePath" (LabelMe)'
    return None


def read(path: Path) -> list[Dataset]:
    """Read one LabelMe JSON file."""
    source = str(path)
    builder = DatasetBuilder(source, FORMAT, declares_categories=False)
    loaded = read_json_file(path, builder)
    if loaded is not None:
        _document(builder, loaded.value, path)
    return [builder.build()]


def _document(builder: DatasetBuilder, doc: Any, path: Path) -> None:
    if not isinstance(doc, dict):
        message = "a LabelMe file is a JSON object with shapes"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""))
        return
    image_path = doc.get("imagePath")
    file = image_path if isinstance(image_path, str) else path.name
    width, height = _dimension(builder, doc, "imageWidth"), _dimension(builder, doc, "imageHeight")
    image = builder.image(
        Path(file).stem,
        file=file,
        width=width,
        height=height,
        place=Place(builder.source, pointer=""),
    )
    _flags(builder, doc.get("flags"), image)
    shapes = doc.get("shapes")
    if not isinstance(shapes, list):
        builder.report(
            MISSING_FIELD, "the file has no shapes list", Place(builder.source, pointer="/shapes")
        )
        return
    groups: dict[tuple[str, Any], ObjectRow] = {}
    for index, shape in enumerate(shapes):
        _shape(builder, shape, index, image, groups)
    for row in groups.values():
        builder.add(row)


def _dimension(builder: DatasetBuilder, doc: dict[str, Any], key: str) -> float | None:
    value = doc.get(key)
    if value is None:
        return None
    number = finite_number(value)
    if number is not None and number > 0:
        return number
    builder.report(
        WRONG_TYPE, f"{key} must be a positive number", Place(builder.source, pointer=f"/{key}")
    )
    return None


def _flags(builder: DatasetBuilder, flags: Any, image: int) -> None:
    if not isinstance(flags, dict) or not flags:
        return
    on = [name for name, value in flags.items() if value is True and name not in PSEUDO_FLAGS]
    builder.set_labels(image, {"flags": on})


def _shape(
    builder: DatasetBuilder,
    shape: Any,
    index: int,
    image: int,
    groups: dict[tuple[str, Any], ObjectRow],
) -> None:
    place = Place(builder.source, pointer=f"/shapes/{index}")
    if not isinstance(shape, dict):
        builder.report(WRONG_TYPE, "a shape must be an object", place)
        return
    label, kind = shape.get("label"), shape.get("shape_type") or "polygon"
    if not isinstance(label, str) or not label:
        builder.report(MISSING_FIELD, "the shape has no label", place)
        return
    if not isinstance(kind, str):
        builder.report(WRONG_TYPE, "shape_type must be a string; the shape is skipped", place)
        return
    if kind not in SHAPE_TYPES:
        builder.report(
            UNKNOWN_SHAPE_TYPE, f"shape_type {kind!r} is not a LabelMe shape; it is skipped", place
        )
        return
    points = _points(builder, shape.get("points"), kind, place)
    if points is None:
        return
    key = (label, _group(builder, shape.get("group_id"), index, place))
    row = groups.get(key)
    if row is None:
        row = ObjectRow(image, builder.category(label), place, id=index, flags={"shape": kind})
        groups[key] = row
    _geometry(row, kind, points)
    extra = shape.get("flags")
    if isinstance(extra, dict) and extra:
        row.attributes = {**(row.attributes or {}), **extra}
    description = shape.get("description")
    if isinstance(description, str) and description:
        row.flags = {**(row.flags or {}), "description": description}


def _group(builder: DatasetBuilder, group: Any, index: int, place: Place) -> Any:
    """The key of the object a shape belongs to: its ``group_id`` (an integer, or a string
    some tools write), else the shape alone. A ``true`` would join the shapes of group 1."""
    if group is None:
        return ("shape", index)
    if isinstance(group, str) or (isinstance(group, int) and not isinstance(group, bool)):
        return group
    message = "group_id must be an integer or null; the shape is read as an object of its own"
    builder.report(WRONG_TYPE, message, place)
    return ("shape", index)


def _points(builder: DatasetBuilder, raw: Any, kind: str, place: Place) -> list[float] | None:
    ok = isinstance(raw, list) and all(
        isinstance(p, list) and len(p) == 2 and all(_is_number(v) for v in p) for p in raw
    )
    if not ok:
        builder.report(WRONG_TYPE, "points must be a list of [x, y] pairs", place)
        return None
    wanted = POINT_COUNTS.get(kind)
    count = len(raw)
    if (wanted is not None and count != wanted) or (wanted is None and count < 2):
        need = f"{wanted}" if wanted is not None else "at least 2"
        builder.report(WRONG_LENGTH, f"a {kind} needs {need} points, not {count}", place)
        return None
    return [float(v) for p in raw for v in p]


def _is_number(value: Any) -> bool:
    return finite_number(value) is not None


def _geometry(row: ObjectRow, kind: str, flat: list[float]) -> None:
    if kind in ("rectangle", "mask"):
        row.box = _bounds(flat)
    elif kind == "circle":
        cx, cy, px, py = flat
        r = math.hypot(px - cx, py - cy)
        row.box = (cx - r, cy - r, 2 * r, 2 * r)
    elif kind == "polygon":
        row.polygons = [*row.polygons, flat]
        if row.box is None or (row.flags or {}).get("shape") == "polygon":
            row.box = _bounds([v for part in row.polygons for v in part])
    elif kind == "point":
        row.points = [*(row.points or []), *flat]
    else:
        row.polyline = flat


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
