"""YOLO: a starter taxonomy from an Ultralytics ``data.yaml`` (``names`` as a list or a
dict) or a Darknet ``obj.names``.

A class index becomes the class's stable id, so label files keep meaning what they meant.
Where the indices are not ``0..n-1`` (a ``names`` mapping with gaps, or the ``__unused_<id>``
placeholders older taxonomist exports wrote, which are skipped), they are also declared as
the taxonomy's ``yolo`` id space: the default YOLO index (``taxonomy.yolo_index``) would
renumber them, and ``taxonomist check`` of the same dataset must read each number as the
class the file means. A pose dataset's ``kpt_shape`` gives a ``pose`` keypoints label type: the
names from ``kpt_names`` (else ``kp0``, ``kp1``...), flip pairs from ``flip_idx``; the
classes listed in ``kpt_names`` (all classes when it is absent) use it, with COCO visibility
(the reader fills ``[K, 2]`` points with 2 or 0). The dataset's label files are scanned as
the reader reads them: classes drawn with segment lines (or normalised OBB corners, read as
polygons) get a ``segment`` polygon label type too, so ``taxonomist check`` of the same
dataset finds every shape allowed.

The description is read by the YOLO reader's own ``formats.yolo.config``, so a file the
checker refuses (names not a list, a bad ``kpt_shape`` or ``flip_idx``, ``nc`` that
disagrees with the names) is refused here too, with the reader's message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.errors import InvalidInput
from taxonomist.formats import yolo
from taxonomist.formats.yolo.config import UNUSED_PREFIX, Config, load_config
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    starter_document,
    stop_on_errors,
    to_name,
)
from taxonomist.taxonomy.yolo_index import YOLO_SPACE

HINT = "expected a YOLO data.yaml with names: [...] or {0: name, ...}, or a Darknet obj.names"


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a YOLO dataset description."""
    config = _read(path)
    names = _names(path, config)
    notes: list[str] = []
    book = NameBook()
    label_types: dict[str, Any] = {"box": {"kind": "box"}}
    pose_users = _pose(config, label_types, names)
    segment_users = _polygon_users(path) & set(names)
    if segment_users:
        label_types["segment"] = {"kind": "polygon"}
    classes: dict[str, Any] = {}
    for index, original in sorted(names.items()):
        name = book.claim(to_name(original), str(index))
        entry: dict[str, Any] = {"id": index}
        if name != original and to_name(original) == name:
            entry["aliases"] = [original]
        elif name != to_name(original):
            notes.append(f"class {index} {original!r} is named {name!r}")
        entry["label_types"] = [
            "box",
            *(["segment"] if index in segment_users else []),
            *(["pose"] if index in pose_users else []),
        ]
        classes[name] = entry
    title = default_name(path.parent if path.stem in ("data", "obj") else path, options.name)
    head = document_head(title, f"{title} (imported from YOLO)", _description(path))
    if sorted(names) != list(range(len(names))):
        _declare_index(head, classes)
        notes.append("the class indices have gaps: declared as the yolo id space")
    doc = starter_document(head, label_types, classes)
    return ImportResult(document=doc, notes=tuple(notes))


def _declare_index(head: dict[str, Any], classes: dict[str, Any]) -> None:
    """Keep the file's numbers as the YOLO index (the default index has no gaps)."""
    head["id_spaces"] = {
        YOLO_SPACE: {"description": "The class numbers of the imported YOLO dataset."}
    }
    for entry in classes.values():
        entry["ids"] = {YOLO_SPACE: entry["id"]}


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the YOLO class list `{path.name}` by `taxonomist "
        "import yolo`. Class indices are the stable ids; add definitions and rules."
    )


def _read(path: Path) -> Config:
    """The description as the reader reads it; its first error stops the import."""
    config, findings = load_config(path)
    stop_on_errors(findings, HINT)
    return config


def _names(path: Path, config: Config) -> dict[int, str]:
    names: dict[int, str] = {}
    for index, (name, _) in (config.names or {}).items():
        if not to_name(name):
            raise InvalidInput(f"{path}: names entry {index!r}: {name!r} is not usable", hint=HINT)
        if not name.startswith(UNUSED_PREFIX):
            names[index] = name
    if not names:
        raise InvalidInput(f"{path}: names lists no class", hint=HINT)
    return names


def _polygon_users(path: Path) -> set[int]:
    """The class numbers the dataset's label files draw as polygons (segment lines, and the
    normalised 9-value OBB lines Ultralytics reads as four corners), as the reader reads
    them, so that ``check`` of the same dataset finds the label type it needs."""
    if path.name != "obj.data" and path.suffix.lower() not in (".yaml", ".yml"):
        return set()  # a bare names file: no dataset to look at
    used: set[int] = set()
    for dataset in yolo.read(path):
        rows = np.unique(dataset.objects.category[dataset.objects.polygons.owner])
        used |= {dataset.categories[r].id for r in rows.tolist() if r >= 0} - {None}
    return used


def _pose(config: Config, label_types: dict[str, Any], names: dict[int, str]) -> set[int]:
    if config.kpt_shape is None:
        return set()
    count = config.kpt_shape[0]
    per_class = config.kpt_names
    listed = next(iter(per_class.values()), None) if per_class else None
    points = [to_name(str(n)) for n in listed] if isinstance(listed, list) else []
    if len(points) != count or len(set(points)) != count or not all(points):
        points = [f"kp{i}" for i in range(count)]
    label_types["pose"] = {"kind": "keypoints", "keypoints": points}
    flip = config.flip_idx
    if flip is not None:
        pairs = [[points[i], points[j]] for i, j in enumerate(flip) if i < j]
        label_types["pose"]["flip_pairs"] = pairs
    # [K, 2] points carry no flag; the reader fills 2 (visible) or 0 (at 0, 0): COCO's values.
    label_types["pose"]["visibility"] = "coco"
    users = {int(k) for k in per_class if str(k).isdigit()} if per_class else set(names)
    return users & set(names)
