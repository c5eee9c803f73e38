"""Boxes in the convention their label type declares, turned into pixel ``xywh``.

Readers of foreign formats convert on the way in (their convention is fixed), but a native
file writes each box the way the class's box label type says (``format: xyxy``,
``units: normalized``), which only the taxonomy knows: its reader says so
(``Dataset.boxes_follow_label_types``). The checker converts once, in bulk, before any rule
reads the boxes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.taxonomy.model import BoxLabel

F64 = npt.NDArray[np.float64]


def _first_box(ctx: Context, index: int) -> BoxLabel | None:
    spec = ctx.label_type(ctx.classes[index], ("box",))
    return spec if isinstance(spec, BoxLabel) else None


def _convert(box: F64, spec: BoxLabel, width: F64, height: F64) -> F64:
    out = box.copy()
    if spec.units == "normalized":
        out[:, [0, 2]] *= width[:, None]
        out[:, [1, 3]] *= height[:, None]
    if spec.format == "xyxy":
        out[:, 2] -= out[:, 0]
        out[:, 3] -= out[:, 1]
    elif spec.format == "cxcywh":
        out[:, 0] -= out[:, 2] / 2
        out[:, 1] -= out[:, 3] / 2
    return out


def _plain(spec: BoxLabel | None) -> bool:
    return spec is None or (spec.format == "xywh" and spec.units == "pixels")


def boxes_to_pixels(ctx: Context) -> None:
    """Rewrite the boxes (main and extra) of a dataset whose boxes follow their label types
    to pixel ``xywh``, in place, and say so on the dataset (a second call does nothing)."""
    if not ctx.dataset.boxes_follow_label_types:
        return
    objects = ctx.dataset.objects
    width, height = ctx.image_size()
    for index in range(len(ctx.classes)):
        spec = _first_box(ctx, index)
        if _plain(spec) or spec is None:
            continue
        rows = np.flatnonzero(ctx.object_class == index)
        if rows.size:
            objects.box[rows] = _convert(objects.box[rows], spec, width[rows], height[rows])
    for name, boxes in objects.extra_boxes.items():
        extra = ctx.taxonomy.label_types.get(name)
        if isinstance(extra, BoxLabel) and not _plain(extra):
            objects.extra_boxes[name] = _convert(boxes, extra, width, height)
    # The boxes are pixels now: checking the same dataset again must not convert them twice.
    ctx.dataset.boxes_follow_label_types = False
