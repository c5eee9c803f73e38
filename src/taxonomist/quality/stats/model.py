"""What ``taxonomist stats`` reports, as plain frozen values: the accumulator makes them,
the reports (terminal, JSON, HTML) and the guideline site read them, nothing changes them.

Counts are exact; box sizes and aspects are kept as counts over fixed bins (``bins``), so
a dataset of any size streams through in bounded memory and the same data gives the same
numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

AREA_BINS = ("small", "medium", "large")  # COCO's: area < 32², < 96², else


@dataclass(frozen=True, slots=True)
class ClassStats:
    """One class: a taxonomy class (``known``) or a name a file uses that the taxonomy lacks.

    ``subtree`` counts the class's objects and those of every class below it in the
    taxonomy's hierarchy; ``depth`` is how many parents it has (0: a root)."""

    name: str
    objects: int
    images: int  # images holding at least one
    subtree: int
    depth: int
    parent: str | None
    known: bool = True
    area_bins: tuple[int, int, int] = (0, 0, 0)
    mean_width: float | None = None  # over objects with a box
    mean_height: float | None = None
    size_counts: tuple[int, ...] = ()  # objects per ``Histogram`` bin of sqrt(area)
    files: tuple[str, ...] = ()  # an unknown class: the files that use it


@dataclass(frozen=True, slots=True)
class Histogram:
    """Counts over fixed bins: ``counts[i]`` values in ``[edges[i], edges[i + 1])``, the
    first and last bins also taking everything below and above."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ValueCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class AttributeStats:
    """The values one attribute takes on objects (``scope`` "object") or one image-level
    label on images (``scope`` "image"), most frequent first."""

    name: str
    scope: str
    answered: int  # objects (images) with a value
    values: tuple[ValueCount, ...]
    minimum: float | None = None  # numeric values only
    maximum: float | None = None
    mean: float | None = None


@dataclass(frozen=True, slots=True)
class KeypointStats:
    """One keypoint of a keypoint label type: how often it is labelled and visible (v=2),
    labelled but hidden (v=1), or not labelled (v=0)."""

    label_type: str
    name: str
    visible: int
    hidden: int
    unlabelled: int


@dataclass(frozen=True, slots=True)
class Pair:
    """Two classes and the images where both appear."""

    first: str
    second: str
    images: int


@dataclass(frozen=True, slots=True)
class ImageSize:
    width: int
    height: int
    images: int


@dataclass(frozen=True, slots=True)
class Unread:
    """A named file that could not be read, and why: it is in none of the counts."""

    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class DatasetStats:
    """Everything ``taxonomist stats`` reports about a set of annotation files."""

    taxonomy: str
    files: tuple[str, ...]  # read and counted
    unread: tuple[Unread, ...]
    images: int
    objects: int
    classes: tuple[ClassStats, ...]  # taxonomy order, then unknown names, by name
    objects_per_image: tuple[tuple[int, int], ...]  # (objects, images having that many)
    images_without_objects: int
    empty_images: tuple[str, ...]  # the first few, by file
    objects_without_image: int
    area_bins: tuple[int, int, int]
    area_from_file: int  # objects whose area is the file's (COCO ``area``), the rest w*h
    area_unknown: int  # no area and no box
    size: Histogram  # sqrt(area), pixels
    width: Histogram
    height: Histogram
    aspect: Histogram  # width / height
    attributes: tuple[AttributeStats, ...]
    pairs: tuple[Pair, ...]  # classes that appear together, most images first
    image_sizes: tuple[ImageSize, ...]  # most frequent first
    image_size_unknown: int
    keypoints: tuple[KeypointStats, ...]
    unused: tuple[str, ...]  # classes with object label types and no object in their subtree
    examples: dict[str, tuple[Example, ...]] = field(default_factory=dict)  # by class

    @property
    def unknown(self) -> tuple[ClassStats, ...]:
        """The names files use that the taxonomy has no class for."""
        return tuple(c for c in self.classes if not c.known)

    def used(self) -> tuple[ClassStats, ...]:
        """Classes with objects, most first (ties by name)."""
        return tuple(sorted((c for c in self.classes if c.objects), key=_by_count))


@dataclass(frozen=True, slots=True)
class Example:
    """One object to show as a thumbnail: its file, its image's file as the file writes
    it, and its box (x, y, w, h pixels)."""

    source: str
    image_file: str
    box: tuple[float, float, float, float]


def _by_count(c: ClassStats) -> tuple[int, str]:
    return (-c.objects, c.name)
