"""One page per label type in use: how to draw it, its conventions, the classes drawn with it."""

from __future__ import annotations

from typing import Any

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    class_path,
    join,
    label_type_path,
    link,
    rel,
    section,
    table,
)
from taxonomist.taxonomy.model import KeypointLabel, LabelType
from taxonomist.taxonomy.resolved import Taxonomy

INDEX = "label-types/index.md"

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


def used_label_types(tax: Taxonomy) -> list[str]:
    """Label types at least one class is drawn with, in declaration order."""
    used = {t for cls in tax.classes.values() for t in cls.label_types}
    return [name for name in tax.label_types if name in used]


def label_type_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    names = used_label_types(tax)
    pages = [Page(INDEX, "Label types", _index(tax, names))]
    pages += [_page(tax, name, inputs) for name in names]
    return pages


def _index(tax: Taxonomy, names: list[str]) -> str:
    rows = [
        [link(INDEX, label_type_path(n), f"`{n}`"), tax.label_types[n].kind, _title(tax, n)]
        for n in names
    ]
    return join(
        "# Label types",
        "How each kind of label is drawn.",
        table(["Label type", "Kind", "Title"], rows),
    )


def _title(tax: Taxonomy, name: str) -> str:
    spec = tax.label_types[name]
    return mdx.plain(spec.title) if spec.title else ""


def _page(tax: Taxonomy, name: str, inputs: SiteInputs) -> Page:
    spec = tax.label_types[name]
    path = label_type_path(name)
    users = [c for c in tax.classes.values() if name in c.label_types]
    classes = ", ".join(link(path, class_path(c.name), mdx.plain(c.title)) for c in users)
    body = join(
        f"# {mdx.plain(spec.title or name)}",
        f"`{name}` · kind **{spec.kind}**",
        mdx.block(spec.description, tax.thresholds),
        section("How to draw it", how_to_draw(spec)),
        _keypoint_section(spec, path, inputs.skeletons.get(name)),
        section("Conventions", table(["Setting", "Value"], _settings(spec))),
        section("Classes drawn with it", classes),
    )
    return Page(path, spec.title or name, body)


def how_to_draw(spec: LabelType) -> str:
    text = HOW_TO_DRAW.get(spec.kind, "")
    extent = _EXTENT.get(getattr(spec, "extent", ""), "")
    visibility = _VISIBILITY.get(getattr(spec, "visibility", ""), "")
    return text.format(extent=extent, visibility=visibility)


def _settings(spec: LabelType) -> list[list[str]]:
    data: dict[str, Any] = spec.model_dump(
        exclude={"kind", "title", "description", "keypoints", "skeleton", "flip_pairs", "sigmas"},
        exclude_none=True,
    )
    return [[f"`{k}`", mdx.cell(f"`{mdx.scalar(v)}`")] for k, v in sorted(data.items())]


def _keypoint_section(spec: LabelType, page: str, image: str | None) -> str:
    if not isinstance(spec, KeypointLabel):
        return ""
    pairs = dict(spec.flip_pairs) | {b: a for a, b in spec.flip_pairs}
    rows = [
        [str(i + 1), f"`{kp}`", f"`{pairs[kp]}`" if kp in pairs else "", _sigma(spec, kp)]
        for i, kp in enumerate(spec.keypoints)
    ]
    drawn = (
        f"![Skeleton of {mdx.attr(spec.title or 'keypoints')}]({rel(page, image)})" if image else ""
    )
    note = "Left and right are from the subject's view. Points are listed in file order."
    return section("Keypoints", join(drawn, note, table(["#", "Name", "Mirror", "Sigma"], rows)))


def _sigma(spec: KeypointLabel, name: str) -> str:
    value = spec.sigmas.get(name)
    return "" if value is None else f"{value:g}"
