"""Computed attributes (KITTI-style difficulty from box height, occlusion, truncation):
the checker re-derives each value and compares it with what the file says.

Cases are tried in order; a case applies when its ``when`` condition holds and the box is at
least ``min_box_height`` high; a case with neither is the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from taxonomist.check.conditions import evaluate
from taxonomist.check.context import Context
from taxonomist.taxonomy import bins
from taxonomist.taxonomy.model import ComputedField

_UNSET = object()


def _derive(ctx: Context, field: ComputedField, rows: Any) -> list[Any]:
    derived: list[Any] = [_UNSET] * rows.shape[0]
    heights = ctx.dataset.objects.box[rows, 3]
    for case in field.cases:
        holds = evaluate(case.when, ctx, rows)
        minimum = ctx.taxonomy.threshold(case.min_box_height)
        if minimum is not None:
            holds &= heights >= minimum
        for i in np.flatnonzero(holds).tolist():
            if derived[i] is _UNSET:
                derived[i] = case.value
    return derived


def computed_mismatches(ctx: Context) -> Iterator[tuple[int, str, Any, Any]]:
    """(object row, attribute, value in the file, derived value) where they differ."""
    attributes = ctx.dataset.objects.attributes
    for name, spec in sorted(ctx.taxonomy.attributes.items()):
        if spec.computed is None or not spec.computed.cases:
            continue
        rows = np.array(sorted(r for r, a in attributes.items() if name in a), dtype=np.int64)
        if not rows.size:
            continue
        for row, expected in zip(rows.tolist(), _derive(ctx, spec.computed, rows), strict=True):
            given = attributes[row][name]
            if expected is not _UNSET and not bins.same(spec, given, expected):
                yield row, name, given, expected
