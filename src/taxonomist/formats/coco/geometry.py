"""COCO geometry (``bbox``, ``segmentation``, ``keypoints``) into columns, chunk by chunk.

On the fast path these fields arrive as ``msgspec.Raw`` slices of the file: the first decode
skips their numbers. Here each chunk of slices is joined into one small JSON array and
decoded at once, then turned into numpy columns while the new floats are still warm in the
cache, and dropped. Compared with decoding every number into the annotation structs up
front, this builds each float in a compact, contiguous run (so reading them back is fast)
and never holds all of them at once (so peak memory stays low).

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
from taxonomist.formats.coco.decode import CocoRle

CHUNK = 1 << 10  # small: freed floats are reused at once, so pages are not faulted anew
# Raw chunks are also cut by size: ~1k typical polygons are ~170 KB of text, whose floats and
# lists (~0.8 MB) stay in a 1 MB L2 cache while they are turned into columns; twice that
# measured 25 % slower. Big polygons would otherwise make a 1k-record chunk tens of MB.
CHUNK_BYTES = 1 << 18
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
    for rows, chunk in boxes.chunks(_BOXES):
        box, bad = box_column(chunk)
        out.box[rows] = box
        out.bad_boxes += rows[bad].tolist()
    segments = _Field(columns("segmentation"), raw, "segmentation" in wanted)
    sink = _Sink(segments.value_bound)
    for rows, chunk in segments.chunks(_SEGMENTS):
        sink.add(parts_ragged(chunk), rows)
        _collect_rles(chunk, rows, out.rles)
    out.polygons = sink.ragged()
    points = _Field(columns("keypoints"), raw, "keypoints" in wanted)
    sink = _Sink(points.value_bound)
    for rows, chunk in points.chunks(_POINTS):
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
        if raw:
            sizes = np.fromiter(map(len, values), np.int64, n)
            present = sizes > 0
            # A list of m numbers takes at least 2m + 1 bytes ("[1,2]"): m <= (size + 1) // 2.
            self.value_bound = int(((sizes + 1) // 2).sum())
            self.ends = _chunk_ends(sizes[present])
        else:
            present = np.fromiter(map(is_not, values, repeat(None)), np.bool_, n)
        self.rows = np.flatnonzero(present)
        self.values = values if len(self.rows) == n else list(compress(values, present.tolist()))
        self.track_missing = track_missing
        self.missing: set[int] = set(np.flatnonzero(~present).tolist()) if track_missing else set()

    def chunks(self, kind: Any) -> Iterator[tuple[I64, list[Any]]]:
        """(record rows, decoded values) per chunk; values may hold None (JSON null)."""
        ends = self.ends or range(CHUNK, len(self.values) + CHUNK, CHUNK)
        for start, end in zip([0, *ends], ends, strict=False):
            part = self.values[start:end]
            decoded = _decode(part, kind) if self.raw else part
            rows = self.rows[start : start + len(part)]
            if self.track_missing:
                self.missing.update(rows[none_rows(decoded)].tolist())
            yield rows, decoded


def _chunk_ends(sizes: I64) -> list[int]:
    """Ends of consecutive chunks of at most CHUNK values and CHUNK_BYTES bytes (a chunk
    holds at least one value)."""
    total = np.cumsum(sizes)
    ends, start, n = [], 0, len(sizes)
    while start < n:
        before = int(total[start - 1]) if start else 0
        fits = int(np.searchsorted(total, before + CHUNK_BYTES, side="right"))
        start = min(start + CHUNK, max(fits, start + 1), n)
        ends.append(start)
    return ends


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
