"""Taxonomy text with its ``$name`` threshold references written out (``16 px``, ``30%``).

Rule titles, guidance and descriptions refer to thresholds by name, so a value is defined
once. People read the value: the checker's messages and the guideline site both render
references here, so a finding and the page it links to say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from taxonomist.taxonomy.model import Threshold

THRESHOLD_REFERENCE = re.compile(r"\$([a-z0-9][a-z0-9_]*)\b")
# How each unit is written after a value; "" means the number alone reads right.
UNIT_TEXT = {"px": "px", "fraction": "", "percent": "%", "count": ""}


class HasThresholds(Protocol):
    """Anything with named thresholds, such as the resolved ``Taxonomy``."""

    @property
    def thresholds(self) -> Mapping[str, Threshold]: ...


def threshold_value(threshold: Threshold) -> str:
    """``40 px``, ``0.5``, ``30%``: a threshold's value with its unit, as people write it."""
    value = f"{threshold.value:g}"
    unit = UNIT_TEXT.get(threshold.unit, threshold.unit)
    if not unit:
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def render_thresholds(
    text: str, source: HasThresholds | Mapping[str, Threshold], *, named: bool = False
) -> str:
    """``text`` with each ``$name`` of a defined threshold replaced by its value and unit
    (``named``: by ``\\`name\\` (value)``, for guidance that teaches the names). References to
    undefined thresholds stay as written; the taxonomy linter reports them."""
    thresholds = source if isinstance(source, Mapping) else source.thresholds
    if not thresholds or "$" not in text:
        return text

    def value(match: re.Match[str]) -> str:
        found = thresholds.get(match.group(1))
        if found is None:
            return match.group(0)
        shown = threshold_value(found)
        return f"`{match.group(1)}` ({shown})" if named else shown

    return THRESHOLD_REFERENCE.sub(value, text)
