"""SageMaker Ground Truth: a starter taxonomy from the class maps of an output manifest.

Every line's object-detection ``class-map``, multi-label ``class-map`` and single-label
``class-name`` (with the line's class id) are gathered, by the SageMaker reader's own
``label_attributes``/``class_names``. A class keeps its Ground Truth class id as its stable
id; where two label attributes (jobs) give one id two names, the later name gets the next
free id and a note says so. Detection classes get the ``box`` label type, classification
classes the ``label`` multi-label type. A name that is no taxonomy name keeps the manifest's
spelling as an alias. The manifest is read by the reader first: an import refuses what
``taxonomist check`` reports as an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.sagemaker import (
    DETECTION,
    IMAGE_LABEL,
    KNOWN_TYPES,
    class_names,
    label_attributes,
    read,
    records,
)
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    starter_document,
    stop_on_errors,
    to_name,
)

HINT = "expected a SageMaker Ground Truth output manifest (JSON Lines with source-ref)"
KINDS = {"box": "box", IMAGE_LABEL: "multi_label"}


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a manifest's class maps."""
    stop_on_errors([f for d in read(path) for f in d.findings], HINT)
    found: dict[str, tuple[int, set[str]]] = {}  # name -> (class id, label types)
    for record in records(path):
        for job, kind, meta in label_attributes(record):
            if kind not in KNOWN_TYPES:
                continue
            label_type = "box" if kind == DETECTION else IMAGE_LABEL
            for class_id, name in sorted(class_names(job, record.get(job), meta).items()):
                found.setdefault(name, (class_id, set()))[1].add(label_type)
    if not found:
        raise InvalidInput(f"{path}: the manifest names no classes", hint=HINT)
    notes: list[str] = []
    classes, label_types = _classes(path, found, notes)
    head = document_head(
        default_name(path, options.name), "Imported from SageMaker Ground Truth", _about(path)
    )
    return ImportResult(starter_document(head, label_types, classes), tuple(notes))


def _about(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the class maps of `{path.name}` by `taxonomist "
        "import sagemaker`. Add definitions, examples and edge-case rules."
    )


def _classes(
    path: Path, found: dict[str, tuple[int, set[str]]], notes: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    book = NameBook()
    taken: dict[int, str] = {}
    next_id = 1 + max(class_id for class_id, _ in found.values())
    classes: dict[str, Any] = {}
    label_types: dict[str, Any] = {}
    for original, (wanted, types) in sorted(found.items(), key=lambda kv: kv[1][0]):
        class_id = wanted
        if not to_name(original):
            raise InvalidInput(f"{path}: unusable class name {original!r}", hint=HINT)
        name = book.claim(to_name(original), "class")
        if class_id in taken:
            notes.append(
                f"{original!r}: class id {class_id} is {taken[class_id]!r}'s; id {next_id}"
            )
            class_id, next_id = next_id, next_id + 1
        taken[class_id] = original
        entry: dict[str, Any] = {"id": class_id}
        if original != name:
            entry["aliases"] = [original]
        entry["label_types"] = sorted(types)
        for label_type in types:
            label_types.setdefault(label_type, {"kind": KINDS[label_type]})
        classes[name] = entry
    return classes, label_types
