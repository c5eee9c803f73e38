"""Keypoint visibility per keypoint of each keypoint label type: labelled and visible
(v=2), labelled but hidden (v=1), not labelled (v=0). A ``binary`` label type's 1 is
visible. Results files are left out: their third value is a confidence, not a flag."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.check.keypoints import keypoint_types, row_types, triplets
from taxonomist.quality.stats.model import KeypointStats

I64 = npt.NDArray[np.int64]
VISIBLE, HIDDEN, UNLABELLED = 0, 1, 2  # columns of a count table


class KeypointCounts:
    """Per label type, a (keypoints, 3) table of visible, hidden, unlabelled counts."""

    def __init__(self) -> None:
        self.tables: dict[str, I64] = {}
        self.names: dict[str, list[str]] = {}

    def add(self, ctx: Context) -> None:
        if ctx.dataset.is_results or not len(ctx.dataset.objects.keypoints):
            return
        found = triplets(ctx)
        types = row_types(ctx)[found.row]
        for number, (name, spec) in enumerate(keypoint_types(ctx)):
            mine = types == number
            if mine.any():
                state = _state(found.v[mine], spec.visibility == "binary")
                size = len(spec.keypoints)
                flat = np.bincount(found.index[mine] * 3 + state, minlength=size * 3)
                table = self.tables.setdefault(name, np.zeros((size, 3), np.int64))
                table += flat[: size * 3].reshape(size, 3)
                self.names[name] = list(spec.keypoints)

    def result(self) -> tuple[KeypointStats, ...]:
        out: list[KeypointStats] = []
        for name in sorted(self.tables):
            for point, row in zip(self.names[name], self.tables[name].tolist(), strict=True):
                out.append(KeypointStats(name, point, *row))
        return tuple(out)


def _state(v: npt.NDArray[np.float64], binary: bool) -> I64:
    if binary:
        return np.where(v >= 1, VISIBLE, UNLABELLED).astype(np.int64)
    return np.select([v >= 2, v >= 1], [VISIBLE, HIDDEN], UNLABELLED).astype(np.int64)
