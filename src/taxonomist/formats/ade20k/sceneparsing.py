"""SceneParsing (ADEChallengeData2016) annotation folders: grey PNGs of class indices
1..150 with 0 for "other objects", which the benchmark does not evaluate: it goes to the
mask's void (``masks.void``), not to its class values. One image row per PNG; the mask
must have the size of ``images/<split>/<stem>.jpg`` (S145).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.images import Header, find_image, load_pixels, read_header
from taxonomist.formats._io.measure import refuse_mask
from taxonomist.formats._io.pixels import tally
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.ade20k.config import ANNOTATIONS, IMAGES, OTHER

FORMAT = "ade20k"

SIZE_MISMATCH = CodeDoc(
    code="S145",
    name="ade20k-size-mismatch",
    family="structure",
    summary="An ADE20K mask (SceneParsing annotation, *_seg.png, *_parts_N.png or an "
    "instance mask) does not have the size of its image.",
    why="A mask that does not fit its image is misaligned on every pixel.",
    bad="annotations/validation/ADE_val_00000001.png 256 x 171 for a 512 x 342 image",
    good="annotations/validation/ADE_val_00000001.png 512 x 342",
)
COLOUR_SCENE_MASK = CodeDoc(
    code="S146",
    name="ade20k-scene-mask-not-grey",
    family="structure",
    summary="A SceneParsing annotation PNG is a colour image, not grey class indices; it is "
    "not read.",
    why="The benchmark's masks hold one class index (0..150) per pixel; a colour PNG is a "
    "visualisation or a full-dataset *_seg.png put in the wrong folder.",
    bad="annotations/training/ADE_train_00000001.png   (RGB)",
    good="annotations/training/ADE_train_00000001.png   (L, values 0..150)",
)

CODES: tuple[CodeDoc, ...] = (SIZE_MISMATCH, COLOUR_SCENE_MASK)


def read_scene_parsing(folder: Path) -> Dataset:
    """One ``annotations/<split>`` folder (or ``annotations``, all its splits)."""
    builder = DatasetBuilder(str(folder), FORMAT, kind="scene-parsing", declares_categories=False)
    found = walk(folder, ".png")
    report_unreadable(builder, found)
    for png in found.files:
        _mask(builder, png)
    return builder.build()


def _mask(builder: DatasetBuilder, png: Path) -> None:
    place = Place(str(png))
    header, pixels = load_pixels(png)
    image = _image(png)
    size = read_header(image) if image is not None else Header(problem="missing")
    width, height = (size.width, size.height) if size.ok else (header.width, header.height)
    root = _root(png)
    row = builder.image(
        png.stem,
        file=(image or png).relative_to(root).as_posix() if root else (image or png).name,
        width=width or None,
        height=height or None,
        place=place,
    )
    if not header.ok:
        refuse_mask(builder, header, place)
        return
    check_size(builder, place, header, size, image)
    array = np.asarray(pixels)
    if array.ndim != 2:
        message = "the annotation is a colour PNG, not grey class indices; not read"
        builder.report(COLOUR_SCENE_MASK, message, place, hint="save class indices as grey (L)")
        return
    tally(builder.masks, row, array, void=OTHER)


def _root(png: Path) -> Path | None:
    """The ADEChallengeData2016 folder (the one holding ``annotations``)."""
    return next((p.parent for p in png.parents if p.name == ANNOTATIONS), None)


def _image(png: Path) -> Path | None:
    root = _root(png)
    if root is None:
        return None
    inside = png.parent.relative_to(root / ANNOTATIONS)
    return find_image(root / IMAGES / inside, png.stem)


def check_size(
    builder: DatasetBuilder, place: Place, mask: Header, image: Header, path: Path | None
) -> None:
    """S145 when ``mask`` and ``image`` (both read) differ in size."""
    if image.ok and (image.width, image.height) != (mask.width, mask.height):
        message = (
            f"mask is {mask.width} x {mask.height} but its image "
            f"{path.name if path else ''} is {image.width} x {image.height}"
        )
        builder.report(SIZE_MISMATCH, message, place)
