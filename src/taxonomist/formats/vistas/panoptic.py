"""A Vistas version's ``panoptic/panoptic_2018.json`` or ``panoptic_2020.json``: COCO-panoptic
shaped (``images``, ``annotations`` [{file_name, image_id, segments_info [{id, category_id,
area, bbox, iscrowd}]}], ``categories``), but the PNGs lie **next to the JSON** in
``panoptic/``, not in a folder named after it as COCO's do. A PNG's pixels are segment ids
``R + 256 G + 256² B`` (0: void). Every listed segment must be painted (S005), every painted
id listed (S006) and the PNG must have its image's size (S007): the COCO panoptic reader's
comparison, restated here because readers do not import each other. The size an ``images``
entry gives must be that of the image in ``<split>/images`` (S142).

A category is reported as the config's label it stands for (name and list index): real
files name it by ``supercategory`` (``animal--bird``, with ``name`` the readable
``Bird``), Datumaro's fixtures by ``name``; the panoptic ids (index + 1) are not class values.
An empty ``bbox`` (Datumaro's fixtures) is no box, not a fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.columns import finite_number, whole_number
from taxonomist.formats._io.images import load_pixels
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.measure import refuse_mask
from taxonomist.formats.codes import (
    MISSING_COMPANION_FILE,
    MISSING_FIELD,
    PNG_SEGMENT_NOT_LISTED,
    PNG_SIZE_MISMATCH,
    SEGMENT_MISSING_FROM_PNG,
    WRONG_LENGTH,
    WRONG_TOP_LEVEL_SHAPE,
    WRONG_TYPE,
)
from taxonomist.formats.vistas.config import Label
from taxonomist.formats.vistas.masks import FORMAT, SIZE_MISMATCH, image_of
from taxonomist.taxonomy.paths import is_file


def read_panoptic(path: Path, labels: list[Label] | None) -> Dataset:
    """The panoptic JSON ``path`` with its PNGs (beside it) compared."""
    reader = _Panoptic(DatasetBuilder(str(path), FORMAT, kind="panoptic"), path.parent, labels)
    loaded = read_json_file(path, reader.builder)
    if loaded is not None:
        reader.document(loaded.value)
    dataset = reader.builder.build()
    dataset.ids_unique_per = "image"  # segment ids are PNG colours, repeated per image
    dataset.objects.png_area = np.array(reader.areas, np.float64)
    return dataset


@dataclass(slots=True)
class _Panoptic:
    builder: DatasetBuilder
    folder: Path
    labels: list[Label] | None
    areas: list[float] = field(default_factory=list)  # pixels per segment row; NaN: unread
    images: dict[Any, int] = field(default_factory=dict)  # image id -> row
    sizes: dict[Any, tuple[float, float]] = field(default_factory=dict)  # image id -> w, h
    categories: dict[Any, int] = field(default_factory=dict)  # category id -> row
    places: list[Place] = field(default_factory=list)  # per segment row

    def at(self, pointer: str) -> Place:
        return Place(self.builder.source, pointer=pointer)

    def document(self, doc: Any) -> None:
        if not isinstance(doc, dict):
            message = "a panoptic file is a JSON object with images, annotations and categories"
            self.builder.report(WRONG_TOP_LEVEL_SHAPE, message, self.at(""))
            return
        for name in ("images", "categories", "annotations"):
            if not isinstance(doc.get(name), list):
                self.builder.report(
                    MISSING_FIELD, f"the file has no {name} list", self.at(f"/{name}")
                )
        for index, image in enumerate(_list(doc.get("images"))):
            self.image(image, f"/images/{index}")
        for index, category in enumerate(_list(doc.get("categories"))):
            self.category(category, f"/categories/{index}")
        for index, ann in enumerate(_list(doc.get("annotations"))):
            self.annotation(ann, f"/annotations/{index}")

    def image(self, image: Any, pointer: str) -> None:
        if not isinstance(image, dict) or not _hashable(image.get("id")):
            self.builder.report(MISSING_FIELD, "the image has no id", self.at(pointer))
            return
        file = image.get("file_name")
        width, height = (finite_number(image.get(k)) for k in ("width", "height"))
        row = self.builder.image(
            image["id"],
            file=f"images/{file}" if isinstance(file, str) else str(image["id"]),
            width=width,
            height=height,
            place=self.at(pointer),
        )
        self.images[image["id"]] = row
        if width is not None and height is not None:
            self.sizes[image["id"]] = (width, height)
            if isinstance(file, str):
                self._image_size(Path(file).stem, (width, height), pointer)

    def _image_size(self, stem: str, said: tuple[float, float], pointer: str) -> None:
        """S142 when the image in ``<split>/images`` is not the size the file says."""
        path, header = image_of(self.folder.parent.parent, stem)
        if header.ok and (float(header.width), float(header.height)) != said:
            message = (
                f"the file says {said[0]:g} x {said[1]:g}, its image "
                f"{path.name if path else ''} is {header.width} x {header.height}"
            )
            self.builder.report(SIZE_MISMATCH, message, self.at(pointer))

    def category(self, category: Any, pointer: str) -> None:
        if not isinstance(category, dict) or not _hashable(category.get("id")):
            self.builder.report(MISSING_FIELD, "the category has no id", self.at(pointer))
            return
        name, index = self._label(category)
        self.categories[category["id"]] = self.builder.category(name, index, self.at(pointer))

    def _label(self, category: dict[str, Any]) -> tuple[str, int | None]:
        """The config label a category stands for: by supercategory (real files), name
        (Datumaro) or readable name; else the category's own name, with no class value."""
        names = [category.get(k) for k in ("supercategory", "name")]
        for index, label in enumerate(self.labels or ()):
            if label.name and label.name in names:
                return label.name, index
        for index, label in enumerate(self.labels or ()):
            if label.readable is not None and label.readable == category.get("name"):
                return label.name, index
        name = category.get("name")
        return (name if isinstance(name, str) else str(category["id"])), None

    def annotation(self, ann: Any, pointer: str) -> None:
        if not isinstance(ann, dict):
            self.builder.report(WRONG_TYPE, "an annotation must be an object", self.at(pointer))
            return
        for name in ("image_id", "file_name", "segments_info"):
            if name not in ann:
                self.builder.report(
                    MISSING_FIELD, f"the annotation has no {name}", self.at(pointer)
                )
        image_id = ann.get("image_id")
        image = self.images.get(image_id, -1) if _hashable(image_id) else -1
        rows = [
            self.segment(seg, f"{pointer}/segments_info/{j}", image)
            for j, seg in enumerate(_list(ann.get("segments_info")))
        ]
        file = ann.get("file_name")
        if isinstance(file, str):
            self.png(file, pointer, [r for r in rows if r is not None], image_id)

    def segment(self, seg: Any, pointer: str, image: int) -> tuple[int, Any] | None:
        if not isinstance(seg, dict):
            self.builder.report(WRONG_TYPE, "a segment must be an object", self.at(pointer))
            return None
        for name in ("id", "category_id"):
            if name not in seg:
                self.builder.report(MISSING_FIELD, f"the segment has no {name}", self.at(pointer))
        category_id = seg.get("category_id")
        category = self.categories.get(category_id, -1) if _hashable(category_id) else -1
        self.places.append(self.at(pointer))
        row = self.builder.add(
            ObjectRow(
                image,
                category,
                self.places[-1],
                id=seg.get("id") if _hashable(seg.get("id")) else None,
                box=self._box(seg.get("bbox"), pointer),
                crowd=seg.get("iscrowd") == 1,
            )
        )
        self.areas.append(float("nan"))
        return row, seg.get("id")

    def _box(self, bbox: Any, pointer: str) -> list[float] | None:
        if bbox is None or bbox == []:
            return None
        numbers = [finite_number(v) for v in bbox] if isinstance(bbox, list) else []
        if len(numbers) != 4 or None in numbers:
            message = "bbox must have 4 numbers [x, y, width, height]"
            self.builder.report(WRONG_LENGTH, message, self.at(pointer + "/bbox"))
            return None
        return [float(v) for v in numbers if v is not None]

    def png(self, file: str, pointer: str, rows: list[tuple[int, Any]], image_id: Any) -> None:
        png = _inside(self.folder, file)
        if png is None or not is_file(png):
            message = f"panoptic PNG {file[:100]!r} is not a file in {self.folder.name}/; not read"
            self.builder.report(MISSING_COMPANION_FILE, message, self.at(pointer + "/file_name"))
            return
        header, pixels = load_pixels(png)
        if not header.ok:
            refuse_mask(self.builder, header, self.at(pointer + "/file_name"))
            return
        self._size(header.width, header.height, image_id, pointer)
        self._compare(_segment_ids(np.asarray(pixels)), file, pointer, rows)

    def _size(self, width: int, height: int, image_id: Any, pointer: str) -> None:
        want = self.sizes.get(image_id) if _hashable(image_id) else None
        if want is not None and (float(width), float(height)) != want:
            message = f"PNG is {width} x {height}, its image {want[0]:g} x {want[1]:g}"
            self.builder.report(PNG_SIZE_MISMATCH, message, self.at(pointer + "/file_name"))

    def _compare(self, ids: Any, file: str, pointer: str, rows: list[tuple[int, Any]]) -> None:
        painted, counts = np.unique(ids, return_counts=True)
        area = dict(zip(painted.tolist(), counts.tolist(), strict=True))
        listed = set()
        for row, seg_id in rows:
            if not _hashable(seg_id):
                continue
            listed.add(seg_id)
            if seg_id in area:
                self.areas[row] = float(area[seg_id])
            elif whole_number(seg_id) is not None:
                message = f"segment {seg_id} has no pixels in {file[:100]}"
                self.builder.report(SEGMENT_MISSING_FROM_PNG, message, self.places[row])
        extra = sorted(set(area) - listed - {0})
        if extra:
            shown = ", ".join(map(str, extra[:5])) + (" ..." if len(extra) > 5 else "")
            message = f"{file[:100]} paints segment ids not in segments_info: {shown}"
            self.builder.report(
                PNG_SEGMENT_NOT_LISTED, message, self.at(pointer + "/segments_info")
            )


def _segment_ids(array: Any) -> Any:
    if array.ndim == 2:
        return array.astype(np.int64)
    rgb = array[..., :3].astype(np.int64)
    return rgb[..., 0] | (rgb[..., 1] << 8) | (rgb[..., 2] << 16)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _inside(folder: Path, name: str) -> Path | None:
    """``folder / name`` when it stays inside ``folder`` ("../x.png" does not)."""
    try:
        path = (folder / name).resolve()
    except (OSError, ValueError):
        return None
    return path if "\x00" not in name and path.is_relative_to(folder.resolve()) else None
