"""G: geometry. Boxes, polygons and masks must be well formed and lie inside their image.

All box and polygon checks run over whole columns at once; per-part bounds come from
``reduceat`` over the flat coordinate array, never from a Python loop over annotations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.containment import outside_container
from taxonomist.check.context import Check, Context, fmt, rows_of
from taxonomist.check.shapes import mask_areas, mask_vocabulary, part_bounds, stuff_values
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.dataset.rle import decode_counts

F64 = npt.NDArray[np.float64]
FAMILY = "geometry"
DEFAULT_TOLERANCE = 1.0

BOX_NONPOSITIVE = CodeDoc(
    code="G001",
    name="box-nonpositive",
    family=FAMILY,
    summary="A box with zero or negative width or height.",
    why="An empty box covers no pixels: it breaks IoU, crops and loss functions.",
    bad='{"bbox": [10, 10, -4, 20]}',
    good='{"bbox": [6, 10, 4, 20]}',
)
BOX_OUTSIDE = CodeDoc(
    code="G002",
    name="box-outside-image",
    family=FAMILY,
    summary="A box sticks out of its image by more than the label type's tolerance.",
    why="Out-of-image boxes come from wrong image sizes, swapped axes or unclipped exports; "
    "training crops them silently and learns the wrong extent.",
    bad='{"images": [{"id": 1, "width": 100, "height": 80}], "annotations": '
    '[{"image_id": 1, "bbox": [90, 10, 30, 20]}]}',
    good='{"images": [{"id": 1, "width": 100, "height": 80}], "annotations": '
    '[{"image_id": 1, "bbox": [90, 10, 10, 20]}]}',
)
AREA_INCONSISTENT = CodeDoc(
    code="G003",
    name="area-inconsistent",
    family=FAMILY,
    summary="An annotation's area disagrees with its box or its mask.",
    why="COCO evaluation buckets objects by area (small, medium, large); a wrong area moves "
    "them between buckets.",
    bad='{"bbox": [0, 0, 10, 10], "area": 500}',
    good='{"bbox": [0, 0, 10, 10], "area": 100}',
    severity=Severity.WARNING,
)
POLYGON_ODD = CodeDoc(
    code="G004",
    name="polygon-odd-length",
    family=FAMILY,
    summary="A polygon with an odd number of coordinates.",
    why="Polygons are flat x, y pairs; an odd count means a coordinate is missing and every "
    "point after it is read with x and y swapped.",
    bad='{"segmentation": [[0, 0, 10, 0, 10]]}',
    good='{"segmentation": [[0, 0, 10, 0, 10, 10]]}',
)
POLYGON_TOO_FEW = CodeDoc(
    code="G005",
    name="polygon-too-few-points",
    family=FAMILY,
    summary="A polygon with fewer points than its label type's minimum (3 by default).",
    why="Fewer than three points enclose no area; rasterisers drop or crash on them.",
    bad='{"segmentation": [[0, 0, 10, 0]]}',
    good='{"segmentation": [[0, 0, 10, 0, 10, 10]]}',
)
POLYGON_OUTSIDE = CodeDoc(
    code="G006",
    name="polygon-outside-image",
    family=FAMILY,
    summary="A polygon point lies outside its image.",
    why="Points outside the image are clipped or wrap around when rasterised.",
    bad='{"images": [{"width": 100, "height": 80}], "segmentation": [[0, 0, 150, 0, 150, 10]]}',
    good='{"images": [{"width": 100, "height": 80}], "segmentation": [[0, 0, 99, 0, 99, 10]]}',
)
RLE_SIZE = CodeDoc(
    code="G007",
    name="rle-size-mismatch",
    family=FAMILY,
    summary="A run-length mask whose size is not its image's height and width.",
    why="The mask is decoded with the wrong stride: every run lands in the wrong place.",
    bad='{"images": [{"width": 5, "height": 10}], "segmentation": {"size": [5, 10], ...}}',
    good='{"images": [{"width": 5, "height": 10}], "segmentation": {"size": [10, 5], ...}}',
)
RLE_COUNTS = CodeDoc(
    code="G008",
    name="rle-counts-invalid",
    family=FAMILY,
    summary="Run-length counts that do not sum to height x width, or cannot be decoded.",
    why="A mask whose runs do not cover the image exactly is truncated or overflows.",
    bad='{"segmentation": {"size": [10, 5], "counts": [0, 20, 20]}}',
    good='{"segmentation": {"size": [10, 5], "counts": [0, 20, 30]}}',
)
MASK_VALUE = CodeDoc(
    code="G009",
    name="mask-value-unknown",
    family=FAMILY,
    summary="A mask pixel value that is no class of the taxonomy (nor its void value).",
    why="Unknown values are trained as a class that does not exist or silently ignored.",
    bad="mask.png contains value 57; no class has id 57",
    good="mask.png contains only class ids and the void value 255",
)


def _has_box(ctx: Context) -> npt.NDArray[np.bool_]:
    return ~np.isnan(ctx.dataset.objects.box[:, 0])


def box_nonpositive(ctx: Context) -> Iterator[Finding]:
    box = ctx.dataset.objects.box
    bad = (box[:, 2] <= 0) | (box[:, 3] <= 0)
    for row in rows_of(bad):
        w, h = box[row, 2], box[row, 3]
        yield ctx.object(BOX_NONPOSITIVE, row, f"box width {fmt(w)} and height {fmt(h)}: not > 0")


def _box_spec(ctx: Context, attribute: str, default: Any) -> Any:
    def fact(cls: Any) -> Any:
        spec = ctx.label_type(cls, ("box",))
        return default if spec is None else getattr(spec, attribute)

    return ctx.for_objects(f"box.{attribute}", fact, type(default), default)


def box_outside(ctx: Context) -> Iterator[Finding]:
    box = ctx.dataset.objects.box
    width, height = ctx.image_size()
    tol = _box_spec(ctx, "tolerance", DEFAULT_TOLERANCE)
    clip = _box_spec(ctx, "clip_to_image", True)
    x0, y0, x1, y1 = box[:, 0], box[:, 1], box[:, 0] + box[:, 2], box[:, 1] + box[:, 3]
    sticks_out = (x0 < -tol) | (y0 < -tol) | (x1 > width + tol) | (y1 > height + tol)
    disjoint = (x0 >= width) | (y0 >= height) | (x1 <= 0) | (y1 <= 0)
    for row in rows_of(np.where(clip, sticks_out, disjoint)):
        where = f"[{fmt(x0[row])}, {fmt(y0[row])}, {fmt(x1[row])}, {fmt(y1[row])}] (x0 y0 x1 y1)"
        size = f"{fmt(width[row])}x{fmt(height[row])}"
        yield ctx.object(BOX_OUTSIDE, row, f"box {where} is outside the {size} image")


def area_inconsistent(ctx: Context) -> Iterator[Finding]:
    objects = ctx.dataset.objects
    box, area = objects.box, objects.area
    # crowd boxes are loose in real exports; masks are compared exactly below
    bound = (box[:, 2] + 1) * (box[:, 3] + 1) + 1
    has_mask = np.zeros(len(area), dtype=np.bool_)
    has_mask[list(objects.rle)] = True
    positive = (box[:, 2] > 0) & (box[:, 3] > 0)  # G001 reports empty boxes
    too_big = (area > bound) & positive & ~objects.crowd & ~has_mask
    for row in rows_of(too_big | (area < 0)):
        yield ctx.object(AREA_INCONSISTENT, row, f"area {fmt(area[row])} does not fit the box")
    for row, pixels in sorted(mask_areas(ctx).items()):
        value = area[row]
        if np.isfinite(value) and abs(value - pixels) > max(1.0, 0.01 * pixels):
            message = f"area {fmt(value)} but the mask has {pixels} pixels"
            yield ctx.object(AREA_INCONSISTENT, row, message)


def polygon_odd(ctx: Context) -> Iterator[Finding]:
    polygons = ctx.dataset.objects.polygons
    lengths = polygons.lengths()
    for part in rows_of(lengths % 2 == 1):
        message = f"polygon part has {lengths[part]} coordinates, an odd number"
        yield ctx.object(POLYGON_ODD, int(polygons.owner[part]), message)


def polygon_too_few(ctx: Context) -> Iterator[Finding]:
    polygons = ctx.dataset.objects.polygons

    def fact(cls: Any) -> int:
        spec = ctx.label_type(cls, ("polygon",))
        return 3 if spec is None else int(spec.min_points)

    minimum = ctx.for_objects("polygon.min_points", fact, np.int64, 3)[polygons.owner]
    points = polygons.lengths() // 2
    for part in rows_of(points < minimum):
        message = f"polygon part has {points[part]} points; at least {minimum[part]} are needed"
        yield ctx.object(POLYGON_TOO_FEW, int(polygons.owner[part]), message)


def polygon_outside(ctx: Context) -> Iterator[Finding]:
    polygons = ctx.dataset.objects.polygons
    if not len(polygons):
        return
    width, height = ctx.image_size()
    w, h = width[polygons.owner], height[polygons.owner]
    tol = DEFAULT_TOLERANCE
    # The least value, NaN (out of range) ignored, without copying the finite ones out.
    lower = bool(polygons.values.size) and float(np.fmin.reduce(polygons.values)) < -tol
    x0, y0, x1, y1 = part_bounds(polygons, lower=lower)
    bad = (x1 > w + tol) | (y1 > h + tol)
    if lower:
        bad |= (x0 < -tol) | (y0 < -tol)
    for part in rows_of(bad):
        span = f"x up to {fmt(x1[part])}, y up to {fmt(y1[part])}"
        if lower:
            span = f"x {fmt(x0[part])}..{fmt(x1[part])}, y {fmt(y0[part])}..{fmt(y1[part])}"
        message = f"polygon spans {span}, outside the {fmt(w[part])}x{fmt(h[part])} image"
        yield ctx.object(POLYGON_OUTSIDE, int(polygons.owner[part]), message)


def rle_size(ctx: Context) -> Iterator[Finding]:
    images, objects = ctx.dataset.images, ctx.dataset.objects
    for row, rle in sorted(objects.rle.items()):
        image = int(objects.image[row])
        if image < 0:
            continue
        h, w = images.height[image], images.width[image]
        if np.isfinite(h) and np.isfinite(w) and (rle.height, rle.width) != (int(h), int(w)):
            message = (
                f"mask size [{rle.height}, {rle.width}] (h, w) is not the image's "
                f"[{fmt(h)}, {fmt(w)}]"
            )
            yield ctx.object(RLE_SIZE, row, message)


def rle_counts(ctx: Context) -> Iterator[Finding]:
    for row, rle in sorted(ctx.dataset.objects.rle.items()):
        runs = max(rle.height * rle.width, 0) + 1  # a mask of N pixels has at most N + 1 runs
        counts = rle.counts if isinstance(rle.counts, list) else decode_counts(rle.counts, runs)
        if counts is None:
            yield ctx.object(RLE_COUNTS, row, "the compressed counts string cannot be decoded")
            continue
        if any(not isinstance(c, int) or isinstance(c, bool) or c < 0 for c in counts):
            yield ctx.object(RLE_COUNTS, row, "counts must be non-negative integers")
            continue
        total, expected = sum(counts), rle.height * rle.width
        if total != expected:
            message = f"counts sum to {total}, not height x width = {expected}"
            yield ctx.object(RLE_COUNTS, row, message)


def mask_value(ctx: Context) -> Iterator[Finding]:
    """Pixel values a mask reader found (``Images.masks.values``: image row -> values), each
    read through the id space the dataset says the mask is in (``masks.space``), else any
    mask id space; and instance numbers of classes that have none (``masks.instance_base``)."""
    masks = ctx.dataset.images.masks
    vocabularies: dict[str | None, set[int]] = {}
    for image, values in sorted(masks.values.items()):
        space = masks.space.get(image)
        if space not in vocabularies:
            vocabularies[space] = mask_vocabulary(ctx, space)
        unknown = sorted(set(values) - vocabularies[space])
        if not unknown:
            continue
        shown = [_mask_value(v, space) for v in unknown]
        listed = ", ".join(shown[:10]) + (" ..." if len(unknown) > 10 else "")
        first = masks.examples.get(image, {}).get(unknown[0])
        where = f" (value {shown[0]} first at x, y = {tuple(first)})" if first else ""
        message = f"mask values {listed} are no class of the taxonomy{_in_space(space)}{where}"
        yield ctx.image(MASK_VALUE, image, message)
    yield from _stuff_instances(ctx)


def _mask_value(value: int, space: str | None) -> str:
    if space == "color":
        return f"({value >> 16}, {(value >> 8) & 255}, {value & 255})"
    return str(value)


def _in_space(space: str | None) -> str:
    if space is None:
        return ""
    if space == "color":
        return "'s colours"
    return " ids" if space == "id" else f"'s {space} id space"


def _stuff_instances(ctx: Context) -> Iterator[Finding]:
    """Instance numbers (``class x base + n``) of a class without instances: Cityscapes'
    json2instanceImg.py numbers only ``hasInstances`` classes."""
    masks = ctx.dataset.images.masks
    spaces: dict[str | None, dict[int, str]] = {}
    for image, base in sorted(masks.instance_base.items()):
        space = masks.space.get(image)
        if space not in spaces:
            spaces[space] = stuff_values(ctx, space)
        stuff = spaces[space]
        wrong = [v for v in masks.instances.get(image, []) if v // base in stuff]
        if not wrong:
            continue
        value = wrong[0]
        name = stuff[value // base]
        more = f" and {len(wrong) - 1} more" if len(wrong) > 1 else ""
        message = (
            f"mask value {value}{more}: instance {value % base} of {name!r} "
            f"({space or 'id'} {value // base}),"
            " a class without instances (stuff)"
        )
        hint = "stuff classes are painted with their plain id; only things are numbered"
        yield ctx.image(MASK_VALUE, image, message, hint=hint)


SHAPE_OUTSIDE = CodeDoc(
    code="G010",
    name="shape-outside-its-box",
    family=FAMILY,
    summary="A shape outside the box its label type says it lies inside (`inside: box`).",
    why="Linked shapes of one object must agree: a visible box or an outline outside the full "
    "box means one of them belongs to another object or was drawn carelessly.",
    bad='{"box": [0, 0, 50, 50], "shapes": {"visible_box": [40, 40, 30, 30]}}',
    good='{"box": [0, 0, 50, 50], "shapes": {"visible_box": [20, 20, 30, 30]}}',
)


def shape_outside(ctx: Context) -> Iterator[Finding]:
    for row, inner, outer in outside_container(ctx):
        message = f"the {inner!r} shape is not inside the {outer!r} box"
        yield ctx.object(SHAPE_OUTSIDE, row, message)


CROWD_POLYGON = CodeDoc(
    code="G011",
    name="crowd-not-rle",
    family=FAMILY,
    summary="A COCO crowd region (iscrowd: 1) drawn as polygons instead of a run-length mask.",
    why="COCO tools expect crowd regions as RLE; polygons there are usually an export that lost "
    "the crowd's mask or flagged a single object as a crowd.",
    bad='{"iscrowd": 1, "segmentation": [[0, 0, 10, 0, 10, 10]]}',
    good='{"iscrowd": 1, "segmentation": {"size": [480, 640], "counts": "..."}}',
    severity=Severity.WARNING,
)


def crowd_not_rle(ctx: Context) -> Iterator[Finding]:
    objects = ctx.dataset.objects
    if not ctx.dataset.crowd_is_rle or not objects.crowd.any():
        return
    has_polygon = np.zeros(len(objects), dtype=np.bool_)
    has_polygon[objects.polygons.owner] = True
    has_polygon[list(objects.rle)] = False
    for row in rows_of(objects.crowd & has_polygon):
        yield ctx.object(CROWD_POLYGON, row, "the crowd region is polygons, not an RLE mask")


CODES: tuple[CodeDoc, ...] = (
    BOX_NONPOSITIVE,
    BOX_OUTSIDE,
    AREA_INCONSISTENT,
    POLYGON_ODD,
    POLYGON_TOO_FEW,
    POLYGON_OUTSIDE,
    RLE_SIZE,
    RLE_COUNTS,
    MASK_VALUE,
    SHAPE_OUTSIDE,
    CROWD_POLYGON,
)
CHECKS: tuple[Check, ...] = (
    Check(codes=(BOX_NONPOSITIVE,), run=box_nonpositive),
    Check(codes=(BOX_OUTSIDE,), run=box_outside),
    Check(codes=(AREA_INCONSISTENT,), run=area_inconsistent),
    Check(codes=(POLYGON_ODD,), run=polygon_odd),
    Check(codes=(POLYGON_TOO_FEW,), run=polygon_too_few),
    Check(codes=(POLYGON_OUTSIDE,), run=polygon_outside),
    Check(codes=(RLE_SIZE,), run=rle_size),
    Check(codes=(RLE_COUNTS,), run=rle_counts),
    Check(codes=(MASK_VALUE,), run=mask_value),
    Check(codes=(SHAPE_OUTSIDE,), run=shape_outside),
    Check(codes=(CROWD_POLYGON,), run=crowd_not_rle),
)
