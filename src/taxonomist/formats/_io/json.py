"""JSON plumbing every JSON-based reader shares: reading bytes, encoding problems, parsing
with the garbage collector paused, syntax findings with line:col, duplicate keys, and turning
a JSON pointer into a line and column *lazily*.

API (used by the COCO, native and interop readers):

* ``read_bytes(path, source)`` -> ``(data | None, findings)``: F001 when unreadable.
* ``fix_encoding(data, source)`` -> ``(utf8_data, findings)``: F004 for a BOM, UTF-16/32 or
  invalid UTF-8 (the data is repaired so reading can go on).
* ``load_json(data, source)`` -> ``JsonLoad``: a tolerant parse (orjson; NaN/Infinity are
  reported as F006 and then accepted); F002 with line:col when the text is not JSON.
* ``syntax_finding(data, source, exc)``: the F002/F006 finding for a failed decode.
* ``duplicate_keys(data, source, locator)``: F005 findings. A second, slower parse, so
  callers run it only on files up to ``DUPLICATE_CHECK_LIMIT`` bytes.
* ``JsonLocator``: pointer -> offset -> (line, column), computed only when a finding asks,
  re-reading the file if the bytes were released; ``lists=("annotations",)`` finds items of
  those top-level lists in one pass.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from taxonomist.core.files import read_regular
from taxonomist.core.findings import Finding, Location
from taxonomist.core.memory import gc_paused
from taxonomist.core.pointer import pointer
from taxonomist.formats._io.locate import JsonLocator, line_col
from taxonomist.formats.codes import (
    DUPLICATE_KEY,
    ENCODING,
    FILE_UNREADABLE,
    NAN_OR_INFINITY,
    NOT_JSON,
)

DUPLICATE_CHECK_LIMIT = 4 * 1024 * 1024
_NAN = re.compile(rb"-?(?:NaN|Infinity)")
_BYTE_AT = re.compile(r"\(byte (\d+)\)")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: Path, source: str) -> tuple[bytes | None, list[Finding]]:
    """The file's bytes, or None and an F001 finding."""
    try:
        return read_regular(path), []
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        doc = FILE_UNREADABLE
        return None, [doc.finding(f"cannot read the file: {reason}", Location(file=source))]


def fix_encoding(
    data: bytes, source: str, *, check_utf8: bool = True
) -> tuple[bytes, list[Finding]]:
    """UTF-8 bytes without a BOM, and F004 findings for what had to be repaired.

    ``check_utf8=False`` only strips BOMs: validating UTF-8 up front costs a full decode,
    and ``load_json`` (or a decoder raising ``UnicodeDecodeError``) catches it anyway."""
    doc = ENCODING
    for bom, codec in _BOMS:
        if data.startswith(bom):
            what = "a UTF-8 byte-order mark" if codec == "utf-8-sig" else f"a {codec} BOM"
            text = data.decode(codec, errors="replace")
            loc = Location(file=source, line=1, column=1)
            hint = "save the file as UTF-8 without a BOM"
            return text.encode("utf-8"), [
                doc.finding(f"the file starts with {what}", loc, hint=hint)
            ]
    if not check_utf8 or data.isascii():
        return data, []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_col(data, exc.start)
        loc = Location(file=source, line=line, column=column)
        msg = f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        fixed = data.decode("utf-8", errors="replace").encode("utf-8")
        return fixed, [doc.finding(msg, loc, hint="save the file as UTF-8")]
    return data, []


@dataclass(slots=True)
class JsonLoad:
    """The result of a tolerant parse: ``ok`` is False when there is no value at all."""

    value: Any = None
    ok: bool = False
    findings: list[Finding] = field(default_factory=list)


def load_json(data: bytes, source: str) -> JsonLoad:
    """Parse ``data`` (already UTF-8) into Python values, as findings rather than exceptions."""
    try:
        with gc_paused():
            return JsonLoad(orjson.loads(data), True)
    except orjson.JSONDecodeError as exc:
        if not valid_utf8(data):
            return _load_repaired(data, source)
        finding = syntax_finding(data, source, exc)
    if finding.code != NAN_OR_INFINITY.code:
        return JsonLoad(None, False, [finding])
    return _load_with_nan(data, source, finding)


def valid_utf8(data: bytes) -> bool:
    """Whether ``data`` decodes as UTF-8, decided from the bytes themselves (parsers word
    their complaints differently from one release to the next)."""
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _load_repaired(data: bytes, source: str) -> JsonLoad:
    repaired, found = fix_encoding(data, source)
    if not found:  # orjson's complaint was not about the bytes (a lone surrogate escape)
        loaded = JsonLoad(None, False, [_f002(data, source, 0, "invalid UTF-8 text")])
        return loaded
    loaded = load_json(repaired, source)
    loaded.findings[:0] = found
    return loaded


def _load_with_nan(data: bytes, source: str, first: Finding) -> JsonLoad:
    # NaN/Infinity (and numbers too large for a double) are reported once per occurrence,
    # then read the way Python's json does, with every number held to a double's range.
    findings = [first]
    findings += [
        _nan_finding(data, source, m.start()) for m in _NAN.finditer(data) if m.start() > 0
    ][: _MAX_REPEATS - 1]
    numbers = _Numbers()
    try:
        with gc_paused():
            value = json.loads(data, parse_int=numbers.integer, parse_float=numbers.real)
    except (ValueError, RecursionError) as exc:
        offset = getattr(exc, "pos", 0) or 0
        return JsonLoad(None, False, [*findings, _f002(data, source, offset, str(exc))])
    findings += [_too_large(data, source, text) for text in numbers.huge[:_MAX_REPEATS]]
    findings = list({(f.location.line, f.location.column): f for f in findings}.values())
    return JsonLoad(value, True, findings)


_MAX_REPEATS = 20
_INT_DIGITS = 20  # up to here an integer may fit 64 bits; beyond, it is read as a double


class _Numbers:
    """Number hooks for the fallback parse: integers as orjson reads them (exact within 64
    bits, else the nearest double), so ``10**400`` is Infinity rather than a 400-digit int
    every ``float()`` and numpy column downstream would choke on; ``huge`` keeps the text of
    each number that became Infinity, to be reported."""

    def __init__(self) -> None:
        self.huge: list[str] = []

    def integer(self, text: str) -> int | float:
        if len(text.lstrip("-")) <= _INT_DIGITS:
            value = int(text)
            if -(2**63) <= value < 2**64:
                return value
        return self.real(text)

    def real(self, text: str) -> float:
        value = float(text)
        if math.isinf(value):
            self.huge.append(text)
        return value


def _too_large(data: bytes, source: str, text: str) -> Finding:
    line, column = line_col(data, max(data.find(text.encode()), 0))
    loc = Location(file=source, line=line, column=column)
    return NAN_OR_INFINITY.finding("a number too large for a double (Infinity)", loc)


def syntax_finding(data: bytes, source: str, exc: Exception) -> Finding:
    """F006 when a decode failed on NaN/Infinity, else F002, located at the failing byte."""
    offset = _error_offset(data, exc)
    if _NAN.match(data, offset) or _NAN.match(data, max(0, offset - 1)):
        start = offset if _NAN.match(data, offset) else offset - 1
        return _nan_finding(data, source, start)
    message = getattr(exc, "msg", None) or str(exc)
    if "infinity" in message.lower():  # 1e400: valid JSON grammar, but no finite double
        line, column = line_col(data, offset)
        loc = Location(file=source, line=line, column=column)
        return NAN_OR_INFINITY.finding("a number too large for a double (Infinity)", loc)
    return _f002(data, source, offset, message)


def _error_offset(data: bytes, exc: Exception) -> int:
    if isinstance(exc, orjson.JSONDecodeError):
        # orjson reports line/column in characters; turn them back into a byte offset.
        starts = [0, *(m.end() for m in re.finditer(rb"\n", data[: exc.pos * 4 + 1]))]
        line_start = starts[min(exc.lineno, len(starts)) - 1]
        prefix = data[line_start:].decode("utf-8", errors="replace")[: exc.colno - 1]
        return line_start + len(prefix.encode("utf-8"))
    found = _BYTE_AT.search(str(exc))
    return int(found.group(1)) if found else 0


def _f002(data: bytes, source: str, offset: int, message: str) -> Finding:
    line, column = line_col(data, offset)
    message = _BYTE_AT.sub("", message).strip().removeprefix("JSON is malformed: ")
    loc = Location(file=source, line=line, column=column)
    if not data.strip():
        message = "the file is empty"
    return NOT_JSON.finding(f"not valid JSON: {message}", loc)


def _nan_finding(data: bytes, source: str, offset: int) -> Finding:
    line, column = line_col(data, offset)
    token = _NAN.match(data, offset)
    text = token.group(0).decode() if token else "NaN"
    loc = Location(file=source, line=line, column=column)
    hint = "write null, or a real number"
    return NAN_OR_INFINITY.finding(f"{text} is not a JSON number", loc, hint=hint)


class _Pairs(dict[str, Any]):
    duplicates: list[str]


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Pairs(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = []
        for key, _ in pairs:
            if key in seen:
                obj.duplicates.append(key)
            seen.add(key)
    return obj


def duplicate_keys(data: bytes, source: str, locator: JsonLocator | None = None) -> list[Finding]:
    """F005 for every key that appears twice in one object (a second, slower parse)."""
    if b'"' not in data:
        return []
    try:
        with gc_paused():
            tree = json.loads(data, object_pairs_hook=_pairs_hook)
    except (ValueError, RecursionError):
        return []
    findings: list[Finding] = []
    for ptr, key in _walk_duplicates(tree, ""):
        loc = locator.locate(ptr) if locator else Location(file=source, pointer=ptr)
        hint = "keep one of them; parsers silently keep only one value"
        findings.append(DUPLICATE_KEY.finding(f"key {key!r} appears twice", loc, hint=hint))
    return findings


def _walk_duplicates(node: Any, ptr: str) -> Iterator[tuple[str, str]]:
    stack = [(node, ptr)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key in getattr(item, "duplicates", ()):
                yield where + pointer(key), key
            stack.extend((v, where + pointer(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}/{i}") for i, v in enumerate(item))
