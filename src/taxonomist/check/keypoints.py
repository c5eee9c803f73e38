"""Keypoint columns shared by the keypoint rules (K) and the edge-case checks (X).

Each keypoint row (one object's flat ``x, y, v, ...`` list) is tied to a keypoint label type:
the one the format names, else the class's first. Rows of the right length are unpacked
into flat ``x``, ``y``, ``v`` columns once (``triplets``, cached on the context) and every
check reads those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.taxonomy.model import KeypointLabel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Triplets:
    """The keypoints of every well-formed row, flat: one entry per keypoint."""

    x: F64
    y: F64
    v: F64
    row: I64  # keypoint row (index into ``Objects.keypoints``)
    index: I64  # position of the keypoint in its schema
    good: npt.NDArray[np.bool_]  # keypoint rows that are well formed


def keypoint_types(ctx: Context) -> list[tuple[str, KeypointLabel]]:
    """The taxonomy's keypoint label types (name, spec), in declaration order."""
    return [(n, t) for n, t in ctx.taxonomy.label_types.items() if isinstance(t, KeypointLabel)]


def row_types(ctx: Context) -> I64:
    """The keypoint label type (index into ``keypoint_types``) of every keypoint row, -1 if
    none."""
    if "kp.types" in ctx.cache:
        found: I64 = ctx.cache["kp.types"]
        return found
    types = keypoint_types(ctx)
    position = {name: i for i, (name, _) in enumerate(types)}

    def first(cls: Any) -> int:
        return next((position[n] for n in cls.label_types if n in position), -1)

    kp = ctx.dataset.objects.keypoints
    result: I64 = ctx.for_objects("kp.first", first, np.int64, -1)[kp.owner]
    named = kp.label_type or []
    defined = ctx.taxonomy.label_types
    for i, name in enumerate(named):
        if name is not None and name in position:
            result[i] = position[name]
        elif name is not None and name in defined:
            result[i] = -1  # a flat list under another kind of label type: A001 says so
    ctx.cache["kp.types"] = result
    return result


def per_type(ctx: Context, fact: Any, dtype: Any, default: Any) -> Any:
    """``fact`` of each keypoint row's label type (``default`` for rows without one)."""
    values = [fact(t) for _, t in keypoint_types(ctx)] + [default]
    return np.array(values, dtype=dtype)[row_types(ctx)]


def triplets(ctx: Context) -> Triplets:
    """The flat keypoint columns of every well-formed row (cached on the context)."""
    if "kp.triplets" in ctx.cache:
        cached: Triplets = ctx.cache["kp.triplets"]
        return cached
    kp = ctx.dataset.objects.keypoints
    lengths = kp.lengths()
    expected = 3 * per_type(ctx, lambda t: len(t.keypoints), np.int64, 0)
    good = (row_types(ctx) >= 0) & (lengths == expected)
    sizes, starts = lengths[good], kp.offsets[:-1][good]
    values = kp.values  # every row well formed (the usual case): the values as they are
    if not good.all():
        index = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)
        values = values[index + np.arange(int(sizes.sum()))]
    per_row = sizes // 3
    rows = np.repeat(np.flatnonzero(good), per_row)
    first = np.repeat(np.cumsum(per_row) - per_row, per_row)
    position = np.arange(rows.size) - first
    found = Triplets(values[0::3], values[1::3], values[2::3], rows, position, good)
    ctx.cache["kp.triplets"] = found
    return found
