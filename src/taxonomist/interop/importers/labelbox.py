"""Labelbox: a starter taxonomy from an ontology JSON (``{"tools": [...], "classifications":
[...]}``, as ``OntologyBuilder.asdict()`` and the ontology's ``normalized`` JSON hold it).

Each tool is a class (its ``name`` kept as an alias where it is no taxonomy name: export
rows name an object's class by it; its ``color`` kept), its ``tool`` giving the label type:
``rectangle`` -> ``box``, ``polygon``, ``line`` -> ``polyline``, ``point`` -> ``polyline``
(the reader keeps points as loose points), ``superpixel``/``raster-segmentation`` ->
``mask``; other tools (``named-entity``, ``bbox`` of text, ...) are noted and left out. A
tool's classifications, and those nested under their options, are attributes of its
class, named after the classification's ``name`` (the key export rows give it as
``value``): ``radio`` -> an enum of the options' labels, ``checklist`` -> an enum with
``multiple``, ``text`` -> text. The ontology's own classifications are image-level label
types named the same way, ``radio`` multi-class and ``checklist`` multi-label, whose
options are classes; a ``text`` one has no label type and is noted.

The field names follow labelbox-python (Apache-2.0), ``labelbox/schema/ontology.py``
(``Tool.Type``, ``Classification.Type``, ``Option``), and its ontology test fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    read_json,
    starter_document,
    to_name,
)

HINT = 'expected a Labelbox ontology JSON ({"tools": [...], "classifications": [...]})'
TOOLS = {
    "rectangle": "box",
    "polygon": "polygon",
    "line": "polyline",
    "point": "polyline",
    "superpixel": "mask",
    "raster-segmentation": "mask",
}
IMAGE_KINDS = {"radio": "multi_class", "checklist": "multi_label"}


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a Labelbox ontology."""
    ontology = read_json(path)
    if not isinstance(ontology, dict) or not isinstance(ontology.get("tools", []), list):
        raise InvalidInput(f"{path}: not a Labelbox ontology", hint=HINT)
    found = _Document(path)
    for index, tool in enumerate(ontology.get("tools") or []):
        found.tool(f"/tools/{index}", tool)
    raw = ontology.get("classifications") or []
    for index, question in enumerate(raw if isinstance(raw, list) else []):
        found.question(f"/classifications/{index}", question)
    if not found.classes:
        raise InvalidInput(f"{path}: the ontology has no tools or classifications", hint=HINT)
    head = document_head(default_name(path, options.name), "Imported from Labelbox", _about(path))
    doc = starter_document(head, found.label_types, found.classes, found.attributes)
    return ImportResult(document=doc, notes=tuple(found.notes))


def _about(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Labelbox ontology `{path.name}` by `taxonomist "
        "import labelbox`. Add definitions, examples and edge-case rules."
    )


@dataclass
class _Document:
    """The document being built from one ontology."""

    path: Path
    book: NameBook = field(default_factory=NameBook)
    label_types: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    classes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add_class(
        self, original: str, where: str, label_type: str, color: Any = None
    ) -> dict[str, Any]:
        if not to_name(original):
            raise InvalidInput(f"{self.path}#{where}: unusable name {original!r}", hint=HINT)
        name = self.book.claim(to_name(original), "class")
        entry: dict[str, Any] = {"id": len(self.classes) + 1}
        if original != name:
            entry["aliases"] = [original]
        if isinstance(color, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            entry["color"] = color.lower()
        entry["label_types"] = [label_type]
        self.classes[name] = entry
        return entry

    def tool(self, where: str, tool: Any) -> None:
        if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
            raise InvalidInput(f"{self.path}#{where}: a tool needs a name", hint=HINT)
        kind = TOOLS.get(str(tool.get("tool")))
        if kind is None:
            self.notes.append(f"tool {tool['name']!r} ({tool.get('tool')}) has no label type")
            return
        self.label_types.setdefault(kind, {"kind": kind})
        entry = self.add_class(tool["name"], where, kind, tool.get("color"))
        uses: dict[str, str] = {}
        _attributes(tool.get("classifications"), self.attributes, uses, self.notes)
        if uses:
            entry["attributes"] = uses

    def question(self, where: str, question: Any) -> None:
        if not isinstance(question, dict):
            raise InvalidInput(
                f"{self.path}#{where}: a classification must be an object", hint=HINT
            )
        type_name = to_name(str(question.get("name") or question.get("instructions") or ""))
        kind = IMAGE_KINDS.get(str(question.get("type")))
        labels = _labels(question)
        if not type_name or kind is None or not labels:
            what = f"classification {type_name or where!r} ({question.get('type')})"
            self.notes.append(f"{what} has no label type; left out")
            return
        self.label_types[type_name] = {"kind": kind}
        for number, label in enumerate(labels):
            self.add_class(label, f"{where}/options/{number}", type_name)


def _attributes(
    raw: Any, attributes: dict[str, Any], uses: dict[str, str], notes: list[str]
) -> None:
    for question in raw if isinstance(raw, list) else []:
        if not isinstance(question, dict):
            continue
        name = to_name(str(question.get("name") or question.get("instructions") or ""))
        if not name:
            continue
        spec = _attribute(question)
        if name in attributes and attributes[name] != spec:
            notes.append(
                f"attribute {name!r} is asked twice with different answers; the first is kept"
            )
        attributes.setdefault(name, spec)
        uses[name] = "optional"
        for option in question.get("options") or []:
            if isinstance(option, dict):
                _attributes(option.get("options"), attributes, uses, notes)


def _labels(question: dict[str, Any]) -> list[str]:
    options = question.get("options")
    found = (
        [
            str(o.get("label") or o.get("value"))
            for o in options
            if isinstance(o, dict) and (o.get("label") or o.get("value"))
        ]
        if isinstance(options, list)
        else []
    )
    return list(dict.fromkeys(found))


def _attribute(question: dict[str, Any]) -> dict[str, Any]:
    kind, values = question.get("type"), _labels(question)
    if kind in ("radio", "checklist") and values:
        spec: dict[str, Any] = {"type": "enum", "values": values}
        if kind == "checklist":
            spec["multiple"] = True
        return spec
    return {"type": "text"}
