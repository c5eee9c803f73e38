"""The Open Images layout: file names, columns and the class-descriptions file, in one place
that the reader, the importer and the exporter all read.

Names follow Datumaro's reader and exporter (``OpenImagesPath`` in
``src/datumaro/plugins/data_formats/open_images.py``, openvinotoolkit/datumaro at 3d533b9cf8b9):
``annotations/<subset>-annotations-bbox.csv`` (``oidv6-train-...`` for the V6/V7 train
split), ``...-annotations-human-imagelabels.csv``, ``...-annotations-object-segmentation.csv``,
``oidv6-class-descriptions.csv`` (``class-descriptions[-boxable].csv`` before V6, without a
header row), ``bbox_labels_600_hierarchy.json``, images in ``images/<subset>/`` and masks in
``masks/<subset>/``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

ANNOTATIONS_DIR = "annotations"
IMAGES_DIR = "images"
MASKS_DIR = "masks"
HIERARCHY_FILE = "bbox_labels_600_hierarchy.json"
CLASS_DESCRIPTIONS_FILE = "oidv6-class-descriptions.csv"  # what the exporter writes
# Datumaro's search order (oidv6-/oidv7-..., then the pre-V6 boxable file, then the full
# one), with V7's boxable list after the full one: image-level labels use the full list.
CLASS_DESCRIPTION_PATTERNS = (
    re.compile(r"oidv\d+-class-descriptions\.csv"),
    re.compile(r"oidv\d+-class-descriptions-boxable\.csv"),
    re.compile(r"class-descriptions-boxable\.csv"),
    re.compile(r"class-descriptions\.csv"),
)

BOXES = "boxes"
LABELS = "labels"
MASKS = "masks"
SUFFIXES: dict[str, str] = {
    BOXES: "-annotations-bbox.csv",
    LABELS: "-annotations-human-imagelabels.csv",
    MASKS: "-annotations-object-segmentation.csv",
}
FLAGS = ("IsOccluded", "IsTruncated", "IsGroupOf", "IsDepiction", "IsInside")
CLICKS = tuple(f"XClick{i}{axis}" for i in range(1, 5) for axis in "XY")  # V7 boxes
# The columns each kind requires (boxes may stop after YMax, as panlabel writes them).
REQUIRED: dict[str, tuple[str, ...]] = {
    BOXES: ("ImageID", "LabelName", "XMin", "XMax", "YMin", "YMax"),
    LABELS: ("ImageID", "LabelName", "Confidence"),
    MASKS: ("MaskPath", "ImageID", "LabelName"),
}
KNOWN: dict[str, frozenset[str]] = {
    BOXES: frozenset(
        {"ImageID", "Source", "LabelName", "Confidence", "XMin", "XMax", "YMin", "YMax"}
        | set(FLAGS)
        | set(CLICKS)
    ),
    LABELS: frozenset({"ImageID", "Source", "LabelName", "Confidence"}),
    MASKS: frozenset(
        {"MaskPath", "ImageID", "LabelName", "BoxID", "BoxXMin", "BoxXMax", "BoxYMin"}
        | {"BoxYMax", "PredictedIoU", "Clicks"}
    ),
}


def kind_of_header(fields: list[str]) -> str | None:
    """Which annotation CSV a header row starts (its first columns, in Open Images order)."""
    if fields[:2] == ["MaskPath", "ImageID"]:
        return MASKS
    if fields[:4] != ["ImageID", "Source", "LabelName", "Confidence"]:
        return None
    if len(fields) == 4:
        return LABELS
    return BOXES if fields[4:8] == ["XMin", "XMax", "YMin", "YMax"] else None


def kind_of_name(name: str) -> str | None:
    """Which annotation CSV a file name says it is."""
    return next((kind for kind, suffix in SUFFIXES.items() if name.endswith(suffix)), None)


def subset_of(name: str) -> str:
    """The subset a file name names, as Datumaro reads it: ``oidv6-train-...`` -> train,
    ``validation-...`` -> validation."""
    parts = name.split("-")
    return parts[1] if re.fullmatch(r"oidv\d+", parts[0]) and len(parts) > 1 else parts[0]


def annotations_dir(root: Path) -> Path:
    """Where the CSVs are: ``annotations/`` under the dataset folder, else the folder."""
    inner = root / ANNOTATIONS_DIR
    return inner if inner.is_dir() else root


def class_descriptions_file(names: list[str]) -> str | None:
    """The class-descriptions file among ``names``, in Datumaro's order of preference."""
    for pattern in CLASS_DESCRIPTION_PATTERNS:
        found = sorted(n for n in names if pattern.fullmatch(n))
        if found:
            return found[0]
    return None


def parse_class_descriptions(text: str) -> list[tuple[int, str, str]]:
    """``(line, MID, display name)`` per row of a class-descriptions CSV; a header row
    (``LabelName,DisplayName``, V6 and later) and rows that are no ``MID,name`` pair are left
    out. ``csv.Error`` when the text is no CSV."""
    rows: list[tuple[int, str, str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for row in reader:
        if len(row) >= 2 and row[0].strip() and row[0].strip() != "LabelName":
            rows.append((start, row[0].strip(), row[1].strip()))
        start = reader.line_num + 1
    return rows
