"""The codes every format reader shares: ``F`` (the file itself) and ``S`` (the structure of
records), so a duplicate key is ``F005`` in COCO, native and Label Studio files alike.

Readers emit the constants below; ``CODES`` is the registry the catalogue (``taxonomist
rules``) reads. Codes only some formats emit are declared beside their emitters
(``formats._io.xml``, ``formats._io.codes``, ``formats.yolo``, ...).
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.core.text import shorten

FILE_UNREADABLE = CodeDoc(
    code="F001",
    name="file-unreadable",
    family="file",
    summary="The annotation file cannot be read (missing, a directory, no permission, I/O error).",
    why="Nothing in it can be checked, so a CI run must not pass silently.",
    bad="taxonomist check missing.json",
    good="taxonomist check annotations/instances_val.json",
)
NOT_JSON = CodeDoc(
    code="F002",
    name="not-json",
    family="file",
    summary="The file is not valid JSON (the finding gives the line and column of the first "
    "error).",
    why="Training code and labeling tools fail on it; no record in it can be checked.",
    bad='{"images": [{"id": 1,}]}',
    good='{"images": [{"id": 1}]}',
)
WRONG_TOP_LEVEL_SHAPE = CodeDoc(
    code="F003",
    name="wrong-top-level-shape",
    family="file",
    summary="The JSON document does not have the top-level shape of its format "
    "(e.g. COCO wants an object with images/annotations/categories, or a results list).",
    why="A loader would crash or read nothing; the file is probably of another kind.",
    bad='"instances.json"  (a bare string)',
    good='{"images": [], "annotations": [], "categories": []}',
)
ENCODING = CodeDoc(
    code="F004",
    name="encoding",
    family="file",
    summary="The file starts with a byte-order mark or is not valid UTF-8.",
    why="JSON must be UTF-8 without a BOM (RFC 8259); Python's json module and many tools "
    "reject a BOM or mangle other encodings.",
    bad="EF BB BF 7B ...  (UTF-8 BOM before the '{')",
    good="7B ...  (the file starts directly with '{', saved as UTF-8)",
)
DUPLICATE_KEY = CodeDoc(
    code="F005",
    name="duplicate-key",
    family="file",
    summary="An object has the same key twice; parsers silently keep only one value "
    "(checked on files up to 4 MB).",
    why="Which value wins differs between parsers, so tools disagree on the annotation.",
    bad='{"id": 1, "bbox": [0, 0, 5, 5], "bbox": [1, 1, 5, 5]}',
    good='{"id": 1, "bbox": [1, 1, 5, 5]}',
)
NAN_OR_INFINITY = CodeDoc(
    code="F006",
    name="nan-or-infinity",
    family="file",
    summary="The file contains NaN, Infinity or -Infinity, which are not JSON.",
    why="Strict parsers reject the file; lenient ones feed NaN coordinates into training.",
    bad='{"bbox": [NaN, 10, 5, 5]}',
    good='{"bbox": [0, 10, 5, 5]}',
)
UNRECOGNISED_FILE = CodeDoc(
    code="F007",
    name="unrecognised-file",
    family="file",
    summary="No reader recognises the file's format, so it was not checked.",
    why="A file that is silently skipped is a file nobody checks; use --format to force one.",
    bad="taxonomist check notes.json   (a JSON file of another kind)",
    good="taxonomist check --format coco notes.json",
    severity=Severity.WARNING,
)
MISSING_COMPANION_FILE = CodeDoc(
    code="F008",
    name="missing-companion-file",
    family="file",
    summary="A file the annotation file refers to (e.g. a COCO panoptic PNG) cannot be "
    "read, or "
    "lies outside the folder it must be in.",
    why="The segments it holds cannot be checked, and training will fail on the missing file.",
    bad='"file_name": "000001.png"  with no annotations/panoptic_val/000001.png',
    good="the PNG present next to the JSON, in the folder named after the JSON file",
)
IMAGE_TOO_LARGE = CodeDoc(
    code="F009",
    name="image-too-large",
    family="file",
    summary="A companion image (e.g. a panoptic PNG) is larger than the decompression-bomb limit.",
    why="Decoding it could exhaust memory; it is refused rather than read.",
    bad="a 100000 x 100000 PNG",
    good="PNGs of the image's own size (at most 89 million pixels)",
)
MISSING_FIELD = CodeDoc(
    code="S001",
    name="missing-field",
    family="structure",
    summary="A record lacks a field its format requires (or the field is null).",
    why="Loaders crash or silently drop the record; nothing that depends on it can be checked.",
    bad='{"id": 7, "category_id": 1, "bbox": [0, 0, 5, 5]}   (no image_id)',
    good='{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5]}',
)
WRONG_TYPE = CodeDoc(
    code="S002",
    name="wrong-type",
    family="structure",
    summary="A field has the wrong JSON type (a string where a number is due, an object "
    "where a "
    "list is due, a record that is not an object).",
    why="Loaders crash or, worse, compare strings with numbers and drop the record.",
    bad='{"id": 7, "image_id": "1", "bbox": "0 0 5 5"}',
    good='{"id": 7, "image_id": 1, "bbox": [0, 0, 5, 5]}',
)
WRONG_LENGTH = CodeDoc(
    code="S003",
    name="wrong-length",
    family="structure",
    summary="A fixed-length array has the wrong number of items (a bbox that is not 4 numbers, "
    "an RLE size that is not [height, width]).",
    why="The values cannot be read as the shape they stand for.",
    bad='"bbox": [10, 20, 30]',
    good='"bbox": [10, 20, 30, 40]',
)
UNKNOWN_FIELD = CodeDoc(
    code="S004",
    name="unknown-field",
    family="structure",
    summary="A native-format record has a key the format does not define (often a typo).",
    why="A misspelt key (``atributes``) is silently ignored, so its data is never checked.",
    bad='{"id": 1, "class": "person", "atributes": {"occlusion": 40}}',
    good='{"id": 1, "class": "person", "attributes": {"occlusion": 40}}',
    severity=Severity.WARNING,
)
SEGMENT_MISSING_FROM_PNG = CodeDoc(
    code="S005",
    name="segment-missing-from-png",
    family="structure",
    summary="A COCO panoptic segment listed in segments_info has no pixels in its PNG.",
    why="The segment's class and attributes describe nothing; evaluation counts it as missed.",
    bad='"segments_info": [{"id": 7, ...}]   with no pixel of id 7 in the PNG',
    good="every listed id painted in the PNG (id = R + 256 G + 65536 B)",
)
PNG_SEGMENT_NOT_LISTED = CodeDoc(
    code="S006",
    name="png-segment-not-listed",
    family="structure",
    summary="A COCO panoptic PNG paints a segment id that segments_info does not list.",
    why="Those pixels have no class; evaluation treats them as void or fails.",
    bad="PNG pixels of id 9 with segments_info listing only 7",
    good="segments_info listing 7 and 9, or the pixels painted 0 (void)",
)
PNG_SIZE_MISMATCH = CodeDoc(
    code="S007",
    name="png-size-mismatch",
    family="structure",
    summary="A COCO panoptic PNG does not have the size of its image.",
    why="Segments cannot be laid over the image; loaders crash or misalign masks.",
    bad='"width": 640, "height": 480   with a 320 x 240 PNG',
    good="a 640 x 480 PNG",
)
NUMBER_OUT_OF_RANGE = CodeDoc(
    code="S008",
    name="number-out-of-range",
    family="structure",
    summary="A coordinate, image size, class index or frame number lies beyond ±1e9 (or is "
    "Infinity), in any format; that value or shape is read as absent and not checked.",
    why="No image is that large: the value is a unit mix-up or a corrupt file, and "
    "arithmetic on it overflows, so every check of the shape would be meaningless.",
    bad='"bbox": [0, 0, 1e300, 20]',
    good='"bbox": [0, 0, 30, 20]',
)
READER_FAILED = CodeDoc(
    code="F030",
    name="reader-failed",
    family="file",
    summary="The reader crashed on this file (a bug in taxonomist); the other files were "
    "still checked.",
    why="One file that trips a bug must not hide the findings of every other file; the "
    "message names the exception and where it was raised, for a bug report.",
    bad="the coco reader failed on this file: ValueError: ... (at formats/coco/build.py:90)",
    good="no F030: report it, and the next version reads the file or names what is wrong",
)
CHECK_FAILED = CodeDoc(
    code="F031",
    name="check-failed",
    family="file",
    summary="A check crashed on this file's annotations (a bug in taxonomist); the other "
    "files were still checked.",
    why="One dataset that trips a bug in a rule must not stop the run; this file's other "
    "findings may be incomplete, which the finding says.",
    bad="the checks failed on this file: KeyError: ... (at check/rules/boxes.py:40)",
    good="no F031: report it with the file",
)
BUG_HINT = "this is a bug in taxonomist: please report it with this message and the file"
_LONGEST_DETAIL = 200


def bug_message(what: str, exc: BaseException) -> str:
    """``what``, the exception (type and shortened text) and the innermost taxonomist frame
    that raised it: enough for a bug report, never a whole traceback or a 50 MB value."""
    import traceback

    detail = shorten(str(exc).replace("\n", " "), _LONGEST_DETAIL)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "taxonomist" in f.filename]
    where = ""
    if frames:
        file = frames[-1].filename.replace("\\", "/").rsplit("taxonomist/", 1)[-1]
        where = f" (at {file}:{frames[-1].lineno})"
    return f"{what}: {type(exc).__name__}: {detail}{where}"


CODES: tuple[CodeDoc, ...] = (
    FILE_UNREADABLE,
    NOT_JSON,
    WRONG_TOP_LEVEL_SHAPE,
    ENCODING,
    DUPLICATE_KEY,
    NAN_OR_INFINITY,
    UNRECOGNISED_FILE,
    MISSING_COMPANION_FILE,
    IMAGE_TOO_LARGE,
    MISSING_FIELD,
    WRONG_TYPE,
    WRONG_LENGTH,
    UNKNOWN_FIELD,
    SEGMENT_MISSING_FROM_PNG,
    PNG_SEGMENT_NOT_LISTED,
    PNG_SIZE_MISMATCH,
    NUMBER_OUT_OF_RANGE,
    READER_FAILED,
    CHECK_FAILED,
)
