"""One page per label type: each shape a class is drawn with (how to draw it, its keypoints,
the classes drawn with it) and each image-level question (what it asks, the answers to choose
from with their definitions). Settings only a pipeline reads (formats, id spaces, OKS sigmas)
are in the collapsed block for the pipeline."""

from __future__ import annotations

from typing import Any

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    join,
    label_type_path,
    link,
    rel,
    rule_path,
    section,
    table,
)
from taxonomist.guidelines.pages.attributes import or_list
from taxonomist.guidelines.pages.crossrefs import offers
from taxonomist.guidelines.pages.pipeline import pipeline_block
from taxonomist.taxonomy.model import (
    IMAGE_LEVEL_KINDS,
    BinaryLabel,
    BoxLabel,
    KeypointLabel,
    LabelType,
    MaskLabel,
    MultiClassLabel,
    MultiLabel,
    PolygonLabel,
    PolylineLabel,
    threshold_name,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

INDEX = "label-types/index.md"
# Past this many answers a question's page lists them by name only, without definitions.
DEFINED_CHOICES = 150
# A question whose classes are all abstract or deprecated, or that no class names.
NO_ANSWERS = "The taxonomy offers no class to label as an answer yet; ask the project lead."

# How to draw each kind: the advice every project repeats (tight boxes, occluded parts,
# polygon precision, keypoint visibility flags); the taxonomy's own description comes first.
HOW_TO_DRAW: dict[str, str] = {
    "box": (
        "Draw the box tight: every edge touches the outermost visible pixel of the object, "
        "with no margin. {extent} Boxes stop at the image edge."
    ),
    "polygon": (
        "Trace the outline closely, with a point at every corner and enough points along "
        "curves that the polygon never strays more than a few pixels from the edge. "
        "Draw each separate visible part as its own part; do not bridge occluders."
    ),
    "polyline": "Follow the line's centre with a point at every bend, from one end to the other.",
    "mask": (
        "Paint every pixel of the object and nothing else; follow the edge at full zoom. "
        "Occluding objects are left out of the mask."
    ),
    "keypoints": (
        "Place each point on the joint or landmark it names. Left and right are the "
        "subject's own, not yours: the subject's left shoulder appears on your right when "
        "they face you. {visibility}"
    ),
    "binary": "Answer the question for the whole image.",
    "multi_class": "Choose exactly one class for the whole image.",
    "multi_label": "Choose every class that applies to the image; none may be fine.",
}
_EXTENT = {
    "full": "Guess the full extent of occluded objects: the box covers the hidden parts too.",
    "visible": "Cover only the visible part of occluded objects.",
}
_VISIBILITY = {
    "coco": (
        "Visibility flags: `2` visible, `1` labelled but hidden (you can tell where it is), "
        "`0` not labelled (x and y are 0)."
    ),
    "binary": "Visibility flags: `1` labelled, `0` not labelled (x and y are 0).",
}
_MASK_MODE = {
    "semantic": "Paint every pixel of each class; objects of one class are not told apart.",
    "instance": "Paint each object as a mask of its own.",
    "panoptic": (
        "Paint every pixel of the image: each countable object as a mask of its own, areas "
        "of uncountable classes (stuff) as one region per class."
    ),
}


def used_label_types(tax: Taxonomy) -> list[str]:
    """Label types at least one class is drawn with, in declaration order."""
    used = {t for cls in tax.classes.values() for t in cls.label_types}
    return [name for name in tax.label_types if name in used]


def image_questions(tax: Taxonomy) -> list[str]:
    """Every image-level label type (binary, multi-class, multi-label), in declaration
    order: each is a question about the whole image, named by a class or not."""
    return [n for n, t in tax.label_types.items() if t.kind in IMAGE_LEVEL_KINDS]


def page_label_types(tax: Taxonomy) -> list[str]:
    """The label types that get a page: those in use and every image-level question."""
    keep = set(used_label_types(tax)) | set(image_questions(tax))
    return [name for name in tax.label_types if name in keep]


def choices(tax: Taxonomy, name: str) -> list[TaxonomyClass]:
    """The classes a multi-class or multi-label question offers, in taxonomy order."""
    return [c for c in tax.classes.values() if offers(tax, name, c)]


def label_type_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    names = page_label_types(tax)
    pages = [Page(INDEX, "Label types", _index(tax, names))]
    pages += [_page(tax, name, inputs) for name in names]
    return pages


def _index(tax: Taxonomy, names: list[str]) -> str:
    asked = [n for n in names if tax.label_types[n].kind in IMAGE_LEVEL_KINDS]
    drawn = [n for n in names if n not in asked]
    questions = [[link(INDEX, label_type_path(n), question(tax, n)), _answer_kind(tax, n)]
                 for n in asked]  # fmt: skip
    shapes = [[link(INDEX, label_type_path(n), _title(tax, n)), _kind(tax, n)] for n in drawn]
    return join(
        "# Label types",
        "How each kind of label is drawn, and the questions asked about every image.",
        section("Questions about the whole image", table(["Question", "Answer"], questions)),
        section("Drawn on objects", table(["Label type", "Kind"], shapes)),
    )


def _title(tax: Taxonomy, name: str) -> str:
    spec = tax.label_types[name]
    return mdx.plain(mdx.title_text(spec.title, tax.thresholds)) if spec.title else f"`{name}`"


def _kind(tax: Taxonomy, name: str) -> str:
    kind = tax.label_types[name].kind
    return {"multi_class": "one class", "multi_label": "any classes"}.get(kind, kind)


def question(tax: Taxonomy, name: str) -> str:
    """An image-level label type as the question an annotator answers (escaped)."""
    spec = tax.label_types[name]
    if isinstance(spec, BinaryLabel) and spec.question:
        return mdx.plain(mdx.title_text(spec.question, tax.thresholds))
    if spec.title:
        return mdx.plain(mdx.title_text(spec.title, tax.thresholds))
    return mdx.plain(name.replace("_", " ").capitalize())


def _answer_kind(tax: Taxonomy, name: str) -> str:
    spec = tax.label_types[name]
    if isinstance(spec, BinaryLabel):
        return "yes or no"
    count = len(choices(tax, name))
    return f"{'one' if isinstance(spec, MultiClassLabel) else 'any'} of {count} classes"


def _page(tax: Taxonomy, name: str, inputs: SiteInputs) -> Page:
    spec = tax.label_types[name]
    if spec.kind in IMAGE_LEVEL_KINDS:
        return _question_page(tax, name)
    path = label_type_path(name)
    users = [c for c in tax.classes.values() if name in c.label_types]
    classes = ", ".join(link(path, class_path(c.name), mdx.plain(c.title)) for c in users)
    body = join(
        f"# {mdx.plain(mdx.title_text(spec.title or name, tax.thresholds))}",
        mdx.block(spec.description, tax.thresholds),
        section("How to draw it", how_to_draw(spec, tax)),
        _keypoint_section(spec, path, inputs.skeletons.get(name)),
        section("Classes drawn with it", classes),
        section("Rules about it", _rules(tax, name, path)),
        _pipeline(tax, name, spec),
    )
    return Page(path, mdx.title_text(spec.title or name, tax.thresholds), body)


def how_to_draw(spec: LabelType, tax: Taxonomy | None = None) -> str:
    """How to draw (or answer) a label type: the general advice for its kind, then what its
    settings mean for the annotator, in words."""
    text = HOW_TO_DRAW.get(spec.kind, "")
    extent = _EXTENT.get(getattr(spec, "extent", ""), "")
    visibility = _VISIBILITY.get(getattr(spec, "visibility", ""), "")
    if isinstance(spec, PolygonLabel) and not spec.multipart:
        text = text.replace(
            "Draw each separate visible part as its own part; do not bridge occluders.",
            "Each object is one polygon, even where something hides part of it.",
        )
    if isinstance(spec, MaskLabel) and spec.mode == "semantic":
        text = _MASK_MODE["semantic"] + " Follow the edges at full zoom."
    if isinstance(spec, BoxLabel) and not spec.clip_to_image:
        text = text.replace("Boxes stop at the image edge.", "Boxes may run past the image edge.")
    extra = " ".join(s for s in _conventions(spec, tax) if s)
    return " ".join(p for p in (text.format(extent=extent, visibility=visibility), extra) if p)


def _conventions(spec: LabelType, tax: Taxonomy | None) -> list[str]:
    """The settings of a shape that change how it is drawn, as sentences."""
    thresholds = tax.thresholds if tax is not None else None
    said: list[str] = []
    if isinstance(spec, BoxLabel) and spec.rotated:
        said.append("Turn the box to follow the object's main axis.")
    if isinstance(spec, PolygonLabel | PolylineLabel):
        said.append(f"Use at least {spec.min_points} points.")
    if isinstance(spec, PolygonLabel):
        said.append(
            "Cut out holes where the background shows through the object."
            if spec.holes
            else "Trace the outer edge only; the polygon has no holes."
        )
    if isinstance(spec, MaskLabel):
        if spec.mode != "semantic":  # semantic masks get their own advice above
            said.append(_MASK_MODE.get(spec.mode, ""))
        said.append(
            "Masks may overlap."
            if spec.overlaps
            else "Masks never overlap: a pixel is one object's."
        )
        if not spec.holes:
            said.append("A mask has no holes.")
        if spec.min_area is not None:
            said.append(
                f"No patch may be smaller than {mdx.amount(spec.min_area, thresholds, 'px')}."
            )
    if isinstance(spec, KeypointLabel):
        said.append(min_visible_text(spec))
    inside = getattr(spec, "inside", None)
    if inside and tax is not None and inside in tax.label_types:
        said.append(f"It lies inside the object's {_title(tax, inside)}.")
    return said


def min_visible_text(spec: KeypointLabel) -> str:
    """``min_visible`` in words: how many points a pose needs."""
    if spec.min_visible <= 0:
        return (
            "There is no minimum number of points: place every point you can see or locate, "
            "and mark the others not labelled."
        )
    points = "point" if spec.min_visible == 1 else "points"
    return (
        f"A pose needs at least {spec.min_visible} placed {points} (seen, or hidden but "
        "locatable); with fewer, do not draw the pose."
    )


def _keypoint_section(spec: LabelType, page: str, image: str | None) -> str:
    if not isinstance(spec, KeypointLabel):
        return ""
    pairs = dict(spec.flip_pairs) | {b: a for a, b in spec.flip_pairs}
    rows = [
        [str(i + 1), f"`{kp}`", f"`{pairs[kp]}`" if kp in pairs else ""]
        for i, kp in enumerate(spec.keypoints)
    ]
    drawn = (
        f"![Skeleton of {mdx.attr(spec.title or 'keypoints')}]({rel(page, image)})" if image else ""
    )
    note = "Left and right are from the subject's view. Points are listed in file order."
    return section("Keypoints", join(drawn, note, table(["#", "Name", "Mirror"], rows)))


def _rules(tax: Taxonomy, name: str, page: str) -> str:
    about = [r for r in tax.rules.values() if name in r.rule.applies_to.label_types]
    return bullet_list(
        link(page, rule_path(r.id), mdx.plain(mdx.title_text(r.rule.title, tax.thresholds)))
        for r in about
    )


def _pipeline(tax: Taxonomy, name: str, spec: LabelType) -> str:
    facts = f"Label type `{name}` · kind **{spec.kind}**"
    settings = table(["Setting", "Value"], _settings(spec, tax))
    sigmas = ""
    if isinstance(spec, KeypointLabel) and spec.sigmas:
        rows = [[f"`{kp}`", f"{spec.sigmas[kp]:g}"] for kp in spec.keypoints if kp in spec.sigmas]
        sigmas = "OKS sigmas (keypoint evaluation):\n\n" + table(["Keypoint", "Sigma"], rows)
    return pipeline_block(facts, settings, sigmas)


def _settings(spec: LabelType, tax: Taxonomy) -> list[list[str]]:
    data: dict[str, Any] = spec.model_dump(
        exclude={"kind", "title", "description", "keypoints", "skeleton", "flip_pairs", "sigmas",
                 "question", "classes"},
        exclude_none=True,
    )  # fmt: skip
    return [[f"`{k}`", mdx.cell(_setting(v, tax))] for k, v in sorted(data.items()) if v != []]


def _setting(value: Any, tax: Taxonomy) -> str:
    if threshold_name(value) is not None:
        return mdx.named_amount(value, tax.thresholds)
    if isinstance(value, list | tuple):
        nested = any(isinstance(v, list | tuple) for v in value)
        parts = [f"({_setting(v, tax)})" if nested else _setting(v, tax) for v in value]
        return ", ".join(parts)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"`{mdx.exact(value)}`"
    return f"`{mdx.scalar(value)}`"


# --------------------------------------------------------------------------- questions


def _question_page(tax: Taxonomy, name: str) -> Page:
    spec = tax.label_types[name]
    path = label_type_path(name)
    title = mdx.title_text(spec.title or name, tax.thresholds)
    asked = question(tax, name)
    body = join(
        f"# {mdx.plain(title)}",
        f"For every image, answer: **{asked}**"
        if asked.lower() != mdx.plain(title).lower()
        else "",
        mdx.block(spec.description, tax.thresholds),
        section("How to answer", how_to_answer(tax, name)),
        section("Answers", _answers(tax, name, path)),
        section("Rules about it", _rules(tax, name, path)),
        _pipeline(tax, name, spec),
    )
    return Page(path, title, body)


def how_to_answer(tax: Taxonomy, name: str) -> str:
    """What an image-level question asks for: one answer, or which and how many."""
    spec = tax.label_types[name]
    if isinstance(spec, BinaryLabel):
        return "Answer yes or no for the whole image."
    if isinstance(spec, MultiClassLabel):
        return "Choose exactly one answer for the whole image."
    if not isinstance(spec, MultiLabel):
        return HOW_TO_DRAW.get(spec.kind, "")
    said = ["Choose every answer that applies to the image."]
    if spec.min_labels and spec.max_labels:
        said.append(f"Choose at least {spec.min_labels} and at most {spec.max_labels}.")
    elif spec.min_labels:
        said.append(f"Choose at least {spec.min_labels}.")
    elif spec.max_labels:
        said.append(f"Choose at most {spec.max_labels}; none may be fine.")
    else:
        said.append("None may be fine.")
    for group in spec.exclusive_groups:
        names = or_list(_class_name(tax, c) for c in group)
        said.append(f"Never more than one of {names}.")
    return " ".join(said)


def _class_name(tax: Taxonomy, name: str) -> str:
    cls = tax.classes.get(name)
    return mdx.plain(cls.title) if cls is not None else f"`{name}`"


def _answers(tax: Taxonomy, name: str, page: str) -> str:
    spec = tax.label_types[name]
    if isinstance(spec, BinaryLabel):
        no, yes = spec.values
        rows = [["Yes", f"`{mdx.scalar(yes)}`"], ["No", f"`{mdx.scalar(no)}`"]]
        return table(["Answer", "Written as"], rows)
    offered = choices(tax, name)
    if not offered:
        return NO_ANSWERS
    if len(offered) > DEFINED_CHOICES:
        names = ", ".join(link(page, class_path(c.name), mdx.plain(c.title)) for c in offered)
        return f"{len(offered)} classes: {names}"
    rows = [
        [
            link(page, class_path(c.name), mdx.plain(c.title)),
            f"`{c.name}`",
            mdx.cell(mdx.inline(c.spec.definition, tax.thresholds)),
        ]
        for c in offered
    ]
    return table(["Answer", "Written as", "Definition"], rows)
