"""The colours and the font every drawing shares: the subject's left and right (the skeleton
diagram and the bones drawn on examples use the same ones), the verdicts, the marks that
point at a fault, and the halo that keeps a stroke visible on dark and bright pixels alike.

The colours are chosen to stay apart under the common colour-vision deficiencies: left is
blue, right is red (blue against a brownish yellow under deuteranopia); a verdict never
relies on its colour alone (the badge also differs in shape and word), and marks are
yellow on black, which reads on any photo and in greyscale.
"""

from __future__ import annotations

import re

from PIL import ImageFont

Rgb = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

LEFT_COLOR: Rgb = (31, 119, 180)  # the subject's left
RIGHT_COLOR: Rgb = (214, 39, 40)  # the subject's right
CENTRE_COLOR: Rgb = (90, 90, 90)
DO_COLOR: Rgb = (27, 110, 45)  # a green dark enough for white text
DONT_COLOR: Rgb = (198, 40, 40)
DONT_STRIPE: Rgb = (120, 14, 14)  # the Don't badge's diagonal stripes
MARK_COLOR: Rgb = (255, 214, 0)  # callouts: yellow on black
INK: Rgb = (0, 0, 0)
PAPER: Rgb = (255, 255, 255)

_SIDE = re.compile(r"^(left|right|l|r)[_\-\s]+|[_\-\s]+(left|right|l|r)$")


def side_of(name: str) -> str:
    """``left``, ``right`` or ``centre``: the subject's side a keypoint name says."""
    match = _SIDE.search(name.lower())
    if match is None:
        return "centre"
    word = match.group(1) or match.group(2)
    return "left" if word in ("left", "l") else "right"


def base_name(name: str) -> str:
    """A keypoint name without its side (``left_eye`` -> ``eye``)."""
    return _SIDE.sub("", name.lower())


def side_color(side: str) -> Rgb:
    return {"left": LEFT_COLOR, "right": RIGHT_COLOR}.get(side, CENTRE_COLOR)


def bone_color(a: str, b: str) -> Rgb:
    """A bone between two points is the colour of their side when both are on one side
    (``left_shoulder``-``left_elbow``), the centre's otherwise (``left_hip``-``right_hip``)."""
    side = side_of(a)
    return side_color(side if side == side_of(b) else "centre")


def hex_rgb(color: str) -> Rgb:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def text_color(rgb: Rgb) -> Rgb:
    """Black or white, whichever reads better on ``rgb`` (relative luminance)."""
    r, g, b = rgb
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 150 else PAPER


def label_font(size: int) -> Font:
    """A scalable font (Pillow's bundled one), so labels stay readable at every size and the
    drawing does not depend on the fonts of the machine that builds the site."""
    return ImageFont.load_default(size=size)
