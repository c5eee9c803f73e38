"""Datumaro: the taxonomy's label schema as a Datumaro JSON subset file with no items.

Datumaro has no class-list file of its own; what it reads as a label schema is a dataset's
``categories``, and its importer accepts a file that has both sections it detects by
(``importer.py``: ``{"categories", "items"} <= sections``; ``base.py`` reads
``parsed["items"]``), so the export is ``annotations/default.json`` with ``"items": []``:
``datum project import -f datumaro`` (or ``Dataset.import_from(path, "datumaro")``) gives an
empty dataset carrying the labels, ready to merge annotations into or to remap labels to.

Labels are the labellable classes by stable id (a Datumaro ``label_id`` is a place in this
list, not the id); ``parent`` is the nearest labellable ancestor; each label's
``attributes`` are the names of the attributes it offers; a keypoint class gets a ``points``
category with its keypoint names and 1-based ``joints`` (COCO's convention, which Datumaro's
COCO plugin passes through). Follows ``JsonWriter.write_categories`` of
openvinotoolkit/datumaro (MIT) at 3d533b9cf8b9,
``src/datumaro/plugins/data_formats/datumaro/exporter.py``.
"""

from __future__ import annotations

import json
from typing import Any

from taxonomist.formats.datumaro.schema import KNOWN_VERSIONS
from taxonomist.interop.export.common import keypoint_type, labellable, offered
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"
MEDIA_IMAGE = 2  # datumaro.components.media.MediaType.IMAGE


def export(taxonomy: Taxonomy) -> str:
    """The categories of every labellable class, and no items."""
    classes = labellable(taxonomy)
    names = {cls.name for cls in classes}
    labels = [_label(taxonomy, cls, names) for cls in classes]
    points = [
        _points(index, taxonomy, cls)
        for index, cls in enumerate(classes)
        if keypoint_type(taxonomy, cls) is not None
    ]
    categories: dict[str, Any] = {"label": {"labels": labels, "label_groups": [], "attributes": []}}
    if points:
        categories["points"] = {"items": points}
    doc = {
        "dm_format_version": min(KNOWN_VERSIONS),
        "media_type": MEDIA_IMAGE,
        "infos": {"taxonomy": taxonomy.name, "taxonomy_version": taxonomy.version},
        "categories": categories,
        "items": [],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _label(taxonomy: Taxonomy, cls: TaxonomyClass, names: set[str]) -> dict[str, Any]:
    parent = next((a for a in cls.ancestors if a in names), "")
    return {"name": cls.name, "parent": parent, "attributes": list(offered(taxonomy, cls))}


def _points(index: int, taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    spec = keypoint_type(taxonomy, cls)
    assert spec is not None
    number = {name: i + 1 for i, name in enumerate(spec.keypoints)}
    joints = [[number[a], number[b]] for a, b in spec.skeleton]
    return {"label_id": index, "labels": list(spec.keypoints), "joints": joints}
