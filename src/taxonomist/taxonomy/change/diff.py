"""``diff(old, new)``: every change between two versions of a taxonomy, classified.

Each family module declares its change kinds beside the code that finds them; ``FAMILIES``
is the one list of them, in the order a reader meets them (classes first).
"""

from __future__ import annotations

from collections.abc import Iterator

from taxonomist.taxonomy.change import attributes, classes, ids, label_types, others, rules
from taxonomist.taxonomy.change.fates import ClassFate, class_fates
from taxonomist.taxonomy.change.model import Change, ChangeKind, TaxonomyDiff
from taxonomist.taxonomy.resolved import Taxonomy

FAMILIES = (classes, attributes, label_types, rules, ids, others)
KINDS: dict[str, ChangeKind] = {k.name: k for family in FAMILIES for k in family.KINDS}


def diff(old: Taxonomy, new: Taxonomy) -> TaxonomyDiff:
    """Every change from ``old`` to ``new``, classes matched by stable id first."""
    fates = class_fates(old, new)
    found = tuple(dict.fromkeys(_all(old, new, fates)))
    return TaxonomyDiff(old.name, old.version, new.name, new.version, found)


def _all(old: Taxonomy, new: Taxonomy, fates: dict[str, ClassFate]) -> Iterator[Change]:
    yield from classes.changes(old, new, fates)
    yield from attributes.changes(old, new)
    yield from label_types.changes(old, new)
    yield from rules.changes(old, new)
    yield from ids.changes(old, new, fates)
    yield from others.changes(old, new)
