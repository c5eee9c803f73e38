"""``taxonomist import label-studio``: labeling configs from the SDK's tests and our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, importer

DATA = (
    Path(__file__).parents[1] / "data" / "interop" / "label_studio" / "valid" / "label_studio_sdk"
)


def run(path: Path) -> dict[str, object]:
    return importer("label-studio").import_taxonomy(path, ImportOptions()).document


def test_rectangle_labels_with_rgba_backgrounds() -> None:
    doc = run(DATA / "yolo_project" / "label_config.xml")
    classes = doc["classes"]
    assert [c["id"] for c in classes.values()] == list(range(1, len(classes) + 1))  # type: ignore[union-attr]
    assert classes["parasites"]["color"] == "#da01ee"  # type: ignore[index]


def test_keypoint_labels_in_model_index_order_with_flip_pairs() -> None:
    doc = run(DATA / "keypoints_project" / "label_config_keypoints.xml")
    keypoints = doc["label_types"]["keypoints"]  # type: ignore[index]
    assert keypoints["keypoints"][:3] == ["nose", "left_eye", "right_eye"]
    assert ["left_eye", "right_eye"] in keypoints["flip_pairs"]
    assert doc["classes"]["person"]["label_types"] == ["bbox", "keypoints"]  # type: ignore[index]


def test_polygons_and_several_controls() -> None:
    doc = run(DATA / "coco_project" / "label_config.xml")
    assert set(doc["label_types"]) == {"rectangle_label", "polygon_label", "keypoint_label"}  # type: ignore[arg-type]
    classes = doc["classes"]
    assert classes["rectangle_label"]["label_types"] == ["rectangle_label"]  # type: ignore[index]
    assert classes["polygon_label"]["label_types"] == ["polygon_label"]  # type: ignore[index]
    # two keypoint labels name no skeleton: they are classes of labelled points, as the
    # export next to this config uses them (points without a parentID)
    assert doc["label_types"]["keypoint_label"] == {"kind": "polyline"}  # type: ignore[index]
    assert classes["keypoint_label1"]["label_types"] == ["keypoint_label"]  # type: ignore[index]


def test_a_skeleton_goes_to_the_one_label_of_the_box_control() -> None:
    doc = run(DATA / "keypoints_project" / "label_config_keypoints.xml")
    assert list(doc["classes"]) == ["person"]  # type: ignore[arg-type]
    assert doc["classes"]["person"]["label_types"] == ["bbox", "keypoints"]  # type: ignore[index]


def test_a_config_without_labels_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text('<View><Image name="image" value="$image"/></View>')
    with pytest.raises(InvalidInput, match="no labels"):
        run(path)
