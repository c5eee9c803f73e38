"""Attribute agreement over matched objects.

Each taxonomy attribute has a level of measurement: ``ordinal`` for binned attributes (the
value is its bin, so 30 % and 35 % occlusion agree), ``interval`` for numbers, ``nominal``
for the rest (enums, booleans, tri-states, text). A unit is one matched pair (or, over every
annotator, one of the reference's objects and what each other annotator's match says).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from taxonomist.dataset.model import F64
from taxonomist.quality.agree.inputs import Side
from taxonomist.quality.agree.matching import ImageMatch
from taxonomist.quality.agree.model import AttributeAgreement
from taxonomist.quality.agree.statistics import Level, alpha, cohen_kappa
from taxonomist.taxonomy.model import Attribute
from taxonomist.taxonomy.model.attributes import NumberAttribute, OrdinalAttribute
from taxonomist.taxonomy.resolved import Taxonomy

Found = tuple[str, int, int, object | None, object | None]  # image, rows, values
MISSING = "—"  # shown for a side that gave no value


@dataclass(frozen=True, slots=True)
class AttributeDiff:
    """Two matched objects whose values of one attribute differ."""

    image: str
    a_row: int
    b_row: int
    attribute: str
    values: tuple[str, str]
    adjacent: bool  # neighbouring bins of an ordinal attribute


def level_of(attribute: Attribute) -> Level:
    if isinstance(attribute, OrdinalAttribute):
        return "ordinal"
    return "interval" if isinstance(attribute, NumberAttribute) else "nominal"


def normalise(attribute: Attribute, value: object) -> object | None:
    """What agreement compares: the bin index of a binned value, a float for a number, a
    hashable value otherwise; None for no value."""
    if value is None:
        return None
    if isinstance(attribute, OrdinalAttribute):
        return _bin(attribute, value)
    if isinstance(attribute, NumberAttribute):
        return float(value) if isinstance(value, int | float) else None
    return tuple(sorted(map(str, value))) if isinstance(value, list) else value


def _bin(attribute: OrdinalAttribute, value: object) -> int | None:
    labels = attribute.labels or []
    if isinstance(value, str):
        return labels.index(value) if value in labels else None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    last = len(attribute.edges) - 2
    found = int(np.searchsorted(attribute.edges, value, side="right")) - 1
    return min(max(found, 0), last)


def shown(attribute: Attribute, value: object | None) -> str:
    """A normalised value as a person reads it: a bin's label, else the value."""
    if value is None:
        return MISSING
    if isinstance(attribute, OrdinalAttribute) and isinstance(value, int):
        labels = attribute.labels or []
        edges = attribute.edges
        return labels[value] if value < len(labels) else f"{edges[value]:g}-{edges[value + 1]:g}"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def value_of(side: Side, row: int, name: str, attribute: Attribute) -> object | None:
    return normalise(attribute, side.dataset.objects.attributes.get(row, {}).get(name))


def names_used(taxonomy: Taxonomy, sides: Sequence[Side]) -> list[str]:
    """The taxonomy attributes some object of some side has a value for, in taxonomy order."""
    used = {
        n for s in sides for r in s.rows.tolist() for n in s.dataset.objects.attributes.get(r, {})
    }
    return [n for n in taxonomy.attributes if n in used]


def pair_attributes(
    taxonomy: Taxonomy, a: Side, b: Side, images: Sequence[ImageMatch]
) -> tuple[tuple[AttributeAgreement, ...], tuple[AttributeDiff, ...]]:
    """Agreement per attribute over the pair's matches, and each difference found."""
    results, diffs = [], []
    for name in names_used(taxonomy, (a, b)):
        attribute = taxonomy.attributes[name]
        pairs = [
            (
                image.image,
                ra,
                rb,
                value_of(a, ra, name, attribute),
                value_of(b, rb, name, attribute),
            )
            for image in images
            for ra, rb, _ in image.matches
        ]
        pairs = [p for p in pairs if p[3] is not None or p[4] is not None]
        if pairs:
            results.append(_agreement(name, attribute, [(p[3], p[4]) for p in pairs]))
            diffs += [_diff(name, attribute, p) for p in pairs if p[3] != p[4]]
    return tuple(results), tuple(diffs)


def _diff(name: str, attribute: Attribute, pair: Found) -> AttributeDiff:
    image, ra, rb, va, vb = pair
    adjacent = isinstance(va, int) and isinstance(vb, int) and abs(va - vb) == 1
    values = (shown(attribute, va), shown(attribute, vb))
    return AttributeDiff(image, ra, rb, name, values, adjacent and level_of(attribute) == "ordinal")


def _agreement(
    name: str, attribute: Attribute, pairs: Sequence[tuple[object, object]]
) -> AttributeAgreement:
    level = level_of(attribute)
    both = [(x, y) for x, y in pairs if x is not None and y is not None]
    kappa = None
    if both and level != "interval":
        kappa = cohen_kappa([x for x, _ in both], [y for _, y in both])
    table = encode([[x for x, _ in pairs], [y for _, y in pairs]], level)
    equal = sum(x == y for x, y in both)
    return AttributeAgreement(name, level, len(pairs), len(both), equal, alpha(table, level), kappa)


def encode(rows: Sequence[Sequence[object | None]], level: Level) -> F64:
    """A (raters, units) float table for alpha: categories numbered (sorted by their text)
    for nominal data, the bin index or number itself otherwise; NaN for no value."""
    codes: Mapping[str, int] = {}
    if level == "nominal":
        seen = sorted({repr(v) for row in rows for v in row if v is not None})
        codes = {v: i for i, v in enumerate(seen)}
    table = np.full((len(rows), len(rows[0]) if rows else 0), np.nan)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                table[i, j] = codes[repr(value)] if codes else float(value)  # type: ignore[arg-type]
    return table


def all_raters(
    taxonomy: Taxonomy, sides: Sequence[Side], pairs: Sequence[Sequence[ImageMatch]]
) -> tuple[AttributeAgreement, ...]:
    """Alpha per attribute over every annotator, the first side's objects the units and
    ``pairs[k]`` its matching with side ``k + 1``."""
    reference = sides[0]
    units = reference.rows.tolist()
    column = {r: j for j, r in enumerate(units)}
    out = []
    for name in names_used(taxonomy, sides):
        attribute = taxonomy.attributes[name]
        rows = [[value_of(reference, r, name, attribute) for r in units]]
        for side, images in zip(sides[1:], pairs, strict=True):
            row: list[object | None] = [None] * len(units)
            for image in images:
                for ra, rb, _ in image.matches:
                    row[column[ra]] = value_of(side, rb, name, attribute)
            rows.append(row)
        out.append(_many(name, attribute, rows))
    return tuple(out)


def _many(name: str, attribute: Attribute, rows: list[list[object | None]]) -> AttributeAgreement:
    level = level_of(attribute)
    columns = list(zip(*rows, strict=True))
    given = [c for c in columns if sum(v is not None for v in c) >= 1]
    full = [c for c in given if all(v is not None for v in c)]
    equal = sum(len(set(map(repr, c))) == 1 for c in full)
    value = alpha(encode(rows, level), level)
    return AttributeAgreement(name, level, len(given), len(full), equal, value, None)
