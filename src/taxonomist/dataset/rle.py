"""COCO run-length masks, decoded without pycocotools: the compressed counts string to run
lengths, and run lengths to a pixel mask.

One decoder for everyone who reads ``Rle`` values: the checker validates the counts, the
guideline drawer paints the mask. Runs alternate 0 and 1, start with 0 and go column-major
(Fortran order), as COCO writes them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def decode_counts(text: str) -> list[int] | None:
    """The run lengths a COCO compressed counts string encodes, or None if it is malformed.

    Each count is a little-endian sequence of 5-bit groups (ASCII offset 48, bit 0x20 means
    "more groups follow", bit 0x10 of the last group is the sign); from the third count on,
    the value is a delta against the count two places back.
    """
    counts: list[int] = []
    position, size = 0, len(text)
    while position < size:
        value, shift, more = 0, 0, True
        while more:
            if position >= size:
                return None
            group = ord(text[position]) - 48
            if not 0 <= group < 64:
                return None
            value |= (group & 0x1F) << shift
            more = bool(group & 0x20)
            position += 1
            shift += 5
            if not more and group & 0x10:
                value |= -1 << shift
        if len(counts) > 2:
            value += counts[-2]
        counts.append(value)
    return counts


def mask(height: int, width: int, runs: list[int]) -> npt.NDArray[np.bool_]:
    """The ``height x width`` mask the runs cover (their sum must be ``height * width``)."""
    values = np.resize(np.array([False, True]), len(runs))
    flat = np.repeat(values, runs)
    return np.ascontiguousarray(flat.reshape(width, height).T)
