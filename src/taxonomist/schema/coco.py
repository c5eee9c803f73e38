"""JSON Schema of COCO instances files restricted to one taxonomy's category ids.

Realistic rather than maximal: a validator has to get through a million annotations, so the
per-annotation schema is flat (category id enum, a 4-number box with positive width and
height, polygon-or-RLE segmentation, iscrowd 0/1) and the only conditional branches are one
per keypoint count, giving keypoint categories arrays of exactly 3K numbers. Extra keys that
real exporters add (``attributes``, ``score``...) are allowed.
"""

from __future__ import annotations

from typing import Any

from taxonomist.taxonomy.model import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NUMBER: dict[str, Any] = {"type": "number"}
POSITIVE: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0}
BBOX: dict[str, Any] = {
    "type": "array",
    "prefixItems": [NUMBER, NUMBER, POSITIVE, POSITIVE],
    "items": False,
    "minItems": 4,
    "$comment": "[x, y, width, height] in pixels",
}
POLYGONS: dict[str, Any] = {
    "type": "array",
    "items": {"type": "array", "items": NUMBER, "minItems": 6},
}
RLE: dict[str, Any] = {
    "type": "object",
    "required": ["size", "counts"],
    "properties": {
        "size": {
            "type": "array",
            "prefixItems": [{"type": "integer", "minimum": 1}] * 2,
            "items": False,
            "minItems": 2,
        },
        "counts": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]},
    },
}


def coco_schema(taxonomy: Taxonomy, id_space: str | None = None) -> dict[str, Any]:
    """COCO instances schema whose category ids are the taxonomy's labellable classes' ids
    (or their values in ``id_space``)."""
    id_of = _ids(taxonomy, id_space)
    ids = sorted(set(id_of.values()))
    return {
        "$schema": DRAFT,
        "$id": f"urn:taxonomist:coco:{taxonomy.name}:{taxonomy.version}",
        "title": f"{taxonomy.title} - COCO instances",
        "type": "object",
        "required": ["images", "annotations", "categories"],
        "properties": {
            "info": {"type": "object"},
            "licenses": {"type": "array"},
            "images": {"type": "array", "items": _image()},
            "annotations": {"type": "array", "items": _annotation(taxonomy, id_of)},
            "categories": {"type": "array", "items": _category(ids)},
        },
    }


def _ids(taxonomy: Taxonomy, id_space: str | None) -> dict[str, int]:
    """Labellable class name -> its category id (in ``id_space`` when given)."""
    out: dict[str, int] = {}
    for name, cls in taxonomy.classes.items():
        value = cls.id if id_space is None else cls.spec.ids.get(id_space)
        if cls.labellable and value is not None:
            out[name] = value
    return out


def _image() -> dict[str, Any]:
    size = {"type": "integer", "minimum": 1}
    return {
        "type": "object",
        "required": ["id", "width", "height", "file_name"],
        "properties": {
            "id": {"type": "integer"},
            "width": size,
            "height": size,
            "file_name": {"type": "string", "minLength": 1},
        },
    }


def _category(ids: list[int]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"enum": ids},
            "name": {"type": "string"},
            "supercategory": {"type": "string"},
            "keypoints": {"type": "array", "items": {"type": "string"}},
            "skeleton": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2},
            },
        },
    }


def _annotation(taxonomy: Taxonomy, id_of: dict[str, int]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": ["id", "image_id", "category_id", "bbox"],
        "properties": {
            "id": {"type": "integer"},
            "image_id": {"type": "integer"},
            "category_id": {"enum": sorted(set(id_of.values()))},
            "bbox": BBOX,
            "area": {"type": "number", "minimum": 0},
            "iscrowd": {"enum": [0, 1]},
            "segmentation": {"anyOf": [POLYGONS, RLE]},
            "keypoints": {"type": "array", "items": NUMBER},
            "num_keypoints": {"type": "integer", "minimum": 0},
            "score": NUMBER,
        },
    }
    branches = _keypoint_branches(taxonomy, id_of)
    if branches:
        schema["allOf"] = branches
    return schema


def _keypoint_branches(taxonomy: Taxonomy, id_of: dict[str, int]) -> list[dict[str, Any]]:
    """``if category_id in [...] then keypoints has exactly 3K numbers``, one per K."""
    by_count: dict[int, list[int]] = {}
    for name, category_id in id_of.items():
        kinds = [taxonomy.label_types.get(t) for t in taxonomy.classes[name].label_types]
        points = [t for t in kinds if isinstance(t, KeypointLabel)]
        if points:
            by_count.setdefault(len(points[0].keypoints), []).append(category_id)
    return [
        {
            "if": {"required": ["category_id"], "properties": {"category_id": {"enum": ids}}},
            "then": {"properties": {"keypoints": {"minItems": 3 * k, "maxItems": 3 * k}}},
        }
        for k, ids in sorted(by_count.items())
    ]
