"""Where each class and each question lives in the labeling tools a taxonomy names
(``guidelines: tools``), read from those tools' exports, so what the site tells annotators
is what the exported config contains.

Label Studio's comes from ``interop.export.label_studio.controls`` (a control per label type
and attribute, each class's label and hotkey in it); CVAT's from
``interop.export.cvat.labels`` (a label per class, its type and typed attributes). Both
become a ``ToolMap``: the classes, the fields where questions are answered (per object or
per image), and the limits: what the guideline asks that the tool cannot enforce, which
annotators apply by hand. Pure: a taxonomy in, values out; limits are one-line Markdown
with taxonomy text escaped.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.pages.attributes import describe_condition, values_text
from taxonomist.interop.export import cvat, label_studio
from taxonomist.interop.export.common import labellable, offered
from taxonomist.taxonomy.lock import tool_label
from taxonomist.taxonomy.model import (
    BinaryLabel,
    BoolAttribute,
    EnumAttribute,
    MultiClassLabel,
    MultiLabel,
    NumberAttribute,
    TextAttribute,
    threshold_name,
)
from taxonomist.taxonomy.model.metadata import GUIDELINE_TOOLS
from taxonomist.taxonomy.resolved import Taxonomy

TITLES: dict[str, str] = {"label-studio": "Label Studio", "cvat": "CVAT"}
# What each CVAT label type lets an annotator draw under it (``any``: every shape).
CVAT_DRAWS: dict[str, frozenset[str]] = {
    "rectangle": frozenset({"box"}),
    "polygon": frozenset({"polygon"}),
    "polyline": frozenset({"polyline"}),
    "mask": frozenset({"mask"}),
    "skeleton": frozenset({"keypoints"}),
    "tag": frozenset(),
}
CVAT_TAGGABLE = frozenset({"tag", "any"})  # label types an image-level tag may use
IMAGE_CHOICE = "image"  # Pick.kind of a class chosen for the whole image
NAMES_SHOWN = 8  # class names a limit lists before "and N more"


@dataclass(frozen=True, slots=True)
class Pick:
    """One place a class is chosen in the tool."""

    control: str  # the tool's control (Label Studio) the label sits in
    kind: str  # what it draws: the label type's kind, or "image" for an image-level choice
    label: str | None  # the class's label there; None for keypoints (points carry their names)
    hotkey: str | None = None


@dataclass(frozen=True, slots=True)
class ToolClass:
    """A class as the tool offers it."""

    cls: str  # the taxonomy's class name
    label: str  # its label name in the tool
    picks: tuple[Pick, ...] = ()  # Label Studio: every control it is chosen in
    type: str = ""  # CVAT: the label's type (any, rectangle, skeleton, tag, ...)


@dataclass(frozen=True, slots=True)
class Field:
    """Where one attribute (per object) or image-level label type (per image) is answered."""

    name: str  # the taxonomy's attribute or label type
    control: str  # its name in the tool (the control, attribute or tag)
    input: str  # radio, choices, checkbox, select, number, text or tag
    per_object: bool
    values: tuple[str, ...] = ()  # what the tool offers, blank first choice left out
    classes: tuple[str, ...] = ()  # per object: classes that ask it; per image: those offered
    required: bool = False  # the tool refuses to save an object without an answer
    default: str = ""  # what the input holds before it is answered (CVAT numbers)


@dataclass(frozen=True)
class ToolMap:
    """What one tool's export offers, and what it cannot enforce."""

    tool: str  # the exporter's name: label-studio, cvat
    title: str
    classes: Mapping[str, ToolClass]  # labellable classes, by id
    fields: tuple[Field, ...]  # per-object attributes first, then image-level questions
    limits: tuple[str, ...]  # Markdown lines: what to apply by hand
    missing: tuple[str, ...] = ()  # image-level label types the tool has no place for


def tools(tax: Taxonomy) -> tuple[str, ...]:
    """The tools the taxonomy names that the site can explain, once each, in its order."""
    return tuple(t for t in dict.fromkeys(tax.guidelines.tools) if t in GUIDELINE_TOOLS)


def tool_maps(tax: Taxonomy) -> tuple[ToolMap, ...]:
    """A map per declared tool (worked out once per taxonomy: class pages each ask)."""
    last = _memo.get("last")
    if last is not None and last[0]() is tax:
        return last[1]
    maps = tuple(BUILDERS[t](tax) for t in tools(tax))
    _memo["last"] = (weakref.ref(tax), maps)
    return maps


# The maps of the last taxonomy asked about, by a weak reference: a Taxonomy is not hashable,
# and a site is built from one taxonomy at a time.
_memo: dict[str, tuple[weakref.ref[Taxonomy], tuple[ToolMap, ...]]] = {}


def code(text: str) -> str:
    """Taxonomy text shown as code, escaped (a value may hold backticks or markup)."""
    return f"<code>{mdx.plain(text)}</code>"


def names(items: Iterable[str], every: Iterable[str] = ()) -> str:
    """Class names as code: "every class" when they are all of ``every``, "every class but
    ..." when they lack only a few of them, else the first few and how many more."""
    shown = list(items)
    whole = list(every)
    left_out = [n for n in whole if n not in shown]
    if shown and whole and set(shown) <= set(whole):
        if not left_out:
            return "every class"
        if len(left_out) <= 3 and len(left_out) < len(shown):
            return "every class but " + ", ".join(code(n) for n in left_out)
    text = ", ".join(code(n) for n in shown[:NAMES_SHOWN])
    rest = len(shown) - NAMES_SHOWN
    return f"{text} and {rest} more" if rest > 0 else text


def object_classes(tax: Taxonomy) -> list[str]:
    """Labellable classes drawn with a shape: the classes attributes are asked of."""
    shapes = set(tax.object_types())
    return [c.name for c in labellable(tax) if shapes & set(c.label_types)]


# --------------------------------------------------------------------------- Label Studio


def label_studio_map(tax: Taxonomy) -> ToolMap:
    """Label Studio's controls: each class's labels and hotkeys, each attribute's control."""
    controls = label_studio.controls(tax)
    classes = labellable(tax)
    by_label = {tool_label(c): c.name for c in classes}  # what whenLabelValue names
    picks: dict[str, list[Pick]] = {c.name: [] for c in classes}
    labels: dict[str, str] = {}
    fields: list[Field] = []
    for control in controls:
        if control.attribute:
            regions = tuple(by_label.get(r, r) for r in control.regions)
            fields.append(
                Field(
                    control.name,
                    control.name,
                    _ls_input(control),
                    True,
                    control.values,
                    regions,
                    control.required,
                )
            )
            continue
        for label in control.labels:
            kind = IMAGE_CHOICE if control.tag == "Choices" else control.kind
            picks[label.cls].append(Pick(control.name, kind, label.value, label.hotkey))
            labels.setdefault(label.cls, label.value)
        if control.tag == label_studio.KEYPOINTS:
            for cls in classes:
                if control.name in cls.label_types:
                    picks[cls.name].append(Pick(control.name, control.kind, None))
        if control.tag == "Choices":
            offered_values = tuple(label.value for label in control.labels) or control.values
            chosen = tuple(label.cls for label in control.labels)
            input_ = _ls_input(control)
            fields.append(Field(control.name, control.name, input_, False, offered_values, chosen))
    tool_classes = {
        c.name: ToolClass(c.name, labels.get(c.name, c.name), tuple(picks[c.name])) for c in classes
    }
    per_image = {f.name for f in fields if not f.per_object}
    missing = tuple(n for n in _image_level_used(tax) if n not in per_image)
    ordered = tuple(sorted(fields, key=lambda f: not f.per_object))  # attributes first
    limits = _ls_limits(tax, controls, fields)
    return ToolMap("label-studio", TITLES["label-studio"], tool_classes, ordered, limits, missing)


def _ls_input(control: label_studio.Control) -> str:
    if control.tag == "Choices":
        return "choices" if control.choice == "multiple" else "radio"
    return {"Number": "number", "TextArea": "text"}.get(control.tag, control.tag)


def _ls_limits(
    tax: Taxonomy, controls: tuple[label_studio.Control, ...], fields: list[Field]
) -> tuple[str, ...]:
    out = _conditional(tax) + _restricted(tax)
    required = {f.name for f in fields if f.per_object and f.required}
    for name, who in _required_by(tax).items():
        if name not in required:
            out.append(
                f"{code(name)} is required for {names(who, object_classes(tax))} but not "
                "for every class that has it, so Label Studio does not insist: answer it "
                "on those."
            )
    out += _unkeyed(controls)
    out += [
        f"{code(n)} ({tax.label_types[n].kind}) is not in the Label Studio config: ask your "
        "lead where to draw it."
        for n in _shape_types_used(tax)
        if tax.label_types[n].kind == "polyline"
    ]
    out += _common_limits(tax, several=True)
    return tuple(out)


def _unkeyed(controls: tuple[label_studio.Control, ...]) -> list[str]:
    regions = [label for c in controls if c.tag != "Choices" for label in c.labels]
    missing = sum(1 for label in regions if label.hotkey is None)
    if not missing:
        return []
    return [
        f"Only the first {len(label_studio.HOTKEYS)} region labels have a hotkey; pick the "
        f"other {missing} from the label list."
    ]


# --------------------------------------------------------------------------- CVAT


def cvat_map(tax: Taxonomy) -> ToolMap:
    """CVAT's labels: each class's label and type, each attribute's input type."""
    labels = cvat.labels(tax)
    classes = {lab.cls: ToolClass(lab.cls, lab.name, type=lab.type) for lab in labels}
    asked: dict[str, list[str]] = {}
    inputs: dict[str, cvat.Attribute] = {}
    for lab in labels:
        for attribute in lab.attributes:
            asked.setdefault(attribute.name, []).append(lab.cls)
            inputs.setdefault(attribute.name, attribute)
    fields = [
        Field(
            name,
            name,
            inputs[name].input_type,
            True,
            _cvat_values(inputs[name]),
            tuple(asked[name]),
            default=inputs[name].default_value,
        )
        for name in tax.attributes
        if name in inputs
    ]
    missing: list[str] = []
    for name in _image_level_used(tax):
        spec = tax.label_types[name]
        taggable = tuple(c for c in _users_of(tax, name) if classes[c].type in CVAT_TAGGABLE)
        if isinstance(spec, BinaryLabel) or not taggable:
            missing.append(name)
            continue
        values = tuple(classes[c].label for c in taggable)
        fields.append(Field(name, "tag", "tag", False, values, taggable))
    limits = _cvat_limits(tax, classes, fields, missing)
    return ToolMap("cvat", TITLES["cvat"], classes, tuple(fields), limits, tuple(missing))


def _cvat_values(attribute: cvat.Attribute) -> tuple[str, ...]:
    if attribute.input_type in ("number", "text", "checkbox"):
        return ()
    return tuple(v for v in attribute.values if v != attribute.default_value)


def _cvat_limits(
    tax: Taxonomy, classes: Mapping[str, ToolClass], fields: list[Field], missing: list[str]
) -> tuple[str, ...]:
    out = _conditional(tax) + _restricted(tax)
    required = _required_by(tax)
    if required:
        out.append(
            f"CVAT cannot make an answer required: answer {names(required)} on every object "
            "of the classes that require them (their class pages say which); "
            "`taxonomist check` reports a blank one."
        )
    for field in fields:
        spec = tax.attributes.get(field.name) if field.per_object else None
        if isinstance(spec, BoolAttribute):
            out.append(
                f"{code(field.name)} is a checkbox: tick it when it holds. Unticked reads "
                "as `false`, so CVAT cannot tell an unanswered one from a no."
            )
        elif isinstance(spec, NumberAttribute):
            out.append(
                f"{code(field.name)} starts at {code(field.default)}, so CVAT cannot tell "
                "an untouched field from that answer: always type the value."
            )
        elif isinstance(spec, EnumAttribute) and spec.multiple:
            out.append(
                f"{code(field.name)} may take several values, but a CVAT list takes one: "
                "ask your lead how to record the others."
            )
    if any(
        isinstance(s, EnumAttribute) and s.value_descriptions
        for n, s in tax.attributes.items()
        if any(f.name == n and f.per_object for f in fields)
    ):
        out.append("CVAT shows no value descriptions: what each value means is on the class pages.")
    out += _undrawable(tax, classes)
    for name in missing:
        out.append(_no_place(tax, name))
    for field in fields:
        spec_ = tax.label_types.get(field.name) if not field.per_object else None
        if isinstance(spec_, MultiClassLabel):
            out.append(
                f"{code(field.name)} takes exactly one tag per image ({names(field.values)}); "
                "CVAT allows any number."
            )
    out += _untaggable(tax, classes)
    out += _common_limits(tax, several=False)
    return tuple(out)


def _undrawable(tax: Taxonomy, classes: Mapping[str, ToolClass]) -> list[str]:
    out = []
    for cls in labellable(tax):
        kind = classes[cls.name].type
        if kind not in CVAT_DRAWS:
            continue
        blocked = [
            n
            for n in cls.label_types
            if n in tax.label_types
            and n not in tax.image_level_types()
            and tax.label_types[n].kind not in CVAT_DRAWS[kind]
        ]
        if blocked:
            out.append(
                f"{code(cls.name)} is a {kind} label in CVAT, so its {names(blocked)} "
                "cannot be drawn with it: ask your lead how they are recorded."
            )
    return out


def _untaggable(tax: Taxonomy, classes: Mapping[str, ToolClass]) -> list[str]:
    out = []
    for name in _image_level_used(tax):
        spec = tax.label_types[name]
        if isinstance(spec, BinaryLabel):
            continue
        refused = [c for c in _users_of(tax, name) if classes[c].type not in CVAT_TAGGABLE]
        if refused and len(refused) < len(_users_of(tax, name)):
            out.append(
                f"{code(name)} cannot record {names(refused)}: a CVAT tag needs a label of "
                "type tag or any, and theirs is a shape type. Ask your lead."
            )
    return out


def _no_place(tax: Taxonomy, name: str) -> str:
    spec = tax.label_types[name]
    question = getattr(spec, "question", None) or spec.title
    asked = f" ({mdx.plain(question)})" if question else ""
    return (
        f"{code(name)}{asked} has no place in the CVAT labels: ask your lead where to "
        "record the answer."
    )


# --------------------------------------------------------------------------- both tools


def _conditional(tax: Taxonomy) -> list[str]:
    """Attributes required only under a condition: neither tool asks conditionally."""
    groups: dict[tuple[str, str], list[str]] = {}
    for cls in labellable(tax):
        for name, use in offered(tax, cls).items():
            if use.presence == "required" and use.when is not None:
                groups.setdefault((name, describe_condition(use.when)), []).append(cls.name)
    every = object_classes(tax)
    return [
        f"{code(name)} is required only when {when}, for {names(who, every)}: the tool "
        "always shows it and never insists, so answer it whenever that holds."
        for (name, when), who in groups.items()
    ]


def _restricted(tax: Taxonomy) -> list[str]:
    """Classes that allow only some of an attribute's values: the tools offer them all."""
    out = []
    for cls in labellable(tax):
        for name, use in offered(tax, cls).items():
            spec = tax.attributes.get(name)
            if spec is not None and use.values is not None:
                allowed = values_text(spec, use, pointers=False)
                out.append(
                    f"{code(cls.name)} takes only {allowed} for {code(name)}; the tool "
                    "offers every value."
                )
    return out


def _required_by(tax: Taxonomy) -> dict[str, list[str]]:
    """Each attribute some class requires unconditionally, with those classes."""
    out: dict[str, list[str]] = {}
    for cls in labellable(tax):
        for name, use in offered(tax, cls).items():
            if use.presence == "required" and use.when is None:
                out.setdefault(name, []).append(cls.name)
    return out


def _common_limits(tax: Taxonomy, *, several: bool) -> list[str]:
    """Limits both tools share; ``several``: the tool lets an enum take several values."""
    out = []
    answered = {n for c in labellable(tax) for n in offered(tax, c)}
    for name, spec in tax.attributes.items():
        if name not in answered:
            continue
        if isinstance(spec, NumberAttribute):
            refs = [v for v in (spec.min, spec.max) if threshold_name(v)]
            if refs:
                bounds = ", ".join(_threshold(tax, v) for v in refs)
                out.append(f"{code(name)} is bounded by {bounds}; the tool does not check it.")
        elif isinstance(spec, TextAttribute) and spec.max_length:
            out.append(
                f"{code(name)} holds at most {spec.max_length} characters; the tool does not count."
            )
        elif (
            isinstance(spec, EnumAttribute) and several and spec.multiple and spec.exclusive_groups
        ):
            groups = "; ".join(", ".join(code(str(v)) for v in g) for g in spec.exclusive_groups)
            out.append(
                f"{code(name)} takes at most one value of each group ({groups}); the tool "
                "allows any mix."
            )
    for name in _image_level_used(tax):
        question = tax.label_types[name]
        if isinstance(question, MultiLabel):
            out += _multi_label_limits(name, question)
    return out


def _multi_label_limits(name: str, spec: MultiLabel) -> list[str]:
    out = []
    if spec.exclusive_groups:
        groups = "; ".join(", ".join(code(v) for v in g) for g in spec.exclusive_groups)
        out.append(f"{code(name)}: at most one of each group ({groups}); the tool allows any mix.")
    if spec.min_labels or spec.max_labels:
        most = f" and at most {spec.max_labels}" if spec.max_labels else ""
        out.append(
            f"{code(name)} takes at least {spec.min_labels}{most} per image; the tool does "
            "not count."
        )
    return out


def _threshold(tax: Taxonomy, value: Any) -> str:
    ref = threshold_name(value) or ""
    found = tax.thresholds.get(ref)
    shown = f" ({found.value:g} {found.unit})" if found is not None else ""
    return f"{code('$' + ref)}{shown}"


def _image_level_used(tax: Taxonomy) -> list[str]:
    """Image-level label types some labellable class answers, or binary questions."""
    return [
        n
        for n, spec in tax.image_level_types().items()
        if isinstance(spec, BinaryLabel) or _users_of(tax, n)
    ]


def _users_of(tax: Taxonomy, name: str) -> list[str]:
    spec = tax.label_types[name]
    listed = getattr(spec, "classes", None)
    classes = labellable(tax)
    if listed:
        allowed = tax.expand(listed)
        return [c.name for c in classes if c.name in allowed]
    return [c.name for c in classes if name in c.label_types]


def _shape_types_used(tax: Taxonomy) -> list[str]:
    used = {n for c in labellable(tax) for n in c.label_types}
    return [n for n in tax.object_types() if n in used]


BUILDERS: dict[str, Callable[[Taxonomy], ToolMap]] = {
    "label-studio": label_studio_map,
    "cvat": cvat_map,
}
