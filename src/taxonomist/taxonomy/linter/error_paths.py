"""Where in the document a pydantic error is, and which errors of a union are noise.

An error's ``loc`` runs through the data and through the tags of the union members pydantic
tried; mapping it onto the data separates the two. Of the members tried at one place, only
those that got furthest into the data report real problems; the rest are dropped.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic_core import ErrorDetails

Site = tuple[str | int, ...]


class Walked(NamedTuple):
    path: list[str | int]  # the part of the error's loc that exists in the data
    tags: list[tuple[Site, str | int, int]]  # union member tags: (loc before, tag, data depth)

    def value_level(self) -> bool:
        """True when the error is about the union's value itself, not something inside it."""
        return bool(self.tags) and self.tags[-1][2] == len(self.path)


def walk_loc(data: Any, err: ErrorDetails) -> Walked:
    """Map an error's ``loc`` onto the data, noting the union members it passed through."""
    loc = err["loc"]
    if err["type"] == "missing":
        loc = loc[:-1]  # the missing key is, of course, not in the data
    path: list[str | int] = []
    tags: list[tuple[Site, str | int, int]] = []
    for i, item in enumerate(loc):
        if _has(data, item):
            data = data[item]
            path.append(item)
        elif item != "[key]":
            tags.append((tuple(loc[:i]), item, len(path)))
    return Walked(path, tags)


def best_branches(walked: list[Walked]) -> dict[Site, set[str | int]]:
    """Per union site, the members that got furthest into the data: their errors are real."""
    depth: dict[Site, int] = {}
    for item in walked:
        for site, _, _ in item.tags:
            depth[site] = max(depth.get(site, 0), len(item.path))
    best: dict[Site, set[str | int]] = {}
    for item in walked:
        for site, branch, _ in item.tags:
            if len(item.path) == depth[site]:
                best.setdefault(site, set()).add(branch)
    return best


def kept(item: Walked, best: dict[Site, set[str | int]]) -> bool:
    return all(branch in best[site] for site, branch, _ in item.tags)


def _has(data: Any, item: int | str) -> bool:
    if isinstance(data, dict):
        return isinstance(item, str) and item in data
    return isinstance(data, list) and isinstance(item, int) and 0 <= item < len(data)
