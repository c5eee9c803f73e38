"""The Datumaro JSON vocabulary: annotation type names, the format versions, and the
``categories`` section (labels with ``parent`` and attributes, the mask colormap, the
``points`` categories naming each label's keypoints with their ``joints``), read once here for
the reader and for ``taxonomist import datumaro``.

Source: openvinotoolkit/datumaro (MIT) at 3d533b9cf8b9,
``src/datumaro/plugins/data_formats/datumaro/base.py`` (``JsonReader._load_categories``,
``_load_annotations``), ``exporter.py`` (``JsonWriter``, ``_convert_*_object``) and
``format.py`` (``DATUMARO_FORMAT_VERSION = "1.0"``; files without ``dm_format_version`` are
the "legacy" layout, read the same way). The ``skeleton`` type with ``elements`` is CVAT's
fork, cvat-ai/datumaro (MIT) at 223c9871160e,
``datumaro/plugins/datumaro_format/extractor.py`` (``_load_annotations``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity

# What ``DatumaroBase.ALLOWED_VERSIONS`` accepts besides the legacy files without a version.
KNOWN_VERSIONS = frozenset({"1.0"})
SHAPES = frozenset({"bbox", "polygon", "polyline", "points", "mask", "ellipse", "cuboid_2d"})
IMAGE_LABEL = "label"  # an image-level ``label`` annotation; also the label type it becomes
CAPTION = "caption"
SKELETON = "skeleton"  # CVAT's Datumaro fork: a skeleton whose ``elements`` are points
# Types Datumaro defines that carry no 2D geometry taxonomist checks (reported, not dropped).
UNCHECKED = frozenset(
    {"caption", "cuboid_3d", "super_resolution_annotation", "depth_annotation"}
    | {"feature_vector", "tabular", "rotated_bbox", "unknown"}
)
SKIPPED = frozenset({"hash_key"})  # an item's hash, no annotation (Datumaro skips it too)
TOP_KEYS = frozenset(
    {"dm_format_version", "media_type", "ann_types", "infos", "info", "categories", "items"}
)

FORMAT_VERSION = CodeDoc(
    code="F110",
    name="datumaro-format-version",
    family="file",
    summary="A Datumaro file whose dm_format_version is not one Datumaro reads (1.0, or none).",
    why="Datumaro refuses a file of another version (DatasetImportError); the file was read "
    "as version 1.0 and may mean something else.",
    bad='{"dm_format_version": "7.0", "categories": {}, "items": []}',
    good='{"dm_format_version": "1.0", "categories": {}, "items": []}',
    severity=Severity.WARNING,
)
NOT_CHECKED = CodeDoc(
    code="S110",
    name="datumaro-annotation-not-checked",
    family="structure",
    summary="A Datumaro annotation taxonomist does not check (cuboid_3d, caption, depth, "
    "tabular...); it is counted, not read.",
    why="A check that passes over such annotations says nothing about them; the report "
    "names them so nobody takes the pass for theirs.",
    bad='{"type": "cuboid_3d", "label_id": 0, "position": [0, 0, 0]}',
    good='{"type": "bbox", "label_id": 0, "bbox": [1, 2, 3, 4]}',
    severity=Severity.WARNING,
)
LABEL_ID_UNKNOWN = CodeDoc(
    code="S111",
    name="datumaro-label-id-unknown",
    family="structure",
    summary="A Datumaro label_id that is no index into categories.label.labels; the annotation "
    "is skipped.",
    why="Datumaro numbers labels by their place in the list; an id past its end names no "
    "class, and a tool that reads it fails or invents one.",
    bad='{"categories": {"label": {"labels": [{"name": "cat"}]}}, ... {"label_id": 3}',
    good='{"categories": {"label": {"labels": [{"name": "cat"}]}}, ... {"label_id": 0}',
)
CODES = (FORMAT_VERSION, NOT_CHECKED, LABEL_ID_UNKNOWN)


@dataclass(slots=True)
class Label:
    """One entry of ``categories.label.labels``, at ``pointer``."""

    name: str
    parent: str
    attributes: list[str]
    pointer: str


@dataclass(slots=True)
class Keypoints:
    """A ``points`` category: the keypoint names of a label and its joints (index pairs)."""

    names: list[str]
    joints: list[list[int]]


@dataclass(slots=True)
class Categories:
    """What ``categories`` declares; ``problems`` are (pointer, message) pairs it refused."""

    labels: list[Label] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    keypoints: dict[int, Keypoints] = field(default_factory=dict)
    colors: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def read_categories(raw: Any) -> Categories:
    """The categories section; whatever is malformed becomes a problem, the rest is kept."""
    found = Categories()
    if not isinstance(raw, dict):
        found.problems.append(("/categories", "categories must be an object"))
        return found
    _labels(raw.get("label"), found)
    _points(raw.get("points"), found)
    _colormap(raw.get("mask"), found)
    return found


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _labels(raw: Any, found: Categories) -> None:
    if raw is None:
        return
    where = "/categories/label"
    if not isinstance(raw, dict) or not isinstance(raw.get("labels"), list):
        found.problems.append((where, "categories.label must be an object with a labels list"))
        return
    found.attributes = _strings(raw.get("attributes"))
    for index, item in enumerate(raw["labels"]):
        pointer = f"{where}/labels/{index}"
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name:
            found.problems.append((pointer, "a label needs a name"))
            name = ""  # kept, so the label ids after it still count from the right place
        parent = item.get("parent") if isinstance(item, dict) else None
        attributes = _strings(item.get("attributes")) if isinstance(item, dict) else []
        found.labels.append(
            Label(name, parent if isinstance(parent, str) else "", attributes, pointer)
        )


def _points(raw: Any, found: Categories) -> None:
    if raw is None:
        return
    items = raw.get("items") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        found.problems.append(("/categories/points", "categories.points needs an items list"))
        return
    for index, item in enumerate(items):
        label_id = item.get("label_id") if isinstance(item, dict) else None
        if not isinstance(label_id, int) or not _index(label_id):
            where = f"/categories/points/items/{index}"
            found.problems.append((where, "a points category needs a label_id"))
            continue
        assert isinstance(item, dict)
        joints = [
            [int(a), int(b)]
            for pair in item.get("joints") or []
            if isinstance(pair, list) and len(pair) == 2 and all(_index(v) for v in pair)
            for a, b in [pair]
        ]
        found.keypoints[label_id] = Keypoints(_strings(item.get("labels")), joints)


def _colormap(raw: Any, found: Categories) -> None:
    items = raw.get("colormap") if isinstance(raw, dict) else None
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict) or not _index(item.get("label_id")):
            continue
        r, g, b = (_channel(item.get(k)) for k in "rgb")
        if min(r, g, b) >= 0:
            found.colors[item["label_id"]] = (r, g, b)


def _index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _channel(value: Any) -> int:
    """A colour channel 0..255, or -1."""
    return value if isinstance(value, int) and _index(value) and value <= 255 else -1
