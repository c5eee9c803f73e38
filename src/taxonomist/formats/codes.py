"""The codes format readers emit: ``F`` (the file itself) and ``S`` (the structure of records).

``CODES`` is the registry the catalogue (``taxonomist rules``) reads; ``BY_CODE`` indexes it.
Readers of every format share these codes, so a duplicate key is ``F005`` in COCO, native
and Label Studio files alike.
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity

_W = Severity.WARNING

CODES: tuple[CodeDoc, ...] = (
    CodeDoc(
        "F001",
        "file-unreadable",
        "file",
        "The annotation file cannot be read (missing, a directory, no permission, I/O error).",
        "Nothing in it can be checked, so a CI run must not pass silently.",
        "taxonomist check missing.json",
        "taxonomist check annotations/instances_val.json",
    ),
    CodeDoc(
        "F002",
        "not-json",
        "file",
        "The file is not valid JSON (the finding gives the line and column of the first error).",
        "Training code and labeling tools fail on it; no record in it can be checked.",
        '{"images": [{"id": 1,}]}',
        '{"images": [{"id": 1}]}',
    ),
    CodeDoc(
        "F003",
        "wrong-top-level-shape",
        "file",
        "The JSON document does not have the top-level shape of its format "
        "(e.g. COCO wants an object with images/annotations/categories, or a results list).",
        "A loader would crash or read nothing; the file is probably of another kind.",
        '"instances.json"  (a bare string)',
        '{"images": [], "annotations": [], "categories": []}',
    ),
    CodeDoc(
        "F004",
        "encoding",
        "file",
        "The file starts with a byte-order mark or is not valid UTF-8.",
        "JSON must be UTF-8 without a BOM (RFC 8259); Python's json module and many tools "
        "reject a BOM or mangle other encodings.",
        "EF BB BF 7B ...  (UTF-8 BOM before the '{')",
        "7B ...  (the file starts directly with '{', saved as UTF-8)",
    ),
    CodeDoc(
        "F005",
        "duplicate-key",
        "file",
        "An object has the same key twice; parsers silently keep only one value "
        "(checked on files up to 4 MB).",
        "Which value wins differs between parsers, so tools disagree on the annotation.",
        '{"id": 1, "bbox": [0, 0, 5, 5], "bbox": [1, 1, 5, 5]}',
        '{"id": 1, "bbox": [1, 1, 5, 5]}',
    ),
    CodeDoc(
        "F006",
        "nan-or-infinity",
        "file",
        "The file contains NaN, Infinity or -Infinity, which are not JSON.",
        "Strict parsers reject the file; lenient ones feed NaN coordinates into training.",
        '{"bbox": [NaN, 10, 5, 5]}',
        '{"bbox": [0, 10, 5, 5]}',
    ),
    CodeDoc(
        "F007",
        "unrecognised-file",
        "file",
        "No reader recognises the file's format, so it was not checked.",
        "A file that is silently skipped is a file nobody checks; use --format to force one.",
        "taxonomist check notes.json   (a JSON file of another kind)",
        "taxonomist check --format coco notes.json",
        _W,
    ),
    CodeDoc(
        "F008",
        "missing-companion-file",
        "file",
        "A file the annotation file refers to (e.g. a COCO panoptic PNG) cannot be read, or "
        "lies outside the folder it must be in.",
        "The segments it holds cannot be checked, and training will fail on the missing file.",
        '"file_name": "000001.png"  with no annotations/panoptic_val/000001.png',
        "the PNG present next to the JSON, in the folder named after the JSON file",
    ),
    CodeDoc(
        "F009",
        "image-too-large",
        "file",
        "A companion image (e.g. a panoptic PNG) is larger than the decompression-bomb limit.",
        "Decoding it could exhaust memory; it is refused rather than read.",
        "a 100000 x 100000 PNG",
        "PNGs of the image's own size (at most 89 million pixels)",
    ),
    CodeDoc(
        "S001",
        "missing-field",
        "structure",
        "A record lacks a field its format requires (or the field is null).",
        "Loaders crash or silently drop the record; nothing that depends on it can be checked.",
        '{"id": 7, "category_id": 1, "bbox": [0, 0, 5, 5]}   (no image_id)',
        '{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5]}',
    ),
    CodeDoc(
        "S002",
        "wrong-type",
        "structure",
        "A field has the wrong JSON type (a string where a number is due, an object where a "
        "list is due, a record that is not an object).",
        "Loaders crash or, worse, compare strings with numbers and drop the record.",
        '{"id": 7, "image_id": "1", "bbox": "0 0 5 5"}',
        '{"id": 7, "image_id": 1, "bbox": [0, 0, 5, 5]}',
    ),
    CodeDoc(
        "S003",
        "wrong-length",
        "structure",
        "A fixed-length array has the wrong number of items (a bbox that is not 4 numbers, "
        "an RLE size that is not [height, width]).",
        "The values cannot be read as the shape they stand for.",
        '"bbox": [10, 20, 30]',
        '"bbox": [10, 20, 30, 40]',
    ),
    CodeDoc(
        "S004",
        "unknown-field",
        "structure",
        "A native-format record has a key the format does not define (often a typo).",
        "A misspelt key (``atributes``) is silently ignored, so its data is never checked.",
        '{"id": 1, "class": "person", "atributes": {"occlusion": 40}}',
        '{"id": 1, "class": "person", "attributes": {"occlusion": 40}}',
        _W,
    ),
    CodeDoc(
        "S005",
        "segment-missing-from-png",
        "structure",
        "A COCO panoptic segment listed in segments_info has no pixels in its PNG.",
        "The segment's class and attributes describe nothing; evaluation counts it as missed.",
        '"segments_info": [{"id": 7, ...}]   with no pixel of id 7 in the PNG',
        "every listed id painted in the PNG (id = R + 256 G + 65536 B)",
    ),
    CodeDoc(
        "S006",
        "png-segment-not-listed",
        "structure",
        "A COCO panoptic PNG paints a segment id that segments_info does not list.",
        "Those pixels have no class; evaluation treats them as void or fails.",
        "PNG pixels of id 9 with segments_info listing only 7",
        "segments_info listing 7 and 9, or the pixels painted 0 (void)",
    ),
    CodeDoc(
        "S007",
        "png-size-mismatch",
        "structure",
        "A COCO panoptic PNG does not have the size of its image.",
        "Segments cannot be laid over the image; loaders crash or misalign masks.",
        '"width": 640, "height": 480   with a 320 x 240 PNG',
        "a 640 x 480 PNG",
    ),
)

BY_CODE: dict[str, CodeDoc] = {doc.code: doc for doc in CODES}
