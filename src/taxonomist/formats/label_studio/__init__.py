"""Reader of Label Studio JSON exports (a list of tasks, or one task object).

Each task is an image (id = task id, file = the first string in ``data``, size =
``original_width``/``original_height`` of its results); each non-cancelled annotation's
results become objects with the annotator (``completed_by``) kept, so several annotators
per task are several sets of objects on one image. Predictions are model output and are
not read. Locations are JSON pointers (``/0/annotations/1/result/3``) with line and column
worked out only for findings. See ``results`` for shapes, attributes and keypoints.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from taxonomist.core.files import read_regular_text
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import first, json_shape, keys_of, lists_in
from taxonomist.formats._io.xml import xml_head_root
from taxonomist.formats.codes import MISSING_FIELD, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE
from taxonomist.formats.label_studio.results import Annotation

FORMAT = "label-studio"
_KEYPOINT_CONFIG = re.compile(r"<KeyPointLabels\b.*?</KeyPointLabels>", re.S)
_LABEL_VALUE = re.compile(
    r"<Label\b[^>]*\bvalue=\"([^\"]*)\"[^>]*?(?:model_index=\"([0-9]{1,9})\")?"
)
_CONFIG_LIMIT = 1 << 20  # a labeling config is a few KB; a bigger "*.xml" is something else


def sniff(path: Path, head: bytes) -> str | None:
    """Label Studio when the JSON is a list of tasks (or one task) whose first task has an
    ``annotations``/``predictions`` list with ``result``s (or a ``data`` object beside it);
    a labeling config (XML with a ``<View>`` root) is claimed too, so it is not reported as
    unknown."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if xml_head_root(text) == "View":
        return "XML whose root is <View> (a Label Studio labeling config: nothing to check)"
    shape = json_shape(text)
    task = keys_of(first(shape) if isinstance(shape, list) else shape)
    for name in ("annotations", "predictions"):
        if name in lists_in(task, (name,)) and (
            "result" in keys_of(first(task[name])) or "data" in task
        ):
            return f"JSON tasks with {name}/result (Label Studio export)"
    return None


def read(path: Path) -> list[Dataset]:
    """Read one Label Studio export file (a labeling config reads as an empty dataset)."""
    source = str(path)
    builder = DatasetBuilder(source, FORMAT, declares_categories=False)
    if path.suffix.lower() == ".xml":
        builder.kind = "config"
        return [builder.build()]
    loaded = read_json_file(path, builder)
    if loaded is not None:
        _tasks(builder, loaded.value, _keypoint_order(path))
    return [builder.build()]


def _keypoint_order(path: Path) -> list[str]:
    """Keypoint names in model_index order from a labeling config next to the export."""
    for config in sorted(path.parent.glob("*.xml")):
        try:  # only a small regular file: a FIFO or a device named *.xml would never end
            text = read_regular_text(config, _CONFIG_LIMIT)
        except (OSError, UnicodeDecodeError):
            continue
        block = _KEYPOINT_CONFIG.search(text)
        if block:
            labels = _LABEL_VALUE.findall(block.group(0))
            indexed = [(int(i) if i else n, v) for n, (v, i) in enumerate(labels)]
            return [v for _, v in sorted(indexed)]
    return []


def _tasks(builder: DatasetBuilder, value: Any, order: list[str]) -> None:
    if isinstance(value, dict):
        _task(builder, value, "", order)
        return
    if not isinstance(value, list):
        hint = "export the project as JSON (a list of tasks)"
        message = "a Label Studio export is a list of tasks"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""), hint=hint)
        return
    for index, task in enumerate(value):
        _task(builder, task, f"/{index}", order)


def _task(builder: DatasetBuilder, task: Any, base: str, order: list[str]) -> None:
    place = Place(builder.source, pointer=base)
    if not isinstance(task, dict):
        builder.report(WRONG_TYPE, "a task must be an object", place)
        return
    data = task.get("data")
    values = data.values() if isinstance(data, dict) else ()
    file = next((v for v in values if isinstance(v, str)), "")
    image_id = task.get("id", base or "0")
    if not isinstance(image_id, int | str) or isinstance(image_id, bool):
        builder.report(WRONG_TYPE, "a task id must be an integer or a string", place)
        image_id = base or "0"
    row = builder.image(image_id, file=file, width=None, height=None, place=place)
    annotations = task.get("annotations")
    if not isinstance(annotations, list):
        builder.report(MISSING_FIELD, "the task has no annotations list", place)
        return
    labels: dict[str, Any] = {}
    for k, annotation in enumerate(annotations):
        reader = _annotation(builder, annotation, row, f"{base}/annotations/{k}", order)
        if reader is not None:
            labels.update(reader.labels)
            if reader.size is not None:
                builder.set_size(row, reader.size)
    if labels:
        builder.set_labels(row, labels)


def _annotation(
    builder: DatasetBuilder, annotation: Any, image: int, base: str, order: list[str]
) -> Annotation | None:
    place = Place(builder.source, pointer=base)
    if not isinstance(annotation, dict):
        builder.report(WRONG_TYPE, "an annotation must be an object", place)
        return None
    if annotation.get("was_cancelled") is True:
        return None
    results = annotation.get("result")
    if not isinstance(results, list):
        builder.report(MISSING_FIELD, "the annotation has no result list", place)
        return None
    reader = Annotation(builder, image, f"{base}/result", _annotator(annotation), order)
    reader.read(results)
    return reader


def _annotator(annotation: dict[str, Any]) -> str | None:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return None if who is None else str(who)
