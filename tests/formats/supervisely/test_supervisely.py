"""Supervisely reader: a project built from the format's documented examples (every shape
the reader reads, tags, a keypoint graph), panlabel's reference files, the sniff, and the
meta exporter read back by the importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import discover
from taxonomist.formats.supervisely.objects import png_size
from taxonomist.interop.export import exporter
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import load
from tests.formats.cases import DATA, errors, findings, read_all

VALID = DATA / "supervisely" / "valid"
PROJECT = VALID / "project"
# The documented 3 x 3 bitmap (developer-portal, objects.md).
BITMAP = (
    "eJzrDPBz5+WS4mJgYOD19HAJAtLMIMwIInOeqf8BUmwBPiGuQPr///9Lb86/C2QxlgT5BTM4PLuRBuTwebo4hlTMSa4"
    "4cOHAB6DqY0yORgq8YkAZBk9XP5d1TglNANAFGzA="
)


def _claims(path: Path) -> list[str]:
    head = b"" if path.is_dir() else path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


def test_the_project_folder_reads_meta_and_each_annotation_file() -> None:
    datasets = read_all("supervisely", PROJECT)
    assert errors(datasets) == []
    meta, street, portrait = datasets
    assert [c.name for c in meta.categories][:2] == ["bike", "car"]
    assert meta.declares_categories and not street.declares_categories
    assert Path(street.source).name == "street.jpg.json"
    assert street.images.files == ["street.jpg"] and portrait.images.files == ["portrait.png"]
    shapes = [street.objects.flags[i]["shape"] for i in range(len(street.objects))]
    assert shapes == [
        "rectangle",
        "polygon",
        "multipolygon",
        "bitmap",
        "line",
        "point",
        "rectangle",
    ]


def test_geometry_of_every_shape() -> None:
    _, street, portrait = read_all("supervisely", PROJECT)
    boxes = street.objects.box.tolist()
    assert boxes[0] == [0, 236, 582, 636]  # two corners
    assert boxes[1] == [730, 104, 449, 542]  # the polygon's bounds
    assert boxes[2] == [120, 160, 310, 130]  # both parts of the multipolygon
    assert boxes[3] == [535, 66, 3, 3]  # origin + the PNG's size
    assert street.objects.polygons.owner.tolist() == [1, 2, 2]
    assert street.objects.flags[1]["holes"] == 1.0  # the hole is counted, not a polygon
    assert street.objects.polylines.row(0).tolist() == [211, 866, 608, 610, 369, 581]
    assert street.objects.points.row(0).tolist() == [1134, 907]
    # graph nodes in the meta template's order; the disabled node is labelled, not visible
    assert portrait.objects.keypoints.row(0).tolist() == [280, 200, 2, 360, 202, 1, 320, 250, 2]
    face = portrait.categories[int(portrait.objects.category[0])]
    assert face.keypoints == ["left_eye", "right_eye", "nose"]
    assert face.skeleton == [[1, 3], [2, 3]]


def test_tags_are_attributes_and_image_labels() -> None:
    _, street, portrait = read_all("supervisely", PROJECT)
    assert street.images.labels == [{"tag": ["like", "situated"]}]
    assert street.objects.attributes[0] == {"occluded": True}
    assert street.objects.attributes[1] == {"car_color": "red"}
    assert street.objects.annotator[0] == "alexxx"
    assert portrait.images.labels == [{"tag": ["cars_number"]}]


def test_locations_are_lines_of_the_annotation_file() -> None:
    _, street, _ = read_all("supervisely", PROJECT)
    where = street.object_location(1)
    assert (Path(where.file).name, where.line, where.annotation_id) == (
        "street.jpg.json",
        14,  # the polygon object opens here
        "503004154",
    )


@pytest.mark.parametrize("name", ["sample_valid.supervisely.json", "seed_valid.json"])
def test_panlabel_files_read_alone(name: str) -> None:
    path = VALID / "panlabel" / name
    assert _claims(path) == ["supervisely"]
    datasets = read_all("supervisely", path)
    assert errors(datasets) == []
    assert findings(datasets) == []


def test_panlabel_geometry_wrapper() -> None:
    (dataset,) = read_all("supervisely", VALID / "panlabel" / "sample_valid.supervisely.json")
    assert dataset.objects.box.tolist()[0] == [10, 20, 90, 60]
    assert [c.name for c in dataset.categories] == ["cat", "dog", "car"]


def test_only_supervisely_claims_the_project_and_its_meta() -> None:
    assert _claims(PROJECT) == ["supervisely"]
    assert _claims(PROJECT / "meta.json") == ["supervisely"]
    assert _claims(PROJECT / "ds1" / "ann" / "street.jpg.json") == ["supervisely"]
    assert [s.format for s in discover([PROJECT]).sources] == ["supervisely"]
    assert _claims(PROJECT / "ds1") == []  # a dataset folder alone has no meta


def test_meta_alone_is_its_class_list() -> None:
    (dataset,) = read_all("supervisely", PROJECT / "meta.json")
    assert len(dataset.categories) == 8 and len(dataset.images) == 0
    assert dataset.categories[0].line == 3


def test_bitmap_header_only() -> None:
    assert png_size(BITMAP) == (3, 3)
    assert png_size("not base64 at all!") is None
    assert png_size("eJwBgQd++IlQTkcNChoKAAAADUlIRF") is None  # the documentation's cut-off string


def test_export_is_read_back_by_the_importer(tmp_path: Path) -> None:
    doc = importer("supervisely").import_taxonomy(PROJECT, ImportOptions(name="streets")).document
    path = tmp_path / "streets.yaml"
    from taxonomist.interop.yaml_out import dump_yaml

    path.write_text(dump_yaml(doc, []), encoding="utf-8")
    taxonomy = load(path)
    text = exporter("supervisely").export(taxonomy)
    assert text == exporter("supervisely").export(taxonomy)  # deterministic
    meta = json.loads(text)
    shapes = {c["title"]: c["shape"] for c in meta["classes"]}
    assert shapes["bike"] == "rectangle" and shapes["face"] == "graph"
    assert shapes["lane"] == "line" and shapes["person"] == "bitmap"
    assert shapes["traffic_sign"] == "any"
    tags = {t["name"]: (t["value_type"], t["applicable_type"]) for t in meta["tags"]}
    assert tags["situated"] == ("oneof_string", "all")
    assert tags["car_color"] == ("any_string", "objectsOnly")
    assert tags["cars_number"] == ("none", "imagesOnly")
    back = tmp_path / "meta.json"
    back.write_text(text, encoding="utf-8")
    again = importer("supervisely").import_taxonomy(back, ImportOptions(name="streets")).document
    assert again["label_types"] == doc["label_types"]
    assert again["attributes"] == doc["attributes"]
    assert set(again["classes"]) == set(doc["classes"])
