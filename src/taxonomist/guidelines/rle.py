"""Decode COCO run-length masks (uncompressed lists or the compressed string form).

Only the drawing needs pixels, so a small pure-Python decoder keeps pycocotools out of the
runtime dependencies. Runs alternate 0 and 1, column-major (Fortran order), starting with 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

MAX_MASK_PIXELS = 50_000_000


def decode_rle(value: Any) -> tuple[int, int, list[int]]:
    """``(height, width, runs)`` of an RLE dict ``{"size": [h, w], "counts": ...}``."""
    height, width = (int(v) for v in value["size"])
    if height <= 0 or width <= 0 or height * width > MAX_MASK_PIXELS:
        raise ValueError(f"mask size {height}x{width} out of range")
    counts = value["counts"]
    runs = _decode_string(counts) if isinstance(counts, str) else [int(c) for c in counts]
    if sum(runs) != height * width:
        raise ValueError("mask runs do not cover the mask")
    return height, width, runs


def _decode_string(text: str) -> list[int]:
    """The LEB128-like string form: 5 bits per character, runs after the third delta-coded."""
    runs: list[int] = []
    pos = 0
    while pos < len(text):
        value, pos = _read_value(text, pos)
        if len(runs) > 2:
            value += runs[-2]
        runs.append(value)
    return runs


def _read_value(text: str, pos: int) -> tuple[int, int]:
    value = shift = 0
    more = True
    while more:
        chunk = ord(text[pos]) - 48
        value |= (chunk & 0x1F) << (5 * shift)
        more = bool(chunk & 0x20)
        pos += 1
        shift += 1
        if not more and chunk & 0x10:
            value |= -1 << (5 * shift)
    return value, pos


def to_array(height: int, width: int, runs: list[int]) -> npt.NDArray[np.uint8]:
    """The mask as a ``height x width`` array of 0 and 255."""
    values = np.resize(np.array([0, 255], np.uint8), len(runs))
    flat = np.repeat(values, runs)
    return np.ascontiguousarray(flat.reshape(width, height).T)
