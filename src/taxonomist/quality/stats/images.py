"""Per-image counts: objects per image, images without objects, image sizes, and which
labels share an image (co-occurrence, as a sparse label x label matrix of image counts)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from taxonomist.dataset.model import Dataset
from taxonomist.quality.stats.geometry import grown

I64 = npt.NDArray[np.int64]
EMPTY_LISTED = 10  # images without objects named in the report


class ImageCounts:
    """The running per-image counts of a run."""

    def __init__(self) -> None:
        self.images = 0
        self.per_image: I64 = np.zeros(1, np.int64)  # [k]: images with k objects
        self.empty: list[str] = []
        self.without_image = 0
        self.sizes: Counter[tuple[int, int]] = Counter()
        self.size_unknown = 0
        self.with_label: I64 = np.zeros(0, np.int64)  # images holding each label
        self.together = sparse.csr_array((0, 0), dtype=np.int64)

    def add(self, dataset: Dataset, labels: I64, size: int) -> None:
        """Count one dataset's images (``labels``: each object's; ``size``: labels in all)."""
        images, rows = len(dataset.images), dataset.objects.image
        placed = (rows >= 0) & (rows < images)
        self.images += images
        self.without_image += int((~placed).sum())
        per = np.bincount(rows[placed], minlength=images)
        self._distribution(per)
        self._empty(dataset, per)
        self._sizes(dataset)
        self._together(rows[placed], labels[placed], images, size)

    def _distribution(self, per: I64) -> None:
        counts = np.bincount(per) if per.size else np.zeros(1, np.int64)
        self.per_image = grown(self.per_image, len(counts))  # type: ignore[assignment]
        self.per_image[: len(counts)] += counts

    def _empty(self, dataset: Dataset, per: I64) -> None:
        room = EMPTY_LISTED - len(self.empty)
        if room > 0:
            for row in np.flatnonzero(per == 0)[:room].tolist():
                self.empty.append(dataset.images.files[row] or str(dataset.images.ids[row]))

    def _sizes(self, dataset: Dataset) -> None:
        width, height = dataset.images.width, dataset.images.height
        known = np.isfinite(width) & np.isfinite(height)
        self.size_unknown += int((~known).sum())
        if known.any():
            pairs = np.stack([width[known], height[known]], axis=1).astype(np.int64)
            found, counts = np.unique(pairs, axis=0, return_counts=True)
            for (w, h), n in zip(found.tolist(), counts.tolist(), strict=True):
                self.sizes[(w, h)] += n

    def _together(self, rows: I64, labels: I64, images: int, size: int) -> None:
        self.with_label = grown(self.with_label, size)  # type: ignore[assignment]
        if self.together.shape[0] < size:
            self.together.resize((size, size))
        if not rows.size:
            return
        ones = np.ones(rows.size, np.int64)
        incidence = sparse.csr_array((ones, (rows, labels)), shape=(images, size))
        incidence.data[:] = 1  # an image holding a label twice holds it once
        self.with_label += np.asarray(incidence.sum(axis=0)).astype(np.int64)
        self.together = self.together + (incidence.T @ incidence).tocsr()
