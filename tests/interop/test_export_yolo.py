"""Ultralytics data.yaml export: names from the YOLO index (0..n-1, no placeholders, no
image-level classes), its mapping printed as comments, kpt_shape, flip_idx."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from taxonomist.core.errors import InvalidInput
from taxonomist.taxonomy import load
from taxonomist.taxonomy.yolo_index import yolo_index
from tests.interop.export_cases import KITCHEN_SINK, export
from tests.snapshot import assert_snapshot

COCO = Path(__file__).parents[2] / "taxonomies" / "coco.yaml"
# The names of Ultralytics' own coco.yaml (ultralytics/cfg/datasets/coco.yaml), in order.
ULTRALYTICS_COCO_NAMES = [
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat",
    "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat",
    "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack",
    "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball",
    "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket",
    "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
    "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair",
    "couch", "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse",
    "remote", "keyboard", "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator",
    "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
]  # fmt: skip


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.data.yaml", export("yolo"))


def test_names_are_the_drawable_classes_in_id_order_without_placeholders() -> None:
    # street: car 1, bicycle 3, person 4 draw boxes; indoor/outdoor are image-level only.
    data = yaml.safe_load(export("yolo"))
    assert data["nc"] == 3
    assert data["names"] == {0: "car", 1: "bicycle", 2: "person"}


def test_the_coco_export_is_ultralytics_coco_names_in_order() -> None:
    data = yaml.safe_load(export("yolo", load(COCO)))
    assert data["nc"] == 80
    assert list(data["names"]) == list(range(80))
    assert list(data["names"].values()) == ULTRALYTICS_COCO_NAMES


def test_the_index_is_printed_as_comments() -> None:
    text = export("yolo", load(COCO))
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "YOLO index (its yolo id space)" in comments
    assert "0: person (1)" in comments and "79: toothbrush (90)" in comments


def test_image_level_classes_are_never_yolo_names(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nversion: 1.0.0\nlabel_types:\n  box: {kind: box}\n"
        "  scene: {kind: multi_label, classes: [indoor]}\n  mask: {kind: mask}\n"
        "classes:\n  indoor: {id: 1001, label_types: [scene]}\n"
        "  road: {id: 1002, label_types: [mask]}\n  car: {id: 1003, label_types: [box]}\n"
        "  vehicle: {id: 1000, abstract: true, label_types: [box]}\n"
    )
    data = yaml.safe_load(export("yolo", load(path)))
    assert data["nc"] == 1 and data["names"] == {0: "car"}


def test_a_declared_index_with_a_gap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nversion: 1.0.0\nid_spaces:\n  yolo: {}\nlabel_types:\n  box: {kind: box}\n"
        "classes:\n  car: {id: 1, ids: {yolo: 0}, label_types: [box]}\n"
        "  bus: {id: 2, ids: {yolo: 2}, label_types: [box]}\n"
    )
    assert yolo_index(load(path)).problems
    with pytest.raises(InvalidInput, match="without gaps at 1"):
        export("yolo", load(path))


def test_pose_fields_from_the_keypoint_schema() -> None:
    data = yaml.safe_load(export("yolo"))
    assert data["kpt_shape"] == [5, 3]
    assert data["flip_idx"] == [0, 2, 1, 4, 3]
    assert data["kpt_names"] == {2: ["nose", "left_eye", "right_eye", "left_hand", "right_hand"]}


def test_two_keypoint_layouts_cannot_be_one_yolo_dataset() -> None:
    with pytest.raises(InvalidInput, match="one keypoint layout"):
        export("yolo", load(KITCHEN_SINK))


def test_a_base_yolo_id_space_a_subset_breaks_is_set_aside_with_a_note() -> None:
    demo = load(COCO.parent / "demo.yaml")  # extends coco.yaml, keeps 5 classes, adds its own
    assert not yolo_index(demo).declared
    text = export("yolo", demo)
    assert "Note: the yolo id space of coco.yaml does not number" in text
    names = yaml.safe_load(text)["names"]
    assert names[0] == "person" and names[1] == "cat" and len(names) == 11


def test_a_yolo_id_space_the_file_declares_itself_is_kept_even_when_broken(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nversion: 1.0.0\nid_spaces:\n  yolo: {}\nlabel_types:\n  box: {kind: box}\n"
        "classes:\n  car: {id: 1, label_types: [box]}\n"
    )
    index = yolo_index(load(path))
    assert index.declared and index.problems == ("class 'car' can be drawn but has no yolo value",)


def test_the_cli_refuses_a_broken_yolo_id_space_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from taxonomist.cli import main

    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nversion: 1.0.0\nid_spaces:\n  yolo: {}\nlabel_types:\n  box: {kind: box}\n"
        "classes:\n  car: {id: 1, ids: {yolo: 1}, label_types: [box]}\n"
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(path), "--to", "yolo"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "the yolo id space is no YOLO index" in err and "Traceback" not in err
