"""I006 to I008: what the decoded pixels of one image show (``measures``): too dark,
washed out, or blurry.

The exposure is judged first: a dark or washed-out frame has weak edges too, and its
exposure is the finding that explains them, so it is not told blurry as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from taxonomist.check.context import Context
from taxonomist.check.rules.images.family import FAMILY, threshold
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity

if TYPE_CHECKING:  # the measures (Pillow, scipy, imagehash) load with the first image
    from taxonomist.check.rules.images.measures import Measures

IMAGE_BLURRY = CodeDoc(
    code="I006",
    name="image-blurry",
    family=FAMILY,
    summary="A very blurry image: the variance of its Laplacian is below the min_sharpness "
    "threshold (default 20, measured at 512 px).",
    why="Out-of-focus or motion-blurred frames hide the edges boxes are drawn to; labels on "
    "them are guesses and teach the model blur.",
    bad="a frame taken while the camera moved, edges smeared over 10 px",
    good="drop the frame or replace it with a sharp one; a taxonomy with deliberately soft "
    "images lowers min_sharpness",
    severity=Severity.WARNING,
)

IMAGE_DARK = CodeDoc(
    code="I007",
    name="image-too-dark",
    family=FAMILY,
    summary="An image whose mean luminance is below the min_brightness threshold (default "
    "0.1 of white).",
    why="Nearly black frames (lens cap, failed exposure, night without light) show nothing "
    "to label; their annotations cannot be checked by a reviewer.",
    bad="an image whose pixels average 12 of 255",
    good="drop it, or brighten it before annotating; night-time datasets lower min_brightness",
    severity=Severity.WARNING,
)

IMAGE_OVEREXPOSED = CodeDoc(
    code="I008",
    name="image-overexposed",
    family=FAMILY,
    summary="An image whose mean luminance is above the max_brightness threshold (default "
    "0.95 of white).",
    why="Washed-out frames lose the edges and textures the classes are told apart by.",
    bad="an image whose pixels average 248 of 255",
    good="drop it or re-expose it; scans on white paper raise max_brightness",
    severity=Severity.WARNING,
)


def pixel_findings(ctx: Context, row: int, measures: Measures) -> Iterator[Finding]:
    """I007/I008 on the mean brightness, else I006 on the sharpness: a dark or washed-out
    frame has weak edges too, and its exposure is the finding that explains it."""
    exposure = _exposure(ctx, row, measures.brightness)
    if exposure is not None:
        yield exposure
        return
    sharp = threshold(ctx.taxonomy, "min_sharpness")
    if measures.sharpness < sharp:
        message = f"blurry: sharpness {measures.sharpness:.1f}, below min_sharpness {sharp:g}"
        yield ctx.image(IMAGE_BLURRY, row, message, hint="min_sharpness (threshold) tunes it")


def _exposure(ctx: Context, row: int, level: float) -> Finding | None:
    low, high = threshold(ctx.taxonomy, "min_brightness"), threshold(ctx.taxonomy, "max_brightness")
    if level < low:
        message = f"too dark: mean brightness {level:.2f}, below min_brightness {low:g}"
        return ctx.image(IMAGE_DARK, row, message, hint="min_brightness (threshold) tunes it")
    if level > high:
        message = f"overexposed: mean brightness {level:.2f}, above max_brightness {high:g}"
        hint = "max_brightness (threshold) tunes it"
        return ctx.image(IMAGE_OVEREXPOSED, row, message, hint=hint)
    return None
