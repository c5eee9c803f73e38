"""Reader of Labelbox NDJSON exports (export v2): one data row per line.

A row is an image: ``data_row`` (``external_id``, else ``global_key``, else ``id``, as its
name), ``media_attributes`` (``width``, ``height``), and ``projects``: per project id a
``labels`` list, each label one annotator's work (``label_details.created_by``; where a
row has several labels and a label names nobody, ``<project>#<n>`` stands for it), so a row
labelled twice is read as two annotators' objects on one image. A label's
``annotations.objects`` are the objects, by ``annotation_kind``: ``ImageBoundingBox``
(``bounding_box`` ``top``/``left``/``height``/``width``, a box), ``ImagePolygon`` (a
``polygon`` of ``{x, y}``, with its bounds as box), ``ImagePoint`` (a loose point),
``ImagePolyline`` (``line``, a polyline), ``ImageSegmentationMask`` (``mask.url`` or
``composite_mask``: the pixels are elsewhere, so the object has no geometry here); an
object's class is its ``name``. Its ``classifications`` are its attributes, keyed by each
classification's ``value`` (else ``name``): a ``radio_answer`` is the answer's name, a
``checklist_answers`` list the answers' names, a ``text_answer`` its content, and the
classifications nested under an answer are attributes too. The label's own
``classifications`` are image-level labels keyed the same way (a radio one class, a
checklist a list; the first label that answers a question gives the image's answer). Video
labels (``frames``) are reported and skipped. Locations are the line, with a JSON pointer
inside the row.

Reference: Labelbox's export v2 documentation (docs.labelbox.com, "Export image
annotations"), and panlabel's reader (MIT, github.com/strickvl/panlabel at
af6bbaa69b47076228f85164a13ead75aed2d17f, ``src/ir/io_labelbox_json.rs``) with its fixture
``tests/fixtures/sample_valid.labelbox.ndjson``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.memory import gc_paused
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.codes import UNKNOWN_SHAPE_TYPE
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.json import fix_encoding, load_json, read_bytes
from taxonomist.formats._io.sniff import json_shape, keys_of
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE

FORMAT = "labelbox"
KINDS = {
    "ImageBoundingBox": "bounding_box",
    "ImagePolygon": "polygon",
    "ImagePoint": "point",
    "ImagePolyline": "line",
    "ImageSegmentationMask": "mask",
}
ROW_KEYS = ("projects", "media_attributes", "attachments", "metadata_fields")


def sniff(path: Path, head: bytes) -> str | None:
    """Labelbox when the first line is a JSON object with a ``data_row`` object beside
    ``projects`` or ``media_attributes`` (an export v2 data row)."""
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    keys = keys_of(json_shape(line))
    if isinstance(keys.get("data_row"), dict) and any(k in keys for k in ROW_KEYS):
        return "JSON Lines of data_row records (Labelbox export v2)"
    return None


def read(path: Path) -> list[Dataset]:
    """Read one Labelbox NDJSON export."""
    source = str(path)
    builder = DatasetBuilder(source, FORMAT, declares_categories=False)
    data, problems = read_bytes(path, source)
    builder.findings += problems
    if data is not None:
        data, encoding = fix_encoding(data, source)
        builder.findings += encoding
        with gc_paused():
            for number, line in enumerate(data.split(b"\n"), start=1):
                if line.strip():
                    _line(builder, line, number)
    return [builder.build()]


def _line(builder: DatasetBuilder, line: bytes, number: int) -> None:
    loaded = load_json(line, builder.source)
    builder.findings += [f.with_location(line=number, column=None) for f in loaded.findings]
    if not loaded.ok:
        return
    row = loaded.value
    if not isinstance(row, dict) or not isinstance(row.get("data_row"), dict):
        message = "a Labelbox export line is a JSON object with a data_row"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, number, pointer=""))
        return
    image = _image(builder, row, number)
    projects = row.get("projects")
    if projects is None:
        return
    if not isinstance(projects, dict):
        builder.report(
            WRONG_TYPE,
            "projects must be an object of project ids",
            Place(builder.source, number, pointer="/projects"),
        )
        return
    labels: dict[str, Any] = {}
    several = (
        sum(
            len(p["labels"])
            for p in projects.values()
            if isinstance(p, dict) and isinstance(p.get("labels"), list)
        )
        > 1
    )
    for project_id, project in projects.items():
        pointer = f"/projects/{_escape(str(project_id))}"
        raw = project.get("labels") if isinstance(project, dict) else None
        if not isinstance(raw, list):
            builder.report(
                WRONG_TYPE,
                "a project needs a labels list",
                Place(builder.source, number, pointer=pointer),
            )
            continue
        for index, label in enumerate(raw):
            where = Place(builder.source, number, pointer=f"{pointer}/labels/{index}")
            stand_in = f"{project_id}#{index}" if several else None
            _label(builder, label, where, image, stand_in=stand_in, labels=labels)
    if labels:
        builder.set_labels(image, labels)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _image(builder: DatasetBuilder, row: dict[str, Any], number: int) -> int:
    data_row = row["data_row"]
    name = next(
        (
            data_row[k]
            for k in ("external_id", "global_key", "id")
            if isinstance(data_row.get(k), str) and data_row[k]
        ),
        None,
    )
    if name is None:
        builder.report(
            MISSING_FIELD,
            "the data_row has no external_id, global_key or id",
            Place(builder.source, number, pointer="/data_row"),
        )
        name = f"line {number}"
    media = row.get("media_attributes")
    sizes: list[float | None] = [None, None]
    if isinstance(media, dict):
        for i, key in enumerate(("width", "height")):
            value = media.get(key)
            number_value = finite_number(value)
            if value is not None and (number_value is None or number_value <= 0):
                builder.report(
                    WRONG_TYPE,
                    f"media_attributes.{key} must be a positive number",
                    Place(builder.source, number, pointer=f"/media_attributes/{key}"),
                )
                number_value = None
            sizes[i] = number_value
    return builder.image(
        name,
        file=name,
        width=sizes[0],
        height=sizes[1],
        place=Place(builder.source, number, pointer="/data_row"),
    )


def _label(
    builder: DatasetBuilder,
    label: Any,
    where: Place,
    image: int,
    *,
    stand_in: str | None,
    labels: dict[str, Any],
) -> None:
    if not isinstance(label, dict):
        builder.report(WRONG_TYPE, "a label must be an object", where)
        return
    details = label.get("label_details")
    author = details.get("created_by") if isinstance(details, dict) else None
    annotator = author if isinstance(author, str) and author else stand_in
    annotations = label.get("annotations")
    if not isinstance(annotations, dict):
        code = MISSING_FIELD if annotations is None else WRONG_TYPE
        builder.report(code, "a label needs an annotations object", where)
        return
    if "frames" in annotations:
        builder.report(
            UNKNOWN_SHAPE_TYPE, "a video label (frames) is not read; it is skipped", where
        )
        return
    objects = annotations.get("objects", [])
    if not isinstance(objects, list):
        builder.report(
            WRONG_TYPE,
            "annotations.objects must be a list",
            Place(builder.source, where.line, pointer=f"{where.pointer}/annotations/objects"),
        )
        objects = []
    for index, obj in enumerate(objects):
        place = Place(
            builder.source, where.line, pointer=f"{where.pointer}/annotations/objects/{index}"
        )
        _object(builder, obj, place, image, annotator)
    where = Place(
        builder.source, where.line, pointer=f"{where.pointer}/annotations/classifications"
    )
    choices, _ = _classifications(builder, annotations.get("classifications"), where)
    for key, value in choices.items():
        labels.setdefault(key, value)  # image-level text answers have no label type


def _object(
    builder: DatasetBuilder, obj: Any, place: Place, image: int, annotator: str | None
) -> None:
    if not isinstance(obj, dict):
        builder.report(WRONG_TYPE, "an object must be a JSON object", place)
        return
    name = obj.get("name")
    if not isinstance(name, str) or not name:
        builder.report(MISSING_FIELD, "the object has no name (its class); it is skipped", place)
        return
    kind = obj.get("annotation_kind")
    key = (
        KINDS.get(kind)
        if isinstance(kind, str)
        else next((k for k in KINDS.values() if k in obj), None)
    )
    if key is None:
        builder.report(
            UNKNOWN_SHAPE_TYPE,
            f"annotation_kind {kind!r} is not one taxonomist reads; it is skipped",
            place,
        )
        return
    feature = obj.get("feature_id")
    row = ObjectRow(
        image,
        builder.category(name),
        place,
        id=feature if isinstance(feature, str) else None,
        annotator=annotator,
    )
    if not _geometry(builder, row, key, obj):
        return
    where = Place(builder.source, place.line, pointer=f"{place.pointer}/classifications")
    choices, texts = _classifications(builder, obj.get("classifications"), where)
    if choices or texts:
        row.attributes = {**choices, **texts}
    builder.add(row)


def _geometry(builder: DatasetBuilder, row: ObjectRow, key: str, obj: dict[str, Any]) -> bool:
    where = Place(builder.source, row.place.line, pointer=f"{row.place.pointer}/{key}")
    if key == "mask":
        if not isinstance(obj.get("mask"), dict) and not isinstance(
            obj.get("composite_mask"), dict
        ):
            builder.report(
                MISSING_FIELD, "a segmentation mask needs mask {url} or composite_mask", where
            )
            return False
        return True
    value = obj.get(key)
    if key == "bounding_box":
        box = [
            finite_number(value.get(k)) if isinstance(value, dict) else None
            for k in ("left", "top", "width", "height")
        ]
        if any(v is None for v in box):
            builder.report(
                WRONG_TYPE, "bounding_box needs numbers top, left, height and width", where
            )
            return False
        row.box = tuple(float(v) for v in box if v is not None)
        return True
    flat = _path([value] if key == "point" else value)
    if flat is None:
        builder.report(WRONG_TYPE, f"{key} must be {{x, y}} points", where)
        return False
    need = {"polygon": 6, "line": 4, "point": 2}[key]
    if len(flat) < need:
        builder.report(
            WRONG_LENGTH, f"a {key} needs at least {need // 2} points, not {len(flat) // 2}", where
        )
        return False
    if key == "polygon":
        row.polygons = [flat]
        xs, ys = flat[0::2], flat[1::2]
        row.box = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    elif key == "line":
        row.polyline = flat
    else:
        row.points = flat
    return True


def _path(raw: Any) -> list[float] | None:
    if not isinstance(raw, list):
        return None
    flat: list[float] = []
    for point in raw:
        x = finite_number(point.get("x")) if isinstance(point, dict) else None
        y = finite_number(point.get("y")) if isinstance(point, dict) else None
        if x is None or y is None:
            return None
        flat += [x, y]
    return flat


Answers = dict[str, Any]


def _classifications(builder: DatasetBuilder, raw: Any, where: Place) -> tuple[Answers, Answers]:
    """Classification key -> the chosen answer (a name, or a list of names), and key -> a
    text answer's content; nested answers' classifications included."""
    found: Answers = {}
    texts: Answers = {}
    if raw is None:
        return found, texts
    if not isinstance(raw, list):
        builder.report(WRONG_TYPE, "classifications must be a list", where)
        return found, texts
    for index, item in enumerate(raw):
        place = Place(builder.source, where.line, pointer=f"{where.pointer}/{index}")
        key = _key(item)
        if key is None:
            builder.report(MISSING_FIELD, "a classification needs a name", place)
            continue
        radio, checklist, text = (
            item.get("radio_answer"),
            item.get("checklist_answers"),
            item.get("text_answer"),
        )
        if isinstance(radio, dict) and isinstance(radio.get("name"), str):
            found[key] = radio["name"]
            nested = Place(
                builder.source, where.line, pointer=f"{place.pointer}/radio_answer/classifications"
            )
            _merge(found, texts, _classifications(builder, radio.get("classifications"), nested))
        elif isinstance(checklist, list):
            names = [
                a["name"]
                for a in checklist
                if isinstance(a, dict) and isinstance(a.get("name"), str)
            ]
            found[key] = names
            for number, answer in enumerate(checklist):
                inner = answer.get("classifications") if isinstance(answer, dict) else None
                nested = Place(
                    builder.source,
                    where.line,
                    pointer=f"{place.pointer}/checklist_answers/{number}/classifications",
                )
                _merge(found, texts, _classifications(builder, inner, nested))
        elif isinstance(text, dict) and isinstance(text.get("content"), str):
            texts[key] = text["content"]
        else:
            builder.report(
                MISSING_FIELD,
                f"classification {key!r} has no radio_answer, checklist_answers or text_answer",
                place,
            )
    return found, texts


def _merge(found: Answers, texts: Answers, nested: tuple[Answers, Answers]) -> None:
    found.update(nested[0])
    texts.update(nested[1])


def _key(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    for field in ("value", "name"):
        value = item.get(field)
        if isinstance(value, str) and value:
            return value
    return None
