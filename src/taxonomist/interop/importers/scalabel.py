"""Scalabel / BDD100K: a starter taxonomy from a Scalabel label config.

The config is what Scalabel's ``load_label_config`` reads (scalabel/scalabel,
``scalabel/label/io.py`` and ``typing.py``, commit 071d073598e7): a TOML file with
``categories`` and ``attributes`` (or BDD100K's ``[scalabel]`` table, as in
bdd100k/bdd100k ``bdd100k/configs/det.toml``), a JSON or YAML config object (YAML through the
taxonomy's bounded reader), a YAML list of categories (Scalabel's ``examples``), or a
Scalabel dataset ``{"frames": [...], "config": {...}}``. Categories nest
(``{name, subcategories}``): a category with subcategories becomes an abstract parent, a leaf
a class with ``box``, ``polygon``, ``polyline`` and ``mask`` label types (a config does not
say which shapes a project draws). Attributes (``type`` in the Python tools, ``toolType`` in
the web tool's ``switch``/``list``) become a ``bool`` or an ``enum`` of ``values``, optional
for every class; BDD100K's frame attributes (``weather``, ``scene``, ``timeofday``) become
image-level ``multi_class`` label types whose classes are their values. Attribute names are
the reader's (``formats.scalabel.config.attribute_name``): ``trafficLightColor`` ->
``traffic_light_color``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.scalabel.config import FRAME_ATTRIBUTES, LIST, SWITCH, attribute_name
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    read_input_text,
    read_json,
    starter_document,
    stop_on_errors,
    to_name,
)
from taxonomist.taxonomy.source import read_source

HINT = "expected a Scalabel config (TOML, JSON or YAML with categories) or a {frames, config} JSON"
SHAPES = {"box": {"kind": "box"}, "polygon": {"kind": "polygon"}}
SHAPES |= {"polyline": {"kind": "polyline"}, "mask": {"kind": "mask"}}
MAX_DEPTH = 32


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a Scalabel config."""
    config = _config(path)
    categories = config.get("categories")
    if not isinstance(categories, list) or not categories:
        raise InvalidInput(f"{path}: the config has no categories", hint=HINT)
    tree = _Tree(path, NameBook())
    tree.add(categories, None, "/categories")
    classes = tree.classes
    label_types: dict[str, Any] = dict(SHAPES)
    image_types = _image_types(path, config.get("attributes"), label_types, classes, tree.book)
    attributes = _attributes(path, config.get("attributes"), image_types)
    for name in tree.leaves:
        if attributes:
            classes[name]["attributes"] = dict.fromkeys(attributes, "optional")
    head = document_head(default_name(path, options.name), "Imported from Scalabel", _text(path))
    return ImportResult(document=starter_document(head, label_types, classes, attributes))


def _text(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Scalabel config `{path.name}` by `taxonomist "
        "import scalabel`. Add definitions, examples and edge-case rules."
    )


def _config(path: Path) -> dict[str, Any]:
    if path.suffix.lower() in (".yaml", ".yml"):
        doc = read_source(path, scalar_keys=True)  # bounded: aliases, depth, size
        stop_on_errors(doc.findings, HINT)
        return _shape(path, doc.data)
    if path.suffix.lower() != ".toml":
        return _shape(path, read_json(path))
    try:
        value = tomllib.loads(read_input_text(path, HINT))
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        message = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "nested too deep"
        raise InvalidInput(f"{path}: not valid TOML: {message}", hint=HINT) from None
    return _shape(path, value)


def _shape(path: Path, value: Any) -> dict[str, Any]:
    """The config in ``value``: itself, BDD100K's ``scalabel`` table, a dataset's ``config``,
    or a bare list of categories (as Scalabel's ``examples/*_categories.yml``)."""
    if isinstance(value, dict) and isinstance(value.get("scalabel"), dict):
        value = value["scalabel"]  # bdd100k/configs/*.toml
    if isinstance(value, dict) and "frames" in value:
        value = value.get("config")  # a Scalabel dataset file
    if isinstance(value, list):
        if any(isinstance(v, dict) and ({"type", "toolType"} & v.keys()) for v in value):
            raise InvalidInput(
                f"{path}: a list of attributes, not of categories",
                hint="import a config with categories (and its attributes beside them)",
            )
        value = {"categories": value}
    if not isinstance(value, dict):
        raise InvalidInput(f"{path}: no Scalabel config found", hint=HINT)
    return value


@dataclass(slots=True)
class _Tree:
    """The classes made from nested categories, and the leaves (the labellable ones)."""

    path: Path
    book: NameBook
    classes: dict[str, Any] = field(default_factory=dict)
    leaves: list[str] = field(default_factory=list)

    def add(self, raw: list[Any], parent: str | None, pointer: str, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise InvalidInput(f"{self.path}#{pointer}: categories nest too deep", hint=HINT)
        for index, category in enumerate(raw):
            self._category(category, parent, f"{pointer}/{index}", depth)

    def _category(self, category: Any, parent: str | None, where: str, depth: int) -> None:
        original = category.get("name") if isinstance(category, dict) else None
        if not isinstance(original, str) or not to_name(original):
            raise InvalidInput(f"{self.path}#{where}: a category needs a usable name", hint=HINT)
        name = self.book.claim(to_name(original), "category")
        entry: dict[str, Any] = {"id": len(self.classes) + 1}
        if parent is not None:
            entry["parent"] = parent
        if original != name and to_name(original) == name:
            entry["aliases"] = [original]
        self.classes[name] = entry
        children = category.get("subcategories")
        if isinstance(children, list) and children:
            entry["abstract"] = True
            self.add(children, name, f"{where}/subcategories", depth + 1)
        else:
            entry["label_types"] = list(SHAPES)
            self.leaves.append(name)


def _attribute_specs(path: Path, raw: Any) -> list[tuple[str, str, list[str]]]:
    """(name, type, values) of each config attribute."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidInput(f"{path}#/attributes: attributes must be a list", hint=HINT)
    found = []
    for index, attribute in enumerate(raw):
        where = f"{path}#/attributes/{index}"
        if not isinstance(attribute, dict) or not isinstance(attribute.get("name"), str):
            raise InvalidInput(f"{where}: an attribute needs a name", hint=HINT)
        name = attribute_name(attribute["name"])
        if not name:
            raise InvalidInput(f"{where}: unusable attribute name {attribute['name']!r}", hint=HINT)
        kind = attribute.get("toolType", attribute.get("type"))
        values = attribute.get("values") or []
        if not isinstance(values, list):
            raise InvalidInput(f"{where}/values: values must be a list", hint=HINT)
        found.append((name, str(kind), [str(v) for v in values]))
    return found


def _attributes(path: Path, raw: Any, image_types: set[str]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, kind, values in _attribute_specs(path, raw):
        if name in image_types:
            continue
        if kind == LIST and values:
            attributes[name] = {"type": "enum", "values": list(dict.fromkeys(values))}
        elif kind == SWITCH:
            attributes[name] = {"type": "bool"}
        else:
            attributes[name] = {"type": "text"}
    return attributes


def _image_types(
    path: Path, raw: Any, label_types: dict[str, Any], classes: dict[str, Any], book: NameBook
) -> set[str]:
    """BDD100K's frame attributes as multi-class image-level label types; their values are
    classes (``undefined`` once, answering each of them)."""
    found: set[str] = set()
    values_of: dict[str, list[str]] = {}
    for name, kind, values in _attribute_specs(path, raw):
        if name in FRAME_ATTRIBUTES and kind == LIST and values:
            found.add(name)
            label_types[name] = {"kind": "multi_class"}
            for value in values:
                values_of.setdefault(value, []).append(name)
    for value, types in values_of.items():
        if not to_name(value):
            raise InvalidInput(f"{path}: unusable {types[0]} value {value!r}", hint=HINT)
        name = book.claim(to_name(value), "value")
        entry: dict[str, Any] = {"id": len(classes) + 1}
        if value != name and to_name(value) == name:
            entry["aliases"] = [value]
        entry["label_types"] = types
        classes[name] = entry
    return found
