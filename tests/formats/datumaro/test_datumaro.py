"""Datumaro reader: Datumaro's own reference datasets (legacy layout, a 1.0 classification
export) and a file written as its exporter writes every annotation type; sniffing against
COCO both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.formats import READERS, reader
from taxonomist.formats.datumaro import sniff
from taxonomist.formats.discover import discover
from tests.formats.cases import DATA, errors, read_all, shared_corpus

VALID = DATA / "datumaro" / "valid"
SINK = VALID / "kitchen_sink"


def _claims(path: Path) -> list[str]:
    head = b"" if path.is_dir() else path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


@pytest.mark.parametrize("name", ["kitchen_sink", "legacy", "noisy_label_detection_cls"])
def test_each_reference_dataset_is_claimed_by_datumaro_only(name: str) -> None:
    folder = VALID / name
    assert _claims(folder) == ["datumaro"]
    for file in sorted((folder / "annotations").glob("*.json")):
        assert _claims(file) == ["datumaro"]
        assert errors(read_all("datumaro", file)) == []


def test_the_legacy_folder_reads_one_dataset_per_subset() -> None:
    datasets = read_all("datumaro", VALID / "legacy")
    assert [Path(d.source).name for d in datasets] == ["test.json", "train.json", "validation.json"]
    train = datasets[1]
    assert [c.name for c in train.categories] == ["car", "bicycle", "tom", "mary"]
    assert train.images.labels == [{"label": ["car"]}, {"label": ["car", "bicycle", "tom", "mary"]}]
    assert train.images.files == ["train/a.jpg", "train/b.jpg"]
    # no size in the file: read from images/<subset>/<path>, else images/<path>, as Datumaro does
    assert train.images.width.tolist() == [6, 8]
    assert train.images.height.tolist() == [8, 2]


def test_every_annotation_type_of_the_exporter_is_read() -> None:
    (dataset,) = read_all("datumaro", SINK / "annotations" / "train.json")
    objects = dataset.objects
    assert [c.name for c in dataset.categories] == ["cat0", "cat1", "cat2", "cat3", "cat4"]
    assert dataset.categories[0].keypoints == ["nose", "tail"]
    assert dataset.images.width.tolist() == [6, 6] and dataset.images.height.tolist() == [10, 10]
    assert dataset.images.labels == [{"label": ["cat2"]}, {"label": ["cat3"]}]
    shapes = [
        (objects.flags[i]["shape"], dataset.categories[c].name)
        for i, c in enumerate(objects.category)
    ]
    assert shapes == [
        ("bbox", "cat4"),
        ("points", "cat0"),
        ("mask", "cat3"),
        ("ellipse", "cat3"),
        ("cuboid_2d", "cat3"),
        ("polygon", "cat1"),
        ("polyline", "cat2"),
    ]
    assert objects.box[0].tolist() == [1, 2, 3, 4]
    assert objects.keypoints.row(0).tolist() == [1, 2, 2, 2, 0, 1]  # x y visibility
    assert objects.rle[2].height == 10 and objects.rle[2].width == 6
    assert objects.box[3].tolist() == [1, 2, 4, 6]  # the ellipse's two corners
    assert objects.box[4].tolist() == [1, 1, 2.5, 2.5]  # the cuboid's eight corners
    assert objects.polylines.row(0).tolist() == [0, 0, 5, 5, 5, 9]
    assert objects.attributes[0] == {"score": 1.0}
    assert objects.flags[0] == {"shape": "bbox", "id": 4.0, "z_order": 1.0}
    assert dataset.ids_unique_per == "image"  # Datumaro repeats annotation ids in an item
    assert [(f.code, f.severity.label) for f in dataset.findings] == [("S110", "info")]


def test_a_skeleton_of_cvats_fork_is_keypoints_in_category_order(tmp_path: Path) -> None:
    doc = {
        "categories": {
            "label": {
                "labels": [
                    {"name": "hand", "parent": ""},
                    {"name": "thumb", "parent": "hand"},
                    {"name": "wrist", "parent": "hand"},
                ]
            },
            "points": {
                "items": [{"label_id": 0, "labels": ["wrist", "thumb"], "joints": [[1, 2]]}]
            },
        },
        "items": [
            {
                "id": "1",
                "annotations": [
                    {
                        "type": "skeleton",
                        "label_id": 0,
                        "elements": [
                            {"type": "points", "label_id": 1, "points": [5, 6], "visibility": [2]},
                            {"type": "points", "label_id": 2, "points": [1, 2], "visibility": [1]},
                        ],
                    }
                ],
                "image": {"path": "1.jpg", "size": [20, 30]},
            }
        ],
    }
    path = tmp_path / "default.json"
    path.write_text(json.dumps(doc))
    (dataset,) = read_all("datumaro", path)
    assert dataset.findings == []
    assert dataset.objects.keypoints.row(0).tolist() == [1, 2, 1, 5, 6, 2]


def test_coco_files_are_never_datumaros() -> None:
    coco = DATA.parent / "formats" / "coco" / "valid" / "instances_small.json"
    assert sniff(coco, coco.read_bytes()[:65536]) is None


@pytest.mark.corpus
def test_no_coco_file_or_folder_of_the_shared_corpus_is_datumaros() -> None:
    root = shared_corpus("coco", "datumaro_coco")
    assert sniff(root, b"") is None
    for file in sorted((root / "annotations").glob("*.json")):
        assert sniff(file, file.read_bytes()[:65536]) is None, file


def test_a_walk_takes_each_dataset_folder_whole() -> None:
    found = discover([VALID])
    assert sorted((s.path.name, s.format) for s in found.sources) == [
        ("kitchen_sink", "datumaro"),
        ("legacy", "datumaro"),
        ("noisy_label_detection_cls", "datumaro"),
    ]
