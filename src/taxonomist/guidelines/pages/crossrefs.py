"""What a class page looks up across the whole taxonomy: the classes whose decision tests
name it, the image-level questions that offer it as an answer.

Each index is built once per taxonomy, not once per class page: a thousand-class taxonomy
would otherwise scan every class for every page. The cache holds the last taxonomy only and
keys it by identity (a taxonomy is not hashable, and two loads of one file are two values).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from taxonomist.taxonomy.model import IMAGE_LEVEL_KINDS, MultiClassLabel, MultiLabel
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass


class _Same:
    """A taxonomy as a cache key: equal only to itself."""

    __slots__ = ("tax",)

    def __init__(self, tax: Taxonomy) -> None:
        self.tax = tax

    def __hash__(self) -> int:
        return id(self.tax)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.tax is self.tax


def versus_about(tax: Taxonomy, name: str) -> tuple[str, ...]:
    """The other classes whose ``versus`` tests name class ``name``, in taxonomy order."""
    return _versus_index(_Same(tax)).get(name, ())


@functools.lru_cache(maxsize=1)
def _versus_index(key: _Same) -> Mapping[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for cls in key.tax.classes.values():
        for test in cls.spec.versus:
            if test.other != cls.name:
                index.setdefault(test.other, []).append(cls.name)
    return {name: tuple(dict.fromkeys(found)) for name, found in index.items()}


def offers(tax: Taxonomy, name: str, cls: TaxonomyClass) -> bool:
    """Whether the image-level label type ``name`` offers ``cls`` as an answer: the class
    or an ancestor is in its ``classes``, or (without ``classes``) the class names it."""
    return cls.name in _offered(_Same(tax)).get(name, frozenset())


def questions_for(tax: Taxonomy, cls: TaxonomyClass) -> list[str]:
    """The image-level label types that offer ``cls`` as an answer, in declaration order."""
    offered = _offered(_Same(tax))
    return [name for name, names in offered.items() if cls.name in names]


@functools.lru_cache(maxsize=1)
def _offered(key: _Same) -> Mapping[str, frozenset[str]]:
    tax = key.tax
    found: dict[str, frozenset[str]] = {}
    for name, spec in tax.label_types.items():
        if spec.kind not in IMAGE_LEVEL_KINDS:
            continue
        listed = spec.classes if isinstance(spec, MultiClassLabel | MultiLabel) else None
        chosen = (
            tax.expand(listed)
            if listed
            else {c.name for c in tax.classes.values() if name in c.label_types}
        )
        found[name] = frozenset(n for n in chosen if tax.classes[n].labellable)
    return found
