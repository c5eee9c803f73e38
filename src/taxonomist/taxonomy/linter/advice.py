"""T9xx: warnings and hints that do not stop a load (definitions, examples, colours)."""

from __future__ import annotations

import json
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.taxonomy.colors import close_pairs
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.paths import inside_directory, is_file

DEPRECATED_WITHOUT_REPLACEMENT = CodeDoc(
    code="T901",
    name="deprecated-without-replacement",
    family="warnings",
    summary="A deprecated class names no replaced_by (or split_into).",
    why="Migration cannot move old annotations anywhere.",
    bad="old: {id: 4, deprecated: true}",
    good="old: {id: 4, deprecated: true, replaced_by: new}",
    severity=Severity.WARNING,
)

NO_DEFINITION = CodeDoc(
    code="T902",
    name="no-definition",
    family="warnings",
    summary="A labellable class has no definition.",
    why="Annotators read the definition to decide.",
    bad="cup: {id: 47}",
    good="cup: {id: 47, definition: A small open drinking vessel.}",
    severity=Severity.WARNING,
)

NO_DO_EXAMPLE = CodeDoc(
    code="T903",
    name="no-do-example",
    family="warnings",
    summary="A labellable class has no 'do' example.",
    why="Examples teach faster than text.",
    bad="(no rule example shows the class)",
    good="examples: [{verdict: do, ...}]",
    severity=Severity.INFO,
)

COLORS_TOO_CLOSE = CodeDoc(
    code="T904",
    name="colors-too-close",
    family="warnings",
    summary="Two class colours are hard to tell apart.",
    why="Reviewers misread drawn annotations.",
    bad="a: {color: '#ff0000'}\nb: {color: '#fe0101'}",
    good="b: {color: '#0000ff'}",
    severity=Severity.WARNING,
)

NO_LABEL_TYPE = CodeDoc(
    code="T905",
    name="no-label-type",
    family="warnings",
    summary="A labellable class has no label type, its own or inherited.",
    why="Nobody can annotate it: no shape to draw, no tag to set.",
    bad="cat: {id: 17}",
    good="cat: {id: 17, label_types: [box]}",
    severity=Severity.WARNING,
)

CODES: tuple[CodeDoc, ...] = (
    DEPRECATED_WITHOUT_REPLACEMENT,
    NO_DEFINITION,
    NO_DO_EXAMPLE,
    COLORS_TOO_CLOSE,
    NO_LABEL_TYPE,
)


# CIE76 distance below which two colours are hard to tell apart at a glance.
CLOSE_COLORS = 10.0
# Example annotation files larger than this are not read for the classes they show.
MAX_EXAMPLE_BYTES = 2 * 1024 * 1024
# Past this many classes without a "do" example, one summary finding replaces the list.
SUMMARISE_AFTER = 20


def check_deprecated(ctx: Ctx) -> None:
    for name, spec in ctx.specs.items():
        if spec.deprecated and spec.replaced_by is None and not spec.split_into:
            hint = "name what replaces it: replaced_by: NAME, or split_into: [A, B]"
            ctx.emit(
                DEPRECATED_WITHOUT_REPLACEMENT,
                f"deprecated class {name!r} names no replacement",
                f"/classes/{name}/deprecated",
                hint,
            )


def check_definitions(ctx: Ctx) -> None:
    for name, cls in ctx.tax.classes.items():
        if cls.labellable and not cls.spec.definition:
            hint = "say what counts as this class in one or two sentences"
            ctx.emit(NO_DEFINITION, f"class {name!r} has no definition", f"/classes/{name}", hint)


def check_label_types(ctx: Ctx) -> None:
    for name, cls in ctx.tax.classes.items():
        if cls.labellable and not cls.label_types:
            hint = "add label_types: [...] to the class or to a parent it inherits from"
            message = f"class {name!r} has no label type, so it can be neither drawn nor tagged"
            ctx.emit(NO_LABEL_TYPE, message, f"/classes/{name}", hint)


def _with_do_example(ctx: Ctx) -> set[str]:
    """Classes a rule with a "do" example targets, or that a "do" example's file shows."""
    covered: set[str] = set()
    for rule in ctx.tax.rules.values():
        for example in rule.rule.examples:
            if example.verdict == "do":
                covered |= rule.classes
                covered |= _shown(inside_directory(example.annotation, rule.base_dir))
    return covered


def _shown(path: Path | None) -> set[str]:
    """Class names in a native annotation file (best effort: the checker verifies examples)."""
    try:
        if path is None or not is_file(path) or path.stat().st_size > MAX_EXAMPLE_BYTES:
            return set()
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return set()
    images = data.get("images", []) if isinstance(data, dict) else []
    return {
        obj["class"]
        for image in images
        if isinstance(image, dict) and isinstance(image.get("objects"), list)
        for obj in image["objects"]
        if isinstance(obj, dict) and isinstance(obj.get("class"), str)
    }


def check_do_examples(ctx: Ctx) -> None:
    covered = _with_do_example(ctx)
    missing = [n for n, c in ctx.tax.classes.items() if c.labellable and n not in covered]
    hint = "add a rule example with verdict: do showing the class"
    if len(missing) > SUMMARISE_AFTER:
        shown = ", ".join(missing[:10])
        message = f"{len(missing)} classes have no 'do' example ({shown}, ...)"
        ctx.emit(NO_DO_EXAMPLE, message, "/classes", hint)
        return
    for name in missing:
        ctx.emit(NO_DO_EXAMPLE, f"class {name!r} has no 'do' example", f"/classes/{name}", hint)


def check_colors(ctx: Ctx) -> None:
    """One warning per class whose colour is close to an earlier one. A large palette cannot
    keep every pair apart; a project that accepts that says so with ``checks: {T904:
    {severity: info}}`` rather than the code changing its severity on its own."""
    named = [(n, c.spec.color) for n, c in ctx.tax.classes.items() if c.labellable and c.spec.color]
    colors = [str(c) for _, c in named]
    nearest: dict[int, tuple[int, float]] = {}
    for i, j, distance in close_pairs(colors, CLOSE_COLORS):
        if j not in nearest or distance < nearest[j][1]:
            nearest[j] = (i, distance)  # one finding per class: its closest earlier colour
    for j, (i, distance) in sorted(nearest.items()):
        (first, one), (second, two) = named[i], named[j]
        message = (
            f"colour {two} of {second!r} is hard to tell from {one} of {first!r}"
            f" (ΔE {distance:.1f})"
        )
        hint = (
            f"pick a colour at least {CLOSE_COLORS:g} ΔE away, or leave it out to get one assigned"
        )
        ctx.emit(COLORS_TOO_CLOSE, message, f"/classes/{second}/color", hint)


FAMILY = (
    check_deprecated,
    check_definitions,
    check_label_types,
    check_do_examples,
    check_colors,
)
