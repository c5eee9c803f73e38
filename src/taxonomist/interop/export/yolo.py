"""An Ultralytics dataset YAML: ``names`` keyed by the classes' stable ids, so a class index
in a label file *is* the taxonomy id. Ultralytics wants indices ``0..nc-1``, so gaps in the
ids are filled with ``__unused_<id>`` placeholders (never used by a label; importers skip
them). Pose taxonomies add ``kpt_shape`` ([K, 3]), ``flip_idx`` (from the flip pairs) and
``kpt_names``. Paths are left for the user to fill in."""

from __future__ import annotations

from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.yolo.config import UNUSED_PREFIX
from taxonomist.interop.export.common import header, keypoint_type, labellable
from taxonomist.interop.yaml_out import dump_yaml
from taxonomist.taxonomy.model import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy

SUFFIX = ".yaml"


def export(taxonomy: Taxonomy) -> str:
    """The data.yaml text."""
    classes = labellable(taxonomy)
    names = {cls.id: cls.name for cls in classes}
    top = max(names, default=-1)
    document: dict[str, Any] = {"path": ".", "train": "images/train", "val": "images/val"}
    document["nc"] = top + 1
    document["names"] = {i: names.get(i, f"{UNUSED_PREFIX}{i}") for i in range(top + 1)}
    spec = _keypoints(taxonomy)
    if spec is not None:
        document["kpt_shape"] = [len(spec.keypoints), 3]
        document["flip_idx"] = flip_index(spec)
        users = [cls.id for cls in classes if keypoint_type(taxonomy, cls) is spec]
        document["kpt_names"] = {i: list(spec.keypoints) for i in users}
    return dump_yaml(document, [header(taxonomy)])


def _keypoints(taxonomy: Taxonomy) -> KeypointLabel | None:
    specs = {id(s): s for c in labellable(taxonomy) if (s := keypoint_type(taxonomy, c))}
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
