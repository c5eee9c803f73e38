"""Reader of Supervisely projects: a folder with ``meta.json`` (the classes and tag metas)
and datasets holding ``ann/<image>.json`` per image (``img/`` beside, not needed), nested
datasets included; or one annotation file alone (its classes then come from its objects),
or a ``meta.json`` alone (its class list).

A project reads as one dataset for ``meta.json`` (the categories it declares, each with its
keypoint template) and one per annotation file (located by JSON pointer, line and column
from the file), checked against the meta: a class, shape or tag it lacks is a finding
(``objects.py``). Geometry, tags and the common form are described in ``objects.py``.

Reference: the Supervisely SDK (Apache-2.0), github.com/supervisely/supervisely at
aa7ba99fd78f1981c1f709dfdfb79d71251e254b: ``supervisely/annotation/label.py`` (object
JSON), ``supervisely/geometry/`` (``rectangle.py``, ``polygon.py``, ``polyline.py`` as
``line``, ``point.py``, ``graph.py``, ``bitmap.py``: ``base64_2_data``),
``supervisely/project/project_meta.py``; the format documentation in
github.com/supervisely/developer-portal ``getting-started/supervisely-annotation-format/``
(``objects.md``, ``images.md``, ``project-classes-and-tags.md``); panlabel's reader
(MIT, github.com/strickvl/panlabel at af6bbaa69b47, ``src/ir/io_supervisely_json.rs``),
whose ``geometry`` wrapper around ``points`` is read too.
"""

from __future__ import annotations

from pathlib import Path

from taxonomist.dataset.model import Category, Dataset
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import first, json_shape, keys_of, lists_in
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.supervisely.meta import ANN_FOLDER, META_FILE, Meta, load_meta
from taxonomist.formats.supervisely.objects import read_annotation
from taxonomist.taxonomy.paths import is_file

FORMAT = "supervisely"


def sniff(path: Path, head: bytes) -> str | None:
    """A folder with ``meta.json`` and a dataset's ``ann`` folder; a JSON object with a
    ``size`` object and an ``objects`` list (an annotation file); or a file named
    ``meta.json`` whose ``classes`` list holds ``title``/``shape`` records."""
    if not head:
        return _sniff_folder(path)
    shape = json_shape(head)
    keys = keys_of(shape)
    if isinstance(keys.get("size"), dict) and lists_in(shape, ("objects",)):
        item = keys_of(first(keys["objects"]))
        if not item or "classTitle" in item or "geometryType" in item:
            return 'JSON object with "size" and "objects" (Supervisely annotation)'
    if path.name == META_FILE and lists_in(shape, ("classes",)):
        record = keys_of(first(keys["classes"]))
        if {"title", "shape"} <= set(record) or (not record and "tags" in keys):
            return "meta.json with classes of title and shape (Supervisely project meta)"
    return None


def _sniff_folder(path: Path) -> str | None:
    if not is_file(path / META_FILE):
        return None
    try:
        children = sorted(path.iterdir())
    except OSError:
        return None
    if any((child / ANN_FOLDER).is_dir() for child in children if child.is_dir()):
        return "folder with meta.json and <dataset>/ann/ (Supervisely project)"
    return None


def read(path: Path) -> list[Dataset]:
    """Read a project folder, one annotation file, or a meta.json alone."""
    if path.is_dir():
        return _project(path)
    if path.name == META_FILE:
        dataset, _ = _meta(path)
        return [dataset]
    return [_annotation(path, None)]


def _project(root: Path) -> list[Dataset]:
    meta_dataset, meta = _meta(root / META_FILE)
    found = walk(root, ".json")
    datasets = [meta_dataset]
    if found.unreadable:
        builder = DatasetBuilder(str(root), FORMAT)
        report_unreadable(builder, found)
        datasets.append(builder.build())
    for file in found.files:
        if file.parent.name == ANN_FOLDER:
            datasets.append(_annotation(file, meta))
    return datasets


def _meta(path: Path) -> tuple[Dataset, Meta | None]:
    builder = DatasetBuilder(str(path), FORMAT, kind="meta")
    meta = load_meta(path, builder)
    for spec in meta.classes.values() if meta is not None else ():
        builder.categories.append(
            Category(
                name=spec.title,
                id=spec.id,
                keypoints=spec.node_labels() or None,
                pointer=spec.pointer,
                line=builder.json_locator.locate(spec.pointer).line
                if builder.json_locator
                else None,
            )
        )
    return builder.build(), meta


def _annotation(path: Path, meta: Meta | None) -> Dataset:
    builder = DatasetBuilder(str(path), FORMAT, declares_categories=False)
    loaded = read_json_file(path, builder)
    if loaded is not None:
        read_annotation(builder, loaded.value, path, meta)
    return builder.build()
