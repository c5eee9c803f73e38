"""One label space for a whole run: the taxonomy's classes first (by class index), then
every name a file uses that the taxonomy has no class for, numbered as first met. Every
counter is an array over this space, so an unknown class is counted, not dropped."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.dataset.model import Dataset
from taxonomist.taxonomy.resolved import Taxonomy

I64 = npt.NDArray[np.int64]
NO_CATEGORY = "(no category)"  # an object whose category the file does not declare


class Labels:
    """Names by label number, and which files use each unknown one."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.names: list[str] = list(taxonomy.classes)
        self.known = len(self.names)
        self._unknown: dict[str, int] = {}
        self.files: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self.names)

    def of_objects(self, ctx: Context) -> I64:
        """The label of every object row of ``ctx``'s dataset."""
        labels = ctx.object_class.astype(np.int64, copy=True)
        rows = np.flatnonzero(labels < 0)
        if rows.size:
            dataset = ctx.dataset
            uniq, inverse = np.unique(dataset.objects.category[rows], return_inverse=True)
            mapped = [self._label(_category_name(dataset, int(c)), dataset.source) for c in uniq]
            labels[rows] = np.array(mapped, np.int64)[inverse]
        return labels

    def _label(self, name: str, source: str) -> int:
        label = self._unknown.get(name)
        if label is None:
            label = self._unknown[name] = len(self.names)
            self.names.append(name)
        where = self.files.setdefault(label, [])
        if source not in where:
            where.append(source)
        return label


def _category_name(dataset: Dataset, row: int) -> str:
    if row < 0 or row >= len(dataset.categories):
        return NO_CATEGORY
    category = dataset.categories[row]
    return category.name or f"id {category.id}"
