"""A record-by-record ``Dataset`` builder for the small text and XML formats.

The interop readers (YOLO, VOC, CVAT, Label Studio, LabelMe, masks) meet one object at a time
and know each object's file and line (or JSON pointer) as they go. ``DatasetBuilder`` keeps
the rows in plain lists, remembers each row's place, and turns them into the columnar
``Dataset`` at the end; ``report`` files a finding of a code the reader names by constant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.core.limits import counted, file_finding
from taxonomist.dataset.model import Category, Dataset, Flag, Images, MaskPixels, Objects, Ragged
from taxonomist.formats._io.columns import (
    OUT_OF_RANGE,
    SIZE_OUT_OF_RANGE,
    bound_geometry,
    bound_sizes,
)
from taxonomist.formats.codes import NUMBER_OUT_OF_RANGE


@dataclass(frozen=True, slots=True)
class Place:
    """Where a record is: file, and line/column or JSON pointer where known."""

    file: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def location(self, locator: Any = None, **ids: str | None) -> Location:
        """The Location; with a ``JsonLocator``, line and column come from the pointer."""
        if locator is not None and self.line is None and self.pointer is not None:
            found: Location = locator.locate(self.pointer, **ids)
            return found
        return Location(self.file, self.line, self.column, self.pointer, **ids)


@dataclass(slots=True)
class ObjectRow:
    """One object as a reader met it; only ``image`` and ``category`` are required."""

    image: int
    category: int
    place: Place
    id: Any = None
    box: Sequence[float] | None = None
    polygons: Sequence[Sequence[float]] = ()
    keypoints: Sequence[float] | None = None
    polyline: Sequence[float] | None = None  # open line: not a polygon (Objects.polylines)
    points: Sequence[float] | None = None  # loose x y points (Objects.points)
    corners: Sequence[float] | None = None  # rotated box corners (Objects.rotated_boxes)
    attributes: dict[str, Any] | None = None
    annotator: str | None = None
    crowd: bool = False
    score: float = float("nan")
    flags: dict[str, Flag] | None = None  # format fields (truncated, occluded, ...)
    label_type: str | None = None


@dataclass(slots=True)
class DatasetBuilder:
    """Accumulates images, categories and objects, then builds one ``Dataset``."""

    source: str
    format: str
    kind: str = "instances"
    declares_categories: bool = True
    findings: list[Finding] = field(default_factory=list)
    masks: MaskPixels = field(default_factory=MaskPixels)  # what mask PNGs hold, by image row
    categories: list[Category] = field(default_factory=list)
    _category_rows: dict[tuple[str, int | None], int] = field(default_factory=dict)
    _images: list[tuple[Any, str, float, float, dict[str, Any] | None, Place]] = field(
        default_factory=list
    )
    _objects: list[ObjectRow] = field(default_factory=list)
    json_locator: Any = None  # a JsonLocator: line/col from pointers, only when asked

    # -- findings --------------------------------------------------------------------
    def report(
        self,
        code: CodeDoc,
        message: str,
        place: Place,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
        **ids: str | None,
    ) -> None:
        """File a finding ``code`` at ``place`` (into the run's sink while a check runs)."""
        if counted(place.file, code, severity):
            return
        location = place.location(self.json_locator, **ids)
        file_finding(self.findings, code.finding(message, location, hint=hint, severity=severity))

    # -- rows ------------------------------------------------------------------------
    def category(self, name: str, cat_id: int | None = None, place: Place | None = None) -> int:
        """The row of the category ``(name, id)``, added on first use."""
        key = (name, cat_id)
        if key not in self._category_rows:
            self._category_rows[key] = len(self.categories)
            where = place or Place(self.source)
            self.categories.append(
                Category(name=name, id=cat_id, pointer=where.pointer, line=where.line)
            )
        return self._category_rows[key]

    def image(
        self,
        image_id: Any,
        *,
        file: str,
        width: float | None,
        height: float | None,
        place: Place,
        labels: dict[str, Any] | None = None,
    ) -> int:
        """Add an image; returns its row."""
        w = float("nan") if width is None else float(width)
        h = float("nan") if height is None else float(height)
        self._images.append((image_id, file, w, h, labels, place))
        return len(self._images) - 1

    def set_labels(self, row: int, labels: dict[str, Any]) -> None:
        """Set the image-level labels of image ``row``."""
        image_id, file, width, height, _, place = self._images[row]
        self._images[row] = (image_id, file, width, height, labels, place)

    def set_size(self, row: int, size: tuple[float, float]) -> None:
        """Set the width and height of image ``row`` (learnt after the image was added)."""
        image_id, file, _, _, labels, place = self._images[row]
        self._images[row] = (image_id, file, float(size[0]), float(size[1]), labels, place)

    def set_keypoints(self, row: int, flat: Sequence[float]) -> None:
        self._objects[row].keypoints = flat

    def set_attribute(self, row: int, name: str, value: Any) -> None:
        obj = self._objects[row]
        obj.attributes = {**(obj.attributes or {}), name: value}

    def image_size(self, row: int) -> tuple[float, float]:
        _, _, width, height, _, _ = self._images[row]
        return width, height

    def add(self, row: ObjectRow) -> int:
        """Add an object; returns its row."""
        self._objects.append(row)
        return len(self._objects) - 1

    def __len__(self) -> int:
        return len(self._objects)

    # -- result ----------------------------------------------------------------------
    def build(self) -> Dataset:
        images = self._build_images()
        objects = self._build_objects()
        for row in bound_sizes(images.width, images.height):
            self.report(NUMBER_OUT_OF_RANGE, SIZE_OUT_OF_RANGE, self._images[row][5])
        for row in bound_geometry(objects):
            self.report(NUMBER_OUT_OF_RANGE, OUT_OF_RANGE, self._objects[row].place)
        return Dataset(
            self.source,
            self.format,
            images,
            self.categories,
            objects,
            findings=self.findings,
            locate_object=self._locate_object,
            locate_image=self._locate_image,
            declares_categories=self.declares_categories,
            kind=self.kind,
        )

    def _build_images(self) -> Images:
        rows = self._images
        labels = [r[4] or {} for r in rows]
        return Images(
            ids=[r[0] for r in rows],
            files=[r[1] for r in rows],
            width=np.array([r[2] for r in rows], np.float64),
            height=np.array([r[3] for r in rows], np.float64),
            labels=labels if any(labels) else None,
            masks=self.masks,
        )

    def _build_objects(self) -> Objects:
        rows = self._objects
        n = len(rows)
        box = np.full((n, 4), np.nan)
        for i, o in enumerate(rows):
            if o.box is not None:
                box[i] = o.box
        return Objects(
            ids=[f"#{i}" if o.id is None else o.id for i, o in enumerate(rows)],
            image=np.array([o.image for o in rows], np.int64),
            category=np.array([o.category for o in rows], np.int64),
            box=box,
            area=np.full(n, np.nan),
            crowd=np.array([o.crowd for o in rows], np.bool_),
            score=np.array([o.score for o in rows], np.float64),
            polygons=_ragged(
                [(i, p, o.label_type) for i, o in enumerate(rows) for p in o.polygons]
            ),
            keypoints=_each(rows, lambda o: o.keypoints),
            attributes={i: o.attributes for i, o in enumerate(rows) if o.attributes},
            annotator={i: o.annotator for i, o in enumerate(rows) if o.annotator is not None},
            polylines=_each(rows, lambda o: o.polyline),
            points=_each(rows, lambda o: o.points),
            rotated_boxes=_each(rows, lambda o: o.corners),
            flags={i: o.flags for i, o in enumerate(rows) if o.flags},
        )

    def _locate_object(self, row: int) -> Location:
        obj = self._objects[row]
        image = self._images[obj.image] if 0 <= obj.image < len(self._images) else None
        return obj.place.location(
            self.json_locator,
            annotation_id=str(self._objects[row].id if obj.id is not None else f"#{row}"),
            image_id=None if image is None else str(image[0]),
            image_file=None if image is None else image[1],
        )

    def _locate_image(self, row: int) -> Location:
        image_id, file, _, _, _, place = self._images[row]
        return place.location(self.json_locator, image_id=str(image_id), image_file=file)


def _each(rows: list[ObjectRow], shape: Callable[[ObjectRow], Sequence[float] | None]) -> Ragged:
    """One ragged row per object that has the shape, owned by the object's row."""
    found = ((i, shape(o), o.label_type) for i, o in enumerate(rows))
    return _ragged([(i, flat, name) for i, flat, name in found if flat is not None])


def _ragged(rows: list[tuple[int, Sequence[float], str | None]]) -> Ragged:
    if not rows:
        return Ragged.empty()
    lengths = np.array([len(r[1]) for r in rows], np.int64)
    offsets = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    values = np.array([v for r in rows for v in r[1]], np.float64)
    owner = np.array([r[0] for r in rows], np.int64)
    return Ragged(owner, offsets, values, [r[2] for r in rows])
