"""Supervisely: a starter taxonomy from a project's ``meta.json`` (the file, or the project
folder holding it), read by the Supervisely reader's own ``formats.supervisely.meta``, so an
import refuses what ``taxonomist check`` reports as an error.

Each class is a class (its server ``id`` kept when there is one, else numbered above the
others; its colour kept; a title that is no taxonomy name kept as an alias, the spelling the
annotation files use). Its ``shape`` gives the label types: ``rectangle`` -> ``box``,
``polygon``/``multipolygon`` -> ``polygon``, ``bitmap``/``alpha_mask`` -> ``mask``, ``line``
and ``point`` -> ``polyline`` (the reader keeps points as loose points), ``graph`` -> a
keypoints label type from its template (node labels in template order, its edges as the
skeleton), ``any`` -> box, polygon, polyline and mask. Tags that reach images
(``applicable_type`` ``all``/``imagesOnly``) are classes of a multi-label ``tag`` label type,
the one the reader reads image tags into; tags that reach objects (``all``/``objectsOnly``)
are attributes, typed by ``value_type`` (``none`` -> bool, ``oneof_string`` -> enum,
``any_number`` -> float, ``any_string``/``date`` -> text), optional for the tag's
``classes`` (every class where it names none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.supervisely.meta import (
    IMAGE_TAG_LABEL,
    IMAGE_TAGS,
    META_FILE,
    OBJECT_TAGS,
    ClassSpec,
    Meta,
    TagSpec,
    read_meta,
)
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.coco_keypoints import KeypointSpec
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    starter_document,
    stop_on_errors,
    to_name,
)

HINT = "expected a Supervisely project's meta.json (classes and tags), or the project folder"
TYPES: dict[str, list[str]] = {
    "rectangle": ["box"],
    "polygon": ["polygon"],
    "multipolygon": ["polygon"],
    "bitmap": ["mask"],
    "alpha_mask": ["mask"],
    "line": ["polyline"],
    "point": ["polyline"],
    "any": ["box", "polygon", "polyline", "mask"],
}
KINDS = {name: {"kind": name} for name in ("box", "polygon", "polyline", "mask")}
ATTRIBUTE_TYPES = {"none": "bool", "any_number": "float", "any_string": "text", "date": "text"}


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a Supervisely project meta."""
    meta_path = path / META_FILE if path.is_dir() else path
    meta = _meta(meta_path)
    book = NameBook()
    label_types: dict[str, Any] = {}
    classes: dict[str, Any] = {}
    names: dict[str, str] = {}
    next_id = 1 + max(
        (c.id for c in meta.classes.values() if c.id is not None and c.id >= 0), default=0
    )
    for spec in meta.classes.values():
        name = _claim(book, spec.title, meta_path, spec.pointer)
        names[spec.title] = name
        class_id = spec.id if spec.id is not None and spec.id >= 0 else None
        if class_id is None:
            class_id, next_id = next_id, next_id + 1
        entry = _entry(spec.title, name, class_id, spec.color)
        entry["label_types"] = _types(spec, name, label_types)
        classes[name] = entry
    for tag in meta.tags.values():
        if tag.applicable in IMAGE_TAGS:
            label_types.setdefault(IMAGE_TAG_LABEL, {"kind": "multi_label"})
            name = _claim(book, tag.name, meta_path, tag.pointer)
            classes[name] = {
                **_entry(tag.name, name, next_id, None),
                "label_types": [IMAGE_TAG_LABEL],
            }
            next_id += 1
    notes: list[str] = []
    attributes = _attributes(meta, classes, names, notes)
    head = document_head(
        default_name(meta_path.parent if meta_path.name == META_FILE else meta_path, options.name),
        "Imported from Supervisely",
        _description(meta_path),
    )
    doc = starter_document(head, label_types, classes, attributes)
    return ImportResult(document=doc, notes=tuple(notes))


def _meta(path: Path) -> Meta:
    meta, findings = read_meta(path)
    stop_on_errors(findings, HINT)
    if meta is None or not meta.classes:
        raise InvalidInput(f"{path}: the meta has no classes", hint=HINT)
    return meta


def _claim(book: NameBook, original: str, path: Path, pointer: str) -> str:
    if not to_name(original):
        raise InvalidInput(f"{path}#{pointer}: unusable name {original!r}", hint=HINT)
    return book.claim(to_name(original), "tag")


def _entry(original: str, name: str, class_id: int, color: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": class_id}
    if original != name:
        entry["aliases"] = [original]
    if color is not None and len(color) == 7 and color.startswith("#"):
        try:
            int(color[1:], 16)
            entry["color"] = color.lower()
        except ValueError:
            pass
    return entry


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Supervisely project meta `{path.name}` by "
        "`taxonomist import supervisely`. Add definitions, examples and edge-case rules."
    )


def _types(spec: ClassSpec, name: str, label_types: dict[str, Any]) -> list[str]:
    if spec.shape == "graph":
        if not spec.nodes:
            raise InvalidInput(f"graph class {spec.title!r} has no template nodes", hint=HINT)
        type_name = "keypoints" if "keypoints" not in label_types else f"{name}_keypoints"
        labels = {
            node_id: to_name(label) or f"kp{i}" for i, (node_id, label) in enumerate(spec.nodes)
        }
        skeleton = tuple((labels[a], labels[b]) for a, b in spec.edges)
        label_types[type_name] = KeypointSpec(
            type_name, tuple(labels.values()), skeleton
        ).as_label_type()
        return [type_name]
    names = TYPES.get(spec.shape, TYPES["any"])
    for type_name in names:
        label_types.setdefault(type_name, dict(KINDS[type_name]))
    return list(names)


def _attributes(
    meta: Meta, classes: dict[str, Any], names: dict[str, str], notes: list[str]
) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    object_classes = [names[title] for title in meta.classes]
    for tag in meta.tags.values():
        if tag.applicable not in OBJECT_TAGS or not to_name(tag.name):
            continue
        name = to_name(tag.name)
        if name != tag.name:
            notes.append(f"tag {tag.name!r} is attribute {name!r}: rename the tag to match")
        attributes[name] = _attribute(tag)
        users = [names[c] for c in tag.classes if c in names] or object_classes
        for user in users:
            classes[user].setdefault("attributes", {})[name] = "optional"
    return attributes


def _attribute(tag: TagSpec) -> dict[str, Any]:
    if tag.value_type == "oneof_string" and tag.values:
        return {"type": "enum", "values": list(dict.fromkeys(tag.values))}
    return {"type": ATTRIBUTE_TYPES.get(tag.value_type, "text")}
