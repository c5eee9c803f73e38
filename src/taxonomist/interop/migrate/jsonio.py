"""Reading and writing the JSON files a rewriter migrates, keeping their layout.

orjson keeps key order both ways and writes floats as their shortest round-trip text, so a
record the migration does not change is written back with the same values; the file's
indentation (compact or 2-space) and its final newline are kept as found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import read_regular

HINT = "fix the file (or check it with taxonomist check), then migrate again"


@dataclass(frozen=True, slots=True)
class Style:
    indent: bool
    newline: bool


def read(path: Path) -> bytes:
    try:
        return read_regular(path)
    except OSError as exc:
        raise InvalidInput(
            f"{path}: cannot read the file ({exc.strerror or exc})", hint=HINT
        ) from None


def decode(data: bytes, path: Path, line: int | None = None) -> Any:
    """The JSON value of ``data``; not JSON is one ``InvalidInput`` naming line:col."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        where = f"{line}:{exc.colno}" if line is not None else f"{exc.lineno}:{exc.colno}"
        reason = str(exc.msg).rstrip(".")
        raise InvalidInput(f"{path}:{where}: not valid JSON ({reason})", hint=HINT) from None


def style(data: bytes) -> Style:
    """2-space indent when the first key is on its own line, else compact."""
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return Style(body[1:2] in (b"\n", b"\r"), data.endswith(b"\n"))


def encode(value: Any, how: Style, path: Path) -> bytes:
    option = orjson.OPT_INDENT_2 if how.indent else 0
    try:
        out = orjson.dumps(value, option=option)
    except TypeError as exc:  # an integer beyond 64 bits, say: refuse rather than rewrite
        raise InvalidInput(f"{path}: cannot write the file back ({exc})", hint=HINT) from None
    return out + b"\n" if how.newline else out


def encode_line(value: Any, path: Path, line: int) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError as exc:
        raise InvalidInput(
            f"{path}:{line}: cannot write the record back ({exc})", hint=HINT
        ) from None


def pointer_error(path: Path, pointer: str, problem: str) -> InvalidInput:
    return InvalidInput(f"{path}#{pointer}: {problem}", hint=HINT)
