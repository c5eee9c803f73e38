"""number_lists: JSON number lists into columns, exactly or not at all."""

from __future__ import annotations

import json
import re

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomist.formats._io.number_lists import LONGEST_EXACT, exact, number_lists


def _raws(*texts: bytes) -> list[msgspec.Raw]:
    return [msgspec.Raw(t) for t in texts]


def _rows(lists: list[list[float]] | None) -> list[float]:
    return [] if lists is None else [v for part in lists for v in part]


def test_polygons_become_parts_and_values() -> None:
    got = number_lists(_raws(b"[[1,2,3,4,5,6]]", b"null", b"[[1,2],[3.5,4,5]]", b"[]", b"[[]]"), 2)
    assert got is not None
    assert got.null.tolist() == [False, True, False, False, False]
    assert got.outer.tolist() == [0, 1, 1, 3, 3, 4]  # parts per row
    assert got.inner.tolist() == [0, 6, 8, 11, 11]  # values per part
    assert got.values.tolist() == [1, 2, 3, 4, 5, 6, 1, 2, 3.5, 4, 5]


def test_flat_lists_are_one_part_per_row() -> None:
    got = number_lists(_raws(b"[1,2,3,4]", b"null", b"[-5.25,6]", b"[]"), 1)
    assert got is not None
    assert got.null.tolist() == [False, True, False, False]
    assert got.inner.tolist() == [0, 4, 6, 6]
    assert got.values.tolist() == [1, 2, 3, 4, -5.25, 6]


@pytest.mark.parametrize(
    ("raw", "depth", "why"),
    [
        (b'{"counts": "PP0", "size": [4, 4]}', 2, "an RLE among polygons"),
        (b"[1.0000000000000002]", 1, "17 significant digits: maybe off by one unit"),
        (b"[2559.1081235012834]", 1, "the shortest repr of a double"),
        (b"[1e5]", 1, "an exponent"),
        (b"[1E-30]", 1, "an exponent"),
        (b"[true]", 1, "a boolean"),
        (b"[1, null]", 1, "a null inside a list"),
        (b'["1"]', 1, "a string"),
        (b"[[1, 2]]", 1, "nested deeper than asked"),
        (b"[1, 2]", 2, "flatter than asked"),
        (b"[12345678901234567890]", 1, "an integer beyond 64 bits"),
    ],
)
def test_refuses_what_it_might_misread(raw: bytes, depth: int, why: str) -> None:
    assert number_lists(_raws(raw), depth) is None, why


def test_a_refused_value_refuses_its_whole_chunk() -> None:
    assert number_lists(_raws(b"[1, 2]", b"[0.30000000000000004]"), 1) is None


def test_exact_guard_matches_the_definition() -> None:
    """``exact`` is its word-at-a-time search; this is the plain definition."""
    for text in [b"1" * LONGEST_EXACT, b"1" * (LONGEST_EXACT + 1), b"[" + b"9." * 8 + b"]"]:
        slow = re.search(rb"[0-9.]{%d}" % (LONGEST_EXACT + 1), text) is None
        assert exact(text) == slow, text


@given(st.binary(max_size=80).map(lambda b: bytes(c % 17 + 44 for c in b)))
@settings(max_examples=500, deadline=None)
def test_exact_guard_on_any_text(text: bytes) -> None:
    # bytes 44..60: , - . / 0-9 : ; < ( digits, dot and neighbours)
    slow = re.search(rb"[0-9.]{%d}" % (LONGEST_EXACT + 1), text) is None
    assert exact(text) == (slow and b"e" not in text and b"E" not in text)


decimals = st.builds(
    lambda whole, frac, neg: ("-" if neg else "") + str(whole) + (f".{frac}" if frac else ""),
    st.integers(0, 10**7),
    st.one_of(st.just(""), st.integers(0, 10**6).map(str)),
    st.booleans(),
).filter(lambda t: len(t.lstrip("-")) <= LONGEST_EXACT)


@given(st.lists(st.lists(st.lists(decimals, max_size=8), max_size=3), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_values_are_those_every_correct_parser_reads(rows: list[list[list[str]]]) -> None:
    raws = [("[" + ",".join("[" + ",".join(p) + "]" for p in row) + "]").encode() for row in rows]
    got = number_lists(_raws(*raws), 2)
    assert got is not None
    expected = [v for row in rows for part in row for v in map(float, part)]
    assert got.values.tolist() == expected
    assert np.diff(got.outer).tolist() == [len(row) for row in rows]
    assert np.diff(got.inner).tolist() == [len(p) for row in rows for p in row]


def test_many_random_decimals_read_exactly() -> None:
    """The precision claim itself: a decimal of at most 15 digits and dots is read as the
    correctly rounded double (what Python's json reads), over many random ones."""
    rng = np.random.default_rng(11)
    digits = rng.integers(1, LONGEST_EXACT, 50_000)
    tokens = []
    for n in digits.tolist():
        text = "".join(map(str, rng.integers(0, 10, n).tolist())).lstrip("0") or "0"
        cut = int(rng.integers(1, len(text) + 1))
        token = text[:cut] + ("." + text[cut:] if text[cut:] else "")
        tokens.append(token[:LONGEST_EXACT].rstrip("."))
    raw = ("[" + ",".join(tokens) + "]").encode()
    got = number_lists(_raws(raw), 1)
    assert got is not None
    assert got.values.tolist() == json.loads(raw)
