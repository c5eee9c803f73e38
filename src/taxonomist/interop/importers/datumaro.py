"""Datumaro: a starter taxonomy from the ``categories`` of a Datumaro JSON file (or of every
``annotations/*.json`` of a dataset folder; the first file's labels come first).

Each ``categories.label.labels`` entry is a class, in order, with id = its ``label_id``
(Datumaro numbers labels from 0; the check matches them by name, so the ids are only the
taxonomy's own); a non-empty ``parent`` is the class's parent. Label types come from how the
file's items use each label: ``bbox``/``ellipse``/``cuboid_2d`` -> ``box``, ``polygon``,
``polyline``, ``mask``, an image-level ``label`` -> the ``label`` multi-label type, and a label
with a ``points`` category -> a keypoints label type from its keypoint names and ``joints``
(1-based as COCO's skeleton, 0-based where an index is 0: see ``coco_keypoints``). Attributes
are the label's and the section's ``attributes`` plus those the annotations carry, typed from
the values seen (all booleans -> bool, integers -> int, numbers -> float, else text); an
attribute with list or object values fits no attribute type and is left undeclared (the check
warns A004 for it).

Reads through the Datumaro reader's own ``formats.datumaro.schema`` and refuses what
``taxonomist check`` reports as an error.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.datumaro import annotation_files, read
from taxonomist.formats.datumaro.schema import IMAGE_LABEL, SKELETON, Categories, read_categories
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.coco_keypoints import keypoint_spec
from taxonomist.interop.importers.common import (
    NameBook,
    attribute_type,
    default_name,
    document_head,
    read_json,
    starter_document,
    stop_on_errors,
    to_name,
    value_kind,
)

HINT = "expected a Datumaro annotations/<subset>.json file or a Datumaro dataset folder"
TYPES = {"bbox": "box", "ellipse": "box", "cuboid_2d": "box", "polygon": "polygon"}
TYPES |= {"polyline": "polyline", "mask": "mask", IMAGE_LABEL: IMAGE_LABEL}
KINDS = {"box": "box", "polygon": "polygon", "polyline": "polyline", "mask": "mask"}
KINDS |= {IMAGE_LABEL: "multi_label"}


class _Usage:
    """What the items do with each label: annotation types, attribute values."""

    def __init__(self) -> None:
        self.types: dict[int, set[str]] = defaultdict(set)
        self.attributes: dict[int, dict[str, set[str]]] = defaultdict(dict)

    def seen(self, name: str) -> set[str]:
        """The value types of attribute ``name`` on any label."""
        return {t for by_name in self.attributes.values() for t in by_name.get(name, ())}

    def add(self, ann: dict[str, Any]) -> None:
        label = ann.get("label_id")
        if not isinstance(label, int) or isinstance(label, bool):
            return
        self.types[label].add(str(ann.get("type")))
        attributes = ann.get("attributes")
        for name, value in attributes.items() if isinstance(attributes, dict) else ():
            self.attributes[label].setdefault(str(name), set()).add(value_kind(value))


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from Datumaro categories."""
    files = annotation_files(path) if path.is_dir() else [path]
    if not files:
        raise InvalidInput(f"{path}: no annotations/*.json in the folder", hint=HINT)
    stop_on_errors([f for d in read(path) for f in d.findings], HINT)
    docs = [read_json(file) for file in files]
    categories = read_categories(docs[0].get("categories"))
    if not categories.labels:
        raise InvalidInput(f"{files[0]}: categories.label lists no labels", hint=HINT)
    usage = _Usage()
    for doc in docs:
        for item in doc.get("items") or []:
            for ann in item.get("annotations") or [] if isinstance(item, dict) else []:
                if isinstance(ann, dict):
                    usage.add(ann)
    notes: list[str] = []
    label_types, attributes, classes = _classes(path, categories, usage, notes)
    head = document_head(
        default_name(path, options.name), "Imported from Datumaro", _description(path)
    )
    return ImportResult(starter_document(head, label_types, classes, attributes), tuple(notes))


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Datumaro categories of `{path.name}` by "
        "`taxonomist import datumaro`. Add definitions, examples and edge-case rules."
    )


def _classes(
    path: Path, categories: Categories, usage: _Usage, notes: list[str]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    book = NameBook()
    names: dict[str, str] = {}
    label_types: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    classes: dict[str, Any] = {}
    for label_id, label in enumerate(categories.labels):
        if not to_name(label.name):
            raise InvalidInput(f"{path}#{label.pointer}: unusable label name {label.name!r}")
        name = book.claim(to_name(label.name), "label")
        names[label.name] = name
        entry: dict[str, Any] = {"id": label_id}
        if label.name != name:
            entry["aliases"] = [label.name]
        if label.parent:
            entry["parent"] = label.parent  # resolved to a class name below
        types = _types(
            path,
            label_id,
            name=name,
            categories=categories,
            usage=usage,
            label_types=label_types,
            notes=notes,
        )
        if types:
            entry["label_types"] = types
        uses = _attributes(label_id, [*categories.attributes, *label.attributes], usage, attributes)
        if uses:
            entry["attributes"] = uses
        classes[name] = entry
    for name, entry in classes.items():
        if "parent" in entry:
            parent = names.get(entry["parent"])
            if parent is None or parent == name:
                notes.append(f"{name}: parent {entry['parent']!r} is no label; dropped")
                del entry["parent"]
            else:
                entry["parent"] = parent
    return label_types, attributes, classes


def _types(
    path: Path,
    label_id: int,
    *,
    name: str,
    categories: Categories,
    usage: _Usage,
    label_types: dict[str, Any],
    notes: list[str],
) -> list[str]:
    used = usage.types.get(label_id, set())
    out = sorted({TYPES[t] for t in used if t in TYPES})
    for type_name in out:
        label_types.setdefault(type_name, {"kind": KINDS[type_name]})
    spec = categories.keypoints.get(label_id)
    if spec is not None and ("points" in used or SKELETON in used or not used):
        coco = {"id": label_id, "name": name, "keypoints": spec.names, "skeleton": spec.joints}
        found = keypoint_spec(path, coco, {}, notes)
        if found is not None:
            type_name = "keypoints" if "keypoints" not in label_types else f"{name}_keypoints"
            label_types[type_name] = found.as_label_type()
            out.append(type_name)
    return out


def _attributes(
    label_id: int, declared: list[str], usage: _Usage, attributes: dict[str, Any]
) -> dict[str, str]:
    """The attributes label ``label_id`` uses, each typed from its values on every label."""
    uses: dict[str, str] = {}
    for raw in dict.fromkeys([*declared, *usage.attributes.get(label_id, {})]):
        name, seen = to_name(raw), usage.seen(raw)
        if not name or seen & {"list", "other"}:
            continue  # a list or object value fits no attribute type: left undeclared (A004)
        attributes.setdefault(name, {"type": attribute_type(seen)})
        uses[name] = "optional"
    return uses
