"""The skeleton diagram of a keypoint label type: a figure facing the reader, every point
named, left and right marked from the subject's view (the subject's left is on the reader's
right, the mistake annotators make most). Points, their names and the bones between two
points of one side are in that side's colour (``palette``), the colours the example drawings
give the same bones.

Points with a familiar name (COCO body, face, hands) sit on a human figure; any others are
placed on a circle, so every schema gets a readable diagram.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from taxonomist.guidelines.palette import (
    LEFT_COLOR,
    RIGHT_COLOR,
    Font,
    base_name,
    bone_color,
    label_font,
    side_color,
    side_of,
)
from taxonomist.taxonomy.model import KeypointLabel

__all__ = ["layout", "side_of", "skeleton_diagram"]

WIDTH, HEIGHT = 720, 600
# Body landmarks of a figure facing the reader; x is positive towards the *subject's left*.
BODY: dict[str, tuple[float, float]] = {
    "head": (0, 60),
    "top_head": (0, 60),
    "nose": (0, 120),
    "eye": (22, 92),
    "ear": (46, 114),
    "mouth": (0, 140),
    "chin": (0, 152),
    "neck": (0, 165),
    "shoulder": (58, 175),
    "elbow": (100, 265),
    "wrist": (130, 375),
    "hand": (136, 395),
    "hip": (34, 320),
    "pelvis": (0, 320),
    "knee": (40, 430),
    "ankle": (44, 525),
    "foot": (50, 545),
    "heel": (40, 540),
    "toe": (56, 550),
    "big_toe": (56, 550),
    "small_toe": (66, 548),
    "thorax": (0, 210),
    "spine": (0, 260),
}


def layout(names: list[str]) -> dict[str, tuple[float, float]]:
    """Canvas positions: body landmarks on the figure, the rest on a circle."""
    centre_x = WIDTH / 2
    placed: dict[str, tuple[float, float]] = {}
    unknown = []
    for name in names:
        spot = BODY.get(base_name(name))
        if spot is None:
            unknown.append(name)
            continue
        sign = {"left": 1, "right": -1, "centre": 0}[side_of(name)]
        # the subject faces the reader, so the subject's left is drawn on the reader's right
        placed[name] = (centre_x + sign * spot[0], spot[1])
    for i, name in enumerate(unknown):
        angle = 2 * math.pi * i / max(1, len(unknown)) - math.pi / 2
        placed[name] = (centre_x + 200 * math.cos(angle), 320 + 200 * math.sin(angle))
    return placed


def skeleton_diagram(spec: KeypointLabel) -> Image.Image:
    """The diagram image for a keypoint label type."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    pen = ImageDraw.Draw(image)
    spots = layout(list(spec.keypoints))
    for a, b in spec.skeleton:
        if a in spots and b in spots:
            # the bones take their side's colour, as they do on the drawn examples
            pen.line([spots[a], spots[b]], fill=bone_color(a, b), width=4)
    font = label_font(14)
    for name, (x, y) in spots.items():
        color = side_color(side_of(name))
        pen.ellipse((x - 7, y - 7, x + 7, y + 7), fill=color, outline=(0, 0, 0))
        pen.text(_label_at(pen, name, x, y, font), name, fill=color, font=font)
    _header(pen)
    return image


def _label_at(
    pen: ImageDraw.ImageDraw, name: str, x: float, y: float, font: Font
) -> tuple[float, float]:
    """Left points are labelled on their outer side, right points too; centre points below."""
    width = pen.textlength(name, font=font)
    side = side_of(name)
    if side == "centre":
        return x - width / 2, y + 9
    return (x + 11, y - 8) if side == "left" else (x - 11 - width, y - 8)


def _header(pen: ImageDraw.ImageDraw) -> None:
    big = label_font(22)
    pen.text((16, 12), "subject's RIGHT", fill=RIGHT_COLOR, font=big)
    text = "subject's LEFT"
    pen.text((WIDTH - 16 - pen.textlength(text, font=big), 12), text, fill=LEFT_COLOR, font=big)
    note = "The subject faces you: their left is on your right."
    small = label_font(14)
    pen.text(
        ((WIDTH - pen.textlength(note, font=small)) / 2, HEIGHT - 26),
        note,
        fill=(0, 0, 0),
        font=small,
    )
