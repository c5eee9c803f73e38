"""The shapes of one example, read from its native annotation file, ready to draw.

The drawing needs far less than the checker: per object its class, box and extra shapes,
converted to pixel ``xyxy`` / point lists by the label type's own conventions. The checker,
not this module, decides whether the annotation is right; here a malformed shape is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.dataset.rle import decode_counts
from taxonomist.taxonomy.model import BoxLabel, KeypointLabel, LabelType
from taxonomist.taxonomy.resolved import Taxonomy

Point = tuple[float, float]
MAX_MASK_PIXELS = 50_000_000


@dataclass(frozen=True)
class Keypoints:
    names: tuple[str, ...]
    points: tuple[tuple[float, float, int], ...]  # x, y, visibility
    skeleton: tuple[tuple[int, int], ...]


@dataclass
class DrawObject:
    """One object of the example: everything the drawing shows for it."""

    cls: str
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # xyxy px
    polygons: list[list[Point]] = field(default_factory=list)
    masks: list[tuple[int, int, list[int]]] = field(default_factory=list)  # h, w, runs
    keypoints: list[Keypoints] = field(default_factory=list)
    note: str = ""  # shown after the class on the object's label, e.g. "depiction: real"


@dataclass
class ExampleShapes:
    width: int
    height: int
    objects: list[DrawObject]
    image_labels: list[str]  # classes named by image-level labels


def read_record(annotation: Path, image: Path) -> dict[str, Any]:
    """The image record of ``image`` in a native annotation file (JSON or JSON Lines)."""
    text = annotation.read_text(encoding="utf-8")
    try:
        records = _records(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise InvalidInput(
            f"{annotation}: not a native annotation file ({exc})",
            hint="an example's annotation is a native-format JSON file",
        ) from None
    for record in records:
        if Path(str(record.get("file", ""))).name == image.name:
            return record
    if len(records) == 1:
        return records[0]
    raise InvalidInput(f"{annotation}: no image record for {image.name}")


def _records(text: str) -> list[dict[str, Any]]:
    stripped = text.lstrip()
    if stripped.startswith("{") and '"images"' in stripped[:4096]:
        data = json.loads(text)
        images = data.get("images", []) if isinstance(data, dict) else []
        return [r for r in images if isinstance(r, dict)]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def shapes_of(
    tax: Taxonomy,
    record: dict[str, Any],
    size: tuple[int, int],
    show: Mapping[str, frozenset[str]] | None = None,
) -> ExampleShapes:
    """The drawable shapes in an image record (``size`` is the image's real width, height).

    ``show`` maps attribute names to the classes whose labels show them (empty: every class),
    so an example of an attribute rule shows the value the rule is about.
    """
    objects = [_object(tax, obj, size) for obj in record.get("objects", []) if _named(obj)]
    for obj, raw in zip(objects, [o for o in record.get("objects", []) if _named(o)], strict=True):
        obj.note = _note(raw, obj.cls, show or {})
    return ExampleShapes(size[0], size[1], objects, _image_labels(tax, record))


def _note(obj: dict[str, Any], cls: str, show: Mapping[str, frozenset[str]]) -> str:
    values = obj.get("attributes")
    values = values if isinstance(values, dict) else {}
    parts = [
        f"{name}: {_shown(values.get(name))}"
        for name, classes in show.items()
        if not classes or cls in classes
    ]
    return ", ".join(parts)


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _named(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("class"), str)


def _image_labels(tax: Taxonomy, record: dict[str, Any]) -> list[str]:
    labels = record.get("labels")
    found: list[str] = []
    for value in labels.values() if isinstance(labels, dict) else ():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in tax.classes:
                found.append(item)
    return found


def _object(tax: Taxonomy, obj: dict[str, Any], size: tuple[int, int]) -> DrawObject:
    out = DrawObject(obj["class"])
    cls = tax.classes.get(obj["class"])
    types = cls.label_types if cls is not None else ()
    box_type = next((t for t in types if isinstance(tax.label_types.get(t), BoxLabel)), None)
    if "box" in obj:
        _add(out, tax.label_types.get(box_type or ""), obj["box"], size)
    shapes = obj.get("shapes")
    for name, value in shapes.items() if isinstance(shapes, dict) else ():
        _add(out, tax.label_types.get(name), value, size)
    return out


def _add(out: DrawObject, spec: LabelType | None, value: Any, size: tuple[int, int]) -> None:
    kind = spec.kind if spec is not None else _guess_kind(value)
    try:
        if kind == "box":
            out.boxes.append(_box(spec, value, size))
        elif kind in ("polygon", "polyline"):
            out.polygons += _polygons(value)
        elif kind == "mask":
            out.masks.append(_mask(value))
        elif kind == "keypoints" and isinstance(spec, KeypointLabel):
            out.keypoints.append(_keypoints(spec, value))
    except (TypeError, ValueError, KeyError, IndexError):
        return  # malformed: the checker reports it; the drawing leaves it out


def _guess_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mask"
    if isinstance(value, list) and len(value) == 4 and not isinstance(value[0], list):
        return "box"
    return "polygon"


def _box(
    spec: LabelType | None, value: Any, size: tuple[int, int]
) -> tuple[float, float, float, float]:
    a, b, c, d = (float(v) for v in value)
    fmt = spec.format if isinstance(spec, BoxLabel) else "xywh"
    if isinstance(spec, BoxLabel) and spec.units == "normalized":
        a, b, c, d = a * size[0], b * size[1], c * size[0], d * size[1]
    if fmt == "xyxy":
        return (a, b, c, d)
    if fmt == "cxcywh":
        return (a - c / 2, b - d / 2, a + c / 2, b + d / 2)
    return (a, b, a + c, b + d)


def _polygons(value: Any) -> list[list[Point]]:
    parts = value if value and isinstance(value[0], list) else [value]
    out = []
    for part in parts:
        flat = [float(v) for v in part]
        out.append(list(zip(flat[0::2], flat[1::2], strict=False)))
    return [p for p in out if len(p) >= 2]


def _mask(value: Any) -> tuple[int, int, list[int]]:
    """``(height, width, runs)`` of an RLE ``{"size": [h, w], "counts": ...}`` worth drawing."""
    height, width = (int(v) for v in value["size"])
    if height <= 0 or width <= 0 or height * width > MAX_MASK_PIXELS:
        raise ValueError(f"mask size {height}x{width} out of range")
    counts = value["counts"]
    runs = decode_counts(counts) if isinstance(counts, str) else [int(c) for c in counts]
    if runs is None or sum(runs) != height * width:
        raise ValueError("mask runs do not cover the mask")
    return height, width, runs


def _keypoints(spec: KeypointLabel, value: Any) -> Keypoints:
    flat = [float(v) for v in value]
    points = tuple((flat[i], flat[i + 1], int(flat[i + 2])) for i in range(0, len(flat) - 2, 3))
    index = {name: i for i, name in enumerate(spec.keypoints)}
    edges = tuple((index[a], index[b]) for a, b in spec.skeleton if a in index and b in index)
    return Keypoints(tuple(spec.keypoints), points, edges)
