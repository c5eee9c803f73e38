"""Shape arithmetic shared by the geometry rules: per-part polygon bounds in bulk, mask
pixel counts, and the pixel values a taxonomy's masks may hold."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.dataset.model import Ragged
from taxonomist.dataset.rle import decode_counts
from taxonomist.taxonomy.model import MaskLabel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def part_bounds(polygons: Ragged, *, lower: bool = True) -> tuple[F64, F64, F64, F64]:
    """Min x, min y, max x, max y of every polygon part (NaN for empty parts).

    With ``lower=False`` the minima are not computed (NaN): a caller that already knows no
    value is negative skips half the work.
    """
    offsets, values = polygons.offsets, polygons.values
    starts, ends = offsets[:-1], offsets[1:]
    # Values at even and odd positions of the whole array are strided views; a part's x
    # values are the even ones when it starts at an even position, else the odd ones (an
    # odd-length part before it shifts the parity). Reduce both, then swap where odd.
    even_from = (starts + 1) >> 1
    odd_from = starts >> 1
    even = (values[0::2], even_from, ((ends + 1) >> 1) - even_from)
    odd = (values[1::2], odd_from, (ends >> 1) - odd_from)
    nothing = np.full(starts.shape[0], np.nan)
    min_even = _reduce(np.minimum, *even) if lower else nothing
    min_odd = _reduce(np.minimum, *odd) if lower else nothing
    max_even, max_odd = _reduce(np.maximum, *even), _reduce(np.maximum, *odd)
    shifted = (starts & 1) == 1
    if not shifted.any():  # the usual case: every part starts at an even position
        return min_even, min_odd, max_even, max_odd
    return (
        np.where(shifted, min_odd, min_even),
        np.where(shifted, min_even, min_odd),
        np.where(shifted, max_odd, max_even),
        np.where(shifted, max_even, max_odd),
    )


def _reduce(ufunc: Any, array: F64, starts: I64, counts: I64) -> F64:
    """``ufunc`` over the runs of ``counts`` values from ``starts``; NaN for empty runs."""
    if counts.size and counts.min() > 0:  # the usual case: no empty part
        result: F64 = ufunc.reduceat(array, starts)
        return result
    out = np.full(counts.shape[0], np.nan)
    ok = counts > 0
    if ok.any():
        out[ok] = ufunc.reduceat(array, starts[ok])
    return out


def mask_areas(ctx: Context) -> dict[int, int]:
    """Pixels set in each decodable run-length mask, by object row."""
    areas: dict[int, int] = {}
    for row, rle in ctx.dataset.objects.rle.items():
        counts = rle.counts if isinstance(rle.counts, list) else decode_counts(rle.counts)
        if counts is not None and all(isinstance(c, int) for c in counts):
            areas[row] = sum(counts[1::2])
    return areas


def mask_vocabulary(ctx: Context, space: str | None = None) -> set[int]:
    """Pixel values that mean something: class values in each mask label type's id space
    (the class id by default), its void value, and the id space's ignore value.

    With ``space`` (the dataset says which id space a mask's values are in:
    ``MaskPixels.space``), only that space's values: the class ids for ``"id"``, the classes'
    colours as ``0xRRGGBB`` codes for ``"color"``, else the values of the taxonomy's id space
    of that name and its ignore value; and the void value of the mask label types in it."""
    masks = [t for t in ctx.taxonomy.label_types.values() if isinstance(t, MaskLabel)]
    if space == "color":
        return {int(c.spec.color[1:], 16) for c in ctx.classes if c.spec.color is not None}
    if space is not None:
        named = None if space == "id" else space
        known = _class_values(ctx, named)
        known |= {t.void_value for t in masks if t.id_space == named and t.void_value is not None}
        ignore = ctx.taxonomy.id_spaces.get(space) if named else None
        if ignore is not None and ignore.ignore_value is not None:
            known.add(ignore.ignore_value)
        return known
    known = set()
    for spec in masks or [MaskLabel(kind="mask")]:
        known |= _class_values(ctx, spec.id_space)
        if spec.void_value is not None:
            known.add(spec.void_value)
        id_space = ctx.taxonomy.id_spaces.get(spec.id_space or "")
        if id_space is not None and id_space.ignore_value is not None:
            known.add(id_space.ignore_value)
    return known


def _class_values(ctx: Context, space: str | None) -> set[int]:
    if space is None:
        return {cls.id for cls in ctx.classes}
    return {cls.spec.ids[space] for cls in ctx.classes if space in cls.spec.ids}


def stuff_values(ctx: Context, space: str | None) -> dict[int, str]:
    """The values of classes without instances (``kind: stuff``) in ``space`` (the class ids
    for None or ``"id"``), with their names: values an instance mask may not number
    (``MaskPixels.instance_base``)."""
    stuff = [cls for cls in ctx.classes if cls.kind == "stuff"]
    if space in (None, "id"):
        return {cls.id: cls.name for cls in stuff}
    return {cls.spec.ids[space]: cls.name for cls in stuff if space in cls.spec.ids}
