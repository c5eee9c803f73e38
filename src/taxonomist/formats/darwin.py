"""Reader of V7 Darwin JSON (2.0, and the 1.0 files before it): one file per item.

An item's ``slots`` are its images (``width``, ``height``, the first ``source_files`` name);
an annotation belongs to the slot its ``slot_names`` names (the first slot when it names
none). Annotations, by the key that holds their shape: ``bounding_box`` (a box),
``polygon`` (``paths``, each path a part; 1.0's ``path`` and ``complex_polygon``), with its
``bounding_box`` or the paths' bounds as box; ``keypoint`` (a loose point); ``line`` (a
polyline); ``skeleton`` (keypoints x y v in node order, v 1 for an ``occluded`` node, else
2; the class's keypoint names from its first skeleton); ``ellipse`` (the box bounding the
rotated ellipse); ``tag`` (the image's ``tag`` label); ``mask`` (bounded by its pixels in the
item's ``raster_layer``, whose ``dense_rle`` is read run by run, never expanded). The
``raster_layer`` itself is no object. Other types (``cuboid``, ``table``, ``string``,
``graph``, ``directional_vector`` alone) and video annotations (``frames``) are reported and
skipped. Sub-annotations are attributes: ``attributes`` (a list of strings, an
``attributes`` value), ``text``, ``properties`` (name -> value; a list where a name repeats);
``instance_id`` is the ``instance_id`` flag; the first of ``annotators`` is the annotator.

Reference: darwin-py (MIT), github.com/v7labs/darwin-py at
d591e82e382b8b26a9c0def6b042c518b3758ea8: ``darwin/utils/utils.py``
(``_parse_darwin_v2``, ``_parse_darwin_annotation``, ``_apply_sub_annotations``),
``darwin/datatypes.py``, ``darwin/future/data_objects/darwinV2.py``, and its fixtures under
``e2e_tests/data/``; panlabel's reader (MIT, strickvl/panlabel af6bbaa69b47,
``src/ir/io_v7_darwin_json.rs``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNKNOWN_SHAPE_TYPE
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import json_shape, keys_of, lists_in
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE

FORMAT = "darwin"
TAG_LABEL = "tag"  # the image-level label type tags are read into
RASTER = "raster_layer"
UNREAD_TYPES = ("cuboid", "table", "simple_table", "string", "graph", "directional_vector")
UNKNOWN_SLOT = CodeDoc(
    code="S174",
    name="darwin-unknown-slot",
    family="structure",
    summary="A Darwin annotation's slot_names names a slot the item does not have; it is "
    "read on the item's first slot.",
    why="Darwin places an annotation on the slot it names; on a slot that is not there the "
    "annotation is lost on import, or lands on the wrong image.",
    bad='"slot_names": ["1"]   in an item whose only slot is "0"',
    good='"slot_names": ["0"]',
)
CODES: tuple[CodeDoc, ...] = (UNKNOWN_SLOT,)


def sniff(path: Path, head: bytes) -> str | None:
    """Darwin when the top-level object has an ``annotations`` list beside an ``item``
    object (2.0) or an ``image`` object (1.0)."""
    shape = json_shape(head)
    keys = keys_of(shape)
    if not lists_in(shape, ("annotations",)):
        return None
    if isinstance(keys.get("item"), dict):
        return 'JSON object with "item" and "annotations" (V7 Darwin JSON 2.0)'
    if isinstance(keys.get("image"), dict) and "images" not in keys:
        return 'JSON object with "image" and "annotations" (V7 Darwin JSON 1.0)'
    return None


def read(path: Path) -> list[Dataset]:
    """Read one Darwin JSON file."""
    builder = DatasetBuilder(str(path), FORMAT, declares_categories=False)
    loaded = read_json_file(path, builder)
    if loaded is not None:
        _document(builder, loaded.value, path)
    return [builder.build()]


def _document(builder: DatasetBuilder, doc: Any, path: Path) -> None:
    if not isinstance(doc, dict) or not isinstance(doc.get("item", doc.get("image")), dict):
        message = "a Darwin file is a JSON object with an item and annotations"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""))
        return
    slots = _slots(builder, doc, path)
    annotations = doc.get("annotations")
    if not isinstance(annotations, list):
        builder.report(
            WRONG_TYPE, "annotations must be a list", Place(builder.source, pointer="/annotations")
        )
        return
    masks = _raster_bounds(builder, annotations, slots)
    tags: dict[int, list[str]] = {}
    for index, annotation in enumerate(annotations):
        _annotation(builder, annotation, index, slots, masks=masks, tags=tags)
    for image, names in tags.items():
        builder.set_labels(image, {TAG_LABEL: list(dict.fromkeys(names))})


def _slots(builder: DatasetBuilder, doc: dict[str, Any], path: Path) -> dict[str, int]:
    """Slot name -> image row (the first slot under "" too)."""
    item = doc.get("item")
    if not isinstance(item, dict):  # 1.0: one image
        return {"": _image(builder, doc["image"], "/image", _name(doc["image"], "filename", path))}
    name = _name(item, "name", path)
    raw = item.get("slots", doc.get("slots"))
    pointer = "/item/slots" if "slots" in item else "/slots"
    if not isinstance(raw, list) or not raw:
        if raw is not None and not isinstance(raw, list):
            builder.report(
                WRONG_TYPE, "slots must be a list", Place(builder.source, pointer=pointer)
            )
        return {
            "": builder.image(
                name,
                file=name,
                width=None,
                height=None,
                place=Place(builder.source, pointer="/item"),
            )
        }
    rows: dict[str, int] = {}
    for index, slot in enumerate(raw):
        if not isinstance(slot, dict):
            builder.report(
                WRONG_TYPE,
                "a slot must be an object",
                Place(builder.source, pointer=f"{pointer}/{index}"),
            )
            continue
        slot_name = slot.get("slot_name")
        label = str(slot_name) if isinstance(slot_name, str | int) else str(index)
        file = _source_file(slot) or name
        image_id = name if len(raw) == 1 else f"{name}/{label}"
        row = _image(builder, slot, f"{pointer}/{index}", file, image_id)
        rows.setdefault(label, row)
        rows.setdefault("", row)
    if not rows:
        rows[""] = builder.image(
            name, file=name, width=None, height=None, place=Place(builder.source, pointer="/item")
        )
    return rows


def _name(record: dict[str, Any], key: str, path: Path) -> str:
    value = record.get(key)
    return value if isinstance(value, str) and value else path.name.removesuffix(".json")


def _source_file(slot: dict[str, Any]) -> str | None:
    files = slot.get("source_files")
    first = files[0] if isinstance(files, list) and files else None
    name = first.get("file_name") if isinstance(first, dict) else None
    return name if isinstance(name, str) and name else None


def _image(
    builder: DatasetBuilder,
    record: dict[str, Any],
    pointer: str,
    file: str,
    image_id: str | None = None,
) -> int:
    sizes: list[float | None] = []
    for key in ("width", "height"):
        value = record.get(key)
        number = finite_number(value)
        if value is not None and (number is None or number <= 0):
            builder.report(
                WRONG_TYPE,
                f"{key} must be a positive number",
                Place(builder.source, pointer=f"{pointer}/{key}"),
            )
            number = None
        sizes.append(number)
    return builder.image(
        image_id or file,
        file=file,
        width=sizes[0],
        height=sizes[1],
        place=Place(builder.source, pointer=pointer),
    )


def _annotation(
    builder: DatasetBuilder,
    raw: Any,
    index: int,
    slots: dict[str, int],
    *,
    masks: dict[str, tuple[float, float, float, float]],
    tags: dict[int, list[str]],
) -> None:
    place = Place(builder.source, pointer=f"/annotations/{index}")
    if not isinstance(raw, dict):
        builder.report(WRONG_TYPE, "an annotation must be an object", place)
        return
    if RASTER in raw:
        return
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        builder.report(
            MISSING_FIELD, "the annotation has no name (its class); it is skipped", place
        )
        return
    if "frames" in raw:
        builder.report(
            UNKNOWN_SHAPE_TYPE, "a video annotation (frames) is not read; it is skipped", place
        )
        return
    image = _slot(builder, raw.get("slot_names"), slots, place)
    if "tag" in raw and not _has_shape(raw):
        tags.setdefault(image, []).append(name.strip())
        return
    annotation_id = raw.get("id")
    row = ObjectRow(
        image,
        builder.category(name.strip()),
        place,
        id=annotation_id if isinstance(annotation_id, str | int) else index,
    )
    if not _shape(builder, row, raw, masks):
        return
    _subs(row, raw)
    builder.add(row)


def _has_shape(raw: dict[str, Any]) -> bool:
    return any(
        key in raw
        for key in (
            "bounding_box",
            "polygon",
            "complex_polygon",
            "keypoint",
            "line",
            "skeleton",
            "ellipse",
            "mask",
        )
    )


def _slot(builder: DatasetBuilder, names: Any, slots: dict[str, int], place: Place) -> int:
    if not isinstance(names, list) or not names:
        return slots[""]
    found = slots.get(str(names[0]))
    if found is None:
        message = f"slot {names[0]!r} is not a slot of the item"
        builder.report(UNKNOWN_SLOT, message, place, hint="name one of the item's slots")
        return slots[""]
    return found


def _shape(
    builder: DatasetBuilder,
    row: ObjectRow,
    raw: dict[str, Any],
    masks: dict[str, tuple[float, float, float, float]],
) -> bool:
    pointer = row.place.pointer or ""
    if "polygon" in raw or "complex_polygon" in raw:
        return _polygon(builder, row, raw)
    if "bounding_box" in raw:
        box = _box(raw["bounding_box"])
        if box is None:
            builder.report(
                WRONG_TYPE,
                "bounding_box needs numbers x, y, w, h",
                Place(builder.source, pointer=f"{pointer}/bounding_box"),
            )
            return False
        row.box = box
        return True
    if "keypoint" in raw:
        point = _path([raw["keypoint"]])
        if point is None:
            builder.report(
                WRONG_TYPE,
                "keypoint needs numbers x and y",
                Place(builder.source, pointer=f"{pointer}/keypoint"),
            )
            return False
        row.points = point
        return True
    if "line" in raw:
        line = raw["line"]
        flat = _path(line.get("path") if isinstance(line, dict) else None)
        if flat is None or len(flat) < 4:
            builder.report(
                WRONG_TYPE,
                "line.path needs at least 2 points {x, y}",
                Place(builder.source, pointer=f"{pointer}/line"),
            )
            return False
        row.polyline = flat
        return True
    if "skeleton" in raw:
        return _skeleton(builder, row, raw["skeleton"])
    if "ellipse" in raw:
        box = _ellipse(raw["ellipse"])
        if box is None:
            builder.report(
                WRONG_TYPE,
                "ellipse needs center {x, y}, radius {x, y} and angle",
                Place(builder.source, pointer=f"{pointer}/ellipse"),
            )
            return False
        row.box = box
        return True
    if "mask" in raw:
        bounds = masks.get(str(raw.get("id")))
        if bounds is not None:
            row.box = bounds
        return True
    kind = next((key for key in UNREAD_TYPES if key in raw), None)
    what = (
        f"annotation type {kind!r} is not read"
        if kind
        else "the annotation has no shape taxonomist reads"
    )
    builder.report(UNKNOWN_SHAPE_TYPE, f"{what}; it is skipped", row.place)
    return False


def _point(raw: Any) -> tuple[float, float] | None:
    if not isinstance(raw, dict):
        return None
    x, y = finite_number(raw.get("x")), finite_number(raw.get("y"))
    return None if x is None or y is None else (x, y)


def _path(raw: Any) -> list[float] | None:
    if not isinstance(raw, list):
        return None
    flat: list[float] = []
    for item in raw:
        point = _point(item)
        if point is None:
            return None
        flat += point
    return flat


def _box(raw: Any) -> tuple[float, float, float, float] | None:
    if not isinstance(raw, dict):
        return None
    values = [finite_number(raw.get(key)) for key in ("x", "y", "w", "h")]
    if any(v is None for v in values):
        return None
    x, y, w, h = (float(v) for v in values if v is not None)
    return x, y, w, h


def _polygon(builder: DatasetBuilder, row: ObjectRow, raw: dict[str, Any]) -> bool:
    key = "polygon" if "polygon" in raw else "complex_polygon"
    shape = raw[key]
    where = Place(builder.source, pointer=f"{row.place.pointer}/{key}")
    paths = shape.get("paths") if isinstance(shape, dict) else None
    if paths is None and isinstance(shape, dict):
        single = shape.get("path")
        paths = single if key == "complex_polygon" else [single]
    if not isinstance(paths, list) or not paths:
        builder.report(MISSING_FIELD, f"{key} needs paths, lists of points {{x, y}}", where)
        return False
    parts = [_path(part) for part in paths]
    if any(part is None for part in parts):
        builder.report(WRONG_TYPE, f"{key} paths must be lists of points {{x, y}}", where)
        return False
    flat_parts = [part for part in parts if part is not None]
    if any(len(part) < 6 for part in flat_parts):
        builder.report(WRONG_LENGTH, "a polygon path needs at least 3 points", where)
        return False
    row.polygons = flat_parts
    box = _box(raw.get("bounding_box"))
    row.box = box if box is not None else _bounds([v for part in flat_parts for v in part])
    return True


def _skeleton(builder: DatasetBuilder, row: ObjectRow, raw: Any) -> bool:
    nodes = raw.get("nodes") if isinstance(raw, dict) else None
    where = Place(builder.source, pointer=f"{row.place.pointer}/skeleton")
    if not isinstance(nodes, list) or not nodes:
        builder.report(MISSING_FIELD, "skeleton needs nodes [{name, x, y, occluded}]", where)
        return False
    flat: list[float] = []
    names: list[str] = []
    for node in nodes:
        point = _point(node)
        if point is None:
            builder.report(WRONG_TYPE, "a skeleton node needs numbers x and y", where)
            return False
        flat += [*point, 1.0 if node.get("occluded") is True else 2.0]
        names.append(str(node.get("name", len(names))))
    row.keypoints = flat
    category = builder.categories[row.category]
    if category.keypoints is None:
        category.keypoints = names
    return True


def _ellipse(raw: Any) -> tuple[float, float, float, float] | None:
    if not isinstance(raw, dict):
        return None
    center, radius = _point(raw.get("center")), _point(raw.get("radius"))
    angle = finite_number(raw.get("angle", 0))
    if center is None or radius is None or angle is None:
        return None
    (cx, cy), (rx, ry) = center, radius
    cos, sin = math.cos(angle), math.sin(angle)
    half_w = math.hypot(rx * cos, ry * sin)
    half_h = math.hypot(rx * sin, ry * cos)
    return cx - half_w, cy - half_h, 2 * half_w, 2 * half_h


def _subs(row: ObjectRow, raw: dict[str, Any]) -> None:
    attributes: dict[str, Any] = {}
    listed = raw.get("attributes")
    if isinstance(listed, list) and listed:
        attributes["attributes"] = [str(a) for a in listed]
    text = raw.get("text")
    if isinstance(text, dict) and isinstance(text.get("text"), str):
        attributes["text"] = text["text"]
    props = raw.get("properties")
    for prop in props if isinstance(props, list) else []:
        if isinstance(prop, dict) and isinstance(prop.get("name"), str):
            name, value = prop["name"], prop.get("value")
            if name in attributes:
                before = attributes[name]
                attributes[name] = [*(before if isinstance(before, list) else [before]), value]
            else:
                attributes[name] = value
    if attributes:
        row.attributes = attributes
    instance = raw.get("instance_id")
    value = finite_number(instance.get("value")) if isinstance(instance, dict) else None
    if value is not None:
        row.flags = {"instance_id": value}
    annotators = raw.get("annotators")
    first = annotators[0] if isinstance(annotators, list) and annotators else None
    who = first.get("email") or first.get("full_name") if isinstance(first, dict) else None
    if isinstance(who, str) and who:
        row.annotator = who


def _raster_bounds(
    builder: DatasetBuilder, annotations: list[Any], slots: dict[str, int]
) -> dict[str, tuple[float, float, float, float]]:
    """Mask annotation id -> the box of its pixels in the raster layer (read run by run)."""
    for index, raw in enumerate(annotations):
        layer = raw.get(RASTER) if isinstance(raw, dict) else None
        if isinstance(layer, dict):
            image = _slot(
                builder,
                raw.get("slot_names"),
                slots,
                Place(builder.source, pointer=f"/annotations/{index}"),
            )
            return _layer_bounds(builder, layer, image, f"/annotations/{index}/{RASTER}")
    return {}


def _layer_bounds(
    builder: DatasetBuilder, layer: dict[str, Any], image: int, pointer: str
) -> dict[str, tuple[float, float, float, float]]:
    mapping, rle = layer.get("mask_annotation_ids_mapping"), layer.get("dense_rle")
    width, height = builder.image_size(image)
    where = Place(builder.source, pointer=pointer)
    if not isinstance(mapping, dict) or not isinstance(rle, list) or len(rle) % 2:
        builder.report(
            WRONG_TYPE,
            "a raster layer needs mask_annotation_ids_mapping and dense_rle [value, count, ...]",
            where,
        )
        return {}
    if math.isnan(width) or width < 1:
        return {}
    columns = int(width)
    extent: dict[int, list[int]] = {}
    position = 0
    for value, count in zip(rle[0::2], rle[1::2], strict=True):
        if not isinstance(value, int) or not isinstance(count, int) or count < 0:
            builder.report(WRONG_TYPE, "dense_rle holds whole numbers [value, count, ...]", where)
            return {}
        if value and count:
            first, last = divmod(position, columns), divmod(position + count - 1, columns)
            left, right = (first[1], last[1]) if first[0] == last[0] else (0, columns - 1)
            box = extent.setdefault(value, [left, first[0], right, last[0]])
            box[:] = [
                min(box[0], left),
                min(box[1], first[0]),
                max(box[2], right),
                max(box[3], last[0]),
            ]
        position += count
    if not math.isnan(height) and position != columns * int(height):
        builder.report(
            WRONG_LENGTH,
            f"dense_rle covers {position} pixels, not width x height = {columns * int(height)}",
            where,
        )
    return {
        str(annotation_id): (
            float(b[0]),
            float(b[1]),
            float(b[2] - b[0] + 1),
            float(b[3] - b[1] + 1),
        )
        for annotation_id, value in mapping.items()
        if (b := extent.get(value)) is not None
    }


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
