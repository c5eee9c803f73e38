"""K: keypoints. Counts, visibility flags and positions against the class's keypoint schema.

Every check but the length check reads the flat ``x``, ``y``, ``v`` columns of the
well-formed rows (``taxonomist.check.keypoints.triplets``), unpacked once per dataset.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Check, Context, fmt, rows_of
from taxonomist.check.keypoints import keypoint_types, per_type, row_types, triplets
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.resolved import normalize_name

I64 = npt.NDArray[np.int64]
FAMILY = "keypoints"
VISIBILITY = {"coco": (0, 1, 2), "binary": (0, 1)}
TOLERANCE = 1.0

LENGTH = CodeDoc(
    code="K001",
    name="keypoints-length",
    family=FAMILY,
    summary="A keypoint list whose length is not 3 x the number of keypoints of the class's "
    "schema.",
    why="Keypoints are matched to names by position; a short or long list shifts every name.",
    bad='{"keypoints": [10, 20, 2, 30, 40, 2]}  # the schema has 3 keypoints',
    good='{"keypoints": [10, 20, 2, 30, 40, 2, 0, 0, 0]}',
)
VISIBILITY_FLAG = CodeDoc(
    code="K002",
    name="keypoint-visibility",
    family=FAMILY,
    summary="A visibility flag outside the schema's values (coco: 0, 1, 2; binary: 0, 1).",
    why="Training code treats unknown flags as visible or drops the point; both are wrong. "
    "(Not checked in results files, where the third value is a detector's confidence.)",
    bad='{"keypoints": [10, 20, 3]}',
    good='{"keypoints": [10, 20, 2]}',
)
HIDDEN_COORDINATES = CodeDoc(
    code="K003",
    name="keypoint-unlabelled-coordinates",
    family=FAMILY,
    summary="A keypoint marked not labelled (v = 0) with non-zero coordinates.",
    why="v = 0 means the point was not placed; coordinates there are leftovers that tools and "
    "augmentation code may still read as a position. (A warning in results files, where "
    "placeholder coordinates are allowed.)",
    bad='{"keypoints": [20.25, 191, 0]}',
    good='{"keypoints": [0, 0, 0]}',
)
NUM_KEYPOINTS = CodeDoc(
    code="K004",
    name="num-keypoints-mismatch",
    family=FAMILY,
    summary="num_keypoints is not the number of keypoints with v > 0.",
    why="COCO evaluation skips objects with num_keypoints = 0; a wrong count hides or adds them.",
    bad='{"keypoints": [10, 20, 2, 0, 0, 0], "num_keypoints": 2}',
    good='{"keypoints": [10, 20, 2, 0, 0, 0], "num_keypoints": 1}',
)
OUTSIDE_BOX = CodeDoc(
    code="K005",
    name="keypoint-outside-box",
    family=FAMILY,
    summary="A labelled keypoint outside its object's box (an error when the keypoint label type "
    "declares `inside`).",
    why="A point outside the box belongs to another object or the box is too small.",
    bad='{"bbox": [0, 0, 10, 10], "keypoints": [30, 5, 2]}',
    good='{"bbox": [0, 0, 10, 10], "keypoints": [8, 5, 2]}',
    severity=Severity.WARNING,
)
TOO_FEW_VISIBLE = CodeDoc(
    code="K006",
    name="keypoints-too-few-labelled",
    family=FAMILY,
    summary="Fewer labelled keypoints (v > 0) than the schema's min_visible.",
    why="The guidelines say such objects get no keypoints (or no annotation); a near-empty "
    "skeleton teaches the model nothing but noise.",
    bad='{"keypoints": [10, 20, 2, 0, 0, 0, 0, 0, 0]}  # min_visible: 2',
    good='{"keypoints": [10, 20, 2, 14, 22, 2, 0, 0, 0]}',
)
SCHEMA_MISMATCH = CodeDoc(
    code="K007",
    name="keypoint-schema-mismatch",
    family=FAMILY,
    summary="A file category's keypoint names differ from the class's keypoint schema.",
    why="The file orders or names its keypoints differently, so every point is read as the "
    "wrong body part.",
    bad='{"name": "person", "keypoints": ["nose", "right_eye", "left_eye"]}',
    good='{"name": "person", "keypoints": ["nose", "left_eye", "right_eye"]}',
)


def _name(ctx: Context, kp_row: int, index: int) -> str:
    names = keypoint_types(ctx)[int(row_types(ctx)[kp_row])][1].keypoints
    return names[index] if index < len(names) else f"#{index}"


def length(ctx: Context) -> Iterator[Finding]:
    kp = ctx.dataset.objects.keypoints
    expected = 3 * per_type(ctx, lambda t: len(t.keypoints), np.int64, 0)
    lengths = kp.lengths()
    for part in rows_of((row_types(ctx) >= 0) & (lengths != expected)):
        message = f"{lengths[part]} keypoint values; the schema needs {expected[part]} (3 x K)"
        yield ctx.object(LENGTH, int(kp.owner[part]), message)


def visibility(ctx: Context) -> Iterator[Finding]:
    if ctx.dataset.is_results:  # detectors write a confidence there, not a visibility flag
        return
    t = triplets(ctx)
    binary = per_type(ctx, lambda s: s.visibility == "binary", np.bool_, False)[t.row]
    # A few equality tests, not np.isin (which sorts the million-point column).
    ok = np.zeros(t.v.shape, np.bool_)
    for flag in VISIBILITY["coco"]:
        ok |= (t.v == flag) if flag in VISIBILITY["binary"] else (t.v == flag) & ~binary
    owner = ctx.dataset.objects.keypoints.owner
    for i in rows_of(~ok):
        row, name = int(t.row[i]), _name(ctx, int(t.row[i]), int(t.index[i]))
        message = f"keypoint {name!r} has visibility {fmt(t.v[i])}, not one of the schema's"
        yield ctx.object(VISIBILITY_FLAG, int(owner[row]), message)


def hidden_coordinates(ctx: Context) -> Iterator[Finding]:
    t = triplets(ctx)
    bad = (t.v == 0) & ((t.x != 0) | (t.y != 0))
    severity = Severity.WARNING if ctx.dataset.is_results else None
    owner = ctx.dataset.objects.keypoints.owner
    for i in rows_of(bad):
        row, name = int(t.row[i]), _name(ctx, int(t.row[i]), int(t.index[i]))
        message = (
            f"keypoint {name!r} is not labelled (v = 0) but sits at ({fmt(t.x[i])}, {fmt(t.y[i])})"
        )
        yield ctx.object(HIDDEN_COORDINATES, int(owner[row]), message, severity=severity)


def _labelled_per_row(ctx: Context) -> I64:
    t = triplets(ctx)
    n = len(ctx.dataset.objects.keypoints)
    return np.bincount(t.row, weights=t.v > 0, minlength=n).astype(np.int64)


def num_keypoints(ctx: Context) -> Iterator[Finding]:
    objects = ctx.dataset.objects
    declared = objects.num_keypoints
    if declared is None or not len(objects.keypoints):
        return
    kp, t = objects.keypoints, triplets(ctx)
    counted = np.bincount(kp.owner[t.good], _labelled_per_row(ctx)[t.good], len(objects))
    has = np.bincount(kp.owner[t.good], minlength=len(objects)) > 0
    for row in rows_of(has & (declared >= 0) & (declared != counted)):
        message = f"num_keypoints is {declared[row]}, but {int(counted[row])} keypoints have v > 0"
        yield ctx.object(NUM_KEYPOINTS, row, message)


def outside_box(ctx: Context) -> Iterator[Finding]:
    t = triplets(ctx)
    objects = ctx.dataset.objects
    owner = objects.keypoints.owner
    # The box's edges per keypoint row (few), then spread to the points (many).
    box = objects.box[owner]
    x0, y0 = box[:, 0] - TOLERANCE, box[:, 1] - TOLERANCE
    x1, y1 = box[:, 0] + box[:, 2] + TOLERANCE, box[:, 1] + box[:, 3] + TOLERANCE
    r = t.row
    bad = (t.x < x0[r]) | (t.x > x1[r]) | (t.y < y0[r]) | (t.y > y1[r])
    bad &= t.v > 0
    strict = per_type(ctx, lambda s: s.inside is not None, np.bool_, False)
    for i in rows_of(bad):
        row = int(t.row[i])
        name = _name(ctx, row, int(t.index[i]))
        severity = Severity.ERROR if strict[row] else None
        message = f"keypoint {name!r} at ({fmt(t.x[i])}, {fmt(t.y[i])}) is outside the box"
        yield ctx.object(OUTSIDE_BOX, int(owner[row]), message, severity=severity)


def too_few_visible(ctx: Context) -> Iterator[Finding]:
    t = triplets(ctx)
    minimum = per_type(ctx, lambda s: s.min_visible, np.int64, 0)
    labelled = _labelled_per_row(ctx)
    owner = ctx.dataset.objects.keypoints.owner
    for row in rows_of(t.good & (labelled < minimum)):
        message = f"{labelled[row]} keypoints labelled; the schema asks for at least {minimum[row]}"
        yield ctx.object(TOO_FEW_VISIBLE, int(owner[row]), message)


def schema_mismatch(ctx: Context) -> Iterator[Finding]:
    matches = ctx.cache["matches"]
    for category, match in zip(ctx.dataset.categories, matches, strict=True):
        if not category.keypoints or match.cls is None:
            continue  # an empty name list (a real-world quirk) says nothing to compare
        spec = ctx.label_type(match.cls, ("keypoints",))
        if spec is None:
            continue
        theirs = [normalize_name(str(n)) for n in category.keypoints]
        if theirs != [normalize_name(n) for n in spec.keypoints]:
            message = (
                f"category {category.name!r} lists keypoints {category.keypoints}; the "
                f"taxonomy's order is {spec.keypoints}"
            )
            yield ctx.at(SCHEMA_MISMATCH, ctx.category_location(category), message)


CODES: tuple[CodeDoc, ...] = (
    LENGTH,
    VISIBILITY_FLAG,
    HIDDEN_COORDINATES,
    NUM_KEYPOINTS,
    OUTSIDE_BOX,
    TOO_FEW_VISIBLE,
    SCHEMA_MISMATCH,
)
CHECKS: tuple[Check, ...] = (
    Check(codes=(LENGTH,), run=length),
    Check(codes=(VISIBILITY_FLAG,), run=visibility),
    Check(codes=(HIDDEN_COORDINATES,), run=hidden_coordinates),
    Check(codes=(NUM_KEYPOINTS,), run=num_keypoints),
    Check(codes=(OUTSIDE_BOX,), run=outside_box),
    Check(codes=(TOO_FEW_VISIBLE,), run=too_few_visible),
    Check(codes=(SCHEMA_MISMATCH,), run=schema_mismatch),
)
