"""Reader of Scalabel JSON and the BDD100K labels written in it (scalabel/scalabel,
``scalabel/label/typing.py`` and ``scalabel/label/io.py``, commit 071d073598e7, Apache-2.0;
bdd100k/bdd100k, commit 9ac17c6c7c51, BSD-3-Clause).

A file is a list of frames (BDD100K's ``det_20`` and ``ins_seg`` labels, Scalabel's export),
Scalabel's dataset object ``{"frames": [...], "config": {...}}`` (``io.load`` reads both), or
one frame object (BDD100K's per-image files). A frame has a ``name`` (the image, unique over
the dataset; for videos ``videoName`` and ``frameIndex``), an optional ``url``, ``size`` (else
the config's ``imageSize``), ``attributes`` (BDD100K's ``weather``, ``scene``, ``timeofday``:
the image's labels, one value per label type) and ``labels``. Each label has a ``category``,
``attributes`` (``occluded``, ``truncated``, ``trafficLightColor``, ``crowd``: the object's
attributes, their names as ``config.attribute_name`` spells them) and its shapes: ``box2d``
(inclusive corners, see ``config``), ``poly2d`` (``closed`` ones are polygons, open ones
polylines; ``C`` vertices are Bezier control points, kept as vertices as Scalabel's
``poly2ds_to_polygon`` does), ``rle`` (COCO-compressed counts, ``size`` as ``[height,
width]``: the object's mask, which the checker decodes), ``graph`` nodes (loose points);
``box3d`` is kept as a flag. A label's ``id`` (a track id: it repeats across the frames
of a video, and some files repeat it within a frame) is the ``track_id`` flag; object ids
are ``<frame>/<label>`` positions. Locations are JSON pointers (``/frames/0/labels/3``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.dataset.model import Dataset, Rle
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.columns import finite_number
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import Shape, first, json_shape, keys_of, lists_in
from taxonomist.formats.codes import MISSING_FIELD, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE
from taxonomist.formats.scalabel.config import attribute_name
from taxonomist.formats.scalabel.labels import read_label

FORMAT = "scalabel"
_FRAME_KEYS = frozenset({"videoName", "frameIndex", "url", "timestamp"})


def sniff(path: Path, head: bytes) -> str | None:
    """Scalabel when the document is a list of frames (objects with a ``name`` or ``url``
    and a ``labels`` list or video keys), a ``{"frames": [...]}`` dataset, or one frame."""
    if path.is_dir():
        return None
    shape = json_shape(head)
    if isinstance(shape, list) and _is_frame(first(shape)):
        return "JSON list of frames with name and labels (Scalabel / BDD100K)"
    if lists_in(shape, ("frames",)) and (
        isinstance(keys_of(shape).get("config"), dict) or _is_frame(first(keys_of(shape)["frames"]))
    ):
        return 'JSON object with a "frames" list of frames (Scalabel dataset)'
    keys = keys_of(shape)
    if "name" in keys and lists_in(shape, ("labels",)) and "shapes" not in keys:
        return 'JSON object with "name" and a "labels" list (one Scalabel / BDD100K frame)'
    return None


def _is_frame(shape: Shape | None) -> bool:
    keys = keys_of(shape)
    if not keys or ("name" not in keys and "url" not in keys):
        return False
    return bool(lists_in(shape, ("labels",))) or bool(_FRAME_KEYS & keys.keys())


def read(path: Path) -> list[Dataset]:
    """Read one Scalabel / BDD100K JSON file."""
    builder = DatasetBuilder(str(path), FORMAT, declares_categories=False)
    masks: dict[int, Rle] = {}
    loaded = read_json_file(path, builder)
    if loaded is not None:
        _document(builder, loaded.value, masks)
    dataset = builder.build()
    dataset.objects.rle = masks
    return [dataset]


def _document(builder: DatasetBuilder, doc: Any, masks: dict[int, Rle]) -> None:
    if isinstance(doc, list):
        _frames(builder, doc, "", None, masks)
    elif isinstance(doc, dict) and "frames" in doc:
        frames = doc["frames"]
        if not isinstance(frames, list):
            place = Place(builder.source, pointer="/frames")
            builder.report(WRONG_TYPE, "frames must be a list of frames", place)
            return
        _frames(builder, frames, "/frames", _config_size(doc.get("config")), masks)
    elif isinstance(doc, dict):
        _frame(builder, doc, ("", None), set(), masks)
    else:
        message = "a Scalabel file is a list of frames, a {frames, config} object or one frame"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""))


def _config_size(config: Any) -> tuple[float, float] | None:
    size = config.get("imageSize") if isinstance(config, dict) else None
    return _size(size)


def _size(size: Any) -> tuple[float, float] | None:
    if not isinstance(size, dict):
        return None
    width, height = finite_number(size.get("width")), finite_number(size.get("height"))
    if width is None or height is None or width <= 0 or height <= 0:
        return None
    return width, height


def _frames(
    builder: DatasetBuilder,
    frames: list[Any],
    base: str,
    size: tuple[float, float] | None,
    masks: dict[int, Rle],
) -> None:
    seen: set[str] = set()
    for index, frame in enumerate(frames):
        _frame(builder, frame, (f"{base}/{index}", size), seen, masks)


def _frame(
    builder: DatasetBuilder,
    frame: Any,
    where: tuple[str, tuple[float, float] | None],
    seen: set[str],
    masks: dict[int, Rle],
) -> None:
    """One frame; ``where`` is its pointer and the config's image size."""
    pointer, default = where
    place = Place(builder.source, pointer=pointer)
    if not isinstance(frame, dict):
        builder.report(WRONG_TYPE, "a frame must be an object", place)
        return
    name = _text(frame.get("name")) or _text(frame.get("url"))
    if name is None:
        builder.report(MISSING_FIELD, "the frame has no name and no url; it is skipped", place)
        return
    image_id = name if name not in seen else f"{name}#{pointer.rsplit('/', 1)[-1]}"
    seen.add(image_id)
    size = _frame_size(builder, frame, pointer) or default
    image = builder.image(
        image_id,
        file=_file(frame, name),
        width=None if size is None else size[0],
        height=None if size is None else size[1],
        place=place,
    )
    _frame_attributes(builder, frame.get("attributes"), image, pointer)
    labels = frame.get("labels")
    if labels is None:
        return
    if not isinstance(labels, list):
        builder.report(
            WRONG_TYPE, "labels must be a list", Place(builder.source, pointer=f"{pointer}/labels")
        )
        return
    for index, label in enumerate(labels):
        read_label(builder, label, image, f"{pointer}/labels/{index}", masks)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # Scalabel's Frame turns a numeric name into a string
    return None


def _file(frame: dict[str, Any], name: str) -> str:
    url = frame.get("url")
    if isinstance(url, str) and url:
        return url
    video = frame.get("videoName")
    return f"{video}/{name}" if isinstance(video, str) and video else name


def _frame_size(
    builder: DatasetBuilder, frame: dict[str, Any], pointer: str
) -> tuple[float, float] | None:
    raw = frame.get("size")
    if raw is None:
        return None
    size = _size(raw)
    if size is None:
        place = Place(builder.source, pointer=f"{pointer}/size")
        builder.report(WRONG_TYPE, "size must be {width, height} positive numbers", place)
    return size


def _frame_attributes(builder: DatasetBuilder, raw: Any, image: int, pointer: str) -> None:
    if raw is None:
        return
    place = Place(builder.source, pointer=f"{pointer}/attributes")
    if not isinstance(raw, dict):
        builder.report(WRONG_TYPE, "frame attributes must be an object", place)
        return
    labels: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str | bool) or finite_number(value) is not None:
            labels[attribute_name(key) or key] = value
        elif value is not None:
            message = f"frame attribute {key!r} must be a string or a number"
            builder.report(WRONG_TYPE, message, place)
    if labels:
        builder.set_labels(image, labels)
