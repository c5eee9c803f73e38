"""Drawing one side's objects on its image with Pillow, and two sides next to each other."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from taxonomist.quality.agree.inputs import Side

if TYPE_CHECKING:
    from PIL import ImageFont
    from PIL.Image import Image
    from PIL.ImageDraw import ImageDraw

MAX_WIDTH = 640  # each half is scaled down to this width at most
HEADER = 28  # pixels above each half for the annotator's name
GAP = 12
LABEL_SIZE = 13  # label text height in pixels
KEYPOINT_RADIUS = 3
VISIBLE = 2  # COCO's keypoint flag: 1 labelled but hidden, 2 labelled and visible
DASH = 8
FALLBACK_COLOUR = "#ff00ff"
GHOST_COLOUR = "#9a9a9a"
STYLES = ("ghost", "matched", "stands_out")  # drawn in this order: what matters on top


@dataclass(frozen=True, slots=True)
class Shape:
    """One object to draw: ``matched`` thin, ``stands_out`` (a miss, an extra, a swap) thick
    and dashed, ``ghost`` (the other side's unmatched object, for where it would be) thin,
    dashed and grey; ``note`` is added to its label (an attribute that differs)."""

    side: Side
    row: int
    style: str  # matched, stands_out, ghost
    note: str = ""


def draw_side(picture: Image, shapes: Sequence[Shape], colours: Mapping[str, str]) -> Image:
    """``picture`` scaled to at most ``MAX_WIDTH`` with each shape's box drawn and labelled
    with its class."""
    from PIL import ImageDraw

    scale = min(1.0, MAX_WIDTH / max(picture.width, 1))
    size = (max(round(picture.width * scale), 1), max(round(picture.height * scale), 1))
    out = picture.resize(size) if scale < 1 else picture.copy()
    pen = ImageDraw.Draw(out)
    pen.font = _font(LABEL_SIZE)
    for shape in sorted(shapes, key=lambda s: STYLES.index(s.style)):
        _draw(pen, shape, scale, colours)
    return out


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled scalable font: readable labels that do not depend on the fonts of
    the machine drawing them."""
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _draw(pen: ImageDraw, shape: Shape, scale: float, colours: Mapping[str, str]) -> None:
    name = shape.side.checked.classes[shape.row] or "?"
    x, y, w, h = (float(v) * scale for v in shape.side.dataset.objects.box[shape.row])
    box = (x, y, x + w, y + h)
    colour = colours.get(name, FALLBACK_COLOUR)
    heavy = int(min(5, max(2, min(w, h) / 5)))  # thick, but never filling a small box
    if shape.style == "ghost":
        _dashed_box(pen, box, GHOST_COLOUR, 2)
        _label(pen, (x, y), f"({name}: not here)", GHOST_COLOUR)
        return
    if shape.style == "stands_out":
        _dashed_box(pen, box, colour, heavy)
    else:
        pen.rectangle(box, outline=colour, width=2)
    _outlines(pen, shape, scale, colour)
    mark = " !" if shape.style == "stands_out" else ""
    _label(pen, (x, y), name + mark + (f" {shape.note}" if shape.note else ""), colour)


def _outlines(pen: ImageDraw, shape: Shape, scale: float, colour: str) -> None:
    """The object's polygon parts as closed outlines, and its keypoints: a dot where
    labelled visible, a ring where labelled hidden (the two sides' poses compared by eye)."""
    objects = shape.side.dataset.objects
    for part in np.flatnonzero(objects.polygons.owner == shape.row).tolist():
        points = (objects.polygons.row(part) * scale).reshape(-1, 2)
        if len(points) >= 3:
            pen.polygon([tuple(p) for p in points.tolist()], outline=colour, width=2)
    for row in np.flatnonzero(objects.keypoints.owner == shape.row).tolist():
        for kx, ky, v in objects.keypoints.row(row).reshape(-1, 3).tolist():
            if v > 0:
                r, fill = KEYPOINT_RADIUS, (colour if v >= VISIBLE else None)
                dot = (kx * scale - r, ky * scale - r, kx * scale + r, ky * scale + r)
                pen.ellipse(dot, fill=fill, outline=colour, width=2)


def _dashed_box(
    pen: ImageDraw, box: tuple[float, float, float, float], colour: str, width: int
) -> None:
    x0, y0, x1, y1 = box
    for a, b in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ):
        _dashed_line(pen, a, b, colour, width)


def _dashed_line(
    pen: ImageDraw, a: tuple[float, float], b: tuple[float, float], colour: str, width: int
) -> None:
    length = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
    steps = max(int(length // DASH), 1)
    for k in range(0, steps, 2):
        t0, t1 = k / steps, min((k + 1) / steps, 1.0)
        start = (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0)
        end = (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)
        pen.line((start, end), fill=colour, width=width)


def _label(pen: ImageDraw, where: tuple[float, float], text: str, colour: str) -> None:
    """The class name on a filled tab at the box's top left corner, kept inside the image."""
    x = max(where[0], 0)
    y = max(where[1] - LABEL_SIZE - 3, 0)
    left, top, right, bottom = pen.textbbox((x + 2, y), text)
    pen.rectangle((left - 2, top - 1, right + 2, bottom + 1), fill=colour)
    pen.text((x + 2, y), text, fill="white" if _dark(colour) else "black")


def _dark(colour: str) -> bool:
    value = colour.lstrip("#")
    if len(value) != 6:
        return True
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def side_by_side(left: Image, right: Image, name_a: str, name_b: str) -> Image:
    """A on the left, B on the right, each under its annotator's name."""
    from PIL import Image as PilImage
    from PIL import ImageDraw

    width = left.width + GAP + right.width
    height = HEADER + max(left.height, right.height)
    canvas = PilImage.new("RGB", (width, height), "white")
    canvas.paste(left, (0, HEADER))
    canvas.paste(right, (left.width + GAP, HEADER))
    pen = ImageDraw.Draw(canvas)
    pen.font = _font(HEADER - 12)
    pen.text((4, 6), f"A: {name_a}", fill="black")
    pen.text((left.width + GAP + 4, 6), f"B: {name_b}", fill="black")
    return canvas
