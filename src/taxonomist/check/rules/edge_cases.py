"""X: the machine checks the taxonomy's own edge-case rules declare.

A rule ``tiny-people`` with ``check: {name: box-size, min_height: $min_person_height}``
reports under its own id (``name``), with the code of its check kind (X001 for box-size),
the rule's severity, and a link to the rule's guideline page. Every kind runs in bulk over
the rows of the classes the rule applies to; pairwise kinds (inside-class, overlap) join
objects of the same image with sorted searches, not nested loops.

A kind is one class in ``taxonomist.taxonomy.model`` (what the language knows of it) and one
``KINDS`` entry here (its code, declared beside the function that runs it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.conditions import class_indices, evaluate
from taxonomist.check.context import Check, Context, fmt
from taxonomist.check.edge_geometry import box_columns, inside_class, overlap, polygon_areas
from taxonomist.check.keypoints import triplets
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.dataset.rle import decode_counts
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.resolved import ResolvedRule
from taxonomist.taxonomy.text import render_thresholds

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
FAMILY = "edge cases"
Hit = tuple[str, int, str]  # ("object" | "image", row, message)
Runner = Callable[[Context, Any, I64], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Kind:
    """The checker side of one check kind: its code, and the function that finds what the
    kind forbids among the rows a rule applies to. (The language side is the kind's class
    in ``taxonomist.taxonomy.model``.)"""

    doc: CodeDoc
    run: Runner


def _threshold(ctx: Context, value: Any) -> float | None:
    return ctx.taxonomy.threshold(value)


BOX_SIZE = CodeDoc(
    code="X001",
    name="box-size",
    family=FAMILY,
    summary="A box smaller or larger than the rule allows.",
    why="Boxes outside the size range the guidelines label are usually slips (a stray click, "
    "a box around the whole scene) or objects the guidelines leave out; trained on, they "
    "are positives too small or too odd to learn from, and in evaluation they count as "
    "misses.",
    bad="check: {name: box-size, min_height: 40}  # a person 25 px tall",
    good="a person 40 px tall or more (or not labelled, as the rule says)",
)


def box_size(ctx: Context, check: m.BoxSizeCheck, rows: I64) -> Iterator[Hit]:
    rows = _sized(ctx, rows, check.label_type)
    _, _, w, h = box_columns(ctx, check.label_type, rows)
    scale_w: F64 = np.ones(rows.shape[0])
    scale_h: F64 = scale_w
    if check.relative:
        width, height = ctx.image_size()
        scale_w, scale_h = width[rows], height[rows]
    measures = {"width": w / scale_w, "height": h / scale_h, "area": w * h / (scale_w * scale_h)}
    for what, values in measures.items():
        for bound, sign in (("min", -1), ("max", 1)):
            limit = _threshold(ctx, getattr(check, f"{bound}_{what}"))
            if limit is None:
                continue
            bad = values < limit if sign < 0 else values > limit
            for i in np.flatnonzero(bad).tolist():
                word = "below the minimum" if sign < 0 else "above the maximum"
                message = f"box {what} {fmt(values[i])} is {word} {fmt(limit)}"
                yield "object", int(rows[i]), message


ASPECT_RATIO = CodeDoc(
    code="X002",
    name="aspect-ratio",
    family=FAMILY,
    summary="A box whose width / height is outside the rule's range.",
    why="A class has a typical shape; a box far wider or taller is usually one box around "
    "two objects, a half-finished drag or swapped width and height, and it teaches "
    "box regression the wrong shape.",
    bad="check: {name: aspect-ratio, max: 4}  # a 500 x 100 box",
    good="a 300 x 100 box",
)


def aspect_ratio(ctx: Context, check: m.AspectRatioCheck, rows: I64) -> Iterator[Hit]:
    rows = _sized(ctx, rows, check.label_type)
    _, _, w, h = box_columns(ctx, check.label_type, rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = w / h
    low, high = _threshold(ctx, check.min), _threshold(ctx, check.max)
    bad = np.zeros(rows.shape[0], dtype=np.bool_)
    if low is not None:
        bad |= ratio < low
    if high is not None:
        bad |= ratio > high
    for i in np.flatnonzero(bad).tolist():
        yield "object", int(rows[i]), f"width / height is {ratio[i]:.3g}, outside the allowed range"


INSIDE_IMAGE = CodeDoc(
    code="X003",
    name="inside-image",
    family=FAMILY,
    summary="An object outside the image beyond the rule's tolerance.",
    why="Training pipelines clip or drop coordinates past the image edge, so what is trained "
    "is not what was stored; for the classes the rule names, overshoot beyond its "
    "tolerance means a wrong image size or an unclipped export.",
    bad="check: {name: inside-image}  # box [-5, 0, 10, 10]",
    good="box [0, 0, 10, 10]",
)


def inside_image(ctx: Context, check: m.InsideImageCheck, rows: I64) -> Iterator[Hit]:
    x, y, w, h = box_columns(ctx, None, rows)
    width, height = ctx.image_size()
    tol = _threshold(ctx, check.tolerance) or 0.0
    bad = (x < -tol) | (y < -tol) | (x + w > width[rows] + tol) | (y + h > height[rows] + tol)
    for i in np.flatnonzero(bad).tolist():
        yield "object", int(rows[i]), "the object is not inside the image"


INSIDE_CLASS = CodeDoc(
    code="X004",
    name="inside-class",
    family=FAMILY,
    summary="An object not (mostly) inside one of the given classes.",
    why="A part (a face, a licence plate) exists only on its whole; one outside every whole "
    "is usually a wrong class or a box drawn on the wrong object, and whatever pairs "
    "parts with their wholes (part-based models, crops, anonymisation) finds no owner for "
    "it.",
    bad="check: {name: inside-class, classes: [person]}  # a face box next to the person",
    good="the face box inside the person box",
)


def _inside_class(ctx: Context, check: m.InsideClassCheck, rows: I64) -> Iterator[Hit]:
    others = np.flatnonzero(np.isin(ctx.object_class, class_indices(ctx, check.classes)))
    fraction = _threshold(ctx, check.min_fraction) or 0.0
    names = " or ".join(check.classes)
    for row in inside_class(ctx, rows, others, fraction).tolist():
        yield "object", row, f"not inside a {names} (at least {fmt(fraction)} of the box)"


OVERLAP = CodeDoc(
    code="X005",
    name="overlap",
    family=FAMILY,
    summary="Objects overlapping more (or less) than the rule allows.",
    why="Two boxes on one object are a duplicate: non-maximum suppression lets a detector "
    "keep only one, so evaluation counts the other as a miss. A required overlap that is "
    "missing means the object it goes with was never labelled or was drawn in the wrong "
    "place.",
    bad="check: {name: overlap, classes: [car], max_iou: 0.5}  # two cars at IoU 0.9",
    good="one box per car",
)


def _overlap(ctx: Context, check: m.OverlapCheck, rows: I64) -> Iterator[Hit]:
    others = np.flatnonzero(np.isin(ctx.object_class, class_indices(ctx, check.classes)))
    high, low = _threshold(ctx, check.max_iou), _threshold(ctx, check.min_iou)
    for row, message in overlap(ctx, rows, others, high, low):
        yield "object", row, message


def _individual(ctx: Context, rows: I64) -> I64:
    """The rows that are single objects: crowd regions carry no attributes and are not counted."""
    result: I64 = rows[~ctx.dataset.objects.crowd[rows]]
    return result


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
    rows = _individual(ctx, rows)
    images = len(ctx.dataset.images)
    image_rows = ctx.dataset.objects.image[rows]
    counts = np.bincount(image_rows[image_rows >= 0], minlength=images)
    for image in range(images) if check.min or check.max is not None else ():
        count = int(counts[image])
        if (check.min is not None and count < check.min) or (
            check.max is not None and count > check.max
        ):
            yield "image", image, f"{count} objects; allowed {check.min or 0}..{check.max or 'any'}"


ATTRIBUTE_REQUIRED = CodeDoc(
    code="X007",
    name="attribute-required",
    family=FAMILY,
    summary="An attribute the rule requires is missing (crowd regions carry none).",
    why="Evaluation subsets and training filters select objects by attribute (occluded, "
    "truncated); an object without it falls out of every subset or into a default it "
    "was never given, so per-subset results miscount it.",
    bad="check: {name: attribute-required, attribute: occluded}  # no occluded",
    good="attributes: {occluded: false}",
)


def attribute_required(ctx: Context, check: m.AttributeRequiredCheck, rows: I64) -> Iterator[Hit]:
    rows = _individual(ctx, rows)
    attributes = ctx.dataset.objects.attributes
    for row in rows[evaluate(check.when, ctx, rows)].tolist():
        if attributes.get(row, {}).get(check.attribute) is None:
            yield "object", row, f"the attribute {check.attribute!r} is required here"


ATTRIBUTE_VALUE = CodeDoc(
    code="X008",
    name="attribute-value",
    family=FAMILY,
    summary="An attribute value the rule does not allow here (crowd regions exempt).",
    why="Some values contradict the context the rule names (a toy where only real objects "
    "are labelled); the object lands in a subset it does not belong to, and a model "
    "conditioned on the attribute learns the contradiction.",
    bad="check: {name: attribute-value, attribute: depiction, allowed: [real]}  # toy",
    good="attributes: {depiction: real}",
)


def attribute_value(ctx: Context, check: m.AttributeValueCheck, rows: I64) -> Iterator[Hit]:
    rows = _individual(ctx, rows)
    attributes = ctx.dataset.objects.attributes
    allowed = list(check.allowed)
    for row in rows[evaluate(check.when, ctx, rows)].tolist():
        value = attributes.get(row, {}).get(check.attribute)
        if value is not None and not any(
            isinstance(value, bool) == isinstance(a, bool) and value == a for a in allowed
        ):
            yield "object", row, f"{check.attribute!r} is {value!r}; allowed here: {allowed}"


KEYPOINTS_MIN_VISIBLE = CodeDoc(
    code="X009",
    name="keypoints-min-visible",
    family=FAMILY,
    summary="Fewer labelled keypoints than the rule asks.",
    why="A skeleton with only a few labelled points gives pose training almost no signal "
    "and makes per-object keypoint scores swing on one or two points; the rule sets "
    "how many points make an object worth its keypoints.",
    bad="check: {name: keypoints-min-visible, min: 5}  # 3 labelled",
    good="5 labelled",
)


def keypoints_min_visible(ctx: Context, check: m.KeypointsVisibleCheck, rows: I64) -> Iterator[Hit]:
    t = triplets(ctx)
    kp = ctx.dataset.objects.keypoints
    labelled = np.bincount(t.row, weights=t.v > 0, minlength=len(kp))
    names = kp.label_type or [None] * len(kp)
    wanted = np.zeros(len(ctx.dataset.objects), dtype=np.bool_)
    wanted[rows] = True
    minimum = _threshold(ctx, check.min) or 0.0
    for part in np.flatnonzero(t.good & wanted[kp.owner]).tolist():
        if check.label_type is not None and names[part] not in (None, check.label_type):
            continue
        if labelled[part] < minimum:
            message = f"{int(labelled[part])} keypoints labelled; the rule asks for {fmt(minimum)}"
            yield "object", int(kp.owner[part]), message


MASK_MIN_AREA = CodeDoc(
    code="X010",
    name="mask-min-area",
    family=FAMILY,
    summary="A mask or polygon smaller than the rule's minimum area.",
    why="A mask of a few pixels is a stray click or a leftover fragment of an edit; "
    "segmentation training learns it as an object, and evaluation expects the model to "
    "find something a few pixels large.",
    bad="check: {name: mask-min-area, min: 100}  # a 40-pixel mask",
    good="a 120-pixel mask",
)


def mask_min_area(ctx: Context, check: m.MaskAreaCheck, rows: I64) -> Iterator[Hit]:
    minimum = _threshold(ctx, check.min) or 0.0
    areas = polygon_areas(ctx, rows)
    for row, rle in ctx.dataset.objects.rle.items():
        counts = rle.counts if isinstance(rle.counts, list) else decode_counts(rle.counts)
        if row in areas or counts is None:
            continue
        areas[row] = float(sum(c for c in counts[1::2] if isinstance(c, int)))
    wanted = set(rows.tolist())
    for row, area in sorted(areas.items()):
        if row in wanted and area < minimum:
            yield "object", row, f"area {fmt(area)} px is below the minimum {fmt(minimum)}"


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


KINDS: dict[str, Kind] = {
    "box-size": Kind(BOX_SIZE, box_size),
    "aspect-ratio": Kind(ASPECT_RATIO, aspect_ratio),
    "inside-image": Kind(INSIDE_IMAGE, inside_image),
    "inside-class": Kind(INSIDE_CLASS, _inside_class),
    "overlap": Kind(OVERLAP, _overlap),
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


def _sized(ctx: Context, rows: I64, label_type: str | None) -> I64:
    """Rows whose box has an extent: empty boxes are G001's finding, not a size rule's."""
    _, _, w, h = box_columns(ctx, label_type, rows)
    result: I64 = rows[~((w <= 0) | (h <= 0))]
    return result


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
