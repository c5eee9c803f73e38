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
* With an id lock (``taxonomy.lock``, ``NAME.lock``) and no ``yolo`` id space, every locked
  class keeps its locked index, even once deprecated or made abstract (its slot keeps its
  name: ``names`` has no gaps, and no other class moves), and classes new since the lock
  follow the highest locked index in stable-id order. A locked class that is gone leaves
  its slot to the next one; lint refuses that (T308) until ``taxonomist lock`` after a major
  version bump writes the closed-up order into the lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

YOLO_SPACE = "yolo"
INDEX_KINDS = frozenset({"box", "polygon", "keypoints"})  # what a YOLO label line can draw


@dataclass(frozen=True, slots=True)
class YoloIndex:
    """YOLO class number -> class; ``declared`` when the taxonomy's ``yolo`` id space gave it."""

    classes: Mapping[int, TaxonomyClass]
    declared: bool
    problems: tuple[str, ...] = ()  # why a declared index cannot be a YOLO ``names`` list
    note: str | None = None  # why an inherited declaration was set aside

    def get(self, index: int) -> TaxonomyClass | None:
        return self.classes.get(index)


def yolo_index(taxonomy: Taxonomy) -> YoloIndex:
    """The taxonomy's YOLO index: declared, else the drawable classes in id order.

    A declaration inherited from a base (``extends``) that no longer numbers this taxonomy's
    drawable classes 0..n-1 (a ``subset`` dropped some, the project added its own) is set
    aside for the default order, with a note saying so; one the taxonomy's own file makes is
    kept with its problems, for the export to refuse."""
    default = _default(taxonomy)
    if YOLO_SPACE not in taxonomy.id_spaces:
        return default
    declared = _declared(taxonomy)
    where = taxonomy.position(f"/id_spaces/{YOLO_SPACE}")
    if not declared.problems or where is None or _same_file(where.file, taxonomy.path):
        return declared
    note = (
        f"the yolo id space of {Path(where.file).name} does not number this taxonomy's "
        f"classes ({declared.problems[0]}); the default order is used"
    )
    return replace(default, note=note)


def _default(taxonomy: Taxonomy) -> YoloIndex:
    drawable = [c for c in taxonomy.classes.values() if c.labellable and _draws(taxonomy, c)]
    drawable.sort(key=lambda c: c.id)
    if taxonomy.lock is None:
        return YoloIndex(dict(enumerate(drawable)), declared=False)
    slots = _locked_slots(taxonomy)
    held = {cls.name for cls in slots}
    order = [*slots, *(c for c in drawable if c.name not in held)]
    note = None if order == drawable else _lock_note(taxonomy, slots, drawable)
    return YoloIndex(dict(enumerate(order)), declared=False, note=note)


def _locked_slots(taxonomy: Taxonomy) -> list[TaxonomyClass]:
    """The classes the lock gives a YOLO index, in index order (followed by stable id)."""
    lock = taxonomy.lock
    assert lock is not None
    slots: dict[str, TaxonomyClass] = {}
    for _index, class_id in sorted((c.yolo, c.id) for c in lock.classes if c.yolo is not None):
        cls = taxonomy.by_id(class_id)
        if cls is not None:
            slots.setdefault(cls.name, cls)
    return list(slots.values())


def _lock_note(
    taxonomy: Taxonomy, slots: list[TaxonomyClass], drawable: list[TaxonomyClass]
) -> str:
    """Why the order is not the drawable classes by stable id: the lock kept it."""
    lock = taxonomy.lock
    assert lock is not None
    kept = [c.name for c in slots if not (c.labellable and _draws(taxonomy, c))]
    new = len({c.name for c in drawable} - {c.name for c in slots})
    text = f"the id lock {lock.path.name} keeps the order it recorded"
    if kept:
        shown = ", ".join(map(repr, kept[:5])) + (", ..." if len(kept) > 5 else "")
        text += f", with the slots of {shown} (no longer labellable)"
    if new:
        text += f"; {new} new class{'es come' if new != 1 else ' comes'} after them"
    return text


def _declared(taxonomy: Taxonomy) -> YoloIndex:
    classes: dict[int, TaxonomyClass] = {}
    problems: list[str] = []
    for cls in taxonomy.classes.values():
        value = cls.spec.ids.get(YOLO_SPACE)
        drawable = cls.labellable and _draws(taxonomy, cls)
        if value is None:
            if drawable:
                problems.append(f"class {cls.name!r} can be drawn but has no yolo value")
            continue
        if not drawable:
            problems.append(
                f"class {cls.name!r} has a yolo value but is abstract, deprecated or has no "
                "box, polygon or keypoints label type"
            )
        classes[value] = cls
    missing = sorted(set(range(len(classes))) - set(classes))
    if missing:
        shown = ", ".join(map(str, missing[:5]))
        problems.append(f"the yolo values must be 0..{len(classes) - 1}, without gaps at {shown}")
    return YoloIndex(dict(sorted(classes.items())), declared=True, problems=tuple(problems))


def _same_file(a: str | Path, b: str | Path) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _draws(taxonomy: Taxonomy, cls: TaxonomyClass) -> bool:
    """Whether a YOLO label line can hold an object of this class."""
    kinds = (taxonomy.label_types[n].kind for n in cls.label_types if n in taxonomy.label_types)
    return any(kind in INDEX_KINDS for kind in kinds)
