"""Is an attribute value of the right type, and within what the taxonomy allows?

``drop_unanswered`` runs once before any rule: a blank value is a question nobody answered
(a CVAT select left at the blank default the export gives it), so every rule, condition and
edge-case kind sees it as absent. ``problem`` answers for one value: None when fine, else
``("type", message)`` for a value of the wrong JSON type or ``("range", message)`` for a
value outside the allowed ones.
"""

from __future__ import annotations

import re
from typing import Any

from taxonomist.dataset.model import Objects
from taxonomist.taxonomy import bins
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.model.attributes import UNANSWERED
from taxonomist.taxonomy.resolved import Taxonomy

Problem = tuple[str, str] | None


def drop_unanswered(objects: Objects) -> None:
    """Remove blank (unanswered) attribute values, in place; an object left with none has no
    attributes at all."""
    for row in [r for r, values in objects.attributes.items() if UNANSWERED in values.values()]:
        answered = {k: v for k, v in objects.attributes[row].items() if v != UNANSWERED}
        if answered:
            objects.attributes[row] = answered
        else:
            del objects.attributes[row]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _listed(value: Any, allowed: list[Any]) -> bool:
    return any(isinstance(value, bool) == isinstance(a, bool) and value == a for a in allowed)


def problem(
    spec: m.Attribute, use: m.AttributeUse | None, value: Any, taxonomy: Taxonomy
) -> Problem:
    """What is wrong with ``value`` for the attribute ``spec`` as this class uses it."""
    if isinstance(spec, m.BoolAttribute):
        return None if isinstance(value, bool) else ("type", f"{value!r} is not true or false")
    if isinstance(spec, m.TriStateAttribute):
        return _choice(value, list(spec.values))
    if isinstance(spec, m.EnumAttribute):
        return _enum(spec, use, value)
    if isinstance(spec, m.NumberAttribute):
        return _number(spec, value, taxonomy)
    if isinstance(spec, m.OrdinalAttribute):
        return _ordinal(spec, use, value)
    return _text(spec, value)


def _choice(value: Any, allowed: list[Any]) -> Problem:
    if _listed(value, allowed):
        return None
    return ("range", f"{value!r} is not one of {', '.join(map(repr, allowed))}")


def _enum(spec: m.EnumAttribute, use: m.AttributeUse | None, value: Any) -> Problem:
    allowed = list(use.values) if use is not None and use.values else list(spec.values)
    if not spec.multiple:
        if isinstance(value, list | dict):
            return ("type", "one value expected, not a list")
        return _choice(value, allowed)
    if not isinstance(value, list):
        return ("type", f"{value!r} is not a list of values")
    for item in value:
        found = _choice(item, allowed)
        if found is not None:
            return found
    for group in spec.exclusive_groups:
        both = [v for v in value if _listed(v, list(group))]
        if len(both) > 1:
            return ("range", f"{both} are mutually exclusive")
    return None


def _number(spec: m.NumberAttribute, value: Any, taxonomy: Taxonomy) -> Problem:
    whole = spec.type == "int"
    if not _is_number(value) or (whole and not float(value).is_integer()):
        return ("type", f"{value!r} is not {'an integer' if whole else 'a number'}")
    low, high = taxonomy.threshold(spec.min), taxonomy.threshold(spec.max)
    if (low is not None and value < low) or (high is not None and value > high):
        return ("range", f"{value} is outside {_span(low, high)}")
    return None


def _span(low: float | None, high: float | None) -> str:
    return f"[{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}]"


def _ordinal(spec: m.OrdinalAttribute, use: m.AttributeUse | None, value: Any) -> Problem:
    if isinstance(value, str):
        found = _choice(value, list(spec.labels or []))
        if found is not None:
            return found
    elif not _is_number(value):
        return ("type", f"{value!r} is neither a number nor a bin label")
    elif not spec.edges[0] <= value <= spec.edges[-1]:
        return ("range", f"{value} is outside {_span(spec.edges[0], spec.edges[-1])}")
    if use is None or not use.values or any(bins.same(spec, value, v) for v in use.values):
        return None
    index = bins.bin_of(spec, value)
    chosen = sorted({i for v in use.values if (i := bins.bin_of(spec, v)) is not None})
    names = ", ".join(bins.label(spec, i) for i in chosen)
    where = "" if index is None else f" is in bin {bins.label(spec, index)!r}, which"
    return ("range", f"{value!r}{where} is not allowed for this class (bins: {names})")


def _text(spec: m.TextAttribute, value: Any) -> Problem:
    if not isinstance(value, str):
        return ("type", f"{value!r} is not text")
    if spec.max_length is not None and len(value) > spec.max_length:
        return ("range", f"text longer than {spec.max_length} characters")
    if spec.pattern is not None and not _matches(spec.pattern, value):
        return ("range", f"{value!r} does not match {spec.pattern!r}")
    return None


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:  # the taxonomy linter reports the pattern; do not fail every value
        return True
