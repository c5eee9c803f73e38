"""The first few objects of each class with a box, kept so the guideline site can crop
thumbnails of them (only when asked: the command line keeps none)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from taxonomist.dataset.model import Dataset
from taxonomist.quality.stats.model import Example

I64 = npt.NDArray[np.int64]


class ExampleCounts:
    """Up to ``per_class`` examples per label, in file order."""

    def __init__(self, per_class: int) -> None:
        self.per_class = per_class
        self.found: dict[int, list[Example]] = {}

    def add(self, dataset: Dataset, labels: I64) -> None:
        if not self.per_class or not labels.size:
            return
        objects, images = dataset.objects, dataset.images
        box = objects.box
        usable = np.isfinite(box).all(axis=1) & (box[:, 2] > 0) & (box[:, 3] > 0)
        usable &= (objects.image >= 0) & (objects.image < len(images))
        rows = np.flatnonzero(usable)
        order = rows[np.argsort(labels[rows], kind="stable")]
        kinds, starts = np.unique(labels[order], return_index=True)
        for label, start in zip(kinds.tolist(), starts.tolist(), strict=True):
            have = self.found.setdefault(label, [])
            for row in order[start : start + self.per_class - len(have)].tolist():
                if labels[row] != label:
                    break
                image = images.files[int(objects.image[row])]
                x, y, w, h = (float(v) for v in box[row].tolist())
                have.append(Example(dataset.source, image, (x, y, w, h)))

    def result(self, names: list[str]) -> dict[str, tuple[Example, ...]]:
        return {names[label]: tuple(found) for label, found in sorted(self.found.items())}
