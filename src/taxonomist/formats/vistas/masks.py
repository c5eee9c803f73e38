"""The mask folders of a Vistas version: ``labels/*.png`` (a palette or grey PNG of label
indices, or RGB in the config's colours) and ``instances/*.png`` (16-bit: label index x 256
+ instance number). One image row per PNG; class values are label indices (the classes'
``id`` space of a taxonomy imported from the config), tallied by ``formats._io.pixels``.

A value the config has no label for is a finding at its first pixel (S140), as is an
instance number on a class without instances (S141); a mask must have its image's size
(S142) and an instance mask 16 bits (S143).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.images import Header, find_image, load_pixels, read_header
from taxonomist.formats._io.measure import refuse_mask
from taxonomist.formats._io.pixels import instance_numbers, rgb_codes, tally
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.vistas.config import IMAGES, INSTANCE_BASE, Label

FORMAT = "mapillary-vistas"

VALUE_NOT_IN_CONFIG = CodeDoc(
    code="S140",
    name="vistas-value-not-in-config",
    family="structure",
    summary="A Mapillary Vistas mask holds a class value (or an RGB colour) that the "
    "dataset's config_v*.json has no label for.",
    why="The config is the dataset's class list: a value beyond it is a class nobody defined, "
    "usually a mask written against another version's config.",
    bad="labels/0001.png paints 70 with a config of 66 labels",
    good="labels/0001.png paints 0..65",
)
INSTANCE_ON_STUFF = CodeDoc(
    code="S141",
    name="vistas-instance-on-stuff",
    family="structure",
    summary="A Mapillary Vistas instance mask numbers instances of a class whose config "
    'entry says "instances": false.',
    why="Stuff classes have no instances; numbered ones are a mislabelled region or a config "
    "that does not match the masks.",
    bad="instances/0001.png holds 2 x 256 + 3 where label 2 has instances: false",
    good="instances/0001.png holds 2 x 256 + 0 for stuff label 2",
)
SIZE_MISMATCH = CodeDoc(
    code="S142",
    name="vistas-size-mismatch",
    family="structure",
    summary="A Mapillary Vistas mask PNG or polygon file does not have the size of its image "
    "in <split>/images/.",
    why="Masks and outlines that do not fit their image are misaligned on every pixel.",
    bad="labels/0001.png 1024 x 768 for images/0001.jpg 4032 x 3024",
    good="labels/0001.png 4032 x 3024",
)
INSTANCE_TOO_SHALLOW = CodeDoc(
    code="S143",
    name="vistas-instance-mask-not-16-bit",
    family="structure",
    summary="A Mapillary Vistas instances/*.png is not a 16-bit grey PNG, so it cannot hold "
    "label x 256 + instance; it is not read.",
    why="An instance mask re-saved as 8-bit or colour has lost every instance number.",
    bad="instances/0001.png   (mode L or RGB)",
    good="instances/0001.png   (mode I;16)",
)

CODES: tuple[CodeDoc, ...] = (
    VALUE_NOT_IN_CONFIG,
    INSTANCE_ON_STUFF,
    SIZE_MISMATCH,
    INSTANCE_TOO_SHALLOW,
)


def read_masks(folder: Path, labels: list[Label] | None) -> Dataset:
    """The ``labels`` or ``instances`` folder of a version (``labels`` None: no config)."""
    builder = DatasetBuilder(str(folder), FORMAT, kind=folder.name, declares_categories=False)
    found = walk(folder, ".png")
    report_unreadable(builder, found)
    for png in found.files:
        _mask(builder, png, labels, instances=folder.name == "instances")
    return builder.build()


def image_of(split: Path, stem: str) -> tuple[Path | None, Header]:
    """The image of ``stem`` in ``<split>/images`` and its header."""
    image = find_image(split / IMAGES, stem)
    return image, read_header(image) if image is not None else Header(problem="missing")


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _mask(
    builder: DatasetBuilder, png: Path, labels: list[Label] | None, *, instances: bool
) -> None:
    place = Place(str(png))
    split = png.parent.parent.parent
    header, pixels = load_pixels(png)
    image, size = image_of(split, png.stem)
    width, height = (size.width, size.height) if size.ok else (header.width, header.height)
    row = builder.image(
        png.stem,
        file=relative(image or png, split),
        width=width or None,
        height=height or None,
        place=place,
    )
    if not header.ok:
        refuse_mask(builder, header, place)
        return
    if size.ok and (size.width, size.height) != (header.width, header.height):
        message = (
            f"mask is {header.width} x {header.height} but its image "
            f"{image.name if image else ''} is {size.width} x {size.height}"
        )
        builder.report(SIZE_MISMATCH, message, place)
    if instances:
        _instances(builder, row, place, np.asarray(pixels), labels)
    else:
        _labels(builder, row, place, np.asarray(pixels), labels)


def _labels(
    builder: DatasetBuilder, row: int, place: Place, array: Any, labels: list[Label] | None
) -> None:
    if array.ndim == 3:
        if labels is None:
            return  # colours mean nothing without the config (its absence is reported)
        array = _colour_indices(builder, place, array, labels)
    tally(builder.masks, row, array)
    if labels is not None:
        _beyond(builder, row, place, len(labels), "value")


def _colour_indices(builder: DatasetBuilder, place: Place, array: Any, labels: list[Label]) -> Any:
    """Label indices of an RGB mask's pixels; a colour of no label is reported at its first
    pixel and its pixels left out (-1)."""
    codes = rgb_codes(array)
    palette = {label.code: index for index, label in enumerate(labels) if label.code is not None}
    found, first = np.unique(codes.reshape(-1), return_index=True)
    unknown = [(int(c), int(i)) for c, i in zip(found, first, strict=True) if int(c) not in palette]
    if unknown:
        code, at = unknown[0]
        x, y = at % codes.shape[1], at // codes.shape[1]
        colour = ((code >> 16) & 255, (code >> 8) & 255, code & 255)
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        message = f"colour {colour} at x, y = ({x}, {y}) is no label's colour in the config{more}"
        builder.report(VALUE_NOT_IN_CONFIG, message, place, hint="paint only the config's colours")
    if not palette:
        return np.full(codes.shape, -1, np.int64)
    keys = np.array(sorted(palette), np.int64)
    indices = np.array([palette[int(k)] for k in keys], np.int64)
    at = np.clip(np.searchsorted(keys, codes), 0, len(keys) - 1)
    return np.where(keys[at] == codes, indices[at], -1)


def _beyond(builder: DatasetBuilder, row: int, place: Place, count: int, what: str) -> None:
    masks = builder.masks
    if -1 in masks.counts.get(row, {}):  # pixels of unknown colours: reported already
        masks.counts[row].pop(-1)
        masks.examples[row].pop(-1, None)
        masks.values[row] = [v for v in masks.values[row] if v != -1]
    beyond = [v for v in masks.values.get(row, []) if v >= count]
    if beyond:
        x, y = masks.examples[row][beyond[0]]
        message = (
            f"{what} {beyond[0]} at x, y = ({x}, {y}) is beyond the config's {count} labels"
            + (f" ({len(beyond)} such values)" if len(beyond) > 1 else "")
        )
        builder.report(VALUE_NOT_IN_CONFIG, message, place, hint="check the config's version")


def _instances(
    builder: DatasetBuilder, row: int, place: Place, array: Any, labels: list[Label] | None
) -> None:
    if array.ndim != 2 or array.dtype.itemsize < 2:
        message = (
            f"the instance mask is not 16-bit grey ({array.dtype}, {array.ndim} dims); not read"
        )
        builder.report(INSTANCE_TOO_SHALLOW, message, place, hint="save it as a 16-bit PNG (I;16)")
        return
    raw = array.astype(np.int64)
    instance_numbers(builder.masks, row, raw)
    tally(builder.masks, row, raw // INSTANCE_BASE)
    if labels is None:
        return
    _beyond(builder, row, place, len(labels), "label")
    _stuff_instances(builder, row, place, raw, labels)


def _stuff_instances(
    builder: DatasetBuilder, row: int, place: Place, raw: Any, labels: list[Label]
) -> None:
    values, first = np.unique(raw.reshape(-1), return_index=True)
    width = raw.shape[1]
    for value, at in zip(values.tolist(), first.tolist(), strict=True):
        label, number = divmod(int(value), INSTANCE_BASE)
        if number and label < len(labels) and not labels[label].instances:
            name = labels[label].name or f"label {label}"
            message = (
                f"instance {number} of {name!r} (value {value}) at x, y = "
                f"({at % width}, {at // width}), but the config says it has no instances"
            )
            builder.report(INSTANCE_ON_STUFF, message, place)
            return
