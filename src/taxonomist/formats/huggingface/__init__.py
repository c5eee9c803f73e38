"""Reader of Hugging Face ImageFolder metadata: ``metadata.jsonl`` (and ``metadata.csv``).

Each record names an image beside the metadata (``file_name``, a relative path) and its
labels: an object-detection column (``objects``, or whichever column holds a ``bbox`` list)
``{"bbox": [[x, y, w, h], ...], "categories": [0, ...]}`` (``category`` too), boxes in
pixels as COCO's ``[x, y, width, height]`` (the convention the Hugging Face object-detection
guides and AutoTrain state), and an image-level ``label`` column (a class index or name; label
type ``label``). Category numbers are named through the dataset card (``README.md`` front
matter, ``dataset_info.features`` ``class_label.names``: see ``card.py``); without a card a
number is its own name ("0"). Image sizes come from the images' headers; an image the
metadata names that is not there is F103 (an error). Locations are line numbers (with a JSON pointer
into the record, ``/objects/bbox/<i>``); a malformed line is an F002 at its line.

Sources: the ``datasets`` documentation ("Create an image dataset", "Object detection");
panlabel (MIT) at af6bbaa69b47, ``src/ir/io_hf_imagefolder.rs`` (the ``objects`` column found
by its ``bbox`` key, ``categories`` or ``category``, names or ids, xywh by default).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import IMAGE_NOT_FOUND, IMAGE_UNREADABLE
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.images import read_header
from taxonomist.formats._io.json import fix_encoding, read_bytes
from taxonomist.formats._io.jsonl import Line, first_record_keys, read_lines
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE
from taxonomist.formats.huggingface.card import Card, find_card, read_card

FORMAT = "huggingface"
METADATA_NAMES = ("metadata.jsonl", "metadata.csv")
FILE_NAME = "file_name"
OBJECTS = "objects"
LABEL = "label"  # the image-level label column, and the label type it is read into
CATEGORY_KEYS = ("categories", "category")

CATEGORY_UNKNOWN = CodeDoc(
    code="S115",
    name="imagefolder-category-unknown",
    family="structure",
    summary="A category or label number the dataset card's class_label names do not name.",
    why="datasets refuses a ClassLabel value outside its names (ValueError at load time), "
    "so the record cannot be loaded as the card describes it.",
    bad="names: {'0': cat, '1': dog}  ... \"categories\": [5]",
    good="names: {'0': cat, '1': dog}  ... \"categories\": [1]",
)
CODES = (CATEGORY_UNKNOWN,)
# An image the metadata names that is not there is the shared F103, an error here: datasets'
# ImageFolder loader fails on such a row (a YOLO label without its image is only a warning).
MISSING_HINT = "put the image beside metadata.jsonl, or remove its row"


def sniff(path: Path, head: bytes) -> str | None:
    """ImageFolder metadata when the file is named ``metadata.jsonl`` (the name ImageFolder
    requires) and its first record has ``file_name``, or ``metadata.csv`` whose header has a
    ``file_name`` column."""
    if not head or path.name not in METADATA_NAMES:
        return None
    if path.name.endswith(".csv"):
        header = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace").splitlines()[:1]
        if FILE_NAME in next(csv.reader(header), []):
            return 'metadata.csv with a "file_name" column (Hugging Face ImageFolder)'
        return None
    if FILE_NAME in first_record_keys(head):
        return 'metadata.jsonl whose records have "file_name" (Hugging Face ImageFolder)'
    return None


def read(path: Path) -> list[Dataset]:
    """Read one ``metadata.jsonl`` or ``metadata.csv``."""
    builder = DatasetBuilder(str(path), FORMAT)
    card_path = find_card(path.parent)
    card = read_card(card_path) if card_path is not None else Card()
    builder.findings += card.findings
    lines = _csv_lines(path, builder) if path.suffix == ".csv" else read_lines(path, builder)
    reader = _Records(builder, card, path.parent)
    for line in lines:
        reader.record(line.value, line.number)
    return [builder.build()]


def _csv_lines(path: Path, builder: DatasetBuilder) -> list[Line]:
    data, problems = read_bytes(path, builder.source)
    builder.findings += problems
    if data is None:
        return []
    data, encoding = fix_encoding(data, builder.source)
    builder.findings += encoding
    rows = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    lines: list[Line] = []
    try:
        lines += (Line(rows.line_num, row) for row in rows)
    except csv.Error as exc:  # the rows before it are read; nothing after it can be
        place = Place(builder.source, line=rows.line_num)
        message = f"the CSV cannot be parsed past here ({exc}); the rest is not read"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, place)
    return lines


class _Records:
    """The records of one metadata file into ``builder``."""

    def __init__(self, builder: DatasetBuilder, card: Card, folder: Path) -> None:
        self.builder = builder
        self.card = card
        self.folder = folder
        self._categories: dict[str, int] = {}
        for name in card.for_feature(OBJECTS) or card.for_feature(LABEL) or []:
            if name:  # the card declares its classes, used or not
                self._category(name)

    def record(self, record: Any, number: int) -> None:
        place = Place(self.builder.source, line=number, pointer="")
        if not isinstance(record, dict):
            self.builder.report(WRONG_TYPE, "a metadata record must be an object", place)
            return
        file = record.get(FILE_NAME)
        if not isinstance(file, str) or not file:
            self.builder.report(MISSING_FIELD, 'the record has no "file_name"; skipped', place)
            return
        image = self.builder.image(file, file=file, width=None, height=None, place=place)
        self._size(image, file, place)
        column = _objects_column(record)
        if column is not None:
            self._objects(record[column], column, image, number)
        if LABEL in record and record[LABEL] not in (None, ""):
            name = self._name(record[LABEL], LABEL, Place(place.file, number, pointer="/label"))
            if name is not None:
                self.builder.set_labels(image, {LABEL: [name]})

    def _size(self, image: int, file: str, place: Place) -> None:
        candidate = self.folder / file
        if not _inside(candidate, self.folder):
            message = f"file_name {file!r} leaves the dataset folder; its image is not read"
            self.builder.report(
                IMAGE_NOT_FOUND, message, place, severity=Severity.ERROR, hint=MISSING_HINT
            )
            return
        header = read_header(candidate)
        if header.ok:
            self.builder.set_size(image, (float(header.width), float(header.height)))
        elif header.problem == "missing":
            message = f"{file} is not beside the metadata"
            self.builder.report(
                IMAGE_NOT_FOUND, message, place, severity=Severity.ERROR, hint=MISSING_HINT
            )
        else:
            self.builder.report(IMAGE_UNREADABLE, f"cannot read {file}: {header.problem}", place)

    def _objects(self, objects: Any, column: str, image: int, number: int) -> None:
        place = Place(self.builder.source, line=number, pointer=f"/{column}")
        boxes = objects.get("bbox")
        key = next((k for k in CATEGORY_KEYS if k in objects), None)
        labels = objects.get(key) if key is not None else None
        if not isinstance(boxes, list) or not isinstance(labels, list):
            message = f'{column} needs a "bbox" list and a "categories" list'
            self.builder.report(MISSING_FIELD, message, place)
            return
        if len(boxes) != len(labels):
            message = f"{len(boxes)} boxes but {len(labels)} {key}; the boxes are not read"
            self.builder.report(WRONG_LENGTH, message, place)
            return
        for index, (box, label) in enumerate(zip(boxes, labels, strict=True)):
            where = Place(place.file, number, pointer=f"/{column}/bbox/{index}")
            label_place = Place(place.file, number, pointer=f"/{column}/{key}/{index}")
            self._box(box, (label, column, label_place), image, where)

    def _box(self, raw: Any, label: tuple[Any, str, Place], image: int, place: Place) -> None:
        numbers = [finite_number(v) for v in raw] if isinstance(raw, list) else []
        box = [n for n in numbers if n is not None]
        if len(box) != 4 or len(numbers) != 4:
            self.builder.report(WRONG_TYPE, "a bbox is [x, y, width, height]; skipped", place)
            return
        name = self._name(*label)
        if name is None:
            return
        row = ObjectRow(image, self._category(name), place, id=f"{place.line}{place.pointer}")
        row.box = box
        self.builder.add(row)

    def _name(self, value: Any, feature: str, place: Place) -> str | None:
        """A category as a name: a string as it is, a number through the card's names."""
        if isinstance(value, str) and not _number_text(value):
            return value
        number = int(value) if isinstance(value, str) else value
        if isinstance(number, bool) or not isinstance(number, int):
            self.builder.report(WRONG_TYPE, "a category is a class number or name", place)
            return None
        names = self.card.for_feature(feature)
        if names is None:
            return str(number)
        if not 0 <= number < len(names) or not names[number]:
            message = f"category {number} is not one of the card's {len(names)} names; skipped"
            self.builder.report(CATEGORY_UNKNOWN, message, place)
            return None
        return names[number]

    def _category(self, name: str) -> int:
        if name not in self._categories:
            self._categories[name] = self.builder.category(name)
        return self._categories[name]


def _objects_column(record: dict[str, Any]) -> str | None:
    if isinstance(record.get(OBJECTS), dict):
        return OBJECTS
    found = (k for k, v in record.items() if isinstance(v, dict) and "bbox" in v)
    return next(found, None)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _number_text(text: str) -> bool:
    """A class number written as text ("3", "-1"); a longer run of digits is a name."""
    digits = text.strip().removeprefix("-")
    return digits.isdecimal() and len(digits) <= 12
