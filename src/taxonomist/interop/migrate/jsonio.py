"""Reading and writing the JSON files a rewriter migrates, keeping their layout.

Every JSON rewriter (native, COCO, Label Studio) reads and writes through here. Key order is
kept both ways and floats are written as their shortest round-trip text, so a record the
migration does not change is written back with the same values. The layout found in the
file's head is kept: a byte-order mark, the indent of the first indented line (any width, or
tabs), the separators of a one-line file (``{"a":1}`` or ``{"a": 1}``), ``\\u`` escapes of
non-ASCII text (in files that hold no raw non-ASCII text), and the final newline. orjson
writes the two layouts it knows (one line without spaces, 2-space indent) at its speed; the
others, and integers beyond 64 bits, go through the standard library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import read_regular

HINT = "fix the file (or check it with taxonomist check), then migrate again"
BOM = b"\xef\xbb\xbf"
HEAD = 64 * 1024  # the layout is read from the head of the file
_INDENT = re.compile(rb"\n([ \t]+)\S")  # a CR before the LF is no part of it
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG = b"0" * 19  # 19 digits: beyond a signed 64-bit integer's reach when negative
_CHUNK = 1 << 24


def _long_digits(data: bytes) -> bool:
    """Whether ``data`` holds a run of 19 digits (a translate and a find per 16 MiB chunk:
    a tenth of a second per 100 MB, where a regular expression takes ten times that)."""
    for start in range(0, len(data), _CHUNK):
        if (
            data[start : start + _CHUNK + len(_LONG) - 1].translate(_DIGITS_AS_ZERO).find(_LONG)
            >= 0
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Style:
    indent: int | str | None  # None: one line
    spaced: bool  # one line with ", " and ": " between items
    escaped: bool  # non-ASCII text written as \u escapes
    bom: bool
    newline: bool
    crlf: bool = False  # lines end in CR LF (a file written on Windows)


def read(path: Path) -> bytes:
    try:
        return read_regular(path)
    except OSError as exc:
        raise InvalidInput(
            f"{path}: cannot read the file ({exc.strerror or exc})", hint=HINT
        ) from None


def decode(data: bytes, path: Path, line: int | None = None) -> Any:
    """The JSON value of ``data``; not JSON is one ``InvalidInput`` naming line:col.

    orjson reads an integer beyond 64 bits as a float, which would be written back changed:
    a file holding a run of 19 or more digits (perhaps inside a string) is read by the
    standard library instead, which keeps every integer exact."""
    if _long_digits(data):
        return _decode_exact(data, path, line)
    try:
        return orjson.loads(data.removeprefix(BOM))
    except orjson.JSONDecodeError as exc:
        _refuse_non_utf8(data, path)
        where = f"{line}:{exc.colno}" if line is not None else f"{exc.lineno}:{exc.colno}"
        reason = str(exc.msg).rstrip(".")
        raise InvalidInput(f"{path}:{where}: not valid JSON ({reason})", hint=HINT) from None


def _decode_exact(data: bytes, path: Path, line: int | None) -> Any:
    _refuse_non_utf8(data, path)
    try:
        return json.loads(data.removeprefix(BOM).decode("utf-8"))
    except json.JSONDecodeError as exc:
        where = f"{line}:{exc.colno}" if line is not None else f"{exc.lineno}:{exc.colno}"
        raise InvalidInput(f"{path}:{where}: not valid JSON ({exc.msg})", hint=HINT) from None
    except RecursionError:
        raise InvalidInput(f"{path}: JSON nested too deeply to read", hint=HINT) from None


def _refuse_non_utf8(data: bytes, path: Path) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"{path}: byte {error.start}: not UTF-8 text"
        raise InvalidInput(message, hint="JSON files are UTF-8 text") from None


def style(data: bytes) -> Style:
    """The layout ``data`` was written in, read from its head."""
    head = data[:HEAD]
    found = _INDENT.search(head)
    indent: int | str | None = None
    if found:
        spaces = found.group(1).decode("ascii")
        indent = spaces if "\t" in spaces else len(spaces)
    spaced = indent is None and (b'": ' in head or b'", ' in head)
    escaped = b"\\u" in head and data.isascii()
    crlf = b"\r\n" in head
    return Style(indent, spaced, escaped, data.startswith(BOM), data.endswith(b"\n"), crlf)


def encode(value: Any, how: Style, path: Path) -> bytes:
    """``value`` in the layout ``how``."""
    fast = not how.escaped and ((how.indent is None and not how.spaced) or how.indent == 2)
    out = _orjson(value, how) if fast else None
    if out is None:
        out = _standard(value, how, path)
    if how.crlf:
        out = out.replace(b"\n", b"\r\n")  # JSON strings hold no raw line break
    end = (b"\r\n" if how.crlf else b"\n") if how.newline else b""
    return (BOM if how.bom else b"") + out + end


def _orjson(value: Any, how: Style) -> bytes | None:
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 if how.indent == 2 else 0)
    except TypeError:  # an integer beyond 64 bits: the standard library writes it
        return None


def _standard(value: Any, how: Style, path: Path) -> bytes:
    # with an indent, items end their line: "," (a ", " would leave a trailing space)
    separators = (
        (", ", ": ") if how.spaced else (",", ": ") if how.indent is not None else (",", ":")
    )
    try:
        text = json.dumps(value, indent=how.indent, separators=separators, ensure_ascii=how.escaped)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"{path}: cannot write the file back ({exc})", hint=HINT) from None
    return text.encode("utf-8")


def encode_line(value: Any, path: Path, line: int) -> bytes:
    """One JSON Lines record, on one line."""
    out = _orjson(value, Style(None, False, False, False, False))
    if out is not None:
        return out
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidInput(
            f"{path}:{line}: cannot write the record back ({exc})", hint=HINT
        ) from None


def pointer_error(path: Path, pointer: str, problem: str) -> InvalidInput:
    return InvalidInput(f"{path}#{pointer}: {problem}", hint=HINT)
