"""X: the machine checks the taxonomy's own edge-case rules declare.

A rule ``tiny-people`` with ``check: {name: box-size, min_height: $min_person_height}``
reports under its own id (``name``), with the code of its check kind (X001 for box-size),
the rule's severity, and a link to the rule's guideline page. Every kind runs in bulk over
the rows of the classes the rule applies to; pairwise kinds (inside-class, overlap) join
objects of the same image with sorted searches, not nested loops.

A kind is one class in ``taxonomist.taxonomy.model.checks`` (what the language knows of it)
and one ``KINDS`` entry here. Its code is declared beside the function that runs it, in the
module for what the kind looks at: ``boxes``, ``pairs`` (objects joined within an image),
``counts``, ``attributes`` and ``shapes`` (keypoints, masks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from taxonomist.check.context import Check, Context
from taxonomist.check.rules.edge_cases.attributes import (
    ATTRIBUTE_REQUIRED,
    ATTRIBUTE_VALUE,
    attribute_required,
    attribute_value,
)
from taxonomist.check.rules.edge_cases.boxes import (
    ASPECT_RATIO,
    BOX_SIZE,
    INSIDE_IMAGE,
    aspect_ratio,
    box_size,
    inside_image,
)
from taxonomist.check.rules.edge_cases.counts import (
    COUNT_PER_IMAGE,
    FORBIDDEN,
    count_per_image,
    forbidden,
)
from taxonomist.check.rules.edge_cases.helpers import I64, Runner
from taxonomist.check.rules.edge_cases.pairs import INSIDE_CLASS, OVERLAP, inside_class, overlap
from taxonomist.check.rules.edge_cases.shapes import (
    KEYPOINTS_MIN_VISIBLE,
    MASK_MIN_AREA,
    keypoints_min_visible,
    mask_min_area,
)
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.resolved import ResolvedRule
from taxonomist.taxonomy.text import render_thresholds


@dataclass(frozen=True, slots=True)
class Kind:
    """The checker side of one check kind: its code, and the function that finds what the
    kind forbids among the rows a rule applies to. (The language side is the kind's class
    in ``taxonomist.taxonomy.model``.)"""

    doc: CodeDoc
    run: Runner


KINDS: dict[str, Kind] = {
    "box-size": Kind(BOX_SIZE, box_size),
    "aspect-ratio": Kind(ASPECT_RATIO, aspect_ratio),
    "inside-image": Kind(INSIDE_IMAGE, inside_image),
    "inside-class": Kind(INSIDE_CLASS, inside_class),
    "overlap": Kind(OVERLAP, overlap),
    "count-per-image": Kind(COUNT_PER_IMAGE, count_per_image),
    "attribute-required": Kind(ATTRIBUTE_REQUIRED, attribute_required),
    "attribute-value": Kind(ATTRIBUTE_VALUE, attribute_value),
    "keypoints-min-visible": Kind(KEYPOINTS_MIN_VISIBLE, keypoints_min_visible),
    "mask-min-area": Kind(MASK_MIN_AREA, mask_min_area),
    "forbidden": Kind(FORBIDDEN, forbidden),
}


def _rows(ctx: Context, rule: ResolvedRule) -> I64:
    if not rule.classes:
        return np.flatnonzero(ctx.object_class >= 0)
    wanted = [i for i, c in enumerate(ctx.classes) if c.name in rule.classes]
    return np.flatnonzero(np.isin(ctx.object_class, wanted))


def edge_cases(ctx: Context) -> Iterator[Finding]:
    for rule_id, rule in sorted(ctx.taxonomy.rules.items()):
        check = rule.rule.check
        if check is None:
            continue
        kind = KINDS[check.name]
        severity = Severity.parse(rule.rule.severity)
        url = ctx.taxonomy.url("rules", rule_id)
        for where, row, message in kind.run(ctx, check, _rows(ctx, rule)):
            text = f"{render_thresholds(rule.rule.title, ctx.taxonomy)}: {message}"
            emit = ctx.image if where == "image" else ctx.object
            finding = emit(kind.doc, row, text, severity=severity, url=url)
            yield _renamed(finding, rule_id)


def _renamed(finding: Finding, rule_id: str) -> Finding:
    return replace(finding, name=rule_id)


CODES: tuple[CodeDoc, ...] = tuple(kind.doc for kind in KINDS.values())
CHECKS: tuple[Check, ...] = (Check(codes=CODES, run=edge_cases),)
