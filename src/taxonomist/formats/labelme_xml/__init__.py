"""Reader of MIT LabelMe XML (one ``<annotation>`` file per image; the LabelMe web tool and
MATLAB toolbox of MIT CSAIL), parsed with defusedxml. Not LabelMe *JSON* (``formats.labelme``,
wkentaro's tool), a different format of the same name.

The conventions follow Datumaro's reader and exporter
(openvinotoolkit/datumaro, ``src/datumaro/plugins/data_formats/labelme.py``, commit
3d533b9cf8b9, MIT) and its test dataset ``tests/assets/labelme_dataset/``, which follow the
LabelMe toolbox: the layout is ``Annotations/<folder>/<image>.xml``, ``Images/<folder>/`` and
``Masks/<folder>/``; ``<imagesize>`` gives ``<nrows>`` (height) and ``<ncols>`` (width), and
without it the size comes from the image's header. Each ``<object>`` has a ``<name>``,
``<deleted>`` (1: removed in the tool; not read, reported as an info ``S160``), ``<verified>``
and ``<occluded>`` (``yes``/``no``: format flags), ``<attributes>`` (comma-separated free text:
``key=value`` pairs are the object's attributes, bare words go to the ``attributes`` flag),
``<parts>`` with ``<hasparts>``/``<ispartof>`` (comma-separated object ids: the ``part_of`` and
``has_parts`` flags, as the VOC reader writes ``part_of``; an id naming no object of the file is
``S161``), and its shape: a ``<polygon>`` of ``<pt><x><y>`` points with the annotator's
``<username>`` (``<type>bounding_box</type>`` makes the polygon a box, its bounds), or a
``<segm>`` whose ``<mask>`` PNG lies in ``Masks/<folder>/`` and whose ``<box>`` is the mask's
bounds. Mask pixels are not decoded; the mask's header must be readable, and a mask name that
leaves the ``Masks`` folder is not opened (``F008``). Locations are the line of each
``<object>``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.images import read_header
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_number
from taxonomist.formats._io.sniff import xml_paths
from taxonomist.formats._io.xml import place_of, read_xml_root, text_of, xml_head_root
from taxonomist.formats.codes import NUMBER_OUT_OF_RANGE, WRONG_TYPE
from taxonomist.formats.labelme_xml.objects import CODES as OBJECT_CODES
from taxonomist.formats.labelme_xml.objects import Layout, read_objects

FORMAT = "labelme-xml"
CODES = OBJECT_CODES
_SHAPES = ("annotation/object/polygon", "annotation/object/segm")


def sniff(path: Path, head: bytes) -> str | None:
    """LabelMe XML when the root is ``<annotation>`` and its objects are ``<polygon>``s or
    ``<segm>``s (or it has LabelMe's ``<imagesize>``), with no VOC ``<bndbox>``."""
    if path.is_dir() or xml_head_root(head) != "annotation":
        return None
    paths = xml_paths(head)
    if "annotation/object/bndbox" in paths or "annotation/size" in paths:
        return None
    if any(p in paths for p in _SHAPES) or "annotation/imagesize" in paths:
        return "XML <annotation> whose objects are <polygon>s or <segm>s (MIT LabelMe)"
    return None


def read(path: Path) -> list[Dataset]:
    """Read one LabelMe XML file."""
    builder = DatasetBuilder(str(path), FORMAT, declares_categories=False)
    root = read_xml_root(path, builder, "annotation")
    if root is not None:
        _annotation(builder, root, path)
    return [builder.build()]


def _annotation(builder: DatasetBuilder, root: Element, path: Path) -> None:
    filename = text_of(root, "filename") or path.with_suffix(".jpg").name
    folder = text_of(root, "folder") or ""
    layout = Layout.of(path, folder)
    width, height = _size(builder, root, layout, filename)
    image = builder.image(
        Path(filename).stem,
        file=filename,
        width=width,
        height=height,
        place=place_of(root, builder.source),
    )
    read_objects(builder, root, image, layout)


def _size(
    builder: DatasetBuilder, root: Element, layout: Layout, filename: str
) -> tuple[float | None, float | None]:
    size = root.find("imagesize")
    if size is not None and (text_of(size, "nrows") or text_of(size, "ncols")):
        height, width = (parse_number(text_of(size, k) or "") for k in ("nrows", "ncols"))
        if isinstance(width, str) or isinstance(height, str):
            code = NUMBER_OUT_OF_RANGE if OUT_OF_RANGE in (width, height) else WRONG_TYPE
            message = "<imagesize> needs numeric <nrows> and <ncols>"
            builder.report(code, message, place_of(size, builder.source))
        elif width > 0 and height > 0:
            return width, height
    image = layout.image(filename)
    if image is None:
        return None, None
    header = read_header(image)
    return (float(header.width), float(header.height)) if header.ok else (None, None)
