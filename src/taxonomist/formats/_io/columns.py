"""Bulk builders of ``Dataset`` columns from lists of decoded values.

Each builder makes one pass in C where it can (``np.fromiter`` over ``itertools.chain``,
``map(len, ...)``) and drops to a per-row Python loop only when the data is irregular (a
``None`` or a wrong length somewhere), so valid files pay the fast price.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain, compress, repeat
from operator import is_not
from typing import Any

import numpy as np

from taxonomist.dataset.model import F64, I64, Objects, Ragged

_EMPTY: tuple[()] = ()
COORDINATE_LIMIT = 1e9  # pixels: no image is a billion pixels wide; 1e308 only overflows
OUT_OF_RANGE = (
    f"a coordinate lies beyond {COORDINATE_LIMIT:.0e} pixels (or is Infinity); not checked"
)
SIZE_OUT_OF_RANGE = (
    f"image size beyond {COORDINATE_LIMIT:.0e} pixels (or Infinity); read as unknown"
)


def index_rows(keys: Sequence[Any], table: Sequence[Any]) -> I64:
    """For each key, the row of its first occurrence in ``table``, else -1.

    Integer ids are matched with a sorted search (no per-key Python); anything else (string
    ids, ``None``) through a dict. ``1`` and ``"1"`` are different ids, as in COCO tools."""
    if not table or not set(map(type, keys)) | set(map(type, table)) <= {int}:
        return _index_rows_dict(keys, table)
    try:
        k = np.fromiter(keys, np.int64, len(keys))
        t = np.fromiter(table, np.int64, len(table))
    except OverflowError:  # ids beyond 64 bits: still valid JSON integers
        return _index_rows_dict(keys, table)
    low, high = int(t.min()), int(t.max())
    if high - low <= 4 * len(t) + 1024:  # dense ids (the usual case): a lookup table
        return _index_dense(k, t, low, high)
    order = np.argsort(t, kind="stable")
    ordered = t[order]
    pos = np.minimum(np.searchsorted(ordered, k), len(t) - 1)
    return np.where(ordered[pos] == k, order[pos], -1).astype(np.int64)


def _index_dense(keys: I64, table: I64, low: int, high: int) -> I64:
    ids, first = np.unique(table, return_index=True)  # first occurrence of each id
    lookup = np.full(high - low + 1, -1, np.int64)
    lookup[ids - low] = first
    inside = (keys >= low) & (keys <= high)
    if inside.all():
        found: I64 = lookup[keys - low]
        return found
    out = np.full(len(keys), -1, np.int64)
    out[inside] = lookup[keys[inside] - low]
    return out


def _index_rows_dict(keys: Sequence[Any], table: Sequence[Any]) -> I64:
    lookup: dict[tuple[type, Any], int] = {}
    for row, key in enumerate(table):
        if _hashable(key):
            lookup.setdefault((type(key), key), row)
    found = (lookup.get((type(k), k), -1) if _hashable(k) else -1 for k in keys)
    return np.fromiter(found, np.int64, len(keys))


def _hashable(value: Any) -> bool:
    return value is not None and isinstance(value, int | str)


def wide_ints(values: Sequence[Any]) -> list[int]:
    """Rows holding an integer beyond 64 bits (msgspec reads ``10**400`` exactly; numpy,
    orjson and most tools cannot): such an id is a corrupt value, not a name."""
    try:
        if not values or (_fits(min(values)) and _fits(max(values))):
            return []  # the usual case: all integers, all within 64 bits
    except TypeError:  # string ids or None beside them: look at the integers alone
        pass
    return [row for row, v in enumerate(values) if type(v) is int and not _fits(v)]


def mask_size(value: Any) -> tuple[int, int] | None:
    """An RLE ``size`` as (height, width): two whole numbers from 0 to ``COORDINATE_LIMIT``,
    else None (a size of 10**200 makes every area computed from it overflow)."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    height, width = (whole_number(v, minimum=0) for v in value)
    if height is None or width is None or max(height, width) > COORDINATE_LIMIT:
        return None
    return height, width


def _fits(value: Any) -> bool:
    return isinstance(value, int) and -(2**63) <= value < 2**63


def float_column(values: Sequence[Any]) -> F64:
    """Floats, ``NaN`` where a value is None (or not a number)."""
    try:
        return np.fromiter(values, np.float64, len(values))
    except (TypeError, ValueError):
        return np.fromiter(map(_as_float, values), np.float64, len(values))


def finite_number(value: Any) -> float | None:
    """A JSON number (never a bool: ``true`` is not 1 in an annotation) as a finite float,
    else None: NaN, Infinity and integers beyond a double's range are no coordinate."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def whole_number(value: Any, minimum: int = -(2**63)) -> int | None:
    """A JSON integer from ``minimum`` up to 2**63 - 1 (a float with no fraction, ``480.0``,
    counts too), else None: what can index, size or count something."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if minimum <= value < 2**63 else None
    number = finite_number(value)
    if number is None or not number.is_integer() or not minimum <= number < 2**63:
        return None
    return int(number)


def _as_float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float("nan")


def int_column(values: Sequence[Any], missing: int = -1) -> I64:
    """Integers (bools as 0/1), ``missing`` where a value is None."""
    n = len(values)
    try:
        return np.fromiter(values, np.int64, n)
    except (TypeError, ValueError, OverflowError):
        pass
    present = np.fromiter(map(is_not, values, repeat(None)), np.bool_, n)
    out = np.full(n, missing, np.int64)
    kept = list(compress(values, present.tolist()))
    try:
        out[present] = np.fromiter(kept, np.int64, len(kept))
    except (TypeError, ValueError, OverflowError):
        out[present] = np.fromiter((_as_int(v, missing) for v in kept), np.int64, len(kept))
    return out


def _as_int(value: Any, missing: int) -> int:
    if not isinstance(value, int):
        return missing
    return max(-(2**63), min(int(value), 2**63 - 1))


def box_column(boxes: Sequence[Any]) -> tuple[F64, list[int]]:
    """An (N, 4) array from 4-number lists, ``NaN`` rows where absent; also the rows whose
    box has the wrong length (left ``NaN``)."""
    n = len(boxes)
    if boxes.count(None) == 0 and set(map(len, boxes)) <= {4}:
        flat = np.fromiter(chain.from_iterable(boxes), np.float64, 4 * n)
        return flat.reshape(n, 4), []
    out = np.full((n, 4), np.nan)
    bad: list[int] = []
    for row, box in enumerate(boxes):
        if box is None:
            continue
        if len(box) == 4:
            out[row] = box
        else:
            bad.append(row)
    return out, bad


def parts_ragged(per_object: Sequence[Any], label_type: str | None = None) -> Ragged:
    """A Ragged with one row per part, from per-object lists of flat number lists
    (polygons); entries that are not lists (None, an RLE) contribute no rows."""
    lists = per_object
    if set(map(type, per_object)) != {list}:  # some None or RLE: they own no parts
        lists = [p if p.__class__ is list else _EMPTY for p in per_object]
    counts = np.fromiter(map(len, lists), np.int64, len(lists))
    owner = np.repeat(np.arange(len(lists), dtype=np.int64), counts)
    parts: list[Any] = list(chain.from_iterable(lists))
    return ragged_rows(owner, parts, label_type)


def flat_ragged(per_object: Sequence[Any], label_type: str | None = None) -> Ragged:
    """A Ragged with one row per object that has a flat number list (keypoints)."""
    present = np.fromiter(map(is_not, per_object, repeat(None)), np.bool_, len(per_object))
    owner = np.flatnonzero(present)
    rows = [per_object[i] for i in owner.tolist()]
    return ragged_rows(owner, rows, label_type)


def ragged_rows(owner: I64, rows: list[Any], label_type: str | None) -> Ragged:
    """A Ragged from flat number lists ``rows`` owned by object rows ``owner``."""
    lengths = np.fromiter(map(len, rows), np.int64, len(rows))
    offsets = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    values = np.fromiter(chain.from_iterable(rows), np.float64, int(offsets[-1]))
    names: list[str | None] | None = None
    if label_type is not None:
        names = [label_type] * len(rows)
    return Ragged(owner, offsets, values, names)


def none_rows(values: Sequence[Any]) -> list[int]:
    """Rows whose value is None (fast when there are none)."""
    if values.count(None) == 0:
        return []
    return [row for row, v in enumerate(values) if v is None]


def _beyond(values: F64) -> Any:
    """Where values lie beyond ``COORDINATE_LIMIT`` (Infinity too; NaN is absence)."""
    if values.size and -COORDINATE_LIMIT <= values.min() <= values.max() <= COORDINATE_LIMIT:
        return np.zeros(values.shape, np.bool_)  # the usual case: two passes, no temporaries
    with np.errstate(invalid="ignore"):
        return np.abs(values) > COORDINATE_LIMIT


def bound_sizes(width: F64, height: F64) -> list[int]:
    """Image rows whose width or height lies beyond ``COORDINATE_LIMIT``; both are set to
    NaN (unknown) there, so no rule multiplies them into an overflow."""
    bad = _beyond(width) | _beyond(height)
    width[bad] = height[bad] = np.nan
    rows: list[int] = np.flatnonzero(bad).tolist()
    return rows


def bound_geometry(objects: Objects) -> list[int]:
    """Object rows with a coordinate beyond ``COORDINATE_LIMIT`` (or Infinity, from the file
    or from scaling it): that box, or those polygon, keypoint and line values, become NaN
    (not there), so rules never compute ``inf - inf`` or overflow ``w * h``."""
    rows: set[int] = set()
    for boxes in (objects.box, *objects.extra_boxes.values()):
        bad = _beyond(boxes).any(axis=1)
        boxes[bad] = np.nan
        rows.update(np.flatnonzero(bad).tolist())
    shapes = (objects.polygons, objects.keypoints, objects.polylines, objects.points)
    for ragged in (*shapes, objects.rotated_boxes):
        bad = np.flatnonzero(_beyond(ragged.values))
        if len(bad):
            parts = np.searchsorted(ragged.offsets, bad, side="right") - 1
            rows.update(ragged.owner[parts].tolist())
            ragged.values[bad] = np.nan
    return sorted(rows)
