"""COCO categories export: stable ids, supercategories, 1-based skeletons; loads in
pycocotools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.taxonomy import load
from tests.interop.export_cases import KITCHEN_SINK, STREET, export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.coco.json", export("coco"))


def test_ids_supercategories_and_one_based_skeleton() -> None:
    categories = json.loads(export("coco"))["categories"]
    assert [(c["id"], c["name"]) for c in categories] == [
        (1, "car"), (3, "bicycle"), (4, "person"), (10, "indoor"), (11, "outdoor")
    ]  # fmt: skip
    assert categories[0]["supercategory"] == "vehicle"
    person = categories[2]
    assert person["keypoints"][:3] == ["nose", "left_eye", "right_eye"]
    assert person["skeleton"] == [[1, 2], [1, 3], [4, 5]]


@pytest.mark.parametrize("path", [STREET, KITCHEN_SINK], ids=lambda p: p.stem)
def test_pycocotools_loads_the_categories(tmp_path: Path, path: Path) -> None:
    categories = json.loads(export("coco", load(path)))["categories"]
    first = categories[0]
    dataset = {
        "images": [{"id": 1, "file_name": "a.jpg", "width": 64, "height": 48}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": first["id"], "bbox": [1, 2, 10, 20],
             "area": 200, "iscrowd": 0}
        ],
        "categories": categories,
    }  # fmt: skip
    file = tmp_path / "instances.json"
    file.write_text(json.dumps(dataset))
    coco = pytest.importorskip("pycocotools.coco").COCO(str(file))
    assert sorted(coco.getCatIds()) == sorted(c["id"] for c in categories)
    assert coco.loadCats(first["id"])[0]["name"] == first["name"]
    assert coco.getAnnIds(catIds=[first["id"]]) == [1]


def test_cli_writes_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "categories.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(STREET), "--to", "coco", "-o", str(out)])
    assert exit_info.value.code == 0
    assert out.read_text(encoding="utf-8") == export("coco")
    assert [p.name for p in tmp_path.iterdir()] == ["categories.json"]


def test_cli_refuses_an_unknown_target(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(STREET), "--to", "photoshop"])
    assert exit_info.value.code == 2
    assert "unknown export target" in capsys.readouterr().err
