"""Draw an example's annotation onto its image: boxes, polygons, masks, keypoints, a legend.

Everything is drawn in the class colours on a web-sized copy of the image: masks and polygon
fills with transparency, outlines and boxes opaque, keypoints with their skeleton (hidden
points hollow), a readable label on each object and a legend strip underneath. Images are
opened with explicit size checks first, so a decompression bomb is refused before decoding.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from taxonomist.core.errors import InvalidInput, UnsafeInput
from taxonomist.dataset.rle import mask as rle_mask
from taxonomist.guidelines.shapes import DrawObject, ExampleShapes, Keypoints

MAX_PIXELS = 40_000_000  # far above any photo an example needs; refuses bombs early
WEB_SIZE = 1024  # longest side of the drawing on a page
THUMB_SIZE = 360
FILL_ALPHA = 90
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class Style:
    """Colour and label of each class, from the taxonomy."""

    colors: dict[str, str]
    titles: dict[str, str]

    def rgb(self, cls: str) -> tuple[int, int, int]:
        return hex_rgb(self.colors.get(cls, "#808080"))


def hex_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


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


def render(image: Image.Image, shapes: ExampleShapes, style: Style) -> Image.Image:
    """The web-sized drawing: ``image`` scaled down with ``shapes`` and a legend drawn on."""
    scale = min(1.0, WEB_SIZE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    base = image.resize(size, Image.Resampling.LANCZOS) if scale < 1 else image.copy()
    line = max(2, round(max(size) / 250))
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(overlay)
    for obj in shapes.objects:
        _fills(pen, obj, style, scale, size)
    for obj in shapes.objects:
        _outlines(pen, obj, style, scale, line)
    drawn = Image.alpha_composite(base.convert("RGBA"), overlay)
    font = label_font(max(12, round(max(size) / 45)))
    tags = ImageDraw.Draw(drawn)
    placed: list[tuple[float, float, float, float]] = []
    for obj in shapes.objects:
        _tag(tags, obj, style, scale, font, placed=placed, canvas_width=size[0])
    classes = list(dict.fromkeys([o.cls for o in shapes.objects] + shapes.image_labels))
    return _with_legend(drawn.convert("RGB"), classes, style, font)


def _fills(
    pen: ImageDraw.ImageDraw, obj: DrawObject, style: Style, scale: float, size: tuple[int, int]
) -> None:
    fill = (*style.rgb(obj.cls), FILL_ALPHA)
    for height, width, runs in obj.masks:
        pixels = rle_mask(height, width, runs).astype(np.uint8) * 255
        pen.bitmap((0, 0), Image.fromarray(pixels, "L").resize(size), fill=fill)
    for polygon in obj.polygons:
        if len(polygon) >= 3:
            pen.polygon([(x * scale, y * scale) for x, y in polygon], fill=fill)


def _outlines(
    pen: ImageDraw.ImageDraw, obj: DrawObject, style: Style, scale: float, line: int
) -> None:
    color = (*style.rgb(obj.cls), 255)
    for polygon in obj.polygons:
        points = [(x * scale, y * scale) for x, y in polygon]
        pen.line([*points, points[0]] if len(points) >= 3 else points, fill=color, width=line)
    for x0, y0, x1, y1 in obj.boxes:
        box = (x0 * scale, y0 * scale, max(x0, x1) * scale, max(y0, y1) * scale)
        pen.rectangle(box, outline=color, width=line)
    for keypoints in obj.keypoints:
        _keypoints(pen, keypoints, color, scale, line)


def _keypoints(
    pen: ImageDraw.ImageDraw, kp: Keypoints, color: tuple[int, ...], scale: float, line: int
) -> None:
    labelled = [(x * scale, y * scale, v) for x, y, v in kp.points]
    for a, b in kp.skeleton:
        if a < len(labelled) and b < len(labelled) and labelled[a][2] > 0 and labelled[b][2] > 0:
            pen.line([labelled[a][:2], labelled[b][:2]], fill=color, width=line)
    radius = line * 2
    for x, y, v in labelled:
        if v <= 0:
            continue
        ring = (x - radius, y - radius, x + radius, y + radius)
        # visible points are filled; labelled-but-hidden points (v=1) are hollow rings
        pen.ellipse(ring, fill=(255, 255, 255, 255) if v >= 2 else None, outline=color, width=line)


def _anchor(obj: DrawObject, scale: float) -> tuple[float, float] | None:
    points: list[tuple[float, float]] = [(b[0], b[1]) for b in obj.boxes]
    points += [p for poly in obj.polygons for p in poly]
    points += [(x, y) for kp in obj.keypoints for x, y, v in kp.points if v > 0]
    if not points:
        return None
    return min(x for x, _ in points) * scale, min(y for _, y in points) * scale


def _tag(
    pen: ImageDraw.ImageDraw,
    obj: DrawObject,
    style: Style,
    scale: float,
    font: Font,
    *,
    placed: list[tuple[float, float, float, float]],
    canvas_width: int,
) -> None:
    anchor = _anchor(obj, scale)
    if anchor is None:
        return
    text = style.titles.get(obj.cls, obj.cls)
    if obj.note:
        text = f"{text} · {obj.note}"
    left, top, right, bottom = pen.textbbox((0, 0), text, font=font)
    pad = 3
    x = max(0.0, anchor[0])
    width, height = right - left + 2 * pad, bottom - top + 2 * pad
    x = max(0.0, min(x, canvas_width - width))  # keep the whole label on the image
    y = max(0.0, anchor[1] - height)
    # Labels of objects that start at the same corner would hide each other: stack them.
    while any(_overlap((x, y, x + width, y + height), rect) for rect in placed):
        y += height
    placed.append((x, y, x + width, y + height))
    pen.rectangle(placed[-1], fill=style.rgb(obj.cls))
    pen.text((x + pad - left, y + pad - top), text, fill=text_color(style.rgb(obj.cls)), font=font)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_color(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on ``rgb`` (relative luminance)."""
    r, g, b = rgb
    return (0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 150 else (255, 255, 255)


def _with_legend(image: Image.Image, classes: list[str], style: Style, font: Font) -> Image.Image:
    if not classes:
        return image
    probe = ImageDraw.Draw(image)
    height = int(probe.textbbox((0, 0), "Ag", font=font)[3]) + 12
    out = Image.new("RGB", (image.width, image.height + height), (255, 255, 255))
    out.paste(image, (0, 0))
    pen = ImageDraw.Draw(out)
    x = 8.0
    for cls in classes:
        y = image.height + 6
        side = height - 12
        pen.rectangle((x, y, x + side, y + side), fill=style.rgb(cls), outline=(0, 0, 0))
        pen.text((x + side + 5, y), style.titles.get(cls, cls), fill=(0, 0, 0), font=font)
        x += side + 15 + round(pen.textlength(style.titles.get(cls, cls), font=font))
    return out


def label_font(size: int) -> Font:
    """A scalable font (Pillow's bundled one), so labels stay readable at every size."""
    return ImageFont.load_default(size=size)


def encode(image: Image.Image, fmt: str = "JPEG") -> bytes:
    """Deterministic bytes for ``image`` (no metadata, fixed quality)."""
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    else:
        image.save(buffer, fmt, optimize=True)
    return buffer.getvalue()


def thumbnail(image: Image.Image, size: int = THUMB_SIZE) -> Image.Image:
    small = image.copy()
    small.thumbnail((size, size), Image.Resampling.LANCZOS)
    return small
