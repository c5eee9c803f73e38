"""Kinds that measure the detail of a shape: labelled keypoints, the area of a mask."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from taxonomist.check.context import Context, fmt
from taxonomist.check.edge_geometry import polygon_areas
from taxonomist.check.keypoints import triplets
from taxonomist.check.rules.edge_cases.helpers import FAMILY, I64, Hit
from taxonomist.core.codes import CodeDoc
from taxonomist.dataset.rle import decode_counts
from taxonomist.taxonomy import model as m

KEYPOINTS_MIN_VISIBLE = CodeDoc(
    code="X009",
    name="keypoints-min-visible",
    family=FAMILY,
    summary="Fewer labelled keypoints than the rule asks.",
    why="A skeleton with only a few labelled points gives pose training almost no signal "
    "and makes per-object keypoint scores swing on one or two points; the rule sets "
    "how many points make an object worth its keypoints.",
    bad="check: {name: keypoints-min-visible, min: 5}  # 3 labelled",
    good="5 labelled",
)


def keypoints_min_visible(ctx: Context, check: m.KeypointsVisibleCheck, rows: I64) -> Iterator[Hit]:
    t = triplets(ctx)
    kp = ctx.dataset.objects.keypoints
    labelled = np.bincount(t.row, weights=t.v > 0, minlength=len(kp))
    names = kp.label_type or [None] * len(kp)
    wanted = np.zeros(len(ctx.dataset.objects), dtype=np.bool_)
    wanted[rows] = True
    minimum = ctx.taxonomy.threshold(check.min) or 0.0
    for part in np.flatnonzero(t.good & wanted[kp.owner]).tolist():
        if check.label_type is not None and names[part] not in (None, check.label_type):
            continue
        if labelled[part] < minimum:
            message = f"{int(labelled[part])} keypoints labelled; the rule asks for {fmt(minimum)}"
            yield "object", int(kp.owner[part]), message


MASK_MIN_AREA = CodeDoc(
    code="X010",
    name="mask-min-area",
    family=FAMILY,
    summary="A mask or polygon smaller than the rule's minimum area.",
    why="A mask of a few pixels is a stray click or a leftover fragment of an edit; "
    "segmentation training learns it as an object, and evaluation expects the model to "
    "find something a few pixels large.",
    bad="check: {name: mask-min-area, min: 100}  # a 40-pixel mask",
    good="a 120-pixel mask",
)


def mask_min_area(ctx: Context, check: m.MaskAreaCheck, rows: I64) -> Iterator[Hit]:
    minimum = ctx.taxonomy.threshold(check.min) or 0.0
    areas = polygon_areas(ctx, rows)
    for row, rle in ctx.dataset.objects.rle.items():
        counts = rle.counts if isinstance(rle.counts, list) else decode_counts(rle.counts)
        if row in areas or counts is None:
            continue
        areas[row] = float(sum(c for c in counts[1::2] if isinstance(c, int)))
    wanted = set(rows.tolist())
    for row, area in sorted(areas.items()):
        if row in wanted and area < minimum:
            yield "object", row, f"area {fmt(area)} px is below the minimum {fmt(minimum)}"
