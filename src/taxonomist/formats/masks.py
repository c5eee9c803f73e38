"""Reader of segmentation mask PNGs: a folder of masks (VOC ``SegmentationClass`` /
``SegmentationObject``, any ``masks`` folder) or one mask file. Cityscapes masks
(``*_labelIds``, ``*_instanceIds``, ...) are the ``cityscapes`` reader's.

Pixel values are what the taxonomy's ids mean, so the reader reports raw values and the
checker maps them: per image row, ``Images.masks.values`` (sorted class values),
``masks.counts`` (value -> pixel count) and ``masks.examples`` (value -> the first pixel
``(x, y)`` holding it). Palette PNGs are read as their indices, grayscale as their values;
RGB masks whose colours all belong to the PASCAL VOC colormap are read as VOC indices, other
RGB masks give no values. In VOC-palette masks 255 is VOC's void border: it goes to
``masks.void``, not to the values. Instance masks (``SegmentationObject``) hold instance
numbers, not classes: their values go to ``masks.instances``. The masks do not say which
id space their values are in (``masks.space`` is left empty): a value of any mask label
type's id space passes.
The mask must have its image's size (S102); an oversized PNG is refused from its header
before any pixel is decoded (F009).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import open_regular
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.images import (
    IMAGE_SUFFIXES,
    Header,
    find_image,
    load_pixels,
    read_header,
)
from taxonomist.formats._io.measure import refuse_mask
from taxonomist.formats._io.pixels import instance_numbers, rgb_codes, tally
from taxonomist.formats._io.walk import report_unreadable, walk

FORMAT = "mask"
MASK_DIRS = frozenset({"segmentationclass", "segmentationobject", "masks", "mask"})
MASK_DIRS |= {"segmentationclassaug", "semantic", "instances", "panoptic_masks", "label_masks"}
IMAGE_DIRS = ("JPEGImages", "images", "Images", "img")
_PNG = b"\x89PNG\r\n\x1a\n"
VOC_VOID = 255

MASK_SIZE_MISMATCH = CodeDoc(
    code="S102",
    name="mask-size-mismatch",
    family="structure",
    summary="A mask PNG does not have the size of the image it belongs to.",
    why="Masks cannot be laid over their image; loaders crash or misalign every pixel.",
    bad="SegmentationClass/0001.png 250 x 169   for JPEGImages/0001.jpg 500 x 338",
    good="SegmentationClass/0001.png 500 x 338",
)

MASK_COLOURS_UNKNOWN = CodeDoc(
    code="S022",
    name="mask-colours-unknown",
    family="structure",
    summary="A colour mask PNG (RGB, RGBA, grey + alpha) holds colours outside the PASCAL VOC "
    "colormap, so its pixels cannot be read as class values; it is not checked.",
    why="A mask whose values cannot be read is a mask nobody checks; training code that "
    "expects class indices reads garbage from it.",
    bad="SegmentationClass/0001.png saved as RGB with arbitrary colours",
    good="SegmentationClass/0001.png saved as a palette (P) or grey (L) PNG of class values",
    severity=Severity.WARNING,
)
CODES: tuple[CodeDoc, ...] = (MASK_SIZE_MISMATCH, MASK_COLOURS_UNKNOWN)


def sniff(path: Path, head: bytes) -> str | None:
    """A mask folder (by its conventional name) or a PNG inside one."""
    if path.is_dir():
        if path.name.lower() in MASK_DIRS and any(path.glob("*.png")):
            return f"folder of mask PNGs ({path.name})"
        return None
    if head.startswith(_PNG) and path.parent.name.lower() in MASK_DIRS:
        return f"PNG in a mask folder ({path.parent.name})"
    return None


def read(path: Path) -> list[Dataset]:
    """Read every mask PNG of a folder (or one PNG) into one dataset."""
    builder = DatasetBuilder(str(path), FORMAT, kind="mask", declares_categories=False)
    files = [path]
    if path.is_dir():
        found = walk(path, ".png")
        report_unreadable(builder, found)
        files = found.files
    for mask in files:
        _mask(builder, mask)
    return [builder.build()]


def _mode(mask: Path) -> str:
    folder = mask.parent.name.lower()
    return "instance" if "object" in folder or "instance" in folder else "semantic"


def _mask(builder: DatasetBuilder, mask: Path) -> None:
    place = Place(str(mask))
    header, pixels = load_pixels(mask)
    image_path = _image_for(mask)
    image = read_header(image_path) if image_path is not None else Header(problem="missing")
    width, height = (image.width, image.height) if image.ok else (header.width, header.height)
    row = builder.image(
        _image_id(mask),
        file=_relative(image_path or mask, mask.parent.parent),
        width=width or None,
        height=height or None,
        place=place,
    )
    if not header.ok:
        refuse_mask(builder, header, place)
        return
    if image.ok and (image.width, image.height) != (header.width, header.height):
        message = (
            f"mask is {header.width} x {header.height} but its image "
            f"{image_path.name if image_path else ''} is {image.width} x {image.height}"
        )
        builder.report(MASK_SIZE_MISMATCH, message, place)
    _values(builder, row, place, pixels, mode=_mode(mask), voc=_voc_palette(mask))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _voc_palette(mask: Path) -> bool:
    """Whether a palette PNG uses the PASCAL VOC colormap (labelme and VOC tools write it)."""
    from PIL import Image

    try:
        with open_regular(mask) as handle, Image.open(handle) as image:
            palette = image.getpalette() if image.mode == "P" else None
    except (OSError, ValueError, SyntaxError):
        return False
    if not palette or len(palette) < 3 * 22:
        return False
    colours = [(palette[i] << 16) | (palette[i + 1] << 8) | palette[i + 2] for i in range(0, 66, 3)]
    return colours == voc_colormap(22)


def _image_id(mask: Path) -> str:
    return mask.stem


def _image_for(mask: Path) -> Path | None:
    stem = _image_id(mask)
    for folder in (mask.parent.parent, mask.parent.parent.parent):
        for name in IMAGE_DIRS:
            found = find_image(folder / name, stem) or find_image(
                folder / name / mask.parent.name, stem
            )
            if found is not None and found.suffix.lower() in IMAGE_SUFFIXES:
                return found
    return None


def _values(
    builder: DatasetBuilder, row: int, place: Place, pixels: Any, *, mode: str, voc: bool
) -> None:
    array = np.asarray(pixels)
    if array.ndim == 3:
        array = _rgb_to_index(array)
        if array is None:
            message = "the mask's colours are not the PASCAL VOC colormap; its values are unknown"
            hint = "save masks as palette (P) or grey (L, I;16) PNGs of class values"
            builder.report(MASK_COLOURS_UNKNOWN, message, place, hint=hint)
            return
        voc = True
    masks = builder.masks
    if mode == "instance":
        instance_numbers(masks, row, array)
        return
    tally(masks, row, array, void=VOC_VOID if voc else None)


def _rgb_to_index(array: Any) -> Any:
    """VOC indices of an RGB mask's pixels, or None when a colour is not in VOC's colormap."""
    codes = rgb_codes(array)
    palette = {code: index for index, code in enumerate(voc_colormap())}  # 255: void border
    if not all(int(c) in palette for c in np.unique(codes)):
        return None
    keys = np.array(sorted(palette), np.int64)
    indices = np.array([palette[int(k)] for k in keys], np.int64)
    return indices[np.searchsorted(keys, codes)]


def voc_colormap(size: int = 256) -> list[int]:
    """The PASCAL VOC colormap as ``0xRRGGBB`` codes (index -> colour)."""
    out = []
    for index in range(size):
        r = g = b = 0
        c = index
        for shift in range(7, -1, -1):
            r |= (c & 1) << shift
            g |= ((c >> 1) & 1) << shift
            b |= ((c >> 2) & 1) << shift
            c >>= 3
        out.append((r << 16) | (g << 8) | b)
    return out
