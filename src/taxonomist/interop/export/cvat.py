"""CVAT labels JSON (the list CVAT's raw label editor and its API take): one label per
labellable class with its colour and a ``type`` (the class's one shape kind, ``skeleton``
for keypoints, ``tag`` for image-level classes, else ``any``), typed attributes
(``checkbox``, ``radio``, ``select``, ``number`` with ``[min, max, step]``, ``text``), and
for keypoint classes the skeleton: a sublabel per keypoint and an SVG whose ``line``
elements are the edges (``data-node-from``/``data-node-to`` are 1-based node ids). Each
label's ``id`` is the class's stable id.

A label offers exactly the attributes its class answers (required or optional, inherited
ones included), never one it forbids or does not use. The export never answers for the
annotator: CVAT needs a ``default_value`` for every attribute, so a choice list
(``select``, ``radio``) starts with a blank value, ``UNANSWERED``, as its default; an
untouched one comes back blank and ``taxonomist check`` reports it missing (A007) where the
class requires it. A ``checkbox`` cannot be unanswered in CVAT (unticked is false) and a
``number`` default must be a number (its minimum is written): ask a required yes/no
question as a tristate to tell "not looked at" from "no". CVAT labels have no field for
value descriptions, so none are written.

``labels(taxonomy)`` is that list before it is written out (each label's name, type and
attributes with their input types); the export writes it, and the guideline site explains
it, so both always say the same."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from taxonomist.interop.export.common import keypoint_type, labellable, offered, shape_types
from taxonomist.taxonomy.lock import tool_label
from taxonomist.taxonomy.model import (
    BoolAttribute,
    EnumAttribute,
    KeypointLabel,
    NumberAttribute,
    OrdinalAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.model.attributes import UNANSWERED
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"
KIND_TO_TYPE = {"box": "rectangle", "polygon": "polygon", "polyline": "polyline", "mask": "mask"}
NUMBER_BOUND = 1e9  # CVAT needs min and max; an open bound is written as +-1e9


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a CVAT label, as the export writes it."""

    name: str
    input_type: str  # checkbox, radio, select, number or text
    default_value: str
    values: tuple[str, ...]

    def json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mutable": False,
            "input_type": self.input_type,
            "default_value": self.default_value,
            "values": list(self.values),
        }


@dataclass(frozen=True, slots=True)
class Label:
    """One CVAT label: a labellable class, its type and the attributes it offers."""

    cls: str  # the taxonomy's class name
    id: int
    name: str  # the label's name in CVAT
    color: str
    type: str  # rectangle, polygon, polyline, mask, skeleton, tag or any
    attributes: tuple[Attribute, ...]
    skeleton: KeypointLabel | None = None  # its keypoints, for a skeleton label

    def json(self) -> dict[str, Any]:
        label: dict[str, Any] = {"id": self.id, "name": self.name, "color": self.color}
        label["type"] = self.type
        label["attributes"] = [a.json() for a in self.attributes]
        if self.skeleton is not None:
            label["sublabels"] = [
                {"name": p, "type": "points", "attributes": []} for p in self.skeleton.keypoints
            ]
            label["svg"] = skeleton_svg(self.skeleton)
        return label


def export(taxonomy: Taxonomy) -> str:
    """The labels JSON text."""
    return (
        json.dumps([label.json() for label in labels(taxonomy)], indent=2, ensure_ascii=False)
        + "\n"
    )


def labels(taxonomy: Taxonomy) -> tuple[Label, ...]:
    """Every label of the export, by class id."""
    return tuple(_label(taxonomy, cls) for cls in labellable(taxonomy))


def _label(taxonomy: Taxonomy, cls: TaxonomyClass) -> Label:
    return Label(
        cls.name,
        cls.id,
        tool_label(cls),
        cls.color,
        _type(taxonomy, cls),
        tuple(_attribute(name, taxonomy.attributes[name]) for name in offered(taxonomy, cls)),
        keypoint_type(taxonomy, cls),
    )


def _type(taxonomy: Taxonomy, cls: TaxonomyClass) -> str:
    shapes = shape_types(taxonomy, cls)
    if any(spec.kind == "keypoints" for _, spec in shapes):
        return "skeleton"
    if not shapes:
        return "tag" if cls.label_types else "any"
    kinds = {KIND_TO_TYPE.get(spec.kind, "any") for _, spec in shapes}
    return kinds.pop() if len(kinds) == 1 else "any"


def skeleton_svg(spec: KeypointLabel) -> str:
    """Edges as SVG lines and nodes as circles on a circle layout (CVAT draws the template)."""
    index = {name: i + 1 for i, name in enumerate(spec.keypoints)}
    count = len(spec.keypoints)
    where = {
        i: (
            50 + 40 * math.cos(2 * math.pi * (i - 1) / count),
            50 + 40 * math.sin(2 * math.pi * (i - 1) / count),
        )
        for i in index.values()
    }
    parts = []
    for a, b in spec.skeleton:
        (x1, y1), (x2, y2) = where[index[a]], where[index[b]]
        parts.append(
            f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
            f'data-type="edge" data-node-from="{index[a]}" data-node-to="{index[b]}"></line>'
        )
    for name, i in index.items():
        x, y = where[i]
        parts.append(
            f'<circle r="1.5" cx="{x:.2f}" cy="{y:.2f}" data-type="element node" '
            f'data-element-id="{i}" data-node-id="{i}" data-label-name="{name}"></circle>'
        )
    return "".join(parts)


def _attribute(name: str, spec: Any) -> Attribute:
    if isinstance(spec, BoolAttribute):
        return Attribute(name, "checkbox", "false", ("false",))
    if isinstance(spec, TriStateAttribute):
        return _unanswered(name, "radio", list(spec.values))
    if isinstance(spec, EnumAttribute | OrdinalAttribute):
        return _unanswered(name, "select", _choices(spec))
    if isinstance(spec, NumberAttribute):
        low = spec.min if isinstance(spec.min, int | float) else -NUMBER_BOUND
        high = spec.max if isinstance(spec.max, int | float) else NUMBER_BOUND
        step = "1" if spec.type == "int" else "0.01"
        return Attribute(name, "number", f"{low:g}", (f"{low:g}", f"{high:g}", step))
    return Attribute(name, "text", "", ("",))


def _unanswered(name: str, input_type: str, values: list[str]) -> Attribute:
    """A choice list whose default is the blank first value: nothing is pre-selected."""
    return Attribute(name, input_type, UNANSWERED, (UNANSWERED, *values))


def _choices(spec: EnumAttribute | OrdinalAttribute) -> list[str]:
    if isinstance(spec, OrdinalAttribute):
        edges = spec.edges
        return spec.labels or [f"{a:g}-{b:g}" for a, b in pairwise(edges)]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in spec.values]
