"""Numbers written as text (XML attributes and elements, YOLO label tokens), read the way
every tool that writes them means them.

Python's ``float()`` is more lenient than the formats: it reads ``"١٢"`` (Arabic-Indic
digits) as 12, ``"1_000"`` as 1000 and ``"nan"``/``"1e400"`` as values no coordinate can
hold. ``parse_number`` accepts plain ASCII decimal numbers only, and says why it refuses
the rest, so a reader can report the value instead of crashing on it later: an
``int(float("inf"))`` or a product of two 1e200 coordinates overflows inside the checker.
"""

from __future__ import annotations

import math

MAX_MAGNITUDE = 1e9  # pixels: no image is a billion pixels wide (the JSON readers' limit too)
OUT_OF_RANGE = "out of range (beyond ±1e9)"


def parse_number(text: str) -> float | str:
    """The number ``text`` holds, or a reason it holds none: ``"not a number"``, ``"not
    finite"`` or ``OUT_OF_RANGE`` (beyond ``MAX_MAGNITUDE``: readers report that one as
    ``NUMBER_OUT_OF_RANGE``, the others as the wrong type their format knows)."""
    try:
        value = float(text)  # fast for the millions of tokens of a YOLO dataset
    except ValueError:
        return "not a number"
    if not text.isascii() or "_" in text:  # float() reads "١٢" and "1_000"
        return "not a number"
    if math.isnan(value) or text.strip().lstrip("+-")[:1].isalpha():  # nan, inf, infinity
        return "not finite"
    if abs(value) > MAX_MAGNITUDE:  # 1e400 is read as inf
        return OUT_OF_RANGE
    return value


def parse_numbers(tokens: list[str]) -> list[float] | tuple[int, str]:
    """Every token as a number, or the index of the first that is none and why.

    The common path is one ``float()`` per token and three C-speed passes over the list (a
    YOLO dataset holds millions of tokens); ``parse_number`` runs only to say what is wrong.
    """
    text = "".join(tokens)
    if text.isascii() and "_" not in text:
        try:
            values = [float(t) for t in tokens]
        except ValueError:
            values = []
        # nan and inf make the sum non-finite; the range is then a min and a max
        finite = bool(values) and math.isfinite(sum(values))
        if finite and min(values) >= -MAX_MAGNITUDE and max(values) <= MAX_MAGNITUDE:
            return values
    parsed = [parse_number(t) for t in tokens]
    bad = next((i for i, v in enumerate(parsed) if isinstance(v, str)), None)
    if bad is not None:
        return bad, str(parsed[bad])
    return [v for v in parsed if not isinstance(v, str)]
