"""Ultralytics data.yaml export: names by stable id (gaps filled), kpt_shape, flip_idx."""

from __future__ import annotations

import pytest
import yaml

from taxonomist.core.errors import InvalidInput
from taxonomist.taxonomy import load
from tests.interop.export_cases import KITCHEN_SINK, export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.data.yaml", export("yolo"))


def test_names_are_keyed_by_stable_id_and_gaps_are_placeholders() -> None:
    data = yaml.safe_load(export("yolo"))
    assert data["nc"] == len(data["names"]) == 12
    assert data["names"][1] == "car" and data["names"][4] == "person"
    assert data["names"][2] == "__unused_2"
    assert sorted(data["names"]) == list(range(12))  # Ultralytics wants 0..nc-1


def test_pose_fields_from_the_keypoint_schema() -> None:
    data = yaml.safe_load(export("yolo"))
    assert data["kpt_shape"] == [5, 3]
    assert data["flip_idx"] == [0, 2, 1, 4, 3]
    assert data["kpt_names"] == {4: ["nose", "left_eye", "right_eye", "left_hand", "right_hand"]}


def test_two_keypoint_layouts_cannot_be_one_yolo_dataset() -> None:
    with pytest.raises(InvalidInput, match="one keypoint layout"):
        export("yolo", load(KITCHEN_SINK))
