"""References the site links through: each must name a class or label type that exists.

The loader's lint reports these too; the site checks again because a page cannot link to a
class that does not exist, and says where (taxonomy file, line, column) the reference is.
"""

from __future__ import annotations

from collections.abc import Iterator

from taxonomist.taxonomy.resolved import Taxonomy


def broken_references(tax: Taxonomy) -> list[str]:
    """One ``file:line:col: message`` per reference to a missing class or label type."""
    return [_message(tax, pointer, text) for pointer, text in _references(tax)]


def _references(tax: Taxonomy) -> Iterator[tuple[str, str]]:
    yield from _class_references(tax)
    for rule in tax.rules.values():
        for i, name in enumerate(rule.rule.applies_to.classes):
            if name not in tax.classes:
                yield f"/rules/{rule.id}/applies_to/classes/{i}", f"unknown class '{name}'"
        for i, name in enumerate(rule.rule.applies_to.label_types):
            if name not in tax.label_types:
                yield f"/rules/{rule.id}/applies_to/label_types/{i}", f"unknown label type '{name}'"


def _class_references(tax: Taxonomy) -> Iterator[tuple[str, str]]:
    for cls in tax.classes.values():
        base = f"/classes/{cls.name}"
        for i, exclude in enumerate(cls.excludes):
            if exclude.use is not None and exclude.use not in tax.classes:
                yield f"{base}/excludes/{i}/use", f"exclude names unknown class '{exclude.use}'"
        for i, versus in enumerate(cls.versus):
            if versus.other not in tax.classes:
                yield f"{base}/versus/{i}/class", f"versus names unknown class '{versus.other}'"
        replaced = cls.spec.replaced_by
        if replaced is not None and replaced not in tax.classes:
            yield f"{base}/replaced_by", f"replaced_by names unknown class '{replaced}'"
        for name in cls.label_types:
            if name not in tax.label_types:
                yield f"{base}/label_types", f"unknown label type '{name}'"


def _message(tax: Taxonomy, pointer: str, text: str) -> str:
    pos = _nearest(tax, pointer)
    return f"{pos}: {text}"


def _nearest(tax: Taxonomy, pointer: str) -> str:
    """The position of ``pointer`` or of its closest parent the loader recorded."""
    current = pointer
    while current:
        pos = tax.position(current)
        if pos is not None:
            return pos.describe()
        current = current.rsplit("/", 1)[0]
    return str(tax.path)
