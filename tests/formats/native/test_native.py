"""The native reader: JSON and JSON Lines into the common dataset, findings at exact places."""

from __future__ import annotations

import numpy as np

from taxonomist.formats import native
from tests.formats.conftest import DATA

NATIVE = DATA / "native"


def test_valid_json_reads_every_part() -> None:
    path = NATIVE / "valid.json"
    assert native.sniff(path, path.read_bytes())
    dataset = native.read(path)[0]
    assert dataset.findings == []
    assert not dataset.declares_categories
    assert [c.name for c in dataset.categories] == ["cat", "flag", "person", "horse"]
    objects = dataset.objects
    assert objects.ids == [1, 2]
    assert objects.category.tolist() == [2, 3]
    assert objects.box.tolist() == [[10, 20, 100, 200], [5, 100, 300, 200]]
    assert objects.keypoints.label_type == ["pose"]
    assert objects.keypoints.row(0).tolist() == [1, 2, 2, 3, 4, 1, 0, 0, 0]
    assert objects.polygons.owner.tolist() == [0, 0]
    assert objects.polygons.label_type == ["outline", "outline"]
    assert objects.rle[0].counts == [0, 10, 262134]
    assert np.isnan(objects.extra_boxes["visible_box"][1]).all()
    assert objects.extra_boxes["visible_box"][0].tolist() == [10, 20, 50, 50]
    assert objects.relations == {0: [("rides", 2)]}
    assert objects.annotator == {0: "ann-3"}
    assert objects.attributes[0] == {"occlusion": 40, "depiction": "real"}
    assert objects.score[0] == 0.9 and np.isnan(objects.score[1])
    assert dataset.images.verified_absent == {0: [0]}
    assert dataset.images.not_exhaustive == {0: [1]}
    assert dataset.images.labels is not None and dataset.images.labels[0]["scene"] == "indoor"
    assert (dataset.taxonomy, dataset.taxonomy_version) == ("demo-space", "1.0.0")
    assert {row: rle.label_type for row, rle in objects.rle.items()} == {0: "mask"}
    loc = dataset.object_location(1)
    assert (loc.line, loc.column, loc.pointer) == (17, 6, "/images/0/objects/1")
    assert (loc.image_id, loc.image_file, loc.annotation_id) == (
        "astronaut",
        "images/astronaut.png",
        "2",
    )


def test_jsonl_lines_are_exact() -> None:
    path = NATIVE / "valid.jsonl"
    assert native.sniff(path, path.read_bytes())
    dataset = native.read(path)[0]
    assert dataset.findings == []
    assert dataset.images.ids == ["a", "b"]
    assert dataset.objects.ids == [1, "#1"]
    assert np.isnan(dataset.images.width[1])
    loc = dataset.object_location(1)
    assert (loc.line, loc.pointer) == (3, "/objects/0")
    assert dataset.image_location(1).line == 3


def test_field_problems_are_findings() -> None:
    dataset = native.read(NATIVE / "broken_fields.json")[0]
    got = [(f.code, f.location.line, f.location.column) for f in dataset.findings]
    assert got == [("S002", 13, 16), ("S004", 17, 62), ("S003", 17, 41)]
    assert len(dataset.objects) == 2


def test_jsonl_problems_name_their_line() -> None:
    dataset = native.read(NATIVE / "broken_lines.jsonl")[0]
    got = [(f.code, f.location.line, f.location.column) for f in dataset.findings]
    assert got == [("S002", 3, 49), ("F002", 4, 12)]
    assert dataset.images.ids == ["a", "b"]


def test_wrong_top_level_shape() -> None:
    dataset = native.read(NATIVE / "f003_list.json")[0]
    assert [(f.code, f.location.line) for f in dataset.findings] == [("F003", 1)]
    assert len(dataset.images) == 0


def test_sniff_tells_native_from_coco() -> None:
    coco_head = b'{"images": [{"id": 1, "file_name": "a.jpg"}], "annotations": []}'
    assert native.sniff(NATIVE / "x.json", coco_head) is None
    assert native.sniff(NATIVE / "x.json", b'\xef\xbb\xbf {"taxonomy": "t", "images": []}')
    assert native.sniff(NATIVE / "x.jsonl", b'{"id": "a", "objects": []}\n')
    assert native.sniff(NATIVE / "x.json", b"[1, 2]") is None
