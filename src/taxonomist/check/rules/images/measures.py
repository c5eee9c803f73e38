"""What the pixels of one decoded image measure: sharpness, brightness, colour, and a
perceptual hash, all on a copy scaled to ``ANALYSIS_SIDE`` px on its longer side, so the
numbers mean the same for a thumbnail and a 40-megapixel photo.

* sharpness: the variance of ``scipy.ndimage.laplace`` over the grayscale copy (edges give
  large second derivatives; blur flattens them);
* brightness: mean luma (ITU-R 601, Pillow's ``L``) as a fraction of white;
* grayscale: one channel, or three whose values differ by less than ``GREY_SPREAD`` on
  average (a grey picture saved as RGB, JPEG chroma noise included);
* hash: ``imagehash.phash`` (64 bits), compared by Hamming distance for near duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

import imagehash
import numpy as np
from PIL import Image
from scipy import ndimage  # type: ignore[import-untyped]

from taxonomist.check.rules.images.family import ANALYSIS_SIDE

GREY_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"})
GREY_SPREAD = 2.0  # mean (max - min) over the channels, of 255


@dataclass(frozen=True, slots=True)
class Measures:
    """The numbers one image's checks compare with their thresholds."""

    sharpness: float
    brightness: float
    grayscale: bool
    phash: int


def measure(image: Image.Image) -> Measures:
    """The measures of a decoded ``image`` (any mode), scaled down first."""
    if image.mode == "P":  # a palette with transparency converts cleanly only via RGBA
        image = image.convert("RGBA")
    small = _scaled(image)
    rgb = small if small.mode == "RGB" else small.convert("RGB")
    grey = rgb.convert("L")
    pixels = np.asarray(grey, dtype=np.float32)
    return Measures(
        sharpness=float(ndimage.laplace(pixels).var()),
        brightness=float(pixels.mean() / 255.0) if pixels.size else 0.0,
        grayscale=image.mode in GREY_MODES or _grey(rgb),
        phash=_hash(grey),
    )


def _scaled(image: Image.Image) -> Image.Image:
    """A copy at most ``ANALYSIS_SIDE`` px on its longer side (the image itself if smaller)."""
    if max(image.size) <= ANALYSIS_SIDE:
        return image
    scale = ANALYSIS_SIDE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    source = image if image.mode in {"RGB", "L"} else image.convert("RGB")
    return source.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _grey(rgb: Image.Image) -> bool:
    pixels = np.asarray(rgb, dtype=np.int16)
    if not pixels.size:
        return False
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return float(spread.mean()) < GREY_SPREAD


def _hash(grey: Image.Image) -> int:
    bits = imagehash.phash(grey).hash.flatten()
    return int("".join("1" if b else "0" for b in bits), 2)
