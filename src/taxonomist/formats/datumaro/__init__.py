"""Reader of Datumaro JSON: ``annotations/<subset>.json`` (a file, or the dataset folder).

A file is ``{dm_format_version?, media_type?, infos, categories, items}``: ``categories`` an
object (``label.labels`` [{name, parent, attributes}], ``mask.colormap``, ``points.items``
[{label_id, labels, joints}]), each item ``{id, annotations, image: {path, size: [h, w]},
attr}``. A ``label_id`` is the label's place in ``categories.label.labels``. Annotations:
``label`` (an image-level label, label type ``label``), ``bbox`` ([x, y, w, h]),
``polygon``/``polyline``/``points`` (flat x y lists; ``points`` with ``visibility`` are
keypoints where ``categories.points`` names the label's keypoints, else loose points),
``mask`` (a COCO RLE ``{counts, size}``), ``ellipse`` (its bounding box), ``cuboid_2d`` (the
bounds of its eight corners), ``skeleton`` (CVAT's fork: ``elements`` of points, one per
keypoint); ``caption``, ``cuboid_3d`` and the other types without 2D geometry are S110,
``hash_key`` is skipped as Datumaro skips it. Annotation ``attributes`` are the object's
attributes; ``group``, ``z_order`` and the Datumaro ``id`` (repeated within an item in real
files) are kept as flags. Locations are JSON pointers, ``/items/<i>/annotations/<j>``.

Follows openvinotoolkit/datumaro (MIT) at 3d533b9cf8b9:
``src/datumaro/plugins/data_formats/datumaro/base.py``, ``exporter.py``, ``importer.py``
(detection: ``annotations/*.json`` with ``categories`` and ``items``); the vocabulary is in
``schema.py``, the annotations in ``items.py``.
"""

from __future__ import annotations

from pathlib import Path

from taxonomist.core.files import read_regular
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import json_shape, keys_of, lists_in
from taxonomist.formats.codes import UNKNOWN_FIELD, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE
from taxonomist.formats.datumaro.items import Subset
from taxonomist.formats.datumaro.schema import (
    FORMAT_VERSION,
    KNOWN_VERSIONS,
    TOP_KEYS,
    read_categories,
)

FORMAT = "datumaro"
ANNOTATIONS_DIR = "annotations"
HEAD_BYTES = 64 * 1024
_SECTIONS = ("label", "mask", "points")


def sniff(path: Path, head: bytes) -> str | None:
    """Datumaro when the top level has a ``categories`` object (COCO's is a list) and an
    ``items`` list, a ``dm_format_version`` or label/mask/points sections; a folder when one
    of its ``annotations/*.json`` is such a file."""
    if not head:
        return _sniff_folder(path)
    return _sniff_head(head)


def _sniff_head(head: bytes) -> str | None:
    shape = keys_of(json_shape(head))
    categories = shape.get("categories")
    if not isinstance(categories, dict) or lists_in(shape, ("annotations", "images")):
        return None
    if "items" in lists_in(shape, ("items",)) or "dm_format_version" in shape:
        return 'JSON object with a "categories" object and an "items" list (Datumaro)'
    if any(k in categories for k in _SECTIONS):
        return 'JSON object whose "categories" object has label/mask/points sections (Datumaro)'
    return None


def _sniff_folder(path: Path) -> str | None:
    for file in annotation_files(path)[:8]:
        try:
            head = read_regular(file, HEAD_BYTES, head=True)
        except OSError:
            continue
        if _sniff_head(head):
            return f"a folder whose {ANNOTATIONS_DIR}/{file.name} is Datumaro JSON"
    return None


def annotation_files(path: Path) -> list[Path]:
    """The ``annotations/*.json`` of a dataset folder, sorted."""
    folder = path / ANNOTATIONS_DIR
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".json" and p.is_file())
    except OSError:
        return []


def read(path: Path) -> list[Dataset]:
    """Read one Datumaro file, or every ``annotations/*.json`` of a dataset folder."""
    if path.is_dir():
        return [_read_file(file, path) for file in annotation_files(path)]
    root = path.parent.parent if path.parent.name == ANNOTATIONS_DIR else None
    return [_read_file(path, root)]


def _read_file(path: Path, root: Path | None) -> Dataset:
    builder = DatasetBuilder(str(path), FORMAT)
    loaded = read_json_file(path, builder)
    subset: Subset | None = None
    if loaded is not None:
        subset = _document(builder, loaded.value, path, root)
    dataset = builder.build()
    dataset.ids_unique_per = "image"
    if subset is not None:
        subset.finish(dataset)
    return dataset


def _document(builder: DatasetBuilder, doc: object, path: Path, root: Path | None) -> Subset | None:
    source = builder.source
    if not isinstance(doc, dict) or "categories" not in doc:
        message = "a Datumaro file is a JSON object with categories and items"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(source, pointer=""))
        return None
    version = doc.get("dm_format_version")
    if version is not None and version not in KNOWN_VERSIONS:
        message = f"dm_format_version {version!r} is not one Datumaro reads; read as 1.0"
        builder.report(FORMAT_VERSION, message, Place(source, pointer="/dm_format_version"))
    for key in sorted(k for k in doc if k not in TOP_KEYS):
        builder.report(
            UNKNOWN_FIELD, f"unknown top-level key {key!r}", Place(source, pointer=f"/{key}")
        )
    categories = read_categories(doc["categories"])
    for pointer, message in categories.problems:
        builder.report(WRONG_TYPE, message, Place(source, pointer=pointer))
    subset = Subset(builder, categories, images=_images_dir(root, path.stem))
    items = doc.get("items", [])
    if not isinstance(items, list):
        builder.report(WRONG_TYPE, "items must be a list", Place(source, pointer="/items"))
        return subset
    for index, item in enumerate(items):
        subset.item(item, index)
    return subset


def _images_dir(root: Path | None, subset: str) -> list[Path]:
    """Where Datumaro looks for an item's image: ``images/<subset>/``, then ``images/``."""
    if root is None:
        return []
    return [root / "images" / subset, root / "images"]
