"""JSON number lists straight into numpy columns, without a Python float per number.

A COCO file's geometry is nearly all of its bytes: 22 million numbers in a 1M-annotation
file. Decoding them into Python lists (msgspec, orjson) costs an object per number, and
turning those into numpy columns costs as much again. awkward's ``from_json`` with a schema
writes the numbers straight into typed buffers (RapidJSON, in C++), about three times as
fast. The pyarrow and polars JSON readers were measured too (both correctly rounded) and
were slower than msgspec on this data, so awkward it is, within its limit:

**Precision.** awkward does not ask RapidJSON for full precision, so a token of 16 or more
significant digits (the shortest round-trip form Python's ``json`` and most converters
write, ``2559.1081235012834``) is read one unit in the last place off about one time in
ten, and so may be a number with a large exponent. A decimal of at most 15 digits and no
exponent is exact on that path (its digits fit a double exactly and so does the power of
ten it is scaled by, so one rounding happens: the correct one). ``number_lists`` therefore
refuses any chunk holding a run of 16 or more digits and dots, or an ``e``/``E``
(exponents, and ``true``/``false``), and the caller decodes that chunk the
exact way. Each refusal costs a search over the chunk, not a second decode. (This also
refuses a long run inside a string, which geometry does not hold: a needless refusal only
costs speed.)

Anything else the schema does not describe (an RLE object among polygons, a string, a
wrong nesting depth) is refused the same way, chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from taxonomist.dataset.model import F64, I64

_NUMBER_CHARS = b"0123456789."
# Number characters become 1, every other byte 0.
_ONES = bytes(1 if byte in _NUMBER_CHARS else 0 for byte in range(256))
LONGEST_EXACT = 15  # characters of digits and dots a token may have to be read exactly
_WORD_OF_ONES = 0x0101010101010101
_NUMBER: dict[str, Any] = {"type": "number"}


@dataclass(slots=True)
class NumberLists:
    """Decoded rows of one chunk: ``null[i]`` where row ``i`` was JSON ``null``; else row
    ``i`` owns lists ``outer[i]:outer[i + 1]`` (one list per row at depth 1), and list
    ``j`` owns ``values[inner[j]:inner[j + 1]]``."""

    null: Any  # bool array, one per row
    outer: I64
    inner: I64
    values: F64


def _schema(depth: int) -> dict[str, Any]:
    item: dict[str, Any] = _NUMBER
    for level in range(depth):
        item = {"type": "array" if level < depth - 1 else ["array", "null"], "items": item}
    return {"type": "array", "items": item}


_SCHEMAS = {1: _schema(1), 2: _schema(2)}


def exact(text: bytes) -> bool:
    """Whether every number in ``text`` would be read exactly by ``number_lists``: no
    exponent and no run of more than ``LONGEST_EXACT`` digits and dots."""
    if b"e" in text or b"E" in text:
        return False
    ones = text.translate(_ONES)
    # A run of 16 or more covers at least one whole aligned 8-byte word: find those words
    # at numpy speed, then measure only the runs around them.
    words = np.frombuffer(ones, np.uint64, len(ones) // 8)
    for word in np.flatnonzero(words == _WORD_OF_ONES).tolist():
        start = ones.rfind(b"\x00", 0, 8 * word) + 1
        end = ones.find(b"\x00", 8 * word + 8)
        if (len(ones) if end < 0 else end) - start > LONGEST_EXACT:
            return False
    return True


def number_lists(raws: Sequence[Any], depth: int) -> NumberLists | None:
    """The JSON values ``raws`` (each a number list nested ``depth`` deep, 1 or 2, or
    ``null``) as columns; None when the chunk holds anything else or a number that might
    not be read exactly (the caller then decodes it the exact way)."""
    import awkward as ak  # imported here: a start-up cost only runs that read geometry pay

    text = b"[" + b",".join(raws) + b"]"
    if not exact(text):
        return None
    try:
        layout = ak.from_json(text, schema=_SCHEMAS[depth], highlevel=False)
    except ValueError:  # the schema does not describe this chunk
        return None
    return _columns(layout, depth, len(raws))


def _columns(layout: Any, depth: int, n: int) -> NumberLists:
    """Offsets and values out of the layout awkward builds for ``_schema(depth)``: an
    option (``null`` rows) over ``depth`` levels of lists over float64."""
    null: Any = np.zeros(n, np.bool_)
    if hasattr(layout, "mask_as_bool"):  # an option layout: some rows may be null
        null = ~np.asarray(layout.mask_as_bool(valid_when=True), np.bool_)
        layout = layout.project()  # the non-null rows, in order
    lists = layout.to_ListOffsetArray64(True)
    top = np.asarray(lists.offsets, np.int64)
    outer = np.zeros(n + 1, np.int64)
    if depth == 1:
        counts = np.zeros(n, np.int64)
        counts[~null] = 1
        np.cumsum(counts, out=outer[1:])
        return NumberLists(null, outer, top, _floats(lists.content, top))
    counts = np.zeros(n, np.int64)
    counts[~null] = np.diff(top)
    np.cumsum(counts, out=outer[1:])
    parts = lists.content[: int(top[-1])].to_ListOffsetArray64(True)
    inner = np.asarray(parts.offsets, np.int64)
    return NumberLists(null, outer, inner, _floats(parts.content, inner))


def _floats(content: Any, offsets: I64) -> F64:
    values: F64 = np.asarray(content.data, np.float64)[: int(offsets[-1])]
    return values
