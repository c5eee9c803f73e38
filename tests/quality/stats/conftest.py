"""A constructed COCO file whose every statistic is known, and its counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.quality.stats import DatasetStats, compute_stats
from taxonomist.taxonomy import load
from taxonomist.taxonomy.library import resolve


def keypoints(states: list[int]) -> list[int]:
    """17 COCO keypoints at (5, 5) with the visibility flags ``states`` (the rest 0)."""
    flags = states + [0] * (17 - len(states))
    return [v for flag in flags for v in ((5, 5, flag) if flag else (0, 0, 0))]


def annotation(
    number: int, image: int, category: int, box: list[float], area: float, **extra: Any
) -> dict[str, Any]:
    return {
        "id": number,
        "image_id": image,
        "category_id": category,
        "bbox": box,
        "area": area,
        "iscrowd": 0,
        **extra,
    }


KNOWN: dict[str, Any] = {
    "images": [
        {"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},
        {"id": 2, "file_name": "b.jpg", "width": 640, "height": 480},
        {"id": 3, "file_name": "c.jpg", "width": 100, "height": 50},
        {"id": 4, "file_name": "d.jpg", "width": 640, "height": 480},
    ],
    "categories": [
        {"id": 1, "name": "person", "supercategory": "person", "keypoints": [], "skeleton": []},
        {"id": 2, "name": "bicycle", "supercategory": "vehicle"},
        {"id": 3, "name": "car", "supercategory": "vehicle"},
        {"id": 999, "name": "unicorn", "supercategory": "animal"},
    ],
    "annotations": [
        # area 150 from the file (box 200): small by the file's area, as COCO eval bins it
        annotation(
            1,
            1,
            1,
            [0, 0, 10, 20],
            150,
            keypoints=keypoints([2, 1]),
            num_keypoints=2,
            attributes={"occluded": True},
        ),
        annotation(2, 1, 3, [0, 0, 40, 40], 1600, attributes={"occluded": False, "color": "red"}),
        annotation(
            3, 2, 3, [0, 0, 100, 100], 10000, attributes={"occluded": False, "color": "red"}
        ),
        annotation(4, 2, 999, [0, 0, 32, 32], 1024),  # exactly 32²: medium (small is < 32²)
        annotation(5, 3, 2, [0, 0, 20, 10], 0),  # no area given: the box's, 200, small
    ],
}


@pytest.fixture(scope="module")
def coco() -> Any:
    return load(resolve("builtin:coco"))


@pytest.fixture(scope="module")
def known_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("known") / "known.json"
    KNOWN["categories"][0]["keypoints"] = [f"k{i}" for i in range(17)]
    path.write_text(json.dumps(KNOWN), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def known(coco: Any, known_file: Path) -> DatasetStats:
    return compute_stats(coco, [known_file])
