"""Which rows repeat an earlier row's id: the one definition the duplicate-id rules use and
readers that index a whole file in parts (``formats.coco.stream``) apply to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def _duplicates(ids: Sequence[Any]) -> list[int]:
    """Rows whose id appeared on an earlier row (synthesised '#<row>' ids never clash)."""
    seen: set[Any] = set()
    rows = []
    for row, value in enumerate(ids):
        key = _hashable(value)
        if key in seen:
            rows.append(row)
        seen.add(key)
    return rows


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return (type(value) is str, value)  # 1 and "1" are different ids


def duplicate_rows(ids: Sequence[Any]) -> list[int]:
    """Rows repeating an earlier row's id; sorted in bulk when the ids are all integers
    or all strings."""
    try:
        array = np.asarray(ids) if len(ids) else np.zeros(0, np.int64)
    except ValueError:  # ragged lists as ids
        return _duplicates(ids)
    if array.ndim != 1 or array.dtype.kind not in "iuU":
        return _duplicates(ids)
    if array.dtype.kind == "U" and not all(type(v) is str for v in ids):
        return _duplicates(ids)  # numpy turned numbers into text: 1 and "1" would clash
    order = np.argsort(array, kind="stable")
    repeated = np.zeros(len(array), dtype=np.bool_)
    repeated[order[1:]] = array[order[1:]] == array[order[:-1]]
    return [int(i) for i in np.flatnonzero(repeated)]


def duplicates_per_group(groups: Sequence[int], ids: Sequence[Any]) -> list[int]:
    """Rows repeating an earlier row's id within the same group (an image)."""
    if not duplicate_rows(ids):  # the common case, in bulk: no id repeats anywhere
        return []
    return _duplicates(list(zip(groups, ids, strict=True)))
