"""JSON Schema (draft 2020-12) of native annotation files for one taxonomy.

The root accepts a whole file (``{"taxonomy", "taxonomy_version", "images": [...]}``, the
taxonomy also as ``{"name", "version"}``) or, for JSON Lines, one image record
(``#/$defs/image``). Class names are enums; each class's allowed
shapes, box convention, attributes (required / optional / forbidden, conditionally required)
and crowd flag are an ``if class in [...] then ...`` branch. Classes with identical
rules share one branch, so LVIS's 1,203 classes give one branch, not 1,203.
``coco_schema`` (re-exported here) is the COCO instances counterpart.
"""

from __future__ import annotations

import json
from typing import Any

from taxonomist.schema.attributes import attribute_schema, required_when, use_schema
from taxonomist.schema.coco import coco_schema
from taxonomist.schema.shapes import COMMON_DEFS, image_label_schema, shape_schema
from taxonomist.taxonomy.model import IMAGE_LEVEL_KINDS, SEMVER_PATTERN
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

DRAFT = "https://json-schema.org/draft/2020-12/schema"
GENERIC_BOX: dict[str, Any] = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 4,
    "maxItems": 5,
}
ID: dict[str, Any] = {"type": ["integer", "string"]}

__all__ = ["annotation_schema", "coco_schema", "object_classes"]


def annotation_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema of native annotation files (JSON or one JSON Lines record) for ``taxonomy``."""
    defs: dict[str, Any] = dict(COMMON_DEFS)
    defs.update(_shape_defs(taxonomy))
    defs.update(_attribute_defs(taxonomy))
    defs["file"] = _file(taxonomy)
    defs["image"] = _image(taxonomy)
    defs["labels"] = _labels(taxonomy)
    defs["object"] = _object(taxonomy)
    return {
        "$schema": DRAFT,
        "$id": f"urn:taxonomist:annotations:{taxonomy.name}:{taxonomy.version}",
        "title": f"{taxonomy.title} - native annotations",
        "description": (
            f"Native annotation files for taxonomy {taxonomy.name} {taxonomy.version}: a JSON "
            "object with 'images', or (JSON Lines) one image record per line."
        ),
        "if": {"required": ["images"]},
        "then": {"$ref": "#/$defs/file"},
        "else": {"$ref": "#/$defs/image"},
        "$defs": defs,
    }


def object_classes(taxonomy: Taxonomy) -> list[str]:
    """Classes an object may have: labellable, with an object shape, no label types at all,
    or a special region."""
    object_types = set(taxonomy.object_types())
    return [
        name
        for name, cls in taxonomy.classes.items()
        if cls.labellable
        and (set(cls.label_types) & object_types or not cls.label_types or cls.spec.region)
    ]


def _labellable(taxonomy: Taxonomy) -> list[str]:
    return [name for name, cls in taxonomy.classes.items() if cls.labellable]


def _shape_defs(taxonomy: Taxonomy) -> dict[str, Any]:
    return {f"shape.{n}": shape_schema(n, t) for n, t in taxonomy.object_types().items()}


def _attribute_defs(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        f"attribute.{n}": attribute_schema(n, a, taxonomy) for n, a in taxonomy.attributes.items()
    }


def _file(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A native annotation file: the taxonomy it follows and its images.",
        "required": ["images"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string", "description": "This schema, for editors."},
            "info": {"type": "object", "description": "Free-form metadata about the file."},
            "taxonomy": _followed(taxonomy),
            "taxonomy_version": {"type": "string", "pattern": SEMVER_PATTERN},
            "images": {"type": "array", "items": {"$ref": "#/$defs/image"}},
        },
    }


def _followed(taxonomy: Taxonomy) -> dict[str, Any]:
    """``taxonomy``: the name, or ``{name, version}`` (the version the file was made under)."""
    version = {"type": "string", "pattern": SEMVER_PATTERN}
    pinned = {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {"name": {"const": taxonomy.name}, "version": version},
    }
    return {
        "description": "The taxonomy the file follows: its name, or its name and version.",
        "oneOf": [{"const": taxonomy.name}, pinned],
    }


def _image(taxonomy: Taxonomy) -> dict[str, Any]:
    class_list = {"type": "array", "uniqueItems": True, "items": {"enum": _labellable(taxonomy)}}
    size = {"type": "integer", "minimum": 1}
    return {
        "type": "object",
        "description": "One image: its labels and objects (one JSON Lines record).",
        "required": ["id", "file"],
        "additionalProperties": False,
        "properties": {
            "id": ID,
            "file": {"type": "string", "minLength": 1},
            "width": size,
            "height": size,
            "labels": {"$ref": "#/$defs/labels"},
            "verified_absent": class_list,
            "not_exhaustive": class_list,
            "objects": {"type": "array", "items": {"$ref": "#/$defs/object"}},
        },
    }


def _labels(taxonomy: Taxonomy) -> dict[str, Any]:
    properties = {
        name: image_label_schema(name, label_type, taxonomy)
        for name, label_type in taxonomy.image_level_types().items()
    }
    return {
        "type": "object",
        "description": "Image-level labels, keyed by label type.",
        "additionalProperties": False,
        "properties": properties,
    }


def _object(taxonomy: Taxonomy) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": ["class"],
        "additionalProperties": False,
        "properties": _object_properties(taxonomy),
    }
    rules = _class_branches(taxonomy) + _relation_subjects(taxonomy)
    if rules:
        schema["allOf"] = rules
    return schema


def _object_properties(taxonomy: Taxonomy) -> dict[str, Any]:
    relation = {
        "type": "object",
        "required": ["type", "object"],
        "additionalProperties": False,
        "properties": {"type": {"enum": list(taxonomy.relations)}, "object": ID},
    }
    return {
        "id": ID,
        "class": {"enum": object_classes(taxonomy)},
        "box": GENERIC_BOX,
        "shapes": {"type": "object"},
        "crowd": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "attributes": {"type": "object"},
        "relations": {"type": "array", "items": relation},
        "annotator": {"type": "string"},
    }


def _class_branches(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """One ``if class in [...] then {...}`` per distinct set of class rules."""
    groups: dict[str, list[str]] = {}
    for name in object_classes(taxonomy):
        then = _class_rules(taxonomy, taxonomy.classes[name])
        groups.setdefault(json.dumps(then, sort_keys=True), []).append(name)
    return [
        {
            "if": {"required": ["class"], "properties": {"class": {"enum": names}}},
            "then": json.loads(key),
        }
        for key, names in groups.items()
    ]


def _class_rules(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "box": _box(taxonomy, cls),
        "shapes": _shapes(taxonomy, cls),
        "attributes": _attributes(taxonomy, cls),
    }
    if not cls.crowd:
        properties["crowd"] = {"const": False}
    rules: dict[str, Any] = {"properties": properties}
    conditional = [
        required_when(name, use.when, taxonomy)
        for name, use in sorted(cls.attributes.items())
        if use.presence == "required" and use.when is not None and name in taxonomy.attributes
    ]
    if conditional:
        rules["allOf"] = conditional
    return rules


def _object_types(taxonomy: Taxonomy, cls: TaxonomyClass) -> list[str]:
    return [
        name
        for name in cls.label_types
        if name in taxonomy.label_types and taxonomy.label_types[name].kind not in IMAGE_LEVEL_KINDS
    ]


def _first_box(taxonomy: Taxonomy, cls: TaxonomyClass) -> str | None:
    boxes = [n for n in _object_types(taxonomy, cls) if taxonomy.label_types[n].kind == "box"]
    return boxes[0] if boxes else None


def _box(taxonomy: Taxonomy, cls: TaxonomyClass) -> Any:
    first = _first_box(taxonomy, cls)
    if first is not None:
        return {"$ref": f"#/$defs/shape.{first}"}
    return GENERIC_BOX if not cls.label_types else False


def _shapes(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    first = _first_box(taxonomy, cls)
    names = [n for n in _object_types(taxonomy, cls) if n != first]
    return {
        "properties": {n: {"$ref": f"#/$defs/shape.{n}"} for n in names},
        "additionalProperties": False,
    }


def _attributes(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    if cls.spec.region:
        return {"maxProperties": 0, "$comment": "special regions carry no attributes"}
    uses = {n: u for n, u in sorted(cls.attributes.items()) if n in taxonomy.attributes}
    schema: dict[str, Any] = {
        "properties": {n: use_schema(n, taxonomy.attributes[n], u) for n, u in uses.items()},
        "additionalProperties": False,
    }
    required = [n for n, u in uses.items() if u.presence == "required" and u.when is None]
    if required:
        schema["required"] = required
    return schema


def _relation_subjects(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """An object that uses relation T must be of one of T's subject classes."""
    branches = []
    for name, relation in taxonomy.relations.items():
        subjects = [n for n in taxonomy.classes if n in taxonomy.expand(relation.subject)]
        uses = {"contains": {"required": ["type"], "properties": {"type": {"const": name}}}}
        branches.append(
            {
                "if": {"required": ["relations"], "properties": {"relations": uses}},
                "then": {"properties": {"class": {"enum": subjects}}},
            }
        )
    return branches
