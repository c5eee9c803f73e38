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
from taxonomist.formats._coco_decode import CocoRle
from taxonomist.formats._columns import (
    box_column,
    concat_ragged,
    flat_ragged,
    none_rows,
    parts_ragged,
)

CHUNK = 1 << 17
EMPTY_RAW = msgspec.Raw()
_BOXES: Any = list[list[float] | None]
_SEGMENTS: Any = list[list[list[float]] | CocoRle | None]
_POINTS: Any = list[list[float] | None]


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
    pieces = []
    for rows, chunk in segments.chunks(_SEGMENTS):
        pieces.append(_owned(parts_ragged(chunk), rows))
        _collect_rles(chunk, rows, out.rles)
    out.polygons = concat_ragged(pieces)
    points = _Field(columns("keypoints"), raw, "keypoints" in wanted)
    pieces = [_owned(flat_ragged(chunk), rows) for rows, chunk in points.chunks(_POINTS)]
    out.keypoints = concat_ragged(pieces)
    for name, fld in (("bbox", boxes), ("segmentation", segments), ("keypoints", points)):
        if name in wanted:
            out.missing[name] = fld.missing
    return out


class _Field:
    """One geometry field: the records that have it, decoded chunk by chunk."""

    def __init__(self, values: list[Any], raw: bool, track_missing: bool) -> None:
        self.raw = raw
        n = len(values)
        if raw:
            present = np.fromiter(map(len, values), np.int64, n) > 0
        else:
            present = np.fromiter(map(is_not, values, repeat(None)), np.bool_, n)
        self.rows = np.flatnonzero(present)
        self.values = values if len(self.rows) == n else list(compress(values, present.tolist()))
        self.track_missing = track_missing
        self.missing: set[int] = set(np.flatnonzero(~present).tolist()) if track_missing else set()

    def chunks(self, kind: Any) -> Iterator[tuple[I64, list[Any]]]:
        """(record rows, decoded values) per chunk; values may hold None (JSON null)."""
        for start in range(0, len(self.values), CHUNK):
            part = self.values[start : start + CHUNK]
            decoded = _decode(part, kind) if self.raw else part
            rows = self.rows[start : start + len(part)]
            if self.track_missing:
                self.missing.update(rows[none_rows(decoded)].tolist())
            yield rows, decoded


def _decode(raws: Sequence[Any], kind: Any) -> list[Any]:
    text = b"[" + b",".join(raws) + b"]"
    try:
        decoded: list[Any] = msgspec.json.decode(text, type=kind)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise Mistyped(str(exc)) from exc
    return decoded


def _owned(ragged: Ragged, rows: I64) -> Ragged:
    ragged.owner = rows[ragged.owner]
    return ragged


def _collect_rles(chunk: list[Any], rows: I64, out: dict[int, CocoRle]) -> None:
    if CocoRle in set(map(type, chunk)):
        found = [(i, v) for i, v in enumerate(chunk) if v.__class__ is CocoRle]
        out.update((int(rows[i]), v) for i, v in found)
