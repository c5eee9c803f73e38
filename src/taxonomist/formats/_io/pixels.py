"""What a mask's pixels hold, tallied into ``MaskPixels``: the one home for the pixel
statistics every mask-like reader reports (VOC and generic masks, Cityscapes, Mapillary
Vistas, ADE20K), so the checker sees the same facts whichever layout the masks came in.

Values are reported raw (what the taxonomy's ids mean); the checker maps them to classes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from taxonomist.dataset.model import MaskPixels


def tally(masks: MaskPixels, row: int, array: Any, *, void: int | None = None) -> None:
    """Record the values of the 2-D ``array`` for image ``row``: sorted values (without
    ``void``, which goes to ``masks.void`` when painted), a pixel count per value (void too)
    and the first pixel ``(x, y)`` holding each."""
    pixels = np.asarray(array)
    values, first, counts = np.unique(pixels.reshape(-1), return_index=True, return_counts=True)
    tallies = {int(v): int(c) for v, c in zip(values, counts, strict=True)}
    width = int(pixels.shape[1])
    found = {int(v): (int(i % width), int(i // width)) for v, i in zip(values, first, strict=True)}
    present = sorted(tallies)
    if void is not None and void in tallies:
        present.remove(void)
        masks.void[row] = void
    masks.values[row] = present
    masks.counts[row] = tallies
    masks.examples[row] = found


def instance_numbers(masks: MaskPixels, row: int, array: Any) -> None:
    """Record the instance numbers an instance mask holds for image ``row``."""
    masks.instances[row] = [int(v) for v in np.unique(np.asarray(array))]


def rgb_codes(array: Any) -> Any:
    """Each pixel of an RGB(A) array as one ``0xRRGGBB`` integer (int64)."""
    rgb = np.asarray(array)[..., :3].astype(np.int64)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
