"""Reader of Open Images V5/V6/V7 annotation CSVs: a dataset folder, or one CSV.

Follows Datumaro's reader (openvinotoolkit/datumaro, commit 3d533b9cf8b9,
``src/datumaro/plugins/data_formats/open_images.py``, MIT) for the layout (``layout.py``)
and the meaning of each column, and panlabel's (strickvl/panlabel, commit af6bbaa69b47,
``src/ir/io_openimages_csv.rs``, MIT) for the 8-column box CSV and images found beside it:

* boxes (``*-annotations-bbox.csv``): ``XMin, XMax, YMin, YMax`` normalised to [0, 1] become
  pixel ``xywh`` through the image's size (read from its header in ``images/<subset>/``,
  ``images/`` or beside the CSV). ``IsGroupOf`` = 1 is a crowd (a group-of box); every
  ``Is*`` flag is kept in ``Objects.flags`` as true, false or None, -1 (and an empty cell)
  meaning *unknown*, never false. Without the image the box stays unknown (NaN): its
  coordinates are still checked here (numbers, inside [0, 1], min <= max), its class, flags
  and verified-absent contradictions by the checker; only pixel rules (minimum size, inside
  the image) need the image, and one F120 per dataset says how many boxes went without;
* image-level labels (``*-annotations-human-imagelabels.csv``): ``Confidence`` 1 (verified
  present) is an object without geometry (an image-level label, as COCO label files are
  read); 0 (verified absent) puts the class in ``Images.verified_absent``;
* segmentation (``*-annotations-object-segmentation.csv``): each row is an object whose
  mask PNG is ``masks/<subset>/<MaskPath>``. Open Images masks need not have the image's
  resolution; Datumaro resizes them to the image with nearest-neighbour, so the object's
  box is the mask's nonzero bounds scaled by image / mask size. A mask is decoded within
  the 64 MiB budget of ``_io/images``; without the mask or the image, the row's
  ``BoxXMin..BoxYMax`` stand for it;
* the class descriptions CSV (``MID,DisplayName``, with a header from V6 on) next to the
  annotations names the classes: a MID the rows use that it does not describe is an F122.

Category names are MIDs (``/m/0bl9f``): the taxonomy matches them through
``external_ids.openimages`` (``taxonomist import openimages`` writes it); the hierarchy JSON
is the taxonomy's business (the importer reads it), not the checker's. The machine-generated
image labels and the image-description CSVs (rotation, URLs) are not read. Every finding has
the CSV and line, and names the column.
"""

from __future__ import annotations

import csv
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import FileTooLarge, read_regular
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset, Flag
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import IMAGE_UNREADABLE
from taxonomist.formats._io.images import IMAGE_SUFFIXES, load_pixels, read_header, too_large
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_number, parse_numbers
from taxonomist.formats.codes import (
    ENCODING,
    FILE_UNREADABLE,
    IMAGE_TOO_LARGE,
    MISSING_COMPANION_FILE,
    MISSING_FIELD,
    NUMBER_OUT_OF_RANGE,
    UNKNOWN_FIELD,
    WRONG_TYPE,
)
from taxonomist.formats.openimages import layout
from taxonomist.formats.openimages.csv_rows import MALFORMED_ROW, Row, read_rows
from taxonomist.taxonomy.paths import is_file

FORMAT = "openimages"
MAX_DESCRIPTIONS_BYTES = 64 * 1024 * 1024  # the full V7 list of 20,000 classes is 700 KB
_SAFE_NAME = re.compile(r"[^/\\\0]+")

IMAGES_NOT_FOUND = CodeDoc(
    code="F120",
    name="openimages-images-not-found",
    family="file",
    summary="Open Images rows name images that are not in the dataset folder (images/<subset>/"
    "<ImageID>.jpg), so their boxes stay normalised and the pixel checks skip them.",
    why="Open Images annotations are often downloaded without every image; the class, flags "
    "and coordinates are still checked, but minimum sizes and masks need the image.",
    bad="annotations/test-annotations-bbox.csv naming c, with no images/test/c.jpg",
    good="images/test/c.jpg beside annotations/",
    severity=Severity.INFO,
)
UNDESCRIBED_LABEL = CodeDoc(
    code="F122",
    name="openimages-label-not-described",
    family="file",
    summary="A LabelName (MID) the annotation rows use is missing from the dataset's class "
    "descriptions CSV.",
    why="Datumaro refuses the dataset (UndefinedLabel) and nobody can tell which class the MID "
    "stands for; usually a row from another version of Open Images.",
    bad="c,xclick,/m/9,1,0.1,0.2,0.1,0.2,...   with no /m/9 in oidv6-class-descriptions.csv",
    good="/m/9,Generic label #9   in oidv6-class-descriptions.csv",
    severity=Severity.WARNING,
)
BOX_REVERSED = CodeDoc(
    code="S120",
    name="openimages-box-reversed",
    family="structure",
    summary="An Open Images box whose XMin is greater than XMax (or YMin than YMax); the box "
    "is read as unknown.",
    why="Open Images writes XMin, XMax, YMin, YMax (not XMin, YMin, XMax, YMax); a reversed "
    "box is usually a file written in the other order, and every box in it is wrong.",
    bad="ImageID,...,XMin,XMax,YMin,YMax\nb,xclick,/m/0,1,0.8,0.2,0.3,0.5",
    good="b,xclick,/m/0,1,0.2,0.8,0.3,0.5",
)
OUTSIDE_UNIT = CodeDoc(
    code="S121",
    name="openimages-coordinate-out-of-range",
    family="structure",
    summary="An Open Images coordinate (XMin..YMax, BoxXMin..BoxYMax) outside [0, 1]; the box "
    "is read as unknown.",
    why="Open Images coordinates are fractions of the image; 1.2 or 640 means pixels or "
    "another convention, and converting it would put the box outside the image.",
    bad="b,xclick,/m/0,1,20,180,30,50",
    good="b,xclick,/m/0,1,0.2,0.8,0.3,0.5",
)
FLAG_VALUE = CodeDoc(
    code="S122",
    name="openimages-flag-value",
    family="structure",
    summary="An IsOccluded/IsTruncated/IsGroupOf/IsDepiction/IsInside value other than 1, 0 "
    "or -1 (unknown), or a human-verified label Confidence other than 1 or 0; read as unknown.",
    why="Open Images flags are yes, no or unknown; a 2, 'yes' or 0.5 is a file written by "
    "another convention, and reading it as false would turn unknown into a fact.",
    bad="b,xclick,/m/0,1,0.2,0.8,0.3,0.5,2,0,0,0,0",
    good="b,xclick,/m/0,1,0.2,0.8,0.3,0.5,-1,0,0,0,0",
)
MASK_EMPTY = CodeDoc(
    code="S123",
    name="openimages-mask-empty",
    family="structure",
    summary="An Open Images segmentation mask PNG with no pixel set.",
    why="The object has no extent: training reads a mask of nothing, and evaluation can "
    "never match it.",
    bad="masks/train/b_m0_01234567.png   all zeros",
    good="the mask paints the object's pixels nonzero",
    severity=Severity.WARNING,
)

CODES: tuple[CodeDoc, ...] = (
    IMAGES_NOT_FOUND,
    MALFORMED_ROW,
    UNDESCRIBED_LABEL,
    BOX_REVERSED,
    OUTSIDE_UNIT,
    FLAG_VALUE,
    MASK_EMPTY,
)
_FLAG_VALUES: dict[str, bool | None] = {"1": True, "0": False, "-1": None, "": None}


def sniff(path: Path, head: bytes) -> str | None:
    """A folder holding Open Images annotation CSVs (in ``annotations/`` or itself), or a CSV
    whose header row is an Open Images box, image-label or segmentation header."""
    if not head:
        try:
            if not path.is_dir():
                return None
            names = _listing(layout.annotations_dir(path))
        except OSError:
            return None
        found = sorted(n for n in names if layout.kind_of_name(n))
        return f"folder with Open Images annotation CSVs ({found[0]})" if found else None
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    try:  # the header as csv reads it: quoted names and a \r\n ending are the same header
        fields = [f.strip() for f in next(csv.reader([first.decode("ascii")]), [])]
    except (UnicodeDecodeError, csv.Error):
        return None
    kind = layout.kind_of_header(fields)
    if kind is None:
        return None
    return f"CSV with an Open Images {kind} header ({','.join(fields[:4])},...)"


def read(path: Path) -> list[Dataset]:
    """Read an Open Images dataset folder (every annotation CSV in it, one dataset) or one
    annotation CSV (with the class descriptions and images beside it)."""
    if path.is_dir():
        root, folder = path, layout.annotations_dir(path)
        if folder == path and path.name == layout.ANNOTATIONS_DIR:
            root = path.parent  # the annotations/ folder itself: the dataset is its parent
        files = None
    else:
        folder = path.parent
        root = folder.parent if folder.name == layout.ANNOTATIONS_DIR else folder
        files = [path]
    reading = _Reading(DatasetBuilder(str(path), FORMAT, declares_categories=False), root, folder)
    reading.run(files)
    return [reading.finish()]


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))  # noqa: PTH208 - names only, no Path per file


@dataclass(slots=True)
class _Pending:
    """A box waiting for its image's size: the object and its normalised corners."""

    row: ObjectRow
    corners: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax
    mask: Path | None = None


@dataclass(slots=True)
class _Reading:
    builder: DatasetBuilder
    root: Path
    folder: Path
    images: dict[str, int] = field(default_factory=dict)
    subsets: dict[int, str] = field(default_factory=dict)
    described: dict[str, str] | None = None
    undescribed: set[str] = field(default_factory=set)
    pending: list[_Pending] = field(default_factory=list)
    absent: dict[int, list[int]] = field(default_factory=dict)
    folders: dict[Path, dict[str, str] | None] = field(default_factory=dict)
    flag_sets: dict[tuple[tuple[str, Flag], ...], dict[str, Flag]] = field(default_factory=dict)

    def run(self, files: list[Path] | None) -> None:
        names = self._names()
        self._descriptions(names)
        if files is None:
            files = [self.folder / n for n in names if layout.kind_of_name(n)]
        for file in files:
            self._file(file)

    def _names(self) -> list[str]:
        try:
            return _listing(self.folder)
        except OSError as exc:
            message = f"cannot list the folder: {exc.strerror or exc}; its files were not checked"
            self.builder.report(FILE_UNREADABLE, message, Place(str(self.folder)))
            return []

    # -- class descriptions ------------------------------------------------------------
    def _descriptions(self, names: list[str]) -> None:
        name = layout.class_descriptions_file(names)
        if name is None:
            return
        file = self.folder / name
        try:
            text = read_regular(file, MAX_DESCRIPTIONS_BYTES).decode("utf-8-sig")
            rows = layout.parse_class_descriptions(text)
        except FileTooLarge:
            message = f"the class descriptions are larger than {MAX_DESCRIPTIONS_BYTES >> 20} MiB"
            self.builder.report(FILE_UNREADABLE, message + "; not read", Place(str(file)))
            return
        except OSError as exc:
            message = f"cannot read the class descriptions: {exc.strerror or exc}"
            self.builder.report(FILE_UNREADABLE, message, Place(str(file)))
            return
        except UnicodeDecodeError as exc:
            message = f"the class descriptions are not UTF-8 (byte {exc.start}); not read"
            self.builder.report(ENCODING, message, Place(str(file)))
            return
        except csv.Error as exc:
            message = f"the class descriptions are no CSV ({exc}); not read"
            self.builder.report(MALFORMED_ROW, message, Place(str(file)))
            return
        self.described = {mid: display for _, mid, display in rows}

    # -- annotation CSVs ---------------------------------------------------------------
    def _file(self, file: Path) -> None:
        subset = layout.subset_of(file.name)
        if not _SAFE_NAME.fullmatch(subset) or subset in (".", ".."):
            subset = ""  # images/<subset>/ must stay a folder of the dataset
        kind: str | None = None
        for row in read_rows(file, self.builder):
            if row.fields is None:  # the header
                kind = self._header(row, file)
                if kind is None:
                    return
                continue
            if kind == layout.BOXES:
                self._box(row, subset)
            elif kind == layout.LABELS:
                self._label(row, subset)
            else:
                self._mask(row, subset)

    def _header(self, row: Row, file: Path) -> str | None:
        columns = row.header
        place = Place(str(file), line=row.line)
        kind = layout.kind_of_header(columns) or layout.kind_of_name(file.name)
        if kind is None:
            message = "the header row is no Open Images box, image-label or segmentation header"
            self.builder.report(MISSING_FIELD, message + "; the file is not read", place)
            return None
        missing = [c for c in layout.REQUIRED[kind] if c not in columns]
        if missing:
            message = f"the header has no {', '.join(missing)} column; the file is not read"
            self.builder.report(MISSING_FIELD, message, place)
            return None
        unknown = [c for c in columns if c not in layout.KNOWN[kind]]
        if unknown:
            message = f"column {unknown[0]!r} is no Open Images {kind} column; it is not read"
            self.builder.report(UNKNOWN_FIELD, message, place)
        return kind

    def _common(self, row: Row, subset: str) -> tuple[int, int] | None:
        """The image and category rows of a record, or None (reported) when it names none."""
        fields = row.fields or {}
        image_id, label = fields.get("ImageID", ""), fields.get("LabelName", "")
        for column, value in (("ImageID", image_id), ("LabelName", label)):
            if not value.strip():
                self._report(MISSING_FIELD, f"{column} is empty; the row is skipped", row)
                return None
        return self._image(image_id, subset, row.place), self._category(label, row)

    def _image(self, image_id: str, subset: str, place: Place) -> int:
        found = self.images.get(image_id)
        if found is None:
            found = self.builder.image(
                image_id, file=image_id, width=None, height=None, place=place
            )
            self.images[image_id] = found
            self.subsets[found] = subset
        return found

    def _category(self, mid: str, row: Row) -> int:
        if self.described is not None and mid not in self.described and mid not in self.undescribed:
            self.undescribed.add(mid)
            message = f"LabelName {mid!r} is not in the class descriptions"
            self._report(UNDESCRIBED_LABEL, message, row, hint="add it with its display name")
        return self.builder.category(mid)

    def _report(self, code: CodeDoc, message: str, row: Row, hint: str | None = None) -> None:
        self.builder.report(code, message, row.place, hint=hint)

    def _number(self, row: Row, column: str) -> float | None:
        """The number in ``column`` (reported and None when it holds none)."""
        text = (row.fields or {}).get(column, "")
        value = parse_number(text.strip())
        if isinstance(value, float):
            return value
        code = NUMBER_OUT_OF_RANGE if value == OUT_OF_RANGE else WRONG_TYPE
        self._report(code, f"{column} {text[:40]!r} is {value}", row)
        return None

    def _corners(
        self, row: Row, columns: tuple[str, ...]
    ) -> tuple[float, float, float, float] | None:
        fields = row.fields or {}
        parsed = parse_numbers([fields.get(c, "").strip() for c in columns])
        if isinstance(parsed, tuple):  # name each column that holds no number
            found = [self._number(row, c) for c in columns]
            numbers = [v for v in found if v is not None]
            if len(numbers) != len(columns):
                return None
        else:
            numbers = parsed
        outside = [c for c, v in zip(columns, numbers, strict=True) if not 0.0 <= v <= 1.0]
        if outside:
            message = f"{outside[0]} {numbers[columns.index(outside[0])]:g} is outside [0, 1]"
            self._report(OUTSIDE_UNIT, message + "; the box is read as unknown", row)
            return None
        xmin, xmax, ymin, ymax = numbers
        for low, high, a, b in (
            (xmin, xmax, columns[0], columns[1]),
            (ymin, ymax, columns[2], columns[3]),
        ):
            if low > high:
                message = f"{a} {low:g} is greater than {b} {high:g}; the box is read as unknown"
                self._report(
                    BOX_REVERSED, message, row, hint="Open Images writes XMin,XMax,YMin,YMax"
                )
                return None
        return xmin, xmax, ymin, ymax

    def _box(self, row: Row, subset: str) -> None:
        rows = self._common(row, subset)
        if rows is None:
            return
        fields = row.fields or {}
        flags: dict[str, Flag] = {}
        for column in layout.FLAGS:
            if column in fields:
                flags[column] = self._flag(row, column)
        for column in ("Source", "Confidence"):
            if fields.get(column, "").strip():
                flags[column] = fields[column].strip()
        obj = ObjectRow(rows[0], rows[1], row.place, flags=self._shared(flags))
        obj.crowd = flags.get("IsGroupOf") is True
        self.builder.add(obj)
        corners = self._corners(row, ("XMin", "XMax", "YMin", "YMax"))
        if corners is not None:
            self.pending.append(_Pending(obj, corners))

    def _shared(self, flags: dict[str, Flag]) -> dict[str, Flag] | None:
        """One dict for each distinct set of flags: a million boxes share a few dozen
        combinations, and rules only read them."""
        if not flags:
            return None
        return self.flag_sets.setdefault(tuple(flags.items()), flags)

    def _flag(self, row: Row, column: str) -> bool | None:
        text = (row.fields or {}).get(column, "").strip()
        if text in _FLAG_VALUES:
            return _FLAG_VALUES[text]
        message = f"{column} {text[:40]!r} is not 1, 0 or -1; read as unknown"
        self._report(FLAG_VALUE, message, row)
        return None

    def _label(self, row: Row, subset: str) -> None:
        rows = self._common(row, subset)
        if rows is None:
            return
        text = (row.fields or {}).get("Confidence", "").strip()
        value = parse_number(text)
        if value not in (0.0, 1.0):
            message = (
                f"Confidence {text[:40]!r} is not 1 (present) or 0 (absent); the row is skipped"
            )
            self._report(FLAG_VALUE, message, row)
            return
        image, category = rows
        if value == 1.0:
            flags: dict[str, Flag] = {"label": "verified present"}
            source = (row.fields or {}).get("Source", "").strip()
            if source:
                flags["Source"] = source
            self.builder.add(ObjectRow(image, category, row.place, flags=self._shared(flags)))
        elif category not in self.absent.setdefault(image, []):
            self.absent[image].append(category)

    def _mask(self, row: Row, subset: str) -> None:
        rows = self._common(row, subset)
        if rows is None:
            return
        fields = row.fields or {}
        mask_name = fields.get("MaskPath", "").strip()
        flags: dict[str, Flag] = {"MaskPath": mask_name}
        for column in ("BoxID", "Clicks"):
            if fields.get(column, "").strip():
                flags[column] = fields[column].strip()
        if fields.get("PredictedIoU", "").strip():
            iou = self._number(row, "PredictedIoU")
            if iou is not None:
                flags["PredictedIoU"] = iou
        obj = ObjectRow(rows[0], rows[1], row.place, flags=flags)
        self.builder.add(obj)
        columns = ("BoxXMin", "BoxXMax", "BoxYMin", "BoxYMax")
        corners = None
        if all(fields.get(c, "").strip() for c in columns):
            corners = self._corners(row, columns)
        mask = self._mask_file(mask_name, subset, row)
        if corners is not None or mask is not None:
            self.pending.append(_Pending(obj, corners or (math.nan,) * 4, mask))

    def _mask_file(self, name: str, subset: str, row: Row) -> Path | None:
        if not name:
            self._report(MISSING_FIELD, "MaskPath is empty; the mask is not checked", row)
            return None
        if not _SAFE_NAME.fullmatch(name) or name in (".", ".."):
            message = f"MaskPath {name[:80]!r} is not a file name in masks/{subset}/; not read"
            self._report(MISSING_COMPANION_FILE, message, row)
            return None
        for folder in (self.root / layout.MASKS_DIR / subset, self.root / layout.MASKS_DIR):
            if is_file(folder / name):  # False, not OSError, for a name too long
                return folder / name
        message = f"MaskPath {name[:80]!r}: no such file in masks/{subset}/"
        self._report(MISSING_COMPANION_FILE, message, row)
        return None

    # -- images and the result -----------------------------------------------------------
    def _sizes(self) -> dict[int, tuple[float, float]]:
        sizes: dict[int, tuple[float, float]] = {}
        for image_id, image in self.images.items():
            file = self._find_image(image_id, self.subsets[image])
            if file is None:
                continue
            header = read_header(file)
            place = Place(str(file))
            if header.problem == "too-large":
                self.builder.report(IMAGE_TOO_LARGE, f"the image is {too_large(header)}", place)
            elif not header.ok:
                self.builder.report(IMAGE_UNREADABLE, f"the image is {header.problem}", place)
            else:
                sizes[image] = (float(header.width), float(header.height))
                self.builder.set_size(image, sizes[image])
        return sizes

    def _find_image(self, image_id: str, subset: str) -> Path | None:
        if not _SAFE_NAME.fullmatch(image_id) or image_id in (".", ".."):
            return None  # an ImageID is never a path out of the dataset
        images = self.root / layout.IMAGES_DIR
        for folder in (images / subset, images, self.folder, self.folder / layout.IMAGES_DIR):
            index = self._index(folder)
            if index and image_id in index:
                return folder / index[image_id]
        return None

    def _index(self, folder: Path) -> dict[str, str] | None:
        """Image stem -> file name in ``folder`` (listed once)."""
        if folder not in self.folders:
            found: dict[str, str] | None = None
            try:
                with os.scandir(folder) as entries:
                    found = {}
                    for entry in entries:
                        stem, dot, suffix = entry.name.rpartition(".")
                        if dot and "." + suffix.lower() in IMAGE_SUFFIXES and entry.is_file():
                            found.setdefault(stem, entry.name)
            except (FileNotFoundError, NotADirectoryError):
                found = None
            except OSError as exc:
                message = f"cannot list the folder: {exc.strerror or exc}; its images were not read"
                self.builder.report(FILE_UNREADABLE, message, Place(str(folder)))
            self.folders[folder] = found
        return self.folders[folder]

    def finish(self) -> Dataset:
        sizes = self._sizes()
        without = 0
        for pending in self.pending:
            size = sizes.get(pending.row.image)
            if size is None:
                without += 1
                continue
            bounds = self._mask_bounds(pending, size) if pending.mask is not None else None
            xmin, xmax, ymin, ymax = bounds or pending.corners
            if not math.isnan(xmin):
                width, height = size
                pending.row.box = (
                    xmin * width,
                    ymin * height,
                    (xmax - xmin) * width,
                    (ymax - ymin) * height,
                )
        if without:
            message = (
                f"{without} box(es) belong to images not found under images/ or beside the CSV: "
                "they are checked normalised, not in pixels"
            )
            self.builder.report(IMAGES_NOT_FOUND, message, Place(self.builder.source))
        dataset = self.builder.build()
        dataset.images.verified_absent = self.absent
        return dataset

    def _mask_bounds(
        self, pending: _Pending, size: tuple[float, float]
    ) -> tuple[float, float, float, float] | None:
        """The mask's nonzero bounds as fractions of its own size (so of the image's, which
        it is resized to); None when the mask cannot be read."""
        assert pending.mask is not None
        header, pixels = load_pixels(pending.mask)
        place = pending.row.place
        name = pending.mask.name
        if header.problem == "too-large":
            self.builder.report(IMAGE_TOO_LARGE, f"mask {name}: {too_large(header)}", place)
            return None
        if pixels is None:
            self.builder.report(IMAGE_UNREADABLE, f"mask {name} is {header.problem}", place)
            return None
        flat = np.asarray(pixels).reshape(header.height, header.width, -1)
        on = np.count_nonzero(flat, axis=2) > 0
        rows, cols = np.flatnonzero(on.any(axis=1)), np.flatnonzero(on.any(axis=0))
        if not rows.size:
            self.builder.report(MASK_EMPTY, f"mask {name} has no pixel set", place)
            return None
        w, h = header.width, header.height
        return cols[0] / w, (cols[-1] + 1) / w, rows[0] / h, (rows[-1] + 1) / h
