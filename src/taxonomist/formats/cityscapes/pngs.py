"""The four Cityscapes PNG kinds, each reported in its own id space (``MaskPixels.space``):

* ``labelIds``: 8-bit grey label ids (``labels.py`` ``id``, 0-33; the license plate's -1 is
  never painted), space ``"id"``;
* ``labelTrainIds``: 8-bit grey train ids, space ``"train_id"`` (the taxonomy's id space of
  that name, as ``taxonomist import cityscapes`` writes it); 255 is Cityscapes' ignore value
  (``json2labelImg.py -t`` paints unlabeled and every class left out of training 255), so it
  goes to ``masks.void``;
* ``instanceIds``: 16- or 32-bit, ``id x 1000 + instance`` for the instances of classes with
  ``hasInstances``, the plain ``id`` for everything else and for groups (``cargroup``:
  ``json2instanceImg.py``); class ids go to the values (space ``"id"``) and the coded
  values to ``masks.instances`` with ``masks.instance_base`` 1000;
* ``instanceTrainIds`` (``createTrainIdInstanceImgs.py``): the same in train ids, 255 the
  ignore value, space ``"train_id"``;
* ``color``: RGB(A) colours of ``labels.py``'s ``color`` column, space ``"color"`` (values
  are ``0xRRGGBB`` codes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import open_regular
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.builder import Place as Where
from taxonomist.formats._io.images import load_pixels
from taxonomist.formats._io.measure import refuse_mask
from taxonomist.formats._io.pixels import rgb_codes, tally
from taxonomist.formats.cityscapes.frames import ImageIndex
from taxonomist.formats.cityscapes.layout import Name, place_of

INSTANCE_BASE = 1000  # json2instanceImg.py: id * 1000 + instance
TRAIN_IGNORE = 255  # labels.py: "ignore labels with ID 255 during training"
SPACES = {
    "labelIds": "id",
    "instanceIds": "id",
    "labelTrainIds": "train_id",
    "instanceTrainIds": "train_id",
    "color": "color",
}

INSTANCE_MASK_TOO_SHALLOW = CodeDoc(
    code="S023",
    name="instance-mask-too-shallow",
    family="structure",
    summary="A Cityscapes *_instanceIds.png has 8-bit pixels, which cannot hold instance ids "
    "(class x 1000 + instance); its values are read as class ids only.",
    why="Every instance of the mask is lost: the file was probably re-saved as 8-bit grey.",
    bad="aachen_000000_000019_gtFine_instanceIds.png   (mode L, 8 bits)",
    good="aachen_000000_000019_gtFine_instanceIds.png   (mode I or I;16, 16 or 32 bits)",
)
PNG_KIND_MISMATCH = CodeDoc(
    code="S132",
    name="cityscapes-png-kind-mismatch",
    family="structure",
    summary="A Cityscapes PNG whose pixels are not what its name says: a *_labelIds, "
    "*_labelTrainIds or *_instanceIds PNG holding colours, or a *_color PNG holding grey "
    "values; its values are not read.",
    why="A colour image saved under an id mask's name (or the reverse) trains every pixel as "
    "the wrong class; the file was renamed or re-saved by the wrong tool.",
    bad="aachen_000000_000019_gtFine_labelIds.png   (RGB)",
    good="aachen_000000_000019_gtFine_labelIds.png   (8-bit grey ids)",
)
CODES: tuple[CodeDoc, ...] = (INSTANCE_MASK_TOO_SHALLOW, PNG_KIND_MISMATCH)


def read_png(builder: DatasetBuilder, images: ImageIndex, png: Path, name: Name) -> None:
    """One annotation PNG: an image row of its own (its id is the PNG's stem), its values in
    the id space of its kind, its size against its image."""
    where = Where(str(png))
    place = place_of(png)
    header, pixels = load_pixels(png)
    image = images.image(place, name.frame, png)
    known = image.header if image.header.ok else header
    row = builder.image(
        png.stem,
        file=image.file,
        width=known.width or None,
        height=known.height or None,
        place=where,
    )
    if not header.ok:
        refuse_mask(builder, header, where)
        return
    size = (header.width, header.height)
    images.check(builder, image, size, where, place=place, what=f"the {name.kind}")
    array = np.asarray(pixels)
    if header.mode == "P":
        array = _palette_colours(png, array) if name.kind == "color" else array
    if (array.ndim == 3) != (name.kind == "color"):
        held = "colours" if array.ndim == 3 else "grey values"
        want = "RGB(A) colours" if name.kind == "color" else "grey ids"
        message = f"the {name.kind} PNG holds {held} ({header.mode}), not {want}; not read"
        builder.report(PNG_KIND_MISMATCH, message, where, hint="regenerate it from the polygons")
        return
    masks = builder.masks
    masks.space[row] = SPACES[name.kind]
    if name.kind == "color":
        tally(masks, row, rgb_codes(array))
    elif name.kind == "labelTrainIds":
        tally(masks, row, array, void=TRAIN_IGNORE)
    elif name.kind in ("instanceIds", "instanceTrainIds"):
        void = TRAIN_IGNORE if name.kind == "instanceTrainIds" else None
        _instances(builder, row, where, array, void)
    else:
        tally(masks, row, array)


def _instances(
    builder: DatasetBuilder, row: int, where: Where, array: Any, void: int | None
) -> None:
    if array.dtype.itemsize < 2:
        bits = 8 * array.dtype.itemsize
        message = f"the instance mask has {bits}-bit pixels, too few for instance ids"
        builder.report(INSTANCE_MASK_TOO_SHALLOW, message, where)
    values = array.astype(np.int64)  # 1000 is out of range for an 8-bit array
    masks = builder.masks
    masks.instances[row] = [int(v) for v in np.unique(values[values >= INSTANCE_BASE])]
    masks.instance_base[row] = INSTANCE_BASE
    classes = np.where(values >= INSTANCE_BASE, values // INSTANCE_BASE, values)
    tally(masks, row, classes, void=void)


def _palette_colours(png: Path, indices: Any) -> Any:
    """A palette PNG's pixels as RGB colours (an (h, w, 3) array), through its palette."""
    from PIL import Image

    try:
        with open_regular(png) as handle, Image.open(handle) as image:
            palette = image.getpalette() or []
    except (OSError, ValueError, SyntaxError):
        palette = []
    table = np.zeros((256, 3), np.uint8)
    colours = np.array(palette[: 256 * 3], np.uint8).reshape(-1, 3)
    table[: len(colours)] = colours
    return table[np.asarray(indices, np.int64).clip(0, 255)]
