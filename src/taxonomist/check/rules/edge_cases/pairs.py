"""Kinds that join objects of one image: a part inside its whole, overlaps between classes."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from taxonomist.check import edge_geometry
from taxonomist.check.conditions import class_indices
from taxonomist.check.context import Context, fmt
from taxonomist.check.rules.edge_cases.helpers import FAMILY, I64, Hit
from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import model as m

INSIDE_CLASS = CodeDoc(
    code="X004",
    name="inside-class",
    family=FAMILY,
    summary="An object not (mostly) inside one of the given classes.",
    why="A part (a face, a licence plate) exists only on its whole; one outside every whole "
    "is usually a wrong class or a box drawn on the wrong object, and whatever pairs "
    "parts with their wholes (part-based models, crops, anonymisation) finds no owner for "
    "it.",
    bad="check: {name: inside-class, classes: [person]}  # a face box next to the person",
    good="the face box inside the person box",
)


def inside_class(ctx: Context, check: m.InsideClassCheck, rows: I64) -> Iterator[Hit]:
    others = np.flatnonzero(np.isin(ctx.object_class, class_indices(ctx, check.classes)))
    fraction = ctx.taxonomy.threshold(check.min_fraction) or 0.0
    names = " or ".join(check.classes)
    for row in edge_geometry.inside_class(ctx, rows, others, fraction).tolist():
        yield "object", row, f"not inside a {names} (at least {fmt(fraction)} of the box)"


OVERLAP = CodeDoc(
    code="X005",
    name="overlap",
    family=FAMILY,
    summary="Objects overlapping more (or less) than the rule allows.",
    why="Two boxes on one object are a duplicate: non-maximum suppression lets a detector "
    "keep only one, so evaluation counts the other as a miss. A required overlap that is "
    "missing means the object it goes with was never labelled or was drawn in the wrong "
    "place.",
    bad="check: {name: overlap, classes: [car], max_iou: 0.5}  # two cars at IoU 0.9",
    good="one box per car",
)


def overlap(ctx: Context, check: m.OverlapCheck, rows: I64) -> Iterator[Hit]:
    others = np.flatnonzero(np.isin(ctx.object_class, class_indices(ctx, check.classes)))
    high, low = ctx.taxonomy.threshold(check.max_iou), ctx.taxonomy.threshold(check.min_iou)
    for row, message in edge_geometry.overlap(ctx, rows, others, high, low):
        yield "object", row, message
