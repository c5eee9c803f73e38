"""What every format's rewriter shares: the plan it follows, what it writes, and the objects
it could not place (the re-annotation list).

A rewriter is a pure function of a source (one file, or a folder for folder formats such as
YOLO) and a ``Plan``: it returns the bytes of every file to write, never writes itself, and
leaves every byte it has no reason to change as it was where the format allows (YOLO lines,
CVAT XML text outside the changed attributes) or re-encodes it losslessly (JSON).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.taxonomy.change.fates import ClassFate, KeypointOrder
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.yolo_index import YoloIndex

# What a rewriter counts (``Rewritten.counts``), the same words in every format; a class
# fate is counted as ``class <how>`` (class renamed, class merged, class split, ...).
VALUES_MAPPED = "attribute values mapped"
KEYPOINTS_REORDERED = "keypoints reordered"
YOLO_RENUMBERED = "yolo number changed"
TAKEN_OUT = "objects taken out"
PREDICTIONS_KEPT = "predictions left as they were"


def fate_count(how: str) -> str:
    return f"class {how}"


@dataclass(frozen=True)
class Plan:
    """Everything a rewriter needs to know about the two versions."""

    old: Taxonomy
    new: Taxonomy
    fates: Mapping[str, ClassFate]  # old class name -> fate
    values: Mapping[str, Mapping[Any, Any]]  # attribute -> {old value: new value | None}
    keypoints: Mapping[str, KeypointOrder]  # keypoint label type -> old/new order
    old_yolo: YoloIndex
    new_yolo: YoloIndex

    def fate_of(self, name: str) -> ClassFate | None:
        """The fate of the old class a file names, by its name or by one of its synonyms or
        aliases as the checker matches them (a COCO file's "traffic light")."""
        found = self.fates.get(name)
        if found is not None:
            return found
        cls = self.old.lookup(name)
        return None if cls is None else self.fates.get(cls.name)


@dataclass(frozen=True, slots=True)
class Reannotate:
    """An object the migration could not place; it stays in the file with its old class
    where the format can hold that, and is listed here either way."""

    file: str  # the source file, as given
    image: str  # image id or file name
    object: str  # object id (or "line N" for line formats)
    old_class: str
    candidates: tuple[str, ...]  # the classes an annotator picks from
    reason: str
    kept: bool = True  # False: the format could not keep it; ``original`` holds it
    original: str | None = None  # the object as it was written, when not kept

    def as_row(self) -> dict[str, str]:
        return {
            "file": self.file,
            "image": self.image,
            "object": self.object,
            "old_class": self.old_class,
            "candidates": " ".join(self.candidates),
            "reason": self.reason,
            "kept": "yes" if self.kept else "no",
            "original": self.original or "",
        }


@dataclass
class Rewritten:
    """A rewriter's answer: files to write (path relative to the source's root, bytes), what
    it changed, and what it could not place."""

    outputs: list[tuple[Path, bytes]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # e.g. "class renamed": 12
    reannotate: list[Reannotate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one-line remarks for the plan/dry run
    # outputs regenerated from the new taxonomy rather than migrated (a labeling config
    # beside an export): written with -o, left as they were in place (only the source was
    # named)
    companions: set[Path] = field(default_factory=set)


Rewriter = Callable[[Path, Plan], Rewritten]
