"""Ordinal bins: the one rule for which bin a value falls into, which every consumer calls.

An ordinal attribute's edges ``[0, 40, 60, 80, 100]`` make the bins ``[0, 40)``,
``[40, 60)``, ``[60, 80)`` and ``[80, 100]``: a bin holds its lower edge and not its upper
one, except the last bin, which holds both ends. That is the side the language's own
comparisons cut on (``at_least: 40`` is ``>= 40``, ``below: 40`` is ``< 40``), so a condition
at an edge selects whole bins. A value names its bin either as a number inside it or as the
bin's label; two values are the same answer when they name the same bin (``35`` and
``mostly_visible``, or ``0`` and ``35``).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from taxonomist.taxonomy.model import Attribute, OrdinalAttribute


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def bin_of(spec: OrdinalAttribute, value: Any) -> int | None:
    """The index of the bin ``value`` names, or None when it names none."""
    if isinstance(value, str):
        labels = spec.labels or []
        return labels.index(value) if value in labels else None
    edges = spec.edges
    if not _is_number(value) or not edges[0] <= value <= edges[-1]:
        return None
    return min(bisect_right(edges, value) - 1, len(edges) - 2)


def bounds(spec: OrdinalAttribute, index: int) -> tuple[float, float]:
    """The lower and upper edge of bin ``index``."""
    return spec.edges[index], spec.edges[index + 1]


def label(spec: OrdinalAttribute, index: int) -> str:
    """What people call bin ``index``: its label, or its edges."""
    if spec.labels is not None and index < len(spec.labels):
        return spec.labels[index]
    low, high = bounds(spec, index)
    return f"{low:g}-{high:g}"


def span_text(spec: OrdinalAttribute, index: int) -> str:
    """Bin ``index`` in words that say which edge it holds: "40 to under 60"."""
    low, high = bounds(spec, index)
    last = index == len(spec.edges) - 2
    return f"{low:g} to {high:g}" if last else f"{low:g} to under {high:g}"


def same(spec: Attribute | None, value: Any, expected: Any) -> bool:
    """Whether ``value`` (from a file) is the answer ``expected`` (from the taxonomy).

    Ordinal values compare by bin; everything else by value, without ``True == 1``.
    """
    if isinstance(spec, OrdinalAttribute):
        found = bin_of(spec, value)
        return found is not None and found == bin_of(spec, expected)
    return isinstance(value, bool) == isinstance(expected, bool) and value == expected


def compare(spec: Attribute | None, value: Any, limit: float, at_least: bool) -> bool:
    """``value >= limit`` (``at_least``) or ``value < limit``; an ordinal value holds only
    when its whole bin does, so a number and its bin's label always agree."""
    if isinstance(spec, OrdinalAttribute):
        found = bin_of(spec, value)
        if found is None:
            return False
        low, high = bounds(spec, found)
        if at_least:
            return low >= limit
        last = found == len(spec.edges) - 2
        return high < limit or (high == limit and not last)
    if not _is_number(value):
        return False
    return bool(value >= limit if at_least else value < limit)
