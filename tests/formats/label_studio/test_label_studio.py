"""Label Studio reader: real exports (percent coordinates, keypoints by parentID, several
annotators), broken cases at their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.formats import label_studio
from tests.formats.cases import (
    DATA,
    errors,
    read_all,
    shared_corpus,
)

VALID = sorted((DATA / "label_studio" / "valid").rglob("*.json"))
SDK = DATA / "label_studio" / "valid" / "label_studio_sdk"


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_valid_files_read_without_errors(path: Path) -> None:
    assert label_studio.sniff(path, path.read_bytes()[:65536]) is not None
    assert errors(read_all("label-studio", path)) == []


def test_percent_coordinates_become_pixels_per_annotator() -> None:
    (dataset,) = read_all("label-studio", SDK / "yolo_project" / "data.json")
    assert (dataset.images.width[0], dataset.images.height[0]) == (2800.0, 2800.0)
    x, y, _, _ = dataset.objects.box[0].tolist()
    assert (x, y) == pytest.approx((37.15846994535519 * 28, 70.67395264116576 * 28))
    assert set(dataset.objects.annotator.values()) == {"1", "2"}
    assert dataset.object_location(0).line == 9


def test_keypoints_join_their_parent_box_in_config_order() -> None:
    (dataset,) = read_all("label-studio", SDK / "keypoints_project" / "data_keypoints.json")
    assert [c.name for c in dataset.categories] == ["person"]
    assert len(dataset.objects) == 1
    assert len(dataset.objects.keypoints.row(0)) == 17 * 3


def test_rotation_attributes_image_labels_and_cancelled_annotations() -> None:
    (dataset,) = read_all("label-studio", DATA / "label_studio" / "valid" / "own_project.json")
    assert dataset.objects.attributes[0] == {"color": "red", "occlusion": 40}
    assert dataset.objects.flags[0]["rotation"] == 30
    assert dataset.images.labels == [{"scene": "indoor", "tags": ["cat", "vehicle"]}]
    assert dataset.objects.box[1].tolist() == pytest.approx([90, 40, 20, 20])  # the ellipse
    assert dataset.objects.annotator == {0: "1", 1: "1", 2: "b@example.com"}
    w = dataset.objects.box[0][2]  # 40 x 20 px box rotated by 30 degrees
    assert w == pytest.approx(40 * 0.8660254 + 20 * 0.5)


@pytest.mark.corpus
def test_shared_corpus_label_studio_reads_without_errors() -> None:
    root = shared_corpus("label_studio")
    files = sorted(root.rglob("*.json"))
    assert len(files) == 4
    for path in files:
        assert errors(read_all("label-studio", path)) == [], path


def test_labeling_configs_are_recognised_and_hold_nothing_to_check() -> None:
    config = SDK / "yolo_project" / "label_config.xml"
    assert label_studio.sniff(config, config.read_bytes()) is not None
    (dataset,) = read_all("label-studio", config)
    assert (len(dataset.images), dataset.findings) == (0, [])
