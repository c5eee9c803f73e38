"""YOLO: a starter taxonomy from an Ultralytics ``data.yaml`` (``names`` as a list or a
dict) or a Darknet ``obj.names``.

A class index becomes the class's stable id, so label files keep meaning what they meant.
``__unused_<id>`` placeholders (written by ``taxonomist export --to yolo`` for gaps in the
ids) are skipped. A pose dataset's ``kpt_shape`` gives a ``pose`` keypoints label type: the
names from ``kpt_names`` (else ``kp0``, ``kp1``...), flip pairs from ``flip_idx``; the
classes listed in ``kpt_names`` (all classes when it is absent) use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    starter_document,
    to_name,
)

UNUSED = "__unused_"
HINT = "expected a YOLO data.yaml with names: [...] or {0: name, ...}, or a Darknet obj.names"


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a YOLO dataset description."""
    data = _read(path)
    names = _names(path, data.get("names"))
    notes: list[str] = []
    book = NameBook()
    label_types: dict[str, Any] = {"box": {"kind": "box"}}
    pose_users = _pose(path, data, label_types, names)
    classes: dict[str, Any] = {}
    for index, original in sorted(names.items()):
        name = book.claim(to_name(original), str(index))
        entry: dict[str, Any] = {"id": index}
        if name != original and to_name(original) == name:
            entry["aliases"] = [original]
        elif name != to_name(original):
            notes.append(f"class {index} {original!r} is named {name!r}")
        entry["label_types"] = ["box", "pose"] if index in pose_users else ["box"]
        classes[name] = entry
    title = default_name(path.parent if path.stem in ("data", "obj") else path, options.name)
    head = document_head(title, f"{title} (imported from YOLO)", _description(path))
    doc = starter_document(head, label_types, classes)
    return ImportResult(document=doc, notes=tuple(notes))


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the YOLO class list `{path.name}` by `taxonomist "
        "import yolo`. Class indices are the stable ids; add definitions and rules."
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read: {exc}", hint=HINT) from None
    if path.name == "obj.data":  # Darknet: "names = data/obj.names", relative to its folder
        found = re.search(r"(?m)^\s*names\s*=\s*(.+?)\s*$", text)
        listed = Path(found.group(1)) if found else Path("obj.names")
        candidates = [path.parent / listed, path.parent / listed.name]
        return _read(next((c for c in candidates if c.is_file()), candidates[0]))
    if path.suffix.lower() not in (".yaml", ".yml"):
        return {"names": [line.strip() for line in text.splitlines() if line.strip()]}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise InvalidInput(f"{path}{where}: not valid YAML", hint=HINT) from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: a dataset YAML must be a mapping", hint=HINT)
    return data


def _names(path: Path, raw: Any) -> dict[int, str]:
    if isinstance(raw, list):
        items = list(enumerate(raw))
    elif isinstance(raw, dict):
        items = list(raw.items())
    else:
        raise InvalidInput(f"{path}: names is missing or not a list/mapping", hint=HINT)
    names: dict[int, str] = {}
    for index, name in items:
        if (
            not isinstance(index, int)
            or index < 0
            or not isinstance(name, str)
            or not to_name(name)
        ):
            raise InvalidInput(f"{path}: names entry {index!r}: {name!r} is not usable", hint=HINT)
        if not name.startswith(UNUSED):
            names[index] = name
    if not names:
        raise InvalidInput(f"{path}: names lists no class", hint=HINT)
    return names


def _pose(
    path: Path, data: dict[str, Any], label_types: dict[str, Any], names: dict[int, str]
) -> set[int]:
    shape = data.get("kpt_shape")
    if shape is None:
        return set()
    if not (isinstance(shape, list) and len(shape) == 2 and all(isinstance(v, int) for v in shape)):
        raise InvalidInput(f"{path}: kpt_shape must be [K, 2] or [K, 3]", hint=HINT)
    count = shape[0]
    per_class = data.get("kpt_names") if isinstance(data.get("kpt_names"), dict) else {}
    listed = next(iter(per_class.values()), None) if per_class else None
    points = [to_name(str(n)) for n in listed] if isinstance(listed, list) else []
    if len(points) != count or len(set(points)) != count or not all(points):
        points = [f"kp{i}" for i in range(count)]
    label_types["pose"] = {"kind": "keypoints", "keypoints": points}
    flip = data.get("flip_idx")
    if isinstance(flip, list) and sorted(flip) == list(range(count)):
        pairs = [[points[i], points[j]] for i, j in enumerate(flip) if i < j and flip[j] == i]
        label_types["pose"]["flip_pairs"] = pairs
    label_types["pose"]["visibility"] = "coco" if shape[1] == 3 else "binary"
    users = {int(k) for k in per_class if str(k).isdigit()} if per_class else set(names)
    return users & set(names)
