"""The YOLO class index of a taxonomy: which class a YOLO label line's ``class`` number is.

Ultralytics numbers classes ``0..nc-1`` without gaps, while a taxonomy's stable ids have
gaps (COCO's 1..90) or start anywhere (1001...). So the index is its own numbering, and
this module is its one home: the YOLO export writes ``names`` from it, the importer
declares it, and the checker matches YOLO class numbers through it.

* A taxonomy that declares the id space ``yolo`` gives each class its index under
  ``ids: {yolo: N}``; classes without one are not in the index.
* Otherwise the index is the labellable classes (not abstract, not deprecated) that have a
  box, polygon or keypoints label type, in stable-id order, numbered 0..n-1. Image-level-
  only classes never get an index: YOLO has no image-level labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

YOLO_SPACE = "yolo"
INDEX_KINDS = frozenset({"box", "polygon", "keypoints"})  # what a YOLO label line can draw


@dataclass(frozen=True, slots=True)
class YoloIndex:
    """YOLO class number -> class; ``declared`` when the taxonomy's ``yolo`` id space gave it."""

    classes: Mapping[int, TaxonomyClass]
    declared: bool
    problems: tuple[str, ...] = ()  # why a declared index cannot be a YOLO ``names`` list

    def get(self, index: int) -> TaxonomyClass | None:
        return self.classes.get(index)


def yolo_index(taxonomy: Taxonomy) -> YoloIndex:
    """The taxonomy's YOLO index: declared, else the drawable classes in id order."""
    if YOLO_SPACE in taxonomy.id_spaces:
        return _declared(taxonomy)
    drawable = [c for c in taxonomy.classes.values() if c.labellable and _draws(taxonomy, c)]
    drawable.sort(key=lambda c: c.id)
    return YoloIndex(dict(enumerate(drawable)), declared=False)


def _declared(taxonomy: Taxonomy) -> YoloIndex:
    classes = {
        cls.spec.ids[YOLO_SPACE]: cls
        for cls in taxonomy.classes.values()
        if YOLO_SPACE in cls.spec.ids
    }
    problems = [
        f"class {cls.name!r} has a yolo index but is abstract, deprecated or has no box, "
        "polygon or keypoints label type"
        for cls in classes.values()
        if not (cls.labellable and _draws(taxonomy, cls))
    ]
    missing = sorted(set(range(len(classes))) - set(classes))
    if missing:
        shown = ", ".join(map(str, missing[:5]))
        problems.append(f"the yolo indices must be 0..{len(classes) - 1}; {shown} is missing")
    return YoloIndex(dict(sorted(classes.items())), declared=True, problems=tuple(problems))


def _draws(taxonomy: Taxonomy, cls: TaxonomyClass) -> bool:
    """Whether a YOLO label line can hold an object of this class."""
    kinds = (taxonomy.label_types[n].kind for n in cls.label_types if n in taxonomy.label_types)
    return any(kind in INDEX_KINDS for kind in kinds)
