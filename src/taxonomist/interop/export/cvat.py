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
value descriptions, so none are written."""

from __future__ import annotations

import json
import math
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


def export(taxonomy: Taxonomy) -> str:
    """The labels JSON text."""
    labels = [_label(taxonomy, cls) for cls in labellable(taxonomy)]
    return json.dumps(labels, indent=2, ensure_ascii=False) + "\n"


def _label(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    label: dict[str, Any] = {"id": cls.id, "name": tool_label(cls), "color": cls.color}
    label["type"] = _type(taxonomy, cls)
    label["attributes"] = [
        _attribute(name, taxonomy.attributes[name]) for name in offered(taxonomy, cls)
    ]
    spec = keypoint_type(taxonomy, cls)
    if spec is not None:
        label["sublabels"] = [
            {"name": p, "type": "points", "attributes": []} for p in spec.keypoints
        ]
        label["svg"] = skeleton_svg(spec)
    return label


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


def _attribute(name: str, spec: Any) -> dict[str, Any]:
    attribute: dict[str, Any] = {"name": name, "mutable": False}
    if isinstance(spec, BoolAttribute):
        return {
            **attribute,
            "input_type": "checkbox",
            "default_value": "false",
            "values": ["false"],
        }
    if isinstance(spec, TriStateAttribute):
        return {**attribute, **_unanswered("radio", list(spec.values))}
    if isinstance(spec, EnumAttribute | OrdinalAttribute):
        return {**attribute, **_unanswered("select", _choices(spec))}
    if isinstance(spec, NumberAttribute):
        low = spec.min if isinstance(spec.min, int | float) else -NUMBER_BOUND
        high = spec.max if isinstance(spec.max, int | float) else NUMBER_BOUND
        step = "1" if spec.type == "int" else "0.01"
        values = [f"{low:g}", f"{high:g}", step]
        return {**attribute, "input_type": "number", "default_value": f"{low:g}", "values": values}
    return {**attribute, "input_type": "text", "default_value": "", "values": [""]}


def _unanswered(input_type: str, values: list[str]) -> dict[str, Any]:
    """A choice list whose default is the blank first value: nothing is pre-selected."""
    return {"input_type": input_type, "default_value": UNANSWERED, "values": [UNANSWERED, *values]}


def _choices(spec: EnumAttribute | OrdinalAttribute) -> list[str]:
    if isinstance(spec, OrdinalAttribute):
        edges = spec.edges
        return spec.labels or [f"{a:g}-{b:g}" for a, b in pairwise(edges)]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in spec.values]
