"""Reader of Pascal VOC annotation XML (one file per image), parsed with defusedxml.

Boxes are ``xmin ymin xmax ymax`` pixels (floats allowed) and become ``x, y, w, h`` with
``w = xmax - xmin``. ``<size>`` may be missing: the size then comes from the image header
(``../JPEGImages/<filename>``) when the image is there, else stays unknown. ``truncated``,
``difficult``, ``occluded`` and ``pose`` may each be missing; they are format fields and go
to ``Objects.flags`` (not to attributes, which the taxonomy defines).
``<part>`` elements (VOC person layout: head, hand, foot) become objects of their own class
with ``part_of`` naming their whole; ``<actions>`` become a flag dict. Files without any
``<object>`` are valid (an image with nothing to label).
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree.ElementTree import Element

from taxonomist.core.codes import CodeDoc
from taxonomist.core.text import shorten
from taxonomist.dataset.model import Dataset, Flag
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.images import find_image, read_header
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_number
from taxonomist.formats._io.sniff import xml_paths
from taxonomist.formats._io.xml import place_of, read_xml_root, text_of, xml_head_root
from taxonomist.formats.codes import MISSING_FIELD, NUMBER_OUT_OF_RANGE, WRONG_TYPE

FORMAT = "voc"
_CORNERS = ("xmin", "ymin", "xmax", "ymax")
_FLAGS = ("pose", "truncated", "difficult", "occluded")
MAX_NAME_BYTES = 255  # NAME_MAX of ext4, XFS, APFS and NTFS (in UTF-16 units there)

FILE_NAME_UNUSABLE = CodeDoc(
    code="S021",
    name="file-name-unusable",
    family="structure",
    summary="A VOC <filename> cannot name a file: it is longer than 255 bytes, the limit of "
    "common file systems.",
    why="No image can have that name, so the annotation cannot be paired with its image; "
    "the name is corrupted or is not a file name at all.",
    bad="<filename>aaaa...a.jpg</filename>   (5000 characters)",
    good="<filename>2007_000027.jpg</filename>",
)

CODES: tuple[CodeDoc, ...] = (FILE_NAME_UNUSABLE,)


def sniff(path: Path, head: bytes) -> str | None:
    """VOC when an XML file's root element is ``<annotation>`` (not LabelMe's polygon XML)."""
    if path.is_dir() or xml_head_root(head) != "annotation":
        return None
    paths = xml_paths(head)
    labelme = {"annotation/object/polygon", "annotation/object/segm", "annotation/imagesize"}
    if labelme & paths and "annotation/object/bndbox" not in paths:
        return None  # MIT LabelMe XML: polygons of <pt>s, <segm> masks, <imagesize>
    return "XML whose root element is <annotation> (Pascal VOC)"


def read(path: Path) -> list[Dataset]:
    """Read one VOC XML file."""
    source = str(path)
    builder = DatasetBuilder(source, FORMAT, declares_categories=False)
    root = read_xml_root(path, builder, "annotation")
    if root is not None:
        _annotation(builder, root, path)
    return [builder.build()]


def _annotation(builder: DatasetBuilder, root: Element, path: Path) -> None:
    source = builder.source
    filename = _filename(builder, root, path)
    width, height = _size(builder, root, path, filename)
    image = builder.image(
        Path(filename).stem, file=filename, width=width, height=height, place=place_of(root, source)
    )
    for index, element in enumerate(root.findall("object"), 1):
        row = _object(builder, element, image, str(index))
        if row is None:
            continue
        for k, part in enumerate(element.findall("part"), 1):
            _object(builder, part, image, f"{index}.{k}", part_of=str(index))


def _filename(builder: DatasetBuilder, root: Element, path: Path) -> str:
    """The image's file name: ``<filename>``, else (or when no file can have that name, S021)
    the XML file's own stem with ``.jpg``, VOC's usual pairing."""
    filename = text_of(root, "filename") or path.with_suffix(".jpg").name
    if len(os.fsencode(Path(filename).name)) <= MAX_NAME_BYTES:
        return filename
    element = root.find("filename")
    place = place_of(root if element is None else element, builder.source)
    message = f"<filename> is {len(filename)} characters long; no file can have that name"
    builder.report(FILE_NAME_UNUSABLE, message, place)
    return path.with_suffix(".jpg").name


def _size(
    builder: DatasetBuilder, root: Element, path: Path, filename: str
) -> tuple[float | None, float | None]:
    size = root.find("size")
    if size is not None:
        width, height = (parse_number(text_of(size, k) or "") for k in ("width", "height"))
        if isinstance(width, str) or isinstance(height, str):
            code = NUMBER_OUT_OF_RANGE if OUT_OF_RANGE in (width, height) else WRONG_TYPE
            message = "<size> needs numeric <width> and <height>"
            builder.report(code, message, place_of(size, builder.source))
        elif width > 0 and height > 0:
            return width, height
    image = find_image(path.parent.parent / "JPEGImages", Path(filename).stem)
    if image is None:
        return None, None
    header = read_header(image)
    return (float(header.width), float(header.height)) if header.ok else (None, None)


def _object(
    builder: DatasetBuilder,
    element: Element,
    image: int,
    object_id: str,
    part_of: str | None = None,
) -> int | None:
    place = place_of(element, builder.source)
    name = text_of(element, "name")
    if not name:
        builder.report(MISSING_FIELD, f"<{element.tag}> has no <name>", place)
        return None
    box = _box(builder, element, place)
    flags: dict[str, Flag] = {
        k: _flag(text_of(element, k)) for k in _FLAGS if element.find(k) is not None
    }
    if part_of is not None:
        flags["part_of"] = part_of
    actions = element.find("actions")
    if actions is not None:
        flags["actions"] = {a.tag: (a.text or "").strip() == "1" for a in actions}
    category = builder.category(name, None, place)
    row = ObjectRow(image, category, place, id=object_id, box=box, flags=flags or None)
    return builder.add(row)


def _flag(text: str | None) -> bool | str | None:
    if text in ("0", "1"):
        return text == "1"
    return text


def _box(
    builder: DatasetBuilder, element: Element, place: Place
) -> tuple[float, float, float, float] | None:
    bndbox = element.find("bndbox")
    if bndbox is None:
        builder.report(MISSING_FIELD, f"<{element.tag}> has no <bndbox>", place)
        return None
    values = []
    for corner in _CORNERS:
        text = text_of(bndbox, corner)
        value = parse_number(text) if text is not None else "missing"
        if isinstance(value, str):
            where = bndbox.find(corner)
            at = place_of(where if where is not None else bndbox, builder.source)
            _bad_corner(builder, corner, text, value, at)
            return None
        values.append(value)
    xmin, ymin, xmax, ymax = values
    return xmin, ymin, xmax - xmin, ymax - ymin


def _bad_corner(
    builder: DatasetBuilder, corner: str, text: str | None, why: str, at: Place
) -> None:
    if text is None:
        builder.report(MISSING_FIELD, f"<{corner}> is missing", at)
        return
    code = NUMBER_OUT_OF_RANGE if why == OUT_OF_RANGE else WRONG_TYPE
    builder.report(code, f"<{corner}> {shorten(text, 60)!r} is {why}", at)
