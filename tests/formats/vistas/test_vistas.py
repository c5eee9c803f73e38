"""The Mapillary Vistas reader on Datumaro's reference dataset (v1.2 and v2.0), the real
files' panoptic category naming, the importer of ``config_v*.json`` and the exporter."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import discover
from taxonomist.formats.vistas.config import parse_labels
from taxonomist.interop.export import exporter
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import lint, load
from tests.formats.cases import DATA

FORMAT = "mapillary-vistas"
ROOT = DATA / "mapillary_vistas" / "valid" / "mapillary_vistas_dataset"


def read(path: Path) -> list[Dataset]:
    return reader(FORMAT).read(path)


def by_source(datasets: list[Dataset]) -> dict[str, Dataset]:
    return {Path(d.source).relative_to(ROOT).as_posix(): d for d in datasets}


def test_the_reference_dataset_reads_clean() -> None:
    datasets = by_source(read(ROOT))
    assert [f.render() for d in datasets.values() for f in d.findings] == []
    assert sorted(datasets) == sorted([
        "config_v1.2.json",
        "config_v2.0.json",
        *(f"{split}/{v}/{kind}" for split in ("train", "val") for v in ("v1.2", "v2.0")
          for kind in ("instances", "labels")),
        "train/v1.2/panoptic/panoptic_2018.json",
        "train/v2.0/panoptic/panoptic_2020.json",
        "train/v2.0/polygons/2.json",
        "val/v1.2/panoptic/panoptic_2018.json",
        "val/v2.0/panoptic/panoptic_2020.json",
        "val/v2.0/polygons/0.json",
        "val/v2.0/polygons/1.json",
    ])  # fmt: skip


def test_config_labels_are_categories_numbered_by_place() -> None:
    config = by_source(read(ROOT))["config_v2.0.json"]
    assert [(c.name, c.id, c.pointer) for c in config.categories] == [
        ("animal--bird", 0, "/labels/0"), ("construction--barrier--separator", 1, "/labels/1"),
        ("object--vehicle--bicycle", 2, "/labels/2"),
    ]  # fmt: skip


def test_label_and_instance_masks_give_label_indices_and_instances() -> None:
    datasets = by_source(read(ROOT))
    labels, instances = datasets["val/v2.0/labels"], datasets["val/v2.0/instances"]
    assert labels.images.files == ["images/0.jpg", "images/1.jpg"]
    assert labels.images.masks.values == {0: [0, 1], 1: [1, 2]}
    assert instances.images.masks.values == {0: [0, 1], 1: [1, 2]}  # value // 256
    assert instances.images.masks.instances == {0: [0, 256], 1: [256, 512, 513]}
    assert list(labels.images.width) == [5.0, 5.0]


def test_panoptic_segments_are_objects_of_the_config_labels() -> None:
    panoptic = by_source(read(ROOT))["val/v2.0/panoptic/panoptic_2020.json"]
    assert [(c.name, c.id) for c in panoptic.categories] == [
        ("animal--bird", 0), ("construction--barrier--separator", 1),
        ("object--vehicle--bicycle", 2),
    ]  # the panoptic ids 1, 10, 100 are not class values  # fmt: skip
    assert panoptic.ids_unique_per == "image"
    assert panoptic.objects.ids == [1, 2, 1, 2, 3]
    assert list(panoptic.objects.crowd) == [True, False, False, False, True]
    assert list(panoptic.objects.png_area) == [15, 10, 10, 5, 10]
    assert np.isnan(panoptic.objects.box).all()  # the reference files write "bbox": []


def test_polygons_are_outlines_of_config_labels() -> None:
    polygons = by_source(read(ROOT))["train/v2.0/polygons/2.json"]
    assert [(c.name, c.id) for c in polygons.categories] == [
        ("animal--bird", 0), ("construction--barrier--separator", 1)
    ]  # fmt: skip
    assert len(polygons.objects.polygons) == 5
    assert list(polygons.objects.polygons.row(0)) == [0, 0, 0, 1, 0, 2, 0, 3, 0, 4]
    assert (polygons.images.width[0], polygons.images.height[0]) == (5, 5)  # "heigth": 5


def test_real_panoptic_files_name_the_label_by_supercategory(tmp_path: Path) -> None:
    """Mapillary's own panoptic_2018.json: ``name`` is readable, ``supercategory`` the label."""
    version = tmp_path / "val" / "v1.2"
    (version / "panoptic").mkdir(parents=True)
    (tmp_path / "config_v1.2.json").write_bytes((ROOT / "config_v1.2.json").read_bytes())
    doc = {
        "images": [{"id": "a", "file_name": "a.jpg", "width": 2, "height": 1}],
        "annotations": [{"image_id": "a", "file_name": "a.png", "segments_info": [
            {"id": 7, "category_id": 3, "area": 2, "bbox": [0, 0, 2, 1], "iscrowd": 0}]}],
        "categories": [{"id": 3, "name": "Bicycle", "supercategory": "object--vehicle--bicycle",
                        "isthing": 1, "color": [119, 11, 32]}],
    }  # fmt: skip
    (version / "panoptic" / "panoptic_2018.json").write_text(json.dumps(doc))
    Image.fromarray(np.full((1, 2, 3), (7, 0, 0), np.uint8)).save(version / "panoptic" / "a.png")
    panoptic = next(d for d in read(tmp_path) if d.kind == "panoptic")
    assert panoptic.findings == []
    assert [(c.name, c.id) for c in panoptic.categories] == [("object--vehicle--bicycle", 2)]
    assert list(panoptic.objects.box[0]) == [0, 0, 2, 1]


def test_rgb_label_masks_are_read_through_the_config_colours(tmp_path: Path) -> None:
    labels = tmp_path / "train" / "v2.0" / "labels"
    labels.mkdir(parents=True)
    (tmp_path / "config_v2.0.json").write_bytes((ROOT / "config_v2.0.json").read_bytes())
    rgb = np.zeros((2, 2, 3), np.uint8)
    rgb[0] = (119, 11, 32)  # bicycle, label 2
    rgb[1] = (165, 42, 42)  # bird, label 0
    Image.fromarray(rgb).save(labels / "x.png")
    (dataset,) = [d for d in read(labels) if d.kind == "labels"]
    assert dataset.findings == []
    assert dataset.images.masks.values == {0: [0, 2]}
    assert dataset.images.masks.examples == {0: {2: (0, 0), 0: (0, 1)}}


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("", "Mapillary Vistas dataset (config_v1.2.json and split folders)"),
        ("val", "Mapillary Vistas split folder (v1.2 / v2.0 annotation folders)"),
        ("val/v2.0", "Mapillary Vistas v2.0 folder with labels, instances, panoptic, polygons"),
        ("val/v1.2/instances", "instances folder of a Mapillary Vistas v1.2 folder"),
    ],
)
def test_discovery_gives_the_folder_to_the_vistas_reader(relative: str, reason: str) -> None:
    found = discover([ROOT / relative])
    assert [(s.format, s.reason) for s in found.sources] == [(FORMAT, reason)]


@pytest.mark.parametrize(
    "relative", ["val/v2.0/panoptic/panoptic_2020.json", "val/v2.0/polygons/0.json"]
)
def test_its_json_files_are_its_own(relative: str) -> None:
    path = ROOT / relative
    (source,) = discover([path]).sources
    assert source.format == FORMAT
    assert [d.findings for d in read(path) if d.kind != "config"] == [[]]


def test_a_coco_panoptic_file_stays_coco(tmp_path: Path) -> None:
    path = tmp_path / "annotations" / "panoptic_2020.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"images": [], "annotations": [], "categories": []}))
    head = path.read_bytes()
    assert [n for n in READERS if reader(n).sniff(path, head)] == ["coco"]


# -- importer and exporter ------------------------------------------------------------------
def imported(name: str = "config_v2.0.json") -> dict[str, dict[str, object]]:
    document = importer("mapillary").import_taxonomy(ROOT / name, ImportOptions()).document
    classes: dict[str, dict[str, object]] = document["classes"]
    return classes


def test_import_keeps_the_hierarchy_index_colour_and_instances() -> None:
    classes = imported()
    assert classes["construction--barrier--separator"] == {
        "id": 1,
        "title": "Separator",
        "parent": "construction--barrier",
        "color": "#808080",
        "label_types": ["outline", "segmentation"],
        "kind": "thing",
        "crowd": True,
    }
    assert classes["construction--barrier"] == {
        "id": 102, "abstract": True, "parent": "construction"
    }  # fmt: skip
    assert classes["construction"] == {"id": 101, "abstract": True}


def test_import_marks_stuff_void_and_not_evaluated(tmp_path: Path) -> None:
    config = {"labels": [
        {"color": [128, 64, 128], "instances": False, "readable": "Road",
         "name": "construction--flat--road", "evaluate": True},
        {"color": [0, 0, 0], "instances": False, "readable": "Unlabeled",
         "name": "void--unlabeled", "evaluate": False},
    ]}  # fmt: skip
    path = tmp_path / "config_v1.2.json"
    path.write_text(json.dumps(config))
    classes = importer("mapillary").import_taxonomy(path, ImportOptions()).document["classes"]
    assert classes["construction--flat--road"]["kind"] == "stuff"
    assert "crowd" not in classes["construction--flat--road"]
    unlabeled = classes["void--unlabeled"]
    assert (unlabeled["region"], unlabeled["evaluated"], unlabeled["id"]) == ("void", False, 1)


def test_an_unusable_config_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "config_v2.0.json"
    path.write_text(json.dumps({"labels": [{"name": "a", "color": [1, 2]}]}))
    with pytest.raises(InvalidInput, match=r"#/labels/0/color: color must be"):
        importer("mapillary").import_taxonomy(path, ImportOptions())


def test_import_then_export_gives_the_config_back(tmp_path: Path) -> None:
    out = tmp_path / "vistas.yaml"
    with pytest.raises(SystemExit) as stop:
        main(["import", "mapillary", str(ROOT / "config_v2.0.json"), "-o", str(out)])
    assert stop.value.code == 0
    assert [f.render() for f in lint([out]) if f.severity >= Severity.ERROR] == []
    text = exporter("mapillary").export(load(out))
    assert text == exporter("mapillary").export(load(out))  # deterministic
    original, _ = parse_labels(json.loads((ROOT / "config_v2.0.json").read_text()))
    again, problems = parse_labels(json.loads(text))
    assert problems == [] and again == original


def test_export_names_the_hierarchy_and_refuses_gaps(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nversion: 0.1.0\nlabel_types:\n  m: {kind: mask}\nclasses:\n"
        "  vehicle: {id: 10, abstract: true}\n"
        "  car: {id: 0, parent: vehicle, label_types: [m], kind: thing, color: '#010203'}\n"
        "  road: {id: 1, label_types: [m], kind: stuff, evaluated: false}\n"
    )
    labels = json.loads(exporter("mapillary").export(load(path)))["labels"]
    assert [(x["name"], x["instances"], x["evaluate"]) for x in labels] == [
        ("vehicle--car", True, True), ("road", False, False)
    ]  # fmt: skip
    assert labels[0]["color"] == [1, 2, 3]
    path.write_text(path.read_text().replace("road: {id: 1", "road: {id: 2"))
    with pytest.raises(InvalidInput, match="it would be label 1"):
        exporter("mapillary").export(load(path))


def test_a_folder_without_the_layout_is_f007(tmp_path: Path) -> None:
    (dataset,) = read(tmp_path)
    assert [(f.code, f.severity) for f in dataset.findings] == [("F007", Severity.ERROR)]
