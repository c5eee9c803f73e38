"""A Labelbox ontology JSON (the ``{"tools", "classifications"}`` document labelbox-python's
``OntologyBuilder.from_dict`` reads): a tool per labellable class with a shape label type
(``name`` the class name, its colour; ``tool`` from its first shape kind: ``box`` ->
``rectangle``, ``polygon``, ``polyline`` -> ``line``, ``mask`` -> ``raster-segmentation``;
Labelbox has no skeleton tool, so a keypoints class is a ``point`` tool), whose
classifications are the attributes the class answers: an enum, ordinal or tri-state as a
``radio`` of its values (``checklist`` for a ``multiple`` enum), a bool as a ``radio`` of
``true``/``false``, a number or text as ``text``. Each multi-class image-level label type is
a top-level ``radio`` classification whose options are its classes, each multi-label one a
``checklist``, a binary one a ``radio`` of ``yes``/``no``. ``taxonomist import labelbox``
reads the result back to the same classes, label types and attributes (numbers come back as
text: Labelbox has no number question).
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from taxonomist.interop.export.common import labellable, offered, shape_types
from taxonomist.taxonomy.model import (
    BoolAttribute,
    EnumAttribute,
    MultiClassLabel,
    MultiLabel,
    OrdinalAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"
KIND_TO_TOOL = {
    "box": "rectangle",
    "polygon": "polygon",
    "polyline": "line",
    "mask": "raster-segmentation",
    "keypoints": "point",
}


def export(taxonomy: Taxonomy) -> str:
    """The ontology JSON text."""
    classes = labellable(taxonomy)
    tools = [_tool(taxonomy, cls) for cls in classes if shape_types(taxonomy, cls)]
    questions = [
        question
        for name, spec in taxonomy.label_types.items()
        if (question := _image_question(name, spec, classes)) is not None
    ]
    return json.dumps({"tools": tools, "classifications": questions}, indent=2) + "\n"


def _tool(taxonomy: Taxonomy, cls: TaxonomyClass) -> dict[str, Any]:
    kind = shape_types(taxonomy, cls)[0][1].kind
    questions = [_question(name, taxonomy.attributes[name]) for name in offered(taxonomy, cls)]
    return {
        "required": False,
        "name": cls.name,
        "tool": KIND_TO_TOOL.get(kind, "rectangle"),
        "color": cls.color,
        "classifications": questions,
    }


def _options(values: list[str]) -> list[dict[str, Any]]:
    return [{"label": v, "value": v, "options": []} for v in values]


def _question(name: str, spec: Any) -> dict[str, Any]:
    kind, values = "text", []
    if isinstance(spec, BoolAttribute):
        kind, values = "radio", ["true", "false"]
    elif isinstance(spec, TriStateAttribute):
        kind, values = "radio", list(spec.values)
    elif isinstance(spec, OrdinalAttribute):
        kind = "radio"
        values = spec.labels or [f"{a:g}-{b:g}" for a, b in pairwise(spec.edges)]
    elif isinstance(spec, EnumAttribute):
        kind = "checklist" if spec.multiple else "radio"
        values = [str(v).lower() if isinstance(v, bool) else str(v) for v in spec.values]
    question: dict[str, Any] = {"required": False, "instructions": name, "name": name}
    question["type"] = kind
    if values:
        question["options"] = _options(values)
    return question


def _image_question(name: str, spec: Any, classes: list[TaxonomyClass]) -> dict[str, Any] | None:
    if not isinstance(spec, MultiClassLabel | MultiLabel):
        return None  # a binary question has no Labelbox form that reads back as one
    kind = "radio" if isinstance(spec, MultiClassLabel) else "checklist"
    values = [c.name for c in classes if name in c.label_types]
    if not values:
        return None
    return {
        "required": False,
        "instructions": name,
        "name": name,
        "type": kind,
        "options": _options(values),
    }
