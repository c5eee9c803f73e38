"""The ``<object>`` elements of a LabelMe XML file: shape, flags, attributes and parts.

Attributes follow Datumaro's parser of the free-text ``<attributes>`` field: items split at
commas (``\\,`` escapes one), ``key=value`` values typed (``true``/``false``, integers and
floats written plainly, quotes stripped), bare words kept as tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.core.text import shorten
from taxonomist.dataset.model import Flag
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow
from taxonomist.formats._io.codes import IMAGE_UNREADABLE, UNKNOWN_SHAPE_TYPE, UNLABELED_SHAPE
from taxonomist.formats._io.images import find_image, read_header
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_number
from taxonomist.formats._io.xml import place_of, text_of
from taxonomist.formats.codes import (
    IMAGE_TOO_LARGE,
    MISSING_COMPANION_FILE,
    MISSING_FIELD,
    NUMBER_OUT_OF_RANGE,
    WRONG_LENGTH,
    WRONG_TYPE,
)

OBJECT_DELETED = CodeDoc(
    code="S160",
    name="labelme-object-deleted",
    family="structure",
    summary="A LabelMe XML <object> is marked <deleted>1</deleted>; it is not read.",
    why="The LabelMe tool keeps deleted objects in the file; tools that ignore the flag "
    "train on shapes an annotator removed, so the reader skips each one and says so.",
    bad="<object><name>car</name><deleted>1</deleted>...</object>",
    good="<object><name>car</name><deleted>0</deleted>...</object>",
    severity=Severity.INFO,
)
PART_OF_UNKNOWN = CodeDoc(
    code="S161",
    name="part-of-unknown-object",
    family="structure",
    summary="A LabelMe XML <ispartof> or <hasparts> names an object id the file does not "
    "hold (or one that is deleted).",
    why="The part-of relation points nowhere: the whole (or the part) was deleted or the id "
    "is a typo, so the object hierarchy Datumaro and the toolbox rebuild is broken.",
    bad="<parts><ispartof>9</ispartof></parts>   (no object with <id>9</id>)",
    good="<parts><ispartof>2</ispartof></parts>   (object 2 is the whole)",
    severity=Severity.WARNING,
)
CODES: tuple[CodeDoc, ...] = (OBJECT_DELETED, PART_OF_UNKNOWN)
BOX_TYPE = "bounding_box"
_CORNERS = ("xmin", "ymin", "xmax", "ymax")
_ESCAPED_COMMA = "\x00"


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a file's image and masks are: ``<root>/Images/<folder>/`` and
    ``<root>/Masks/<folder>/``, the root being the folder holding ``Annotations``."""

    root: Path
    folder: str

    @classmethod
    def of(cls, path: Path, folder: str) -> Layout:
        for folder_of_files in (path.parent, path.parent.parent):
            if folder_of_files.name == "Annotations":
                return cls(folder_of_files.parent, folder)
        return cls(path.parent, folder)

    def image(self, filename: str) -> Path | None:
        folder = self.root / "Images" / self.folder
        if not _inside(folder / filename, self.root):
            return None
        return find_image(folder, Path(filename).stem)

    def mask(self, name: str) -> Path | None:
        """The mask file, or None when its name leaves the ``Masks`` folder."""
        path = self.root / "Masks" / self.folder / name
        return path if _inside(path, self.root / "Masks") else None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def read_objects(builder: DatasetBuilder, root: Element, image: int, layout: Layout) -> None:
    rows: dict[str, ObjectRow] = {}
    parts: list[tuple[ObjectRow, Element]] = []
    for index, element in enumerate(root.findall("object")):
        object_id = text_of(element, "id") or str(index)
        if text_of(element, "deleted") == "1":
            name = text_of(element, "name") or "?"
            message = f"object {object_id} ({shorten(name, 40)!r}) is deleted; it is not read"
            builder.report(OBJECT_DELETED, message, place_of(element, builder.source))
            continue
        row = _object(builder, element, image, object_id, layout)
        if row is not None:
            rows[object_id] = row
            parts.append((row, element))
    for row, element in parts:
        _parts(builder, element, row, rows)
        builder.add(row)


def _object(
    builder: DatasetBuilder, element: Element, image: int, object_id: str, layout: Layout
) -> ObjectRow | None:
    place = place_of(element, builder.source)
    name = text_of(element, "name")
    if not name:
        builder.report(UNLABELED_SHAPE, f"object {object_id} has no <name>; it is skipped", place)
        return None
    kind = text_of(element, "type") or ""
    if kind not in ("", BOX_TYPE, "polygon"):
        message = f"<type> {shorten(kind, 40)!r} is not a LabelMe shape type; it is skipped"
        builder.report(UNKNOWN_SHAPE_TYPE, message, place)
        return None
    row = ObjectRow(image, builder.category(name, None, place), place, id=object_id)
    if not _shape(builder, element, row, kind, layout):
        return None
    row.flags = {**(row.flags or {}), **_flags(element)}
    _attributes(element, row)
    return row


def _flags(element: Element) -> dict[str, Flag]:
    flags: dict[str, Flag] = {}
    occluded = text_of(element, "occluded")
    if occluded in ("yes", "no"):
        flags["occluded"] = occluded == "yes"
    verified = text_of(element, "verified")
    if verified in ("0", "1"):
        flags["verified"] = verified == "1"
    return flags


def _shape(
    builder: DatasetBuilder, element: Element, row: ObjectRow, kind: str, layout: Layout
) -> bool:
    polygon, segm = element.find("polygon"), element.find("segm")
    if polygon is not None:
        return _polygon(builder, polygon, row, kind)
    if segm is not None:
        return _segm(builder, segm, row, layout)
    builder.report(MISSING_FIELD, "the object has no <polygon> and no <segm>", row.place)
    return False


def _polygon(builder: DatasetBuilder, polygon: Element, row: ObjectRow, kind: str) -> bool:
    flat: list[float] = []
    for point in polygon.iter("pt"):
        for axis in ("x", "y"):
            value = _number(builder, point, axis)
            if value is None:
                return False
            flat.append(value)
    user = text_of(polygon, "username")
    row.annotator = user or None
    wanted = 2 if kind == BOX_TYPE else 3
    if len(flat) < 2 * wanted:
        message = f"a {kind or 'polygon'} needs at least {wanted} <pt>s, not {len(flat) // 2}"
        builder.report(WRONG_LENGTH, message, place_of(polygon, builder.source))
        return False
    row.box = _bounds(flat)
    if kind == BOX_TYPE:
        row.flags = {"shape": BOX_TYPE}
    else:
        row.polygons = [flat]
        row.flags = {"shape": "polygon"}
    return True


def _segm(builder: DatasetBuilder, segm: Element, row: ObjectRow, layout: Layout) -> bool:
    box = segm.find("box")
    if box is None:
        builder.report(MISSING_FIELD, "<segm> has no <box>", place_of(segm, builder.source))
        return False
    corners = [_number(builder, box, corner) for corner in _CORNERS]
    if any(v is None for v in corners):
        return False
    xmin, ymin, xmax, ymax = (float(v or 0.0) for v in corners)
    row.box = (xmin, ymin, xmax - xmin, ymax - ymin)
    row.annotator = text_of(segm, "username") or None
    row.flags = {"shape": "mask"}
    _mask(builder, segm, layout)
    return True


def _mask(builder: DatasetBuilder, segm: Element, layout: Layout) -> None:
    place = place_of(segm, builder.source)
    name = text_of(segm, "mask")
    if not name:
        builder.report(MISSING_FIELD, "<segm> has no <mask> file name", place)
        return
    path = layout.mask(name)
    if path is None:
        message = f"mask {shorten(name, 60)!r} lies outside the Masks folder; it is not read"
        builder.report(MISSING_COMPANION_FILE, message, place)
        return
    header = read_header(path)
    if header.problem == "missing":
        message = f"mask {shorten(name, 60)!r} is not in Masks/{layout.folder}"
        builder.report(MISSING_COMPANION_FILE, message, place, hint="copy the Masks folder too")
    elif header.problem == "too-large":
        builder.report(IMAGE_TOO_LARGE, f"mask {shorten(name, 60)!r} is too large", place)
    elif header.problem is not None:
        builder.report(IMAGE_UNREADABLE, f"mask {shorten(name, 60)!r}: {header.problem}", place)


def _number(builder: DatasetBuilder, parent: Element, tag: str) -> float | None:
    text = text_of(parent, tag)
    value = parse_number(text) if text is not None else "missing"
    if not isinstance(value, str):
        return value
    child = parent.find(tag)
    place = place_of(parent if child is None else child, builder.source)
    if text is None:
        builder.report(MISSING_FIELD, f"<{parent.tag}> has no <{tag}>", place)
    else:
        code = NUMBER_OUT_OF_RANGE if value == OUT_OF_RANGE else WRONG_TYPE
        builder.report(code, f"<{tag}> {shorten(text, 60)!r} is {value}", place)
    return None


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _attributes(element: Element, row: ObjectRow) -> None:
    text = text_of(element, "attributes")
    if not text:
        return
    values: dict[str, Any] = {}
    tags: dict[str, bool] = {}
    for raw in text.replace("\\,", _ESCAPED_COMMA).split(","):
        item = raw.strip().replace(_ESCAPED_COMMA, ",")
        if "=" in item:
            key, value = item.split("=", 1)
            values[key.strip()] = _typed(value.strip())
        elif item:
            tags[item] = True
    if values:
        row.attributes = values
    if tags:
        row.flags = {**(row.flags or {}), "attributes": tags}


def _typed(value: str) -> Any:
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if len(value) > 1 and value[0] == value[-1] == '"':
        return value[1:-1]
    for cast in (int, float):
        try:
            number = cast(value)
        except ValueError:
            continue
        if str(number) == value:
            return number
    return value


def _parts(
    builder: DatasetBuilder, element: Element, row: ObjectRow, rows: dict[str, ObjectRow]
) -> None:
    parts = element.find("parts")
    if parts is None:
        return
    for tag, flag in (("ispartof", "part_of"), ("hasparts", "has_parts")):
        text = text_of(parts, tag)
        if not text:
            continue
        ids = [i.strip() for i in text.split(",") if i.strip()]
        missing = [i for i in ids if i not in rows]
        if missing:
            named = shorten(", ".join(missing), 60)
            message = f"<{tag}> names object {named}, which the file lacks (or holds deleted)"
            builder.report(PART_OF_UNKNOWN, message, place_of(parts, builder.source))
        row.flags = {**(row.flags or {}), flag: ",".join(ids)}
