"""YOLO label lines -> object rows (pixels), one finding per malformed line (Y103, Y100)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import read_regular
from taxonomist.core.text import shorten
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_number, parse_numbers
from taxonomist.formats.codes import ENCODING, FILE_UNREADABLE, NUMBER_OUT_OF_RANGE
from taxonomist.formats.yolo.config import Config

MAX_LABEL_BYTES = 64 * 1024 * 1024

NORMALIZED_OUT_OF_RANGE = CodeDoc(
    code="Y100",
    name="normalized-out-of-range",
    family="geometry",
    summary="A YOLO coordinate is outside [0, 1] (YOLO coordinates are fractions of the image "
    "size); reported where the image size is unknown, else as a box outside its image.",
    why="Ultralytics drops or clips such labels during training; the object is lost.",
    bad="0 0.5 0.5 1.4 0.2",
    good="0 0.5 0.5 0.9 0.2",
)
LABEL_LINE_MALFORMED = CodeDoc(
    code="Y103",
    name="label-line-malformed",
    family="structure",
    summary="A YOLO label line has a number of values that fits none of detect (5), OBB (9), "
    "pose (5 + K x D) or segment (odd, at least 7), or holds something that is not a "
    "number.",
    why='Ultralytics refuses the whole label file ("labels require 5 columns").',
    bad="0 0.5 0.5 0.2",
    good="0 0.5 0.5 0.2 0.3",
)

CODES: tuple[CodeDoc, ...] = (NORMALIZED_OUT_OF_RANGE, LABEL_LINE_MALFORMED)


@dataclass(slots=True)
class LineReader:
    """Reads the label files of one dataset into ``builder``."""

    builder: DatasetBuilder
    config: Config

    def read_file(self, label: Path, image_row: int, label_name: str) -> None:
        try:
            if label.stat().st_size > MAX_LABEL_BYTES:
                self.builder.report(
                    FILE_UNREADABLE, "label file is too large to be a label file", Place(str(label))
                )
                return
            data = read_regular(label)
        except OSError as exc:
            self.builder.report(
                FILE_UNREADABLE, f"cannot read the file: {exc.strerror}", Place(str(label))
            )
            return
        for number, line in enumerate(self._text(data, label).splitlines(), 1):
            tokens = line.split()
            if tokens:
                place = Place(str(label), number, 1)
                self._line(tokens, place, image_row, f"{label_name}:{number}")

    def _text(self, data: bytes, label: Path) -> str:
        """The file's text; bytes that are not UTF-8 are reported (F004) and replaced."""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - data.rfind(b"\n", 0, exc.start)
            message = f"the label file is not UTF-8 (byte 0x{data[exc.start]:02x})"
            hint = "save label files as UTF-8 (plain ASCII digits and spaces)"
            self.builder.report(ENCODING, message, Place(str(label), line, column), hint=hint)
            return data.decode("utf-8", errors="replace")

    def _line(self, tokens: list[str], place: Place, image_row: int, object_id: str) -> None:
        if len(tokens) in (9, 10) and not _is_number(tokens[8]):
            self._dota(tokens, place, image_row, object_id)
            return
        numbers = parse_numbers(tokens)
        if isinstance(numbers, tuple):
            bad, why = numbers
            code = NUMBER_OUT_OF_RANGE if why == OUT_OF_RANGE else LABEL_LINE_MALFORMED
            message = f"value {bad + 1} ({shorten(tokens[bad], 60)!r}) is {why}"
            self.builder.report(code, message, Place(place.file, place.line, _column(tokens, bad)))
            return
        if not numbers[0].is_integer() or numbers[0] < 0:
            message = f"class index {shorten(tokens[0], 60)!r} is not a whole number >= 0"
            self.builder.report(LABEL_LINE_MALFORMED, message, place)
            return
        row = self._shape(numbers[1:], place, image_row)
        if row is not None:
            row.category = self._category(int(numbers[0]))
            row.id = object_id
            self.builder.add(row)

    def _category(self, index: int) -> int:
        names = self.config.names
        if names is None:
            return self.builder.category("", index)
        if index not in names:
            return -1
        return self.builder.category(names[index][0], index)

    def _shape(self, coords: list[float], place: Place, image: int) -> ObjectRow | None:
        n = len(coords)
        shape = self.config.kpt_shape
        if shape is not None and n == 4 + shape[0] * shape[1]:
            return self._pose(coords, shape[1], place, image)
        if n in (4, 5) and shape is None:
            return self._box(coords, place, image)
        if n >= 6 and n % 2 == 0 and shape is None:
            return self._polygon(coords, place, image)
        expected = "5 (detect), 9 (OBB) or an odd number >= 7 (segment)"
        if shape is not None:
            expected = f"{5 + shape[0] * shape[1]} (pose: 5 + {shape[0]} x {shape[1]})"
        message = f"the line has {n + 1} values; expected {expected}"
        self.builder.report(LABEL_LINE_MALFORMED, message, place)
        return None

    def _size(self, image: int) -> tuple[float, float]:
        return self.builder.image_size(image)

    def _check_range(self, values: list[float], place: Place, image: int) -> bool:
        """False (and Y100) when the image size is unknown and a value is outside [0, 1]."""
        width, _ = self._size(image)
        if not math.isnan(width):
            return True
        outside = [v for v in values if not 0.0 <= v <= 1.0]
        if outside:
            message = f"normalised coordinate {outside[0]:g} is outside [0, 1]"
            self.builder.report(NORMALIZED_OUT_OF_RANGE, message, place)
        return False

    def _box(self, coords: list[float], place: Place, image: int) -> ObjectRow:
        cx, cy, w, h = coords[:4]
        score = coords[4] if len(coords) == 5 else float("nan")
        row = ObjectRow(image, -1, place, score=score)
        if self._check_range([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], place, image):
            width, height = self._size(image)
            row.box = ((cx - w / 2) * width, (cy - h / 2) * height, w * width, h * height)
        return row

    def _polygon(self, coords: list[float], place: Place, image: int) -> ObjectRow:
        row = ObjectRow(image, -1, place)
        if self._check_range(coords, place, image):
            width, height = self._size(image)
            pixels = [v * (width if i % 2 == 0 else height) for i, v in enumerate(coords)]
            row.polygons = [pixels]
            row.box = _bounds(pixels)
        return row

    def _pose(self, coords: list[float], dims: int, place: Place, image: int) -> ObjectRow:
        row = self._box(coords[:4], place, image)
        points = coords[4:]
        xy = [v for i, v in enumerate(points) if i % dims < 2]
        if self._check_range([v for v in xy if v != 0.0], place, image) and row.box is not None:
            width, height = self._size(image)
            flat: list[float] = []
            for k in range(len(points) // dims):
                x, y = points[k * dims], points[k * dims + 1]
                v = points[k * dims + 2] if dims == 3 else (0.0 if x == y == 0 else 2.0)
                flat += [x * width, y * height, v]
            row.keypoints = flat
        return row

    def _dota(self, tokens: list[str], place: Place, image: int, object_id: str) -> None:
        corners = [parse_number(t) for t in tokens[:8]]
        if OUT_OF_RANGE in corners:
            message = f"a DOTA corner is {OUT_OF_RANGE}"
            self.builder.report(NUMBER_OUT_OF_RANGE, message, place)
            return
        if any(isinstance(c, str) for c in corners):
            self.builder.report(LABEL_LINE_MALFORMED, "a DOTA line needs 8 corner numbers", place)
            return
        pixels = [c for c in corners if not isinstance(c, str)]
        name = tokens[8]
        index = next((i for i, (n, _) in (self.config.names or {}).items() if n == name), None)
        row = ObjectRow(image, self.builder.category(name, index), place, id=object_id)
        row.corners, row.box = pixels, _bounds(pixels)
        if len(tokens) == 10:
            row.flags = {"difficult": tokens[9] == "1"}
        self.builder.add(row)


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _is_number(text: str) -> bool:
    return not isinstance(parse_number(text), str)


def _column(tokens: list[str], index: int) -> int:
    return sum(len(t) + 1 for t in tokens[:index]) + 1
