"""Box counts per label: objects, COCO area bins, mean width and height, sizes over fixed
bins; and over all objects, width, height and aspect histograms.

An object's area is the file's where it gives one (COCO's ``area``, which COCO evaluation
bins by: the segment's pixels, not its box), else its box's width x height."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from taxonomist.dataset.model import Objects
from taxonomist.quality.stats.bins import (
    ASPECT_EDGES,
    SIZE_EDGES,
    area_bin,
    bin_index,
    histogram,
)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
SIZE_BINS = len(SIZE_EDGES) - 1


def grown(array: npt.NDArray[np.generic], rows: int) -> npt.NDArray[np.generic]:
    """``array`` with zero rows added up to ``rows`` (the label space grew)."""
    if array.shape[0] >= rows:
        return array
    pad = [(0, rows - array.shape[0])] + [(0, 0)] * (array.ndim - 1)
    return np.pad(array, pad)


class Geometry:
    """The running box counts of a run."""

    def __init__(self) -> None:
        self.objects: I64 = np.zeros(0, np.int64)
        self.area_bins: I64 = np.zeros((0, 3), np.int64)
        self.with_box: I64 = np.zeros(0, np.int64)
        self.sum_width: F64 = np.zeros(0, np.float64)
        self.sum_height: F64 = np.zeros(0, np.float64)
        self.sizes: I64 = np.zeros((0, SIZE_BINS), np.int64)
        self.width: I64 = np.zeros(SIZE_BINS, np.int64)
        self.height: I64 = np.zeros(SIZE_BINS, np.int64)
        self.aspect: I64 = np.zeros(len(ASPECT_EDGES) - 1, np.int64)
        self.area_from_file = 0
        self.area_unknown = 0

    def grow(self, labels: int) -> None:
        for name in ("objects", "area_bins", "with_box", "sum_width", "sum_height", "sizes"):
            setattr(self, name, grown(getattr(self, name), labels))

    def add(self, objects: Objects, labels: I64) -> None:
        """Count the objects of one dataset (``labels``: the label of each row)."""
        size = len(self.objects)
        self.objects += np.bincount(labels, minlength=size)
        width, height = objects.box[:, 2], objects.box[:, 3]
        boxed = np.isfinite(width) & np.isfinite(height) & (width > 0) & (height > 0)
        self._boxes(labels[boxed], width[boxed], height[boxed])
        area = self._areas(objects.area, width * height)
        sized = np.isfinite(area)
        self.area_unknown += int((~sized).sum())
        self._areas_binned(labels[sized], area[sized])

    def _boxes(self, labels: I64, width: F64, height: F64) -> None:
        size = len(self.objects)
        self.with_box += np.bincount(labels, minlength=size)
        self.sum_width += np.bincount(labels, weights=width, minlength=size)
        self.sum_height += np.bincount(labels, weights=height, minlength=size)
        self.width += histogram(width, SIZE_EDGES)
        self.height += histogram(height, SIZE_EDGES)
        self.aspect += histogram(width / height, ASPECT_EDGES)

    def _areas(self, given: F64, boxes: F64) -> F64:
        from_file = np.isfinite(given) & (given > 0)
        self.area_from_file += int(from_file.sum())
        box_area = np.where(np.isfinite(boxes) & (boxes > 0), boxes, np.nan)
        return np.where(from_file, given, box_area)

    def _areas_binned(self, labels: I64, area: F64) -> None:
        size = len(self.objects)
        coarse = labels * 3 + area_bin(area)
        self.area_bins += np.bincount(coarse, minlength=size * 3).reshape(size, 3)
        fine = labels * SIZE_BINS + bin_index(np.sqrt(area), SIZE_EDGES)
        self.sizes += np.bincount(fine, minlength=size * SIZE_BINS).reshape(size, SIZE_BINS)

    def mean(self, total: F64, label: int) -> float | None:
        """The mean of a per-label sum over the label's boxed objects."""
        count = int(self.with_box[label])
        return float(total[label]) / count if count else None
