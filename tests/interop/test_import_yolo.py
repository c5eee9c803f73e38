"""``taxonomist import yolo``: data.yaml (list or dict names, pose fields) and obj.names."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, importer

DATA = Path(__file__).parents[1] / "data" / "interop" / "yolo" / "valid"
SHARED = Path(__file__).parents[2] / ".." / "shared" / "corpus"


def run(path: Path) -> dict[str, object]:
    return importer("yolo").import_taxonomy(path, ImportOptions()).document


def test_roboflow_names_list_keeps_indices_as_ids() -> None:
    classes = run(DATA / "datumaro_roboflow" / "yolo" / "data.yaml")["classes"]
    assert classes == {
        "label_0": {"id": 0, "label_types": ["box"]},
        "label_1": {"id": 1, "label_types": ["box"]},
    }


def test_darknet_obj_names() -> None:
    classes = run(DATA / "datumaro_yolo" / "strict" / "obj.names")["classes"]
    assert list(classes)[:2] == ["label_0", "label_1"] and len(classes) == 10  # type: ignore[arg-type]


def test_pose_names_and_flip_pairs() -> None:
    doc = run(DATA / "pose" / "data.yaml")
    pose = doc["label_types"]["pose"]  # type: ignore[index]
    assert pose["keypoints"] == ["kp0", "kp1", "kp2"]
    assert pose["flip_pairs"] == [["kp1", "kp2"]]
    assert doc["classes"]["person"]["label_types"] == ["box", "pose"]  # type: ignore[index]


def test_ultralytics_pose_yaml_from_shared() -> None:
    path = SHARED / "taxonomies" / "ultralytics_coco8-pose.yaml"
    if not path.is_file():
        pytest.skip("../shared/corpus is absent")
    doc = run(path)
    assert doc["classes"] == {"person": {"id": 0, "label_types": ["box", "pose"]}}
    assert len(doc["label_types"]["pose"]["flip_pairs"]) == 8  # type: ignore[index]


def test_unusable_names_are_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("train: images\nnames: person\n")
    with pytest.raises(InvalidInput, match="names"):
        run(path)


INVALID = Path(__file__).parents[1] / "data" / "interop" / "yolo" / "invalid"
# The broken dataset descriptions the checker refuses (F102 unreadable or malformed, Y101 nc
# disagreeing with the names, Y102 a flip_idx that is no involution): the importer reads the
# same vocabulary module, so it refuses each of them too, at the same file and line.
CONFIG_CASES = sorted(
    case
    for case in INVALID.iterdir()
    if (case / "expected.txt").read_text().split()[0] in ("F102", "F105", "Y101", "Y102")
)


@pytest.mark.parametrize("case", CONFIG_CASES, ids=lambda case: case.name)
def test_import_refuses_what_check_refuses(case: Path) -> None:
    line, name = (case / "expected.txt").read_text().split()[1:3]
    with pytest.raises(InvalidInput) as raised:
        run(case / name)
    assert f"{name}:{line}:" in raised.value.message
    assert raised.value.hint


def test_integer_like_string_keys_are_indices(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text('train: images\nnames:\n  "0": person\n  "1": car\n')
    doc = run(path)
    assert doc["classes"] == {
        "person": {"id": 0, "label_types": ["box"]},
        "car": {"id": 1, "label_types": ["box"]},
    }
    assert "id_spaces" not in doc  # 0..n-1 is already the default YOLO index


def test_a_json_names_file_is_refused_not_one_class(tmp_path: Path) -> None:
    path = tmp_path / "obj.names"
    path.write_text('{"0": "person", "1": "car"}\n')
    with pytest.raises(InvalidInput, match="JSON document") as raised:
        run(path)
    assert f"{path}:1:" in raised.value.message


def test_indices_with_gaps_are_declared_as_the_yolo_id_space(tmp_path: Path) -> None:
    # An older taxonomist export: names keyed by stable id, gaps filled with placeholders.
    path = tmp_path / "data.yaml"
    path.write_text("train: images\nnames:\n  0: __unused_0\n  1: car\n  2: __unused_2\n  3: bus\n")
    doc = run(path)
    assert list(doc["id_spaces"]) == ["yolo"]  # type: ignore[call-overload]
    assert doc["classes"] == {
        "car": {"id": 1, "label_types": ["box"], "ids": {"yolo": 1}},
        "bus": {"id": 3, "label_types": ["box"], "ids": {"yolo": 3}},
    }


def test_import_then_check_of_a_gapped_dataset_is_clean(tmp_path: Path) -> None:
    from PIL import Image

    from taxonomist.api import check
    from taxonomist.interop.yaml_out import write_yaml

    root = tmp_path / "ds"
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    Image.new("RGB", (20, 10)).save(root / "images" / "a.jpg")
    (root / "labels" / "a.txt").write_text("1 0.5 0.5 0.2 0.2\n3 0.5 0.5 0.2 0.2\n")
    (root / "data.yaml").write_text("train: images\nnames: {1: car, 3: bus}\n")
    taxonomy = tmp_path / "imported.yaml"
    write_yaml(taxonomy, run(root / "data.yaml"))
    assert [f.render() for f in check(taxonomy, [root]).findings] == []


VALID_DATASETS = [
    DATA / "segment" / "data.yaml",
    DATA / "pose" / "data.yaml",
    DATA / "datumaro_roboflow" / "yolo" / "data.yaml",
    DATA / "datumaro_yolo" / "strict" / "obj.data",
    DATA / "datumaro_roboflow" / "yolo_obb" / "data.yaml",
]


@pytest.mark.parametrize("config", VALID_DATASETS, ids=lambda p: p.parent.name)
def test_import_then_check_of_the_same_dataset_has_no_errors(tmp_path: Path, config: Path) -> None:
    """The importer declares the label types the dataset uses (segment lines, pose width),
    so checking the dataset against its own imported taxonomy finds no fault of its shapes."""
    from taxonomist.api import check
    from taxonomist.core.findings import Severity
    from taxonomist.interop.yaml_out import write_yaml

    if not config.is_file():
        pytest.skip("../shared/corpus is absent")
    taxonomy = tmp_path / "imported.yaml"
    write_yaml(taxonomy, run(config))
    findings = check(taxonomy, [config.parent]).findings
    assert [f.render() for f in findings if f.severity >= Severity.ERROR] == []
    assert [f.render() for f in findings if f.code in ("A001", "K002")] == []


def test_segment_lines_give_a_polygon_label_type() -> None:
    doc = run(DATA / "segment" / "data.yaml")
    assert doc["label_types"]["segment"] == {"kind": "polygon"}  # type: ignore[index]
    assert "segment" in doc["classes"]["car"]["label_types"]  # type: ignore[index]


def test_two_value_pose_points_get_the_visibility_the_reader_fills(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("train: images\nkpt_shape: [2, 2]\nnames: [person]\n")
    assert run(path)["label_types"]["pose"]["visibility"] == "coco"  # type: ignore[index]
