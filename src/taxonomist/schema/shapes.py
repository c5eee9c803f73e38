"""JSON Schema of one label type's value in a native annotation file.

Object shapes: boxes (4 numbers, 5 when rotated, in the declared convention), polygons and
polylines (a list of parts, each a flat ``[x0, y0, x1, y1, ...]`` list), masks (COCO RLE) and
keypoints (a flat list of exactly 3K numbers, every third a visibility flag). Image-level
labels: a boolean or enum (binary), one class name (multi-class), a list of class names
(multi-label, at most one from each mutually exclusive group).
"""

from __future__ import annotations

from typing import Any

from taxonomist.taxonomy.model import (
    BinaryLabel,
    BoxLabel,
    KeypointLabel,
    LabelType,
    MaskLabel,
    MultiClassLabel,
    MultiLabel,
    PolygonLabel,
    PolylineLabel,
)
from taxonomist.taxonomy.resolved import Taxonomy

NUMBER: dict[str, Any] = {"type": "number"}
POSITIVE: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0}
BOX_FIELDS = {
    "xywh": ("x", "y", "width", "height"),
    "xyxy": ("x_min", "y_min", "x_max", "y_max"),
    "cxcywh": ("center_x", "center_y", "width", "height"),
}
COMMON_DEFS: dict[str, Any] = {
    "keypoint_coordinate": {"type": "number", "description": "x or y of a keypoint, pixels."},
    "visibility.coco": {
        "enum": [0, 1, 2],
        "description": "0 not labelled (x = y = 0), 1 labelled but hidden, 2 visible.",
    },
    "visibility.binary": {"enum": [0, 1], "description": "0 not labelled, 1 labelled."},
    "rle": {
        "type": "object",
        "description": "COCO run-length encoding; counts compressed (string) or not (list).",
        "required": ["size", "counts"],
        "additionalProperties": False,
        "properties": {
            "size": {
                "type": "array",
                "prefixItems": [{"type": "integer", "minimum": 1}] * 2,
                "items": False,
                "minItems": 2,
                "description": "[height, width] of the image.",
            },
            "counts": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "integer", "minimum": 0}},
                ]
            },
        },
    },
}


def shape_schema(name: str, label_type: LabelType) -> dict[str, Any]:
    """The schema of an object shape of ``label_type`` (box, polygon, mask, keypoints...)."""
    schema = _shape(label_type)
    schema["title"] = label_type.title or name
    if label_type.description:
        schema["description"] = label_type.description.strip()
    return schema


def _shape(label_type: LabelType) -> dict[str, Any]:
    if isinstance(label_type, BoxLabel):
        return box_schema(label_type)
    if isinstance(label_type, PolygonLabel | PolylineLabel):
        return _parts(label_type)
    if isinstance(label_type, MaskLabel):
        return {"$ref": "#/$defs/rle"}
    if isinstance(label_type, KeypointLabel):
        return _keypoints(label_type)
    return {}  # image-level kinds are not object shapes


def box_schema(label_type: BoxLabel) -> dict[str, Any]:
    """4 numbers (5 with an angle for rotated boxes) in the label type's convention."""
    fields = BOX_FIELDS[label_type.format]
    items = [_coordinate(field, label_type.units == "normalized") for field in fields]
    if label_type.rotated:
        items.append({"type": "number", "description": "rotation, degrees"})
    summary = ", ".join(fields) + (", angle" if label_type.rotated else "")
    return {
        "type": "array",
        "prefixItems": items,
        "items": False,
        "minItems": len(items),
        "$comment": f"[{summary}] in {label_type.units}",
    }


def _coordinate(field: str, normalized: bool) -> dict[str, Any]:
    schema: dict[str, Any] = dict(POSITIVE if field in ("width", "height") else NUMBER)
    if normalized:
        schema["maximum"] = 1
        schema.setdefault("minimum", 0)
    return schema


def _parts(label_type: PolygonLabel | PolylineLabel) -> dict[str, Any]:
    part = {"type": "array", "items": NUMBER, "minItems": 2 * label_type.min_points}
    schema: dict[str, Any] = {"type": "array", "items": part, "minItems": 1}
    if isinstance(label_type, PolygonLabel) and not label_type.multipart:
        schema["maxItems"] = 1
    schema["$comment"] = "parts, each a flat [x0, y0, x1, y1, ...] list in pixels"
    return schema


def _keypoints(label_type: KeypointLabel) -> dict[str, Any]:
    coordinate = {"$ref": "#/$defs/keypoint_coordinate"}
    visibility = {"$ref": f"#/$defs/visibility.{label_type.visibility}"}
    items = [coordinate, coordinate, visibility] * len(label_type.keypoints)
    return {
        "type": "array",
        "prefixItems": items,
        "items": False,
        "minItems": len(items),
        "$comment": "x, y, v for: " + ", ".join(label_type.keypoints),
    }


def image_label_schema(name: str, label_type: LabelType, taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema of an image-level label's value under ``labels.<name>``."""
    schema = _image_label(name, label_type, taxonomy)
    schema["title"] = label_type.title or name
    if label_type.description:
        schema["description"] = label_type.description.strip()
    return schema


def _image_label(name: str, label_type: LabelType, taxonomy: Taxonomy) -> dict[str, Any]:
    if isinstance(label_type, BinaryLabel):
        values = list(label_type.values)
        return {"type": "boolean"} if values == [False, True] else {"enum": values}
    if isinstance(label_type, MultiClassLabel):
        return {"enum": label_classes(name, label_type, taxonomy)}
    if isinstance(label_type, MultiLabel):
        return _multi_label(name, label_type, taxonomy)
    return {}


def _multi_label(name: str, label_type: MultiLabel, taxonomy: Taxonomy) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "uniqueItems": True,
        "items": {"enum": label_classes(name, label_type, taxonomy)},
    }
    if label_type.min_labels:
        schema["minItems"] = label_type.min_labels
    groups = [
        {"contains": {"enum": _ordered(taxonomy, taxonomy.expand(group))}, "minContains": 0,
         "maxContains": 1}
        for group in label_type.exclusive_groups
    ]  # fmt: skip
    if groups:
        schema["allOf"] = groups
    return schema


def label_classes(
    name: str, label_type: MultiClassLabel | MultiLabel, taxonomy: Taxonomy
) -> list[str]:
    """Labellable classes an image-level label may name: its ``classes`` (subtrees
    expanded), else every class that lists the label type."""
    if label_type.classes is not None:
        chosen = taxonomy.expand(label_type.classes)
    else:
        chosen = frozenset(n for n, c in taxonomy.classes.items() if name in c.label_types)
    return _ordered(taxonomy, chosen)


def _ordered(taxonomy: Taxonomy, names: frozenset[str]) -> list[str]:
    return [n for n, c in taxonomy.classes.items() if n in names and c.labellable]
