"""A Vistas v2.0 ``polygons/<image>.json``: ``{"width", "height", "objects": [{"id", "label",
"polygon"}]}``, one file per image. A polygon is a list of ``[x, y]`` points (Mapillary's
files) or of flat ``[x0, y0, x1, y1, ...]`` runs (Datumaro's fixtures); both are read as one
outline (Datumaro flattens them alike). Datumaro's fixtures spell the height ``heigth``; it
is read as the height. The size must be the image's (S142).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, ObjectRow, Place
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats.codes import MISSING_FIELD, WRONG_LENGTH, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE
from taxonomist.formats.vistas.config import Label
from taxonomist.formats.vistas.masks import FORMAT, SIZE_MISMATCH, image_of, relative

HEIGHT_KEYS = ("height", "heigth")  # the second: Datumaro's fixtures


def read_polygons(path: Path, labels: list[Label] | None) -> Dataset:
    """One polygons JSON file (its image in ``<split>/images``)."""
    builder = DatasetBuilder(str(path), FORMAT, kind="polygons", declares_categories=False)
    loaded = read_json_file(path, builder)
    if loaded is not None:
        _document(
            builder, loaded.value, path, {label.name: i for i, label in enumerate(labels or ())}
        )
    return builder.build()


def _document(builder: DatasetBuilder, doc: Any, path: Path, index: dict[str, int]) -> None:
    top = Place(builder.source, pointer="")
    if not isinstance(doc, dict):
        builder.report(WRONG_TOP_LEVEL_SHAPE, "a polygons file is a JSON object", top)
        return
    split = path.parent.parent.parent
    image, header = image_of(split, path.stem)
    width = _dimension(builder, doc, ("width",))
    height = _dimension(builder, doc, HEIGHT_KEYS)
    claimed = width is not None and height is not None
    if header.ok and claimed and (width, height) != (float(header.width), float(header.height)):
        message = (
            f"the file says {width:g} x {height:g}, its image {image.name if image else ''} "
            f"is {header.width} x {header.height}"
        )
        builder.report(SIZE_MISMATCH, message, top)
    if header.ok:
        width, height = float(header.width), float(header.height)
    row = builder.image(
        path.stem, file=relative(image or path, split), width=width, height=height, place=top
    )
    objects = doc.get("objects")
    if not isinstance(objects, list):
        builder.report(
            MISSING_FIELD, "the file has no objects list", Place(builder.source, pointer="/objects")
        )
        return
    for number, obj in enumerate(objects):
        _object(builder, obj, Place(builder.source, pointer=f"/objects/{number}"), row, index)


def _dimension(builder: DatasetBuilder, doc: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    key = next((k for k in keys if k in doc), None)
    if key is None:
        return None
    value = finite_number(doc[key])
    if value is not None and value > 0:
        return value
    message = f"{key} must be a positive number"
    builder.report(WRONG_TYPE, message, Place(builder.source, pointer=f"/{key}"))
    return None


def _object(
    builder: DatasetBuilder, obj: Any, place: Place, image: int, index: dict[str, int]
) -> None:
    if not isinstance(obj, dict):
        builder.report(WRONG_TYPE, "an object must be a JSON object", place)
        return
    label = obj.get("label")
    if not isinstance(label, str) or not label:
        builder.report(MISSING_FIELD, "the object has no label", place)
        return
    flat = _flat(builder, obj.get("polygon"), Place(place.file, pointer=f"{place.pointer}/polygon"))
    if flat is None:
        return
    obj_id = obj.get("id")
    builder.add(
        ObjectRow(
            image,
            builder.category(label, index.get(label), place),
            place,
            id=obj_id if isinstance(obj_id, int | str) and not isinstance(obj_id, bool) else None,
            polygons=[flat],  # no box: the file has none, and a derived one would be judged
        )
    )


def _flat(builder: DatasetBuilder, polygon: Any, place: Place) -> list[float] | None:
    runs = polygon if isinstance(polygon, list) else None
    values = [v for run in runs or () for v in (run if isinstance(run, list) else [None])]
    numbers = [finite_number(v) for v in values]
    if runs is None or None in numbers:
        builder.report(WRONG_TYPE, "polygon must be a list of [x, y] points", place)
        return None
    flat = [float(v) for v in numbers if v is not None]
    if len(flat) % 2 or len(flat) < 6:
        message = f"a polygon needs x, y pairs of at least 3 points, not {len(flat)} numbers"
        builder.report(WRONG_LENGTH, message, place)
        return None
    return flat
