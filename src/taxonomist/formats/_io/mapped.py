"""Locations in a JSON file too big to hold: pointer -> byte offset -> line and column, read
from the file on demand instead of from its bytes in memory.

``JsonLocator`` needs the whole document as bytes, and finding an item of a big top-level
list decodes that list whole. A file read in parts (``formats.coco.stream``) knows better:
where its big list lies (``span``) and where each chunk of it starts and which item comes
first there. ``MappedLocator`` finds item ``i`` by decoding only its chunk (into raw item
slices, kept as two offset arrays per chunk), and walks inside the item with a
``JsonLocator`` over the item's own bytes. Everything outside the big list is located in a
copy of the file with the list cut out (``[]`` in its place), offsets mapped back. Lines
and columns come from one pass over the file in 1 MB blocks (newlines, the last newline
and UTF-8 continuation bytes per block), so a location reads at most two blocks.

Offsets are those of ``JsonLocator`` over the same bytes (a byte-order mark excluded, as
``fix_encoding`` strips it), so line:col are identical to the in-memory path's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from taxonomist.core.pointer import pointer, split
from taxonomist.formats._io.locate import JsonLocator

_BLOCK = 1 << 20
_ITEMS: Any = list[msgspec.Raw]


def read_at(path: Path, offset: int, size: int) -> bytes:
    """``size`` bytes of ``path`` from ``offset`` (fewer at its end)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.pread(fd, size, offset)
    finally:
        os.close(fd)


class MappedLocator(JsonLocator):
    """A ``JsonLocator`` for the document ``path[base:]`` whose top-level list ``name``
    spans ``span`` (document offsets of its ``[`` and one past its ``]``) and is cut into
    chunks: chunk ``c`` holds items ``firsts[c]...`` and starts at document offset
    ``starts[c]`` and ends at ``ends[c]`` (items separated by commas, no brackets)."""

    def __init__(  # noqa: PLR0917 - each argument is a different fact about the file
        self,
        source: str,
        path: Path,
        base: int,
        name: str,
        span: tuple[int, int],
        chunks: tuple[Any, Any, Any],
    ) -> None:
        super().__init__(source)
        self._file = path
        self._base = base
        self._name = name
        self._span = span
        self._starts, self._ends, self._firsts = chunks
        self._count = int(self._firsts[-1]) if len(self._firsts) else 0  # items in all
        self._chunk_items: dict[int, tuple[Any, Any]] = {}
        self._outer: JsonLocator | None = None
        self._blocks: _Blocks | None = None

    def size(self) -> int | None:
        """Bytes of the document (known without reading it)."""
        return self._file.stat().st_size - self._base

    def offset(self, ptr: str) -> int | None:
        tokens = split(ptr)
        index = _index(tokens[1]) if len(tokens) >= 2 and tokens[0] == self._name else None
        if index is not None and index < self._count:
            start, end = self._item(index)
            item = self._read(start, end - start)
            inner = JsonLocator(self.source, item).offset(pointer(*tokens[2:]))
            return start + (inner or 0)
        found = self._outside().offset(ptr)
        if found is None:
            return None
        low, high = self._span
        if found < low:
            return found
        return low if found < low + 2 else found - (low + 2) + high

    def line_col(self, ptr: str) -> tuple[int, int] | None:
        found = self.offset(ptr)
        if found is None:
            return None
        if self._blocks is None:
            self._blocks = _Blocks(self._file, self._base)
        return self._blocks.line_col(found)

    def _read(self, offset: int, size: int) -> bytes:
        return read_at(self._file, self._base + offset, size)

    def _item(self, index: int) -> tuple[int, int]:
        chunk = int(np.searchsorted(self._firsts, index, side="right")) - 1
        if chunk not in self._chunk_items:
            start = int(self._starts[chunk])
            text = b"[" + self._read(start, int(self._ends[chunk]) - start) + b"]"
            raws = msgspec.json.decode(text, type=_ITEMS)
            lengths = np.fromiter(map(len, raws), np.int64, len(raws))
            begins = _evenly_spaced(text, lengths)
            if begins is None:  # uneven spacing: ask each item where it lies
                base = _address(text)
                begins = np.fromiter((_address(r) - base for r in raws), np.int64, len(raws))
            begins -= 1  # offsets in the chunk, without the "[" added above
            self._chunk_items[chunk] = (begins + start, begins + start + lengths)
        begins, ends = self._chunk_items[chunk]
        at = index - int(self._firsts[chunk])
        return int(begins[at]), int(ends[at])

    def _outside(self) -> JsonLocator:
        """A locator over the document with the big list cut out (kept: small)."""
        if self._outer is None:
            low, high = self._span
            rest = (self.size() or 0) - high
            text = self._read(0, low) + b"[]" + self._read(high, rest)
            self._outer = JsonLocator(self.source, text)
        return self._outer


class _Blocks:
    """Newline and character counts of a file, per 1 MB block, from one pass."""

    def __init__(self, path: Path, base: int) -> None:
        self.path, self.base = path, base
        newlines: list[int] = []
        last: list[int] = []  # the last newline before each block ends, -1: none yet
        continuation: list[int] = []
        seen = -1
        with path.open("rb") as file:
            file.seek(base)
            at = 0
            while block := file.read(_BLOCK):
                newlines.append(block.count(b"\n"))
                found = block.rfind(b"\n")
                seen = at + found if found >= 0 else seen
                last.append(seen)
                continuation.append(_continuation(block))
                at += len(block)
        self.size = at
        self.newlines = np.concatenate(([0], np.cumsum(newlines, dtype=np.int64)))
        self.last = np.array([-1, *last], np.int64)  # [b]: last newline before block b
        self.continuation = np.concatenate(([0], np.cumsum(continuation, dtype=np.int64)))

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.size))
        block = offset // _BLOCK
        head = read_at(self.path, self.base + block * _BLOCK, offset - block * _BLOCK)
        line = int(self.newlines[block]) + head.count(b"\n") + 1
        found = head.rfind(b"\n")
        line_start = block * _BLOCK + found + 1 if found >= 0 else int(self.last[block]) + 1
        return line, self._chars(offset) - self._chars(line_start) + 1

    def _chars(self, offset: int) -> int:
        block = offset // _BLOCK
        head = read_at(self.path, self.base + block * _BLOCK, offset - block * _BLOCK)
        return offset - int(self.continuation[block]) - _continuation(head)


def _continuation(data: bytes) -> int:
    """UTF-8 continuation bytes in ``data`` (they start no character)."""
    if data.isascii():
        return 0
    view = np.frombuffer(data, np.uint8)
    return int(np.count_nonzero((view & 0xC0) == 0x80))


_SPACING = np.zeros(256, bool)
_SPACING[list(b" \t\r\n,")] = True  # what may lie between two items of a JSON list
_WIDEST_GAP = 64
_WHITESPACE = re.compile(rb"[ \t\r\n]*")


def _evenly_spaced(text: bytes, lengths: Any) -> Any:
    """Where each item of the JSON list ``text`` begins, when every gap between two items is
    as wide (``,`` in a minified file, ``,\n    `` in an indented one), else None. The guess
    is proved, not trusted: every byte of every gap is spacing or the comma, and no item
    begins with one, so the items can lie nowhere else. One vectorised pass instead of a
    pointer read per item (about 1.4 µs each, a second per million items)."""
    count = len(lengths)
    view = np.frombuffer(text, np.uint8)
    spaces = _WHITESPACE.match(text, 1)  # always matches (perhaps nothing)
    lead = spaces.end() - 1 if spaces else 0
    tail = _trailing_whitespace(text)
    spare = len(text) - 2 - lead - tail - int(lengths.sum())
    if count == 0 or spare < count - 1 or (count > 1 and spare % (count - 1)):
        return None
    gap = spare // (count - 1) if count > 1 else 0
    if gap > _WIDEST_GAP:
        return None
    begins = np.empty(count, np.int64)
    begins[0] = 1 + lead
    np.cumsum(lengths[:-1] + gap, out=begins[1:])
    begins[1:] += 1 + lead
    if _SPACING[view[begins]].any():
        return None
    if gap:
        ends = begins[:-1] + lengths[:-1]
        spans = ends[:, None] + np.arange(gap)
        if not _SPACING[view[spans]].all():
            return None
    return begins


def _trailing_whitespace(text: bytes) -> int:
    """Whitespace bytes before the closing ``]`` (counted from the end: no copy)."""
    at = len(text) - 2
    while at > 0 and text[at] in b" \t\r\n":
        at -= 1
    return len(text) - 2 - at


def _address(buffer: Any) -> int:
    return int(np.frombuffer(buffer, np.uint8).ctypes.data)


def _index(token: str) -> int | None:
    if token.isascii() and token.isdigit() and len(token) < 19:
        return int(token)
    return None
