"""T4xx: keypoint schemas, attribute definitions, regions and label maps make sense."""

from __future__ import annotations

from collections import Counter
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.linter.vocabulary import did_you_mean

UNKNOWN_KEYPOINT = CodeDoc(
    code="T206",
    name="unknown-keypoint",
    family="keypoints",
    summary="A skeleton edge, flip pair or sigma names no keypoint.",
    why="Flipping and OKS would use the wrong points.",
    bad="skeleton: [[nose, eye]]",
    good="skeleton: [[nose, left_eye]]",
)

BAD_FLIP_PAIR = CodeDoc(
    code="T401",
    name="bad-flip-pair",
    family="keypoints",
    summary="A keypoint is paired with itself or in two flip pairs.",
    why="Horizontal flips would scramble left and right.",
    bad="flip_pairs: [[left_eye, right_eye], [left_eye, left_ear]]",
    good="flip_pairs: [[left_eye, right_eye], [left_ear, right_ear]]",
)

DUPLICATE_KEYPOINT = CodeDoc(
    code="T402",
    name="duplicate-keypoint",
    family="keypoints",
    summary="A keypoint name appears twice.",
    why="Keypoints are addressed by position and name.",
    bad="keypoints: [nose, nose]",
    good="keypoints: [nose, left_eye]",
)

BAD_ORDINAL_EDGES = CodeDoc(
    code="T403",
    name="bad-ordinal-edges",
    family="attributes",
    summary="Ordinal edges do not increase, or labels do not match the bins.",
    why="Values could not be binned.",
    bad="edges: [0, 60, 40]",
    good="edges: [0, 40, 60]",
)

BAD_RANGE = CodeDoc(
    code="T404",
    name="bad-range",
    family="attributes",
    summary="A minimum is larger than its maximum.",
    why="No value could satisfy it.",
    bad="min: 10\nmax: 1",
    good="min: 1\nmax: 10",
)

REGION_WITH_ATTRIBUTES = CodeDoc(
    code="T405",
    name="region-with-attributes",
    family="attributes",
    summary="A special region (ignore, crowd, ...) carries attributes.",
    why="Regions are not objects; attributes on them mean nothing.",
    bad="ignore: {region: ignore, attributes: {occlusion: required}}",
    good="ignore: {region: ignore}",
)

LABEL_MAP_INCOMPLETE = CodeDoc(
    code="T406",
    name="label-map-incomplete",
    family="label maps",
    summary="A complete label map misses a labellable class.",
    why="Mapped datasets would drop objects.",
    bad="map: {car: vehicle}  # bus missing",
    good="map: {car: vehicle, bus: vehicle}",
)

BAD_EXCLUSIVE_GROUP = CodeDoc(
    code="T407",
    name="bad-exclusive-group",
    family="attributes",
    summary="An exclusive group names a value or class not in its list.",
    why="The group could never be enforced.",
    bad="exclusive_groups: [[day, nite]]",
    good="exclusive_groups: [[day, night]]",
)

CODES: tuple[CodeDoc, ...] = (
    UNKNOWN_KEYPOINT,
    BAD_FLIP_PAIR,
    DUPLICATE_KEYPOINT,
    BAD_ORDINAL_EDGES,
    BAD_RANGE,
    REGION_WITH_ATTRIBUTES,
    LABEL_MAP_INCOMPLETE,
    BAD_EXCLUSIVE_GROUP,
)


def check_keypoints(ctx: Ctx) -> None:
    for name, label_type in ctx.section("label_types").items():
        if isinstance(label_type, m.KeypointLabel):
            _keypoint_schema(ctx, label_type, f"/label_types/{name}")


def _keypoint_schema(ctx: Ctx, spec: m.KeypointLabel, base: str) -> None:
    names = spec.keypoints
    for point, count in Counter(names).items():
        if count > 1:
            index = len(names) - 1 - names[::-1].index(point)
            ctx.emit(
                DUPLICATE_KEYPOINT,
                f"keypoint {point!r} is listed {count} times",
                f"{base}/keypoints/{index}",
            )
    known = set(names)
    for key in ("skeleton", "flip_pairs"):
        for i, pair in enumerate(getattr(spec, key)):
            for j, point in enumerate(pair):
                _need_point(ctx, point, known, f"{base}/{key}/{i}/{j}", key.replace("_", " "))
    for point in spec.sigmas:
        _need_point(ctx, point, known, f"{base}/sigmas/{point}", "sigma")
    _flip_pairs(ctx, spec.flip_pairs, f"{base}/flip_pairs")
    if spec.min_visible > len(names):
        message = f"min_visible {spec.min_visible} is more than the {len(names)} keypoints"
        ctx.emit(BAD_RANGE, message, f"{base}/min_visible")


def _need_point(ctx: Ctx, point: str, known: set[str], ptr: str, what: str) -> None:
    if point not in known:
        hint = did_you_mean(point, sorted(known))
        ctx.emit(UNKNOWN_KEYPOINT, f"{what} names {point!r}, which is not a keypoint", ptr, hint)


def _flip_pairs(ctx: Ctx, pairs: list[tuple[str, str]], base: str) -> None:
    seen: dict[str, int] = {}
    for i, (left, right) in enumerate(pairs):
        if left == right:
            ctx.emit(BAD_FLIP_PAIR, f"{left!r} is paired with itself", f"{base}/{i}", _self_hint())
            continue
        for j, point in enumerate((left, right)):
            if point in seen:
                message = f"{point!r} is in flip pairs {seen[point]} and {i}"
                ctx.emit(BAD_FLIP_PAIR, message, f"{base}/{i}/{j}", "each keypoint has one mirror")
            seen.setdefault(point, i)


def _self_hint() -> str:
    return "leave centre keypoints (nose, neck) out of flip_pairs"


def check_attributes(ctx: Ctx) -> None:
    for name, attr in ctx.section("attributes").items():
        base = f"/attributes/{name}"
        if isinstance(attr, m.OrdinalAttribute):
            _ordinal(ctx, attr, base)
        elif isinstance(attr, m.NumberAttribute):
            _range(ctx, attr.min, attr.max, base)
        elif isinstance(attr, m.EnumAttribute):
            _groups(ctx, attr.exclusive_groups, list(attr.values), f"{base}/exclusive_groups")


def _ordinal(ctx: Ctx, attr: m.OrdinalAttribute, base: str) -> None:
    edges = attr.edges
    for i in range(1, len(edges)):
        if edges[i] <= edges[i - 1]:
            message = f"edge {edges[i]:g} does not increase after {edges[i - 1]:g}"
            ctx.emit(BAD_ORDINAL_EDGES, message, f"{base}/edges/{i}", "list edges from low to high")
    if attr.labels is not None and len(attr.labels) != len(edges) - 1:
        bins = len(edges) - 1
        message = f"{len(attr.labels)} labels for {bins} bins ({len(edges)} edges)"
        ctx.emit(
            BAD_ORDINAL_EDGES, message, f"{base}/labels", "give one label per bin: len(edges) - 1"
        )


def _range(ctx: Ctx, low: Any, high: Any, base: str) -> None:
    lo, hi = ctx.tax.threshold(low), ctx.tax.threshold(high)
    if lo is not None and hi is not None and lo > hi:
        ctx.emit(BAD_RANGE, f"min {lo:g} is larger than max {hi:g}", f"{base}/min")


def _groups(ctx: Ctx, groups: list[list[Any]], allowed: list[Any], base: str) -> None:
    for i, group in enumerate(groups):
        for j, value in enumerate(group):
            if value not in allowed:
                message = f"exclusive group names {value!r}, which is not one of the values"
                ctx.emit(
                    BAD_EXCLUSIVE_GROUP,
                    message,
                    f"{base}/{i}/{j}",
                    did_you_mean(str(value), list(map(str, allowed))),
                )


def check_label_type_groups(ctx: Ctx) -> None:
    for name, label_type in ctx.section("label_types").items():
        if isinstance(label_type, m.MultiLabel) and label_type.classes is None:
            for i, group in enumerate(label_type.exclusive_groups):
                for j, cls in enumerate(group):
                    ctx.need_class(cls, f"/label_types/{name}/exclusive_groups/{i}/{j}", "class")
        elif isinstance(label_type, m.MultiLabel) and label_type.classes is not None:
            allowed: list[Any] = list(label_type.classes)
            _groups(
                ctx,
                [list(g) for g in label_type.exclusive_groups],
                allowed,
                f"/label_types/{name}/exclusive_groups",
            )


def check_regions(ctx: Ctx) -> None:
    for name, cls in ctx.tax.classes.items():
        if cls.spec.region is None or not cls.attributes:
            continue
        own = bool(cls.spec.attributes)
        ptr = f"/classes/{name}/attributes" if own else f"/classes/{name}/region"
        how = "" if own else " (inherited from its parents)"
        message = f"{cls.spec.region} region {name!r} carries attributes{how}"
        ctx.emit(
            REGION_WITH_ATTRIBUTES, message, ptr, "regions are not objects; remove the attributes"
        )


def check_label_maps(ctx: Ctx) -> None:
    labellable = [n for n, c in ctx.tax.classes.items() if c.labellable]
    for name, label_map in ctx.section("label_maps").items():
        if not label_map.complete:
            continue
        missing = [n for n in labellable if n not in label_map.map]
        if missing:
            shown = ", ".join(missing[:8]) + (", ..." if len(missing) > 8 else "")
            message = f"label map {name!r} does not map {len(missing)} class(es): {shown}"
            hint = "map them (null drops a class), or set complete: false"
            ctx.emit(LABEL_MAP_INCOMPLETE, message, f"/label_maps/{name}/map", hint)


FAMILY = (
    check_keypoints,
    check_attributes,
    check_label_type_groups,
    check_regions,
    check_label_maps,
)
