"""KITTI object labels: Datumaro's and panlabel's reference samples read as the devkit
means them (boxes, truncation and occlusion as attributes, DontCare regions without any,
scores), check clean against a hand-written taxonomy, sniff apart from YOLO both ways, and
broken lines are findings at their line and column."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from taxonomist.cli import main
from taxonomist.formats import READERS, kitti, reader, yolo
from taxonomist.formats.discover import HEAD_BYTES, discover
from tests.formats.cases import DATA, SHARED, errors, findings, read_all

VALID = DATA / "kitti" / "valid"
DETECTION = VALID / "datumaro_kitti" / "kitti_detection" / "training"
KITTI_3D = VALID / "datumaro_kitti" / "kitti_3d" / "training"
PANLABEL = VALID / "panlabel" / "sample_valid.kitti"
TAXONOMY = Path(__file__).with_name("kitti.yaml")
CAR = "Car 0.00 0 -1.57 614.24 181.78 727.31 284.77 1.52 1.63 3.89 1.04 1.56 8.01 -1.61"


def test_datumaro_detection_sample_reads_boxes_attributes_and_sizes() -> None:
    (dataset,) = read_all("kitti", DETECTION)
    assert findings([dataset]) == []
    assert dataset.images.ids == ["000030_10", "000030_11"]
    assert dataset.images.files == ["image_2/000030_10.png", "image_2/000030_11.png"]
    assert dataset.images.width.tolist() == [10, 10]  # from the PNG headers
    assert [c.name for c in dataset.categories] == ["Truck", "Van"]
    assert dataset.objects.box[:2].tolist() == [[0, 1, 2, 2], [0, 5, 1, 3]]  # x1 y1 x2 y2
    assert dataset.objects.attributes[0] == {"truncated": 1.0, "occluded": 0}
    assert dataset.objects.attributes[2] == {"truncated": 1.0, "occluded": 1}
    assert dataset.objects.ids[:2] == ["000030_10:1", "000030_10:2"]
    assert not dataset.is_results


def test_dont_care_region_carries_no_attributes_and_3d_fields_are_flags() -> None:
    (dataset,) = read_all("kitti", KITTI_3D)
    names = [dataset.categories[c].name for c in dataset.objects.category]
    assert names == ["Truck", "Car", "DontCare"]
    assert dataset.objects.attributes == {
        0: {"truncated": 0.0, "occluded": 0},
        1: {"truncated": 0.0, "occluded": 3},  # 3 = unknown, a value of its own
    }
    assert dataset.objects.flags[0]["z"] == pytest.approx(69.44)
    assert dataset.objects.flags[2]["rotation_y"] == -10
    assert dataset.objects.box[2].tolist() == [500, 170, 90, 20]


def _check(tmp_path: Path, *paths: Path) -> list[dict[str, object]]:
    report = tmp_path / "report.json"
    # the samples' images are placeholders (black, shared): these tests check the labels
    args = ["check", "-t", str(TAXONOMY), *map(str, paths), "--report", "json", "--no-images"]
    with pytest.raises(SystemExit):
        main([*args, "-o", str(report)])
    found: list[dict[str, object]] = json.loads(report.read_text())["findings"]
    return found


def test_reference_samples_check_clean_against_a_kitti_taxonomy(tmp_path: Path) -> None:
    found = _check(tmp_path, DETECTION, PANLABEL)
    assert [(f["code"], f["severity"]) for f in found] == [("F103", "warning")] * 2


def test_the_checker_finds_the_boxes_outside_the_3d_samples_dummy_image(tmp_path: Path) -> None:
    """Datumaro's kitti_3d sample pairs boxes at x 500..700 with a 10 x 10 PNG: real faults,
    and the DontCare region is neither an unknown class nor an attribute carrier."""
    found = _check(tmp_path, KITTI_3D)
    assert sorted({str(f["code"]) for f in found}) == ["G002"]
    assert len(found) == 3


def test_a_score_makes_a_results_file(tmp_path: Path) -> None:
    label = tmp_path / "label_2" / "000000.txt"
    label.parent.mkdir()
    dont_care = "DontCare -1 -1 -10 1 2 3 4 -1 -1 -1 -1000 -1000 -1000 -10"
    label.write_text(f"{CAR} 0.87\n{dont_care} 0.5\n")
    (dataset,) = kitti.read(tmp_path)
    assert dataset.is_results
    assert dataset.objects.score.tolist() == [0.87, 0.5]
    assert dataset.objects.attributes == {0: {"truncated": 0.0, "occluded": 0}}


def test_broken_values_are_found_at_their_column(tmp_path: Path) -> None:
    label = tmp_path / "000000.txt"
    bad = "Car  0.00 0 -1.57 614.24 181.78 x 284.77 1.52 1.63 3.89 1.04 1.56 8.01 -1.61"
    swapped = "Car 0.00 0 -1.57 614.24 300 727.31 284.77 1.52 1.63 3.89 1.04 1.56 8.01 -1.61"
    label.write_text(f"{CAR}\n{bad}\n{swapped}\n  Van 0 0\n")
    (dataset,) = kitti.read(label)
    got = {(f.code, f.location.line, f.location.column) for f in dataset.findings}
    x_at, y2_at = bad.index(" x ") + 2, swapped.index(" 284.77") + 2
    assert got == {("F103", None, None), ("S002", 2, x_at), ("S150", 3, y2_at), ("S003", 4, 3)}
    assert len(dataset.objects) == 2  # the good line, and the swapped one without a box
    assert np.isnan(dataset.objects.box[1]).all()


def test_sniff_claims_label_2_folders_and_kitti_lines() -> None:
    assert kitti.sniff(DETECTION, b"") == "folder holding a KITTI label_2/ folder"
    assert kitti.sniff(DETECTION / "label_2", b"") == "a KITTI label_2/ folder"
    assert kitti.sniff(DETECTION / "image_2", b"") is None
    label = PANLABEL / "label_2" / "000000.txt"
    assert kitti.sniff(label, label.read_bytes()) is not None
    calib = KITTI_3D / "calib" / "000001.txt"  # P0: and 12 numbers: no object lines
    assert kitti.sniff(calib, calib.read_bytes()) is None


def _yolo_label_files() -> list[Path]:
    folders = [DATA / "yolo", SHARED / "yolo"]
    return sorted(p for f in folders if f.is_dir() for p in f.rglob("*.txt"))


def test_kitti_and_yolo_never_take_each_others_label_files() -> None:
    yolo_files = _yolo_label_files()
    assert len(yolo_files) > 20
    for path in yolo_files:
        assert kitti.sniff(path, path.read_bytes()[:HEAD_BYTES]) is None, path
    for path in sorted(VALID.rglob("label_2/*.txt")):
        head = path.read_bytes()
        assert kitti.sniff(path, head) is not None
        assert yolo.sniff(path, head) is None, path
        assert [s.format for s in discover([path]).sources] == ["kitti"]


def test_discovery_reads_a_kitti_tree_as_one_dataset_per_split() -> None:
    sources = discover([VALID]).sources
    assert {(s.path.name, s.format) for s in sources} == {
        ("training", "kitti"),
        ("sample_valid.kitti", "kitti"),
    }
    assert len(sources) == 3
    assert "kitti" in READERS and list(READERS).index("kitti") < list(READERS).index("yolo")


def test_a_forced_kitti_folder_without_label_2_reads_its_own_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CAR + "\n")
    (dataset,) = reader("kitti").read(tmp_path)
    assert len(dataset.objects) == 1
    assert errors([dataset]) == []


def test_the_test_taxonomy_states_the_devkit_occlusion_meanings() -> None:
    from taxonomist.taxonomy import load

    occluded = load(TAXONOMY).attributes["occluded"]
    assert occluded.value_descriptions == {str(k): v for k, v in kitti.OCCLUSION_STATES.items()}
