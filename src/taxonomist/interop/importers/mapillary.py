"""Mapillary Vistas configs: a starter taxonomy from ``config_v1.2.json`` / ``config_v2.0.json``
(the label list ``formats.vistas.config`` reads).

A label's list index is its ``id`` (what ``labels/*.png`` pixels and ``instances/*.png``
values // 256 hold). Its ``--`` hierarchy (``construction--flat--road``) becomes abstract
parents (``construction--flat``, ``construction``); the label keeps its full name, as the
dataset's files write it, with the readable name as its title. ``instances`` says thing
(which may be a crowd: panoptic ``iscrowd``) or stuff, ``evaluate: false`` marks the class
not evaluated, the colour is kept, and the classes under ``void`` are void regions (as the
Cityscapes importer marks its void category).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.vistas.config import HIERARCHY, VOID, Label, parse_labels
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    id_base_above,
    read_json,
    to_name,
)

HINT = 'expected a Mapillary Vistas config_v*.json: {"labels": [{"name", "color", ...}]}'


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a Vistas config."""
    labels, problems = parse_labels(read_json(path))
    if problems:
        pointer, message = problems[0]
        raise InvalidInput(f"{path}#{pointer}: {message}", hint=HINT)
    if not labels:
        raise InvalidInput(f"{path}#/labels: no labels found", hint=HINT)
    book = NameBook()
    names = [book.claim(to_name(label.name), str(index)) for index, label in enumerate(labels)]
    parents = _parents(labels, book)
    classes: dict[str, Any] = {}
    for index, (label, name) in enumerate(zip(labels, names, strict=True)):
        classes[name] = _class(index, label, parents)
    base = id_base_above(list(range(len(labels))))
    for offset, (path_key, parent) in enumerate(sorted(parents.items())):
        entry: dict[str, Any] = {"id": base + offset, "abstract": True}
        above = path_key.rpartition(HIERARCHY)[0]
        if above:
            entry["parent"] = parents[above]
        classes[parent] = entry
    doc = document_head(
        default_name(path, options.name), "Imported from a Mapillary Vistas config", _text(path)
    )
    doc["label_types"] = {
        "outline": {"kind": "polygon"},
        "segmentation": {"kind": "mask", "mode": "semantic"},
    }
    doc["classes"] = classes
    return ImportResult(document=doc)


def _text(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Mapillary Vistas config `{path.name}` by "
        "`taxonomist import mapillary`. Ids are the labels' places in the config (the class "
        "values masks hold); the `--` hierarchy is kept as abstract parents."
    )


def _parents(labels: list[Label], book: NameBook) -> dict[str, str]:
    """Each ``--`` prefix of a label name -> the name of its abstract class."""
    prefixes = sorted(
        {
            HIERARCHY.join(parts[:n])
            for label in labels
            for parts in [label.name.split(HIERARCHY)]
            for n in range(1, len(parts))
        }
    )
    parents = {}
    for prefix in prefixes:
        wanted = to_name(prefix)
        parents[prefix] = book.claim(
            wanted if not book.taken(wanted) else f"{wanted}_group", "group"
        )
    return parents


def _class(index: int, label: Label, parents: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": index}
    if label.readable:
        entry["title"] = label.readable
    parent = parents.get(label.name.rpartition(HIERARCHY)[0])
    if parent:
        entry["parent"] = parent
    if label.name != to_name(label.name):
        entry["aliases"] = [label.name]
    if label.color is not None:
        entry["color"] = "#" + "".join(f"{v:02x}" for v in label.color)
    entry["label_types"] = ["outline", "segmentation"]
    entry["kind"] = "thing" if label.instances else "stuff"
    if label.instances:
        entry["crowd"] = True  # panoptic segments of things may be crowds (iscrowd)
    if not label.evaluate:
        entry["evaluated"] = False
    if label.name.split(HIERARCHY)[0] == VOID:
        entry["region"] = "void"
    return entry
