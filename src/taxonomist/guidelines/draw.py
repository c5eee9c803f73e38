"""Draw an example's annotation onto its image: boxes, polygons, masks, keypoints, a legend,
and what the example teaches: its verdict and, for a Don't, the faults it is about.

Everything is drawn on a scaled copy of the image, at the size it is shown: the drawing the
lightbox opens (up to ``WEB_SIZE`` on its long side) and the gallery's thumbnail (within
``THUMB_SIZE``) are drawn separately, each with lines, points and badge sized for it, so a
thumbnail is not a shrunken drawing whose marks have become specks. The lightbox drawing has
a plain twin for the quiz (``render_pair``): the same shapes, labels and legend, no badge and
no marks; the image is scaled and the shapes drawn once, and each twin adds its labels to a
copy.

Masks and polygon fills are translucent in the class colour; every outline (box, polygon,
mask boundary, bone) is a coloured stroke inside a dark and a light halo, so it reads on
dark and bright objects alike; polygon vertices are dots. Keypoints are coloured by the
subject's side as the skeleton diagram colours them; hidden points (``v=1``) are larger
crossed rings, visible ones filled discs. The legend strip underneath lists the classes
actually drawn. Images are opened with explicit size checks first, so a decompression bomb
is refused before decoding.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from taxonomist.core.errors import InvalidInput, UnsafeInput
from taxonomist.dataset.rle import mask as rle_mask
from taxonomist.guidelines import marks
from taxonomist.guidelines.palette import (
    INK,
    PAPER,
    Font,
    Rgb,
    bone_color,
    hex_rgb,
    label_font,
    side_color,
    side_of,
    text_color,
)
from taxonomist.guidelines.shapes import DrawObject, ExampleShapes, Keypoints

__all__ = [
    "Style",
    "encode",
    "hex_rgb",
    "label_font",
    "open_image",
    "render",
    "render_pair",
    "render_thumbnail",
    "text_color",
]

MAX_PIXELS = 40_000_000  # far above any photo an example needs; refuses bombs early
WEB_SIZE = 1600  # longest side of the drawing the lightbox shows
THUMB_SIZE = 360  # the thumbnail fits in a square this size
FILL_ALPHA = 90
Rect = tuple[float, float, float, float]
Points = list[tuple[float, float]]


@dataclass(frozen=True)
class Style:
    """Colour and label of each class, from the taxonomy."""

    colors: dict[str, str]
    titles: dict[str, str]

    def rgb(self, cls: str) -> Rgb:
        return hex_rgb(self.colors.get(cls, "#808080"))


@dataclass(frozen=True)
class Measure:
    """The sizes of one drawing: everything scales with the drawing's long side."""

    scale: float  # image pixels to drawing pixels
    size: tuple[int, int]
    line: int  # stroke width of outlines and bones
    halo: int  # width of each halo ring around a stroke
    font: Font
    thumb: bool  # a thumbnail: no legend, no callout text

    @classmethod
    def of(cls, image: tuple[int, int], long_side: int, *, thumb: bool) -> Measure:
        scale = min(1.0, long_side / max(image))
        size = (max(1, round(image[0] * scale)), max(1, round(image[1] * scale)))
        longest = max(size)
        line = max(2, round(longest / 320))
        font = label_font(12 if thumb else max(12, round(longest / 45)))
        return cls(scale, size, line, max(1, line // 3), font, thumb)

    @property
    def point(self) -> int:
        """Radius of a visible keypoint (a hidden one is half as large again)."""
        return max(4, round(self.line * 2))


def open_image(path: Path, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The image at ``path``, decoded, as RGB; refuses oversized and unreadable files."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                _check_size(path, img.size, max_pixels)
                return img.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsafeInput(f"{path}: image refused: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a readable image ({exc})") from None


def _check_size(path: Path, size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width * height > max_pixels:
        raise UnsafeInput(
            f"{path}: image of {width}x{height} pixels refused (limit {max_pixels:,})",
            hint="examples are shown web-sized; scale the image down before adding it",
        )


def render(
    image: Image.Image,
    shapes: ExampleShapes,
    style: Style,
    verdict: str | None = None,
    *,
    long_side: int = WEB_SIZE,
) -> Image.Image:
    """The drawing the lightbox shows: ``image`` scaled to ``long_side`` at most, with
    ``shapes``, the verdict badge (``do``/``dont``; none when not given), the marks of a
    Don't with their messages and a legend drawn on."""
    return render_pair(image, shapes, style, verdict, long_side=long_side)[0]


def render_pair(
    image: Image.Image,
    shapes: ExampleShapes,
    style: Style,
    verdict: str | None = None,
    *,
    long_side: int = WEB_SIZE,
) -> tuple[Image.Image, Image.Image]:
    """The lightbox drawing (as ``render``) and its plain twin for the quiz: the same
    shapes, labels and legend, but no verdict badge and no marks, so nothing gives the
    answer away. The image is scaled and the shapes drawn once for both."""
    m = Measure.of(image.size, long_side, thumb=False)
    drawn = _shapes_drawn(_scaled(image, m.size), shapes, style, m)
    legend = legend_classes(shapes)
    plain = _tagged(drawn.copy(), replace(shapes, marks=[]), style, None, m)
    full = _tagged(drawn, shapes, style, verdict, m)
    return (
        _with_legend(full, legend, shapes.answers, style, m.font),
        _with_legend(plain, legend, shapes.answers, style, m.font),
    )


def render_thumbnail(
    image: Image.Image,
    shapes: ExampleShapes,
    style: Style,
    verdict: str | None = None,
    *,
    box: int = THUMB_SIZE,
) -> Image.Image:
    """The gallery's thumbnail, drawn at its own size (within ``box`` square): shapes,
    badge and marks legible at that size; no legend (the figure's caption names it)."""
    m = Measure.of(image.size, box, thumb=True)
    return _tagged(
        _shapes_drawn(_scaled(image, m.size), shapes, style, m), shapes, style, verdict, m
    )


def _scaled(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if size == image.size:
        return image.copy()
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)  # fast, still sharp


def _shapes_drawn(
    base: Image.Image, shapes: ExampleShapes, style: Style, m: Measure
) -> Image.Image:
    """``base`` with the objects' fills, outlines, vertices and keypoints drawn on (RGB):
    the costly part of a drawing, shared by the drawings that add labels and marks to it."""
    overlay = Image.new("RGBA", m.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(overlay)
    masks = [[_Mask.of(h, w, runs, m.size) for h, w, runs in o.masks] for o in shapes.objects]
    for obj, images in zip(shapes.objects, masks, strict=True):
        _fills(pen, obj, images, style, m.scale)
    # Halos first for every object, then the colours, so no halo covers another's stroke.
    for ring in RINGS:
        for obj, images in zip(shapes.objects, masks, strict=True):
            _strokes(pen, obj, images, ring=ring, rgb=style.rgb(obj.cls), m=m)
    for obj in shapes.objects:
        _vertices(pen, obj, m)
        for kp in obj.keypoints:
            _keypoints(pen, kp, m)
    return Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB")


def _tagged(
    drawn: Image.Image, shapes: ExampleShapes, style: Style, verdict: str | None, m: Measure
) -> Image.Image:
    """``drawn`` (changed in place) with the verdict badge (none when not given), the
    frames of ``shapes.marks``, the objects' labels and the marks' callouts: all opaque."""
    tags = ImageDraw.Draw(drawn)
    placed: list[Rect] = []
    badge = marks.badge(tags, verdict, m.size, thumb=m.thumb) if verdict else None
    if badge is not None:
        placed.append(badge)
    extents = [_extent(o, m) for o in shapes.objects] if shapes.marks else []
    framed = marks.frames(tags, shapes.marks, extents, m.size, line=m.line, thumb=m.thumb)
    for obj in shapes.objects:
        _tag(tags, obj, style, m, placed)
    # Numbers and messages go on top: what is wrong matters more than the labels.
    marks.callouts(tags, shapes.marks, framed, placed, m.size, thumb=m.thumb)
    return drawn


def legend_classes(shapes: ExampleShapes) -> list[str]:
    """The classes the legend lists: those with something drawn, in drawing order."""
    return list(dict.fromkeys(o.cls for o in shapes.objects if o.drawn))


RINGS = ("paper", "ink", "color")  # a stroke's outer light halo, inner dark halo, colour


def _ring(ring: str, color: Rgb, m: Measure) -> tuple[tuple[int, int, int, int], int]:
    """The colour and width of one ring of a stroke: the colour ``line`` wide, a dark halo
    ``halo`` wide on each side of it, a light one outside that."""
    rgb = {"paper": PAPER, "ink": INK}.get(ring, color)
    alpha = 255 if ring == "color" else 200
    return (*rgb, alpha), m.line + {"paper": 4, "ink": 2, "color": 0}[ring] * m.halo


@dataclass(frozen=True)
class _Mask:
    """A mask at the drawing's size, and its boundary (the mask minus its 1-pixel erosion)
    within the mask's bounding box, from which each ring of its outline is widened."""

    image: Image.Image  # ``L``, 0 or 255
    origin: tuple[int, int]  # where ``edge`` sits on the drawing
    edge: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, height: int, width: int, runs: list[int], size: tuple[int, int]) -> _Mask:
        pixels = rle_mask(height, width, runs).astype(np.uint8) * 255
        image = Image.fromarray(pixels, "L")
        if image.size != size:
            image = image.resize(size, Image.Resampling.NEAREST)
        inside = np.asarray(image) > 0
        rows, cols = np.flatnonzero(inside.any(axis=1)), np.flatnonzero(inside.any(axis=0))
        if not len(rows):
            return cls(image, (0, 0), np.zeros((0, 0), np.bool_))
        pad = OUTLINE_ROOM
        top, left = max(0, rows[0] - pad), max(0, cols[0] - pad)
        part = np.pad(inside, 1)[top : rows[-1] + pad + 3, left : cols[-1] + pad + 3]
        core = part[1:-1, 1:-1]
        eroded = core & part[:-2, 1:-1] & part[2:, 1:-1] & part[1:-1, :-2] & part[1:-1, 2:]
        return cls(image, (int(left), int(top)), core & ~eroded)

    def outline(self, width: int) -> Image.Image:
        """The boundary widened to a band about ``width`` pixels wide, as an ``L`` image."""
        band = _dilate(self.edge, width // 2)
        return Image.fromarray(band.astype(np.uint8) * 255, "L")


OUTLINE_ROOM = 24  # pixels round a mask's box kept for its outline (a few line widths)


def _dilate(mask: npt.NDArray[np.bool_], radius: int) -> npt.NDArray[np.bool_]:
    """``mask`` grown by ``radius`` pixels (a square), one axis at a time."""
    out = mask
    for axis in (0, 1):
        grown = out.copy()
        for step in range(1, radius + 1):
            ahead, behind = [slice(None)] * 2, [slice(None)] * 2
            ahead[axis], behind[axis] = slice(step, None), slice(None, -step)
            grown[tuple(ahead)] |= out[tuple(behind)]
            grown[tuple(behind)] |= out[tuple(ahead)]
        out = grown
    return out


def _fills(
    pen: ImageDraw.ImageDraw, obj: DrawObject, masks: list[_Mask], style: Style, scale: float
) -> None:
    fill = (*style.rgb(obj.cls), FILL_ALPHA)
    for mask in masks:
        pen.bitmap((0, 0), mask.image, fill=fill)
    for polygon in obj.polygons:
        if len(polygon) >= 3:
            pen.polygon(_scaled_points(polygon, scale), fill=fill)


def _strokes(
    pen: ImageDraw.ImageDraw,
    obj: DrawObject,
    masks: list[_Mask],
    *,
    ring: str,
    rgb: Rgb,
    m: Measure,
) -> None:
    """One ring (see ``_ring``) of every outline of ``obj`` in class colour ``rgb``; bones
    take their side's colour and no light halo (it would blur a skeleton into a smear)."""
    color, width = _ring(ring, rgb, m)
    for polygon in obj.polygons:
        points = _scaled_points(polygon, m.scale)
        closed = [*points, *points[:2]] if len(points) >= 3 else points
        pen.line(closed, fill=color, width=width, joint="curve")
    for x0, y0, x1, y1 in obj.boxes:
        box = (x0 * m.scale, y0 * m.scale, max(x0, x1) * m.scale, max(y0, y1) * m.scale)
        _rectangle(pen, box, color, width)
    for mask in masks:
        if mask.edge.size:
            pen.bitmap(mask.origin, mask.outline(width), fill=color)
    if ring == "paper":
        return
    for kp in obj.keypoints:
        for a, b in _bones(kp, m.scale):
            bone = (*bone_color(*_names(kp, a, b)), 255) if ring == "color" else color
            pen.line([a[1], b[1]], fill=bone, width=width)


def _rectangle(pen: ImageDraw.ImageDraw, box: Rect, color: tuple[int, ...], width: int) -> None:
    """A rectangle outline centred on ``box``'s edges (PIL draws outlines inwards)."""
    half = width / 2
    x0, y0, x1, y1 = box
    pen.rectangle((x0 - half, y0 - half, x1 + half, y1 + half), outline=color, width=width)


def _scaled_points(points: Sequence[tuple[float, float]], scale: float) -> Points:
    return [(x * scale, y * scale) for x, y in points]


def _vertices(pen: ImageDraw.ImageDraw, obj: DrawObject, m: Measure) -> None:
    """A small light dot with a dark ring on every polygon vertex."""
    radius = max(2, round(m.line * 0.9))
    for polygon in obj.polygons:
        for x, y in _scaled_points(polygon, m.scale):
            pen.ellipse(
                (x - radius, y - radius, x + radius, y + radius),
                fill=(*PAPER, 255),
                outline=(*INK, 255),
                width=1,
            )


Bone = tuple[tuple[int, tuple[float, float]], tuple[int, tuple[float, float]]]


def _bones(kp: Keypoints, scale: float) -> Iterator[Bone]:
    """The skeleton edges whose two points are both labelled, in drawing coordinates."""
    labelled = {i: (x * scale, y * scale) for i, (x, y, v) in enumerate(kp.points) if v > 0}
    for a, b in kp.skeleton:
        if a in labelled and b in labelled:
            yield (a, labelled[a]), (b, labelled[b])


def _names(kp: Keypoints, a: tuple[int, object], b: tuple[int, object]) -> tuple[str, str]:
    def name(i: int) -> str:
        return kp.names[i] if i < len(kp.names) else ""

    return name(a[0]), name(b[0])


def _keypoints(pen: ImageDraw.ImageDraw, kp: Keypoints, m: Measure) -> None:
    """Visible points: discs in their side's colour; hidden (``v=1``): larger crossed rings."""
    for i, (x, y, v) in enumerate(kp.points):
        if v <= 0:
            continue
        color = (*side_color(side_of(kp.names[i] if i < len(kp.names) else "")), 255)
        cx, cy = x * m.scale, y * m.scale
        if v >= 2:
            r = m.point
            pen.ellipse((cx - r - 1, cy - r - 1, cx + r + 1, cy + r + 1), fill=(*INK, 255))
            pen.ellipse(
                (cx - r, cy - r, cx + r, cy + r), fill=color, outline=(*PAPER, 255), width=m.halo
            )
        else:
            _hidden_point(pen, cx, cy, color, m)


def _hidden_point(
    pen: ImageDraw.ImageDraw, x: float, y: float, color: tuple[int, ...], m: Measure
) -> None:
    """A ring with a cross through it, a dark halo round both: reads as "here, but hidden"
    even at thumbnail size, where a thin hollow ring would vanish."""
    r = round(m.point * 1.5)
    ring = max(2, m.line)
    d = r * 0.7
    cross = [((x - d, y - d), (x + d, y + d)), ((x - d, y + d), (x + d, y - d))]
    pen.ellipse((x - r - 1, y - r - 1, x + r + 1, y + r + 1), outline=(*INK, 255), width=ring + 2)
    for a, b in cross:
        pen.line([a, b], fill=(*INK, 255), width=ring + 2)
    pen.ellipse((x - r, y - r, x + r, y + r), outline=color, width=ring)
    for a, b in cross:
        pen.line([a, b], fill=(*PAPER, 255), width=max(1, ring - 1))


def _extent(obj: DrawObject, m: Measure) -> Rect | None:
    """The rectangle around everything drawn for ``obj``, in drawing pixels, on the canvas."""
    xs: list[float] = []
    ys: list[float] = []
    for x0, y0, x1, y1 in obj.boxes:
        xs += [x0, x1]
        ys += [y0, y1]
    for polygon in obj.polygons:
        xs += [x for x, _ in polygon]
        ys += [y for _, y in polygon]
    for kp in obj.keypoints:
        xs += [x for x, _, v in kp.points if v > 0]
        ys += [y for _, y, v in kp.points if v > 0]
    for height, width, runs in obj.masks:
        found = _mask_bbox(height, width, runs)
        if found is not None:
            xs += [found[0], found[2]]
            ys += [found[1], found[3]]
    if not xs:
        return None
    w, h = m.size
    s = m.scale
    box = (min(xs) * s, min(ys) * s, max(xs) * s, max(ys) * s)
    return (max(0.0, box[0]), max(0.0, box[1]), min(w - 1.0, box[2]), min(h - 1.0, box[3]))


def _mask_bbox(height: int, width: int, runs: list[int]) -> Rect | None:
    pixels = rle_mask(height, width, runs)
    cols = np.flatnonzero(pixels.any(axis=0))
    rows = np.flatnonzero(pixels.any(axis=1))
    if not len(cols):
        return None
    return float(cols[0]), float(rows[0]), float(cols[-1] + 1), float(rows[-1] + 1)


def _anchor(obj: DrawObject, m: Measure) -> tuple[float, float] | None:
    """Where the object's label ends: the left of its top, above the strokes and dots drawn
    there (a label must not hide the corner, vertex or point it names)."""
    stroke = m.line / 2 + 2 * m.halo + 1
    points: list[tuple[float, float, float]] = [(b[0], b[1], stroke) for b in obj.boxes]
    dot = max(stroke, m.line + 2)
    points += [(x, y, dot) for poly in obj.polygons for x, y in poly]
    ring = m.point * 1.5 + 3
    points += [(x, y, ring) for kp in obj.keypoints for x, y, v in kp.points if v > 0]
    if not points:
        return None
    top = min(y * m.scale - margin for _, y, margin in points)
    return min(x for x, _, _ in points) * m.scale, top


def _tag(
    pen: ImageDraw.ImageDraw, obj: DrawObject, style: Style, m: Measure, placed: list[Rect]
) -> None:
    anchor = _anchor(obj, m)
    if anchor is None:
        return
    text = style.titles.get(obj.cls, obj.cls)
    if obj.note:
        text = f"{text} · {obj.note}"
    left, top, right, bottom = pen.textbbox((0, 0), text, font=m.font)
    pad = 3
    width, height = right - left + 2 * pad, bottom - top + 2 * pad
    x = max(0.0, min(anchor[0], m.size[0] - width))  # keep the whole label on the image
    y = max(0.0, anchor[1] - height)
    # Labels of objects that start at the same corner would hide each other (or the badge,
    # or a callout): stack them.
    while any(_overlap((x, y, x + width, y + height), rect) for rect in placed):
        y += height
    placed.append((x, y, x + width, y + height))
    rgb = style.rgb(obj.cls)
    pen.rectangle(placed[-1], fill=rgb)
    pen.text((x + pad - left, y + pad - top), text, fill=text_color(rgb), font=m.font)


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _with_legend(
    image: Image.Image,
    classes: list[str],
    answers: list[tuple[str, list[str]]],
    style: Style,
    font: Font,
) -> Image.Image:
    """The drawing with a strip underneath: a swatch and title per drawn class, then the
    image-level answers the example is about as text (no shape, so no swatch); rows wrap."""
    items: list[tuple[str, Rgb | None]] = [(style.titles.get(c, c), style.rgb(c)) for c in classes]
    for name, values in answers:
        shown = ", ".join(style.titles.get(v, v) for v in values)
        items.append((f"{name}: {shown}", None))
    if not items:
        return image
    probe = ImageDraw.Draw(image)
    row = int(probe.textbbox((0, 0), "Ag", font=font)[3]) + 12
    side = row - 12
    widths = [side + 15 + round(probe.textlength(t, font=font)) for t, _ in items]
    rows = _rows(widths, image.width - 16)
    out = Image.new("RGB", (image.width, image.height + row * len(rows)), PAPER)
    out.paste(image, (0, 0))
    pen = ImageDraw.Draw(out)
    for r, members in enumerate(rows):
        x, y = 8.0, image.height + r * row + 6
        for i in members:
            text, rgb = items[i]
            if rgb is None:
                pen.text((x, y), text, fill=(70, 70, 70), font=font)
            else:
                pen.rectangle((x, y, x + side, y + side), fill=rgb, outline=INK)
                pen.text((x + side + 5, y), text, fill=INK, font=font)
            x += widths[i]
    return out


def _rows(widths: list[int], room: int) -> list[list[int]]:
    """Item indices per legend row, filled left to right within ``room`` pixels."""
    rows: list[list[int]] = [[]]
    used = 0
    for i, width in enumerate(widths):
        if rows[-1] and used + width > room:
            rows.append([])
            used = 0
        rows[-1].append(i)
        used += width
    return rows


def encode(image: Image.Image, fmt: str = "JPEG") -> bytes:
    """Deterministic bytes for ``image`` (no metadata, fixed quality)."""
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    else:
        image.save(buffer, fmt, optimize=True)
    return buffer.getvalue()
