"""I003 and I004: the image file's size and frame against the annotation's width and height.

The size comes from the file's header (Pillow's ``Image.open`` reads no pixels). EXIF
orientation 5 to 8 shows the stored pixels turned a quarter (width and height swap):
annotation tools show the turned image, most training loaders read the stored frame, so
whichever of the two the annotation's size matches, one side sees the boxes on the wrong
pixels. The finding says which side the annotation matches.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from taxonomist.check.context import Context
from taxonomist.check.rules.images.family import FAMILY
from taxonomist.check.rules.images.read import ImageFacts
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity

IMAGE_SIZE = CodeDoc(
    code="I003",
    name="image-size-mismatch",
    family=FAMILY,
    summary="The image file's width and height (from its header) differ from the annotation's.",
    why="Boxes and masks are in the annotation's pixel frame; on an image of another size "
    "they cover the wrong pixels, and normalised coordinates scale wrongly.",
    bad='{"file_name": "0001.jpg", "width": 640, "height": 480} for a 1280x960 file',
    good='{"file_name": "0001.jpg", "width": 1280, "height": 960} (or re-annotate the resized '
    "image)",
)

IMAGE_EXIF_ROTATED = CodeDoc(
    code="I004",
    name="image-exif-rotated",
    family=FAMILY,
    summary="The file's EXIF orientation rotates or flips its pixels when shown: the annotation "
    "fits one frame, and readers that ignore EXIF see the other.",
    why="Annotation tools show the image rotated by its EXIF orientation while most training "
    "loaders read the stored frame; with orientation 5-8 width and height swap and every box "
    "lands on the wrong pixels in one of the two.",
    bad="phone photo stored 4032x3024 with EXIF orientation 6, annotated as "
    '{"width": 3024, "height": 4032}',
    good="write the rotation into the pixels (PIL.ImageOps.exif_transpose, then save without "
    "the orientation tag) and annotate that file",
)

SHOWN = {
    2: "mirrored left to right",
    3: "turned 180°",
    4: "mirrored top to bottom",
    5: "mirrored and turned 90° anticlockwise",
    6: "turned 90° clockwise",
    7: "mirrored and turned 90° clockwise",
    8: "turned 90° anticlockwise",
}
QUARTER_TURNS = frozenset({5, 6, 7, 8})
_FIX = "write the orientation into the pixels (PIL.ImageOps.exif_transpose) and re-annotate"


def frame_findings(ctx: Context, row: int, facts: ImageFacts) -> Iterator[Finding]:
    """I003/I004 for one image row (nothing when the annotation gives no size)."""
    annotated = _annotated(ctx, row)
    stored = (facts.width, facts.height)
    if facts.orientation in QUARTER_TURNS:
        yield from _quarter(ctx, row, facts, annotated)
    elif facts.orientation != 1:
        how = SHOWN[facts.orientation]
        message = (
            f"{facts.path}: EXIF orientation {facts.orientation} shows the stored pixels {how}; "
            "readers that ignore EXIF and tools that apply it see different frames"
        )
        yield ctx.image(IMAGE_EXIF_ROTATED, row, message, hint=_FIX, severity=Severity.WARNING)
    if annotated is not None and facts.orientation not in QUARTER_TURNS and annotated != stored:
        yield _size(ctx, row, facts, annotated)


def _quarter(
    ctx: Context, row: int, facts: ImageFacts, annotated: tuple[int, int] | None
) -> Iterator[Finding]:
    stored = (facts.width, facts.height)
    shown = (facts.height, facts.width)
    how = f"EXIF orientation {facts.orientation} ({SHOWN[facts.orientation]})"
    if annotated is None:
        side = "the annotation gives no size, so which frame its boxes are in is unknown"
    elif stored == shown and annotated == stored:
        side = "the image is square, so its size cannot tell which frame the boxes are in"
    elif annotated == shown:
        side = (
            f"annotated as {_wh(annotated)}, the frame EXIF shows (as annotation tools do); "
            f"loaders that ignore EXIF read the stored {_wh(stored)} frame"
        )
    elif annotated == stored:
        side = (
            f"annotated as {_wh(annotated)}, the stored frame; annotation tools and loaders "
            f"that apply EXIF show it as {_wh(shown)}"
        )
    else:
        yield _size(ctx, row, facts, annotated)
        return
    yield ctx.image(IMAGE_EXIF_ROTATED, row, f"{facts.path}: {how}: {side}", hint=_FIX)


def _size(ctx: Context, row: int, facts: ImageFacts, annotated: tuple[int, int]) -> Finding:
    message = f"{facts.path} is {_wh((facts.width, facts.height))}, annotated as {_wh(annotated)}"
    if facts.orientation in QUARTER_TURNS:
        message += f" (shown {_wh((facts.height, facts.width))} by its EXIF orientation)"
    hint = "set the annotation's width and height from the file, or re-annotate a resized image"
    return ctx.image(IMAGE_SIZE, row, message, hint=hint)


def _annotated(ctx: Context, row: int) -> tuple[int, int] | None:
    images = ctx.dataset.images
    width, height = float(images.width[row]), float(images.height[row])
    if math.isnan(width) or math.isnan(height):
        return None
    return round(width), round(height)


def _wh(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"
