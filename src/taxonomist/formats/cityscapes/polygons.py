"""A Cityscapes ``*_polygons.json`` file (cityscapesScripts ``helpers/annotation.py``):
``{"imgHeight", "imgWidth", "objects": [{"label", "polygon": [[x, y], ...], "deleted",
"date", "id", "user", "verified"}]}``.

Each object is a polygon of its class, named as written ("license plate", "out of roi": the
taxonomy matches names and aliases). A label ending in ``group`` that is no label of
``labels.py`` of its own (``cargroup``, ``persongroup``; not ``polegroup``) is a crowd region
of its class, as ``json2labelImg.py`` reads it. ``deleted`` objects are not drawn by the
scripts and not read here (one info finding counts them). The file's order is drawing order:
later objects paint over earlier ones, so an object's ``draw_order`` flag is its index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow
from taxonomist.formats._io.builder import Place as Where
from taxonomist.formats._io.columns import finite_number, whole_number
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats.cityscapes.frames import ImageIndex
from taxonomist.formats.cityscapes.layout import Name, place_of
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE

FORMAT = "cityscapes"
GROUP = "group"
# labels.py labels whose own name ends in "group": classes, not crowds of another class.
GROUP_NAMED_LABELS = frozenset({"polegroup"})

DELETED_OBJECTS = CodeDoc(
    code="S131",
    name="cityscapes-deleted-objects",
    family="structure",
    summary="A Cityscapes polygons file holds objects marked deleted; cityscapesScripts does "
    "not draw them and they are not read (counted in one finding per file).",
    why="Deleted objects are kept by the annotation tool as history; a count that grows is "
    "worth a look, since a deletion by mistake removes labels silently.",
    bad='{"label": "car", "deleted": 1, "polygon": [[1, 2], [30, 2], [30, 40]]}',
    good="deleted objects removed from the file, or none",
    severity=Severity.INFO,
)
CODES: tuple[CodeDoc, ...] = (DELETED_OBJECTS,)


def read_polygons(path: Path, images: ImageIndex, name: Name | None) -> Dataset:
    """One polygons file as a dataset of its own (its objects located by JSON pointer)."""
    builder = DatasetBuilder(str(path), FORMAT, kind="polygons", declares_categories=False)
    loaded = read_json_file(path, builder)
    if loaded is not None:
        _document(builder, loaded.value, path, images, name)
    return builder.build()


def _document(
    builder: DatasetBuilder, doc: Any, path: Path, images: ImageIndex, name: Name | None
) -> None:
    top = Where(builder.source, pointer="")
    if not isinstance(doc, dict):
        message = "a Cityscapes polygons file is a JSON object with objects"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, top)
        return
    frame = name.frame if name is not None else path.stem.removesuffix("_polygons")
    place = place_of(path)
    image = images.image(place, frame, path)
    width, height = _dimension(builder, doc, "imgWidth"), _dimension(builder, doc, "imgHeight")
    known = (width, height) if width is not None and height is not None else None
    if known is None and image.header.ok:
        known = (image.header.width, image.header.height)
    row = builder.image(
        frame,
        file=image.file,
        width=None if known is None else known[0],
        height=None if known is None else known[1],
        place=top,
    )
    if width is not None and height is not None:
        images.check(builder, image, (width, height), top, place=place, what="imgWidth x imgHeight")
    objects = doc.get("objects")
    if not isinstance(objects, list):
        wrong = MISSING_FIELD if objects is None else WRONG_TYPE
        where = Where(builder.source, pointer="/objects")
        builder.report(wrong, "the file has no objects list", where)
        return
    deleted = 0
    for index, item in enumerate(objects):
        deleted += _object(builder, item, index, row)
    if deleted:
        message = f"{deleted} deleted object{'s' if deleted > 1 else ''} not read"
        hint = "cityscapesScripts does not draw deleted objects either"
        where = Where(builder.source, pointer="/objects")
        builder.report(DELETED_OBJECTS, message, where, hint=hint)


def _dimension(builder: DatasetBuilder, doc: dict[str, Any], key: str) -> int | None:
    value = doc.get(key)
    where = Where(builder.source, pointer=f"/{key}")
    if value is None:
        builder.report(MISSING_FIELD, f"the file has no {key}", where)
        return None
    number = whole_number(value, 1)
    if number is None:
        builder.report(WRONG_TYPE, f"{key} must be a positive integer", where)
    return number


def _object(builder: DatasetBuilder, item: Any, index: int, image: int) -> int:
    """Read one object; 1 when it is deleted (and not read), else 0."""
    where = Where(builder.source, pointer=f"/objects/{index}")
    if not isinstance(item, dict):
        builder.report(WRONG_TYPE, "an object must be a JSON object; it is skipped", where)
        return 0
    if item.get("deleted") not in (None, 0, False):
        return 1
    label = item.get("label")
    if not isinstance(label, str) or not label:
        wrong = MISSING_FIELD if label is None else WRONG_TYPE
        builder.report(wrong, "the object has no label (a string); it is skipped", where)
        return 0
    points = _polygon(builder, item.get("polygon"), index)
    if points is None:
        return 0
    crowd = label.endswith(GROUP) and label not in GROUP_NAMED_LABELS and len(label) > len(GROUP)
    name = label.removesuffix(GROUP) if crowd else label
    user = item.get("user")
    builder.add(
        ObjectRow(
            image,
            builder.category(name),
            where,
            id=_object_id(item.get("id"), index),
            box=_bounds(points),
            polygons=[points],
            crowd=crowd,
            annotator=user if isinstance(user, str) and user else None,
            flags={"draw_order": float(index), **({"label": label} if crowd else {})},
        )
    )
    return 0


def _object_id(value: Any, index: int) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return f"#{index}"


def _polygon(builder: DatasetBuilder, raw: Any, index: int) -> list[float] | None:
    where = Where(builder.source, pointer=f"/objects/{index}/polygon")
    if raw is None:
        builder.report(MISSING_FIELD, "the object has no polygon; it is skipped", where)
        return None
    pairs = isinstance(raw, list) and all(
        isinstance(p, list) and len(p) == 2 and all(_number(v) for v in p) for p in raw
    )
    if not pairs:
        message = "polygon must be a list of [x, y] number pairs; the object is skipped"
        builder.report(WRONG_TYPE, message, where)
        return None
    if len(raw) < 3:
        message = f"a polygon needs at least 3 points, not {len(raw)}; the object is skipped"
        builder.report(WRONG_LENGTH, message, where, severity=Severity.WARNING)
        return None
    return [float(v) for p in raw for v in p]


def _number(value: Any) -> bool:
    return not isinstance(value, bool) and finite_number(value) is not None


def _bounds(flat: list[float]) -> tuple[float, float, float, float]:
    xs, ys = flat[0::2], flat[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
