"""COCO geometry (``bbox``, ``segmentation``, ``keypoints``) into columns, chunk by chunk.

On the fast path these fields arrive as ``msgspec.Raw`` slices of the file: the first decode
skips their numbers. Here each chunk of slices is joined into one small JSON array and
decoded at once, then turned into numpy columns while the new floats are still warm in the
cache, and dropped. Compared with decoding every number into the annotation structs up
front, this builds each float in a compact, contiguous run (so reading them back is fast)
and never holds all of them at once (so peak memory stays low).

Where the numbers allow, a chunk is decoded by ``formats._io.number_lists`` straight into
offsets and float64 values (no Python float per number; exact for the numbers it accepts);
a chunk it refuses (an RLE among the polygons, a number of 16 or more digits or with an
exponent) is decoded into Python lists with msgspec, in small sub-chunks, as before.

On the tolerant path the fields are already decoded values; the same chunk loop runs over
them directly. A chunk whose JSON types are wrong raises ``Mistyped``: the caller then
takes the tolerant path, which reports each bad record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_not
from typing import Any

import msgspec
import numpy as np

from taxonomist.dataset.model import F64, I64, Ragged
from taxonomist.formats._io.columns import (
    box_column,
    flat_ragged,
    none_rows,
    parts_ragged,
)
from taxonomist.formats._io.number_lists import NumberLists, number_lists
from taxonomist.formats.coco.decode import CocoRle

CHUNK = 1 << 10  # small: freed floats are reused at once, so pages are not faulted anew
# Raw chunks are also cut by size: ~1k typical polygons are ~170 KB of text, whose floats and
# lists (~0.8 MB) stay in a 1 MB L2 cache while they are turned into columns; twice that
# measured 25 % slower. Big polygons would otherwise make a 1k-record chunk tens of MB.
CHUNK_BYTES = 1 << 18
# A columnar chunk makes no Python objects, so it can be bigger: a call to awkward costs
# ~0.1 ms, and 8k records (~1.5 MB of polygons) measured fastest.
FAST_CHUNK = 1 << 13
FAST_CHUNK_BYTES = 1 << 21
# Fewer values than this are decoded the exact way at once: importing awkward (~0.15 s)
# would cost a small file more than the columnar decode saves it.
COLUMNAR_MIN = 1 << 12
EMPTY_RAW = msgspec.Raw()
_BOXES: Any = list[list[float] | None]
_SEGMENTS: Any = list[list[list[float]] | CocoRle | None]
# Keypoints are mostly small integers (v = 0/1/2, zeroed points): as ints they come from
# Python's small-int cache instead of allocating a float each.
_POINTS: Any = list[list[int | float] | None]


class Mistyped(Exception):
    """A geometry field has the wrong JSON type somewhere in the chunk."""


@dataclass(slots=True)
class Geometry:
    """Geometry columns plus the rows a check of required fields needs."""

    box: F64
    bad_boxes: list[int] = field(default_factory=list)  # wrong length
    missing: dict[str, set[int]] = field(default_factory=dict)  # field -> rows without it
    polygons: Ragged = field(default_factory=Ragged.empty)
    rles: dict[int, CocoRle] = field(default_factory=dict)
    keypoints: Ragged = field(default_factory=Ragged.empty)


def geometry(
    columns: Callable[[str], list[Any]], raw: bool, n: int, want_missing: Iterable[str] = ()
) -> Geometry:
    """Columns for ``n`` records; ``columns(name)`` gives a field's per-record values.
    ``want_missing`` names the fields whose missing rows the caller needs."""
    wanted = set(want_missing)
    out = Geometry(np.full((n, 4), np.nan))
    boxes = _Field(columns("bbox"), raw, "bbox" in wanted)
    for rows, chunk in boxes.chunks(_BOXES, 1):
        box, bad = _boxes(chunk)
        out.box[rows] = box
        out.bad_boxes += rows[bad].tolist()
    segments = _Field(columns("segmentation"), raw, "segmentation" in wanted)
    sink = _Sink(segments.value_bound)
    for rows, chunk in segments.chunks(_SEGMENTS, 2):
        if isinstance(chunk, NumberLists):
            sink.add(_ragged(chunk, chunk.outer), rows)
            continue
        sink.add(parts_ragged(chunk), rows)
        _collect_rles(chunk, rows, out.rles)
    out.polygons = sink.ragged()
    points = _Field(columns("keypoints"), raw, "keypoints" in wanted)
    sink = _Sink(points.value_bound)
    for rows, chunk in points.chunks(_POINTS, 1):
        if isinstance(chunk, NumberLists):
            sink.add(_ragged(chunk, chunk.outer), rows)
            continue
        try:
            sink.add(flat_ragged(chunk), rows)
        except OverflowError as exc:  # an integer too large for a double
            raise Mistyped(str(exc)) from exc
    out.keypoints = sink.ragged()
    for name, fld in (("bbox", boxes), ("segmentation", segments), ("keypoints", points)):
        if name in wanted:
            out.missing[name] = fld.missing
    return out


class _Field:
    """One geometry field: the records that have it, decoded chunk by chunk."""

    def __init__(self, values: list[Any], raw: bool, track_missing: bool) -> None:
        self.raw = raw
        n = len(values)
        self.value_bound = 0  # at least the count of numbers in the field (raw path)
        self.ends: list[int] = []  # where each chunk of kept values ends
        self.sizes: Any = np.zeros(0, np.int64)  # bytes of each kept raw value
        self.columnar = False  # decoded by number_lists where it can
        if raw:
            sizes = np.fromiter(map(len, values), np.int64, n)
            present = sizes > 0
            # A list of m numbers takes at least 2m + 1 bytes ("[1,2]"): m <= (size + 1) // 2.
            self.value_bound = int(((sizes + 1) // 2).sum())
            self.sizes = sizes[present]
            self.columnar = len(self.sizes) >= COLUMNAR_MIN
            if self.columnar:
                self.ends = _chunk_ends(self.sizes, FAST_CHUNK, FAST_CHUNK_BYTES)
            else:
                self.ends = _chunk_ends(self.sizes)
        else:
            present = np.fromiter(map(is_not, values, repeat(None)), np.bool_, n)
        self.rows = np.flatnonzero(present)
        self.values = values if len(self.rows) == n else list(compress(values, present.tolist()))
        self.track_missing = track_missing
        self.missing: set[int] = set(np.flatnonzero(~present).tolist()) if track_missing else set()

    def chunks(self, kind: Any, depth: int) -> Iterator[tuple[I64, list[Any] | NumberLists]]:
        """(record rows, decoded values) per chunk: columns where ``number_lists`` takes
        the chunk (raw path), else a list of values that may hold None (JSON null)."""
        if not self.raw:
            yield from self._decoded(0, self.values, range(CHUNK, len(self.values) + CHUNK, CHUNK))
            return
        if not self.columnar:
            yield from self._decoded(0, self.values, self.ends, kind)
            return
        for start, end in zip([0, *self.ends], self.ends, strict=False):
            part = self.values[start:end]
            fast = number_lists(part, depth)
            if fast is None:  # refused: msgspec, in small sub-chunks
                sizes = self.sizes[start:end]
                yield from self._decoded(start, part, _chunk_ends(sizes), kind)
                continue
            rows = self.rows[start:end]
            if self.track_missing:
                self.missing.update(rows[fast.null].tolist())
            yield rows, fast

    def _decoded(
        self, first: int, values: list[Any], ends: Iterable[int], kind: Any = None
    ) -> Iterator[tuple[I64, list[Any]]]:
        for start, end in zip([0, *ends], ends, strict=False):
            part = values[start:end]
            decoded = _decode(part, kind) if kind is not None else part
            rows = self.rows[first + start : first + start + len(part)]
            if self.track_missing:
                self.missing.update(rows[none_rows(decoded)].tolist())
            yield rows, decoded


def _chunk_ends(sizes: I64, count: int = CHUNK, size: int = CHUNK_BYTES) -> list[int]:
    """Ends of consecutive chunks of at most ``count`` values and ``size`` bytes (a chunk
    holds at least one value)."""
    total = np.cumsum(sizes)
    ends, start, n = [], 0, len(sizes)
    while start < n:
        before = int(total[start - 1]) if start else 0
        fits = int(np.searchsorted(total, before + size, side="right"))
        start = min(start + count, max(fits, start + 1), n)
        ends.append(start)
    return ends


def _boxes(chunk: list[Any] | NumberLists) -> tuple[F64, list[int]]:
    """``box_column`` for either kind of chunk: an (N, 4) array and the rows whose box has
    the wrong length."""
    if not isinstance(chunk, NumberLists):
        return box_column(chunk)
    n = len(chunk.null)
    out = np.full((n, 4), np.nan)
    lengths = np.zeros(n, np.int64)
    lengths[~chunk.null] = np.diff(chunk.inner)
    four = lengths == 4
    if four.any():
        starts = chunk.inner[:-1][(lengths == 4)[~chunk.null]]
        out[four] = chunk.values[starts[:, None] + np.arange(4)]
    bad: list[int] = np.flatnonzero(~chunk.null & ~four).tolist()
    return out, bad


def _ragged(chunk: NumberLists, outer: I64) -> Ragged:
    """The chunk as a Ragged whose rows are its innermost lists, owned by chunk rows."""
    owner = np.repeat(np.arange(len(outer) - 1, dtype=np.int64), np.diff(outer))
    return Ragged(owner, chunk.inner, chunk.values)


def _decode(raws: Sequence[Any], kind: Any) -> list[Any]:
    text = b"[" + b",".join(raws) + b"]"
    try:
        decoded: list[Any] = msgspec.json.decode(text, type=kind)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise Mistyped(str(exc)) from exc
    return decoded


class _Sink:
    """Collects Ragged chunks into one Ragged. Values are copied at once into a single
    preallocated array (written while the chunk is still in cache, and no chunk array is
    kept alive); owners and lengths are small and concatenated at the end."""

    def __init__(self, bound: int) -> None:
        self.values = np.empty(max(bound, 1024), np.float64)  # untouched pages cost nothing
        self.pos = 0
        self.owners: list[I64] = []
        self.lengths: list[I64] = []

    def add(self, ragged: Ragged, rows: I64) -> None:
        k = len(ragged.values)
        if self.pos + k > len(self.values):  # decoded values on the tolerant path: grow
            grown = np.empty(2 * (self.pos + k), np.float64)
            grown[: self.pos] = self.values[: self.pos]
            self.values = grown
        self.values[self.pos : self.pos + k] = ragged.values
        self.pos += k
        self.owners.append(rows[ragged.owner])
        self.lengths.append(np.diff(ragged.offsets))

    def ragged(self) -> Ragged:
        if not self.owners:
            return Ragged.empty()
        lengths = np.concatenate(self.lengths)
        offsets = np.zeros(len(lengths) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return Ragged(np.concatenate(self.owners), offsets, self.values[: self.pos])


def _collect_rles(chunk: list[Any], rows: I64, out: dict[int, CocoRle]) -> None:
    if CocoRle in set(map(type, chunk)):
        found = [(i, v) for i, v in enumerate(chunk) if v.__class__ is CocoRle]
        out.update((int(rows[i]), v) for i, v in found)
