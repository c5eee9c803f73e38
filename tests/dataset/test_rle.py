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


def test_random_runs_round_trip_through_the_pycocotools_encoding() -> None:
    rng = np.random.default_rng(10)
    for _ in range(300):
        size = int(rng.integers(0, 40))
        counts = [int(c) for c in rng.choice([0, 1, 31, 32, 1023, 2**32 - 1], size)]
        assert decode_counts(encode(counts)) == counts


def test_a_count_decreasing_below_the_one_two_back_decodes_negative_deltas() -> None:
    assert decode_counts(encode([10, 5, 3, 1, 0])) == [10, 5, 3, 1, 0]


def test_a_megabyte_of_continuation_characters_is_refused_in_linear_time() -> None:
    import time

    start = time.monotonic()
    assert decode_counts("o" * 1_000_000 + "0") is None  # one count of 200,000 bits
    assert time.monotonic() - start < 5  # was minutes: quadratic big-integer shifts


def test_a_count_of_more_groups_than_pycocotools_writes_is_malformed() -> None:
    assert decode_counts("P" * 6 + "0") == [0]  # seven groups: still a 35-bit count
    assert decode_counts("P" * 7 + "0") is None


def test_more_runs_than_the_mask_can_have_are_refused() -> None:
    text = encode([1] * 101)
    assert decode_counts(text, max_runs=101) == [1] * 101
    assert decode_counts(text, max_runs=100) is None
    assert decode_counts("1" * 10_000, max_runs=10) is None  # refused by its length alone


def test_non_ascii_text_is_malformed() -> None:
    assert decode_counts("0é") is None
