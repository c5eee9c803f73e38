"""Relations between objects (a rider *rides* a bicycle) against the taxonomy's definitions.

Targets are object ids within the same image. Yields ``(object row, kind, message)`` where
kind is ``"invalid"`` (unknown type, missing target, wrong classes, too many) or
``"missing"`` (a required relation is absent).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from taxonomist.check.conditions import class_indices
from taxonomist.check.context import Context

Problem = tuple[int, str, str]


def _targets(ctx: Context) -> dict[tuple[int, str], int]:
    objects = ctx.dataset.objects
    images = {int(objects.image[r]) for r in objects.relations}
    rows = np.flatnonzero(np.isin(objects.image, list(images)))
    return {(int(objects.image[r]), str(objects.ids[r])): int(r) for r in rows}


def relation_problems(ctx: Context) -> Iterator[Problem]:
    objects = ctx.dataset.objects
    if objects.relations:
        targets = _targets(ctx)
        for row, links in sorted(objects.relations.items()):
            yield from _check_links(ctx, row, links, targets)
    yield from _missing(ctx)


def _check_links(
    ctx: Context, row: int, links: list[tuple[str, Any]], targets: dict[tuple[int, str], int]
) -> Iterator[Problem]:
    defined = ctx.taxonomy.relations
    subject = ctx.class_name(row)
    for kind, target in links:
        spec = defined.get(kind)
        if spec is None:
            yield row, "invalid", f"no relation {kind!r} is defined in the taxonomy"
            continue
        if subject not in ctx.taxonomy.expand(spec.subject):
            yield row, "invalid", f"{subject!r} cannot be the subject of {kind!r}"
        other = targets.get((int(ctx.dataset.objects.image[row]), str(target)))
        if other is None:
            yield row, "invalid", f"{kind!r} points to object {target!r}, not in this image"
        elif ctx.class_name(other) not in ctx.taxonomy.expand(spec.object):
            yield row, "invalid", f"{kind!r} cannot point to a {ctx.class_name(other)!r}"
    for kind, count in Counter(k for k, _ in links).items():
        spec = defined.get(kind)
        if spec is not None and spec.max_per_subject is not None and count > spec.max_per_subject:
            yield row, "invalid", f"{count} {kind!r} relations; at most {spec.max_per_subject}"


def _missing(ctx: Context) -> Iterator[Problem]:
    relations = ctx.dataset.objects.relations
    for kind, spec in sorted(ctx.taxonomy.relations.items()):
        if not spec.required:
            continue
        rows = np.flatnonzero(np.isin(ctx.object_class, class_indices(ctx, spec.subject)))
        for row in rows.tolist():
            if not any(k == kind for k, _ in relations.get(row, ())):
                yield row, "missing", f"{ctx.class_name(row)!r} needs a {kind!r} relation"
