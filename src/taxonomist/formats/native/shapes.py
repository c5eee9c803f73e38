"""The ``shapes`` of native objects, sorted by what each value looks like:

* an object with ``counts`` -> an RLE mask (``Objects.rle``, its label type on the ``Rle``);
* a list of lists -> polygon parts (``Objects.polygons``, one row per part);
* a flat list of exactly 4 numbers -> an extra box (``Objects.extra_boxes[label_type]``);
* any other flat list -> keypoints ``x, y, v, ...`` (``Objects.keypoints``).

A keypoint list can never be taken for a box: its length is a multiple of 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.dataset.model import F64, Ragged, Rle
from taxonomist.formats._io.columns import mask_size, ragged_rows, whole_number
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TYPE

Problem = tuple[CodeDoc, str] | None


def _numbers(values: list[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


@dataclass(slots=True)
class Shapes:
    poly_owner: list[int] = field(default_factory=list)
    poly_parts: list[list[float]] = field(default_factory=list)
    poly_types: list[str | None] = field(default_factory=list)
    kp_owner: list[int] = field(default_factory=list)
    kp_rows: list[list[float]] = field(default_factory=list)
    kp_types: list[str | None] = field(default_factory=list)
    rle: dict[int, Rle] = field(default_factory=dict)
    boxes: dict[str, dict[int, list[float]]] = field(default_factory=dict)

    def add(self, row: int, label_type: str, value: Any) -> Problem:
        """Record one shape; an (S code, message) when it cannot be read."""
        if isinstance(value, dict):
            return self._rle(row, label_type, value)
        if not isinstance(value, list):
            return (WRONG_TYPE, f"shape {label_type!r} must be a list or an RLE object")
        if value and all(isinstance(v, list) for v in value):
            return self._polygon(row, label_type, value)
        if not _numbers(value):
            return (WRONG_TYPE, f"shape {label_type!r} must hold numbers")
        if len(value) == 4:
            self.boxes.setdefault(label_type, {})[row] = value
        else:
            self.kp_owner.append(row)
            self.kp_rows.append(value)
            self.kp_types.append(label_type)
        return None

    def _polygon(self, row: int, label_type: str, parts: list[list[Any]]) -> Problem:
        if not all(_numbers(p) for p in parts):
            return (WRONG_TYPE, f"polygon {label_type!r} must be lists of numbers")
        for part in parts:
            self.poly_owner.append(row)
            self.poly_parts.append(part)
            self.poly_types.append(label_type)
        return None

    def _rle(self, row: int, label_type: str, value: dict[str, Any]) -> Problem:
        size, counts = value.get("size"), value.get("counts")
        if size is None or counts is None:
            return (MISSING_FIELD, f"RLE {label_type!r} needs size and counts")
        if not isinstance(size, list) or len(size) != 2:
            return (WRONG_LENGTH, f"RLE {label_type!r} size must be [height, width]")
        shape = mask_size(size)
        if shape is None:
            return (WRONG_TYPE, f"RLE {label_type!r} size must be two non-negative integers")
        height, width = shape
        ok_counts = isinstance(counts, str) or (
            isinstance(counts, list) and all(whole_number(v, minimum=0) is not None for v in counts)
        )
        if not ok_counts:
            message = (
                f"RLE {label_type!r} counts must be a string or a list of non-negative integers"
            )
            return (WRONG_TYPE, message)
        if row not in self.rle:
            self.rle[row] = Rle(height, width, counts, label_type)
        return None

    def columns(self, n: int) -> tuple[Ragged, Ragged, dict[int, Rle], dict[str, F64]]:
        polygons = ragged_rows(np.array(self.poly_owner, np.int64), self.poly_parts, None)
        polygons.label_type = self.poly_types
        keypoints = ragged_rows(np.array(self.kp_owner, np.int64), self.kp_rows, None)
        keypoints.label_type = self.kp_types
        extra: dict[str, F64] = {}
        for label_type, rows in self.boxes.items():
            column = np.full((n, 4), np.nan)
            for row, box in rows.items():
                column[row] = box
            extra[label_type] = column
        return polygons, keypoints, self.rle, extra
