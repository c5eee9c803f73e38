"""T5xx: rules' examples exist inside the directory of the taxonomy file that declares them,
and their check parameters agree."""

from __future__ import annotations

from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.text import shorten
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.paths import inside_directory, is_file

PATH_OUTSIDE_PROJECT = CodeDoc(
    code="T212",
    name="path-outside-project",
    family="references",
    summary="An example path leaves the directory of the taxonomy file that declares it "
    "(.. or absolute).",
    why="Examples are drawn and published with the guidelines; a path out of the "
    "taxonomy's directory could publish any file. Bases and fragments (extends, "
    "include) may live anywhere.",
    bad="image: ../../etc/passwd",
    good="image: examples/cat.jpg",
)

EXAMPLE_MISSING = CodeDoc(
    code="T501",
    name="example-missing",
    family="examples",
    summary="An example image or annotation is missing.",
    why="The guideline page would show nothing and the example cannot be checked.",
    bad="image: examples/cat.jpeg",
    good="image: examples/cat.jpg",
)

BAD_CHECK_PARAMETERS = CodeDoc(
    code="T502",
    name="bad-check-parameters",
    family="rules",
    summary="A rule's check parameters contradict.",
    why="The check could never pass.",
    bad="count-per-image: {min: 3, max: 1}",
    good="count-per-image: {min: 1, max: 3}",
)

CODES: tuple[CodeDoc, ...] = (
    PATH_OUTSIDE_PROJECT,
    EXAMPLE_MISSING,
    BAD_CHECK_PARAMETERS,
)


def check_examples(ctx: Ctx) -> None:
    for rule_id, resolved in ctx.tax.rules.items():
        for i, example in enumerate(resolved.rule.examples):
            for key in ("image", "annotation"):
                value = getattr(example, key)
                ptr = f"/rules/{rule_id}/examples/{i}/{key}"
                target = inside_directory(value, resolved.base_dir)
                if target is None:
                    hint = "example files live in the taxonomy file's directory or below it"
                    message = (
                        f"example {key} {shorten(value, 80)!r} is outside the taxonomy's directory"
                    )
                    ctx.emit(PATH_OUTSIDE_PROJECT, message, ptr, hint)
                elif not is_file(target):
                    ctx.emit(
                        EXAMPLE_MISSING, f"example {key} {shorten(value, 80)!r} does not exist", ptr
                    )


_PAIRS = (
    ("min_width", "max_width"),
    ("min_height", "max_height"),
    ("min_area", "max_area"),
    ("min", "max"),
    ("min_iou", "max_iou"),
)


def check_parameters(ctx: Ctx) -> None:
    for rule_id, rule in ctx.section("rules").items():
        check = rule.check
        if check is None:
            continue
        for low, high in _PAIRS:
            _ordered(ctx, check, low, high, f"/rules/{rule_id}/check")
        _fraction(ctx, check, f"/rules/{rule_id}/check")


def _ordered(ctx: Ctx, check: Any, low: str, high: str, base: str) -> None:
    lo = ctx.tax.threshold(getattr(check, low, None)) if hasattr(check, low) else None
    hi = ctx.tax.threshold(getattr(check, high, None)) if hasattr(check, high) else None
    if lo is not None and hi is not None and lo > hi:
        message = f"{low} {lo:g} is larger than {high} {hi:g}: the check can never pass"
        ctx.emit(BAD_CHECK_PARAMETERS, message, f"{base}/{low}")


def _fraction(ctx: Ctx, check: Any, base: str) -> None:
    """A share or an IoU lies between 0 and 1, in whichever check kind has one."""
    for key in ("min_fraction", "max_iou", "min_iou"):
        value = ctx.tax.threshold(getattr(check, key, None))
        if value is not None and not 0.0 <= value <= 1.0:
            ctx.emit(
                BAD_CHECK_PARAMETERS, f"{key} {value:g} is not between 0 and 1", f"{base}/{key}"
            )


FAMILY = (check_examples, check_parameters)
