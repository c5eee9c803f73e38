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
import numpy.typing as npt

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


def match_pair(
    a: Side, b: Side, images: list[str], similarity: Similarity, threshold: float
) -> list[ImageMatch]:
    """Every common image of ``a`` and ``b`` matched, in ``images`` order."""
    a_rows, b_rows = rows_by_image(a), rows_by_image(b)
    a_keys, b_keys = a.image_keys(), b.image_keys()
    empty = np.zeros(0, np.int64)
    out = []
    for key in images:
        ai, bi = a_keys[key], b_keys[key]
        ra, rb = a_rows.get(ai, empty), b_rows.get(bi, empty)
        out.append(
            _match_image(
                key, (ai, bi), (a, ra), (b, rb), similarity=similarity, threshold=threshold
            )
        )
    return out


def _match_image(
    key: str,
    image_rows: tuple[int, int],
    a: tuple[Side, I64],
    b: tuple[Side, I64],
    *,
    similarity: Similarity,
    threshold: float,
) -> ImageMatch:
    (side_a, ra), (side_b, rb) = a, b
    pairs: list[tuple[int, int, float]] = []
    if ra.size and rb.size:
        sim = similarity(side_a, ra, side_b, rb)
        same = _same_class(side_a, ra, side_b, rb)
        pairs = _assign(np.where(same, sim, np.nan), threshold)
        pairs += _leftovers(sim, pairs, threshold)
    matched = sorted((int(ra[i]), int(rb[j]), s) for i, j, s in pairs)
    used_a, used_b = {m[0] for m in matched}, {m[1] for m in matched}
    return ImageMatch(
        key,
        *image_rows,
        tuple(matched),
        tuple(int(r) for r in ra if int(r) not in used_a),
        tuple(int(r) for r in rb if int(r) not in used_b),
    )


def _same_class(a: Side, ra: I64, b: Side, rb: I64) -> npt.NDArray[np.bool_]:
    ca = np.array([a.checked.classes[r] for r in ra.tolist()], dtype=object)
    cb = np.array([b.checked.classes[r] for r in rb.tolist()], dtype=object)
    same: npt.NDArray[np.bool_] = ca[:, None] == cb[None, :]
    return same


def _leftovers(
    sim: F64, first: list[tuple[int, int, float]], threshold: float
) -> list[tuple[int, int, float]]:
    """The second round: A's and B's unmatched objects paired by shape, whatever the class."""
    rest_a = np.setdiff1d(np.arange(sim.shape[0]), [i for i, _, _ in first])
    rest_b = np.setdiff1d(np.arange(sim.shape[1]), [j for _, j, _ in first])
    if not rest_a.size or not rest_b.size:
        return []
    pairs = _assign(sim[np.ix_(rest_a, rest_b)], threshold)
    return [(int(rest_a[i]), int(rest_b[j]), s) for i, j, s in pairs]


def _assign(sim: F64, threshold: float) -> list[tuple[int, int, float]]:
    """The matching of most summed overlap among pairs at or over ``threshold``; NaN: none."""
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    usable = ~np.isnan(sim) & (np.nan_to_num(sim) >= threshold)
    # a usable pair weighs 1 + overlap, so more matches always beat higher overlap
    weight = np.where(usable, 1.0 + np.nan_to_num(sim), 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [
        (int(i), int(j), float(sim[i, j]))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        if usable[i, j]
    ]
