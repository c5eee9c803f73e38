"""Reader of the Cityscapes layout: ``gtFine|gtCoarse/<split>/<city>/`` annotation PNGs
(``*_labelIds``, ``*_instanceIds``, ``*_labelTrainIds``, ``*_color``) and
``*_polygons.json`` files, with their images at ``leftImg8bit/<split>/<city>/``.

Read from the dataset root, a ``gtFine``/``gtCoarse`` folder, a split or city folder, or one
annotation file. Each PNG kind is reported in its own id space (``pngs.py``:
``MaskPixels.space``, so the checker reads ``labelIds`` through the classes' ids,
``labelTrainIds`` through the ``train_id`` id space, ``color`` through the classes' colours,
and ``instanceIds`` as ``id x 1000 + instance`` for things only); each polygons file is a
dataset of its own with JSON-pointer locations (``polygons.py``). Every annotation's size is
checked against its image, and an annotation without its image, or an image without an
annotation, is a finding (``frames.py``).

Conventions follow cityscapesScripts (github.com/mcordts/cityscapesScripts, MIT, commit
0bcc4a72549590fd80d71d8465be3a0c4b1c06e8): ``cityscapesscripts/helpers/labels.py`` (the
label table), ``helpers/annotation.py`` (the polygons file), ``preparation/json2labelImg.py``
(labelIds, labelTrainIds and color images: objects drawn in file order, deleted ones
skipped, ``<label>group`` read as its class) and ``preparation/json2instanceImg.py``
(instance ids); and Datumaro's reader (github.com/openvinotoolkit/datumaro, MIT, commit
3d533b9cf8b9, ``src/datumaro/plugins/data_formats/cityscapes.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.sniff import json_shape, keys_of, lists_in
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.cityscapes import frames, pngs, polygons
from taxonomist.formats.cityscapes.frames import ImageIndex, report_unannotated
from taxonomist.formats.cityscapes.layout import (
    GT_DIRS,
    gt_children,
    image_scope,
    is_dir,
    parse,
)
from taxonomist.formats.cityscapes.pngs import read_png
from taxonomist.formats.cityscapes.polygons import read_polygons
from taxonomist.formats.codes import UNRECOGNISED_FILE

FORMAT = "cityscapes"
_PNG = b"\x89PNG\r\n\x1a\n"
_SNIFF_ENTRIES = 10_000  # entries of a folder looked at before deciding it holds none

CODES: tuple[CodeDoc, ...] = (*frames.CODES, *pngs.CODES, *polygons.CODES)


def sniff(path: Path, head: bytes) -> str | None:
    """A Cityscapes dataset root, gt folder, split or city folder (by the layout and its
    file names), a ``*_gtFine_<kind>.png`` (or bare ``*_labelIds.png``), or a JSON object
    with ``imgHeight``, ``imgWidth`` and an ``objects`` list."""
    if is_dir(path):
        return _sniff_folder(path)
    if head.startswith(_PNG):
        name = parse(path.name)
        if name is not None and name.kind != "polygons":
            return f"Cityscapes {name.kind} PNG ({path.name})"
        return None
    shape = json_shape(head)
    keys = keys_of(shape)
    if lists_in(shape, ("objects",)) and "imgHeight" in keys and "imgWidth" in keys:
        return 'JSON object with "imgHeight", "imgWidth" and "objects" (Cityscapes polygons)'
    return None


def _sniff_folder(path: Path) -> str | None:
    gts = gt_children(path)
    if gts and any(_holds_annotations(gt, depth=3) for gt in gts):
        return f"Cityscapes dataset root ({', '.join(g.name for g in gts)}/<split>/<city>)"
    if path.name in GT_DIRS and (_holds_annotations(path, 3) or _holds_annotations(path, 1)):
        return f"Cityscapes {path.name} folder"
    if path.parent.name in GT_DIRS and _holds_annotations(path, 2):
        return f"Cityscapes split folder ({path.parent.name}/{path.name})"
    if _holds_annotations(path, 1):
        return f"folder of Cityscapes annotations ({path.name})"
    return None


def _holds_annotations(folder: Path, depth: int) -> bool:
    """Whether ``folder`` holds an annotation file ``depth`` levels down (1: directly),
    looking at the first folder of each level only, and at most ``_SNIFF_ENTRIES`` names."""
    try:
        with os.scandir(folder) as entries:
            names = []
            for count, entry in enumerate(entries):
                if count >= _SNIFF_ENTRIES:
                    break
                if depth == 1 and parse(entry.name) is not None and entry.is_file():
                    return True
                if depth > 1 and entry.is_dir(follow_symlinks=False):
                    names.append(entry.name)
    except OSError:
        return False
    return depth > 1 and any(_holds_annotations(folder / n, depth - 1) for n in sorted(names)[:3])


def read(path: Path) -> list[Dataset]:
    """Read a Cityscapes folder (or one annotation file): one dataset for the PNGs and the
    layout's findings, one per polygons file."""
    images = ImageIndex()
    builder = DatasetBuilder(str(path), FORMAT, kind="mask", declares_categories=False)
    if not is_dir(path):
        return _read_file(path, builder, images)
    tables: list[Dataset] = []
    for folder in gt_children(path) or [path]:
        found = walk(folder, "")
        report_unreadable(builder, found)
        for file in found.files:
            tables += _read_one(file, builder, images)
    scope = image_scope(path)
    if scope is not None:
        report_unannotated(builder, images, scope[1])
    return [builder.build(), *tables]


def _read_file(path: Path, builder: DatasetBuilder, images: ImageIndex) -> list[Dataset]:
    name = parse(path.name)
    if name is None and path.suffix.lower() == ".json":
        return [read_polygons(path, images, None)]
    datasets = _read_one(path, builder, images, named=True)
    return datasets if datasets else [builder.build()]


def _read_one(
    file: Path, builder: DatasetBuilder, images: ImageIndex, *, named: bool = False
) -> list[Dataset]:
    name = parse(file.name)
    if name is None:
        if named or file.suffix.lower() in (".png", ".json"):
            message = "not a Cityscapes annotation name (<frame>_gtFine_<kind>.png); not read"
            hint = "kinds: labelIds, instanceIds, labelTrainIds, color, polygons.json"
            severity = Severity.ERROR if named else None  # a file the user named goes unread
            builder.report(
                UNRECOGNISED_FILE, message, Place(str(file)), hint=hint, severity=severity
            )
        return []
    if name.kind == "polygons":
        return [read_polygons(file, images, name)]
    read_png(builder, images, file, name)
    return []
