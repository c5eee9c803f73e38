"""What ``taxonomist import datumaro|sagemaker|huggingface`` writes: classes, hierarchy,
label types from usage, keypoints from ``points`` categories, attribute types from values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, importer
from tests.formats.cases import DATA


def _doc(source: str, path: Path) -> dict[str, Any]:
    return importer(source).import_taxonomy(path, ImportOptions()).document


def test_datumaro_labels_parents_types_keypoints_and_attributes() -> None:
    doc = _doc("datumaro", DATA / "datumaro" / "valid" / "kitchen_sink")
    classes = doc["classes"]
    assert list(classes) == ["cat0", "cat1", "cat2", "cat3", "cat4"]
    assert [c["id"] for c in classes.values()] == [0, 1, 2, 3, 4]
    assert classes["cat1"]["parent"] == "cat0"
    assert classes["cat3"]["label_types"] == ["box", "label", "mask"]
    assert classes["cat0"]["label_types"] == ["keypoints"]
    keypoints = doc["label_types"]["keypoints"]
    assert keypoints["keypoints"] == ["nose", "tail"]
    assert keypoints["skeleton"] == [["nose", "tail"]]  # joints [[1, 2]]: 1-based
    assert doc["attributes"]["x"] == {"type": "int"}
    assert doc["attributes"]["score"] == {"type": "float"}
    assert doc["attributes"]["y"] == {"type": "text"}


def test_datumaro_refuses_a_file_the_checker_refuses(tmp_path: Path) -> None:
    path = tmp_path / "train.json"
    path.write_text(json.dumps({"categories": {"label": {"labels": [{"name": "a"}]}}, "items": 3}))
    with pytest.raises(InvalidInput, match="items must be a list"):
        _doc("datumaro", path)


def test_sagemaker_keeps_class_ids_and_moves_a_clash_to_a_free_id() -> None:
    path = DATA / "sagemaker" / "valid" / "documented_image_classification.manifest"
    result = importer("sagemaker").import_taxonomy(path, ImportOptions())
    classes = result.document["classes"]
    assert {name: c["id"] for name, c in classes.items()} == {
        "night": 0,
        "dawn": 1,
        "soccer": 2,
        "running": 3,
    }
    assert classes["dawn"]["aliases"] == ["Dawn"]
    assert result.document["label_types"] == {"label": {"kind": "multi_label"}}
    assert len(result.notes) == 2


def test_huggingface_names_from_the_card_with_their_index_as_id() -> None:
    doc = _doc("huggingface", DATA / "huggingface" / "valid" / "detection" / "README.md")
    assert {n: (c["id"], c["label_types"]) for n, c in doc["classes"].items()} == {
        "helmet": (0, ["box"]),
        "vest": (1, ["box"]),
        "person": (2, ["box"]),
    }
