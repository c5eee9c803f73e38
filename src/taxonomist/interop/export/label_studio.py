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
``hint`` (shown on hover).

``controls(taxonomy)`` is the config before it is written out: each control's name, tag,
labels with their hotkeys, values and the regions it shows on. The export renders it, and
the guideline site explains it, so both always say the same."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Label:
    """A class as one label of a control: its name in Label Studio and its hotkey."""

    cls: str  # the taxonomy's class name
    value: str  # the label's name in Label Studio
    hotkey: str | None = None  # the first 36 region labels get one, in config order


@dataclass(frozen=True, slots=True)
class Control:
    """One control of the labeling config, as the export writes it."""

    name: str  # a label type's or an attribute's name: annotations are stored under it
    tag: str  # RectangleLabels, PolygonLabels, BrushLabels, KeyPointLabels, Choices, ...
    kind: str  # the label type's kind, or the attribute's type (its taxonomistType)
    attribute: bool = False  # an attribute of regions, not a label type
    labels: tuple[Label, ...] = ()  # the classes a labels control or class choice offers
    values: tuple[str, ...] = ()  # Choice values; keypoint names of a KeyPointLabels
    choice: str = ""  # "single-radio" or "multiple" for Choices
    regions: tuple[str, ...] = ()  # per-region: label values of the regions it shows on
    required: bool = False  # Label Studio refuses to submit a region without an answer


def export(taxonomy: Taxonomy) -> str:
    """The labeling config text."""
    lines = [f"<!-- {header(taxonomy)} -->", "<View>", '  <Image name="image" value="$image"/>']
    for control in controls(taxonomy):
        lines += _render(taxonomy, control)
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def controls(taxonomy: Taxonomy) -> tuple[Control, ...]:
    """Every control of the config, in the order the config lists them."""
    classes = labellable(taxonomy)
    keys = iter(HOTKEYS)
    out: list[Control] = []
    for name, spec in taxonomy.label_types.items():
        users = _users(taxonomy, classes, name, spec)
        if not users and not isinstance(spec, BinaryLabel):
            continue
        if spec.kind in CONTROLS:
            labels = tuple(Label(c.name, tool_label(c), next(keys, None)) for c in users)
            out.append(Control(name, CONTROLS[spec.kind], spec.kind, labels=labels))
        elif isinstance(spec, KeypointLabel):
            out.append(Control(name, KEYPOINTS, spec.kind, values=tuple(spec.keypoints)))
        elif isinstance(spec, MultiClassLabel | MultiLabel):
            choice = "single-radio" if isinstance(spec, MultiClassLabel) else "multiple"
            labels = tuple(Label(c.name, tool_label(c)) for c in users)
            out.append(Control(name, "Choices", spec.kind, labels=labels, choice=choice))
        elif isinstance(spec, BinaryLabel):
            values = tuple(_text(v) for v in spec.values)
            out.append(Control(name, "Choices", spec.kind, values=values, choice="single-radio"))
    for name, answering in _answered_by(taxonomy, classes).items():
        out.append(_attribute_control(name, taxonomy.attributes[name], answering))
    return tuple(out)


def _render(taxonomy: Taxonomy, control: Control) -> list[str]:
    if control.attribute:
        return _attribute(control, taxonomy.attributes[control.name])
    if control.tag in CONTROLS.values():
        return _labels(taxonomy, control)
    spec = taxonomy.label_types[control.name]
    if isinstance(spec, KeypointLabel):
        return _keypoints(control.name, spec)
    if control.labels:
        return _class_choices(taxonomy, control)
    return _choices(control.name, list(control.values), control.choice, scope="", kind="binary")


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


def _labels(taxonomy: Taxonomy, control: Control) -> list[str]:
    tag = control.tag
    lines = [f'  <{tag} name={quoteattr(control.name)} toName="image">']
    for label in control.labels:
        cls = taxonomy.classes[label.cls]
        extra = f' hotkey="{label.hotkey}"' if label.hotkey else ""
        lines.append(
            f"    <Label value={quoteattr(label.value)} background={quoteattr(cls.color)}"
            f' category="{cls.id}"{extra}/>'
        )
    return [*lines, f"  </{tag}>"]


def _keypoints(name: str, spec: KeypointLabel) -> list[str]:
    edges = " ".join(f"{a}-{b}" for a, b in spec.skeleton)
    skeleton = f" taxonomistSkeleton={quoteattr(edges)}" if edges else ""
    lines = [f'  <{KEYPOINTS} name={quoteattr(name)} toName="image" smart="false"{skeleton}>']
    flips = {a: b for pair in spec.flip_pairs for a, b in (pair, pair[::-1])}
    for index, point in enumerate(spec.keypoints):
        flip = f" flip={quoteattr(flips[point])}" if point in flips else ""
        lines.append(f'    <Label value={quoteattr(point)} model_index="{index}"{flip}/>')
    return [*lines, f"  </{KEYPOINTS}>"]


def _class_choices(taxonomy: Taxonomy, control: Control) -> list[str]:
    typed = f'choice="{control.choice}" taxonomistType="{control.kind}"'
    head = f'  <Choices name={quoteattr(control.name)} toName="image" {typed}>'
    body = []
    for label in control.labels:
        cls = taxonomy.classes[label.cls]
        body.append(
            f"    <Choice value={quoteattr(label.value)} background={quoteattr(cls.color)}"
            f' category="{cls.id}"/>'
        )
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


def _attribute_control(name: str, spec: Any, users: list[tuple[str, AttributeUse]]) -> Control:
    """Per-region, on its classes' regions only; required when all of them require it."""
    tag, kind, values, choice = _attribute_input(spec)
    return Control(
        name,
        tag,
        kind,
        attribute=True,
        values=values,
        choice=choice,
        regions=tuple(label for label, _ in users),
        required=all(use.presence == "required" and use.when is None for _, use in users),
    )


def _attribute_input(spec: Any) -> tuple[str, str, tuple[str, ...], str]:
    """The control an attribute is answered with: tag, type, values and choice mode."""
    if isinstance(spec, BoolAttribute):
        return "Choices", "bool", ("true", "false"), "single-radio"
    if isinstance(spec, TriStateAttribute):
        return "Choices", "tristate", tuple(spec.values), "single-radio"
    if isinstance(spec, EnumAttribute):
        choice = "multiple" if spec.multiple else "single-radio"
        return "Choices", "enum", tuple(_text(v) for v in spec.values), choice
    if isinstance(spec, OrdinalAttribute):
        labels = spec.labels or [
            f"{a:g}-{b:g}" for a, b in zip(spec.edges, spec.edges[1:], strict=False)
        ]
        return "Choices", "ordinal", tuple(labels), "single-radio"
    if isinstance(spec, NumberAttribute):
        return "Number", spec.type, (), ""
    assert isinstance(spec, TextAttribute)
    return "TextArea", "text", (), ""


def _scope(control: Control) -> str:
    labels = ",".join(control.regions)
    scope = f' perRegion="true" visibleWhen="region-selected" whenLabelValue={quoteattr(labels)}'
    return scope + (' required="true"' if control.required else "")


def _attribute(control: Control, spec: Any) -> list[str]:
    name, region = control.name, _scope(control)
    if control.tag == "Choices":
        hints = spec.value_descriptions if isinstance(spec, EnumAttribute) else None
        values = list(control.values)
        return _choices(name, values, control.choice, scope=region, kind=control.kind, hints=hints)
    if isinstance(spec, NumberAttribute):
        bounds = "".join(
            f' {key}="{value:g}"'
            for key, value in (("min", spec.min), ("max", spec.max))
            if isinstance(value, int | float)
        )
        step = ' step="1"' if spec.type == "int" else ""
        typed = f' taxonomistType="{spec.type}"'
        return [f'  <Number name={quoteattr(name)} toName="image"{region}{bounds}{step}{typed}/>']
    return [f'  <TextArea name={quoteattr(name)} toName="image"{region} taxonomistType="text"/>']
