"""Hugging Face: a starter taxonomy from a dataset card's class names (``README.md`` front
matter, ``dataset_info.features`` ``class_label.names``), given the card itself or an
ImageFolder ``metadata.jsonl``/``metadata.csv`` (whose card is found beside it or one folder
up, as the reader finds it).

The ``objects`` feature's names are classes with the ``box`` label type, the ``label``
feature's the ``label`` multi-label type (a name in both gets both); a class's id is its index
in the names, the number the metadata files write. A metadata file without a card gives the
names its records use (category numbers stay numbers: "0"). A name that is no taxonomy name
keeps the card's spelling as an alias.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.huggingface import LABEL, METADATA_NAMES, OBJECTS, read
from taxonomist.formats.huggingface.card import find_card, read_card
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    starter_document,
    stop_on_errors,
    to_name,
)

HINT = "expected a dataset card (README.md) or an ImageFolder metadata.jsonl/metadata.csv"
TYPES = {OBJECTS: ("box", "box"), LABEL: (LABEL, "multi_label")}


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a dataset card (or the metadata's own names)."""
    card_path = path if path.name not in METADATA_NAMES else find_card(path.parent)
    features: dict[str, list[str]] = {}
    if card_path is not None:
        card = read_card(card_path)
        stop_on_errors(card.findings, HINT)
        features = {f: card.names[f] for f in TYPES if f in card.names}
    if not features and path.name in METADATA_NAMES:
        features = _used_names(path)
    if not features:
        raise InvalidInput(f"{path}: no class_label names for objects or label", hint=HINT)
    label_types: dict[str, Any] = {}
    classes = _classes(path, features, label_types)
    name = default_name(path.parent if path.name == "README.md" else path, options.name)
    head = document_head(name, "Imported from Hugging Face", _about(path))
    return ImportResult(starter_document(head, label_types, classes))


def _about(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the class names of `{path.name}` by `taxonomist "
        "import huggingface`. Add definitions, examples and edge-case rules."
    )


def _used_names(path: Path) -> dict[str, list[str]]:
    datasets = read(path)
    stop_on_errors([f for d in datasets for f in d.findings], HINT)
    boxes = sorted({d.categories[int(c)].name for d in datasets for c in d.objects.category})
    labels = sorted(
        {n for d in datasets for row in d.images.labels or [] for n in row.get(LABEL, [])}
    )
    return {k: v for k, v in ((OBJECTS, boxes), (LABEL, labels)) if v}


def _classes(
    path: Path, features: dict[str, list[str]], label_types: dict[str, Any]
) -> dict[str, Any]:
    book = NameBook()
    classes: dict[str, Any] = {}
    by_original: dict[str, str] = {}
    for feature, names in features.items():
        type_name, kind = TYPES[feature]
        label_types[type_name] = {"kind": kind}
        for index, original in enumerate(names):
            if not original:
                continue
            if original in by_original:
                classes[by_original[original]]["label_types"].append(type_name)
                continue
            if not to_name(original):
                raise InvalidInput(f"{path}: unusable class name {original!r}", hint=HINT)
            name = book.claim(to_name(original), "class")
            entry: dict[str, Any] = {"id": _free_id(classes, index)}
            if original != name:
                entry["aliases"] = [original]
            entry["label_types"] = [type_name]
            by_original[original] = name
            classes[name] = entry
    return classes


def _free_id(classes: dict[str, Any], wanted: int) -> int:
    taken = {entry["id"] for entry in classes.values()}
    while wanted in taken:
        wanted += 1000  # a second feature's index that an earlier class holds
    return wanted
