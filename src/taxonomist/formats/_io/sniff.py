"""The structure of a JSON document's head, so readers sniff by shape and not by substring.

A substring test cannot tell a top-level ``"annotations"`` list (COCO) from one nested inside
``items`` (Datumaro). ``json_shape(head)`` reads the first bytes of a file (possibly cut off
mid-document) into a skeleton: objects become dicts of their keys, arrays keep only their
first element, scalars become ``SCALAR``. What was cut off is simply absent. It tokenises
with one regular expression and never decodes values, so it stays cheap on the 64 KiB heads
discovery hands the readers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypeAlias

SCALAR = "scalar"
Shape: TypeAlias = "dict[str, Shape] | list[Shape] | str"

# A string, a structural character, a bare scalar (number, true, false, null), or a lone
# quote: a string cut off by the end of the head, which ends the scan.
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|"')
_LEADING = b"\xef\xbb\xbf \t\r\n"


@lru_cache(maxsize=8)
def json_shape(head: bytes) -> Shape | None:
    """The skeleton of the JSON object or array ``head`` starts, or None when it starts
    neither (``head`` may start with a UTF-8 byte-order mark).

    Discovery offers one head to every JSON reader in turn, so the skeleton is kept for the
    last few heads (a bytes object caches its hash): one scan per file, not one per reader.
    Callers read the skeleton and never change it, since the readers share it."""
    text = head.lstrip(_LEADING)
    if text[:1] not in (b"{", b"["):
        return None
    root: Shape | None = None
    stack: list[dict[str, Shape] | list[Shape]] = []
    key: str | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in (b":", b","):
            continue
        if token in (b"}", b"]"):
            stack.pop()
            if not stack:
                break
            continue
        if token == b'"':
            break  # a string cut off at the end of the head
        top = stack[-1] if stack else None
        if isinstance(top, dict) and key is None:
            key = token[1:-1].decode("utf-8", "replace")
            continue
        node: Shape = {} if token == b"{" else [] if token == b"[" else SCALAR
        if top is None:
            root = node
        elif isinstance(top, dict):
            top[key or ""] = node
        elif not top:
            top.append(node)
        key = None
        if isinstance(node, dict | list):
            stack.append(node)
    return root


def keys_of(shape: Shape | None) -> dict[str, Shape]:
    """The keys of an object shape (empty for anything else)."""
    return shape if isinstance(shape, dict) else {}


def first(shape: Shape | None) -> Shape | None:
    """The first element of an array shape (None for anything else, or an empty array)."""
    return shape[0] if isinstance(shape, list) and shape else None


def lists_in(shape: Shape | None, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` are top-level keys of an object shape holding arrays."""
    keys = keys_of(shape)
    return [name for name in names if isinstance(keys.get(name), list)]


# An element's start or end tag, or markup to step over (comment, CDATA, declaration, PI).
_TAG = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!][^>]*>|<(/?)([A-Za-z_][\w.:-]*)[^>]*?(/?)>", re.S
)


@lru_cache(maxsize=8)
def xml_paths(head: bytes, depth: int = 3) -> frozenset[str]:
    """The element paths (``annotation/object/bndbox``) the head of an XML document opens,
    down to ``depth`` levels, so a sniff asks where an element is, not whether its name
    occurs somewhere in the text. Kept for the last heads, like ``json_shape``: the XML
    readers sniff the same head in turn."""
    paths: set[str] = set()
    stack: list[str] = []
    for match in _TAG.finditer(head):
        closing, name, empty = match.groups()
        if name is None:
            continue
        if closing:
            if stack:
                stack.pop()
            continue
        stack.append(name.decode("utf-8", "replace"))
        if len(stack) <= depth:
            paths.add("/".join(stack))
        if empty:
            stack.pop()
    return frozenset(paths)
