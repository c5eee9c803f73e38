"""Big COCO files read in parts, in bounded memory, with the findings of a whole read.

Read whole, a COCO file peaks at about four times its size (bytes, structs, columns). From
``core.limits.STREAM_THRESHOLD`` on (or with ``taxonomist check --stream``) it is read so:

1. **Skeleton.** The file is mapped read-only and decoded by msgspec into a struct whose
   ``annotations`` is ``msgspec.Raw``: the whole JSON is validated, the annotations skipped
   (their byte span is the Raw's address minus the mapping's), images and categories built
   as usual. Then the mapping's pages are given back (``MADV_DONTNEED``).
2. **Index.** The annotations span is cut into chunks of ``chunk_bytes`` at item boundaries:
   the last ``}`` followed by a comma before the target end. A cut inside a nested object or
   a string leaves ``[`` + chunk + ``]`` unbalanced, so the decode fails and the previous
   candidate is tried; after a few misses the boundary is found by a string-aware scan.
   Each chunk is decoded into a light struct (id, image_id, which geometry is present), so
   every annotation's image row and id land in compact numpy arrays.
3. **Parts.** Images are grouped into parts of at most ``part_objects`` annotations. When
   each image's annotations are contiguous (exported files are), a part is a run of chunks,
   each chunk decoded once more; otherwise every part decodes every chunk and keeps its own
   rows (one pass per part). Annotations of no image go to part 0; an image without
   annotations goes with the part of the image before it.
4. **One Dataset per part**, yielded lazily: its images (with their row-keyed facts), all
   categories, its objects (built chunk by chunk with the in-memory builders, joined with
   ``Objects.concat``). A chunk whose typed decode fails goes through the tolerant path
   alone, so its bad records are S-findings at their pointers. Pointers are the file's
   (``/annotations/<index in the file>``), lines and columns come from ``MappedLocator``.
5. **Across parts.** Repeated annotation and image ids are found over the whole file
   (``Dataset.repeated_objects``/``repeated_images``); what is about no row (categories,
   the file) is made by the reader once (with part 0), and by the rules for the first part
   that makes it (``Dataset.part``, ``check.context.Context.at``).

Anything the skeleton cannot take (a syntax error, a mistyped image or category list, a
BOM other than UTF-8's, a results list, panoptic or captions files, an annotation that is
not an object) is read whole instead, which reports it precisely.
"""

from __future__ import annotations

import codecs
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import orjson

from taxonomist.core.findings import Finding
from taxonomist.core.limits import Streaming
from taxonomist.core.memory import gc_paused
from taxonomist.dataset.ids import duplicate_rows
from taxonomist.dataset.model import I64, Category, Dataset, Images, Objects, Part
from taxonomist.formats._io.declared import declared
from taxonomist.formats._io.json import DUPLICATE_CHECK_LIMIT, duplicate_keys, fix_encoding
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats._io.mapped import MappedLocator, read_at
from taxonomist.formats.coco.build import _federated, build_images, build_objects
from taxonomist.formats.coco.categories import categories as build_categories
from taxonomist.formats.coco.context import Columns, Context, Section, image_locator, object_locator
from taxonomist.formats.coco.decode import CocoAnnRaw, CocoImage
from taxonomist.formats.coco.geometry import Mistyped
from taxonomist.formats.coco.tolerant import annotations_at

FORMAT = "coco"
_MISSES = 4  # candidate cuts tried before the exact scan
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SPACE = b" \t\r\n"
_RECORDS: Any = list[CocoAnnRaw]


class Skeleton(msgspec.Struct, gc=False):
    """A COCO document with its annotations left as raw JSON."""

    images: list[CocoImage] | None = None
    annotations: msgspec.Raw = msgspec.Raw()
    categories: list[dict[str, Any]] | None = None
    info: Any = None


class _Light(msgspec.Struct, gc=False):
    """What the index pass needs of an annotation."""

    id: Any = None
    image_id: Any = None
    bbox: msgspec.Raw = msgspec.Raw()
    segmentation: msgspec.Raw = msgspec.Raw()
    keypoints: msgspec.Raw = msgspec.Raw()
    caption: Any = None


_LIGHT: Any = list[_Light]


class _Unstreamable(Exception):
    """The file cannot be read in parts: read it whole."""


@dataclass(slots=True)
class _Chunk:
    start: int  # document offsets of the chunk's first and past its last item
    end: int
    first: int  # index of its first annotation in the file
    count: int
    parts: frozenset[int] = frozenset()


@dataclass(slots=True)
class _Plan:
    """What the skeleton and the index pass learnt about the file."""

    path: Path
    source: str
    base: int  # bytes of a BOM before the document
    images: Images
    categories: list[Category]
    info: Any
    kind: str
    chunks: list[_Chunk]
    image_of: I64  # per annotation: its image row, -1 none
    repeated: Any  # per annotation: bool, its id repeats an earlier annotation's
    repeated_images: set[int]
    ann_part: Any  # per annotation: its part
    image_part: Any  # per image row: its part
    parts: int
    locator: MappedLocator
    reported: set[str]
    findings: list[Finding] = field(default_factory=list)


def read(path: Path, options: Streaming) -> Iterator[Dataset] | None:
    """The parts of ``path`` as datasets, or None when it must be read whole."""
    try:
        plan = _plan(path, options)
    except (_Unstreamable, OSError, ValueError):
        return None
    return _parts(plan)


def _plan(path: Path, options: Streaming) -> _Plan:
    source = str(path)
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        base, findings = _bom(mm, source)
        skeleton, span = _skeleton(mm, base)
        size = len(mm) - base
        small = bytes(mm[base:]) if size <= DUPLICATE_CHECK_LIMIT else None
        _release(mm)
    images_raw, cats_raw, info = skeleton.images or [], skeleton.categories, skeleton.info
    del skeleton
    low, high = span
    chunks, light = _index(path, base, span, options.chunk_bytes)
    starts = np.array([c.start for c in chunks], np.int64)
    ends = np.array([c.end for c in chunks], np.int64)
    firsts = np.array([c.first for c in chunks] + [sum(c.count for c in chunks)], np.int64)
    locator = MappedLocator(source, path, base, "annotations", (low, high), (starts, ends, firsts))
    if small is not None:
        findings += duplicate_keys(small, source, JsonLocator(source, small))
    ctx = Context(source, locator, set(), raw_geometry=True, findings=findings)
    with gc_paused():
        images = build_images(images_raw, ctx)
        categories = build_categories(cats_raw, ctx)
        _federated(images_raw, images, categories, ctx)
    del images_raw
    kind = _kind(light, categories)
    image_of = light.image_rows(images.ids)
    repeated = np.zeros(len(image_of), np.bool_)
    repeated[light.repeated_rows()] = True
    ann_part, image_part, parts = plan_parts(image_of, len(images), options.part_objects)
    for chunk in chunks:
        chunk.parts = frozenset(
            np.unique(ann_part[chunk.first : chunk.first + chunk.count]).tolist()
        )
    return _Plan(
        path, source, base, images, categories, info, kind, chunks, image_of, repeated,
        set(duplicate_rows(images.ids)), ann_part, image_part, parts, locator, ctx.reported,
        ctx.findings,
    )  # fmt: skip


def _bom(mm: mmap.mmap, source: str) -> tuple[int, list[Finding]]:
    head = mm[:4]
    if head.startswith(codecs.BOM_UTF8):
        return 3, fix_encoding(codecs.BOM_UTF8, source)[1]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Unstreamable("UTF-16/32")
    return 0, []


def _skeleton(mm: mmap.mmap, base: int) -> tuple[Skeleton, tuple[int, int]]:
    view = memoryview(mm)[base:]
    try:
        with gc_paused():
            skeleton = msgspec.json.decode(view, type=Skeleton)
    except (msgspec.DecodeError, UnicodeDecodeError):
        skeleton = None
    span, opens = (0, 0), b""
    if skeleton is not None:
        raw = memoryview(skeleton.annotations)
        low = _address(raw) - _address(view) if len(raw) > 0 else 0
        span, opens = (low, low + len(raw)), bytes(raw[:1])
        raw.release()
        skeleton.annotations = msgspec.Raw()  # the last reference into the mapping
    view.release()
    if skeleton is None:
        raise _Unstreamable("the skeleton does not decode")
    if opens != b"[":
        raise _Unstreamable("no annotations list")
    if mm.find(b'"segments_info"', base) >= 0:
        raise _Unstreamable("panoptic")
    return skeleton, span


def _release(mm: mmap.mmap) -> None:
    """Give the mapping's pages back: the skeleton touched every one of them."""
    if hasattr(mmap, "MADV_DONTNEED"):
        mm.madvise(mmap.MADV_DONTNEED)


def _address(buffer: Any) -> int:
    return int(np.frombuffer(buffer, np.uint8).ctypes.data)


# --- the index pass -------------------------------------------------------------------


class _LightIndex:
    """Ids, image ids and geometry presence of every annotation, chunk by chunk."""

    def __init__(self) -> None:
        self.ids: list[Any] = []  # per chunk: int64 array, or a list of other ids
        self.image_ids: list[list[Any]] = []
        self.present = {"bbox": False, "segmentation": False, "keypoints": False}
        self.caption = False
        self.count = 0

    def add(self, records: list[_Light]) -> None:
        ids = [r.id if type(r.id) in (int, str) else None for r in records]
        if None in ids:  # read as the builder does: "#<row>", never repeated
            ids = [f"#{self.count + i}" if v is None else v for i, v in enumerate(ids)]
        self.ids.append(_compact(ids))
        self.image_ids.append([r.image_id for r in records])
        for name, seen in self.present.items():
            if not seen:
                self.present[name] = any(len(getattr(r, name)) for r in records)
        self.caption = self.caption or any(r.caption is not None for r in records)
        self.count += len(records)

    def image_rows(self, table: list[Any]) -> I64:
        """Each annotation's image row (first image with its id; -1 none), as
        ``formats._io.columns.index_rows`` gives it, chunk by chunk."""
        lookup = _Lookup(table)
        rows = [lookup(keys) for keys in self.image_ids]
        self.image_ids = []
        return np.concatenate(rows) if rows else np.zeros(0, np.int64)

    def repeated_rows(self) -> list[int]:
        """Annotations whose id an earlier one has."""
        if all(isinstance(a, np.ndarray) for a in self.ids):
            ids: Any = np.concatenate(self.ids) if self.ids else np.zeros(0, np.int64)
        else:
            ids = [
                v
                for part in self.ids
                for v in (part.tolist() if isinstance(part, np.ndarray) else part)
            ]
        self.ids = []
        return duplicate_rows(ids)


def _compact(ids: list[Any]) -> Any:
    if all(type(v) is int for v in ids):
        try:
            return np.array(ids, np.int64)
        except OverflowError:
            return ids
    return ids


class _Lookup:
    """``index_rows(keys, table)`` for many key lists against one table, built once."""

    def __init__(self, table: list[Any]) -> None:
        self.table = table
        self.ints: Any = None
        if table and all(type(v) is int for v in table):
            try:
                t = np.array(table, np.int64)
            except OverflowError:
                t = None
            if t is not None:
                order = np.argsort(t, kind="stable")
                self.ints = (t[order], order)
        self.dict: dict[tuple[type, Any], int] | None = None

    def __call__(self, keys: list[Any]) -> I64:
        if self.ints is not None and all(type(k) is int for k in keys):
            try:
                k = np.array(keys, np.int64) if keys else np.zeros(0, np.int64)
            except OverflowError:
                k = None
            if k is not None:
                ordered, order = self.ints
                pos = np.minimum(np.searchsorted(ordered, k), len(ordered) - 1)
                found: I64 = np.where(ordered[pos] == k, order[pos], -1).astype(np.int64)
                return found
        if self.dict is None:
            self.dict = {}
            for row, key in enumerate(self.table):
                if key is not None and isinstance(key, int | str):
                    self.dict.setdefault((type(key), key), row)
        lookup = self.dict
        return np.fromiter(
            (lookup.get((type(k), k), -1) if isinstance(k, int | str) else -1 for k in keys),
            np.int64,
            len(keys),
        )


def _index(
    path: Path, base: int, span: tuple[int, int], chunk_bytes: int
) -> tuple[list[_Chunk], _LightIndex]:
    """Cut the annotations into chunks and index them."""
    light = _LightIndex()
    chunks: list[_Chunk] = []
    start, end = _inner(path, base, span)
    pos = start
    with gc_paused():
        while pos < end:
            cut, records = _cut(path, base, pos, end, chunk_bytes)
            chunks.append(_Chunk(pos, cut, light.count, len(records)))
            light.add(records)
            pos = _after_comma(path, base, cut, end)
    return chunks, light


def _inner(path: Path, base: int, span: tuple[int, int]) -> tuple[int, int]:
    """Document offsets of the first item and past the last one (brackets excluded)."""
    low, high = span
    start = _skip_space(path, base, low + 1, high - 1)
    tail = read_at(path, base + max(start, high - 1 - 4096), max(0, min(4096, high - 1 - start)))
    return start, high - 1 - (len(tail) - len(tail.rstrip(_SPACE)))


def _after_comma(path: Path, base: int, cut: int, end: int) -> int:
    """Where the item after the one ending at ``cut`` starts."""
    if cut >= end:
        return end
    at = _skip_space(path, base, cut, end)
    if read_at(path, base + at, 1) != b",":
        raise _Unstreamable("no comma after an item")
    return _skip_space(path, base, at + 1, end)


def _skip_space(path: Path, base: int, pos: int, end: int) -> int:
    while pos < end:
        text = read_at(path, base + pos, min(4096, end - pos))
        stripped = text.lstrip(_SPACE)
        pos += len(text) - len(stripped)
        if stripped:
            break
    return pos


def _cut(path: Path, base: int, pos: int, end: int, size: int) -> tuple[int, list[_Light]]:
    """(end of the chunk from ``pos``, its records); the last chunk ends at ``end``."""
    while True:
        if end - pos <= size + size // 2:
            return end, _decode(read_at(path, base + pos, end - pos))
        window = read_at(path, base + pos, size)
        found = _candidates(window)
        if found is not None:
            at, records = found
            return pos + at, records
        size *= 2  # one item longer than the window


def _candidates(window: bytes) -> tuple[int, list[_Light]] | None:
    """The last item boundary in ``window``: cheap candidates first, then an exact scan."""
    limit, tried = len(window), 0
    while tried < _MISSES:
        at = window.rfind(b"}", 0, limit)
        if at < 0:
            break
        limit = at
        if not window[at + 1 :].lstrip(_SPACE).startswith(b","):
            continue
        tried += 1
        records = _try(window[: at + 1])
        if records is not None:
            return at + 1, records
    for at in reversed(_item_ends(window)):
        records = _try(window[:at])
        if records is not None:
            return at, records
    return None


def _item_ends(window: bytes) -> list[int]:
    """Offsets just past each top-level item's closing brace, strings skipped (an
    unterminated string at the window's end may add false ends: callers decode to check)."""
    ends, depth = [], 0
    for match in _TOKENS.finditer(window):
        char = window[match.start()]
        if char in b"[{":
            depth += 1
        elif char in b"]}":
            depth -= 1
            if depth == 0 and char == ord("}"):
                ends.append(match.end())
    return ends


def _try(text: bytes) -> list[_Light] | None:
    try:
        return _decode(text)
    except _Unstreamable:
        return None


def _decode(text: bytes) -> list[_Light]:
    try:
        records: list[_Light] = msgspec.json.decode(b"[" + text + b"]", type=_LIGHT)
    except msgspec.ValidationError as exc:  # an item that is not an object
        raise _Unstreamable(str(exc)) from exc
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise _Unstreamable(str(exc)) from exc
    return records


def _kind(light: _LightIndex, categories: list[Category]) -> str:
    """The variant, as ``formats.coco.build`` tells it from all the annotations."""
    if not light.count:
        return "image_info" if not categories else "instances"
    if light.caption:
        raise _Unstreamable("captions")
    if any(c.keypoints is not None for c in categories) or light.present["keypoints"]:
        return "keypoints"
    if not (light.present["bbox"] or light.present["segmentation"]):
        return "labels"
    return "instances"


# --- parts ----------------------------------------------------------------------------


def plan_parts(image_of: I64, images: int, limit: int) -> tuple[Any, Any, int]:
    """(part of each annotation, part of each image row, parts): at most ``limit``
    annotations per part unless one image has more; contiguous runs of annotations when
    each image's annotations are contiguous, else groups of image rows."""
    n = len(image_of)
    limit = max(1, limit)
    if n == 0:
        return np.zeros(0, np.int32), np.zeros(images, np.int32), 1
    starts = np.concatenate(([0], np.flatnonzero(image_of[1:] != image_of[:-1]) + 1))
    runs = image_of[starts]
    real = runs[runs >= 0]
    if len(np.unique(real)) == len(real):  # grouped by image
        bounds = np.append(starts, n)
        ann_part = np.repeat(np.arange(len(cuts := _cuts(bounds, limit)) - 1), np.diff(cuts))
        ann_part = ann_part.astype(np.int32)
        image_part = np.full(images, -1, np.int32)
        valid = image_of >= 0
        image_part[image_of[valid]] = ann_part[valid]
        return ann_part, _fill(image_part), len(cuts) - 1
    counts = np.bincount(image_of[image_of >= 0], minlength=images)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    cuts = _cuts(bounds, limit)  # in annotation counts: image rows cut where they fall
    by_image: Any = np.searchsorted(cuts, bounds[:-1], side="right") - 1
    by_image = np.clip(by_image, 0, max(len(cuts) - 2, 0)).astype(np.int32)
    by_ann: Any = np.where(image_of >= 0, by_image[np.maximum(image_of, 0)], 0)
    return by_ann.astype(np.int32), by_image, int(by_image.max(initial=0)) + 1


def _cuts(bounds: Any, limit: int) -> list[int]:
    """Cut points among ``bounds`` (ascending, from 0 to the total) at most ``limit``
    apart where possible."""
    cuts, at, total = [0], 0, int(bounds[-1])
    while at < total:
        reach = int(np.searchsorted(bounds, at + limit, side="right")) - 1
        nxt = int(bounds[reach])
        if nxt <= at:  # one group larger than the limit: alone
            nxt = int(bounds[np.searchsorted(bounds, at, side="right")])
        cuts.append(nxt)
        at = nxt
    return cuts


def _fill(image_part: Any) -> Any:
    """Images without annotations go with the part of the image before them."""
    rows = np.where(image_part >= 0, np.arange(len(image_part)), 0)
    np.maximum.accumulate(rows, out=rows)
    filled = image_part[rows]
    filled[filled < 0] = 0
    return filled


def _parts(plan: _Plan) -> Iterator[Dataset]:
    told: dict[tuple[Any, ...], int] = {}
    for k in range(plan.parts):
        dataset = _part(plan, k)
        dataset.part = Part(k, plan.parts, told)
        yield dataset
        del dataset


def _part(plan: _Plan, k: int) -> Dataset:
    rows = np.flatnonzero(plan.image_part == k)
    images = plan.images.take(rows)
    findings = plan.findings if k == 0 else []
    ctx = Context(
        plan.source, plan.locator, plan.reported, rows.tolist(), raw_geometry=True,
        findings=findings,
    )  # fmt: skip
    pieces: list[Objects] = []
    where: list[I64] = []
    with gc_paused():
        for chunk in plan.chunks:
            if k in chunk.parts:
                objects, index = _piece(plan, chunk, k, images, ctx)
                pieces.append(objects)
                where.append(index)
        if not pieces:
            empty = Section("/annotations", [])
            pieces.append(
                build_objects(Columns([]), images, plan.categories, ctx, empty, plan.kind)
            )
            where.append(np.zeros(0, np.int64))
    objects = Objects.concat(pieces)
    del pieces
    index = np.concatenate(where)
    repeated = np.flatnonzero(plan.repeated[index]).tolist()
    local = {int(r): i for i, r in enumerate(rows.tolist())}
    named = declared(plan.info, "/info")

    def ptr(row: int) -> str:
        return f"/annotations/{index[row]}"

    return Dataset(
        plan.source,
        FORMAT,
        images,
        plan.categories,
        objects,
        findings=ctx.findings,
        locate_object=object_locator(ctx, images, objects, ptr),
        locate_image=image_locator(ctx, images),
        kind=plan.kind,
        taxonomy=named.name,
        taxonomy_version=named.version,
        taxonomy_version_pointer=named.version_pointer,
        crowd_is_rle=True,
        repeated_objects=repeated,
        repeated_images=sorted(local[r] for r in plan.repeated_images if r in local),
    )


def _piece(plan: _Plan, chunk: _Chunk, k: int, images: Images, ctx: Context) -> tuple[Objects, I64]:
    """Part ``k``'s objects of one chunk and their indices in the file."""
    mine = plan.ann_part[chunk.first : chunk.first + chunk.count] == k
    local = np.flatnonzero(mine)
    index = local + chunk.first
    text = b"[" + read_at(plan.path, plan.base + chunk.start, chunk.end - chunk.start) + b"]"
    everything = len(local) == chunk.count
    try:
        records = msgspec.json.decode(text, type=_RECORDS)
        picked = records if everything else [records[i] for i in local.tolist()]
        del records
        section = Section("/annotations", index.tolist())
        cols = Columns(picked)
        objects = build_objects(cols, images, plan.categories, ctx, section, plan.kind)
        return _file_rows(objects, cols, index), index
    except (msgspec.ValidationError, Mistyped):
        pass
    return _tolerant_piece(plan, text, local, index, images, ctx)


def _tolerant_piece(  # noqa: PLR0917
    plan: _Plan, text: bytes, local: I64, index: I64, images: Images, ctx: Context
) -> tuple[Objects, I64]:
    """A chunk with a mistyped field, record by record (``formats.coco.tolerant``)."""
    try:
        values = orjson.loads(text)
    except orjson.JSONDecodeError:  # a number orjson cannot hold (beyond 64 bits)
        values = msgspec.json.decode(text)
    picked = [values[i] for i in local.tolist()]
    del values
    anns, kept, found = annotations_at(picked, index.tolist(), plan.locator, plan.reported)
    ctx.findings.extend(found)
    slow = Context(
        ctx.source, ctx.locator, ctx.reported, ctx.image_index, raw_geometry=False,
        findings=ctx.findings,
    )  # fmt: skip
    section = Section("/annotations", kept)
    cols = Columns(anns)
    objects = build_objects(cols, images, plan.categories, slow, section, plan.kind)
    where = np.array(kept, np.int64)
    return _file_rows(objects, cols, where), where


def _file_rows(objects: Objects, cols: Columns, index: I64) -> Objects:
    """An annotation without an id is ``#<row>`` by its row in the file, as a whole read
    names it, not by its row in the piece."""
    ids = cols["id"]
    if None in ids:
        rows = index.tolist()
        objects.ids = [f"#{rows[i]}" if v is None else v for i, v in enumerate(ids)]
    return objects
