"""``taxonomist import label-studio``: labeling configs from the SDK's tests and our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, importer

DATA = (
    Path(__file__).parents[1] / "data" / "interop" / "label_studio" / "valid" / "label_studio_sdk"
)


def run(path: Path) -> dict[str, object]:
    return importer("label-studio").import_taxonomy(path, ImportOptions()).document


def test_rectangle_labels_with_rgba_backgrounds() -> None:
    doc = run(DATA / "yolo_project" / "label_config.xml")
    classes = doc["classes"]
    assert [c["id"] for c in classes.values()] == list(range(1, len(classes) + 1))  # type: ignore[union-attr]
    assert classes["parasites"]["color"] == "#da01ee"  # type: ignore[index]


def test_keypoint_labels_in_model_index_order_with_flip_pairs() -> None:
    doc = run(DATA / "keypoints_project" / "label_config_keypoints.xml")
    keypoints = doc["label_types"]["keypoints"]  # type: ignore[index]
    assert keypoints["keypoints"][:3] == ["nose", "left_eye", "right_eye"]
    assert ["left_eye", "right_eye"] in keypoints["flip_pairs"]
    assert doc["classes"]["person"]["label_types"] == ["bbox", "keypoints"]  # type: ignore[index]


def test_polygons_and_several_controls() -> None:
    doc = run(DATA / "coco_project" / "label_config.xml")
    assert set(doc["label_types"]) == {"rectangle_label", "polygon_label", "keypoint_label"}  # type: ignore[arg-type]
    classes = doc["classes"]
    assert classes["rectangle_label"]["label_types"] == ["rectangle_label"]  # type: ignore[index]
    assert classes["polygon_label"]["label_types"] == ["polygon_label"]  # type: ignore[index]
    # two keypoint labels name no skeleton: they are classes of labelled points, as the
    # export next to this config uses them (points without a parentID)
    assert doc["label_types"]["keypoint_label"] == {"kind": "polyline"}  # type: ignore[index]
    assert classes["keypoint_label1"]["label_types"] == ["keypoint_label"]  # type: ignore[index]


def test_a_skeleton_goes_to_the_one_label_of_the_box_control() -> None:
    doc = run(DATA / "keypoints_project" / "label_config_keypoints.xml")
    assert list(doc["classes"]) == ["person"]  # type: ignore[arg-type]
    assert doc["classes"]["person"]["label_types"] == ["bbox", "keypoints"]  # type: ignore[index]


def test_a_config_without_labels_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text('<View><Image name="image" value="$image"/></View>')
    with pytest.raises(InvalidInput, match="no labels"):
        run(path)


PROJECT = DATA.parents[2] / "import" / "label_studio_project"


@pytest.mark.parametrize("name", ["project.json", "parsed_label_config.json", "parsed_only.json"])
def test_project_json_configs_import_as_their_xml(name: str) -> None:
    """A project's ``label_config`` text or its ``parsed_label_config`` (held by the project
    or alone) gives the document the XML gives, but for the name and description."""
    xml = run(DATA / "json_min_project" / "label_config.xml")
    doc = run(PROJECT / name)
    assert doc["label_types"] == xml["label_types"] == {"label": {"kind": "polygon"}}
    assert doc["classes"] == xml["classes"]


BAD_JSON = [
    ("[1, 2]", "#/: no label_config or parsed_label_config"),
    ('{"title": "x"}', "#/: no label_config or parsed_label_config"),
    ('{"label_config": "<View><Image"}', "#/label_config:1:"),
    ('{"label_config": "<Foo/>"}', "the root element is <Foo>, not <View>"),
    ('{"parsed_label_config": {"label": []}}', "#/parsed_label_config/label: a control must"),
    ('{"label": {"type": "RectangleLabels", "labels": "cat"}}', "#/label/labels: labels must"),
    ('{"label": {"type": "RectangleLabels", "labels": []}}', "the config defines no labels"),
]


@pytest.mark.parametrize(("text", "message"), BAD_JSON)
def test_unusable_json_configs_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "project.json"
    path.write_text(text)
    with pytest.raises(SystemExit) as stop:
        main(["import", "label-studio", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    assert message in err
    assert "hint:" in err
    assert not (tmp_path / "out.yaml").exists()


def test_per_region_controls_keep_their_classes_and_required_flag(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text(
        '<View><Image name="image" value="$image"/>'
        '<RectangleLabels name="box" toName="image">'
        '<Label value="car"/><Label value="Toy car"/><Label value="person"/></RectangleLabels>'
        '<Choices name="parked" toName="image" perRegion="true" whenLabelValue="car,Toy car"'
        ' required="true"><Choice value="yes"/><Choice value="no"/></Choices>'
        '<Choices name="pose" toName="image" perRegion="true">'
        '<Choice value="standing"/><Choice value="sitting"/></Choices>'
        "</View>",
        encoding="utf-8",
    )
    classes = run(config)["classes"]
    assert classes["car"]["attributes"] == {"parked": "required", "pose": "optional"}  # type: ignore[index]
    assert classes["toy_car"]["attributes"] == {"parked": "required", "pose": "optional"}  # type: ignore[index]
    assert classes["person"]["attributes"] == {"pose": "optional"}  # type: ignore[index]
