"""The vocabulary of Mapillary Vistas: its folders, its versions' file names and the label
list of ``config_v1.2.json`` / ``config_v2.0.json``, which the reader, the importer and the
exporter all read from here.

A config is ``{"labels": [{"name", "readable", "color": [r, g, b], "instances",
"evaluate"}, ...]}``; a label's place in the list is the class value its masks hold
(``labels/*.png`` pixel, ``instances/*.png`` value // 256). ``name`` spells the hierarchy
with ``--`` (``construction--flat--road``); ``instances`` says whether the class has
instances (a thing) or not (stuff).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taxonomist.formats._io.columns import whole_number


@dataclass(frozen=True, slots=True)
class Version:
    """The files of one dataset version."""

    config: str
    panoptic: str


VERSIONS: dict[str, Version] = {
    "v1.2": Version("config_v1.2.json", "panoptic_2018.json"),
    "v2.0": Version("config_v2.0.json", "panoptic_2020.json"),
}
KINDS = ("labels", "instances", "panoptic", "polygons")  # annotation folders of a version
IMAGES = "images"  # <split>/images/<stem>.jpg
INSTANCE_BASE = 256  # instances/*.png: label index x 256 + instance number
HIERARCHY = "--"
VOID = "void"  # the top of the hierarchy that holds the void classes


@dataclass(frozen=True, slots=True)
class Label:
    """One entry of a config's ``labels`` list."""

    name: str
    readable: str | None = None
    color: tuple[int, int, int] | None = None
    instances: bool = False
    evaluate: bool = True

    @property
    def code(self) -> int | None:
        """The colour as one ``0xRRGGBB`` integer (how ``pixels.rgb_codes`` reads pixels)."""
        if self.color is None:
            return None
        r, g, b = self.color
        return (r << 16) | (g << 8) | b


def parse_labels(doc: Any) -> tuple[list[Label], list[tuple[str, str]]]:
    """The labels of a config document, and ``(pointer, message)`` for each entry that is
    not a usable label (it keeps its place in the list, as an unnamed label, so the class
    values of the others stay right)."""
    raw = doc.get("labels") if isinstance(doc, dict) else None
    if not isinstance(raw, list):
        return [], [("/labels" if isinstance(doc, dict) else "", "the config has no labels list")]
    labels, problems = [], []
    for index, entry in enumerate(raw):
        label, problem = _label(entry)
        labels.append(label)
        if problem is not None:
            problems.append((f"/labels/{index}{problem[0]}", problem[1]))
    return labels, problems


def _label(entry: Any) -> tuple[Label, tuple[str, str] | None]:
    if not isinstance(entry, dict):
        return Label(""), ("", "a label must be an object")
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        return Label(""), ("/name", "the label has no name")
    color, problem = _color(entry.get("color"))
    flags = {}
    for key, default in (("instances", False), ("evaluate", True)):
        value = entry.get(key, default)
        if not isinstance(value, bool):
            problem = problem or (f"/{key}", f"{key} must be true or false")
            value = default
        flags[key] = value
    readable = entry.get("readable")
    label = Label(name, readable if isinstance(readable, str) else None, color, **flags)
    return label, problem


def _color(value: Any) -> tuple[tuple[int, int, int] | None, tuple[str, str] | None]:
    if value is None:
        return None, None
    parts = [whole_number(v, 0) for v in value] if isinstance(value, list) else []
    if len(parts) != 3 or any(p is None or p > 255 for p in parts):
        return None, ("/color", "color must be [r, g, b] with values 0..255")
    r, g, b = (int(p) for p in parts if p is not None)
    return (r, g, b), None


def config_document(labels: list[Label]) -> dict[str, Any]:
    """A config document for ``labels`` (key order as Mapillary writes it)."""
    entries = []
    for label in labels:
        entry: dict[str, Any] = {}
        if label.color is not None:
            entry["color"] = list(label.color)
        entry["instances"] = label.instances
        entry["readable"] = label.readable or label.name
        entry["name"] = label.name
        entry["evaluate"] = label.evaluate
        entries.append(entry)
    return {"labels": entries}
