"""The keypoints label type of a COCO keypoint category.

COCO writes skeleton edges as 1-based indices into ``keypoints``. datumaro writes categories
with an empty ``keypoints`` list and a 0-based skeleton; then the names are synthesised
(``kp0``...) from the skeleton and the annotations' keypoint arrays, and the base is detected
from the indices (an index 0 can only be 0-based).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taxonomist.interop.importers.common import to_name

# OKS sigmas of the 17 COCO person keypoints (cocoapi's published values).
COCO_PERSON = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip
COCO_SIGMAS = (
    0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072,
    0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089,
)  # fmt: skip


@dataclass(frozen=True)
class KeypointSpec:
    """A keypoints label type, ready to be written into the document."""

    label_type: str
    keypoints: tuple[str, ...]
    skeleton: tuple[tuple[str, str], ...]

    def flip_pairs(self) -> list[list[str]]:
        """Left/right pairs found by swapping a 'left'/'right' word in the names."""
        names = set(self.keypoints)
        pairs = []
        for name in self.keypoints:
            words = name.split("_")
            if "left" in words:
                other = "_".join("right" if w == "left" else w for w in words)
                if other in names:
                    pairs.append([name, other])
        return pairs

    def as_label_type(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"kind": "keypoints", "keypoints": list(self.keypoints)}
        entry["skeleton"] = [list(edge) for edge in self.skeleton]
        entry["flip_pairs"] = self.flip_pairs()
        if self.keypoints == COCO_PERSON:
            entry["sigmas"] = dict(zip(COCO_PERSON, COCO_SIGMAS, strict=True))
        entry["visibility"] = "coco"
        return entry

    def content(self) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        return (self.keypoints, self.skeleton)


def keypoint_counts(annotations: Any) -> dict[int, int]:
    """Category id -> the most keypoints any of its annotations carries."""
    counts: dict[int, int] = {}
    for ann in annotations if isinstance(annotations, list) else ():
        points = ann.get("keypoints") if isinstance(ann, dict) else None
        cat = ann.get("category_id") if isinstance(ann, dict) else None
        if isinstance(points, list) and isinstance(cat, int):
            counts[cat] = max(counts.get(cat, 0), len(points) // 3)
    return counts


def keypoint_spec(
    path: Path, category: dict[str, Any], counts: dict[int, int], notes: list[str]
) -> KeypointSpec | None:
    """The category's keypoints label type, or None when it has no keypoints."""
    raw_names = category.get("keypoints")
    names = (
        [n if isinstance(n, str) else "" for n in raw_names or []]
        if isinstance(raw_names, list)
        else []
    )
    edges = _edges(category.get("skeleton"))
    known = any(to_name(n) for n in names)
    base = _index_base(edges, len(names) if known else 0)
    count = len(names) if known else _count_from(edges, base, counts.get(category["id"], 0))
    if count == 0:
        return None
    if not known:
        notes.append(
            f"{path.name}: category {category['id']} {category.get('name')!r} has no keypoint "
            f"names; named them kp0..kp{count - 1} ({'0' if base == 0 else '1'}-based skeleton)"
        )
    keypoints = _keypoint_names(names, count)
    skeleton = _skeleton_names(edges, base, keypoints, category, notes)
    return KeypointSpec("keypoints", tuple(keypoints), tuple(skeleton))


def _edges(raw: Any) -> list[tuple[int, int]]:
    edges = []
    for edge in raw if isinstance(raw, list) else ():
        if isinstance(edge, list) and len(edge) == 2 and all(isinstance(i, int) for i in edge):
            edges.append((edge[0], edge[1]))
    return edges


def _index_base(edges: list[tuple[int, int]], count: int) -> int:
    """0 when an index is 0 (and, with names, every index fits 0-based); else COCO's 1."""
    indices = [i for edge in edges for i in edge]
    if not indices:
        return 1
    if min(indices) == 0:
        return 0
    return 1 if count == 0 or max(indices) <= count else 0


def _count_from(edges: list[tuple[int, int]], base: int, from_annotations: int) -> int:
    top = max((i for edge in edges for i in edge), default=-1)
    from_skeleton = top + 1 - base if top >= 0 else 0
    return max(from_skeleton, from_annotations)


def _keypoint_names(names: list[str], count: int) -> list[str]:
    out: list[str] = []
    for index in range(count):
        wanted = to_name(names[index]) if index < len(names) else ""
        if not wanted or wanted in out:
            wanted = f"kp{index}"
        out.append(wanted)
    return out


def _skeleton_names(
    edges: list[tuple[int, int]],
    base: int,
    keypoints: list[str],
    category: dict[str, Any],
    notes: list[str],
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for a, b in edges:
        ia, ib = a - base, b - base
        if not (0 <= ia < len(keypoints) and 0 <= ib < len(keypoints)) or ia == ib:
            notes.append(f"category {category['id']}: skeleton edge [{a}, {b}] dropped")
            continue
        edge = (keypoints[ia], keypoints[ib])
        if edge not in out:
            out.append(edge)
    return out
