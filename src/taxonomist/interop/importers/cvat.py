"""CVAT: a starter taxonomy from CVAT labels JSON (the raw label editor's list, or a project
object with ``labels``) or from the ``<meta>`` labels of a CVAT XML export.

Each label is a class (its ``id`` kept when it is a whole number, else numbered in order;
its colour kept; a name that is no taxonomy name keeps the original, the spelling the
files use, as an alias). The label ``type`` gives the label types: ``rectangle`` -> ``box``,
``polygon``, ``polyline``, ``mask``, ``any`` -> box and polygon, ``tag`` -> an image-level
``tag`` label, ``skeleton`` -> a keypoints label type from its points (``sublabels``, or in
XML the labels whose ``<parent>`` it is), with the SVG's edges as the skeleton and left/right
flip pairs found by name; a skeleton's points are never classes, and a skeleton without
points is refused. Attributes are typed by
input: ``checkbox`` -> bool, ``radio`` with three values -> tristate, ``radio``/``select``
-> enum, ``number`` (``[min, max, step]``, step 1 -> int) and ``text``.

XML is read by the CVAT reader's own ``formats.cvat.meta``: the same safe parse, the same
refusals and the same labels (first of a repeated name wins) as ``taxonomist check``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.cvat.meta import LabelSpec, load_meta
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.coco_keypoints import KeypointSpec
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    read_input,
    starter_document,
    stop_on_errors,
    to_name,
    whole_number,
)

HINT = "expected CVAT labels JSON ([{name, type, attributes}, ...]) or a CVAT XML export"
TYPES = {"rectangle": ["box"], "polygon": ["polygon"], "polyline": ["polyline"], "mask": ["mask"]}
TYPES |= {"any": ["box", "polygon"], "ellipse": ["box"], "points": ["polyline"], "tag": ["tag"]}
KINDS = {"box": {"kind": "box"}, "polygon": {"kind": "polygon"}, "polyline": {"kind": "polyline"}}
KINDS |= {"mask": {"kind": "mask"}, "tag": {"kind": "multi_label"}}
OPEN_BOUND = 1e9


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from CVAT labels."""
    labels = _labels(path)
    book = NameBook()
    notes: list[str] = []
    label_types: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    classes: dict[str, Any] = {}
    next_id = 1 + max((lab["id"] for lab in labels if whole_number(lab.get("id"))), default=0)
    for label in labels:
        original = str(label.get("name", ""))
        if not to_name(original):
            raise InvalidInput(f"{label['place']}: unusable label name {original!r}", hint=HINT)
        name = book.claim(to_name(original), "label")
        if whole_number(label.get("id")):
            class_id = label["id"]
        else:
            class_id, next_id = next_id, next_id + 1
        entry: dict[str, Any] = {"id": class_id}
        if original != name and to_name(original) == name:  # the files' spelling of the name
            entry["aliases"] = [original]
        if isinstance(label.get("color"), str) and re.fullmatch(r"#[0-9a-fA-F]{6}", label["color"]):
            entry["color"] = label["color"].lower()
        entry["label_types"] = _types(path, label, name, label_types)
        uses = _attributes(label, attributes, notes)
        if uses:
            entry["attributes"] = uses
        classes[name] = entry
    head = document_head(default_name(path, options.name), "Imported from CVAT", _description(path))
    doc = starter_document(head, label_types, classes, attributes)
    return ImportResult(document=doc, notes=tuple(notes))


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the CVAT labels of `{path.name}` by `taxonomist "
        "import cvat`. Add definitions, examples and edge-case rules."
    )


def _labels(path: Path) -> list[dict[str, Any]]:
    data = read_input(path, HINT)
    if data.lstrip()[:1] == b"<":
        return _xml_labels(path)
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise InvalidInput(f"{path}: not valid JSON: {exc}", hint=HINT) from None
    labels = value.get("labels") if isinstance(value, dict) else value
    if not isinstance(labels, list) or not labels or not all(isinstance(x, dict) for x in labels):
        raise InvalidInput(f"{path}: no labels found", hint=HINT)
    key = "/labels" if isinstance(value, dict) else ""
    for index, label in enumerate(labels):
        label["place"] = f"{path}#{key}/{index}"
        _check_lists(f"{path}#{key}/{index}", label)
    return labels


def _check_lists(where: str, label: dict[str, Any]) -> None:
    """Refuse a label whose attributes, points or attribute values are not lists."""
    attributes = label.get("attributes", [])
    if not isinstance(attributes, list) or not all(isinstance(a, dict) for a in attributes):
        raise InvalidInput(f"{where}/attributes: attributes must be a list of objects", hint=HINT)
    if not isinstance(label.get("sublabels", []), list | None):
        raise InvalidInput(f"{where}/sublabels: sublabels must be a list of objects", hint=HINT)
    for number, attribute in enumerate(attributes):
        if not isinstance(attribute.get("values", []), list | None):
            pointer = f"{where}/attributes/{number}/values"
            raise InvalidInput(f"{pointer}: values must be a list", hint=HINT)


def _xml_labels(path: Path) -> list[dict[str, Any]]:
    meta, findings = load_meta(path)
    stop_on_errors(findings, HINT)
    assert meta is not None  # the reader refuses a file only with an error
    if not meta.labels:
        raise InvalidInput(f"{path}: the XML has no <meta> labels", hint=HINT)
    return [dict(_xml_label(spec), place=f"{path}:{spec.line}") for spec in meta.labels.values()]


def _xml_label(spec: LabelSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "color": spec.color or "",
        "type": spec.type,
        "attributes": [
            {"name": a.name, "input_type": a.input_type, "values": list(a.values)}
            for a in spec.attributes.values()
        ],
        "sublabels": [{"name": name} for name in spec.sublabels],
        "svg": spec.svg or "",
    }


def _types(path: Path, label: dict[str, Any], name: str, label_types: dict[str, Any]) -> list[str]:
    kind = str(label.get("type") or "any")
    if kind == "skeleton":
        type_name = "keypoints" if "keypoints" not in label_types else f"{name}_keypoints"
        label_types[type_name] = _skeleton(path, label)
        return [type_name]
    names = TYPES.get(kind, ["box", "polygon"])
    for type_name in names:
        label_types.setdefault(type_name, dict(KINDS[type_name]))
    return list(names)


def _skeleton(path: Path, label: dict[str, Any]) -> dict[str, Any]:
    raw = [str(s.get("name", "")) for s in label.get("sublabels") or [] if isinstance(s, dict)]
    if not raw:
        raise InvalidInput(
            f"{path}: skeleton {label.get('name')!r} has no points",
            hint="a CVAT skeleton lists its points as <sublabels> or as labels with <parent>",
        )
    svg = str(label.get("svg") or "")
    points = {name: to_name(name) or f"kp{i}" for i, name in enumerate(raw)}
    edges = LabelSpec(str(label.get("name")), None, svg=svg, sublabels=raw).edges()
    pairs = tuple((points[a], points[b]) for a, b in edges)
    return KeypointSpec("keypoints", tuple(points.values()), pairs).as_label_type()


def _attributes(
    label: dict[str, Any], attributes: dict[str, Any], notes: list[str]
) -> dict[str, str]:
    uses: dict[str, str] = {}
    for raw in label.get("attributes") or []:
        name = to_name(str(raw.get("name", "")))
        if not name:
            continue
        spec = _attribute(raw)
        if name in attributes and attributes[name] != spec:
            notes.append(f"attribute {name!r} of {label.get('name')!r} differs from an earlier one")
            name = f"{name}_{to_name(str(label.get('name')))}"
        attributes.setdefault(name, spec)
        uses[name] = "optional"
    return uses


def _attribute(raw: dict[str, Any]) -> dict[str, Any]:
    kind = raw.get("input_type")
    values = [str(v) for v in raw.get("values") or [] if str(v) != ""]
    if kind == "checkbox":
        return {"type": "bool"}
    if kind == "number" and len(values) == 3:
        return _number(values)
    if kind == "radio" and len(values) == 3:
        return {"type": "tristate", "values": values}
    if kind in ("radio", "select") and values:
        return {"type": "enum", "values": values}
    return {"type": "text"}


def _number(values: list[str]) -> dict[str, Any]:
    try:
        low, high, step = (float(v) for v in values)
    except ValueError:
        return {"type": "text"}
    spec: dict[str, Any] = {"type": "int" if step == 1 else "float"}
    if low > high:  # not [min, max, step]: keep the type, drop the bounds
        return spec
    if abs(low) < OPEN_BOUND:
        spec["min"] = int(low) if low.is_integer() else low
    if abs(high) < OPEN_BOUND:
        spec["max"] = int(high) if high.is_integer() else high
    return spec
