"""The checker on interop readers' output: YOLO index order, name spelling, mask values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from taxonomist.api import check
from taxonomist.cli import main

TAXONOMY = """\
name: street
version: 1.0.0
label_types:
  box: {kind: box}
  segmentation: {kind: mask, mode: semantic, void_value: 255}
classes:
  background: {id: 0, label_types: [segmentation]}
  car: {id: 1, label_types: [box, segmentation]}
  person: {id: 2, label_types: [box, segmentation]}
"""


@pytest.fixture
def taxonomy(tmp_path: Path) -> Path:
    path = tmp_path / "street.yaml"
    path.write_text(TAXONOMY)
    return path


def _yolo(root: Path, names: str) -> Path:
    (root / "labels").mkdir(parents=True)
    (root / "images").mkdir()
    Image.fromarray(np.zeros((10, 20, 3), np.uint8)).save(root / "images" / "a.jpg")
    (root / "labels" / "a.txt").write_text("0 0.5 0.5 0.2 0.2\n1 0.5 0.5 0.2 0.2\n")
    (root / "data.yaml").write_text(f"train: images\nnames:\n{names}")
    return root


def _codes(report: object) -> list[tuple[str, str, int | None]]:
    return sorted(
        (f.code, Path(f.location.file).name, f.location.line)
        for f in report.findings  # type: ignore[attr-defined]
    )


def test_yolo_names_in_the_taxonomy_yolo_index_check_clean(tmp_path: Path, taxonomy: Path) -> None:
    # The YOLO index is the classes with a box, in id order: background (mask only) has none.
    root = _yolo(tmp_path / "ok", "  0: car\n  1: person\n")
    assert _codes(check(taxonomy, [root])) == []


def test_yolo_names_with_string_keys_check_clean(tmp_path: Path, taxonomy: Path) -> None:
    root = _yolo(tmp_path / "string_keys", '  "0": car\n  "1": person\n')
    assert _codes(check(taxonomy, [root])) == []


def test_yolo_names_in_another_order_are_findings_not_silence(
    tmp_path: Path, taxonomy: Path
) -> None:
    root = _yolo(tmp_path / "swapped", "  0: person\n  1: car\n")
    found = _codes(check(taxonomy, [root]))
    assert ("R006", "data.yaml", 3) in found  # index 0 is 'car' in the taxonomy, 'person' here
    assert ("R006", "data.yaml", 4) in found


def test_yolo_class_numbers_are_not_stable_ids(tmp_path: Path, taxonomy: Path) -> None:
    root = _yolo(tmp_path / "by_id", "  0: background\n  1: car\n  2: person\n")
    report = check(taxonomy, [root])
    messages = [f.message for f in report.findings if f.code == "R006"]
    assert any("YOLO index 1 is 'person'" in m and "(YOLO index 0)" in m for m in messages)


def test_a_declared_yolo_id_space_is_the_index(tmp_path: Path) -> None:
    path = tmp_path / "declared.yaml"
    declared = TAXONOMY.replace("classes:", "id_spaces:\n  yolo: {}\nclasses:")
    declared = declared.replace("id: 1,", "id: 1, ids: {yolo: 1},")
    path.write_text(declared.replace("id: 2,", "id: 2, ids: {yolo: 0},"))
    root = _yolo(tmp_path / "declared_order", "  0: person\n  1: car\n")
    assert _codes(check(path, [root])) == []


def test_voc_name_spelling_is_reported_as_such(tmp_path: Path, taxonomy: Path) -> None:
    xml = tmp_path / "a.xml"
    xml.write_text(
        "<annotation><filename>a.jpg</filename><size><width>20</width><height>10</height>"
        "</size>\n<object><name>Car</name><bndbox><xmin>1</xmin><ymin>1</ymin>"
        "<xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>\n"
    )
    assert _codes(check(taxonomy, [xml])) == [("R008", "a.xml", 2)]


def test_mask_values_that_are_no_class(tmp_path: Path, taxonomy: Path) -> None:
    folder = tmp_path / "SegmentationClass"
    folder.mkdir()
    values = np.zeros((4, 6), np.uint8)
    values[0, 0], values[1, 1], values[2, 2] = 2, 7, 255  # 255 is the taxonomy's void value
    Image.fromarray(values).save(folder / "a.png")
    report = check(taxonomy, [folder])
    assert [(f.code, "7" in f.message) for f in report.findings] == [("G009", True)]


def test_cli_exit_code_and_location_for_a_broken_yolo_line(
    tmp_path: Path, taxonomy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _yolo(tmp_path / "broken", "  0: background\n  1: car\n  2: person\n")
    (root / "labels" / "a.txt").write_text("1 0.5 0.5 0.2 0.2\n1 0.5 0.5\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "-t", str(taxonomy), "--format", "yolo", str(root), "--no-images"])
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "labels/a.txt\n  2:1  error    Y103" in out


def test_ultralytics_coco_numbers_check_clean_against_the_shipped_coco(tmp_path: Path) -> None:
    from tests.interop.test_export_yolo import COCO, ULTRALYTICS_COCO_NAMES

    names = "".join(f"  {i}: {name}\n" for i, name in enumerate(ULTRALYTICS_COCO_NAMES))
    root = _yolo(tmp_path / "coco8", names)
    (root / "labels" / "a.txt").write_text("0 0.5 0.5 0.2 0.2\n79 0.5 0.5 0.2 0.2\n")
    report = check(COCO, [root])
    assert [f.render() for f in report.findings if f.code.startswith("R")] == []
