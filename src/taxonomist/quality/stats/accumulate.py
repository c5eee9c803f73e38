"""The counters of one run, fed one dataset (a file, or a part of a big file) at a time.

Every count is an array over the run's label space (``labels``) or a fixed set of bins,
added to in bulk (``np.bincount``) and never holding a dataset after it is counted, so a
million annotations in parts take the memory of one part. ``result`` turns the counts into
the ``DatasetStats`` value."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.quality.stats.bins import ASPECT_EDGES, SIZE_EDGES
from taxonomist.quality.stats.examples import ExampleCounts
from taxonomist.quality.stats.geometry import Geometry
from taxonomist.quality.stats.images import ImageCounts
from taxonomist.quality.stats.keypoints import KeypointCounts
from taxonomist.quality.stats.labels import Labels
from taxonomist.quality.stats.model import (
    ClassStats,
    DatasetStats,
    Histogram,
    ImageSize,
    Pair,
    Unread,
)
from taxonomist.quality.stats.values import ValueCounts
from taxonomist.taxonomy.resolved import Taxonomy

I64 = npt.NDArray[np.int64]
IMAGE_SIZES_LISTED = 20
IMAGE_KINDS = frozenset({"binary", "multi_class", "multi_label"})  # label types of images


class Accumulator:
    """Counts for ``taxonomy``; ``examples`` objects per class are kept for thumbnails."""

    def __init__(self, taxonomy: Taxonomy, examples: int = 0) -> None:
        self.taxonomy = taxonomy
        self.labels = Labels(taxonomy)
        self.geometry = Geometry()
        self.images = ImageCounts()
        self.values = ValueCounts()
        self.keypoints = KeypointCounts()
        self.examples = ExampleCounts(examples)
        self.files: list[str] = []
        self.unread: list[Unread] = []

    def add(self, ctx: Context) -> None:
        """Count one dataset, matched to the taxonomy (``check.engine.make_context``)."""
        labels = self.labels.of_objects(ctx)
        size = len(self.labels)
        self.geometry.grow(size)
        self.geometry.add(ctx.dataset.objects, labels)
        self.images.add(ctx.dataset, labels, size)
        self.values.add(ctx.dataset)
        self.keypoints.add(ctx)
        self.examples.add(ctx.dataset, labels)
        if ctx.dataset.source not in self.files:
            self.files.append(ctx.dataset.source)

    def result(self) -> DatasetStats:
        geo, img = self.geometry, self.images
        size = len(self.labels)
        geo.grow(size)
        classes = self._classes()
        per_image = img.per_image.tolist()
        return DatasetStats(
            taxonomy=self.taxonomy.name,
            files=tuple(self.files),
            unread=tuple(self.unread),
            images=img.images,
            objects=int(geo.objects.sum()),
            classes=classes,
            objects_per_image=tuple((k, n) for k, n in enumerate(per_image) if n),
            images_without_objects=per_image[0] if per_image else 0,
            empty_images=tuple(img.empty),
            objects_without_image=img.without_image,
            area_bins=_triple(geo.area_bins.sum(axis=0)),
            area_from_file=geo.area_from_file,
            area_unknown=geo.area_unknown,
            size=Histogram(tuple(SIZE_EDGES.tolist()), tuple(geo.sizes.sum(axis=0).tolist())),
            width=Histogram(tuple(SIZE_EDGES.tolist()), tuple(geo.width.tolist())),
            height=Histogram(tuple(SIZE_EDGES.tolist()), tuple(geo.height.tolist())),
            aspect=Histogram(tuple(ASPECT_EDGES.tolist()), tuple(geo.aspect.tolist())),
            attributes=self.values.result(),
            pairs=self._pairs(),
            image_sizes=self._image_sizes(),
            image_size_unknown=img.size_unknown,
            keypoints=self.keypoints.result(),
            unused=self._unused(classes),
            examples=self.examples.result(self.labels.names),
        )

    def _classes(self) -> tuple[ClassStats, ...]:
        totals = self._subtrees()
        known = [self._known(i, totals) for i in range(self.labels.known)]
        unknown = [self._unknown(i) for i in range(self.labels.known, len(self.labels))]
        return (*known, *sorted(unknown, key=lambda c: c.name))

    def _known(self, label: int, totals: dict[str, int]) -> ClassStats:
        cls = self.taxonomy.classes[self.labels.names[label]]
        parent = cls.ancestors[0] if cls.ancestors else None
        return self._stats(label, totals[cls.name], len(cls.ancestors), parent, True)

    def _unknown(self, label: int) -> ClassStats:
        own = int(self.geometry.objects[label])
        stats = self._stats(label, own, 0, None, False)
        return replace(stats, files=tuple(self.labels.files.get(label, ())))

    def _stats(
        self, label: int, subtree: int, depth: int, parent: str | None, known: bool
    ) -> ClassStats:
        geo, images = self.geometry, self.images.with_label
        return ClassStats(
            name=self.labels.names[label],
            objects=int(geo.objects[label]),
            images=int(images[label]) if label < len(images) else 0,
            subtree=subtree,
            depth=depth,
            parent=parent,
            known=known,
            area_bins=_triple(geo.area_bins[label]),
            mean_width=geo.mean(geo.sum_width, label),
            mean_height=geo.mean(geo.sum_height, label),
            size_counts=tuple(geo.sizes[label].tolist()),
        )

    def _subtrees(self) -> dict[str, int]:
        """Each class's objects and those of every class below it."""
        own = self.geometry.objects[: self.labels.known].tolist()
        totals = dict(zip(self.labels.names[: self.labels.known], own, strict=True))
        for name, count in list(totals.items()):
            for parent in self.taxonomy.classes[name].ancestors if count else ():
                totals[parent] += count
        return totals

    def _pairs(self) -> tuple[Pair, ...]:
        upper = self.images.together.tocoo()
        names = self.labels.names
        found = [
            Pair(min(names[a], names[b]), max(names[a], names[b]), int(n))
            for a, b, n in zip(
                upper.row.tolist(), upper.col.tolist(), upper.data.tolist(), strict=True
            )
            if a < b and n
        ]
        return tuple(sorted(found, key=lambda p: (-p.images, p.first, p.second)))

    def _image_sizes(self) -> tuple[ImageSize, ...]:
        common = sorted(self.images.sizes.items(), key=lambda p: (-p[1], p[0]))
        return tuple(ImageSize(w, h, n) for (w, h), n in common[:IMAGE_SIZES_LISTED])

    def _unused(self, classes: tuple[ClassStats, ...]) -> tuple[str, ...]:
        """Classes drawn on objects (an object label type, or none), not abstract, with no
        object in their subtree."""
        kinds = {n: t.kind for n, t in self.taxonomy.label_types.items()}

        def on_objects(name: str) -> bool:
            cls = self.taxonomy.classes[name]
            types = cls.label_types
            if cls.spec.abstract:
                return False
            return not types or any(kinds.get(t) not in IMAGE_KINDS for t in types)

        return tuple(c.name for c in classes if c.known and not c.subtree and on_objects(c.name))


def _triple(values: I64) -> tuple[int, int, int]:
    small, medium, large = (int(v) for v in values.tolist())
    return (small, medium, large)
