"""L: image-level labels (binary questions, multi-class, multi-label) per image.

Images carry ``labels``: label-type name -> value (native files), or the file gives each
image-level label as an object without geometry (COCO image-label files), gathered here by
label type. Only files that carry image labels at all pay for this family; in those, every
image answers: a question the file answers somewhere must be answered on every image
(binary and multi-class: exactly one value), and ``min_labels``/``max_labels`` hold for
every image.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np

from taxonomist.check.context import Check, Context
from taxonomist.check.matching import suggest
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding
from taxonomist.core.text import MESSAGE_LIMIT
from taxonomist.taxonomy import model as m

FAMILY = "labels"

NOT_ONE = CodeDoc(
    code="L001",
    name="multi-class-not-one",
    family=FAMILY,
    summary="A multi-class label that is missing or is not exactly one class.",
    why="Multi-class means every image gets exactly one answer; zero or two answers cannot be "
    "trained with a softmax and usually mean the annotator was unsure.",
    bad='{"labels": {"scene": ["indoor", "outdoor"]}}',
    good='{"labels": {"scene": "indoor"}}',
)
EXCLUSIVE = CodeDoc(
    code="L002",
    name="exclusive-labels",
    family=FAMILY,
    summary="Two labels from one mutually exclusive group on the same image.",
    why="The taxonomy says these cannot both be true; one of them is wrong.",
    bad='{"labels": {"tags": ["sunny", "rainy"]}}',
    good='{"labels": {"tags": ["sunny"]}}',
)
BINARY = CodeDoc(
    code="L003",
    name="binary-value",
    family=FAMILY,
    summary="A binary label with a value other than its two values.",
    why="A third value (null, 'maybe', 2) cannot be trained as yes/no and is silently coerced.",
    bad='{"labels": {"blurry": "maybe"}}',
    good='{"labels": {"blurry": false}}',
)
CLASS_NOT_ALLOWED = CodeDoc(
    code="L004",
    name="label-class-not-allowed",
    family=FAMILY,
    summary="An image label naming a class that is unknown or not allowed for that label type.",
    why="Each image-level label type has its own class list; other names are typos or belong "
    "to another question.",
    bad='{"labels": {"scene": "sunny"}}',
    good='{"labels": {"scene": "outdoor"}}',
)
UNKNOWN_TYPE = CodeDoc(
    code="L005",
    name="label-type-unknown",
    family=FAMILY,
    summary="An image label under a name that is no image-level label type of the taxonomy.",
    why="Labels under unknown keys are never read by anything that follows the taxonomy.",
    bad='{"labels": {"secene": "indoor"}}',
    good='{"labels": {"scene": "indoor"}}',
)
TOO_FEW = CodeDoc(
    code="L006",
    name="too-few-labels",
    family=FAMILY,
    summary="A multi-label answer, or a missing one, with fewer labels than min_labels.",
    why="The label type promises at least this many answers per image.",
    bad='{"labels": {"tags": []}}  # min_labels: 1',
    good='{"labels": {"tags": ["sunny"]}}',
)
TOO_MANY = CodeDoc(
    code="L007",
    name="too-many-labels",
    family=FAMILY,
    summary="A multi-label answer with more labels than the label type's max_labels.",
    why="The label type promises at most this many answers per image; more usually means an "
    "annotator ticked everything that might apply.",
    bad='{"labels": {"tags": ["sunny", "night", "snow"]}}  # max_labels: 2',
    good='{"labels": {"tags": ["sunny", "night"]}}',
)


def _allowed(ctx: Context, name: str, spec: m.MultiClassLabel | m.MultiLabel) -> frozenset[str]:
    if spec.classes:
        return ctx.taxonomy.expand(spec.classes)
    return frozenset(c.name for c in ctx.classes if name in c.label_types)


def _labelled(ctx: Context) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(image_labels(ctx))


def image_labels(ctx: Context) -> list[dict[str, Any]]:
    """Every image's labels by label-type name; empty when the file carries none."""
    if "image_labels" not in ctx.cache:
        own = ctx.dataset.images.labels or []
        if any(isinstance(labels, dict) and labels for labels in own):
            found = [labels if isinstance(labels, dict) else {} for labels in own]
        else:
            found = _from_objects(ctx)
        ctx.cache["image_labels"] = found
    labels: list[dict[str, Any]] = ctx.cache["image_labels"]
    return labels


def _from_objects(ctx: Context) -> list[dict[str, Any]]:
    """Image labels given as objects without a box whose class an image-level label type
    chooses from, as lists of class names per label type (empty when there are none)."""
    owners: dict[str, list[str]] = {}
    for name, spec in ctx.taxonomy.label_types.items():
        if isinstance(spec, m.MultiClassLabel | m.MultiLabel):
            for cls in sorted(_allowed(ctx, name, spec)):
                owners.setdefault(cls, []).append(name)
    objects = ctx.dataset.objects
    boxless = np.isnan(objects.box).all(axis=1) & ctx.known() & (objects.image >= 0)
    found: list[dict[str, Any]] = [{} for _ in range(len(ctx.dataset.images.ids))]
    labelled = False
    for row in np.flatnonzero(boxless).tolist():
        cls = ctx.classes[int(ctx.object_class[row])].name
        for name in owners.get(cls, []):
            found[int(objects.image[row])].setdefault(name, []).append(cls)
            labelled = True
    return found if labelled else []


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else int(value is not None)


def _used_types(ctx: Context) -> set[str]:
    return {key for _, labels in _labelled(ctx) for key in labels}


def not_one(ctx: Context) -> Iterator[Finding]:
    used = _used_types(ctx)
    for name, spec in ctx.taxonomy.label_types.items():
        if spec.kind != "multi_class" or name not in used:
            continue  # a file that answers the question at all must answer it everywhere
        for row, labels in _labelled(ctx):
            value = labels.get(name)
            count = _count(value)
            if count != 1 or (isinstance(value, list) and not isinstance(value[0], str)):
                message = f"{name!r} needs exactly one class, found {count}"
                yield ctx.image(NOT_ONE, row, message)


def _classes_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def class_not_allowed(ctx: Context) -> Iterator[Finding]:
    for row, labels in _labelled(ctx):
        for name, value in sorted(labels.items()):
            spec = ctx.taxonomy.label_types.get(name)
            if isinstance(spec, m.MultiClassLabel | m.MultiLabel):
                yield from _check_classes(ctx, row, name, _allowed(ctx, name, spec), value)


def _check_classes(
    ctx: Context, row: int, name: str, allowed: frozenset[str], value: Any
) -> Iterator[Finding]:
    for item in _classes_of(value):
        if item is None:
            continue
        cls = ctx.taxonomy.lookup(item) if isinstance(item, str) else None
        if cls is not None and cls.name in allowed:
            continue
        hint = None
        if cls is None and isinstance(item, str):
            close = suggest(ctx.taxonomy, item)
            hint = f"did you mean {' or '.join(map(repr, close))}?" if close else None
        why = "is no class" if cls is None else f"is not a class of {name!r}"
        yield ctx.image(CLASS_NOT_ALLOWED, row, f"{item!r} {why}", hint=hint)


def exclusive(ctx: Context) -> Iterator[Finding]:
    for row, labels in _labelled(ctx):
        for name, value in sorted(labels.items()):
            spec = ctx.taxonomy.label_types.get(name)
            if not isinstance(spec, m.MultiLabel) or not isinstance(value, list):
                continue
            chosen = {c.name for v in value if isinstance(v, str) and (c := ctx.taxonomy.lookup(v))}
            for group in spec.exclusive_groups:
                both = sorted(chosen & ctx.taxonomy.expand(group))
                if len(both) > 1:
                    message = f"{name!r}: {', '.join(both)} exclude each other"
                    yield ctx.image(EXCLUSIVE, row, message)


def too_few(ctx: Context) -> Iterator[Finding]:
    for name, spec in _multi_label(ctx):
        for row, labels in _labelled(ctx):
            count = _count(labels.get(name))
            if count < spec.min_labels:
                message = f"{name!r} has {count} labels; at least {spec.min_labels}"
                yield ctx.image(TOO_FEW, row, message)


def too_many(ctx: Context) -> Iterator[Finding]:
    for name, spec in _multi_label(ctx):
        for row, labels in _labelled(ctx):
            count = _count(labels.get(name))
            if spec.max_labels is not None and count > spec.max_labels:
                message = f"{name!r} has {count} labels; at most {spec.max_labels}"
                yield ctx.image(TOO_MANY, row, message)


def _multi_label(ctx: Context) -> list[tuple[str, m.MultiLabel]]:
    return [(n, s) for n, s in ctx.taxonomy.label_types.items() if isinstance(s, m.MultiLabel)]


def binary(ctx: Context) -> Iterator[Finding]:
    used = _used_types(ctx)
    for row, labels in _labelled(ctx):
        for name, spec in ctx.taxonomy.label_types.items():
            if not isinstance(spec, m.BinaryLabel) or name not in used:
                continue  # a file that answers the question at all must answer it everywhere
            first, second = (_json(v) for v in spec.values)
            if name not in labels:
                yield ctx.image(BINARY, row, f"{name!r} is not answered; use {first} or {second}")
            elif not _one_of(labels[name], spec.values):
                message = f"{name!r} is {_json(labels[name])}; use {first} or {second}"
                yield ctx.image(BINARY, row, message)


def _json(value: Any) -> str:
    """A value as the file writes it (true, not True)."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _one_of(value: Any, allowed: tuple[Any, Any]) -> bool:
    return any(isinstance(value, bool) == isinstance(a, bool) and value == a for a in allowed)


def unknown_type(ctx: Context) -> Iterator[Finding]:
    types = ctx.taxonomy.image_level_types()
    for row, labels in _labelled(ctx):
        for name in sorted(labels):
            if name not in types:
                hint = suggest_type(name, list(types))
                message = f"{name!r} is no image-level label type of the taxonomy"
                yield ctx.image(UNKNOWN_TYPE, row, message, hint=hint)


def suggest_type(name: str, names: list[str]) -> str | None:
    import difflib

    if len(name) > MESSAGE_LIMIT:  # no type is named like that; comparing would take seconds
        return None
    close = difflib.get_close_matches(name, names, 2)
    return f"did you mean {' or '.join(map(repr, close))}?" if close else None


CODES: tuple[CodeDoc, ...] = (
    NOT_ONE,
    EXCLUSIVE,
    BINARY,
    CLASS_NOT_ALLOWED,
    UNKNOWN_TYPE,
    TOO_FEW,
    TOO_MANY,
)
CHECKS: tuple[Check, ...] = (
    Check(codes=(NOT_ONE,), run=not_one),
    Check(codes=(EXCLUSIVE,), run=exclusive),
    Check(codes=(BINARY,), run=binary),
    Check(codes=(CLASS_NOT_ALLOWED,), run=class_not_allowed),
    Check(codes=(UNKNOWN_TYPE,), run=unknown_type),
    Check(codes=(TOO_FEW,), run=too_few),
    Check(codes=(TOO_MANY,), run=too_many),
)
