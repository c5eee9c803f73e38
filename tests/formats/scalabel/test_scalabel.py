"""Scalabel / BDD100K reader, importer and exporter on Scalabel's own test files
(Apache-2.0) and BDD100K's detection config (BSD-3): the inclusive box convention, closed and
open poly2d, frame attributes as image labels, the three top-level forms, sniffing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.formats import READERS, reader
from taxonomist.formats.scalabel.config import attribute_name
from taxonomist.interop.export import exporter
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import load
from tests.formats.cases import DATA, errors, findings, read_all

VALID = DATA / "scalabel" / "valid"
SCALABEL = VALID / "scalabel"
FRAME = {
    "name": "a.jpg",
    "labels": [{"id": "1", "category": "car", "box2d": {"x1": 10, "y1": 20, "x2": 29, "y2": 49}}],
}


def _claims(path: Path) -> list[str]:
    head = path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


@pytest.mark.parametrize("path", sorted(VALID.rglob("*.json")), ids=lambda p: p.name)
def test_every_reference_file_is_claimed_by_scalabel_alone_and_reads_clean(path: Path) -> None:
    assert _claims(path) == ["scalabel"]
    assert findings(read_all("scalabel", path)) == []


def test_box2d_corners_are_inclusive(tmp_path: Path) -> None:
    (dataset,) = read_all("scalabel", SCALABEL / "scalabel_det.json")
    # x1 1000.698742, x2 1040.626872: width x2 - x1 + 1, as scalabel's box2d_to_bbox
    assert dataset.objects.box[0].tolist() == pytest.approx(
        [1000.698742, 281.992415, 40.92813, 45.919145]
    )
    assert dataset.images.labels == [
        {"weather": "overcast", "timeofday": "daytime", "scene": "city street"}
    ]
    assert dataset.objects.attributes[0] == {
        "occluded": False,
        "truncated": False,
        "traffic_light_color": "NA",
    }
    assert dataset.objects.flags[0]["track_id"] == "0"
    assert dataset.object_location(0).line == 1  # one-line file: the pointer's line


def test_closed_poly2d_are_polygons_and_repeated_ids_stay_apart() -> None:
    (dataset,) = read_all("scalabel", SCALABEL / "example_annotation.json")
    assert dataset.objects.ids == ["0/0", "0/1", "0/2", "0/3"]
    assert [dataset.objects.flags[i]["track_id"] for i in range(4)] == ["a", "b", "a", "c"]
    assert dataset.objects.polygons.owner.tolist() == [0, 1, 2, 3, 3, 3, 3, 3]
    assert len(dataset.objects.polylines) == 0


def test_open_poly2d_are_polylines_and_frame_forms(tmp_path: Path) -> None:
    lane = {"vertices": [[0, 0], [5, 5], [9, 9], [20, 20]], "types": "LCCL", "closed": False}
    frame = {**FRAME, "labels": [{"id": 7, "category": "lane", "poly2d": [lane, lane]}]}
    for name, document in (
        ("list.json", [frame]),
        (
            "dataset.json",
            {
                "frames": [frame],
                "config": {"imageSize": {"width": 64, "height": 48}, "categories": []},
            },
        ),
        ("one.json", frame),
    ):
        path = tmp_path / name
        path.write_text(json.dumps(document, indent=1))
        assert _claims(path) == ["scalabel"], name
        (dataset,) = read_all("scalabel", path)
        assert errors([dataset]) == []
        assert dataset.objects.ids == ["0/0", "0/0.1"] if name != "one.json" else ["0", "0.1"]
        assert dataset.objects.polylines.row(0).tolist() == [0, 0, 5, 5, 9, 9, 20, 20]
    assert (dataset.images.width[0], dataset.images.height[0]) != (64, 48)  # one frame: no config


def test_attribute_names_as_taxonomy_names() -> None:
    assert attribute_name("trafficLightColor") == "traffic_light_color"
    assert attribute_name("Traffic Light Color") == "traffic_light_color"
    assert attribute_name("timeofday") == "timeofday"


def test_import_bdd100k_det_config() -> None:
    result = importer("scalabel").import_taxonomy(VALID / "bdd100k" / "det.toml", ImportOptions())
    classes = result.document["classes"]
    assert [n for n, c in classes.items() if not c.get("abstract")] == [
        "pedestrian", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle",
        "traffic_light", "traffic_sign",
    ]  # fmt: skip
    assert classes["car"]["parent"] == "vehicle" and classes["vehicle"]["abstract"] is True
    assert classes["traffic_light"]["aliases"] == ["traffic light"]
    assert result.document["attributes"] == {"crowd": {"type": "bool"}}


def test_import_scalabel_toml_and_frame_attributes_become_image_label_types() -> None:
    toml = importer("scalabel").import_taxonomy(SCALABEL / "configs.toml", ImportOptions())
    assert "traffic_sign" in toml.document["classes"]
    own = importer("scalabel").import_taxonomy(VALID / "own" / "bdd100k_det.json", ImportOptions())
    assert own.document["label_types"]["weather"] == {"kind": "multi_class"}
    assert own.document["classes"]["undefined"]["label_types"] == ["weather", "scene", "timeofday"]
    assert own.document["attributes"]["traffic_light_color"] == {
        "type": "enum",
        "values": ["NA", "G", "Y", "R"],
    }


def test_export_import_export_gives_the_same_config(tmp_path: Path) -> None:
    from taxonomist.interop.yaml_out import dump_yaml

    own = importer("scalabel").import_taxonomy(VALID / "own" / "bdd100k_det.json", ImportOptions())
    first = tmp_path / "first.yaml"
    first.write_text(dump_yaml(own.document, []))
    config = exporter("scalabel").export(load(first))
    document = json.loads(config)
    assert document["categories"][0] == {
        "name": "human",
        "subcategories": [{"name": "pedestrian"}, {"name": "rider"}],
    }
    assert {"name": "crowd", "type": "switch", "toolType": "switch"} in document["attributes"]
    (tmp_path / "config.json").write_text(config)
    again = importer("scalabel").import_taxonomy(tmp_path / "config.json", ImportOptions())
    second = tmp_path / "second.yaml"
    second.write_text(dump_yaml(again.document, []))
    assert exporter("scalabel").export(load(second)) == config


def test_rle_is_the_objects_mask_and_the_checker_decodes_it(tmp_path: Path) -> None:
    (dataset,) = read_all("scalabel", SCALABEL / "scalabel_ins_seg.json")
    assert sorted(dataset.objects.rle) == [0, 1]
    assert (dataset.objects.rle[0].height, dataset.objects.rle[0].width) == (720, 1280)
    frames = json.loads((SCALABEL / "scalabel_ins_seg.json").read_text())
    frames[0]["size"] = {"width": 640, "height": 360}  # not the masks' size
    path = tmp_path / "sized.json"
    path.write_text(json.dumps(frames))
    taxonomy = tmp_path / "det.yaml"
    result = importer("scalabel").import_taxonomy(VALID / "bdd100k" / "det.toml", ImportOptions())
    from taxonomist.interop.yaml_out import dump_yaml

    taxonomy.write_text(dump_yaml(result.document, []))
    from taxonomist.api import check

    codes = sorted({f.code for f in check(taxonomy, [path]).findings})
    assert codes == ["G002", "G006", "G007"]  # boxes, polygons and masks outside 640 x 360


def test_import_refuses_what_is_no_category_list(tmp_path: Path) -> None:
    from taxonomist.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="a list of attributes"):
        importer("scalabel").import_taxonomy(SCALABEL / "bbox_attributes.yml", ImportOptions())
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 50_000 + "]" * 50_000)
    with pytest.raises(InvalidInput, match="not valid TOML"):
        importer("scalabel").import_taxonomy(deep, ImportOptions())
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({"categories": [{"name": "a", "subcategories": [{"name": "b"}]}]}))
    assert (
        importer("scalabel")
        .import_taxonomy(nested, ImportOptions())
        .document["classes"]["b"]["parent"]
        == "a"
    )
