"""A: the taxonomy's own constraints: label types, abstract and deprecated classes,
attributes (type, range, required, forbidden), crowd, special regions, relations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from taxonomist.check.attributes import problem
from taxonomist.check.computed import computed_mismatches
from taxonomist.check.conditions import evaluate
from taxonomist.check.context import Check, Context, rows_of
from taxonomist.check.label_types import allowed_rows, allows, object_types, types, unconstrained
from taxonomist.check.relations import relation_problems
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.model import AttributeUse
from taxonomist.taxonomy.resolved import TaxonomyClass

FAMILY = "taxonomy"

LABEL_TYPE = CodeDoc(
    code="A001",
    name="label-type-not-allowed",
    family=FAMILY,
    summary="A shape of a label type the class does not use (e.g. keypoints on a car).",
    why="The guidelines say how each class is drawn; other shapes were drawn by mistake or "
    "for the wrong class.",
    bad='{"class": "car", "shapes": {"pose": [10, 10, 2]}}',
    good='{"class": "car", "box": [10, 10, 40, 20]}',
)
ABSTRACT = CodeDoc(
    code="A002",
    name="abstract-class",
    family=FAMILY,
    summary="An object labelled with an abstract class (a grouping node).",
    why="Abstract classes only group others; the annotator must pick a concrete subclass.",
    bad='{"class": "vehicle"}',
    good='{"class": "car"}',
)
DEPRECATED = CodeDoc(
    code="A003",
    name="deprecated-class",
    family=FAMILY,
    summary="An object labelled with a deprecated class.",
    why="Deprecated classes are kept for old ids only; new labels use the replacement.",
    bad='{"class": "old_car"}',
    good='{"class": "car"}',
    severity=Severity.WARNING,
)
ATTRIBUTE_UNKNOWN = CodeDoc(
    code="A004",
    name="attribute-unknown",
    family=FAMILY,
    summary="An attribute the class does not use (or the taxonomy does not define).",
    why="Unknown attributes are usually typos of a real one, which is then missing.",
    bad='{"class": "person", "attributes": {"ocluded": true}}',
    good='{"class": "person", "attributes": {"occluded": true}}',
    severity=Severity.WARNING,
)
ATTRIBUTE_TYPE = CodeDoc(
    code="A005",
    name="attribute-type",
    family=FAMILY,
    summary="An attribute value of the wrong type (text for a number, a list for one value).",
    why="Consumers parse attributes by their declared type; a mistyped value is dropped.",
    bad='{"attributes": {"occlusion": "forty"}}',
    good='{"attributes": {"occlusion": 40}}',
)
ATTRIBUTE_RANGE = CodeDoc(
    code="A006",
    name="attribute-out-of-range",
    family=FAMILY,
    summary="An attribute value outside its range or not one of its allowed values.",
    why="Values outside the defined set cannot be mapped to anything the guidelines define.",
    bad='{"attributes": {"depiction": "drawing"}}',
    good='{"attributes": {"depiction": "photo"}}',
)
ATTRIBUTE_MISSING = CodeDoc(
    code="A007",
    name="attribute-missing",
    family=FAMILY,
    summary="A required attribute (or one required under a `when` condition that holds) is "
    "missing; crowd regions carry none.",
    why="Missing required attributes leave the object half-labelled; filters and metrics "
    "that split by the attribute miscount it.",
    bad='{"class": "person"}  # depiction is required',
    good='{"class": "person", "attributes": {"depiction": "real"}}',
)
ATTRIBUTE_FORBIDDEN = CodeDoc(
    code="A008",
    name="attribute-forbidden",
    family=FAMILY,
    summary="An attribute the class forbids.",
    why="The taxonomy says the attribute means nothing for this class.",
    bad='{"class": "sky", "attributes": {"occluded": true}}',
    good='{"class": "sky"}',
)
CROWD = CodeDoc(
    code="A009",
    name="crowd-not-allowed",
    family=FAMILY,
    summary="A crowd region (or an Open Images group-of box) for a class that allows neither "
    "(``crowd: true`` or ``group_of: true``).",
    why="Crowd regions are ignored in evaluation; using them where the class must be labelled "
    "instance by instance hides missing work.",
    bad='{"class": "car", "crowd": true}',
    good='{"class": "car", "box": [10, 10, 40, 20]}',
)
REGION_ATTRIBUTES = CodeDoc(
    code="A010",
    name="region-with-attributes",
    family=FAMILY,
    summary="A special region (ignore, don't care, crowd, ...) that carries attributes.",
    why="Regions are not objects; attributes on them are meaningless and skew statistics.",
    bad='{"class": "ignore_region", "attributes": {"occluded": true}}',
    good='{"class": "ignore_region"}',
)
RELATION = CodeDoc(
    code="A011",
    name="relation-invalid",
    family=FAMILY,
    summary="A relation of an unknown type, to a missing object, or between classes it does "
    "not link.",
    why="Relations link objects of given classes; a broken link is lost or misread downstream.",
    bad='{"relations": [{"type": "rides", "object": 99}]}',
    good='{"relations": [{"type": "rides", "object": 2}]}',
)
RELATION_MISSING = CodeDoc(
    code="A012",
    name="relation-missing",
    family=FAMILY,
    summary="An object without a relation the taxonomy requires of its class.",
    why="Required relations (every rider rides something) are part of the label.",
    bad='{"class": "rider"}',
    good='{"class": "rider", "relations": [{"type": "rides", "object": 2}]}',
)


def _shape_findings(ctx: Context) -> Iterator[tuple[int, str | None, str]]:
    """(object row, label type name or None, kind) of every shape of a kind not allowed."""
    objects = ctx.dataset.objects
    for kind, ragged in (("polygon", objects.polygons), ("keypoints", objects.keypoints)):
        if not len(ragged):
            continue
        bad = np.flatnonzero(~allowed_rows(ctx, ragged.owner, ragged.label_type, (kind,)))
        names = ragged.label_type
        seen = {(int(ragged.owner[i]), None if names is None else names[i]) for i in bad}
        for row, name in sorted(seen, key=lambda p: (p[0], p[1] or "")):
            yield row, name, kind
    yield from _mask_findings(ctx)
    for name, boxes in sorted(objects.extra_boxes.items()):
        has = np.flatnonzero(~np.isnan(boxes[:, 0]))
        for row in has[~allowed_rows(ctx, has, [name] * has.shape[0], ("box",))].tolist():
            yield row, name, "box"


def _mask_findings(ctx: Context) -> Iterator[tuple[int, str | None, str]]:
    for row, rle in sorted(ctx.dataset.objects.rle.items()):
        cls = ctx.class_of(row)
        if cls is None:
            continue
        kinds: tuple[str, ...] = ("mask",)
        if ctx.dataset.objects.crowd[row] or not types(ctx, cls):
            kinds = ("mask", "polygon", "box")  # crowd regions are stored as masks
        if not allows(ctx, cls, rle.label_type, kinds):
            yield row, rle.label_type, "mask"


SHAPE_HINTS = {
    "polygon": "write polygons as a list of parts: [[x0, y0, x1, y1, ...]]",
    "keypoints": "write keypoints as one flat list: [x1, y1, v1, x2, y2, v2, ...]",
    "box": "write boxes as [x, y, w, h]",
    "mask": 'write masks as {"size": [h, w], "counts": ...}',
}


def label_type(ctx: Context) -> Iterator[Finding]:
    yield from _box_not_allowed(ctx)
    for row, name, kind in _shape_findings(ctx):
        spec = ctx.taxonomy.label_types.get(name or "")
        if spec is not None and kind not in (spec.kind, "mask"):
            message = f"{name!r} is a {spec.kind} label type, but the value has the shape of {kind}"
            yield ctx.object(LABEL_TYPE, row, message, hint=SHAPE_HINTS.get(spec.kind))
            continue
        shape = f"{name!r} ({kind})" if name else kind
        message = f"class {ctx.class_name(row)!r} is not labelled with {shape}"
        yield ctx.object(LABEL_TYPE, row, message, url=ctx.class_url(row))


def _box_not_allowed(ctx: Context) -> Iterator[Finding]:
    """A box where the class has no object label type at all; where a box is a shape of its
    own, not every object's bounds (native), where the class has no box label type."""
    bounds = ctx.dataset.boxes_are_bounds

    def allowed(cls: TaxonomyClass) -> bool:
        kinds = object_types(ctx, cls)
        return unconstrained(cls) or (bool(kinds) if bounds else "box" in kinds)

    ok = ctx.for_objects("box.allowed", allowed, np.bool_, True)
    has_box = ~np.isnan(ctx.dataset.objects.box[:, 0])
    for row in rows_of(has_box & ~ok):
        message = f"class {ctx.class_name(row)!r} is not labelled with a box"
        yield ctx.object(LABEL_TYPE, row, message, url=ctx.class_url(row))


def abstract(ctx: Context) -> Iterator[Finding]:
    bad = ctx.for_objects("abstract", lambda c: c.abstract, np.bool_, False)
    for row in rows_of(bad):
        cls = ctx.class_of(row)
        subclasses = ", ".join(cls.children) if cls is not None else ""
        message = f"{ctx.class_name(row)!r} is abstract; use one of its subclasses"
        yield ctx.object(ABSTRACT, row, message, hint=subclasses or None, url=ctx.class_url(row))


def deprecated(ctx: Context) -> Iterator[Finding]:
    bad = ctx.for_objects("deprecated", lambda c: c.deprecated, np.bool_, False)
    for row in rows_of(bad):
        cls = ctx.class_of(row)
        instead = cls.spec.replaced_by if cls is not None else None
        split = [t.class_ for t in cls.spec.split_targets()] if cls is not None else []
        message = f"{ctx.class_name(row)!r} is deprecated" + (
            f"; use {instead!r}"
            if instead
            else f"; it was split into {', '.join(map(repr, split))}"
            if split
            else ""
        )
        hint = "taxonomist migrate relabels old files" if instead or split else None
        url = ctx.taxonomy.url("classes", instead) if instead else ctx.class_url(row)
        yield ctx.object(DEPRECATED, row, message, hint=hint, url=url)


def _attribute_findings(ctx: Context, row: int, values: dict[str, Any]) -> Iterator[Finding]:
    cls = ctx.class_of(row)
    if cls is None or cls.spec.region is not None:  # regions: A010 says it once
        return
    for name, value in values.items():
        use = cls.attributes.get(name)
        spec = ctx.taxonomy.attributes.get(name)
        if use is None or spec is None:
            what = "the taxonomy defines no" if spec is None else f"{cls.name!r} uses no"
            yield ctx.object(ATTRIBUTE_UNKNOWN, row, f"{what} attribute {name!r}")
        elif use.presence == "forbidden":
            message = f"{cls.name!r} forbids the attribute {name!r}"
            yield ctx.object(ATTRIBUTE_FORBIDDEN, row, message, url=ctx.class_url(row))
        elif (found := problem(spec, use, value, ctx.taxonomy)) is not None:
            doc = ATTRIBUTE_TYPE if found[0] == "type" else ATTRIBUTE_RANGE
            yield ctx.object(doc, row, f"attribute {name!r}: {found[1]}")


def attribute_values(ctx: Context) -> Iterator[Finding]:
    for row, values in sorted(ctx.dataset.objects.attributes.items()):
        if isinstance(values, dict):
            yield from _attribute_findings(ctx, row, values)


def _required(cls: TaxonomyClass) -> list[tuple[str, AttributeUse]]:
    return [(n, u) for n, u in cls.attributes.items() if u.presence == "required"]


def attribute_missing(ctx: Context) -> Iterator[Finding]:
    attributes = ctx.dataset.objects.attributes
    individual = ~ctx.dataset.objects.crowd  # crowd regions carry no attributes
    for index, cls in enumerate(ctx.classes):
        needs = _required(cls)
        if not needs or cls.spec.region is not None:
            continue
        rows = np.flatnonzero((ctx.object_class == index) & individual)
        for name, use in needs:
            holds = evaluate(use.when, ctx, rows)
            for row in rows[holds].tolist():
                if attributes.get(row, {}).get(name) is None:
                    message = f"{cls.name!r} requires the attribute {name!r}" + (
                        " here (its condition holds)" if use.when is not None else ""
                    )
                    yield ctx.object(ATTRIBUTE_MISSING, row, message, url=ctx.class_url(row))


def crowd(ctx: Context) -> Iterator[Finding]:
    # readers read Open Images' IsGroupOf as a crowd: a class that allows group-of boxes allows it
    allowed = ctx.for_objects("crowd", lambda c: c.crowd or c.group_of, np.bool_, True)
    for row in rows_of(ctx.dataset.objects.crowd & ~allowed):
        message = f"{ctx.class_name(row)!r} does not allow crowd regions"
        yield ctx.object(CROWD, row, message, url=ctx.class_url(row))


def region_attributes(ctx: Context) -> Iterator[Finding]:
    for row, values in sorted(ctx.dataset.objects.attributes.items()):
        cls = ctx.class_of(row)
        if cls is not None and cls.spec.region is not None and values:
            message = f"{cls.name!r} is a {cls.spec.region} region and carries no attributes"
            yield ctx.object(REGION_ATTRIBUTES, row, message)


def relations(ctx: Context) -> Iterator[Finding]:
    for row, code, message in relation_problems(ctx):
        yield ctx.object(RELATION if code == "invalid" else RELATION_MISSING, row, message)


COMPUTED = CodeDoc(
    code="A013",
    name="computed-attribute-mismatch",
    family=FAMILY,
    summary="A computed attribute whose value is not what its definition derives.",
    why="Computed fields (difficulty from height, occlusion and truncation) must be re-derivable; "
    "a hand-edited value silently moves the object between evaluation subsets.",
    bad='{"box": [0, 0, 10, 20], "attributes": {"difficulty": "easy"}}  # easy needs height 40',
    good='{"box": [0, 0, 10, 20], "attributes": {"difficulty": "hard"}}',
)


def computed(ctx: Context) -> Iterator[Finding]:
    for row, name, given, expected in computed_mismatches(ctx):
        message = f"{name!r} is {given!r}, but its definition gives {expected!r}"
        yield ctx.object(COMPUTED, row, message)


CODES: tuple[CodeDoc, ...] = (
    LABEL_TYPE,
    ABSTRACT,
    DEPRECATED,
    ATTRIBUTE_UNKNOWN,
    ATTRIBUTE_TYPE,
    ATTRIBUTE_RANGE,
    ATTRIBUTE_MISSING,
    ATTRIBUTE_FORBIDDEN,
    CROWD,
    REGION_ATTRIBUTES,
    RELATION,
    RELATION_MISSING,
    COMPUTED,
)
CHECKS: tuple[Check, ...] = (
    Check(codes=(LABEL_TYPE,), run=label_type),
    Check(codes=(ABSTRACT,), run=abstract),
    Check(codes=(DEPRECATED,), run=deprecated),
    Check(
        codes=(ATTRIBUTE_UNKNOWN, ATTRIBUTE_TYPE, ATTRIBUTE_RANGE, ATTRIBUTE_FORBIDDEN),
        run=attribute_values,
    ),
    Check(codes=(ATTRIBUTE_MISSING,), run=attribute_missing),
    Check(codes=(CROWD,), run=crowd),
    Check(codes=(REGION_ATTRIBUTES,), run=region_attributes),
    Check(codes=(RELATION, RELATION_MISSING), run=relations),
    Check(codes=(COMPUTED,), run=computed),
)
