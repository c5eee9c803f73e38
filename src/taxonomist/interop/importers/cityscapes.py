"""Cityscapes-style label tables: a starter taxonomy from the ``labels`` list of
cityscapesScripts' ``labels.py`` (``Label(name, id, trainId, category, categoryId,
hasInstances, ignoreInEval, color)``), the same columns as CSV/TSV with a header row, or
JSON: a list of label objects (alone, or as ``labels`` or ``categories``) with those key
names, or detectron2's (``CITYSCAPES_CATEGORIES``: ``name``, ``id``, ``trainId``,
``isthing``, ``color``, optionally ``ignoreInEval``; ``supercategory`` for the category).
A JSON label without ``trainId`` is not trained on; without ``color`` it has none.

``id`` is the stable id (what ``*_labelIds.png`` masks hold); ``trainId`` goes to a
``train_id`` id space (255 and -1 mean "not trained on" and are left out); each category
becomes an abstract parent, its ``categoryId`` in a ``category_id`` id space (and its name as
written in ``external_ids.cityscapes`` where a class took it: ``sky``); ``hasInstances``
says thing or stuff, and things allow crowd regions (the ``cargroup`` polygons
``json2instanceImg.py`` paints without an instance number); ``ignoreInEval`` marks the class
not evaluated; ``void`` classes are void regions; the colour is kept. A label with id -1
(``license plate``) is never painted in masks: it gets an id above the others and only the
polygon label type, so its polygons still match it.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    id_base_above,
    read_input_text,
    read_json,
    to_name,
)

HINT = (
    "expected Cityscapes labels.py (Label(...) entries), a CSV with name,id,trainId,... or "
    "JSON label objects [{name, id, trainId, ...}]"
)
# JSON key names: cityscapesScripts' own first, then detectron2's, for each column.
JSON_KEYS = {
    "name": ("name",),
    "id": ("id",),
    "trainId": ("trainId", "train_id"),
    "category": ("category", "supercategory"),
    "categoryId": ("categoryId", "catId"),
    "hasInstances": ("hasInstances", "isthing"),
    "ignoreInEval": ("ignoreInEval",),
    "color": ("color",),
}
JSON_DEFAULTS: dict[str, Any] = {
    "trainId": 255,
    "category": "",
    "categoryId": None,
    "hasInstances": False,
    "ignoreInEval": False,
    "color": None,
}
COLUMNS = (
    "name",
    "id",
    "trainId",
    "category",
    "categoryId",
    "hasInstances",
    "ignoreInEval",
    "color",
)
_LABEL = re.compile(r"Label\s*\((.*)\)\s*,?\s*$")  # matched from a line's first "Label" only
IGNORED_TRAIN_IDS = (255, -1)


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a Cityscapes-style label table."""
    rows = _rows(path)
    unpainted = [r for r in rows if r["id"] < 0]
    rows = [r for r in rows if r["id"] >= 0]
    book = NameBook()
    names = {row["id"]: book.claim(to_name(row["name"]), str(row["id"])) for row in rows}
    parents: dict[str, str] = {}
    category_ids: dict[str, int] = {}
    for row in [*rows, *unpainted]:
        category = to_name(row["category"])
        if category and category not in parents:
            parents[category] = book.claim(
                category if not book.taken(category) else f"{category}_group", "group"
            )
            if row["categoryId"] is not None:
                category_ids[category] = row["categoryId"]
    classes: dict[str, Any] = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        classes[names[row["id"]]] = _class(row, parents)
    base = id_base_above([r["id"] for r in rows])
    for offset, (category, parent) in enumerate(parents.items()):
        classes[parent] = {"id": base + offset, "abstract": True}
        if parent != category:  # renamed to keep names unique ("sky" is a class too)
            classes[parent]["external_ids"] = {"cityscapes": category}
        if category in category_ids:
            classes[parent]["ids"] = {"category_id": category_ids[category]}
    notes = []
    for offset, row in enumerate(unpainted, base + len(parents)):
        name = book.claim(to_name(row["name"]), str(row["id"]))
        classes[name] = {**_class(row, parents), "id": offset, "label_types": ["outline"]}
        notes.append(
            f"label {row['name']!r} has id {row['id']} (never painted in masks): "
            f"given id {offset} and polygons only"
        )
    doc = document_head(
        default_name(path, options.name), "Imported from a Cityscapes label table", _text(path)
    )
    doc["id_spaces"] = {
        "train_id": {"description": "Training ids (255: not trained on).", "ignore_value": 255}
    }
    if category_ids:
        doc["id_spaces"]["category_id"] = {
            "description": "Category ids of the abstract category classes (labels.py catId).",
            "unique": True,
        }
    doc["label_types"] = {
        "outline": {"kind": "polygon"},
        "segmentation": {"kind": "mask", "mode": "semantic"},
    }
    doc["classes"] = classes
    return ImportResult(document=doc, notes=tuple(notes))


def _text(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the Cityscapes-style label table `{path.name}` by "
        "`taxonomist import cityscapes`. Ids are the label ids masks hold; train ids are kept "
        "in the train_id id space."
    )


def _class(row: dict[str, Any], parents: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": row["id"]}
    parent = parents.get(to_name(row["category"]))
    if parent:
        entry["parent"] = parent
    if row["name"] != to_name(row["name"]):
        entry["aliases"] = [row["name"]]
    if row["color"] is not None:
        entry["color"] = "#" + "".join(f"{max(0, min(255, int(v))):02x}" for v in row["color"])
    entry["label_types"] = ["outline", "segmentation"]
    entry["kind"] = "thing" if row["hasInstances"] else "stuff"
    if row["hasInstances"]:
        entry["crowd"] = True
    if row["ignoreInEval"]:
        entry["evaluated"] = False
    if to_name(row["category"]) == "void":
        entry["region"] = "void"
    if row["trainId"] not in IGNORED_TRAIN_IDS:
        entry["ids"] = {"train_id": row["trainId"]}
    return entry


def _rows(path: Path) -> list[dict[str, Any]]:
    text = read_input_text(path, HINT)
    if text.lstrip()[:1] in ("[", "{"):
        raw = _json_rows(path)
    elif "Label(" in text:
        raw = [(f"{path}:{line}", row) for line, row in _python_rows(path, text)]
    else:
        raw = [(f"{path}:{line}", row) for line, row in _csv_rows(path, text)]
    if not raw:
        raise InvalidInput(f"{path}: no labels found", hint=HINT)
    rows = [_typed(where, row) for where, row in raw]
    seen: set[int] = set()
    for row in rows:
        if row["id"] in seen and row["id"] >= 0:
            raise InvalidInput(f"{path}: label id {row['id']} is used twice", hint=HINT)
        seen.add(row["id"])
    return rows


def _python_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for line, content in enumerate(text.splitlines(), 1):
        # one anchored match per line: searching every "Label(" of a long line is quadratic
        start = content.find("Label")
        match = _LABEL.match(content, start) if start >= 0 else None
        if match is None:
            continue
        try:
            values = ast.literal_eval("(" + match.group(1) + ",)")
        except (ValueError, SyntaxError):
            continue  # the namedtuple definition line, not a label
        if len(values) != len(COLUMNS):
            raise InvalidInput(f"{path}:{line}: a Label needs {len(COLUMNS)} fields", hint=HINT)
        out.append((line, dict(zip(COLUMNS, values, strict=True))))
    return out


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    if not text.strip():
        return []
    dialect = "excel-tab" if "\t" in text.splitlines()[0] else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"{path}:1: missing columns {', '.join(missing)}", hint=HINT)
    try:
        return [(number, dict(row)) for number, row in enumerate(reader, 2)]
    except csv.Error as exc:  # a field over csv's 128 KB limit
        line = reader.line_num + 1  # the row that failed is not counted yet
        raise InvalidInput(f"{path}:{line}: not a label table: {exc}", hint=HINT) from None


def _json_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Label objects of a JSON table, each with the place it came from, under the column
    names of ``labels.py``."""
    data = read_json(path)
    key = next((k for k in ("labels", "categories") if isinstance(data, dict) and k in data), "")
    items = data[key] if key else data
    if not isinstance(items, list):
        raise InvalidInput(f"{path}#/{key}: not a list of label objects", hint=HINT)
    out = []
    for index, item in enumerate(items):
        where = f"{path}#/{key + '/' if key else ''}{index}"
        if not isinstance(item, dict):
            raise InvalidInput(f"{where}: a label must be an object", hint=HINT)
        row = {}
        for column, names in JSON_KEYS.items():
            found = next((item[n] for n in names if n in item), JSON_DEFAULTS.get(column, ...))
            if found is ...:
                raise InvalidInput(f"{where}: the label has no {column!r}", hint=HINT)
            row[column] = found
        if not isinstance(row["id"], int) or isinstance(row["id"], bool):
            raise InvalidInput(f"{where}: the label's id {row['id']!r} is no integer", hint=HINT)
        out.append((where, row))
    return out


def _typed(where: str, row: dict[str, Any]) -> dict[str, Any]:
    try:
        color = row["color"]
        if isinstance(color, str):
            color = re.findall(r"-?\d{1,9}", color, re.ASCII)
        out: dict[str, Any] = {
            "name": str(row["name"]),
            "id": int(row["id"]),
            "trainId": int(row["trainId"]),
            "category": str(row["category"]),
            "categoryId": None if row.get("categoryId") in (None, "") else int(row["categoryId"]),
            "hasInstances": _bool(row["hasInstances"]),
            "ignoreInEval": _bool(row["ignoreInEval"]),
            "color": None if color is None else tuple(int(v) for v in color),
        }
    except (TypeError, ValueError, KeyError, OverflowError) as exc:  # OverflowError: int(inf)
        raise InvalidInput(f"{where}: unusable label row: {exc}", hint=HINT) from None
    if isinstance(row["id"], bool) or (out["color"] is not None and len(out["color"]) != 3):
        raise InvalidInput(f"{where}: unusable label row {row}", hint=HINT)
    if not to_name(out["name"]):
        raise InvalidInput(f"{where}: unusable label row {row}", hint=HINT)
    return out


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")
