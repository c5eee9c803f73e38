"""What ``taxonomist import datumaro|sagemaker|huggingface`` writes: classes, hierarchy,
label types from usage, keypoints from ``points`` categories, attribute types from values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.formats.datumaro import sniff
from taxonomist.interop.export import exporter
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import load
from tests.formats.cases import DATA, read_all
from tests.interop.export_cases import STREET, export


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


def test_export_is_a_datumaro_file_with_the_label_schema_and_no_items(tmp_path: Path) -> None:
    text = export("datumaro")
    doc = json.loads(text)
    assert {"categories", "items"} <= set(doc)  # what Datumaro's importer detects
    assert doc["items"] == []
    labels = doc["categories"]["label"]["labels"]
    assert [label["name"] for label in labels] == ["car", "bicycle", "person", "indoor", "outdoor"]
    assert doc["categories"]["points"]["items"][0]["label_id"] == 2  # person's place
    assert doc["categories"]["points"]["items"][0]["joints"] == [[1, 2], [1, 3], [4, 5]]
    path = tmp_path / "annotations" / "default.json"
    path.parent.mkdir()
    path.write_text(text)
    assert sniff(path, path.read_bytes()) is not None
    assert [f.render() for d in read_all("datumaro", path) for f in d.findings] == []


def test_export_import_export_keeps_the_categories(tmp_path: Path) -> None:
    first = json.loads(exporter("datumaro").export(load(STREET)))
    path = tmp_path / "default.json"
    path.write_text(json.dumps(first))
    imported = tmp_path / "imported.yaml"
    with pytest.raises(SystemExit) as stop:
        main(["import", "datumaro", str(path), "-o", str(imported)])
    assert stop.value.code in (0, None)
    second = json.loads(exporter("datumaro").export(load(imported)))
    assert second["categories"] == first["categories"]
