"""A Supervisely project ``meta.json``: a class per labellable class with shape label types
(``title`` the class name, its colour, ``id`` its stable id), its ``shape`` from its one
shape kind (``box`` -> ``rectangle``, ``polygon``, ``polyline`` -> ``line``, ``mask`` ->
``bitmap``, ``keypoints`` -> ``graph`` with the keypoint template in ``geometry_config``:
a node per keypoint, keyed and labelled by its name, laid on a circle, and the skeleton as
edges), ``any`` where it has several; a class with only image-level label types is an
image tag (``value_type`` ``none``, ``imagesOnly``), the way ``formats.supervisely`` reads
image tags; each attribute an object class answers is an object tag (``objectsOnly``)
listing the classes that answer it, typed ``none`` (bool: the tag present is true),
``oneof_string`` (enum, ordinal and tri-state values), ``any_number`` or ``any_string``.
Tag colours are derived from their names, so the same taxonomy always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
from itertools import pairwise
from typing import Any

from taxonomist.interop.export.common import keypoint_type, labellable, offered, shape_types
from taxonomist.taxonomy.model import (
    BoolAttribute,
    EnumAttribute,
    KeypointLabel,
    NumberAttribute,
    OrdinalAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"
KIND_TO_SHAPE = {"box": "rectangle", "polygon": "polygon", "polyline": "line", "mask": "bitmap"}


def export(taxonomy: Taxonomy) -> str:
    """The meta.json text."""
    classes, image_tags = [], []
    object_classes: list[TaxonomyClass] = []
    for cls in labellable(taxonomy):
        if shape_types(taxonomy, cls):
            classes.append(_class(taxonomy, cls))
            object_classes.append(cls)
        elif cls.label_types:
            image_tags.append(_tag(cls.name, "none", "imagesOnly", color=cls.color))
    tags = _merge(image_tags, _attribute_tags(taxonomy, object_classes))
    meta = {"classes": classes, "tags": tags, "projectType": "images"}
    return json.dumps(meta, indent=4, ensure_ascii=False) + "\n"


def _class(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    spec = keypoint_type(taxonomy, cls)
    kinds = {KIND_TO_SHAPE.get(t.kind, "any") for _, t in shape_types(taxonomy, cls)}
    shape = "graph" if spec is not None else kinds.pop() if len(kinds) == 1 else "any"
    config = _template(spec) if spec is not None else {}
    return {
        "title": cls.name,
        "shape": shape,
        "color": cls.color,
        "geometry_config": config,
        "id": cls.id,
    }


def _template(spec: KeypointLabel) -> dict[str, Any]:
    count = len(spec.keypoints)
    nodes = {
        name: {
            "label": name,
            "loc": [
                round(50 + 40 * math.cos(2 * math.pi * i / count), 2),
                round(50 + 40 * math.sin(2 * math.pi * i / count), 2),
            ],
            "color": "#0000FF",
        }
        for i, name in enumerate(spec.keypoints)
    }
    edges = [{"src": a, "dst": b, "color": "#00FF00"} for a, b in spec.skeleton]
    return {"nodes": nodes, "edges": edges}


def _attribute_tags(taxonomy: Taxonomy, classes: list[TaxonomyClass]) -> list[dict[str, Any]]:
    users: dict[str, list[str]] = {}
    for cls in classes:
        for name in offered(taxonomy, cls):
            users.setdefault(name, []).append(cls.name)
    tags = []
    for name in taxonomy.attributes:
        if name not in users:
            continue
        value_type, values = _value_type(taxonomy.attributes[name])
        listed = users[name] if len(users[name]) < len(classes) else []
        tags.append(_tag(name, value_type, "objectsOnly", values=values, classes=listed))
    return tags


def _merge(
    image_tags: list[dict[str, Any]], object_tags: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One tag per name: an image-level class and an attribute of one name are the one
    Supervisely tag that reaches both (``all``), typed by the attribute, as
    ``taxonomist import supervisely`` reads such a tag."""
    by_name = {tag["name"]: tag for tag in object_tags}
    merged = []
    for tag in image_tags:
        both = by_name.pop(tag["name"], None)
        merged.append(
            tag if both is None else {**both, "color": tag["color"], "applicable_type": "all"}
        )
    return merged + [tag for tag in object_tags if tag["name"] in by_name]


def _value_type(spec: Any) -> tuple[str, list[str]]:
    if isinstance(spec, BoolAttribute):
        return "none", []
    if isinstance(spec, TriStateAttribute):
        return "oneof_string", list(spec.values)
    if isinstance(spec, OrdinalAttribute):
        return "oneof_string", spec.labels or [f"{a:g}-{b:g}" for a, b in pairwise(spec.edges)]
    if isinstance(spec, EnumAttribute):
        return "oneof_string", [
            str(v).lower() if isinstance(v, bool) else str(v) for v in spec.values
        ]
    if isinstance(spec, NumberAttribute):
        return "any_number", []
    return "any_string", []


def _tag(
    name: str,
    value_type: str,
    applicable: str,
    *,
    color: str | None = None,
    values: list[str] | None = None,
    classes: list[str] | None = None,
) -> dict[str, Any]:
    tag: dict[str, Any] = {"name": name, "value_type": value_type, "color": color or _color(name)}
    if values:
        tag["values"] = values
    tag["applicable_type"] = applicable
    tag["classes"] = classes or []
    return tag


def _color(name: str) -> str:
    """A colour from the name alone (deterministic, unlike the SDK's random one)."""
    return "#" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
