"""What a drawing says about its example, on top of the annotation: the verdict badge in the
top left corner, and for a Don't the faults the checker found, each pointed at.

The badge tells Do from Don't three ways, so neither colour blindness nor a greyscale print
loses it: its word (DO, DON'T), its shape (a green pill with a check in a circle, a red
rectangle with diagonal stripes and a cross in a square) and its colour. A fault about an
object gets a yellow-and-black dashed frame round the object with a numbered disc, and, on
the full drawing, the numbered message beside it; a fault about the whole image (or an
object the drawing cannot show) gets a banner along the bottom. Everything is sized from the
drawing's own size, so a thumbnail's badge is drawn for the thumbnail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import ImageDraw

from taxonomist.guidelines.palette import (
    DO_COLOR,
    DONT_COLOR,
    DONT_STRIPE,
    INK,
    MARK_COLOR,
    PAPER,
    Font,
    label_font,
)
from taxonomist.guidelines.shapes import Mark

Rect = tuple[float, float, float, float]
WORDS = {"do": "DO", "dont": "DON'T"}
MAX_LINES = 2  # of a callout's message on the full drawing


def badge(pen: ImageDraw.ImageDraw, verdict: str, size: tuple[int, int], *, thumb: bool) -> Rect:
    """Draw the verdict badge in the top left corner; returns the rectangle it covers."""
    longest = max(size)
    height = round(longest * 0.095) if thumb else min(110, max(30, round(longest * 0.075)))
    height = max(18, min(height, size[1] // 3 or 18))
    font = label_font(max(10, round(height * 0.5)))
    word = WORDS.get(verdict, verdict.upper())
    pad = round(height * 0.18)
    icon = height - 2 * pad
    text = pen.textlength(word, font=font)
    margin = max(3, round(height * 0.15))
    x0, y0 = float(margin), float(margin)
    rect = (x0, y0, x0 + pad + icon + pad + text + pad * 1.6, y0 + height)
    border = max(2, round(height / 16))
    if verdict == "do":
        _pill(pen, rect, border)
        _check(pen, (x0 + pad, y0 + pad, x0 + pad + icon, y0 + pad + icon))
    else:
        _striped(pen, rect, border)
        _cross(pen, (x0 + pad, y0 + pad, x0 + pad + icon, y0 + pad + icon))
    bold = max(1, round(height / 30))
    pen.text(
        (x0 + pad + icon + pad, y0 + height / 2),
        word,
        fill=PAPER,
        font=font,
        anchor="lm",
        stroke_width=bold,
        stroke_fill=PAPER,
    )
    return rect


def _pill(pen: ImageDraw.ImageDraw, rect: Rect, border: int) -> None:
    radius = (rect[3] - rect[1]) / 2
    outer = (rect[0] - 1, rect[1] - 1, rect[2] + 1, rect[3] + 1)
    pen.rounded_rectangle(outer, radius + 1, fill=INK)
    pen.rounded_rectangle(rect, radius, fill=DO_COLOR, outline=PAPER, width=border)


def _striped(pen: ImageDraw.ImageDraw, rect: Rect, border: int) -> None:
    x0, y0, x1, y1 = rect
    pen.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=INK)
    pen.rectangle(rect, fill=DONT_COLOR)
    height = y1 - y0
    step = max(6.0, height / 3)
    width = max(2, round(step / 3))
    x = x0 - height
    while x < x1:
        # a stripe from the bottom edge up to the right, clipped to the badge
        a = (max(x, x0), y1 - (max(x, x0) - x))
        b = (min(x + height, x1), y1 - (min(x + height, x1) - x))
        pen.line([a, b], fill=DONT_STRIPE, width=width)
        x += step
    pen.rectangle(rect, outline=PAPER, width=border)


def _check(pen: ImageDraw.ImageDraw, box: Rect) -> None:
    """A check mark in a light circle."""
    x0, y0, x1, _ = box
    pen.ellipse(box, fill=PAPER)
    w = x1 - x0
    points = [
        (x0 + w * 0.24, y0 + w * 0.52),
        (x0 + w * 0.43, y0 + w * 0.71),
        (x0 + w * 0.77, y0 + w * 0.3),
    ]
    pen.line(points, fill=DO_COLOR, width=max(2, round(w / 7)), joint="curve")


def _cross(pen: ImageDraw.ImageDraw, box: Rect) -> None:
    """A cross in a light square."""
    x0, y0, x1, y1 = box
    pen.rectangle(box, fill=PAPER)
    d = (x1 - x0) * 0.25
    width = max(2, round((x1 - x0) / 7))
    pen.line([(x0 + d, y0 + d), (x1 - d, y1 - d)], fill=DONT_COLOR, width=width)
    pen.line([(x0 + d, y1 - d), (x1 - d, y0 + d)], fill=DONT_COLOR, width=width)


@dataclass
class _Layer:
    """What every callout is drawn with: the pen, the font, the canvas size and the
    rectangles already taken by the badge and labels (which callout labels keep clear of)."""

    pen: ImageDraw.ImageDraw
    font: Font
    size: tuple[int, int]
    placed: list[Rect]

    @property
    def radius(self) -> float:
        """Of a numbered disc."""
        return max(8.0, float(getattr(self.font, "size", 12)) * 0.8)

    @property
    def line_height(self) -> float:
        return float(self.pen.textbbox((0, 0), "Ag", font=self.font)[3]) + 2

    def free(self, rect: Rect, *also: Rect) -> bool:
        return not any(_overlap(rect, taken) for taken in [*self.placed, *also])


def frames(
    pen: ImageDraw.ImageDraw,
    marks: Sequence[Mark],
    extents: Sequence[Rect | None],
    size: tuple[int, int],
    *,
    line: int,
    thumb: bool,
) -> list[Rect | None]:
    """Draw a dashed frame round the object of each mark (``extents[target]``); returns
    each mark's frame (None: a mark about the image). Drawn before the objects' labels, so
    a label on the frame stays readable; ``callouts`` then numbers the frames."""
    radius = _Layer(pen, _font(size, thumb=thumb), size, []).radius
    width = max(3, round(line * 1.5))
    drawn: list[Rect | None] = []
    for mark in marks:
        extent = extents[mark.target] if mark.target is not None else None
        frame = None if extent is None else _grown(extent, width * 2, radius * 3, size)
        if frame is not None:
            _dashed(pen, frame, width)
        drawn.append(frame)
    return drawn


def callouts(
    pen: ImageDraw.ImageDraw,
    marks: Sequence[Mark],
    framed: Sequence[Rect | None],
    placed: list[Rect],
    size: tuple[int, int],
    *,
    thumb: bool,
) -> None:
    """Number each frame with a disc and, on a full drawing, write the mark's message beside
    it, clear of the labels in ``placed`` where there is room; marks about the image go into
    a banner. The rectangles taken are added to ``placed``."""
    layer = _Layer(pen, _font(size, thumb=thumb), size, placed)
    banner: list[tuple[int, str]] = []
    for number, (mark, frame) in enumerate(zip(marks, framed, strict=True), 1):
        if frame is None:
            banner.append((number, mark.message))
            continue
        disc = _disc(layer, frame, str(number))
        if not thumb:
            placed.append(_message(layer, frame, disc, mark.message))
        placed.append(disc)
    if banner:
        _banner(layer, banner, 1 if thumb else MAX_LINES)


def _font(size: tuple[int, int], *, thumb: bool) -> Font:
    return label_font(12 if thumb else max(12, round(max(size) / 42)))


def _grown(rect: Rect, by: float, least: float, size: tuple[int, int]) -> Rect:
    """``rect`` grown by ``by`` on every side and to at least ``least`` on each axis (a
    small object's frame is not hidden by its own disc), on the canvas."""
    x0, y0, x1, y1 = rect
    grow_x, grow_y = max(0.0, least - (x1 - x0)) / 2, max(0.0, least - (y1 - y0)) / 2
    x0, x1, y0, y1 = x0 - grow_x, x1 + grow_x, y0 - grow_y, y1 + grow_y
    half = by / 2
    return (
        max(half, x0 - by),
        max(half, y0 - by),
        min(size[0] - 1 - half, x1 + by),
        min(size[1] - 1 - half, y1 + by),
    )


def _dashed(pen: ImageDraw.ImageDraw, rect: Rect, width: int) -> None:
    """A yellow-and-black dashed frame: a black frame with yellow dashes on it."""
    x0, y0, x1, y1 = rect
    grown = width / 2 + 1
    pen.rectangle((x0 - grown, y0 - grown, x1 + grown, y1 + grown), outline=INK, width=width + 2)
    dash, gap = width * 3, width * 2
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        length = max(abs(bx - ax), abs(by - ay), 1.0)
        start = 0.0
        while start < length:
            t0, t1 = start / length, min(1.0, (start + dash) / length)
            a = (ax + (bx - ax) * t0, ay + (by - ay) * t0)
            b = (ax + (bx - ax) * t1, ay + (by - ay) * t1)
            pen.line([a, b], fill=MARK_COLOR, width=width)
            start += dash + gap


def _disc(layer: _Layer, frame: Rect, text: str) -> Rect:
    """A numbered yellow disc on the frame's top left corner, moved along the top edge (or
    to the bottom left corner) when the badge or a label is there; kept on the canvas."""
    r = layer.radius
    width, height = layer.size

    def at(x: float, y: float) -> Rect:
        x = min(max(x, r + 1), width - r - 1)
        y = min(max(y, r + 1), height - r - 1)
        return (x - r, y - r, x + r, y + r)

    spots = [at(frame[0] + i * r, frame[1]) for i in range(int((frame[2] - frame[0]) / r) + 1)]
    spots.append(at(frame[0], frame[3]))
    rect = next((spot for spot in spots if layer.free(spot)), spots[0])
    centre = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
    layer.pen.ellipse(rect, fill=MARK_COLOR, outline=INK, width=max(2, round(r / 5)))
    layer.pen.text(
        centre, text, fill=INK, font=layer.font, anchor="mm", stroke_width=1, stroke_fill=INK
    )
    return rect


def _message(layer: _Layer, frame: Rect, disc: Rect, text: str) -> Rect:
    """The mark's message on a black label just above its frame, beside its disc (under,
    right or left of the frame, or inside it, when there is no room), on the canvas and
    clear of other labels where it can be."""
    pen, font, (width, height) = layer.pen, layer.font, layer.size
    pad = 4
    room = max(80.0, min(width - 2 * pad - 4, max(width * 0.6, frame[2] - frame[0])))
    lines = wrap(pen, text, font, room - 2 * pad, MAX_LINES)
    line = layer.line_height
    box_w = max(pen.textlength(t, font=font) for t in lines) + 2 * pad
    box_h = line * len(lines) + 2 * pad
    spots = [
        (disc[2] + 2, frame[1] - box_h - 2),  # above the frame, beside the disc
        (frame[0], frame[3] + 4),  # under the frame
        (frame[2] + 4, frame[1]),  # right of it
        (frame[0] - box_w - 4, frame[1]),  # left of it
    ]
    fits = [(x, y) for x, y in spots if 0 <= x <= width - box_w and 0 <= y <= height - box_h]
    clear = [(x, y) for x, y in fits if layer.free((x, y, x + box_w, y + box_h), frame)]
    inside = (min(max(2.0, disc[2] + 2), width - box_w - 2), frame[1] + 4)
    x, y = (clear or fits or [inside])[0]
    rect = (x, y, x + box_w, y + box_h)
    pen.rectangle(rect, fill=INK, outline=MARK_COLOR, width=1)
    for i, part in enumerate(lines):
        pen.text((x + pad, y + pad + i * line), part, fill=MARK_COLOR, font=font)
    return rect


def _banner(layer: _Layer, items: Sequence[tuple[int, str]], limit: int) -> None:
    """Messages about the whole image on a black strip along the bottom of the image, each
    in at most ``limit`` lines."""
    pen, (width, height) = layer.pen, layer.size
    pad = 4
    lines: list[str] = []
    for number, message in items:
        lines += wrap(pen, f"{number}  {message}", layer.font, width - 2 * pad, limit)
    top = height - layer.line_height * len(lines) - 2 * pad
    pen.rectangle((0, top, width, height), fill=INK)
    pen.line([(0, top), (width, top)], fill=MARK_COLOR, width=2)
    for i, part in enumerate(lines):
        pen.text((pad, top + pad + i * layer.line_height), part, fill=MARK_COLOR, font=layer.font)


def wrap(pen: ImageDraw.ImageDraw, text: str, font: Font, room: float, limit: int) -> list[str]:
    """``text`` in at most ``limit`` lines of at most ``room`` pixels, the last one cut short
    with an ellipsis when the text does not fit."""
    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    while words and len(lines) < limit:
        line = words.pop(0)
        while words and pen.textlength(f"{line} {words[0]}", font=font) <= room:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and pen.textlength(lines[-1], font=font) > room):
        last = lines[-1] if lines else ""
        while last and pen.textlength(last + "…", font=font) > room:
            last = last[:-1]
        lines[-1:] = [last.rstrip() + "…"]
    return lines


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
