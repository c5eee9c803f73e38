"""Kinds that measure one box: its size, its shape, and whether it lies inside the image."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from taxonomist.check.context import Context, fmt
from taxonomist.check.edge_geometry import box_columns
from taxonomist.check.rules.edge_cases.helpers import F64, FAMILY, I64, Hit, sized
from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import model as m

BOX_SIZE = CodeDoc(
    code="X001",
    name="box-size",
    family=FAMILY,
    summary="A box smaller or larger than the rule allows.",
    why="Boxes outside the size range the guidelines label are usually slips (a stray click, "
    "a box around the whole scene) or objects the guidelines leave out; trained on, they "
    "are positives too small or too odd to learn from, and in evaluation they count as "
    "misses.",
    bad="check: {name: box-size, min_height: 40}  # a person 25 px tall",
    good="a person 40 px tall or more (or not labelled, as the rule says)",
)


def box_size(ctx: Context, check: m.BoxSizeCheck, rows: I64) -> Iterator[Hit]:
    rows = sized(ctx, rows, check.label_type)
    _, _, w, h = box_columns(ctx, check.label_type, rows)
    scale_w: F64 = np.ones(rows.shape[0])
    scale_h: F64 = scale_w
    if check.relative:
        width, height = ctx.image_size()
        scale_w, scale_h = width[rows], height[rows]
    measures = {"width": w / scale_w, "height": h / scale_h, "area": w * h / (scale_w * scale_h)}
    for what, values in measures.items():
        for bound, sign in (("min", -1), ("max", 1)):
            limit = ctx.taxonomy.threshold(getattr(check, f"{bound}_{what}"))
            if limit is None:
                continue
            bad = values < limit if sign < 0 else values > limit
            for i in np.flatnonzero(bad).tolist():
                word = "below the minimum" if sign < 0 else "above the maximum"
                message = f"box {what} {fmt(values[i])} is {word} {fmt(limit)}"
                yield "object", int(rows[i]), message


ASPECT_RATIO = CodeDoc(
    code="X002",
    name="aspect-ratio",
    family=FAMILY,
    summary="A box whose width / height is outside the rule's range.",
    why="A class has a typical shape; a box far wider or taller is usually one box around "
    "two objects, a half-finished drag or swapped width and height, and it teaches "
    "box regression the wrong shape.",
    bad="check: {name: aspect-ratio, max: 4}  # a 500 x 100 box",
    good="a 300 x 100 box",
)


def aspect_ratio(ctx: Context, check: m.AspectRatioCheck, rows: I64) -> Iterator[Hit]:
    rows = sized(ctx, rows, check.label_type)
    _, _, w, h = box_columns(ctx, check.label_type, rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = w / h
    low, high = ctx.taxonomy.threshold(check.min), ctx.taxonomy.threshold(check.max)
    bad = np.zeros(rows.shape[0], dtype=np.bool_)
    if low is not None:
        bad |= ratio < low
    if high is not None:
        bad |= ratio > high
    for i in np.flatnonzero(bad).tolist():
        yield "object", int(rows[i]), f"width / height is {ratio[i]:.3g}, outside the allowed range"


INSIDE_IMAGE = CodeDoc(
    code="X003",
    name="inside-image",
    family=FAMILY,
    summary="An object outside the image beyond the rule's tolerance.",
    why="Training pipelines clip or drop coordinates past the image edge, so what is trained "
    "is not what was stored; for the classes the rule names, overshoot beyond its "
    "tolerance means a wrong image size or an unclipped export.",
    bad="check: {name: inside-image}  # box [-5, 0, 10, 10]",
    good="box [0, 0, 10, 10]",
)


def inside_image(ctx: Context, check: m.InsideImageCheck, rows: I64) -> Iterator[Hit]:
    x, y, w, h = box_columns(ctx, None, rows)
    width, height = ctx.image_size()
    tol = ctx.taxonomy.threshold(check.tolerance) or 0.0
    bad = (x < -tol) | (y < -tol) | (x + w > width[rows] + tol) | (y + h > height[rows] + tol)
    for i in np.flatnonzero(bad).tolist():
        yield "object", int(rows[i]), "the object is not inside the image"
