"""JSON pointer -> byte offset -> line and column, computed only when a finding asks.

Parsers that build values (orjson, msgspec) keep no positions, and recording them for every
value would cost as much as the parse. Instead ``JsonLocator`` walks down the pointer by
decoding only the containers on its path into ``msgspec.Raw`` views (zero-copy slices of
the file's bytes, so a view's address minus the buffer's address is its offset). A big
container on the way (``/annotations`` with a million items) is decoded once and cached.
Correct for pretty-printed and minified files alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from taxonomist.core.findings import Location
from taxonomist.core.pointer import escape, pointer, split

_CACHE_MIN_BYTES = 64 * 1024
_WHITESPACE = b" \t\r\n"


def line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` in ``data``."""
    offset = max(0, min(offset, len(data)))
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, line_start) + 1
    return line, _characters(data, line_start, offset) + 1


def _characters(data: bytes, start: int, end: int) -> int:
    # UTF-8 continuation bytes (0b10xxxxxx) start no character.
    chunk = data[start:end]
    if chunk.isascii():
        return end - start
    view = np.frombuffer(chunk, np.uint8)
    return int(np.count_nonzero((view & 0xC0) != 0x80))


class JsonLocator:
    """Locations inside one JSON document, from pointers, lazily.

    ``data`` may be omitted (or released with ``release()``) to save memory: the file at
    ``path`` is then re-read on the first request. ``first_line`` shifts line numbers for a
    document that starts inside a bigger file (one record of a JSON Lines file).
    """

    def __init__(
        self,
        source: str,
        data: bytes | None = None,
        path: Path | None = None,
        first_line: int = 1,
        lists: tuple[str, ...] = (),
    ) -> None:
        self.source = source
        self._data = data
        self._path = path
        self._first_line = first_line
        self._cache: dict[str, tuple[int, Any]] = {}
        # Top-level keys holding big lists (COCO's "annotations"): their items are found
        # with one pass over the file instead of two (the root, then the list).
        self._lists = lists
        self._items: dict[str, list[Any]] | None = None
        self._lines: _LineIndex | None = None
        # A reader that knows where items are (from its own decode) spares that pass.
        self._finders: dict[str, Callable[[bytes, int], tuple[int, int] | None]] = {}

    def set_item_finder(
        self, name: str, finder: Callable[[bytes, int], tuple[int, int] | None]
    ) -> None:
        """Find items of the top-level list ``name`` with ``finder(data, index)`` -> (start,
        end) byte offsets, or None to fall back to the one pass. Valid for the bytes held
        now: ``release()`` drops it."""
        self._finders[name] = finder

    def release(self) -> None:
        """Drop the bytes (they are re-read from ``path`` if a location is asked for)."""
        if self._path is not None:
            self._data = None
            self._cache.clear()
            self._lines = None
            self._items = None
            self._finders.clear()

    def size(self) -> int | None:
        """Bytes of the document when they are in memory (no file is read to tell)."""
        return None if self._data is None else len(self._data)

    def locate(self, ptr: str, **fields: str | None) -> Location:
        """A Location with the pointer and, when it can be found, line and column."""
        line = column = None
        found = self.line_col(ptr)
        if found is not None:
            line, column = found
        return Location(file=self.source, line=line, column=column, pointer=ptr, **fields)

    def line_col(self, ptr: str) -> tuple[int, int] | None:
        data = self._bytes()
        offset = None if data is None else self.offset(ptr)
        if data is None or offset is None:
            return None
        if self._lines is None:
            self._lines = _LineIndex(data)
        line, column = self._lines.line_col(offset)
        return line + self._first_line - 1, column

    def offset(self, ptr: str) -> int | None:
        """Byte offset of the value at ``ptr`` (of its nearest existing ancestor)."""
        data = self._bytes()
        if data is None:
            return None
        base = _address(data)
        start, end = _skip_space(data, 0), len(data)
        prefix = ""
        tokens = split(ptr)
        item = self._list_item(data, tokens)
        if item is not None:
            start, end = _address(item) - base, _address(item) - base + len(item)
            prefix = pointer(*tokens[:2])
            tokens = tokens[2:]
        for token in tokens:
            child = self._child(data, prefix, start, end, token)
            if child is None:
                break
            start = _address(child) - base
            end = start + len(child)
            prefix += "/" + escape(token)
        return start

    def _list_item(self, data: bytes, tokens: list[str]) -> Any:
        index = _index(tokens[1]) if len(tokens) >= 2 else None
        if index is None or tokens[0] not in self._lists:
            return None
        finder = self._finders.get(tokens[0])
        span = None if finder is None else finder(data, index)
        if span is not None:
            return memoryview(data)[span[0] : span[1]]
        if self._items is None:
            fields: list[tuple[str, Any, Any]] = [(n, list[msgspec.Raw], []) for n in self._lists]
            root = msgspec.defstruct("Root", fields)
            try:
                decoded = msgspec.json.decode(data, type=root)
            except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
                decoded = None
            self._items = {n: getattr(decoded, n) for n in self._lists} if decoded else {}
        items = self._items.get(tokens[0], [])
        return items[index] if index < len(items) else None

    def _bytes(self) -> bytes | None:
        if self._data is None and self._path is not None:
            try:
                self._data = self._path.read_bytes()
            except OSError:
                return None
        return self._data

    def _child(self, data: bytes, prefix: str, start: int, end: int, token: str) -> Any:
        container = self._container(data, prefix, start, end)
        if isinstance(container, dict):
            return container.get(token)
        index = _index(token)
        if isinstance(container, list) and index is not None and index < len(container):
            return container[index]
        return None

    def _container(self, data: bytes, prefix: str, start: int, end: int) -> Any:
        if prefix in self._cache and self._cache[prefix][0] == start:
            return self._cache[prefix][1]
        kind: Any = {ord("{"): dict[str, msgspec.Raw], ord("["): list[msgspec.Raw]}.get(
            data[start] if start < len(data) else -1
        )
        if kind is None:
            return None
        try:
            value = msgspec.json.decode(memoryview(data)[start:end], type=kind)
        except (msgspec.DecodeError, UnicodeDecodeError):
            return None
        if end - start >= _CACHE_MIN_BYTES:
            self._cache[prefix] = (start, value)
        return value


class _LineIndex:
    """Line starts (and, for non-ASCII text, character counts) of one buffer, built once so
    that each location costs a binary search instead of a scan of the file: a minified
    file is one line of hundreds of megabytes."""

    _BLOCK = 1 << 16

    def __init__(self, data: bytes) -> None:
        self.data = data
        view = np.frombuffer(data, np.uint8)
        self.newlines = _newlines(data, view)
        self.ascii = data.isascii()
        self.blocks: Any = None
        if not self.ascii:
            continuation = (view & 0xC0) == 0x80
            sums = np.add.reduceat(continuation, np.arange(0, len(view), self._BLOCK))
            self.blocks = np.concatenate(([0], np.cumsum(sums)))

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.data)))
        before = int(np.searchsorted(self.newlines, offset))  # newlines before offset
        line_start = 0 if before == 0 else int(self.newlines[before - 1]) + 1
        return before + 1, self._chars(offset) - self._chars(line_start) + 1

    def _chars(self, offset: int) -> int:
        if self.ascii:
            return offset
        block = offset // self._BLOCK
        start = block * self._BLOCK
        tail = np.frombuffer(self.data, np.uint8)[start:offset]
        continuation = int(self.blocks[block]) + int(np.count_nonzero((tail & 0xC0) == 0x80))
        return offset - continuation


def _newlines(data: bytes, view: Any) -> Any:
    # Block by block: one comparison over the whole file would allocate (and fault in) a
    # temporary as large as the file.
    found: list[int] = []
    at = data.find(b"\n")
    while at >= 0 and len(found) < 4096:  # minified: a few finds beat any array pass
        found.append(at)
        at = data.find(b"\n", at + 1)
    if at < 0:
        return np.array(found, np.int64)
    block = 1 << 22
    parts = [np.flatnonzero(view[a : a + block] == 10) + a for a in range(0, len(view), block)]
    return np.concatenate(parts)


def _address(buffer: Any) -> int:
    return int(np.frombuffer(buffer, np.uint8).ctypes.data)


def _skip_space(data: bytes, start: int) -> int:
    while start < len(data) and data[start] in _WHITESPACE:
        start += 1
    return start


def _index(token: str) -> int | None:
    """A pointer token as a list index: ASCII digits only ("²" and "١٢" pass ``isdigit``
    but are object keys, not indices; ``int("²")`` even raises)."""
    if token.isascii() and token.isdigit() and len(token) < 19:
        return int(token)
    return None
