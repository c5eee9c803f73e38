"""Kinds that count objects: how many an image may hold, and classes that must not occur."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from taxonomist.check.context import Context
from taxonomist.check.rules.edge_cases.helpers import FAMILY, I64, Hit, individual
from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import model as m

COUNT_PER_IMAGE = CodeDoc(
    code="X006",
    name="count-per-image",
    family=FAMILY,
    summary="An image with more or fewer objects than the rule allows (crowds not counted).",
    why="When the guidelines fix how many objects an image holds (one sun, one main "
    "subject), another count is a duplicate or a missing label, and counting metrics "
    "and per-image targets read that count directly.",
    bad="check: {name: count-per-image, max: 1}  # two suns",
    good="one sun",
)


def count_per_image(ctx: Context, check: m.CountCheck, rows: I64) -> Iterator[Hit]:
    rows = individual(ctx, rows)
    images = len(ctx.dataset.images)
    image_rows = ctx.dataset.objects.image[rows]
    counts = np.bincount(image_rows[image_rows >= 0], minlength=images)
    for image in range(images) if check.min or check.max is not None else ():
        count = int(counts[image])
        if (check.min is not None and count < check.min) or (
            check.max is not None and count > check.max
        ):
            yield "image", image, f"{count} objects; allowed {check.min or 0}..{check.max or 'any'}"


FORBIDDEN = CodeDoc(
    code="X011",
    name="forbidden",
    family=FAMILY,
    summary="A class the rule says must not be labelled at all.",
    why="The guidelines decided these cases are not labelled (reflections, pictures of "
    "objects); each one labelled anyway is a positive the rest of the dataset calls "
    "background, so the model is trained on both answers.",
    bad='check: {name: forbidden}  # {"class": "reflection"}',
    good="no such object",
)


def forbidden(ctx: Context, check: m.ForbiddenClassCheck, rows: I64) -> Iterator[Hit]:
    for row in rows.tolist():
        yield "object", row, f"{ctx.class_name(row)!r} must not be labelled"
