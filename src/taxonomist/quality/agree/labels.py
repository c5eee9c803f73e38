"""Image-level labels over every annotator: Fleiss' kappa and Krippendorff's alpha (nominal)
per label type.

A binary or multi-class label type has one unit per common image; a multi-label type one
unit per (image, class), the value whether the annotator ticked the class. Fleiss' kappa
takes the units every annotator answered, alpha every unit two or more answered. Sides split
from one file share its image labels, so only sides of different files are compared."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from taxonomist.quality.agree.attributes import encode
from taxonomist.quality.agree.inputs import Side
from taxonomist.quality.agree.model import LabelAgreement
from taxonomist.quality.agree.statistics import alpha, fleiss_kappa
from taxonomist.taxonomy.model.label_types import IMAGE_LEVEL_KINDS, MultiLabel
from taxonomist.taxonomy.resolved import Taxonomy

Units = list[list[object | None]]  # (raters, units)


def label_agreement(
    taxonomy: Taxonomy, sides: Sequence[Side], images: Sequence[str]
) -> tuple[LabelAgreement, ...]:
    if len({id(s.checked) for s in sides}) < len(sides):
        return ()
    out = []
    for name, label_type in taxonomy.label_types.items():
        if label_type.kind not in IMAGE_LEVEL_KINDS:
            continue
        answers = [_answers(side, name, images) for side in sides]
        if isinstance(label_type, MultiLabel):
            units = _ticks(answers, list(label_type.classes or ()))
        else:
            units = [[None if v is None else repr(v) for v in row] for row in answers]
        if any(v is not None for row in units for v in row):
            out.append(_agreement(name, units))
    return tuple(out)


def _answers(side: Side, name: str, images: Sequence[str]) -> list[object | None]:
    labels = side.dataset.images.labels
    keys = side.image_keys()
    if labels is None:
        return [None] * len(images)
    return [labels[keys[k]].get(name) for k in images]


def _ticks(answers: list[list[object | None]], classes: list[str]) -> Units:
    def ticked(value: object | None, name: str) -> object | None:
        return None if not isinstance(value, list) else name in value

    return [[ticked(v, c) for v in row for c in classes] for row in answers]


def _agreement(name: str, units: Units) -> LabelAgreement:
    columns = list(zip(*units, strict=True))
    full = [c for c in columns if all(v is not None for v in c)]
    categories = sorted({repr(v) for c in full for v in c})
    counts = np.array([[sum(repr(v) == k for v in c) for k in categories] for c in full])
    kappa = fleiss_kappa(counts) if full else None
    return LabelAgreement(name, len(full), kappa, alpha(encode(units, "nominal"), "nominal"))
