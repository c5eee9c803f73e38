"""``taxonomist import cvat``: labels JSON and the <meta> labels of CVAT XML exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
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


def test_parent_layout_skeleton_is_a_keypoint_type_its_points_no_classes() -> None:
    doc = run(DATA / "skeleton_parent.xml")
    assert list(doc["classes"]) == ["car", "s1"]  # type: ignore[arg-type]
    keypoints = doc["label_types"]["keypoints"]  # type: ignore[index]
    assert keypoints["keypoints"] == ["1", "2", "3"]
    # node ids name points through the SVG's circles; attributes between from and to
    assert keypoints["skeleton"] == [["2", "3"], ["1", "2"]]
    assert doc["classes"]["s1"]["label_types"] == ["keypoints"]  # type: ignore[index]


def test_svg_edges_name_points_by_their_circles(tmp_path: Path) -> None:
    svg = (
        '<line data-node-to="1" data-type="edge" data-node-from="7"></line>'
        '<circle data-node-id="7" data-label-name="tail"></circle>'
        '<circle data-node-id="1" data-label-name="head"></circle>'
    )
    labels = [
        {
            "name": "dog",
            "type": "skeleton",
            "svg": svg,
            "sublabels": [{"name": "head"}, {"name": "tail"}],
        }
    ]
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels))
    keypoints = run(path)["label_types"]["keypoints"]  # type: ignore[index]
    assert keypoints["skeleton"] == [["tail", "head"]]


def test_skeleton_without_points_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = tmp_path / "ann.xml"
    xml.write_text((DATA / "skeleton_parent.xml").read_text().replace("<parent>s1</parent>", ""))
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps([{"name": "s1", "type": "skeleton", "sublabels": []}]))
    for path in (xml, labels):
        with pytest.raises(SystemExit) as stop:
            main(["import", "cvat", str(path), "-o", str(tmp_path / "out.yaml")])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert f"{path}: skeleton 's1' has no points" in err
        assert "hint: a CVAT skeleton lists its points" in err
