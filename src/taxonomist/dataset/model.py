"""The common dataset form: what every format reader produces and every rule reads.

Columnar on purpose: a million annotations live in a few numpy arrays, so rules run in bulk
(``box[:, 2] <= 0`` over all rows at once) and per-object Python views are made only for the
rows that produce findings. Readers fill the columns; ``DatasetBuilder`` helps readers that
go record by record (small XML or text formats).

Conventions every reader follows:

* boxes are ``x, y, w, h`` in pixels, float64, ``NaN`` rows where an object has no box;
  a reader converts its own convention (normalised, xyxy, percent) on the way in and keeps
  the original values only where a finding needs them. The one exception says so: where
  ``boxes_follow_label_types`` (native files), each box is written the way its class's box
  label type says, which only the taxonomy knows, and the checker converts it;
* ``image`` and ``category`` are row indices into ``images`` and ``categories``; ``-1`` means
  "the file refers to something that does not exist" (a finding for the rules to report);
* sparse things (attributes, RLE masks, relations, flags, mask pixel facts) are dicts keyed
  by row; shapes the common columns have no place for (open lines, loose points, rotated
  boxes' corners) are ``Ragged`` rows owned by object rows;
* a shape's label type is kept where the format names it (``Ragged.label_type`` per row,
  ``Rle.label_type``, ``Objects.extra_boxes`` keyed by it);
* ``locate(row)`` turns an object row into a ``Location`` lazily (pointer and, where cheap,
  line and column): only rows with findings ever pay for it.

What a format means, rules learn from the dataset's capabilities, never from its format name
(``format`` and ``kind`` only describe): ``declares_categories``, ``ids_unique_per``,
``boxes_follow_label_types``, ``boxes_are_bounds``, ``crowd_is_rle``, ``is_results`` and
``category_ids``, set by the reader that knows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from taxonomist.core.findings import Finding, Location

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
Flag = str | float | bool | dict[str, bool] | None  # a format field's value
IdScope = Literal["file", "image"]
CategoryIds = Literal["id", "yolo"]
MaskSpace = str  # "id", "color", or the name of a taxonomy id space ("train_id")


@dataclass(slots=True)
class Ragged:
    """Variable-length float rows: row ``i`` is ``values[offsets[i]:offsets[i + 1]]``,
    owned by object row ``owner[i]`` (one object may own several rows: polygon parts)."""

    owner: I64
    offsets: I64
    values: F64
    label_type: list[str | None] | None = None  # per row, where the format names it

    @classmethod
    def empty(cls) -> Ragged:
        return cls(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.float64))

    def __len__(self) -> int:
        return int(self.owner.shape[0])

    def row(self, i: int) -> F64:
        return self.values[self.offsets[i] : self.offsets[i + 1]]

    def lengths(self) -> I64:
        return np.diff(self.offsets)

    @classmethod
    def concat(cls, parts: list[tuple[Ragged, int]]) -> Ragged:
        """One Ragged from ``(ragged, first object row)`` parts, owners shifted by each
        part's first row (the parts of one column built piece by piece)."""
        kept = [(r, base) for r, base in parts if len(r)]
        if not kept:
            return cls.empty()
        owner = np.concatenate([r.owner + base for r, base in kept])
        values = np.concatenate([r.values for r, _ in kept])
        lengths = np.concatenate([r.lengths() for r, _ in kept])
        offsets = np.zeros(len(lengths) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        names: list[str | None] | None = None
        if any(r.label_type is not None for r, _ in kept):
            names = [n for r, _ in kept for n in (r.label_type or [None] * len(r))]
        return cls(owner, offsets, values, names)


@dataclass(slots=True)
class Rle:
    """A run-length mask: ``counts`` as ints (uncompressed) or a COCO compressed string."""

    height: int
    width: int
    counts: list[int] | str
    label_type: str | None = None  # where the format names it


@dataclass(slots=True)
class Category:
    """A class as the *file* declares or uses it, before matching to the taxonomy."""

    name: str
    id: int | None = None
    supercategory: str | None = None
    keypoints: list[str] | None = None
    skeleton: list[list[int]] | None = None
    pointer: str | None = None
    line: int | None = None


@dataclass(slots=True)
class MaskPixels:
    """What mask PNGs hold, by image row. Pixel values are what the taxonomy's ids mean, so
    the reader reports them raw and the checker maps them to classes.

    ``space`` says, where the format knows it, which id space an image's values are in:
    ``"id"`` (the classes' stable ids), the name of a taxonomy id space (``"train_id"``), or
    ``"color"`` (values are ``0xRRGGBB`` codes of the classes' colours); the checker then reads
    them through that space alone. Rows without one (VOC and generic masks) may hold a value
    of any mask label type's id space. ``instance_base`` marks rows whose ``instances`` are
    ``class x base + instance`` (Cityscapes ``instanceIds``: 1000), so only classes with
    instances (things) may appear there."""

    values: dict[int, list[int]] = field(default_factory=dict)  # sorted class values, no void
    counts: dict[int, dict[int, int]] = field(default_factory=dict)  # value -> pixels, void too
    examples: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)  # first x, y
    void: dict[int, int] = field(default_factory=dict)  # the void value painted (VOC: 255)
    instances: dict[int, list[int]] = field(default_factory=dict)  # instance numbers, sorted
    space: dict[int, MaskSpace] = field(default_factory=dict)  # row -> its values' id space
    instance_base: dict[int, int] = field(default_factory=dict)  # row -> class x base + n


@dataclass(slots=True)
class Images:
    ids: list[Any]
    files: list[str]
    width: F64  # NaN where unknown
    height: F64
    labels: list[dict[str, Any]] | None = None  # image-level labels by label-type name
    verified_absent: dict[int, list[int]] = field(default_factory=dict)  # row -> category rows
    not_exhaustive: dict[int, list[int]] = field(default_factory=dict)
    masks: MaskPixels = field(default_factory=MaskPixels)  # mask folders only

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def empty(cls) -> Images:
        return cls(ids=[], files=[], width=np.zeros(0, np.float64), height=np.zeros(0, np.float64))

    def take(self, rows: I64) -> Images:
        """The images at ``rows`` (ascending), as rows ``0..len(rows)-1`` of a new table;
        per-row facts keyed by row follow their image."""
        new = {int(old): i for i, old in enumerate(rows.tolist())}

        def keyed(facts: dict[int, Any]) -> dict[int, Any]:
            return {new[r]: v for r, v in facts.items() if r in new}

        picked = rows.tolist()
        masks = MaskPixels(
            **{name: keyed(getattr(self.masks, name)) for name in MaskPixels.__dataclass_fields__}
        )
        return Images(
            ids=[self.ids[r] for r in picked],
            files=[self.files[r] for r in picked],
            width=self.width[rows],
            height=self.height[rows],
            labels=None if self.labels is None else [self.labels[r] for r in picked],
            verified_absent=keyed(self.verified_absent),
            not_exhaustive=keyed(self.not_exhaustive),
            masks=masks,
        )


@dataclass(slots=True)
class Objects:
    ids: list[Any]  # as in the source; synthesised "#<row>" where the format has none
    image: I64
    category: I64
    box: F64  # (N, 4) xywh pixels
    area: F64
    crowd: B
    score: F64  # NaN outside results files
    polygons: Ragged = field(default_factory=Ragged.empty)  # flat x0 y0 x1 y1 ... per part
    keypoints: Ragged = field(default_factory=Ragged.empty)  # flat x y v ... per object
    num_keypoints: I64 | None = None  # as declared in the file; -1 where absent
    rle: dict[int, Rle] = field(default_factory=dict)
    attributes: dict[int, dict[str, Any]] = field(default_factory=dict)
    extra_boxes: dict[str, F64] = field(default_factory=dict)  # label type -> (N, 4)
    relations: dict[int, list[tuple[str, Any]]] = field(default_factory=dict)
    annotator: dict[int, str] = field(default_factory=dict)
    polylines: Ragged = field(default_factory=Ragged.empty)  # open lines: flat x0 y0 x1 y1 ...
    points: Ragged = field(default_factory=Ragged.empty)  # loose points: flat x y ...
    rotated_boxes: Ragged = field(default_factory=Ragged.empty)  # 4 corners; box = their bounds
    flags: dict[int, dict[str, Flag]] = field(default_factory=dict)  # format fields by name
    png_area: F64 | None = None  # pixels each segment paints (panoptic PNGs); NaN: not decoded

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def empty(cls) -> Objects:
        return cls(
            ids=[],
            image=np.zeros(0, np.int64),
            category=np.zeros(0, np.int64),
            box=np.zeros((0, 4), np.float64),
            area=np.zeros(0, np.float64),
            crowd=np.zeros(0, np.bool_),
            score=np.zeros(0, np.float64),
        )

    @classmethod
    def concat(cls, parts: list[Objects]) -> Objects:
        """The objects of ``parts`` one after the other, as one table (a reader that builds
        its columns piece by piece). Row-keyed facts are shifted to their new rows; a column
        only some parts have is filled as absent in the others (``num_keypoints`` -1,
        ``png_area`` NaN, extra boxes NaN)."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls.empty()
        starts = np.cumsum([0, *(len(p) for p in parts)]).tolist()
        out = cls(
            ids=[i for p in parts for i in p.ids],
            image=np.concatenate([p.image for p in parts]),
            category=np.concatenate([p.category for p in parts]),
            box=np.concatenate([p.box for p in parts]),
            area=np.concatenate([p.area for p in parts]),
            crowd=np.concatenate([p.crowd for p in parts]),
            score=np.concatenate([p.score for p in parts]),
        )
        for name in ("polygons", "keypoints", "polylines", "points", "rotated_boxes"):
            joined = [(getattr(p, name), base) for p, base in zip(parts, starts, strict=False)]
            setattr(out, name, Ragged.concat(joined))
        for name in ("rle", "attributes", "relations", "annotator", "flags"):
            merged = {}
            for p, base in zip(parts, starts, strict=False):
                merged.update({row + base: v for row, v in getattr(p, name).items()})
            setattr(out, name, merged)
        out.num_keypoints = _filled(parts, "num_keypoints", np.int64, -1)
        out.png_area = _filled(parts, "png_area", np.float64, np.nan)
        for label in {k for p in parts for k in p.extra_boxes}:
            out.extra_boxes[label] = np.concatenate(
                [p.extra_boxes.get(label, np.full((len(p), 4), np.nan)) for p in parts]
            )
        return out


def _filled(parts: list[Objects], name: str, dtype: Any, absent: Any) -> Any:
    columns = [getattr(p, name) for p in parts]
    if all(c is None for c in columns):
        return None
    return np.concatenate(
        [
            np.full(len(p), absent, dtype) if c is None else c
            for p, c in zip(parts, columns, strict=True)
        ]
    )


Locator = Callable[[int], Location]


@dataclass(slots=True, eq=False)
class Part:
    """Which part of a file a dataset is, and what the file's earlier parts already told.

    Every part sees what is about no object or image (the categories, the file itself), so
    a finding about those is reported by the first part that makes it and by no later one
    (``check.context.Context.at``): ``told`` maps such a finding's code, name, message and
    place to the part that made it, and is shared by all the parts of one file."""

    index: int
    count: int | None = None  # parts in all, when known before the first is read
    told: dict[tuple[Any, ...], int] = field(default_factory=dict)


@dataclass(slots=True)
class Dataset:
    """One annotation source (a file, or a folder for folder formats) in common form.

    ``format`` and ``kind`` (the variant: COCO ``instances``, ``keypoints``, ``panoptic``,
    ``results``...) only describe. What the format means, the reader says in capabilities,
    and rules read those:

    * ``declares_categories``: the file lists its categories (False: it only uses names);
    * ``ids_unique_per``: where an object id must be unique, the ``"file"`` or the
      ``"image"`` (native relations point at ids within the image; panoptic segment ids are
      PNG colours, repeated from image to image);
    * ``boxes_follow_label_types``: each box is written the way its class's box label type
      says (``format``, ``units``), not yet pixel ``xywh``: the checker converts it (native);
    * ``boxes_are_bounds``: every object's box bounds it, whatever shape it is drawn with
      (COCO ``bbox``, VOC, YOLO), so any object label type allows one; False where a box is
      a shape of its own that needs a box label type (native);
    * ``crowd_is_rle``: crowd regions belong in run-length masks, polygons there are a fault
      (COCO);
    * ``is_results``: a detector's output: its images are another file's, and a keypoint's
      third value is a confidence, not a visibility flag (COCO results);
    * ``category_ids``: what a category's ``id`` numbers: the taxonomy's stable ``"id"``, or
      its ``"yolo"`` index (``taxonomy.yolo_index``: YOLO class numbers).
    """

    source: str
    format: str
    images: Images
    categories: list[Category]
    objects: Objects
    findings: list[Finding] = field(default_factory=list)  # from reading: parse, structure
    locate_object: Locator | None = None
    locate_image: Locator | None = None
    kind: str = "instances"
    taxonomy: str | None = None  # the taxonomy the file says it follows (native, COCO info)
    taxonomy_version: str | None = None
    taxonomy_version_pointer: str | None = None  # where the file writes the version
    declares_categories: bool = True
    ids_unique_per: IdScope = "file"
    boxes_follow_label_types: bool = False
    boxes_are_bounds: bool = True
    crowd_is_rle: bool = False
    is_results: bool = False
    category_ids: CategoryIds = "id"
    # One part of a file read in parts (``formats.coco.stream``, JSON Lines batches): some
    # of the file's images with their objects.
    part: Part | None = None
    # Rows whose id an earlier object (image) of the whole file already has, when the
    # reader knows it from an index over the file: a part cannot see the other parts.
    repeated_objects: list[int] | None = None
    repeated_images: list[int] | None = None

    @classmethod
    def empty(cls, source: str, format: str, findings: list[Finding] | None = None) -> Dataset:
        """A dataset with nothing in it: a source that could not be read, only its findings."""
        return cls(
            source, format, Images.empty(), [], Objects.empty(), findings=list(findings or [])
        )

    def object_location(self, row: int) -> Location:
        if self.locate_object is not None:
            return self.locate_object(row)
        image_row = int(self.objects.image[row])
        return Location(
            file=self.source,
            annotation_id=str(self.objects.ids[row]),
            image_id=None if image_row < 0 else str(self.images.ids[image_row]),
            image_file=None if image_row < 0 else self.images.files[image_row],
        )

    def image_location(self, row: int) -> Location:
        if self.locate_image is not None:
            return self.locate_image(row)
        return Location(
            file=self.source, image_id=str(self.images.ids[row]), image_file=self.images.files[row]
        )
