"""How much two objects overlap: box IoU, mask IoU (run-length masks) and keypoint OKS.
Each takes the rows of two sides and returns the (len(a), len(b)) similarity matrix; NaN
where a pair cannot be compared (no box)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from taxonomist.dataset.model import F64, I64, Rle

if TYPE_CHECKING:
    from taxonomist.quality.agree.inputs import Side

COCO_FALLBACK_SIGMA = 0.072  # COCO's mean keypoint sigma, for keypoints the taxonomy leaves out


def box_iou(a: F64, b: F64) -> F64:
    """IoU of every box in ``a`` (N, 4 xywh) with every box in ``b`` (M, 4)."""
    ax0, ay0 = a[:, 0:1], a[:, 1:2]
    ax1, ay1 = ax0 + a[:, 2:3], ay0 + a[:, 3:4]
    bx0, by0 = b[:, 0], b[:, 1]
    bx1, by1 = bx0 + b[:, 2], by0 + b[:, 3]
    w = np.clip(np.minimum(ax1, bx1) - np.maximum(ax0, bx0), 0, None)
    h = np.clip(np.minimum(ay1, by1) - np.maximum(ay0, by0), 0, None)
    inter = w * h
    union = a[:, 2:3] * a[:, 3:4] + b[:, 2] * b[:, 3] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        out: F64 = np.where(union > 0, inter / union, 0.0)
    return out


def decode(rle: Rle) -> npt.NDArray[np.bool_] | None:
    """The mask a run-length encoding paints, or None when it does not decode."""
    from taxonomist.dataset.rle import decode_counts, mask

    runs = decode_counts(rle.counts) if isinstance(rle.counts, str) else list(rle.counts)
    if runs is None or sum(runs) != rle.height * rle.width:
        return None
    return mask(rle.height, rle.width, runs)


def mask_iou(a: Side, ra: I64, b: Side, rb: I64) -> F64:
    """Mask IoU where both objects have a run-length mask of one size, box IoU elsewhere."""
    out = box_iou(a.dataset.objects.box[ra], b.dataset.objects.box[rb])
    masks_a = [_mask(a, r) for r in ra.tolist()]
    masks_b = [_mask(b, r) for r in rb.tolist()]
    for i, ma in enumerate(masks_a):
        for j, mb in enumerate(masks_b):
            if ma is not None and mb is not None and ma.shape == mb.shape:
                union = np.logical_or(ma, mb).sum()
                out[i, j] = np.logical_and(ma, mb).sum() / union if union else 0.0
    return out


def _mask(side: Side, row: int) -> npt.NDArray[np.bool_] | None:
    rle = side.dataset.objects.rle.get(row)
    return None if rle is None else decode(rle)


def oks(a: Side, ra: I64, b: Side, rb: I64, sigmas: F64 | None) -> F64:
    """COCO's object keypoint similarity of A's pose (the reference, its box area the scale)
    with B's; box IoU for pairs where either side has no keypoints."""
    out = box_iou(a.dataset.objects.box[ra], b.dataset.objects.box[rb])
    pa, pb = _poses(a, ra), _poses(b, rb)
    for i, ka in enumerate(pa):
        for j, kb in enumerate(pb):
            if ka is not None and kb is not None and ka.shape == kb.shape:
                box = a.dataset.objects.box[ra[i]]
                out[i, j] = _oks(ka, kb, float(box[2] * box[3]), sigmas)
    return out


def _poses(side: Side, rows: I64) -> list[F64 | None]:
    keypoints = side.dataset.objects.keypoints
    where = {int(o): k for k, o in enumerate(keypoints.owner.tolist())}
    return [keypoints.row(where[r]).reshape(-1, 3) if r in where else None for r in rows.tolist()]


def _oks(ka: F64, kb: F64, area: float, sigmas: F64 | None) -> float:
    visible = ka[:, 2] > 0
    if not visible.any():
        return 0.0
    sigma: F64 = np.full(len(ka), COCO_FALLBACK_SIGMA)
    if sigmas is not None and len(sigmas) == len(ka):
        sigma = sigmas
    d2 = ((ka[:, :2] - kb[:, :2]) ** 2).sum(axis=1)
    e = d2 / (2 * max(area, 1.0) * (2 * sigma) ** 2)
    return float(np.exp(-e)[visible].mean())
