"""``taxonomist import cvat``: labels JSON and the <meta> labels of CVAT XML exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, importer

DATA = Path(__file__).parents[1] / "data" / "interop" / "cvat" / "valid"


def run(path: Path) -> dict[str, object]:
    return importer("cvat").import_taxonomy(path, ImportOptions()).document


def test_xml_meta_labels_with_typed_attributes() -> None:
    doc = run(DATA / "datumaro_cvat" / "for_images" / "export_task" / "train.xml")
    assert doc["attributes"] == {
        "a1": {"type": "bool"},
        "a2": {"type": "tristate", "values": ["v1", "v2", "v3"]},
        "a3": {"type": "text"},
        "a4": {"type": "float"},  # values "2.4 1 -5.6" are no [min, max, step]
    }
    assert doc["classes"]["label1"]["attributes"] == dict.fromkeys(
        ["a1", "a2", "a3", "a4"], "optional"
    )  # type: ignore[index]


def test_skeleton_sublabels_and_svg_edges() -> None:
    doc = run(DATA / "skeleton_tags.xml")
    keypoints = doc["label_types"]["keypoints"]  # type: ignore[index]
    assert keypoints["keypoints"] == ["head", "left_hand", "right_hand"]
    assert keypoints["skeleton"] == [["head", "left_hand"]]
    assert keypoints["flip_pairs"] == [["left_hand", "right_hand"]]
    assert doc["classes"]["daytime"]["label_types"] == ["tag"]  # type: ignore[index]


def test_names_with_spaces_become_names_with_aliases_kept_apart() -> None:
    doc = run(DATA / "datumaro_cvat" / "for_video" / "annotations.xml")
    assert list(doc["classes"]) == ["klhg", "z_u_k", "ii"]  # type: ignore[arg-type]


def test_no_labels_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"labels": []}))
    with pytest.raises(InvalidInput, match="no labels"):
        run(path)
