"""One image of the full ADE20K dataset: its ``<stem>_atr.txt`` (2017) or ``<stem>.json``
(2021), with ``<stem>_seg.png`` and ``<stem>_parts_N.png`` beside it.

One object row per annotated object or part, named by its ``raw_name`` as Datumaro names
them; ``occluded`` becomes the attribute ``occluded`` and each listed attribute an attribute
set to true (Datumaro's reading); a part keeps its ``part_level`` and, in 2021 files, the id
of its whole (``part_of``, as the VOC reader writes it). The masks of each level must exist
(F008) and have the image's size (S145); an object whose instance (2017) or class (2021) is
not painted in its level's mask is a warning (S144). The masks' class values are ADE's full
object index (``name_ndx``), not a 150-class taxonomy's ids, so they are not reported as
mask values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import read_regular
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset, Flag
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.columns import finite_number, whole_number
from taxonomist.formats._io.images import Header, find_image, load_pixels, read_header
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.measure import refuse_mask
from taxonomist.formats.ade20k.config import ATR, ATR_COLUMNS, SEG
from taxonomist.formats.ade20k.sceneparsing import FORMAT, check_size
from taxonomist.formats.codes import (
    FILE_UNREADABLE,
    MISSING_COMPANION_FILE,
    MISSING_FIELD,
    WRONG_LENGTH,
    WRONG_TOP_LEVEL_SHAPE,
    WRONG_TYPE,
)
from taxonomist.taxonomy.paths import is_file

OBJECT_NOT_IN_MASK = CodeDoc(
    code="S144",
    name="ade20k-object-not-in-mask",
    family="structure",
    summary="An ADE20K object or part is listed in *_atr.txt or the image's JSON but not "
    "painted in its level's mask (*_seg.png, *_parts_N.png).",
    why="The list and the masks disagree: the object was deleted from one of them, or the "
    "masks belong to another version of the annotation.",
    bad='3 # 0 # 0 # car # car # ""   with 2 instances in _seg.png',
    good="the _seg.png B channel paints 3 instances",
    severity=Severity.WARNING,
)

CODES: tuple[CodeDoc, ...] = (OBJECT_NOT_IN_MASK,)


@dataclass(slots=True)
class _Level:
    """What one level's mask paints: instance count (B) and classes (R / 10 x 256 + G)."""

    instances: int = 0
    classes: frozenset[int] = frozenset()


@dataclass(slots=True)
class _Item:
    builder: DatasetBuilder
    folder: Path
    stem: str
    row: int = 0
    image: Header = field(default_factory=Header)
    image_path: Path | None = None
    levels: dict[int, _Level | None] = field(default_factory=dict)

    def mask_path(self, level: int) -> Path:
        return self.folder / (
            f"{self.stem}{SEG}.png" if level == 0 else f"{self.stem}_parts_{level}.png"
        )

    def level(self, level: int, place: Place) -> _Level | None:
        """The level's mask (read once); None when it is missing or unreadable (reported
        once, at the first object that needs it)."""
        if level not in self.levels:
            self.levels[level] = self._read_level(level, place)
        return self.levels[level]

    def _read_level(self, level: int, place: Place) -> _Level | None:
        path = self.mask_path(level)
        if not is_file(path):
            message = f"no {path.name} beside the annotation: level {level} is not checked"
            self.builder.report(MISSING_COMPANION_FILE, message, place)
            return None
        header, pixels = load_pixels(path)
        mask_place = Place(str(path))
        if not header.ok:
            refuse_mask(self.builder, header, mask_place)
            return None
        check_size(self.builder, mask_place, header, self.image, self.image_path)
        array = np.asarray(pixels)
        if array.ndim != 3:
            return _Level()
        rgb = array[..., :3].astype(np.int64)
        blue = np.unique(rgb[..., 2])
        if level == 0:
            self.builder.masks.instances[self.row] = [int(v) for v in blue]
        classes = np.unique(rgb[..., 0] // 10 * 256 + rgb[..., 1])
        return _Level(int(np.count_nonzero(blue)), frozenset(int(c) for c in classes))


def read_item(annotation: Path) -> Dataset:
    """The image whose annotation file (``*_atr.txt`` or ``*.json``) is ``annotation``."""
    builder = DatasetBuilder(str(annotation), FORMAT, kind="ade20k", declares_categories=False)
    atr = annotation.name.endswith(ATR)
    stem = annotation.name.removesuffix(ATR) if atr else annotation.stem
    item = _Item(builder, annotation.parent, stem)
    _image(item, annotation)
    if atr:
        _atr(item, annotation)
    else:
        _json(item, annotation)
    return builder.build()


def _image(item: _Item, annotation: Path) -> None:
    item.image_path = find_image(item.folder, item.stem)
    item.image = read_header(item.image_path) if item.image_path else Header(problem="missing")
    size = item.image if item.image.ok else read_header(item.mask_path(0))
    item.row = item.builder.image(
        item.stem,
        file=item.image_path.name if item.image_path else f"{item.stem}.jpg",
        width=size.width or None,
        height=size.height or None,
        place=Place(str(annotation), pointer="" if annotation.suffix == ".json" else None),
    )


# -- 2017: *_atr.txt -----------------------------------------------------------------------
def _atr(item: _Item, path: Path) -> None:
    try:
        data = read_regular(path)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        item.builder.report(FILE_UNREADABLE, message, Place(str(path)))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # ADE's older files; Datumaro reads 2020 JSON so too
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            _atr_line(item, line, Place(str(path), number))


def _atr_line(item: _Item, line: str, place: Place) -> None:
    columns = [c.strip() for c in line.split("#")]
    if len(columns) != ATR_COLUMNS:
        message = (
            f"an _atr.txt line has {ATR_COLUMNS} '#'-separated columns "
            '(instance # part_level # occluded # class # raw_name # "attributes"), '
            f"this one {len(columns)}; it is skipped"
        )
        item.builder.report(WRONG_LENGTH, message, place)
        return
    instance, level = (_whole(c) for c in columns[:2])
    occluded = {"0": False, "1": True}.get(columns[2])
    quoted = len(columns[5]) >= 2 and columns[5][0] == columns[5][-1] == '"'
    if instance is None or level is None or occluded is None or not quoted:
        message = "instance and part_level must be whole numbers, occluded 0 or 1, "
        message += "attributes in double quotes; the line is skipped"
        item.builder.report(WRONG_TYPE, message, place)
        return
    names = [a.strip() for a in columns[5][1:-1].split(",") if a.strip()]
    name = columns[4] or columns[3]
    _add(item, name, place, f"{level}/{instance}", occluded, names, {"part_level": level})
    found = item.level(level, place)
    if found is not None and instance > found.instances:
        message = (
            f"instance {instance} of level {level} ({name!r}) is not painted: "
            f"{item.mask_path(level).name} has {found.instances} instances"
        )
        item.builder.report(OBJECT_NOT_IN_MASK, message, place)


def _whole(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _add(  # noqa: PLR0917  (the parts of one object row)
    item: _Item,
    name: str,
    place: Place,
    object_id: str | None,
    occluded: bool | None,
    attributes: list[str],
    flags: dict[str, Flag],
    polygon: list[float] | None = None,
) -> int:
    values: dict[str, Any] = dict.fromkeys(attributes, True)
    if occluded is not None:
        values["occluded"] = occluded
    return item.builder.add(
        ObjectRow(
            item.row,
            item.builder.category(name, None, place),
            place,
            id=object_id,
            attributes=values or None,
            flags=flags,
            polygons=[polygon] if polygon else (),
        )
    )


# -- 2021: <stem>.json ---------------------------------------------------------------------
def _json(item: _Item, path: Path) -> None:
    loaded = read_json_file(path, item.builder)
    if loaded is None:
        return
    doc = loaded.value
    annotation = doc.get("annotation") if isinstance(doc, dict) else None
    objects = annotation.get("object") if isinstance(annotation, dict) else None
    if not isinstance(objects, list):
        message = 'an ADE20K image JSON is {"annotation": {"object": [...]}}'
        code = WRONG_TOP_LEVEL_SHAPE if not isinstance(doc, dict) else MISSING_FIELD
        item.builder.report(code, message, Place(str(path), pointer="/annotation/object"))
        return
    for index, obj in enumerate(objects):
        place = Place(str(path), pointer=f"/annotation/object/{index}")
        if isinstance(obj, dict):
            _object(item, obj, place)
        else:
            item.builder.report(WRONG_TYPE, "an object must be a JSON object", place)


def _object(item: _Item, obj: dict[str, Any], place: Place) -> None:
    name = obj.get("raw_name") if isinstance(obj.get("raw_name"), str) else obj.get("name")
    found_parts = obj.get("parts")
    parts: dict[str, Any] = found_parts if isinstance(found_parts, dict) else {}
    level = whole_number(parts.get("part_level", 0), 0)
    if not isinstance(name, str) or not name or level is None:
        message = "the object needs a raw_name (or name) and a whole parts.part_level"
        item.builder.report(MISSING_FIELD, message, place)
        return
    flags: dict[str, Flag] = {"part_level": level}
    whole = whole_number(parts.get("ispartof"), 0)
    if level > 0 and whole is not None:
        flags["part_of"] = str(whole)
    said = obj.get("occluded")
    occluded = {"yes": True, "no": False}.get(said) if isinstance(said, str) else None
    raw = obj.get("attributes")
    attributes = [raw] if isinstance(raw, str) and raw else raw if isinstance(raw, list) else []
    polygon = _polygon(item, obj.get("polygon"), place)
    object_id = obj.get("id")
    shown_id = str(object_id) if whole_number(object_id, 0) is not None else None
    named = [a for a in attributes if isinstance(a, str) and a]
    _add(item, name, place, shown_id, occluded, named, flags, polygon)
    _instance_mask(item, obj, place)
    found = item.level(level, place)
    ndx = whole_number(obj.get("name_ndx"), 0)
    if found is not None and found.classes and ndx is not None and ndx not in found.classes:
        message = f"{name!r} (name_ndx {ndx}) is not painted in {item.mask_path(level).name}"
        item.builder.report(OBJECT_NOT_IN_MASK, message, place)


def _polygon(item: _Item, polygon: Any, place: Place) -> list[float] | None:
    if polygon is None:
        return None
    xs = polygon.get("x") if isinstance(polygon, dict) else None
    ys = polygon.get("y") if isinstance(polygon, dict) else None
    at = Place(place.file, pointer=f"{place.pointer}/polygon")
    if not isinstance(xs, list) or not isinstance(ys, list):
        item.builder.report(WRONG_TYPE, "polygon must be {x: [...], y: [...]}", at)
        return None
    numbers = [finite_number(v) for v in (*xs, *ys)]
    if None in numbers:
        item.builder.report(WRONG_TYPE, "polygon coordinates must be numbers", at)
        return None
    if len(xs) != len(ys) or 0 < len(xs) < 3:
        message = f"polygon x and y need the same length, 3 or more: {len(xs)} and {len(ys)}"
        item.builder.report(WRONG_LENGTH, message, at)
        return None
    return [float(v) for pair in zip(xs, ys, strict=True) for v in pair]


def _instance_mask(item: _Item, obj: dict[str, Any], place: Place) -> None:
    name = obj.get("instance_mask", obj.get("saved_mask"))
    if not isinstance(name, str) or not name:
        return
    path = _inside(item.folder, name)
    if path is None or not is_file(path):
        message = f"instance mask {name[:100]!r} is not a file in {item.folder.name}/"
        item.builder.report(MISSING_COMPANION_FILE, message, place)
        return
    header = read_header(path)
    if header.ok:
        check_size(item.builder, Place(str(path)), header, item.image, item.image_path)


def _inside(folder: Path, name: str) -> Path | None:
    """``folder / name`` when it stays inside ``folder`` ("../x.png" does not)."""
    try:
        path = (folder / name).resolve()
    except (OSError, ValueError):
        return None
    return path if "\x00" not in name and path.is_relative_to(folder.resolve()) else None
