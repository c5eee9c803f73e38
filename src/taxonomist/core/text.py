"""Text from the data on its way to a person: made visible, and kept short.

File names, ids and values come from files anybody may have written. Printed raw, an escape
sequence in a file name recolours or rewrites the terminal (ANSI CSI, OSC 8 links, a title
change), a carriage return or a newline forges a line of the report ("No findings."), a bidi
override shows text in another order than it is, an unpaired surrogate from an undecodable
file name stops the write with ``UnicodeEncodeError``, and a 50 MB value fills the log.

``printable`` shows such characters as ``\\xNN`` or ``\\uNNNN`` escapes; every text output
(reports, lint lines, progress lines, error lines) passes what it prints through it. Structured
outputs (JSON, SARIF, JUnit) keep values exact: their encoders escape what their syntax needs.
``shorten`` keeps the head and the tail of a long value and says how long it was.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; Arabic letter mark, LRM/RLM, line and paragraph separators,
# bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069); unpaired surrogates.
_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_PATTERNS: dict[str, re.Pattern[str]] = {}
_SURROGATE = re.compile("[\ud800-\udfff]")

MESSAGE_LIMIT = 200  # characters of one value shown in a message
_MARK = "…"
_LONG_VALUE = re.compile(rf"\S{{{MESSAGE_LIMIT + 1},}}")


def _pattern(keep: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(keep)
    if pattern is None:
        kept = "".join(re.escape(char) for char in keep)
        pattern = re.compile(f"(?![{kept}])[{_UNSAFE}]" if keep else f"[{_UNSAFE}]")
        _PATTERNS[keep] = pattern
    return pattern


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every control, bidi-control or unpaired-surrogate character shown as an
    escape, except those in ``keep`` (a reporter that lays out multi-line messages keeps
    ``"\\n"``, and indents what follows)."""
    return _pattern(keep).sub(_escape, text)


def escape_surrogates(text: str) -> str:
    """``text`` with only its unpaired surrogates escaped: what UTF-8 cannot encode at all."""
    return _SURROGATE.sub(_escape, text)


def shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` when it has at most ``limit`` characters; else its head and tail around
    ``…(N characters)…``, N being the full length, so nobody mistakes it for the value."""
    if len(text) <= limit:
        return text
    marker = f"{_MARK}({len(text)} characters){_MARK}"
    half = max((limit - len(marker)) // 2, 1)
    return f"{text[:half]}{marker}{text[-half:]}"


def shorten_values(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` with every run of more than ``limit`` non-space characters shortened, and
    the whole kept under ten times ``limit``: a message quotes values from the data, and a
    20 MB value must not become a 20 MB message."""
    if len(message) <= limit:
        return message
    message = _LONG_VALUE.sub(lambda match: shorten(match.group(), limit), message)
    return shorten(message, limit * 10)
