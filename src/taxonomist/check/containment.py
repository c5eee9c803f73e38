"""Linked shapes of one object: a shape whose label type says ``inside: <box type>`` must
lie inside that box (a visible box inside the full box, an outline inside its box).

Boxes are compared as columns; polygon parts by their bounds (``shapes.part_bounds``).
Keypoints have their own check (K005), which also reads ``inside``.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.check.shapes import part_bounds
from taxonomist.dataset.model import Ragged
from taxonomist.taxonomy.model import BoxLabel, PolygonLabel

F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]
TOLERANCE = 1.0


def _container(ctx: Context, name: str) -> F64:
    objects = ctx.dataset.objects
    return objects.extra_boxes.get(name, objects.box)


def _outside(bounds: tuple[F64, F64, F64, F64], box: F64) -> B:
    x0, y0, x1, y1 = bounds
    return (
        (x0 < box[:, 0] - TOLERANCE)
        | (y0 < box[:, 1] - TOLERANCE)
        | (x1 > box[:, 0] + box[:, 2] + TOLERANCE)
        | (y1 > box[:, 1] + box[:, 3] + TOLERANCE)
    )


def outside_container(ctx: Context) -> Iterator[tuple[int, str, str]]:
    """(object row, inner label type, container label type) for each shape sticking out."""
    types = ctx.taxonomy.label_types
    for name, inner in sorted(ctx.dataset.objects.extra_boxes.items()):
        spec = types.get(name)
        if isinstance(spec, BoxLabel) and spec.inside is not None:
            bounds = (
                inner[:, 0],
                inner[:, 1],
                inner[:, 0] + inner[:, 2],
                inner[:, 1] + inner[:, 3],
            )
            for row in np.flatnonzero(_outside(bounds, _container(ctx, spec.inside))).tolist():
                yield row, name, spec.inside
    yield from _polygons_outside(ctx, ctx.dataset.objects.polygons)


def _polygons_outside(ctx: Context, polygons: Ragged) -> Iterator[tuple[int, str, str]]:
    names = polygons.label_type
    if not names or not len(polygons):
        return
    types = ctx.taxonomy.label_types
    for name in sorted({n for n in names if n is not None}):
        spec = types.get(name)
        if not isinstance(spec, PolygonLabel) or spec.inside is None:
            continue
        parts = np.flatnonzero(np.array(names, dtype=object) == name)
        subset = Ragged(
            polygons.owner[parts],
            np.concatenate(([0], np.cumsum(polygons.lengths()[parts]))).astype(np.int64),
            np.concatenate([polygons.row(int(p)) for p in parts]),
        )
        box = _container(ctx, spec.inside)[subset.owner]
        bad = {int(subset.owner[i]) for i in np.flatnonzero(_outside(part_bounds(subset), box))}
        for row in sorted(bad):
            yield row, name, spec.inside
