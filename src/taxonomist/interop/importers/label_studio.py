"""Label Studio: a starter taxonomy from a labeling config: the ``<View>`` XML, or the JSON
Label Studio keeps of a project (its ``label_config`` XML text, else its
``parsed_label_config``: per control name its ``type``, ``labels`` and ``labels_attrs``;
a file holding only that object is read too).

Each ``RectangleLabels``/``PolygonLabels``/``BrushLabels``/``EllipseLabels`` control is a
label type named after the control, and each of its ``<Label>`` values a class (its
``category`` kept as the id when it is a whole number, its ``background`` as the colour).
``KeyPointLabels`` is a keypoints label type when it describes a skeleton (three or more
labels, or ``flip``/``taxonomistSkeleton`` as ``taxonomist export`` writes them): the label
values in ``model_index`` order, flip pairs from ``flip`` (else found by left/right names),
the skeleton from ``taxonomistSkeleton``. Otherwise (one or two labels) its labels are
classes of single labelled points, a ``polyline`` label type named after the control, the
way the Label Studio reader reads keypoints that have no ``parentID``. Image-level
``Choices`` are multi-class (single choice) or multi-label (``choice="multiple"``) label
types whose choices are classes, or a binary label (``taxonomistType="binary"``).
Per-region ``Choices``/``Number``/``TextArea`` are attributes of every object class, typed
by ``taxonomistType`` where the config was written by ``taxonomist export``, else by their
shape (true/false choices are bool, ``step="1"`` is int).

The config is parsed and its control tags named by ``formats.label_studio.config``, the
vocabulary the reader of Label Studio exports uses: a config it would refuse (not well
formed, entities, no ``<View>`` root) is refused here with its message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.label_studio.config import SHAPE_CONTROLS, load_config, parse_config
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.coco_keypoints import KeypointSpec
from taxonomist.interop.importers.common import (
    NameBook,
    bad_input,
    default_name,
    document_head,
    read_input,
    read_json,
    starter_document,
    stop_on_errors,
    to_name,
)

HINT = "expected a Label Studio labeling config (<View> with RectangleLabels, Choices, ...)"
# The taxonomy kind of each region shape (keypoints are a label type of their own).
KINDS = {"rectangle": "box", "ellipse": "box", "polygon": "polygon", "polyline": "polyline"}
KINDS |= {"brush": "mask"}
# Per-region value controls imported as attributes (Rating, Taxonomy, DateTime are not).
ATTRIBUTE_CONTROLS = ("Choices", "Number", "TextArea")
SKELETON_MIN_POINTS = 3
_RGBA = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a Label Studio labeling config."""
    root = _parse(path)
    builder = _Builder()
    for control in root.iter():
        builder.control(control)
    if not builder.classes:
        raise InvalidInput(f"{path}: the config defines no labels", hint=HINT)
    head = document_head(
        default_name(path, options.name), "Imported from Label Studio", _text(path)
    )
    doc = starter_document(head, builder.label_types, builder.finish(), builder.attributes)
    return ImportResult(document=doc, notes=tuple(builder.notes))


def _text(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Label Studio config `{path.name}` by `taxonomist "
        "import label-studio`. Add definitions, examples and edge-case rules."
    )


def _parse(path: Path) -> Element:
    if read_input(path, HINT).lstrip()[:1] in (b"{", b"["):
        return _json_config(path)
    root, findings = load_config(path)
    stop_on_errors(findings, HINT)
    assert root is not None  # the reader refuses a file only with an error
    return root


def _json_config(path: Path) -> Element:
    """The config of a Label Studio project JSON as the ``<View>`` its XML would give."""
    data = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("label_config"), str):
        root, findings = parse_config(data["label_config"].encode(), f"{path}#/label_config")
        stop_on_errors(findings, HINT)
        assert root is not None  # refused only with an error
        return root
    parsed, pointer = data, ""
    if isinstance(data, dict) and isinstance(data.get("parsed_label_config"), dict):
        parsed, pointer = data["parsed_label_config"], "/parsed_label_config"
    controls = isinstance(parsed, dict) and any(
        isinstance(c, dict) and "type" in c for c in parsed.values()
    )
    if not controls and not pointer:
        raise bad_input(path, "/", "no label_config or parsed_label_config", HINT)
    view = Element("View")
    for name, control in parsed.items():
        view.append(_parsed_control(path, f"{pointer}/{name}", name, control))
    return view


def _parsed_control(path: Path, pointer: str, name: str, control: Any) -> Element:
    """One control of a ``parsed_label_config`` as its XML element."""
    if not isinstance(control, dict) or not isinstance(control.get("type"), str):
        raise bad_input(path, pointer, "a control must be an object with a 'type'", HINT)
    labels = control.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(v, str) for v in labels):
        raise bad_input(path, f"{pointer}/labels", "labels must be a list of strings", HINT)
    attrs = control.get("labels_attrs")
    attrs = attrs if isinstance(attrs, dict) else {}
    to_names = control.get("to_name")
    element = Element(control["type"], {"name": name})
    if isinstance(to_names, list) and all(isinstance(v, str) for v in to_names):
        element.set("toName", ",".join(to_names))
    child = "Choice" if control["type"] == "Choices" else "Label"
    for value in labels:
        extra = attrs.get(value)
        known = extra.items() if isinstance(extra, dict) else ()
        fields = {str(k): str(v) for k, v in known if isinstance(v, str | int | float)}
        element.append(Element(child, dict(fields, value=value)))
    return element


class _Builder:
    def __init__(self) -> None:
        self.label_types: dict[str, Any] = {}
        self.attributes: dict[str, Any] = {}
        # attribute -> (the label values it shows for, None for every region; required)
        self.attribute_uses: dict[str, tuple[frozenset[str] | None, bool]] = {}
        self.classes: dict[str, dict[str, Any]] = {}
        self.book = NameBook()
        self.notes: list[str] = []

    def control(self, element: Any) -> None:
        tag, name = element.tag, to_name(element.get("name", ""))
        if not name:
            return
        shape = SHAPE_CONTROLS.get(tag)
        if shape in KINDS:
            self.label_types[name] = {"kind": KINDS[shape]}
            for label in element.findall("Label"):
                self._class(label, name)
        elif shape == "keypoint" and _is_skeleton(element):
            self.label_types[name] = _keypoints(element)
        elif shape == "keypoint":
            self.label_types[name] = {"kind": "polyline"}
            for label in element.findall("Label"):
                self._class(label, name)
        elif element.get("perRegion") == "true" and tag in ATTRIBUTE_CONTROLS:
            self.attributes[name] = _attribute(element)
            self.attribute_uses[name] = _attribute_use(element)
        elif tag == "Choices":
            self._image_level(element, name)

    def _class(self, label: Any, label_type: str) -> None:
        value = label.get("value", "")
        name = to_name(value)
        if not name:
            self.notes.append(f"label {value!r} has no usable name; skipped")
            return
        entry = self.classes.get(name)
        if entry is None:
            self.book.reserve(name)
            entry = {"id": label.get("category"), "label_types": []}
            colour = _colour(label.get("background"))
            if colour:
                entry["color"] = colour
            if value != name:
                entry["aliases"] = [value]
            self.classes[name] = entry
        entry["label_types"].append(label_type)

    def _image_level(self, element: Any, name: str) -> None:
        kind = element.get("taxonomistType")
        values = [c.get("value", "") for c in element.findall("Choice")]
        if kind == "binary" and len(values) == 2:
            self.label_types[name] = {"kind": "binary", "values": [_scalar(v) for v in values]}
            return
        multiple = element.get("choice") == "multiple"
        self.label_types[name] = {"kind": "multi_label" if multiple else "multi_class"}
        for choice in element.findall("Choice"):
            self._class(choice, name)

    def finish(self) -> dict[str, Any]:
        taken = {int(e["id"]) for e in self.classes.values() if str(e["id"]).isdigit()}
        next_id = max(taken, default=0) + 1
        shapes = ("box", "polygon", "mask", "polyline")
        object_types = [n for n, t in self.label_types.items() if t["kind"] in shapes]
        keypoints = [n for n, t in self.label_types.items() if t["kind"] == "keypoints"]
        owners = self._keypoint_owners(object_types)
        for name, entry in self.classes.items():
            if str(entry["id"]).isdigit():
                entry["id"] = int(entry["id"])
            else:
                entry["id"], next_id = next_id, next_id + 1
            if any(t in object_types for t in entry["label_types"]):
                if owners is None or name in owners:
                    entry["label_types"] += keypoints
                uses = self._uses_of(name)
                if uses:
                    entry["attributes"] = uses
        ordered = sorted(self.classes.items(), key=lambda item: item[1]["id"])
        return {name: _ordered(entry) for name, entry in ordered}

    def _uses_of(self, name: str) -> dict[str, str]:
        """The attributes a class answers: the per-region controls shown for its label
        (``whenLabelValue``; every region without one), required where the control is."""
        uses = {}
        for attribute, (labels, required) in self.attribute_uses.items():
            if labels is None or name in labels:
                uses[attribute] = "required" if required else "optional"
        return uses

    def _keypoint_owners(self, object_types: list[str]) -> set[str] | None:
        """The class a keypoint skeleton belongs to: the one label of a box control with a
        single label (Label Studio's person-box-plus-keypoints layout); None means all."""
        for type_name in object_types:
            if self.label_types[type_name]["kind"] != "box":
                continue
            users = {n for n, e in self.classes.items() if type_name in e["label_types"]}
            if len(users) == 1:
                return users
        return None


def _attribute_use(element: Any) -> tuple[frozenset[str] | None, bool]:
    """Which classes a per-region control asks (its ``whenLabelValue`` list, as class names)
    and whether it must be answered (``required="true"``)."""
    shown = element.get("whenLabelValue")
    labels = None if not shown else frozenset(to_name(v) for v in shown.split(",") if v.strip())
    return labels, element.get("required") == "true"


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "color", "aliases", "label_types", "attributes")
    return {k: entry[k] for k in keys if k in entry}


def _is_skeleton(element: Any) -> bool:
    """Whether a KeyPointLabels control names the points of one skeleton rather than
    classes of points: a skeleton has three points or more, or declares its edges or flips."""
    labels = element.findall("Label")
    declared = element.get("taxonomistSkeleton") or any(lab.get("flip") for lab in labels)
    return bool(declared) or len(labels) >= SKELETON_MIN_POINTS


def _keypoints(element: Any) -> dict[str, Any]:
    labels = element.findall("Label")
    indexed = sorted(
        (int(lab.get("model_index")) if str(lab.get("model_index", "")).isdigit() else i, i, lab)
        for i, lab in enumerate(labels)
    )
    points = [to_name(lab.get("value", "")) or f"kp{i}" for i, (_, _, lab) in enumerate(indexed)]
    edges = []
    for edge in (element.get("taxonomistSkeleton") or "").split():
        a, _, b = edge.partition("-")
        if a in points and b in points:
            edges.append((a, b))
    entry = KeypointSpec("keypoints", tuple(points), tuple(edges)).as_label_type()
    declared = []
    for _, _, label in indexed:
        a, b = to_name(label.get("value", "")), to_name(label.get("flip", ""))
        if a in points and b in points and points.index(a) < points.index(b):
            declared.append([a, b])
    if declared:
        entry["flip_pairs"] = declared
    return entry


def _attribute(element: Any) -> dict[str, Any]:
    kind = element.get("taxonomistType") or ""
    if element.tag == "TextArea":
        return {"type": "text"}
    if element.tag == "Number":
        spec: dict[str, Any] = {"type": kind if kind in ("int", "float") else _number_kind(element)}
        for key in ("min", "max"):
            if element.get(key) is not None:
                spec[key] = _scalar(element.get(key))
        return spec
    values = [c.get("value", "") for c in element.findall("Choice")]
    if kind == "bool" or (not kind and sorted(values) == ["false", "true"]):
        return {"type": "bool"}
    if kind == "tristate" and len(values) == 3:
        return {"type": "tristate", "values": values}
    if kind.startswith("ordinal "):
        edges = [float(v) for v in kind.split()[1:]]
        return {"type": "ordinal", "edges": edges, "labels": values}
    spec = {"type": "enum", "values": values}
    if element.get("choice") == "multiple":
        spec["multiple"] = True
    return spec


def _number_kind(element: Any) -> str:
    return "int" if element.get("step") == "1" else "float"


def _scalar(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return {"true": True, "false": False}.get(text, text)


def _colour(text: str | None) -> str | None:
    if not text:
        return None
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return text.lower()
    found = _RGBA.match(text)
    if found:
        return "#" + "".join(f"{min(255, int(v)):02x}" for v in found.groups())
    return None
