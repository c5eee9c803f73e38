"""Reader of KITTI object labels: a ``label_2/`` folder of one ``.txt`` per image (or a
dataset folder holding one, or one label file), images in ``image_2/`` beside it.

Each line is one object, fifteen values separated by spaces, as the KITTI object devkit's
``readme.txt`` lists them: ``type truncated occluded alpha x1 y1 x2 y2 h w l x y z ry``,
and a sixteenth, ``score``, "only for results" (a detector's output: the dataset is then
``is_results``). The devkit's words for the two attributes this reader keeps:

* ``truncated``: "Float from 0 (non-truncated) to 1 (truncated), where truncated refers to
  the object leaving image boundaries";
* ``occluded``: "Integer (0,1,2,3) indicating occlusion state: 0 = fully visible, 1 = partly
  occluded, 2 = largely occluded, 3 = unknown" (``OCCLUSION_STATES``).

Both become the object's attributes, so a taxonomy declares them (``truncated`` a float in
[0, 1], ``occluded`` an enum of 0..3) and the checker holds the values to it. ``-1``, which
the devkit writes for both on ``DontCare`` lines, means "not given" and is no attribute, so
a ``DontCare`` region mapped to a ``region: dont_care`` class carries none (A010). The box
is ``x1 y1 x2 y2`` in pixels ("left, top, right, bottom", 0-based): ``x = x1``,
``w = x2 - x1``. The 3D fields (``alpha``, dimensions, location, ``rotation_y``) are kept as
the object's format flags; nothing checks them. ``type`` is the class name as written
(``Car``, ``DontCare``): KITTI has no class-list file. Image sizes come from the headers of
``image_2/<stem>.*`` (no pixel decoded); without one the label file is ``F103``.

Findings are at their line and column: a line of another length is ``S003``, a value that
is no number ``S002`` (``S008`` beyond ±1e9), a box whose right or bottom edge lies before
its left or top ``S150``. Every other line is still read.

Conventions follow the KITTI object devkit ``readme.txt`` (as quoted in
github.com/bostondiditeam/kitti ``resources/devkit_object/readme.txt``), Datumaro's reader
(github.com/openvinotoolkit/datumaro ``src/datumaro/plugins/data_formats/kitti/base.py`` and
``format.py``, commit 3d533b9cf8b9, MIT: 15 or 16 values, ``label_2``/``image_2``, labels
found recursively) and panlabel's (github.com/strickvl/panlabel ``src/ir/io_kitti.rs``,
commit af6bbaa69b47, MIT: a dataset root holding ``label_2/`` or the folder itself).
"""

from __future__ import annotations

import re
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import read_regular
from taxonomist.core.text import shorten
from taxonomist.dataset.model import Dataset, Flag
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import IMAGE_NOT_FOUND
from taxonomist.formats._io.images import find_image
from taxonomist.formats._io.measure import measure
from taxonomist.formats._io.numbers import OUT_OF_RANGE, parse_numbers
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.codes import (
    ENCODING,
    FILE_UNREADABLE,
    NUMBER_OUT_OF_RANGE,
    WRONG_LENGTH,
    WRONG_TYPE,
)

FORMAT = "kitti"
LABELS_DIR = "label_2"
IMAGES_DIR = "image_2"
FIELDS = (
    *("type", "truncated", "occluded", "alpha", "x1", "y1", "x2", "y2"),
    *("height", "width", "length", "x", "y", "z", "rotation_y", "score"),
)
LINE_VALUES = (15, 16)  # 16: a results file, the last value a score
OCCLUSION_STATES = {0: "fully visible", 1: "partly occluded", 2: "largely occluded", 3: "unknown"}
NOT_GIVEN = -1.0  # truncated and occluded of a DontCare line
MAX_LABEL_BYTES = 64 * 1024 * 1024
_FLAGS = ("alpha", "height", "width", "length", "x", "y", "z", "rotation_y")
# A type that is no number, then 14 or 15 numbers: never a YOLO line (its class is a number)
# nor a DOTA line (eight numbers first).
_TOKEN = re.compile(r"\S+")
_LINE = re.compile(rb"^\s*[^\s0-9.+-]\S*(\s+[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?){14,15}\s*$")

BOX_INVERTED = CodeDoc(
    code="S150",
    name="box-corners-inverted",
    family="structure",
    summary="A KITTI box whose right edge (x2) lies left of its left edge (x1), or whose bottom "
    "(y2) lies above its top (y1); the object is read without a box.",
    why="KITTI boxes are left, top, right, bottom: swapped corners are a converter bug, and "
    "a loader computes a negative width and area from them.",
    bad="Car 0.00 0 -1.57 727.31 181.78 614.24 284.77 1.52 1.63 3.89 1.04 1.56 8.01 -1.61",
    good="Car 0.00 0 -1.57 614.24 181.78 727.31 284.77 1.52 1.63 3.89 1.04 1.56 8.01 -1.61",
)

CODES: tuple[CodeDoc, ...] = (BOX_INVERTED,)


def sniff(path: Path, head: bytes) -> str | None:
    """A ``label_2`` folder holding label files, a folder holding such a one, or a ``.txt``
    of KITTI object lines. An empty ``label_2`` is not claimed, so a check of it ends in
    "nothing to check" (exit 2) as an empty mask folder does, never in a clean pass."""
    if not head and _is_dir(path):
        if path.name == LABELS_DIR and _has_labels(path):
            return f"a KITTI {LABELS_DIR}/ folder"
        if _is_dir(path / LABELS_DIR) and _has_labels(path / LABELS_DIR):
            return f"folder holding a KITTI {LABELS_DIR}/ folder"
        return None
    if path.suffix.lower() == ".txt" and _looks_like_kitti(head):
        return "text file of KITTI object lines (a type and 14 or 15 numbers)"
    return None


def _has_labels(folder: Path) -> bool:
    try:
        return any(folder.rglob("*.txt"))
    except OSError:  # unlistable: claimed, so the reader reports it
        return True


def _looks_like_kitti(head: bytes) -> bool:
    lines = head.splitlines()
    if len(head) >= 4096 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines[:20] if line.strip()]
    return bool(lines) and all(_LINE.match(line) for line in lines)


def read(path: Path) -> list[Dataset]:
    """Read the labels at ``path`` (a dataset folder, a ``label_2`` folder, or one file)."""
    builder = DatasetBuilder(str(path), FORMAT, declares_categories=False)
    if _is_dir(path):
        labels = path / LABELS_DIR if _is_dir(path / LABELS_DIR) else path
        found = walk(labels, ".txt")
        report_unreadable(builder, found)
        files = found.files
    else:
        labels, files = path.parent, [path]
    results = False
    for label in files:
        results = _read_file(builder, label, labels) or results
    dataset = builder.build()
    dataset.is_results = results
    return [dataset]


def _read_file(builder: DatasetBuilder, label: Path, labels: Path) -> bool:
    """Read one label file into ``builder``; True when it holds a scored (results) line."""
    relative = label.relative_to(labels)
    root = labels.parent
    image = find_image(root / IMAGES_DIR / relative.parent, label.stem)
    stem = relative.with_suffix("").as_posix()
    size = None
    if image is None:
        hint = f"put the image in {IMAGES_DIR}/ beside {labels.name}/, named like the label file"
        builder.report(IMAGE_NOT_FOUND, "no image found for this label file", Place(str(label)),
                       hint=hint)  # fmt: skip
        file = relative.as_posix()
    else:
        size = measure(builder, image)
        file = image.relative_to(root).as_posix()
    row = builder.image(stem, file=file, width=None, height=None, place=Place(str(label)))
    if size is not None:
        builder.set_size(row, size)
    scored = False
    for number, line in enumerate(_text(builder, label).splitlines(), 1):
        tokens = line.split()  # as _TOKEN finds them; their columns only for a finding
        if tokens:
            place = Place(str(label), number, len(line) - len(line.lstrip()) + 1)
            scored |= _line(builder, tokens, line, place, image=row, oid=f"{stem}:{number}")
    return scored


def _text(builder: DatasetBuilder, label: Path) -> str:
    """The file's text ('' when it cannot be read); bytes that are not UTF-8 are F004."""
    try:
        if label.stat().st_size > MAX_LABEL_BYTES:
            message = "label file is too large to be a label file; it was not read"
            builder.report(FILE_UNREADABLE, message, Place(str(label)))
            return ""
        data = read_regular(label)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        builder.report(FILE_UNREADABLE, message, Place(str(label)))
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        message = f"the label file is not UTF-8 (byte 0x{data[exc.start]:02x})"
        hint = "save label files as UTF-8"
        builder.report(ENCODING, message, Place(str(label), line, column), hint=hint)
        return data.decode("utf-8", errors="replace")


def _line(
    builder: DatasetBuilder, tokens: list[str], line: str, place: Place, *, image: int, oid: str
) -> bool:
    """Add the object of one line (its whitespace-separated tokens); True when it carries a
    score."""
    if len(tokens) not in LINE_VALUES:
        message = f"a KITTI line has 15 values (16 with a score), this one has {len(tokens)}"
        hint = "type truncated occluded alpha x1 y1 x2 y2 h w l x y z ry [score]"
        builder.report(WRONG_LENGTH, message, place, hint=hint)
        return False
    numbers = parse_numbers(tokens[1:])
    if isinstance(numbers, tuple):
        bad, why = numbers
        code = NUMBER_OUT_OF_RANGE if why == OUT_OF_RANGE else WRONG_TYPE
        name = FIELDS[bad + 1]
        message = f"{name} ({shorten(tokens[bad + 1], 60)!r}) is {why}; the line is skipped"
        builder.report(code, message, _at(place, line, bad + 1))
        return False
    x1, y1, x2, y2 = numbers[3:7]
    inverted = False
    for edge, low, high in ((6, x1, x2), (7, y1, y2)):
        if high < low:
            message = (
                f"{FIELDS[edge]} {high:g} lies before {FIELDS[edge - 2]} {low:g}: the corners "
                "are swapped; the object has no box"
            )
            builder.report(BOX_INVERTED, message, _at(place, line, edge))
            inverted = True
    row = ObjectRow(image, builder.category(tokens[0], place=place), place, id=oid)
    if not inverted:
        row.box = (x1, y1, x2 - x1, y2 - y1)
    row.attributes = _attributes(numbers[0], numbers[1]) or None
    row.flags = _flags(numbers)
    if len(numbers) == 15:
        row.score = numbers[14]
    builder.add(row)
    return len(numbers) == 15


def _attributes(truncated: float, occluded: float) -> dict[str, float | int]:
    found: dict[str, float | int] = {}
    if truncated != NOT_GIVEN:
        found["truncated"] = truncated
    if occluded != NOT_GIVEN:
        found["occluded"] = int(occluded) if occluded.is_integer() else occluded
    return found


def _flags(numbers: list[float]) -> dict[str, Flag]:
    return dict(zip(_FLAGS, numbers[2:3] + numbers[7:14], strict=True))


def _at(place: Place, line: str, index: int) -> Place:
    """``place`` at the column where token ``index`` of ``line`` starts."""
    found = list(_TOKEN.finditer(line))
    return Place(place.file, place.line, found[index].start() + 1)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the OS is no folder
        return False
