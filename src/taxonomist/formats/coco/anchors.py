"""Where one annotation item starts and ends, found from the raw ``bbox`` slices the fast
path already holds instead of a second pass over the whole file.

A raw slice is a zero-copy view of the file's bytes, so its address gives its offset, and it
is a value at the top level of its item. Right after the previous item's ``bbox`` value the
JSON grammar leaves one way on: more ``, "key": value`` pairs, ``}``, ``,``, ``{`` -- the
item's start. Those few bytes are walked with the standard library's ``raw_decode``; the
same walk from the item's own ``bbox`` finds its closing brace. Anything unexpected (no
bbox, a window too long, bytes that do not parse) returns None and the locator falls back to
its one pass over the file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

_DECODER = json.JSONDecoder()
_WINDOW = 1 << 20  # bytes walked at most
_SPACE = " \t\r\n"


class ItemFinder:
    """``finder(data, index)`` -> (start, end) byte offsets of item ``index``, or None."""

    def __init__(self, raws: Sequence[Any]) -> None:
        self.raws = raws  # per item: its raw bbox (an empty Raw when absent)

    def __call__(self, data: bytes, index: int) -> tuple[int, int] | None:
        if not 1 <= index < len(self.raws):
            return None
        base = _address(data)
        before, here = self._span(index - 1, base), self._span(index, base)
        if before is None or here is None:
            return None
        after = self._span(index + 1, base) if index + 1 < len(self.raws) else None
        limit = len(data) if after is None else after[0]
        start = _walk(data, before[1], here[0], next_item=True)
        end = _walk(data, here[1], limit, next_item=False)
        return None if start is None or end is None else (start, end)

    def _span(self, index: int, base: int) -> tuple[int, int] | None:
        raw = self.raws[index]
        if not len(raw):
            return None
        start = _address(raw) - base
        return start, start + len(raw)


def _walk(data: bytes, start: int, stop: int, *, next_item: bool) -> int | None:
    """From just after a top-level value of an item: the offset just past the item's
    closing brace, or (``next_item``) of the next item's opening brace."""
    stop = min(stop, start + _WINDOW)
    try:
        text = data[start:stop].decode("utf-8")
        at = _close(text, 0)
        if next_item:
            at = _skip(text, at, ",")
            at = _skip(text, at, "{") - 1
    except (ValueError, IndexError):  # JSONDecodeError and UnicodeDecodeError included
        return None
    return start + (at if text.isascii() else len(text[:at].encode("utf-8")))


def _close(text: str, at: int) -> int:
    at = _space(text, at)
    while text[at] == ",":
        key, at = _DECODER.raw_decode(text, _space(text, at + 1))
        if not isinstance(key, str):
            raise ValueError("not a key")
        _, at = _DECODER.raw_decode(text, _space(text, _skip(text, at, ":")))
        at = _space(text, at)
    return _skip(text, at, "}")


def _skip(text: str, at: int, char: str) -> int:
    at = _space(text, at)
    if text[at] != char:
        raise ValueError(f"expected {char}")
    return at + 1


def _space(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at


def _address(buffer: Any) -> int:
    return int(np.frombuffer(buffer, np.uint8).ctypes.data)
