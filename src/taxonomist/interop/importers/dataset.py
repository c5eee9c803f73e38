"""Annotation files themselves: a starter taxonomy from what any readable files hold.

For the formats that carry no class list (KITTI labels, LabelMe XML, V7 Darwin, Labelbox,
SageMaker manifests, Hugging Face metadata, mask PNGs...) and for files whose own list is
missing. The path (a file or a folder) is read exactly as ``taxonomist check`` reads it: the
same discovery (``--format`` forces a reader) and the same readers, and a file the checker
finds an error in is refused, at the finding's place, since a taxonomy learnt from a broken
file would teach the fault.

What the files hold becomes the document:

* a class per category the files declare or use, named as a taxonomy name (the files'
  spelling kept as an alias when it differs only in case or spacing), with the file's id
  where every file gives that name the same whole number (else a fresh id above them); a
  YOLO class number becomes the class's value in a ``yolo`` id space;
* label types from the shapes drawn: ``box``, ``polygon``, ``polyline``, ``mask`` (run-length
  masks), ``keypoints`` (the point names the file declares, else ``point_1``...; one label
  type per distinct set), and ``crowd: true`` where crowd regions of the class occur;
* mask PNG values: a class ``value_<v>`` with id ``v`` per value painted (name them after);
* image-level labels per label-type name: ``true``/``false`` answers a ``binary`` label type,
  one name per image a ``multi_class`` one, a list a ``multi_label`` one, their values
  classes of their own;
* attributes seen on objects, typed by their values: ``bool``, ``int``, ``float``, ``enum``
  (up to ``MAX_ENUM`` distinct strings, ``multiple`` for lists of them), else ``text``;
  each class using one lists it as ``optional``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.errors import InvalidInput
from taxonomist.dataset.model import Category, Dataset
from taxonomist.formats import reader
from taxonomist.formats.discover import discover
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    attribute_type,
    default_name,
    document_head,
    starter_document,
    stop_on_errors,
    to_name,
    value_kind,
    whole_number,
)

HINT = "name annotation files (or a folder of them) that `taxonomist check` reads"
MAX_ENUM = 30
SHAPE_KINDS = ("box", "polygon", "polyline", "mask")
IMAGE_KINDS = {bool: "binary", str: "multi_class", list: "multi_label"}


@dataclass(slots=True)
class _Class:
    """What the files say of one category name."""

    ids: set[int] = field(default_factory=set)
    yolo: set[int] = field(default_factory=set)
    kinds: set[tuple[str, str | None]] = field(default_factory=set)  # (kind, label type)
    keypoints: tuple[str | None, tuple[str, ...]] | None = None  # (label type, point names)
    crowd: bool = False
    attributes: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Seen:
    classes: dict[str, _Class] = field(default_factory=lambda: defaultdict(_Class))
    attributes: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    image_labels: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Read the annotation files at ``path`` and build a taxonomy document of what they hold."""
    seen = _Seen()
    for dataset in _datasets(path, options.format):
        _collect(dataset, seen)
    book = NameBook()
    label_types: dict[str, Any] = {}
    attributes = _attributes(seen)
    classes = _classes(seen, book, label_types, attributes)
    _image_label_types(seen, classes, label_types, book)
    if not classes:
        raise InvalidInput(f"{path}: the files hold no classes to import", hint=HINT)
    name = default_name(path, options.name)
    head = document_head(name, f"{name} (imported from annotation files)", _description(path))
    document = starter_document(head, label_types, classes, attributes)
    if any(c.yolo for c in seen.classes.values()):
        document = {"id_spaces": {"yolo": {"description": "The files' YOLO class numbers."}}} | (
            document
        )
        document = _reorder(document)
    return ImportResult(document=document, notes=tuple(seen.notes))


def _reorder(document: dict[str, Any]) -> dict[str, Any]:
    """The head first, then ``id_spaces``, then the rest, as the other importers write."""
    head = ("name", "version", "title", "description")
    out = {key: document[key] for key in head if key in document}
    out["id_spaces"] = document["id_spaces"]
    out |= {k: v for k, v in document.items() if k not in out}
    return out


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the annotation files at `{path.name}` by `taxonomist "
        "import dataset`: the classes, shapes, attributes and image-level labels they hold. "
        "Add definitions, examples and edge-case rules before using it for labeling."
    )


def _datasets(path: Path, forced: str | None) -> list[Dataset]:
    found = discover([path], forced)
    stop_on_errors(found.findings, HINT)
    if not found.sources:
        raise InvalidInput(f"{path}: no annotation file found", hint=HINT)
    datasets: list[Dataset] = []
    for source in found.sources:
        for dataset in reader(source.format).read(source.path):
            stop_on_errors(dataset.findings, HINT)
            datasets.append(dataset)
    return datasets


def _collect(dataset: Dataset, seen: _Seen) -> None:
    used = _used_rows(dataset)
    for row, category in enumerate(dataset.categories):
        if row in used or dataset.declares_categories:
            _category(dataset, category, seen)
    _shapes(dataset, seen)
    _mask_values(dataset, seen)
    _labels(dataset, seen)


def _used_rows(dataset: Dataset) -> set[int]:
    rows = set(dataset.objects.category.tolist())
    for listed in (
        *dataset.images.verified_absent.values(),
        *dataset.images.not_exhaustive.values(),
    ):
        rows.update(listed)
    return rows


def _category(dataset: Dataset, category: Category, seen: _Seen) -> None:
    entry = seen.classes[_key(category)]
    if whole_number(category.id):
        assert category.id is not None
        (entry.yolo if dataset.category_ids == "yolo" else entry.ids).add(category.id)


def _key(category: Category) -> str:
    """A category's name; a nameless one (a results file's bare id) is ``category_<id>``."""
    if category.name or category.id is None:
        return category.name
    return f"category_{category.id}"


def _name_of(dataset: Dataset, row: int) -> str | None:
    if 0 <= row < len(dataset.categories):
        return _key(dataset.categories[row]) or None
    return None


def _shapes(dataset: Dataset, seen: _Seen) -> None:
    """The label types each class is drawn with: ``(kind, name)``, the name where the format
    gives one (native files key shapes by label type), else None."""
    objects = dataset.objects
    kinds: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
    if len(objects):
        for row in np.flatnonzero(~np.isnan(objects.box).all(axis=1)).tolist():
            kinds[row].add(("box", None))
    for type_name, boxes in objects.extra_boxes.items():
        for row in np.flatnonzero(~np.isnan(boxes[:, 0])).tolist():
            kinds[row].add(("box", type_name))
    for kind, ragged in (("polygon", objects.polygons), ("polyline", objects.polylines)):
        names = ragged.label_type or [None] * len(ragged)
        for owner, given in zip(ragged.owner.tolist(), names, strict=True):
            kinds[owner].add((kind, given))
    for row, rle in objects.rle.items():
        kinds[row].add(("mask", rle.label_type))
    for row, found in kinds.items():
        name = _name_of(dataset, int(objects.category[row]))
        if name is not None:
            entry = seen.classes[name]
            entry.kinds |= found
            entry.crowd |= bool(objects.crowd[row])
    _keypoints(dataset, seen)
    _object_attributes(dataset, seen)


def _keypoints(dataset: Dataset, seen: _Seen) -> None:
    ragged = dataset.objects.keypoints
    type_names = ragged.label_type or [None] * len(ragged)
    for i in range(len(ragged)):
        owner = int(ragged.owner[i])
        row = int(dataset.objects.category[owner])
        name = _name_of(dataset, row)
        if name is None:
            continue
        count = len(ragged.row(i)) // 3
        declared = dataset.categories[row].keypoints or []
        names = tuple(to_name(p) or f"point_{n + 1}" for n, p in enumerate(declared))
        if len(names) != count:
            names = tuple(f"point_{n + 1}" for n in range(count))
        entry = seen.classes[name]
        if entry.keypoints is not None and entry.keypoints[1] != names:
            seen.notes.append(f"{name!r} is drawn with different keypoint sets; the first is kept")
            continue
        entry.keypoints = (type_names[i], names)


def _object_attributes(dataset: Dataset, seen: _Seen) -> None:
    for row, values in dataset.objects.attributes.items():
        name = _name_of(dataset, int(dataset.objects.category[row]))
        if name is None or not isinstance(values, dict):
            continue
        for key, value in values.items():
            seen.classes[name].attributes.add(str(key))
            seen.attributes[str(key)].append(value)


def _mask_values(dataset: Dataset, seen: _Seen) -> None:
    """Mask values in the classes' ids become classes; values of another id space (train
    ids, colours) name no class by themselves, so they are left to the dataset's own table."""
    masks = dataset.images.masks
    other = sorted({s for row, s in masks.space.items() if s != "id" and row in masks.values})
    if other:
        seen.notes.append(
            f"mask values of the id spaces {', '.join(other)} name no class by themselves and "
            "are not imported: import the dataset's label table (import cityscapes labels.py)"
        )
    for row, values in masks.values.items():
        if masks.space.get(row, "id") != "id":
            continue
        for value in values:
            entry = seen.classes[f"value_{value}"]
            entry.ids.add(value)
            entry.kinds.add(("mask", None))


def _labels(dataset: Dataset, seen: _Seen) -> None:
    for labels in dataset.images.labels or []:
        for key, value in (labels or {}).items():
            seen.image_labels[str(key)].append(value)
    for listed in dataset.images.verified_absent.values():
        for row in listed:
            name = _name_of(dataset, row)
            if name is not None:  # a class the files name, even if only as absent
                seen.classes.setdefault(name, _Class())


def _attributes(seen: _Seen) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in sorted(seen.attributes):
        name = to_name(key)
        if name != key:
            seen.notes.append(
                f"attribute {key!r} is no taxonomy name; it is imported as {name!r} and the "
                "files must be given that name"
            )
        if name:
            out[name] = _attribute(seen.attributes[key])
    return out


def _attribute(values: list[Any]) -> dict[str, Any]:
    kinds = {value_kind(v) for v in values if v is not None}
    if kinds == {"text"}:
        return _enum(sorted({str(v) for v in values if v is not None}), multiple=False)
    if kinds == {"list"}:
        items = {i for v in values if isinstance(v, list) for i in v}
        if all(isinstance(i, str) for i in items):
            return _enum(sorted(items), multiple=True)
    return {"type": attribute_type(kinds)}


def _enum(values: list[str], *, multiple: bool) -> dict[str, Any]:
    if not values or len(values) > MAX_ENUM or any(not v for v in values):
        return {"type": "text"}
    spec: dict[str, Any] = {"type": "enum", "values": values}
    if multiple:
        spec["multiple"] = True
    return spec


def _classes(
    seen: _Seen, book: NameBook, label_types: dict[str, Any], attributes: dict[str, Any]
) -> dict[str, Any]:
    given = _ids(seen)
    next_id = 1 + max(given.values(), default=0)
    classes: dict[str, Any] = {}
    for original in sorted(seen.classes, key=lambda n: (given.get(n, 1 << 62), n)):
        entry = seen.classes[original]
        name = book.claim(to_name(original) or "class", "class")
        if original not in given:
            given[original], next_id = next_id, next_id + 1
        spec: dict[str, Any] = {"id": given[original]}
        if len(entry.yolo) == 1:
            spec["ids"] = {"yolo": next(iter(entry.yolo))}
        if original != name:
            spec["aliases"] = [original]
        types = _shape_types(entry, label_types)
        if entry.keypoints is not None:
            types.append(_keypoint_type(name, entry.keypoints, label_types))
        if types:
            spec["label_types"] = types
        if entry.crowd:
            spec["crowd"] = True
        uses = {
            to_name(a): "optional" for a in sorted(entry.attributes) if to_name(a) in attributes
        }
        if uses:
            spec["attributes"] = uses
        classes[name] = spec
    return classes


def _shape_types(entry: _Class, label_types: dict[str, Any]) -> list[str]:
    """The label types of ``entry``'s shapes: the format's name for one where it gives one,
    else one label type per kind, named after it."""
    names: list[str] = []
    order = {kind: i for i, kind in enumerate(SHAPE_KINDS)}
    for kind, given in sorted(entry.kinds, key=lambda k: (order[k[0]], k[1] or "")):
        name = given or kind
        label_types.setdefault(name, {"kind": kind})
        if name not in names:
            names.append(name)
    return names


def _ids(seen: _Seen) -> dict[str, int]:
    """The files' id of each name, where it is one and no other name has it."""
    owners: dict[int, list[str]] = defaultdict(list)
    for name, entry in seen.classes.items():
        if len(entry.ids) == 1:
            owners[next(iter(entry.ids))].append(name)
    return {names[0]: value for value, names in owners.items() if len(names) == 1}


def _keypoint_type(
    name: str, found: tuple[str | None, tuple[str, ...]], label_types: dict[str, Any]
) -> str:
    given, points = found
    spec = {"kind": "keypoints", "keypoints": list(points)}
    if given is not None and label_types.get(given, spec) == spec:
        label_types[given] = spec
        return given
    for type_name, existing in label_types.items():
        if existing == spec:
            return type_name
    type_name = "keypoints" if "keypoints" not in label_types else f"{name}_keypoints"
    label_types[type_name] = spec
    return type_name


def _image_label_types(
    seen: _Seen, classes: dict[str, Any], label_types: dict[str, Any], book: NameBook
) -> None:
    next_id = 1 + max((c["id"] for c in classes.values()), default=0)
    for key in sorted(seen.image_labels):
        answers = [v for v in seen.image_labels[key] if v is not None]
        kinds = {type(v) for v in answers}
        if len(kinds) != 1 or next(iter(kinds)) not in IMAGE_KINDS:
            seen.notes.append(f"image label {key!r} has answers of mixed kinds; it is left out")
            continue
        kind = IMAGE_KINDS[next(iter(kinds))]
        type_name = to_name(key) or "label"
        if type_name in label_types:
            type_name = f"{type_name}_label"
        spec: dict[str, Any] = {"kind": kind}
        if kind != "binary":
            values = sorted({str(v) for a in answers for v in (a if isinstance(a, list) else [a])})
            spec["classes"] = [
                _label_class(v, classes, book, next_id + i) for i, v in enumerate(values)
            ]
            next_id += len(values)
        label_types[type_name] = spec


def _label_class(value: str, classes: dict[str, Any], book: NameBook, class_id: int) -> str:
    name = to_name(value)
    if name in classes:
        return name
    name = book.claim(name or "label", "label")
    entry: dict[str, Any] = {"id": class_id}
    if value != name:
        entry["aliases"] = [value]
    classes[name] = entry
    return name
