"""The is-a hierarchy, walked one way everywhere: up a class's parent chain, down a subtree.

While a taxonomy is being linted a parent may name no class and a chain may loop (the lint
reports both), so every walk stops at an unknown name and visits each class once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol


class HasParent(Protocol):
    """A class as written (``ClassDef``) or resolved (``TaxonomyClass``)."""

    @property
    def parent(self) -> str | None: ...


def ancestors(name: str, classes: Mapping[str, HasParent]) -> tuple[str, ...]:
    """Nearest parent first; stops at an unknown parent or where the chain loops."""
    out: list[str] = []
    seen = {name}
    parent = classes[name].parent if name in classes else None
    while parent and parent in classes and parent not in seen:
        out.append(parent)
        seen.add(parent)
        parent = classes[parent].parent
    return tuple(out)


def children(classes: Mapping[str, HasParent]) -> dict[str, list[str]]:
    """Each class's direct children, in the order of ``classes``; none is its own child."""
    out: dict[str, list[str]] = {name: [] for name in classes}
    for name, cls in classes.items():
        if cls.parent in out and cls.parent != name:
            out[cls.parent].append(name)
    return out


def subtree(roots: Iterable[str], children: Callable[[str], Iterable[str]]) -> frozenset[str]:
    """The roots and every class below them (``children`` names a class's direct children)."""
    out: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name not in out:
            out.add(name)
            stack.extend(children(name))
    return frozenset(out)
