"""A Label Studio labeling config (XML): one control per label type the classes use
(``RectangleLabels``, ``PolygonLabels``, ``BrushLabels`` for masks, ``KeyPointLabels`` with
each keypoint in order; polylines are not written), each class a
``<Label>`` with its colour as ``background``, a hotkey and its stable id as ``category``;
image-level label types as ``<Choices>``; attributes as per-region controls
(``Choices``/``Number``/``TextArea`` with ``perRegion="true"``), typed through
``taxonomistType`` so an import restores the type. Control names are the taxonomy's
label-type and attribute names, so exported annotations read back under those names.

An attribute control shows only on regions of the classes that answer it
(``whenLabelValue``, their names comma-separated; never a class that forbids it), nothing
is pre-selected, and it is ``required="true"`` when every one of those classes requires it
unconditionally: Label Studio then refuses to submit a region left unanswered. A control
has one ``required`` for all its classes, so an attribute required by some classes and
optional for others, or required only under a ``when`` condition, is not marked and is
left to ``taxonomist check`` (A007). Enum value descriptions become each ``<Choice>``'s
``hint`` (shown on hover)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from taxonomist.formats.label_studio.config import SHAPE_CONTROL
from taxonomist.interop.export.common import header, labellable, offered
from taxonomist.taxonomy.lock import tool_label
from taxonomist.taxonomy.model import (
    BinaryLabel,
    BoolAttribute,
    EnumAttribute,
    KeypointLabel,
    MultiClassLabel,
    MultiLabel,
    NumberAttribute,
    OrdinalAttribute,
    TextAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.model.attributes import AttributeUse
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".xml"
SHAPES = {"box": "rectangle", "polygon": "polygon", "mask": "brush"}  # kind -> region shape
CONTROLS = {kind: SHAPE_CONTROL[shape] for kind, shape in SHAPES.items()}
KEYPOINTS = SHAPE_CONTROL["keypoint"]
HOTKEYS = "1234567890qwertyuiopasdfghjklzxcvbnm"


def export(taxonomy: Taxonomy) -> str:
    """The labeling config text."""
    classes = labellable(taxonomy)
    keys = iter(HOTKEYS)
    lines = [f"<!-- {header(taxonomy)} -->", "<View>", '  <Image name="image" value="$image"/>']
    for name, spec in taxonomy.label_types.items():
        users = _users(taxonomy, classes, name, spec)
        if not users and not isinstance(spec, BinaryLabel):
            continue
        if spec.kind in CONTROLS:
            lines += _labels(CONTROLS[spec.kind], name, users, keys)
        elif isinstance(spec, KeypointLabel):
            lines += _keypoints(taxonomy, name, spec)
        elif isinstance(spec, MultiClassLabel | MultiLabel):
            lines += _class_choices(name, spec, users)
        elif isinstance(spec, BinaryLabel):
            values = [_text(v) for v in spec.values]
            lines += _choices(name, values, "single-radio", scope="", kind="binary")
    for name, answering in _answered_by(taxonomy, classes).items():
        lines += _attribute(name, taxonomy.attributes[name], _scope(answering))
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def _users(
    taxonomy: Taxonomy, classes: list[TaxonomyClass], name: str, spec: Any
) -> list[TaxonomyClass]:
    listed = getattr(spec, "classes", None)
    if listed:
        allowed = taxonomy.expand(listed)
        return [c for c in classes if c.name in allowed]
    return [c for c in classes if name in c.label_types]


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _labels(tag: str, name: str, classes: list[TaxonomyClass], keys: Any) -> list[str]:
    lines = [f'  <{tag} name={quoteattr(name)} toName="image">']
    for cls in classes:
        hotkey = next(keys, None)
        extra = f' hotkey="{hotkey}"' if hotkey else ""
        lines.append(
            f"    <Label value={quoteattr(tool_label(cls))} background={quoteattr(cls.color)}"
            f' category="{cls.id}"{extra}/>'
        )
    return [*lines, f"  </{tag}>"]


def _keypoints(taxonomy: Taxonomy, name: str, spec: KeypointLabel) -> list[str]:
    edges = " ".join(f"{a}-{b}" for a, b in spec.skeleton)
    skeleton = f" taxonomistSkeleton={quoteattr(edges)}" if edges else ""
    lines = [f'  <{KEYPOINTS} name={quoteattr(name)} toName="image" smart="false"{skeleton}>']
    flips = {a: b for pair in spec.flip_pairs for a, b in (pair, pair[::-1])}
    for index, point in enumerate(spec.keypoints):
        flip = f" flip={quoteattr(flips[point])}" if point in flips else ""
        lines.append(f'    <Label value={quoteattr(point)} model_index="{index}"{flip}/>')
    return [*lines, f"  </{KEYPOINTS}>"]


def _class_choices(name: str, spec: Any, classes: list[TaxonomyClass]) -> list[str]:
    single = isinstance(spec, MultiClassLabel)
    choice = "single-radio" if single else "multiple"
    kind = "multi_class" if single else "multi_label"
    typed = f'choice="{choice}" taxonomistType="{kind}"'
    head = f'  <Choices name={quoteattr(name)} toName="image" {typed}>'
    body = [
        f"    <Choice value={quoteattr(tool_label(c))} background={quoteattr(c.color)}"
        f' category="{c.id}"/>'
        for c in classes
    ]
    return [head, *body, "  </Choices>"]


def _choices(
    name: str,
    values: list[str],
    choice: str,
    *,
    scope: str,
    kind: str = "",
    hints: dict[str, str] | None = None,
) -> list[str]:
    typed = f' taxonomistType="{kind}"' if kind else ""
    head = f'  <Choices name={quoteattr(name)} toName="image" choice="{choice}"{scope}{typed}>'
    body = [f"    <Choice value={quoteattr(v)}{_hint(v, hints or {})}/>" for v in values]
    return [head, *body, "  </Choices>"]


def _hint(value: str, hints: dict[str, str]) -> str:
    text = " ".join(hints.get(value, "").split())  # one line: a hover hint, not a page
    return f" hint={quoteattr(text)}" if text else ""


def _answered_by(
    taxonomy: Taxonomy, classes: list[TaxonomyClass]
) -> dict[str, list[tuple[str, AttributeUse]]]:
    """Each attribute some class answers, with those classes and how they use it."""
    users: dict[str, list[tuple[str, AttributeUse]]] = {}
    for cls in classes:
        for name, use in offered(taxonomy, cls).items():
            users.setdefault(name, []).append((tool_label(cls), use))
    return {name: users[name] for name in taxonomy.attributes if name in users}


def _scope(users: list[tuple[str, AttributeUse]]) -> str:
    """Per-region, on its classes' regions only; required when all of them require it."""
    labels = ",".join(name for name, _ in users)
    scope = f' perRegion="true" visibleWhen="region-selected" whenLabelValue={quoteattr(labels)}'
    if all(use.presence == "required" and use.when is None for _, use in users):
        scope += ' required="true"'
    return scope


def _attribute(name: str, spec: Any, region: str) -> list[str]:
    if isinstance(spec, BoolAttribute):
        return _choices(name, ["true", "false"], "single-radio", scope=region, kind="bool")
    if isinstance(spec, TriStateAttribute):
        return _choices(name, list(spec.values), "single-radio", scope=region, kind="tristate")
    if isinstance(spec, EnumAttribute):
        choice = "multiple" if spec.multiple else "single-radio"
        values = [_text(v) for v in spec.values]
        hints = spec.value_descriptions
        return _choices(name, values, choice, scope=region, kind="enum", hints=hints)
    if isinstance(spec, OrdinalAttribute):
        labels = spec.labels or [
            f"{a:g}-{b:g}" for a, b in zip(spec.edges, spec.edges[1:], strict=False)
        ]
        return _choices(name, labels, "single-radio", scope=region, kind="ordinal")
    if isinstance(spec, NumberAttribute):
        bounds = "".join(
            f' {key}="{value:g}"'
            for key, value in (("min", spec.min), ("max", spec.max))
            if isinstance(value, int | float)
        )
        step = ' step="1"' if spec.type == "int" else ""
        typed = f' taxonomistType="{spec.type}"'
        return [f'  <Number name={quoteattr(name)} toName="image"{region}{bounds}{step}{typed}/>']
    assert isinstance(spec, TextAttribute)
    return [f'  <TextArea name={quoteattr(name)} toName="image"{region} taxonomistType="text"/>']
