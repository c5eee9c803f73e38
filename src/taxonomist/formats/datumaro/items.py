"""The ``items`` of one Datumaro subset file, annotation by annotation, into a builder
(conventions of ``JsonReader._parse_item`` and ``_load_annotations`` in Datumaro's
``base.py``; see the package docstring)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset, Flag, Rle
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import IMAGE_UNREADABLE, UNKNOWN_SHAPE_TYPE, UNLABELED_SHAPE
from taxonomist.formats._io.columns import finite_number, mask_size
from taxonomist.formats._io.images import read_header
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TYPE
from taxonomist.formats.datumaro.schema import (
    CAPTION,
    IMAGE_LABEL,
    LABEL_ID_UNKNOWN,
    NOT_CHECKED,
    SHAPES,
    SKELETON,
    SKIPPED,
    UNCHECKED,
    Categories,
)

IMAGE_EXT = ".jpg"  # DatumaroPath.IMAGE_EXT: the image of an item without a path
VISIBLE = 2  # Points.Visibility.visible (absent 0, hidden 1, as COCO)


class Subset:
    """One file's items read into ``builder``; ``finish`` adds what the builder cannot hold."""

    def __init__(self, builder: DatasetBuilder, categories: Categories, images: list[Path]):
        self.builder = builder
        self.categories = categories
        self.images = images
        self.rle: dict[int, Rle] = {}
        self._rows: dict[int, int] = {}
        self._pending: Rle | None = None  # the mask of the annotation being read
        for label_id, label in enumerate(categories.labels):
            if label.name:  # every declared label is a category, used or not
                self._row(label_id)

    # -- items -----------------------------------------------------------------------
    def item(self, item: Any, index: int) -> None:
        place = Place(self.builder.source, pointer=f"/items/{index}")
        if not isinstance(item, dict):
            self.builder.report(WRONG_TYPE, "an item must be an object", place)
            return
        item_id = item.get("id")
        if not isinstance(item_id, str | int) or isinstance(item_id, bool):
            self.builder.report(MISSING_FIELD, "the item has no id; it is skipped", place)
            return
        row = self._image(item, str(item_id), place)
        annotations = item.get("annotations", [])
        if not isinstance(annotations, list):
            where = Place(place.file, pointer=f"{place.pointer}/annotations")
            self.builder.report(WRONG_TYPE, "annotations must be a list", where)
            return
        labels: list[str] = []
        for number, ann in enumerate(annotations):
            where = Place(place.file, pointer=f"{place.pointer}/annotations/{number}")
            self._annotation(ann, row, where, labels)
        if labels:
            self.builder.set_labels(row, {IMAGE_LABEL: labels})

    def _image(self, item: dict[str, Any], item_id: str, place: Place) -> int:
        info = item.get("image")
        info = info if isinstance(info, dict) else {}
        media = item.get("media")
        path = info.get("path") or (media.get("path") if isinstance(media, dict) else None)
        file = path if isinstance(path, str) and path else item_id + IMAGE_EXT
        size = self._size(info.get("size"), place)
        row = self.builder.image(item_id, file=file, width=None, height=None, place=place)
        if size is None and "image" in item:
            size = self._header(file, place)
        if size is not None:
            self.builder.set_size(row, size)
        return row

    def _size(self, raw: Any, place: Place) -> tuple[float, float] | None:
        if raw is None:
            return None
        numbers = [finite_number(v) for v in raw] if isinstance(raw, list) else []
        if len(numbers) != 2 or any(n is None or n <= 0 for n in numbers):
            where = Place(place.file, pointer=f"{place.pointer}/image/size")
            self.builder.report(WRONG_TYPE, "image size must be [height, width]", where)
            return None
        height, width = numbers
        assert height is not None and width is not None
        return width, height

    def _header(self, file: str, place: Place) -> tuple[float, float] | None:
        """The size of the item's image where the dataset has it (Datumaro reads the image
        for a size the file does not give); a path that leaves the images folder is never
        opened."""
        for folder in self.images:
            candidate = folder / file
            if not _inside(candidate, folder) or not candidate.is_file():
                continue
            header = read_header(candidate)
            if header.ok:
                return float(header.width), float(header.height)
            message = f"cannot read the image {file}: {header.problem}"
            self.builder.report(IMAGE_UNREADABLE, message, place)
            return None
        return None

    # -- annotations -----------------------------------------------------------------
    def _annotation(self, ann: Any, image: int, place: Place, labels: list[str]) -> None:
        report = self.builder.report
        if not isinstance(ann, dict):
            report(WRONG_TYPE, "an annotation must be an object", place)
            return
        kind = ann.get("type")
        if not isinstance(kind, str):
            report(MISSING_FIELD, "the annotation has no type; it is skipped", place)
            return
        if kind in SKIPPED:
            return
        if kind in UNCHECKED:
            # a caption names no class: nothing a taxonomy governs is missed, so only an info
            severity = Severity.INFO if kind == CAPTION else None
            report(NOT_CHECKED, f"a {kind} annotation is not checked", place, severity=severity)
            return
        if kind not in SHAPES | {IMAGE_LABEL, SKELETON}:
            report(UNKNOWN_SHAPE_TYPE, f"{kind!r} is no Datumaro annotation type; skipped", place)
            return
        category = self._category(ann.get("label_id"), place)
        if category is None:
            return
        if kind == IMAGE_LABEL:
            labels.append(self.categories.labels[category].name)
            return
        row = ObjectRow(image, self._row(category), place, flags=_flags(ann, kind))
        attributes = ann.get("attributes")
        if isinstance(attributes, dict) and attributes:
            row.attributes = dict(attributes)
        if self._geometry(row, kind, ann, category):
            self._add(row)

    def _category(self, label_id: Any, place: Place) -> int | None:
        if label_id is None:
            self.builder.report(UNLABELED_SHAPE, "the annotation has no label_id; skipped", place)
            return None
        labels = self.categories.labels
        if (
            isinstance(label_id, bool)
            or not isinstance(label_id, int)
            or not 0 <= label_id < len(labels)
        ):
            message = f"label_id {label_id!r} is not one of the {len(labels)} labels; skipped"
            self.builder.report(LABEL_ID_UNKNOWN, message, place)
            return None
        if not labels[label_id].name:
            return None  # the unnamed label was reported with the categories
        return label_id

    def _row(self, label_id: int) -> int:
        if label_id not in self._rows:
            label = self.categories.labels[label_id]
            where = Place(self.builder.source, pointer=label.pointer)
            self._rows[label_id] = self.builder.category(label.name, place=where)
        return self._rows[label_id]

    def _add(self, row: ObjectRow) -> None:
        number = self.builder.add(row)
        if self._pending is not None:
            self.rle[number], self._pending = self._pending, None

    def _geometry(self, row: ObjectRow, kind: str, ann: dict[str, Any], label: int) -> bool:
        if kind == "bbox":
            box = self._numbers(ann.get("bbox"), row.place, "bbox", exactly=4)
            if box is not None:
                row.box = tuple(box)
            return box is not None
        if kind == "mask":
            return self._mask(row, ann.get("rle"))
        if kind == SKELETON:
            return self._skeleton(row, ann.get("elements"), label)
        raw = ann.get("points")
        if kind == "cuboid_2d" and isinstance(raw, list):  # eight [x, y] corners
            raw = [v for p in raw for v in (p if isinstance(p, list) else [p])]
        points = self._numbers(raw, row.place, "points", exactly=None)
        if points is None:
            return False
        return self._shape(row, kind, points, ann, label)

    def _shape(
        self, row: ObjectRow, kind: str, points: list[float], ann: dict[str, Any], label: int
    ) -> bool:
        least = {"polygon": 6, "polyline": 4, "points": 2, "ellipse": 4, "cuboid_2d": 16}[kind]
        if len(points) < least or len(points) % 2:
            message = f"a {kind} needs at least {least // 2} x y pairs, not {len(points) / 2:g}"
            self.builder.report(WRONG_LENGTH, message, row.place)
            return False
        if kind == "polygon":
            row.polygons = [points]
            row.box = _bounds(points)
        elif kind == "polyline":
            row.polyline = points
        elif kind == "points":
            self._points(row, points, ann.get("visibility"), label)
        else:  # ellipse (two corners) and cuboid_2d (eight corners): their bounds
            row.box = _bounds(points)
        return True

    def _points(self, row: ObjectRow, points: list[float], visibility: Any, label: int) -> None:
        if label not in self.categories.keypoints:
            row.points = points
            return
        flags = visibility if isinstance(visibility, list) else []
        values: list[float] = []
        for i in range(len(points) // 2):
            v = flags[i] if i < len(flags) and finite_number(flags[i]) is not None else VISIBLE
            values += [points[2 * i], points[2 * i + 1], float(v)]
        row.keypoints = values

    def _skeleton(self, row: ObjectRow, elements: Any, label: int) -> bool:
        spec = self.categories.keypoints.get(label)
        if not isinstance(elements, list) or spec is None:
            message = "a skeleton needs elements and a points category naming its keypoints"
            self.builder.report(WRONG_TYPE, message, row.place)
            return False
        values = [0.0] * (3 * len(spec.names))
        for number, element in enumerate(elements):
            where = Place(row.place.file, pointer=f"{row.place.pointer}/elements/{number}")
            self._element(element, spec.names, values, where)
        row.keypoints = values
        return True

    def _element(self, element: Any, names: list[str], values: list[float], place: Place) -> None:
        label_id = element.get("label_id") if isinstance(element, dict) else None
        labels = self.categories.labels
        name = (
            labels[label_id].name
            if isinstance(label_id, int) and 0 <= label_id < len(labels)
            else None
        )
        if name not in names:
            self.builder.report(WRONG_TYPE, "the element is no keypoint of the skeleton", place)
            return
        assert isinstance(element, dict)
        point = self._numbers(element.get("points"), place, "points", exactly=2)
        if point is None:
            return
        visibility = element.get("visibility")
        v = visibility[0] if isinstance(visibility, list) and visibility else VISIBLE
        i = names.index(str(name))
        values[3 * i : 3 * i + 3] = [point[0], point[1], float(finite_number(v) or 0)]

    def _mask(self, row: ObjectRow, rle: Any) -> bool:
        counts = rle.get("counts") if isinstance(rle, dict) else None
        size = mask_size(rle.get("size")) if isinstance(rle, dict) else None
        if isinstance(counts, list) and not all(_index(c, 2**31) for c in counts):
            counts = None  # uncompressed runs are whole numbers
        if not isinstance(counts, str | list) or size is None:
            message = "a mask needs rle {counts, size: [height, width]} (whole numbers)"
            self.builder.report(WRONG_TYPE, message, row.place)
            return False
        self._pending = Rle(size[0], size[1], counts)
        return True

    def _numbers(
        self, raw: Any, place: Place, what: str, exactly: int | None
    ) -> list[float] | None:
        numbers = [finite_number(v) for v in raw] if isinstance(raw, list) else None
        if numbers is None or any(n is None for n in numbers):
            self.builder.report(WRONG_TYPE, f"{what} must be a list of numbers", place)
            return None
        if exactly is not None and len(numbers) != exactly:
            self.builder.report(
                WRONG_LENGTH, f"{what} needs {exactly} numbers, not {len(numbers)}", place
            )
            return None
        return [float(n) for n in numbers if n is not None]

    # -- the dataset -----------------------------------------------------------------
    def finish(self, dataset: Dataset) -> None:
        """Masks, and the keypoint names of the labels a ``points`` category names."""
        dataset.objects.rle = self.rle
        for label_id, row in self._rows.items():
            spec = self.categories.keypoints.get(label_id)
            if spec is not None and spec.names:
                dataset.categories[row].keypoints = list(spec.names)


def _flags(ann: dict[str, Any], kind: str) -> dict[str, Flag]:
    flags: dict[str, Flag] = {"shape": kind}
    for key in ("id", "group", "z_order"):
        value = ann.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value:
            flags[key] = float(value)
    return flags


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _index(value: Any, count: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count
