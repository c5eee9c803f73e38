"""COCO ``categories``: stable ids, ``supercategory`` from the hierarchy (the nearest
abstract ancestor), and for keypoint classes the ordered keypoint names and the 1-based
skeleton COCO tools expect. Written as ``{"categories": [...]}``, the block a COCO file
carries (pycocotools reads it as is)."""

from __future__ import annotations

import json
from typing import Any

from taxonomist.interop.export.common import keypoint_type, labellable, supercategory
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"


def export(taxonomy: Taxonomy) -> str:
    """The categories of every labellable class, by stable id."""
    categories = [_category(taxonomy, cls) for cls in labellable(taxonomy)]
    return json.dumps({"categories": categories}, indent=2, ensure_ascii=False) + "\n"


def _category(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": cls.id, "name": cls.name}
    parent = supercategory(taxonomy, cls)
    if parent is not None:
        entry["supercategory"] = parent
    spec = keypoint_type(taxonomy, cls)
    if spec is not None:
        index = {name: i + 1 for i, name in enumerate(spec.keypoints)}
        entry["keypoints"] = list(spec.keypoints)
        entry["skeleton"] = [[index[a], index[b]] for a, b in spec.skeleton]
    return entry
