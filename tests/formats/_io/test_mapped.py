"""Where the items of a JSON list begin, as the big-file locator works them out: the
vectorised guess for evenly spaced lists must agree with each item's own address, and
must refuse (None) rather than guess wrong when the spacing is uneven."""

from __future__ import annotations

import json

import msgspec
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from taxonomist.formats._io.mapped import _address, _evenly_spaced

ITEMS = st.lists(
    st.one_of(
        st.integers(-5, 10**6),
        st.text(alphabet=' ,[]{}"\\\nab', max_size=6),
        st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=3),
        st.dictionaries(st.text(alphabet="ab ,", max_size=3), st.integers(), max_size=2),
    ),
    min_size=1,
    max_size=8,
)
GAPS = st.sampled_from([",", ", ", ",\n  ", " ,", "\n,\n", ",\r\n\t"])


def _positions(text: bytes) -> tuple[np.ndarray, np.ndarray]:
    raws = msgspec.json.decode(text, type=list[msgspec.Raw])
    base = _address(text)
    lengths = np.fromiter(map(len, raws), np.int64, len(raws))
    return np.array([_address(r) - base for r in raws], np.int64), lengths


def _text(items: list[object], seps: list[str], lead: str, tail: str) -> bytes:
    parts = [json.dumps(item) for item in items]
    body = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=False))
    return f"[{lead}{body}{tail}]".encode()


@given(ITEMS, GAPS, st.sampled_from(["", " ", "\n  "]), st.sampled_from(["", "\n"]))
def test_even_spacing_is_found_exactly(items: list[object], gap: str, lead: str, tail: str) -> None:
    text = _text(items, [gap] * (len(items) - 1), lead, tail)
    truth, lengths = _positions(text)
    found = _evenly_spaced(text, lengths)
    assert found is not None
    assert found.tolist() == truth.tolist()


@given(ITEMS, st.lists(GAPS, min_size=7, max_size=7))
def test_uneven_spacing_is_never_guessed_wrong(items: list[object], gaps: list[str]) -> None:
    text = _text(items, gaps[: len(items) - 1], "", "")
    truth, lengths = _positions(text)
    found = _evenly_spaced(text, lengths)
    assert found is None or found.tolist() == truth.tolist()


def test_uneven_spacing_that_sums_like_even_is_refused() -> None:
    # gaps of 1 and 3 bytes add up as two gaps of 2 would: the proof, not the sum, decides
    text = b"[1,2 , 3]"
    _, lengths = _positions(text)
    assert _evenly_spaced(text, lengths) is None
