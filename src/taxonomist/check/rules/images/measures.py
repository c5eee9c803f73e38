"""What the pixels of one decoded image measure: sharpness, brightness, colour, and a
perceptual hash, all on a copy scaled to ``ANALYSIS_SIDE`` px on its longer side, so the
numbers mean the same for a thumbnail and a 40-megapixel photo.

* sharpness: the variance of ``scipy.ndimage.laplace`` over the grayscale copy (edges give
  large second derivatives; blur flattens them);
* brightness: mean luma (ITU-R 601, Pillow's ``L``) as a fraction of white;
* grayscale: one channel, or three whose values differ by less than ``GREY_SPREAD`` on
  average (a grey picture saved as RGB, JPEG chroma noise included), on a 128 px thumbnail;
* hash: ``imagehash.phash`` (64 bits) of a 64 px box-averaged copy, compared by Hamming
  distance for near duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

import imagehash
import numpy as np
from PIL import Image, ImageChops, ImageStat
from scipy import ndimage  # type: ignore[import-untyped]

from taxonomist.check.rules.images.family import ANALYSIS_SIDE

GREY_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"})
GREY_SPREAD = 2.0  # mean (max - min) over the channels, of 255
COLOUR_SIDE = 128  # px: enough pixels to tell a colour picture from a grey one
HASH_SIDE = 64  # px: twice the 32 px copy phash takes its DCT of


@dataclass(frozen=True, slots=True)
class Measures:
    """The numbers one image's checks compare with their thresholds."""

    sharpness: float
    brightness: float
    grayscale: bool
    phash: int


def measure(image: Image.Image) -> Measures:
    """The measures of a decoded ``image`` (any mode), scaled down first.

    Sharpness, brightness and the hash read one grey channel at ``ANALYSIS_SIDE`` px; the
    colour test needs only a ``COLOUR_SIDE`` px thumbnail of the three channels."""
    if image.mode == "P":  # a palette with transparency converts cleanly only via RGBA
        image = image.convert("RGBA")
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    grey = _scaled(rgb.convert("L"), ANALYSIS_SIDE, Image.Resampling.BILINEAR)
    pixels = np.asarray(grey, dtype=np.float32)
    grayscale = image.mode in GREY_MODES
    return Measures(
        sharpness=float(ndimage.laplace(pixels).var()),
        brightness=float(pixels.mean() / 255.0) if pixels.size else 0.0,
        grayscale=grayscale or _grey(_scaled(rgb, COLOUR_SIDE, Image.Resampling.BOX)),
        phash=_hash(grey),
    )


def _scaled(image: Image.Image, side: int, how: Image.Resampling) -> Image.Image:
    """A copy at most ``side`` px on its longer side (the image itself if smaller)."""
    if max(image.size) <= side:
        return image
    scale = side / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, how, reducing_gap=2.0)


def _grey(rgb: Image.Image) -> bool:
    """Whether the channels barely differ: the mean of max - min over R, G, B (computed by
    Pillow's C loops, no per-pixel Python or int16 copies) is under ``GREY_SPREAD``."""
    if not rgb.width or not rgb.height:
        return False
    red, green, blue = rgb.split()
    spread = ImageChops.lighter(
        ImageChops.lighter(ImageChops.difference(red, green), ImageChops.difference(green, blue)),
        ImageChops.difference(red, blue),
    )
    return float(ImageStat.Stat(spread).mean[0]) < GREY_SPREAD


def _hash(grey: Image.Image) -> int:
    """``imagehash.phash`` of the image box-averaged to ``HASH_SIDE`` px first: the hash
    keeps only the lowest frequencies of a 32 px copy, and Lanczos from 512 px to 32
    (imagehash's own resize) costs more than every other measure together."""
    small = grey.resize((HASH_SIDE, HASH_SIDE), Image.Resampling.BOX) if grey.size else grey
    bits = imagehash.phash(small).hash.flatten()
    return int("".join("1" if b else "0" for b in bits), 2)
