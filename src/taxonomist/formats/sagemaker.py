"""Reader of SageMaker Ground Truth output manifests (JSON Lines, usually ``.manifest``).

Each line is one image: ``{"source-ref": "s3://...", "<job>": ..., "<job>-metadata":
{"type": ..., "class-map": {"0": "dog"}, ...}}``. The label attribute's name is the job's
choice, so it is found through the ``-metadata`` key whose ``type`` the reader knows:

* ``groundtruth/object-detection``: ``<job>`` is ``{"annotations": [{class_id, left, top,
  width, height}], "image_size": [{width, height, depth}]}``; boxes are pixels, top-left
  corner and size (COCO's xywh); the metadata's ``objects[i].confidence`` is kept as a flag;
* ``groundtruth/image-classification``: ``<job>`` is the class id, ``class-name`` its name:
  an image-level label (label type ``label``);
* ``groundtruth/image-classification-multilabel``: ``<job>`` is a list of class ids named by
  ``class-map``: image-level labels.

Other job types (semantic segmentation, video, point clouds...) are S114, not read. A class
id is named through its line's ``class-map``; categories are matched to the taxonomy by name
(the ids are the labeling job's, not the taxonomy's). Locations are line numbers with a
JSON pointer into the line (``/<job>/annotations/<i>``); a malformed line is an F002 at its
line and the other lines are read.

Sources: AWS, "Bounding Box Job Output" in the SageMaker Ground Truth developer guide and
Rekognition's "Object localization in manifest files" (the documented line); panlabel (MIT)
at af6bbaa69b47, ``src/ir/io_sagemaker_manifest.rs`` (label attribute detection through the
``-metadata`` type) and ``tests/fixtures/sample_valid.sagemaker.manifest``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.jsonl import first_record_keys, read_lines
from taxonomist.formats.codes import MISSING_FIELD, WRONG_TYPE

FORMAT = "sagemaker"
SOURCE = "source-ref"
METADATA = "-metadata"
DETECTION = "groundtruth/object-detection"
CLASSIFICATION = "groundtruth/image-classification"
MULTILABEL = "groundtruth/image-classification-multilabel"
IMAGE_LABEL = "label"  # the label type image-level classes are read into
BOX_KEYS = ("left", "top", "width", "height")

CLASS_ID_UNKNOWN = CodeDoc(
    code="S112",
    name="sagemaker-class-id-unknown",
    family="structure",
    summary="A SageMaker class_id its line's class-map does not name; the box is skipped.",
    why="The class-map is the only place a manifest names its classes; an id outside it "
    "names nothing, and training jobs that build their label list from it fail or drop it.",
    bad='"annotations": [{"class_id": 7, ...}], ... "class-map": {"0": "dog"}',
    good='"annotations": [{"class_id": 0, ...}], ... "class-map": {"0": "dog"}',
)
NO_LABEL_ATTRIBUTE = CodeDoc(
    code="S113",
    name="sagemaker-no-label-attribute",
    family="structure",
    summary="A manifest line without a label attribute and its -metadata of a known type.",
    why="Ground Truth writes each job's labels under the job's attribute name with a "
    "'<name>-metadata' object saying its type; without one the line's image has no labels "
    "taxonomist can read, which is usually a line cut short or an unlabeled image.",
    bad='{"source-ref": "s3://bucket/a.jpg"}',
    good='{"source-ref": "s3://bucket/a.jpg", "boxes": {...}, "boxes-metadata": '
    '{"type": "groundtruth/object-detection", ...}}',
)
JOB_NOT_CHECKED = CodeDoc(
    code="S114",
    name="sagemaker-job-not-checked",
    family="structure",
    summary="A Ground Truth label attribute of a type taxonomist does not read (semantic "
    "segmentation, video, point cloud...).",
    why="Its labels are not checked; the report says so rather than passing them silently.",
    bad='"seg-metadata": {"type": "groundtruth/semantic-segmentation", ...}',
    good='"boxes-metadata": {"type": "groundtruth/object-detection", ...}',
    severity=Severity.WARNING,
)
CODES = (CLASS_ID_UNKNOWN, NO_LABEL_ATTRIBUTE, JOB_NOT_CHECKED)
KNOWN_TYPES = frozenset({DETECTION, CLASSIFICATION, MULTILABEL})


def sniff(path: Path, head: bytes) -> str | None:
    """SageMaker when the first line is an object with ``source-ref`` and a
    ``<name>``/``<name>-metadata`` pair."""
    keys = first_record_keys(head) if head else {}
    if SOURCE in keys and any(k + METADATA in keys for k in keys):
        return 'JSON Lines with "source-ref" and a "<job>-metadata" object (SageMaker manifest)'
    return None


def label_attributes(record: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The line's label attributes: (name, type, metadata) for each ``<name>-metadata``
    object with a ``type`` string (the importer reads them too)."""
    found = []
    for key, meta in record.items():
        if key.endswith(METADATA) and isinstance(meta, dict) and isinstance(meta.get("type"), str):
            found.append((key.removesuffix(METADATA), meta["type"], meta))
    return found


def class_names(job: str, value: Any, meta: dict[str, Any]) -> dict[int, str]:
    """The class ids a label attribute names: its ``class-map``, or for a single-label
    classification the ``<job>`` id with its ``class-name``."""
    names: dict[int, str] = {}
    raw = meta.get("class-map")
    for key, name in raw.items() if isinstance(raw, dict) else ():
        if isinstance(key, str) and _index_text(key) and isinstance(name, str) and name:
            names.setdefault(int(key), name)
    name = meta.get("class-name")
    if meta.get("type") == CLASSIFICATION and _class_id(value) and isinstance(name, str) and name:
        names.setdefault(int(value), name)
    return names


def records(path: Path) -> list[dict[str, Any]]:
    """The manifest's lines that are JSON objects (for the importer; ``read`` reports the
    others)."""
    builder = DatasetBuilder(str(path), FORMAT)
    return [line.value for line in read_lines(path, builder) if isinstance(line.value, dict)]


def _class_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read(path: Path) -> list[Dataset]:
    """Read one manifest."""
    builder = DatasetBuilder(str(path), FORMAT)
    for line in read_lines(path, builder):
        _line(builder, line.value, line.number)
    return [builder.build()]


def _line(builder: DatasetBuilder, record: Any, number: int) -> None:
    place = Place(builder.source, line=number, pointer="")
    if not isinstance(record, dict):
        builder.report(WRONG_TYPE, "a manifest line must be a JSON object", place)
        return
    ref = record.get(SOURCE)
    if not isinstance(ref, str) or not ref:
        builder.report(MISSING_FIELD, 'the line has no "source-ref"; it is skipped', place)
        return
    jobs = label_attributes(record)
    for job, kind, _ in jobs:
        if kind not in KNOWN_TYPES:
            where = Place(builder.source, line=number, pointer=f"/{job}{METADATA}/type")
            builder.report(JOB_NOT_CHECKED, f"label attribute {job!r} is {kind!r}", where)
    readable = [(job, kind, meta) for job, kind, meta in jobs if kind in KNOWN_TYPES]
    if not readable:
        if not jobs:  # a line of other job types only was named (S114) above
            message = "the line has no object-detection or classification label attribute"
            builder.report(NO_LABEL_ATTRIBUTE, message, place)
        return
    image = builder.image(ref, file=ref, width=None, height=None, place=place)
    labels: list[str] = []
    for job, kind, meta in readable:
        names = class_names(job, record.get(job), meta)
        for class_id in sorted(names):  # the class-map declares its classes, used or not
            builder.category(names[class_id])
        if kind == DETECTION:
            _detection(
                builder,
                record.get(job),
                meta=meta,
                names=names,
                image=image,
                number=number,
                job=job,
            )
        else:
            labels += _classes(
                builder, record.get(job), kind=kind, names=names, number=number, job=job
            )
    if labels:
        builder.set_labels(image, {IMAGE_LABEL: labels})


def _detection(
    builder: DatasetBuilder,
    value: Any,
    *,
    meta: dict[str, Any],
    names: dict[int, str],
    image: int,
    number: int,
    job: str,
) -> None:
    place = Place(builder.source, line=number, pointer=f"/{job}")
    if not isinstance(value, dict) or not isinstance(value.get("annotations"), list):
        builder.report(MISSING_FIELD, f"{job!r} needs an annotations list", place)
        return
    _size(builder, value.get("image_size"), image, number, job)
    objects = meta.get("objects")
    confidences = objects if isinstance(objects, list) else []
    for index, ann in enumerate(value["annotations"]):
        where = Place(builder.source, line=number, pointer=f"/{job}/annotations/{index}")
        row = _box(builder, ann, names, image, where)
        if row is None:
            continue
        extra = confidences[index] if index < len(confidences) else None
        confidence = finite_number(extra.get("confidence")) if isinstance(extra, dict) else None
        if confidence is not None:
            row.flags = {"confidence": confidence}
        builder.add(row)


def _box(
    builder: DatasetBuilder, ann: Any, names: dict[int, str], image: int, place: Place
) -> ObjectRow | None:
    if not isinstance(ann, dict):
        builder.report(WRONG_TYPE, "an annotation must be an object", place)
        return None
    class_id = ann.get("class_id")
    if not _class_id(class_id):
        builder.report(MISSING_FIELD, "the annotation has no class_id; it is skipped", place)
        return None
    if class_id not in names:
        message = f"class_id {class_id} is not in the line's class-map; the box is skipped"
        builder.report(CLASS_ID_UNKNOWN, message, place)
        return None
    numbers = {key: finite_number(ann.get(key)) for key in BOX_KEYS}
    box = [v for v in numbers.values() if v is not None]
    if len(box) != len(BOX_KEYS):
        missing = ", ".join(k for k, v in numbers.items() if v is None)
        builder.report(WRONG_TYPE, f"the box needs numbers for {missing}; skipped", place)
        return None
    category = builder.category(names[class_id])
    return ObjectRow(image, category, place, id=f"{place.line}{place.pointer}", box=box)


def _size(builder: DatasetBuilder, raw: Any, image: int, number: int, job: str) -> None:
    place = Place(builder.source, line=number, pointer=f"/{job}/image_size")
    first = raw[0] if isinstance(raw, list) and raw else None
    if not isinstance(first, dict):
        builder.report(MISSING_FIELD, "image_size needs one {width, height, depth}", place)
        return
    width, height = finite_number(first.get("width")), finite_number(first.get("height"))
    if width is None or height is None or width <= 0 or height <= 0:
        builder.report(WRONG_TYPE, "image_size width and height must be positive", place)
        return
    builder.set_size(image, (width, height))


def _classes(
    builder: DatasetBuilder, value: Any, *, kind: str, names: dict[int, str], number: int, job: str
) -> list[str]:
    place = Place(builder.source, line=number, pointer=f"/{job}")
    ids = value if kind == MULTILABEL else [value]
    if not isinstance(ids, list) or not all(_class_id(v) for v in ids):
        shape = "a list of class ids" if kind == MULTILABEL else "a class id"
        builder.report(WRONG_TYPE, f"{job!r} must be {shape}", place)
        return []
    out = []
    for class_id in ids:
        if class_id not in names:
            message = f"class {class_id} has no name in the line's metadata; it is skipped"
            builder.report(CLASS_ID_UNKNOWN, message, place)
            continue
        builder.category(names[class_id])
        out.append(names[class_id])
    return out


def _index_text(text: str) -> bool:
    """A class index written as text ("0", "12"; not "²", nor a thousand digits)."""
    return text.strip().isdecimal() and len(text.strip()) <= 12
