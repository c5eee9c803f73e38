"""The one RLE decoder: COCO compressed counts strings and run lengths to masks."""

from __future__ import annotations

import numpy as np
import pytest

from taxonomist.dataset.rle import decode_counts, mask


def encode(counts: list[int]) -> str:
    """COCO's compressed form (as pycocotools writes it), to check the decoder against."""
    out = []
    for i, count in enumerate(counts):
        value = count - counts[i - 2] if i > 2 else count
        more = True
        while more:
            group = value & 0x1F
            value >>= 5
            more = value != -1 if group & 0x10 else value != 0
            out.append(chr(group + (0x20 if more else 0) + 48))
    return "".join(out)


@pytest.mark.parametrize(
    "counts", [[0], [5, 3], [0, 100, 307100], [40, 2, 1, 900, 3, 70000, 2], [12, 30, 31, 0]]
)
def test_compressed_counts_decode_to_the_runs_they_encode(counts: list[int]) -> None:
    assert decode_counts(encode(counts)) == counts


@pytest.mark.parametrize("text", ["\x7f0", "/", "o", "0o"])
def test_malformed_counts_decode_to_none(text: str) -> None:
    assert decode_counts(text) is None  # a character out of range, or a run cut short


def test_runs_fill_the_mask_column_by_column_starting_with_background() -> None:
    out = mask(2, 3, [1, 2, 3])
    assert out.dtype == np.bool_
    assert out.tolist() == [[False, True, False], [True, False, False]]
