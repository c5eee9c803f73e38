"""Geometry for the edge-case checks: box columns, same-image pairs, IoU, polygon areas.

Pairs of objects in one image are found by sorting the candidates by image and cutting
each subject's range out with ``searchsorted``: the work grows with the pairs that exist,
never with images x objects.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context, fmt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def box_columns(ctx: Context, label_type: str | None, rows: I64) -> tuple[F64, F64, F64, F64]:
    """x, y, w, h of ``rows``: the named extra box where there is one, else the main box."""
    objects = ctx.dataset.objects
    boxes = objects.extra_boxes.get(label_type or "", objects.box)
    every = len(rows) == len(boxes) and bool((rows == np.arange(len(rows))).all())
    picked = boxes if every else boxes[rows]  # every row (the usual case): views, no copy
    return picked[:, 0], picked[:, 1], picked[:, 2], picked[:, 3]


def same_image_pairs(ctx: Context, subjects: I64, candidates: I64) -> tuple[I64, I64]:
    """Every (subject, candidate) pair of distinct objects in the same image."""
    image = ctx.dataset.objects.image
    order = candidates[np.argsort(image[candidates], kind="stable")]
    sorted_images = image[order]
    lo = np.searchsorted(sorted_images, image[subjects], "left")
    hi = np.searchsorted(sorted_images, image[subjects], "right")
    counts = hi - lo
    firsts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    left = np.repeat(subjects, counts)
    right = order[firsts + np.arange(int(counts.sum()))]
    keep = left != right
    return left[keep], right[keep]


def _intersections(ctx: Context, a: I64, b: I64) -> tuple[F64, F64, F64]:
    box = ctx.dataset.objects.box
    ba, bb = box[a], box[b]
    w = np.minimum(ba[:, 0] + ba[:, 2], bb[:, 0] + bb[:, 2]) - np.maximum(ba[:, 0], bb[:, 0])
    h = np.minimum(ba[:, 1] + ba[:, 3], bb[:, 1] + bb[:, 3]) - np.maximum(ba[:, 1], bb[:, 1])
    inter = np.clip(w, 0, None) * np.clip(h, 0, None)
    return inter, ba[:, 2] * ba[:, 3], bb[:, 2] * bb[:, 3]


def inside_class(ctx: Context, subjects: I64, others: I64, fraction: float) -> I64:
    """Subjects (with a box) not covered to ``fraction`` by any of ``others``."""
    subjects = subjects[np.isfinite(ctx.dataset.objects.box[subjects]).all(axis=1)]
    left, right = same_image_pairs(ctx, subjects, others)
    inter, area, _ = _intersections(ctx, left, right)
    with np.errstate(divide="ignore", invalid="ignore"):
        covered = inter / area >= fraction - 1e-9
    ok = np.zeros(len(ctx.dataset.objects), dtype=np.bool_)
    ok[left[covered]] = True
    result: I64 = subjects[~ok[subjects]]
    return result


def overlap(
    ctx: Context, subjects: I64, others: I64, high: float | None, low: float | None
) -> Iterator[tuple[int, str]]:
    """(row, message) for subjects overlapping an other above ``high`` or none above ``low``."""
    subjects = subjects[np.isfinite(ctx.dataset.objects.box[subjects]).all(axis=1)]
    left, right = same_image_pairs(ctx, subjects, others)
    inter, area_a, area_b = _intersections(ctx, left, right)
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = inter / (area_a + area_b - inter)
    ids = ctx.dataset.objects.ids
    if high is not None:
        reported: set[int] = set()
        for i in np.flatnonzero(iou > high).tolist():
            row = int(left[i])
            if row not in reported:
                reported.add(row)
                other = ids[int(right[i])]
                yield row, f"IoU {iou[i]:.2f} with object {other!r} is above {fmt(high)}"
    if low is not None:
        ok = np.zeros(len(ctx.dataset.objects), dtype=np.bool_)
        ok[left[iou >= low]] = True
        for row in subjects[~ok[subjects]].tolist():
            yield int(row), f"no overlapping object with IoU of at least {fmt(low)}"


def polygon_areas(ctx: Context, rows: I64) -> dict[int, float]:
    """Shoelace area per object (parts summed) for the objects in ``rows`` with polygons."""
    polygons = ctx.dataset.objects.polygons
    wanted = np.zeros(len(ctx.dataset.objects), dtype=np.bool_)
    wanted[rows] = True
    areas: dict[int, float] = {}
    for part in np.flatnonzero(wanted[polygons.owner]).tolist():
        values = polygons.row(part)
        if values.size < 6 or values.size % 2:
            continue
        x, y = values[0::2], values[1::2]
        area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
        owner = int(polygons.owner[part])
        areas[owner] = areas.get(owner, 0.0) + area
    return areas
