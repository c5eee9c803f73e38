"""COCO run-length masks, decoded without pycocotools: the compressed counts string to run
lengths, and run lengths to a pixel mask.

One decoder for everyone who reads ``Rle`` values: the checker validates the counts, the
guideline drawer paints the mask. Runs alternate 0 and 1, start with 0 and go column-major
(Fortran order), as COCO writes them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# A count is at most 7 groups of 5 bits: pycocotools writes 32-bit counts as deltas of up to
# 34 bits with their sign, so a longer count is malformed (and would need big integers).
MAX_GROUPS = 7


def decode_counts(text: str, max_runs: int | None = None) -> list[int] | None:
    """The run lengths a COCO compressed counts string encodes, or None if it is malformed
    (or encodes more than ``max_runs`` runs: a mask of N pixels has at most N + 1).

    Each count is a little-endian sequence of 5-bit groups (ASCII offset 48, bit 0x20 means
    "more groups follow", bit 0x10 of the last group is the sign); from the third count on,
    the value is a delta against the count two places back. Decoded with numpy in time
    linear in the length of ``text``, so a megabyte of continuation characters costs
    milliseconds, not minutes.
    """
    if max_runs is not None and len(text) > max_runs * MAX_GROUPS:
        return None  # longer than any string of that many runs
    if not text:
        return []
    if not text.isascii():
        return None
    groups = np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.int64) - 48
    if ((groups < 0) | (groups >= 64)).any() or (groups[-1:] & 0x20).any():
        return None  # a character out of range, or a run cut short
    ends = np.flatnonzero((groups & 0x20) == 0)
    if max_runs is not None and len(ends) > max_runs:
        return None
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    lengths = ends - starts + 1
    if (lengths > MAX_GROUPS).any():
        return None
    runs: list[int] = _deltas_applied(_values(groups, starts, lengths)).tolist()
    return runs


def _values(
    groups: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Each count's value from its groups (the last group's 0x10 bit extends the sign)."""
    place = np.arange(len(groups), dtype=np.int64) - np.repeat(starts, lengths)
    values = np.add.reduceat((groups & 0x1F) << (5 * place), starts)
    negative = (groups[starts + lengths - 1] & 0x10) != 0
    return np.where(negative, values - (np.int64(1) << (5 * lengths)), values)


def _deltas_applied(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """From the third count on, a count is a delta against the count two places back."""
    out = values.copy()
    out[1::2] = np.cumsum(values[1::2])
    out[2::2] = np.cumsum(values[2::2])
    return out


def mask(height: int, width: int, runs: list[int]) -> npt.NDArray[np.bool_]:
    """The ``height x width`` mask the runs cover (their sum must be ``height * width``)."""
    values = np.resize(np.array([False, True]), len(runs))
    flat = np.repeat(values, runs)
    return np.ascontiguousarray(flat.reshape(width, height).T)
