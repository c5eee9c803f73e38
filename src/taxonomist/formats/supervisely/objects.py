"""One Supervisely annotation file (``<dataset>/ann/<image>.json``) read into a builder:
the image's ``size`` and ``tags``, and its ``objects`` by ``geometryType``.

Geometry follows the SDK's classes (``supervisely/geometry/``): ``rectangle`` is two corners
``[[left, top], [right, bottom]]``; ``polygon`` an ``exterior`` ring and ``interior`` holes;
``multipolygon`` a list of ``parts`` of the same; ``line`` an open polyline; ``point`` one
``[x, y]``; ``graph`` ``nodes`` keyed by node id, each ``{"loc": [x, y]}`` (``disabled``:
drawn hidden); ``bitmap`` (and ``alpha_mask``) ``{"data", "origin": [x, y]}``, where data is
base64 of a zlib-compressed PNG (or of a bare PNG). Points are ``[x, y]`` (column, row).
Geometry sits on the object itself, or in a ``geometry`` object (as panlabel writes it).

Into the common form: a rectangle is a box; a polygon is one polygon part per ring of each
part with its bounds as box; its holes have no place there, so they are dropped without a
finding and counted in the object's ``holes`` flag; a line is a polyline, a point a loose
point; a graph is keypoints (x y v, v 2 for a node, 1 for a disabled one, 0 0 0 for a node
the object lacks) in the class template's node order; a bitmap is the box of its PNG
placed at its origin, read from the PNG header alone (never decoded). Object tags are the
object's attributes (a ``none`` tag is ``true``); image tags are the image's ``tag`` labels.
"""

from __future__ import annotations

import base64
import binascii
import struct
import zlib
from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNKNOWN_SHAPE_TYPE
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE
from taxonomist.formats.supervisely.meta import (
    ANY_SHAPE,
    IMAGE_TAG_LABEL,
    READ_SHAPES,
    ClassSpec,
    Meta,
)

CLASS_NOT_IN_META = CodeDoc(
    code="S170",
    name="supervisely-class-not-in-meta",
    family="structure",
    summary="A Supervisely object's classTitle is not a class of the project's meta.json.",
    why="Supervisely refuses to upload a project whose objects name a class its meta lacks; "
    "the SDK cannot even open the annotation.",
    bad='"classTitle": "persn"   with meta.json classes [{"title": "person", ...}]',
    good='"classTitle": "person"',
)
SHAPE_NOT_CLASS_SHAPE = CodeDoc(
    code="S171",
    name="supervisely-geometry-not-class-shape",
    family="structure",
    summary="A Supervisely object's geometryType differs from the shape its class declares "
    "in meta.json (and that shape is not 'any').",
    why="The SDK refuses a label whose geometry is not its class's shape, so the project "
    "cannot be uploaded or converted.",
    bad='"geometryType": "polygon"   for a class with "shape": "rectangle"',
    good='"geometryType": "rectangle"   (or the class declared with "shape": "any")',
)
TAG_NOT_IN_META = CodeDoc(
    code="S172",
    name="supervisely-tag-not-in-meta",
    family="structure",
    summary="A tag on a Supervisely image or object is not a tag of the project's meta.json.",
    why="The SDK looks every tag up in the meta and fails on one it lacks; its value is "
    "typed by nothing.",
    bad='"tags": [{"name": "ocluded"}]   with meta.json tags [{"name": "occluded", ...}]',
    good='"tags": [{"name": "occluded"}]',
)
UNKNOWN_GRAPH_NODE = CodeDoc(
    code="S173",
    name="supervisely-unknown-graph-node",
    family="structure",
    summary="A Supervisely graph (keypoints) object has a node its class's template in "
    "meta.json does not define; the node is not read.",
    why="A node outside the template has no keypoint name, so no tool can say which point "
    "it is; it is usually a template edited after labeling.",
    bad='"nodes": {"nose": {...}, "tail": {...}}   with a template of nose and eye',
    good='"nodes": {"nose": {...}, "eye": {...}}',
    severity=Severity.WARNING,
)
BITMAP_UNREADABLE = CodeDoc(
    code="F170",
    name="supervisely-bitmap-unreadable",
    family="file",
    summary="A Supervisely bitmap's data is not base64 of a (zlib-compressed) PNG; the "
    "object is skipped.",
    why="The mask cannot be decoded by the SDK or any converter, so the object is lost.",
    bad='"bitmap": {"data": "not base64!", "origin": [10, 20]}',
    good='"bitmap": {"data": "eJzrDPBz5+WS4mJgYOD1...", "origin": [10, 20]}',
)
CODES: tuple[CodeDoc, ...] = (
    CLASS_NOT_IN_META,
    SHAPE_NOT_CLASS_SHAPE,
    TAG_NOT_IN_META,
    UNKNOWN_GRAPH_NODE,
    BITMAP_UNREADABLE,
)
_PNG = b"\x89PNG\r\n\x1a\n"
_HEADER_CHARS = 4096  # base64 characters decoded to reach the PNG's IHDR (a multiple of 4)


def read_annotation(builder: DatasetBuilder, doc: Any, path: Path, meta: Meta | None) -> None:
    """Read one parsed annotation file; ``meta`` is the project's (None for a file alone)."""
    if not isinstance(doc, dict):
        message = "a Supervisely annotation is a JSON object with size and objects"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""))
        return
    name = doc.get("name")
    file = name if isinstance(name, str) and name else path.name.removesuffix(".json")
    width, height = _size(builder, doc.get("size"))
    image = builder.image(
        file, file=file, width=width, height=height, place=Place(builder.source, pointer="")
    )
    tags = _tags(builder, doc.get("tags"), "/tags", meta)
    if tags:
        builder.set_labels(image, {IMAGE_TAG_LABEL: list(dict.fromkeys(tags))})
    objects = doc.get("objects")
    if not isinstance(objects, list):
        what = "has no objects list" if objects is None else "objects must be a list"
        builder.report(
            MISSING_FIELD if objects is None else WRONG_TYPE,
            f"the file {what}",
            Place(builder.source, pointer="/objects"),
        )
        return
    for index, obj in enumerate(objects):
        _object(builder, obj, index, image, meta)


def _size(builder: DatasetBuilder, size: Any) -> tuple[float | None, float | None]:
    place = Place(builder.source, pointer="/size")
    if not isinstance(size, dict):
        code = MISSING_FIELD if size is None else WRONG_TYPE
        builder.report(code, "the file needs a size object {height, width}", place)
        return None, None
    found: list[float | None] = []
    for key in ("width", "height"):
        number = finite_number(size.get(key))
        if number is None or number <= 0:
            builder.report(
                WRONG_TYPE,
                f"size.{key} must be a positive number",
                Place(builder.source, pointer=f"/size/{key}"),
            )
            number = None
        found.append(number)
    return found[0], found[1]


def _tags(builder: DatasetBuilder, raw: Any, pointer: str, meta: Meta | None) -> dict[str, Any]:
    """The tags at ``pointer`` as name -> value (True for a tag without a value)."""
    if raw is None:
        return {}
    if not isinstance(raw, list):
        builder.report(WRONG_TYPE, "tags must be a list", Place(builder.source, pointer=pointer))
        return {}
    found: dict[str, Any] = {}
    for index, tag in enumerate(raw):
        place = Place(builder.source, pointer=f"{pointer}/{index}")
        name = tag.get("name") if isinstance(tag, dict) else None
        if not isinstance(name, str) or not name:
            builder.report(MISSING_FIELD, "a tag needs a name", place)
            continue
        if meta is not None and name not in meta.tags:
            builder.report(
                TAG_NOT_IN_META,
                f"tag {name!r} is not in meta.json",
                place,
                hint="add the tag to meta.json or fix its name",
            )
        value = tag.get("value")
        found[name] = True if value is None else value
    return found


def _object(builder: DatasetBuilder, obj: Any, index: int, image: int, meta: Meta | None) -> None:
    place = Place(builder.source, pointer=f"/objects/{index}")
    if not isinstance(obj, dict):
        builder.report(WRONG_TYPE, "an object must be a JSON object", place)
        return
    title, kind = obj.get("classTitle"), obj.get("geometryType")
    if not isinstance(title, str) or not title:
        builder.report(MISSING_FIELD, "the object has no classTitle; it is skipped", place)
        return
    if not isinstance(kind, str) or not kind:
        builder.report(MISSING_FIELD, "the object has no geometryType; it is skipped", place)
        return
    spec = _class_spec(builder, meta, title, kind, place)
    if kind not in READ_SHAPES:
        message = f"geometryType {kind!r} is not one taxonomist reads; the object is skipped"
        builder.report(UNKNOWN_SHAPE_TYPE, message, place)
        return
    row = ObjectRow(
        image,
        _category(builder, title, spec, kind),
        place,
        id=_id(obj, index),
        flags={"shape": kind},
    )
    wrapped = obj.get("geometry")
    geometry: dict[str, Any] = wrapped if isinstance(wrapped, dict) else obj
    if not _geometry(builder, row, kind, geometry, spec):
        return
    tags = _tags(builder, obj.get("tags"), f"{place.pointer}/tags", meta)
    if tags:
        row.attributes = tags
    login = obj.get("labelerLogin")
    if isinstance(login, str) and login:
        row.annotator = login
    builder.add(row)


def _class_spec(
    builder: DatasetBuilder, meta: Meta | None, title: str, kind: str, place: Place
) -> ClassSpec | None:
    if meta is None:
        return None
    spec = meta.classes.get(title)
    if spec is None:
        builder.report(
            CLASS_NOT_IN_META,
            f"classTitle {title!r} is not a class of meta.json",
            place,
            hint="add the class to meta.json or fix the title",
        )
    elif spec.shape not in (kind, ANY_SHAPE):
        message = f"geometryType {kind!r} is not the shape {spec.shape!r} of class {title!r}"
        builder.report(
            SHAPE_NOT_CLASS_SHAPE,
            message,
            place,
            hint="redraw it, or declare the class with shape 'any'",
        )
    return spec


def _category(builder: DatasetBuilder, title: str, spec: ClassSpec | None, kind: str) -> int:
    row = builder.category(title)
    category = builder.categories[row]
    if spec is not None and spec.nodes and category.keypoints is None:
        category.keypoints = spec.node_labels()
        ids = [node_id for node_id, _ in spec.nodes]
        category.skeleton = [[ids.index(a) + 1, ids.index(b) + 1] for a, b in spec.edges]
    return row


def _id(obj: dict[str, Any], index: int) -> Any:
    value = obj.get("id")
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return index


def _geometry(
    builder: DatasetBuilder,
    row: ObjectRow,
    kind: str,
    geometry: dict[str, Any],
    spec: ClassSpec | None,
) -> bool:
    if kind == "graph":
        return _graph(builder, row, geometry.get("nodes"), spec)
    if kind in ("bitmap", "alpha_mask"):
        return _bitmap(builder, row, geometry.get(kind) or geometry.get("bitmap"))
    if kind == "multipolygon":
        parts = geometry.get("parts")
        if not isinstance(parts, list) or not parts:
            builder.report(MISSING_FIELD, "a multipolygon needs a list of parts", row.place)
            return False
        return all(_polygon(builder, row, part, f"/parts/{i}") for i, part in enumerate(parts))
    if kind == "polygon":
        return _polygon(builder, row, geometry.get("points"), "/points")
    exterior = _exterior(builder, geometry.get("points"), row.place, "/points")
    if exterior is None:
        return False
    wanted = {"rectangle": 2, "point": 1}.get(kind)
    if (wanted is not None and len(exterior) // 2 != wanted) or (
        wanted is None and len(exterior) < 4
    ):
        need = f"{wanted}" if wanted is not None else "at least 2"
        builder.report(
            WRONG_LENGTH,
            f"a {kind} needs {need} exterior points, not {len(exterior) // 2}",
            row.place,
        )
        return False
    if kind == "rectangle":
        row.box = _bounds(exterior)
    elif kind == "point":
        row.points = exterior
    else:
        row.polyline = exterior
    return True


def _points(raw: Any) -> list[float] | None:
    if not isinstance(raw, list):
        return None
    flat: list[float] = []
    for point in raw:
        if not isinstance(point, list) or len(point) != 2:
            return None
        x, y = finite_number(point[0]), finite_number(point[1])
        if x is None or y is None:
            return None
        flat += [x, y]
    return flat


def _exterior(
    builder: DatasetBuilder, points: Any, place: Place, pointer: str
) -> list[float] | None:
    where = Place(builder.source, pointer=f"{place.pointer}{pointer}")
    if not isinstance(points, dict):
        builder.report(MISSING_FIELD, "the object needs points {exterior, interior}", where)
        return None
    flat = _points(points.get("exterior"))
    if flat is None:
        builder.report(WRONG_TYPE, "points.exterior must be a list of [x, y] pairs", where)
    return flat


def _polygon(builder: DatasetBuilder, row: ObjectRow, points: Any, pointer: str) -> bool:
    exterior = _exterior(builder, points, row.place, pointer)
    if exterior is None:
        return False
    if len(exterior) < 6:
        builder.report(
            WRONG_LENGTH,
            f"a polygon needs at least 3 points, not {len(exterior) // 2}",
            Place(builder.source, pointer=f"{row.place.pointer}{pointer}"),
        )
        return False
    assert isinstance(points, dict)
    interior = points.get("interior")
    holes = [_points(ring) for ring in interior] if isinstance(interior, list) else []
    if any(ring is None for ring in holes) or not isinstance(interior, list | None):
        builder.report(
            WRONG_TYPE,
            "points.interior must be a list of rings of [x, y] pairs",
            Place(builder.source, pointer=f"{row.place.pointer}{pointer}/interior"),
        )
    row.polygons = [*row.polygons, exterior]
    row.box = _bounds([v for part in row.polygons for v in part])
    if holes:
        flags = row.flags or {}
        count = flags.get("holes", 0.0)
        row.flags = {**flags, "holes": (count if isinstance(count, float) else 0.0) + len(holes)}
    return True


def _graph(builder: DatasetBuilder, row: ObjectRow, nodes: Any, spec: ClassSpec | None) -> bool:
    if not isinstance(nodes, dict) or not nodes:
        builder.report(MISSING_FIELD, "a graph needs nodes {id: {loc: [x, y]}}", row.place)
        return False
    order = (
        [node_id for node_id, _ in spec.nodes] if spec is not None and spec.nodes else list(nodes)
    )
    flat: list[float] = []
    for node_id in order:
        node = nodes.get(node_id)
        if node is None:
            flat += [0.0, 0.0, 0.0]
            continue
        loc = _points([node.get("loc")]) if isinstance(node, dict) else None
        if loc is None:
            where = Place(builder.source, pointer=f"{row.place.pointer}/nodes/{node_id}")
            builder.report(WRONG_TYPE, "a node needs loc [x, y]", where)
            return False
        flat += [*loc, 1.0 if node.get("disabled") is True else 2.0]
    for node_id in nodes:
        if node_id not in order:
            where = Place(builder.source, pointer=f"{row.place.pointer}/nodes/{node_id}")
            builder.report(
                UNKNOWN_GRAPH_NODE, f"node {node_id!r} is not in the class's template", where
            )
    row.keypoints = flat
    return True


def _bitmap(builder: DatasetBuilder, row: ObjectRow, bitmap: Any) -> bool:
    where = Place(builder.source, pointer=f"{row.place.pointer}/bitmap")
    if not isinstance(bitmap, dict):
        builder.report(MISSING_FIELD, "a bitmap needs bitmap {data, origin}", where)
        return False
    origin = _points([bitmap.get("origin")])
    data = bitmap.get("data")
    if origin is None or not isinstance(data, str):
        builder.report(WRONG_TYPE, "bitmap needs data (a string) and origin [x, y]", where)
        return False
    size = png_size(data)
    if size is None:
        builder.report(
            BITMAP_UNREADABLE, "bitmap data is not base64 of a PNG; the object is skipped", where
        )
        return False
    row.box = (origin[0], origin[1], float(size[0]), float(size[1]))
    return True


def png_size(data: str) -> tuple[int, int] | None:
    """Width and height from the IHDR of the PNG in a bitmap's ``data`` (base64 of the
    zlib-compressed PNG, or of the PNG itself): only the first bytes are decoded."""
    try:
        head = base64.b64decode(
            data[:_HEADER_CHARS].strip() + "=" * (-len(data[:_HEADER_CHARS].strip()) % 4),
            validate=False,
        )
    except (binascii.Error, ValueError):
        return None
    if not head.startswith(_PNG):
        try:
            head = zlib.decompressobj().decompress(head, 64)
        except zlib.error:
            return None
    if len(head) < 24 or not head.startswith(_PNG) or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return (width, height) if width > 0 and height > 0 else None


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
