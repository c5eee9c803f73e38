"""What the edge-case kinds share: the runner's signature, the hit it yields, and the two
narrowings of a rule's rows that several kinds make (boxes with an extent, single objects)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.check.edge_geometry import box_columns

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
FAMILY = "edge cases"
Hit = tuple[str, int, str]  # ("object" | "image", row, message)
Runner = Callable[[Context, Any, I64], Iterator[Hit]]


def sized(ctx: Context, rows: I64, label_type: str | None) -> I64:
    """Rows whose box has an extent: empty boxes are G001's finding, not a size rule's."""
    _, _, w, h = box_columns(ctx, label_type, rows)
    result: I64 = rows[~((w <= 0) | (h <= 0))]
    return result


def individual(ctx: Context, rows: I64) -> I64:
    """The rows that are single objects: crowd regions carry no attributes and are not counted."""
    result: I64 = rows[~ctx.dataset.objects.crowd[rows]]
    return result
