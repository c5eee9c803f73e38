"""An Ultralytics dataset YAML: ``names`` is the taxonomy's YOLO index
(``taxonomy.yolo_index``: its ``yolo`` id space, else the classes with a box, polygon or
keypoints label type in stable-id order), numbered ``0..nc-1`` as Ultralytics wants, with no
placeholders. A name is the class name with spaces for underscores, as Ultralytics writes
multi-word names (``traffic light``); the checker reads either spelling as the class. The
leading comments print the index: number -> class and its stable id (and say so when a
base taxonomy's ``yolo`` id space was set aside). Pose taxonomies add
``kpt_shape`` ([K, 3]), ``flip_idx`` (from the flip pairs) and ``kpt_names``. Paths are
left for the user to fill in."""

from __future__ import annotations

import textwrap
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.export.common import header, keypoint_type
from taxonomist.interop.yaml_out import dump_yaml
from taxonomist.taxonomy.model import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass
from taxonomist.taxonomy.yolo_index import YoloIndex, yolo_index

SUFFIX = ".yaml"
_COMMENT_WIDTH = 86  # the index comment lines stay within the 88 columns of the file


def export(taxonomy: Taxonomy) -> str:
    """The data.yaml text."""
    index = _index(taxonomy)
    classes = index.classes
    document: dict[str, Any] = {"path": ".", "train": "images/train", "val": "images/val"}
    document["nc"] = len(classes)
    document["names"] = {i: yolo_name(cls) for i, cls in classes.items()}
    spec = _keypoints(taxonomy, list(classes.values()))
    if spec is not None:
        document["kpt_shape"] = [len(spec.keypoints), 3]
        document["flip_idx"] = flip_index(spec)
        users = [i for i, cls in classes.items() if keypoint_type(taxonomy, cls) is spec]
        document["kpt_names"] = {i: list(spec.keypoints) for i in users}
    return dump_yaml(document, [header(taxonomy), *_index_comment(index)])


def yolo_name(cls: TaxonomyClass) -> str:
    """The name Ultralytics would write for the class ('traffic light' for traffic_light)."""
    return cls.name.replace("_", " ")


def _index(taxonomy: Taxonomy) -> YoloIndex:
    index = yolo_index(taxonomy)
    if index.problems:
        raise InvalidInput(
            f"{taxonomy.path}: the yolo id space is no YOLO index: {index.problems[0]}",
            hint="give every class with a box, polygon or keypoints label type one of "
            "ids: {yolo: 0} ... {yolo: n-1}",
        )
    if not index.classes:
        raise InvalidInput(
            f"{taxonomy.path}: no class has a box, polygon or keypoints label type",
            hint="YOLO datasets hold objects; image-level label types have no YOLO form",
        )
    return index


def _index_comment(index: YoloIndex) -> list[str]:
    source = "its yolo id space" if index.declared else "drawable classes by stable id"
    lines = [f"YOLO index ({source}), index: class (stable id):"]
    for entry in (f"{i}: {cls.name} ({cls.id})" for i, cls in index.classes.items()):
        if len(lines) > 1 and len(lines[-1]) + len(entry) < _COMMENT_WIDTH:
            lines[-1] += f", {entry}"
        else:
            lines.append(f"  {entry}")
    note = textwrap.wrap(f"Note: {index.note}.", _COMMENT_WIDTH) if index.note else []
    return [*note, *lines]


def _keypoints(taxonomy: Taxonomy, classes: list[TaxonomyClass]) -> KeypointLabel | None:
    specs = {id(s): s for c in classes if (s := keypoint_type(taxonomy, c))}
    if len(specs) > 1:
        raise InvalidInput(
            f"{taxonomy.path}: YOLO pose datasets have one keypoint layout; this taxonomy has "
            f"{len(specs)}",
            hint="export a subset taxonomy with one keypoints label type",
        )
    return next(iter(specs.values()), None)


def flip_index(spec: KeypointLabel) -> list[int]:
    """For each keypoint, the index of its left/right mirror (itself when unpaired)."""
    index = {name: i for i, name in enumerate(spec.keypoints)}
    flip = list(range(len(spec.keypoints)))
    for left, right in spec.flip_pairs:
        flip[index[left]], flip[index[right]] = index[right], index[left]
    return flip
