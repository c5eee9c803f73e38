"""The fixed bins every statistic is counted over, so parts and files add up exactly."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

# COCO's area ranges (``cocoeval.Params.areaRng``): small < 32², medium < 96², large.
SMALL_AREA = 32.0**2
MEDIUM_AREA = 96.0**2
# sqrt(area), width and height in half-octave steps from 1 to 8192 pixels.
SIZE_EDGES: F64 = np.power(2.0, np.arange(0.0, 13.01, 0.5), dtype=np.float64)
# width / height in quarter-octave steps from 1:16 to 16:1.
ASPECT_EDGES: F64 = np.power(2.0, np.arange(-4.0, 4.01, 0.25), dtype=np.float64)


def bin_index(values: F64, edges: F64) -> I64:
    """The bin of each value; values beyond the ends fall in the first or last bin."""
    found = np.searchsorted(edges, values, side="right") - 1
    return np.clip(found, 0, len(edges) - 2).astype(np.int64)


def histogram(values: F64, edges: F64) -> I64:
    """Counts of ``values`` over the bins of ``edges``."""
    return np.bincount(bin_index(values, edges), minlength=len(edges) - 1).astype(np.int64)


def area_bin(area: F64) -> I64:
    """0 small, 1 medium, 2 large, as COCO evaluation bins an object by its area."""
    return np.searchsorted(np.array([SMALL_AREA, MEDIUM_AREA]), area, side="right").astype(np.int64)
