"""Optimal one-to-one matching of two annotators' objects in each image.

Two rounds, each the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``)
maximising the summed overlap, pairs under the threshold being no match: first within each
class, then, by shape alone, the leftovers of both sides across classes. A pair of the second
round is a class swap (shown as confusion), not a miss and an extra.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from taxonomist.dataset.model import F64, I64
from taxonomist.quality.agree.inputs import Side
from taxonomist.quality.agree.overlap import box_iou, mask_iou, oks

Similarity = Callable[[Side, I64, Side, I64], F64]


@dataclass(frozen=True, slots=True)
class ImageMatch:
    """One image of one pair: matched rows (A row, B row, overlap), A's and B's leftovers."""

    image: str
    a_image: int
    b_image: int
    matches: tuple[tuple[int, int, float], ...]
    missed: tuple[int, ...]
    extra: tuple[int, ...]


def rows_by_image(side: Side) -> dict[int, I64]:
    """Image row -> the side's object rows in it."""
    image = side.dataset.objects.image[side.rows]
    order = np.argsort(image, kind="stable")
    ordered, rows = image[order], side.rows[order]
    starts = (
        np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]).tolist() if ordered.size else []
    )
    bounds: list[int] = [*starts, int(ordered.size)]
    return {int(ordered[s]): rows[s:e] for s, e in pairwise(bounds)}


def similarity_for(match_by: str, sigmas: F64 | None) -> Similarity:
    if match_by == "mask":
        return mask_iou
    if match_by == "keypoints":
        return lambda a, ra, b, rb: oks(a, ra, b, rb, sigmas)
    return lambda a, ra, b, rb: box_iou(a.dataset.objects.box[ra], b.dataset.objects.box[rb])


def class_codes(a: Side, b: Side) -> tuple[I64, I64]:
    """Each object row's class as one integer shared by both sides (-1: unknown), so the
    per-image class comparison is one array comparison."""
    known = {c for side in (a, b) for c in side.checked.classes if c is not None}
    names = {name: k for k, name in enumerate(sorted(known))}

    def codes(side: Side) -> I64:
        values = [-1 if c is None else names[c] for c in side.checked.classes]
        return np.array(values, dtype=np.int64)

    return codes(a), codes(b)


def match_pair(
    a: Side, b: Side, images: list[str], similarity: Similarity, threshold: float
) -> list[ImageMatch]:
    """Every common image of ``a`` and ``b`` matched, in ``images`` order."""
    a_rows, b_rows = rows_by_image(a), rows_by_image(b)
    a_keys, b_keys = a.image_keys(), b.image_keys()
    codes = class_codes(a, b)
    empty = np.zeros(0, np.int64)
    out = []
    for key in images:
        ai, bi = a_keys[key], b_keys[key]
        ra, rb = a_rows.get(ai, empty), b_rows.get(bi, empty)
        pairs = _pairs((a, ra), (b, rb), codes, similarity, threshold)
        out.append(_image_match(key, (ai, bi), ra, rb, pairs))
    return out


def _pairs(
    a: tuple[Side, I64],
    b: tuple[Side, I64],
    codes: tuple[I64, I64],
    similarity: Similarity,
    threshold: float,
) -> list[tuple[int, int, float]]:
    """One image's matches as (A index, B index, overlap) into its row lists."""
    (side_a, ra), (side_b, rb) = a, b
    if not ra.size or not rb.size:
        return []
    sim = similarity(side_a, ra, side_b, rb)
    same = codes[0][ra][:, None] == codes[1][rb][None, :]
    pairs = _assign(np.where(same, sim, np.nan), threshold)
    return pairs + _leftovers(sim, pairs, threshold)


def _image_match(
    key: str, image_rows: tuple[int, int], ra: I64, rb: I64, pairs: list[tuple[int, int, float]]
) -> ImageMatch:
    matched = sorted((int(ra[i]), int(rb[j]), s) for i, j, s in pairs)
    used_a, used_b = {m[0] for m in matched}, {m[1] for m in matched}
    return ImageMatch(
        key,
        *image_rows,
        tuple(matched),
        tuple(r for r in ra.tolist() if r not in used_a),
        tuple(r for r in rb.tolist() if r not in used_b),
    )


def _leftovers(
    sim: F64, first: list[tuple[int, int, float]], threshold: float
) -> list[tuple[int, int, float]]:
    """The second round: A's and B's unmatched objects paired by shape, whatever the class."""
    free_a = np.ones(sim.shape[0], dtype=bool)
    free_b = np.ones(sim.shape[1], dtype=bool)
    for i, j, _ in first:
        free_a[i] = free_b[j] = False
    if not free_a.any() or not free_b.any():
        return []
    rest_a, rest_b = np.flatnonzero(free_a), np.flatnonzero(free_b)
    pairs = _assign(sim[np.ix_(rest_a, rest_b)], threshold)
    return [(int(rest_a[i]), int(rest_b[j]), s) for i, j, s in pairs]


def _assign(sim: F64, threshold: float) -> list[tuple[int, int, float]]:
    """The matching of most summed overlap among pairs at or over ``threshold``; NaN: none."""
    usable = np.nan_to_num(sim, nan=-1.0) >= threshold
    rows, cols = np.nonzero(usable)
    if rows.size == 0:
        return []
    if _without_conflict(rows, cols):  # each object has one candidate: nothing to choose
        pairs = zip(rows.tolist(), cols.tolist(), strict=True)
        return [(i, j, float(sim[i, j])) for i, j in pairs]
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    # a usable pair weighs 1 + overlap, so more matches always beat higher overlap
    weight = np.where(usable, 1.0 + np.nan_to_num(sim), 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [
        (int(i), int(j), float(sim[i, j]))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        if usable[i, j]
    ]


def _without_conflict(rows: I64, cols: I64) -> bool:
    """No object on either side is usable with two of the other's."""
    return len(set(rows.tolist())) == rows.size and len(set(cols.tolist())) == cols.size
