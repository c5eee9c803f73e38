"""COCO: a starter taxonomy from the ``categories`` of a COCO annotation file.

Category ids are kept. Supercategories become abstract parents (with generated ids well above
the category ids); a supercategory named like a class (COCO's person/person) becomes
``<name>_group``. Keypoint categories get a keypoints label type: names, skeleton (COCO's
1-based indices turned into names), flip pairs inferred from left/right names. Files whose
keypoint names are empty and whose skeleton is 0-based (written by datumaro) get synthesised
names ``kp0``, ``kp1``... A bare list of categories (COCO panoptic's category file, with
``isthing`` and ``color``) is accepted too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.coco_attributes import attribute_definitions, scan_attributes
from taxonomist.interop.importers.coco_keypoints import (
    KeypointSpec,
    keypoint_counts,
    keypoint_spec,
)
from taxonomist.interop.importers.common import (
    NameBook,
    bad_input,
    category_list,
    default_name,
    document_head,
    id_base_above,
    read_json,
    starter_document,
    to_name,
    whole_number,
)

HINT = "expected a COCO file with 'categories': [{id, name, supercategory}, ...]"


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a COCO file's categories."""
    data = read_json(path)
    categories = category_list(path, data, HINT, _check_category)
    annotations = data.get("annotations") if isinstance(data, dict) else None
    notes: list[str] = []
    book = NameBook()
    names = _class_names(categories, book, notes)
    parents = _parents(categories, names, book, notes)
    specs = _keypoint_specs(path, categories, annotations, notes)
    label_types = _label_types(categories, specs, annotations)
    classes = _classes(categories, names, parents, specs, label_types)
    for category_id in _crowd_categories(annotations):
        if category_id in names:  # the file has crowd regions of it: allow them
            classes[names[category_id]]["crowd"] = True
    attributes = _attributes(annotations, names, classes, notes)
    name = default_name(path, options.name)
    head = document_head(name, f"{name} (imported from COCO)", _description(path))
    doc = starter_document(head, label_types, classes, attributes)
    return ImportResult(document=doc, notes=tuple(notes))


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the COCO categories of `{path.name}` by "
        "`taxonomist import coco`. Category ids are kept; supercategories are abstract "
        "parents. Add definitions, examples and edge-case rules before using it for labeling."
    )


def _check_category(path: Path, pointer: str, category: Any, seen: set[int]) -> None:
    if not isinstance(category, dict):
        raise bad_input(path, pointer, "a category must be an object", HINT)
    cat_id, name = category.get("id"), category.get("name")
    if not whole_number(cat_id):
        raise bad_input(path, pointer + "/id", f"id {cat_id!r} is not a whole number >= 0", HINT)
    if not isinstance(name, str) or not to_name(name):
        raise bad_input(path, pointer + "/name", f"unusable category name {name!r}", HINT)
    if cat_id in seen:
        raise bad_input(path, pointer + "/id", f"category id {cat_id} is used twice", HINT)


def _class_names(
    categories: list[dict[str, Any]], book: NameBook, notes: list[str]
) -> dict[int, str]:
    names: dict[int, str] = {}
    for category in categories:
        wanted = to_name(category["name"])
        names[category["id"]] = book.claim(wanted, str(category["id"]))
        if names[category["id"]] != wanted:
            notes.append(
                f"category {category['id']} {category['name']!r} is named "
                f"{names[category['id']]!r}: {wanted!r} is already taken"
            )
    return names


def _parents(
    categories: list[dict[str, Any]], names: dict[int, str], book: NameBook, notes: list[str]
) -> dict[str, str]:
    """Supercategory text -> parent class name, in order of first appearance."""
    parents: dict[str, str] = {}
    for category in categories:
        text = category.get("supercategory")
        if not isinstance(text, str) or not to_name(text) or text in parents:
            continue
        wanted = to_name(text)
        if book.taken(wanted):
            parents[text] = book.claim(f"{wanted}_group", "group")
            notes.append(
                f"supercategory {text!r} is named {parents[text]!r} "
                f"because a class is already named {wanted!r}"
            )
        else:
            parents[text] = book.claim(wanted, "group")
    return parents


def _keypoint_specs(
    path: Path, categories: list[dict[str, Any]], annotations: Any, notes: list[str]
) -> dict[int, KeypointSpec]:
    """Category id -> keypoints spec; equal specs share one label type."""
    counts = keypoint_counts(annotations)
    specs: dict[int, KeypointSpec] = {}
    by_content: dict[object, KeypointSpec] = {}
    for category in categories:
        spec = keypoint_spec(path, category, counts, notes)
        if spec is None:
            continue
        if spec.content() not in by_content:
            label_type = "keypoints" if not by_content else f"keypoints_{to_name(category['name'])}"
            by_content[spec.content()] = replace(spec, label_type=label_type)
        specs[category["id"]] = by_content[spec.content()]
    return specs


def _label_types(
    categories: list[dict[str, Any]], specs: dict[int, KeypointSpec], annotations: Any
) -> dict[str, Any]:
    types: dict[str, Any] = {
        "box": {"kind": "box", "format": "xywh", "units": "pixels", "extent": "full"}
    }
    shapes = _segmentation_kinds(annotations)
    if "polygon" in shapes:
        types["segmentation"] = {"kind": "polygon", "multipart": True}
    if "rle" in shapes or any("isthing" in c for c in categories):
        types["mask"] = {"kind": "mask", "mode": _mask_mode(categories)}
    for spec in _unique_specs(specs):
        types[spec.label_type] = spec.as_label_type()
    return types


def _mask_mode(categories: list[dict[str, Any]]) -> str:
    return "panoptic" if any("isthing" in c for c in categories) else "instance"


def _segmentation_kinds(annotations: Any) -> set[str]:
    kinds: set[str] = set()
    for ann in annotations if isinstance(annotations, list) else ():
        seg = ann.get("segmentation") if isinstance(ann, dict) else None
        if isinstance(seg, list) and seg:
            kinds.add("polygon")
        elif isinstance(seg, dict):
            kinds.add("rle")
        if len(kinds) == 2:
            break
    return kinds


def _attributes(
    annotations: Any, names: dict[int, str], classes: dict[str, Any], notes: list[str]
) -> dict[str, Any]:
    """Attributes found on annotations, each made optional for the classes that carry it."""
    found = scan_attributes(annotations)
    definitions = attribute_definitions(found, notes)
    for key in definitions:
        for category_id in sorted(found[key][1]):
            if category_id in names:
                classes[names[category_id]].setdefault("attributes", {})[key] = "optional"
    return definitions


def _crowd_categories(annotations: Any) -> list[int]:
    """Categories with iscrowd=1 annotations (or panoptic segments)."""
    found: set[int] = set()
    for ann in annotations if isinstance(annotations, list) else ():
        segments = ann.get("segments_info") if isinstance(ann, dict) else None
        for item in [ann, *(segments if isinstance(segments, list) else ())]:
            if isinstance(item, dict) and item.get("iscrowd") == 1:
                category_id = item.get("category_id")
                if isinstance(category_id, int):
                    found.add(category_id)
    return sorted(found)


def _unique_specs(specs: dict[int, KeypointSpec]) -> list[KeypointSpec]:
    unique: dict[str, KeypointSpec] = {}
    for spec in specs.values():
        unique.setdefault(spec.label_type, spec)
    return list(unique.values())


def _classes(
    categories: list[dict[str, Any]],
    names: dict[int, str],
    parents: dict[str, str],
    specs: dict[int, KeypointSpec],
    label_types: dict[str, Any],
) -> dict[str, Any]:
    classes: dict[str, Any] = {}
    for category in categories:
        spec = specs.get(category["id"])
        own_types = _types_for(category, label_types, spec)
        classes[names[category["id"]]] = _class(category, names, parents, own_types)
    base = id_base_above([c["id"] for c in categories])
    for offset, parent in enumerate(parents.values()):
        classes[parent] = {"id": base + offset, "abstract": True}
    return classes


def _types_for(
    category: dict[str, Any], label_types: dict[str, Any], spec: KeypointSpec | None
) -> list[str]:
    if category.get("isthing") == 0:
        return ["mask"]
    names: list[str] = [n for n in ("box", "segmentation", "mask") if n in label_types]
    return [*names, spec.label_type] if spec is not None else names


def _class(
    category: dict[str, Any], names: dict[int, str], parents: dict[str, str], types: list[str]
) -> dict[str, Any]:
    name, original = names[category["id"]], category["name"]
    entry: dict[str, Any] = {"id": category["id"]}
    parent = parents.get(category.get("supercategory") or "")
    if parent is not None:
        entry["parent"] = parent
    if original != name and to_name(original) == name:  # renamed for a clash: no alias
        entry["aliases"] = [original]
    entry["label_types"] = types
    entry.update(_panoptic_fields(category))
    return entry


def _panoptic_fields(category: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if category.get("isthing") in (0, 1):
        fields["kind"] = "thing" if category["isthing"] == 1 else "stuff"
    color = category.get("color")
    if isinstance(color, list) and len(color) == 3 and all(isinstance(v, int) for v in color):
        fields["color"] = "#" + "".join(f"{max(0, min(255, v)):02x}" for v in color)
    return fields
