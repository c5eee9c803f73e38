"""COCO reader: one broken file per F/S code (expected code, line, column, pointer), the
small valid file in detail, and a generated 10k-annotation file round-tripping its counts."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from taxonomist.formats import coco
from taxonomist.formats.codes import CODES
from tests.formats.cases import expected, invalid_cases
from tests.formats.conftest import DATA

COCO = DATA / "coco"
EXPECTED: dict[str, list[list[Any]]] = json.loads((COCO / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_gives_expected_findings(name: str) -> None:
    dataset = coco.read(COCO / name)[0]
    got = [
        [f.code, f.location.line, f.location.column, f.location.pointer] for f in dataset.findings
    ]
    assert got == EXPECTED[name]
    for finding in dataset.findings:
        assert finding.name == {d.code: d for d in CODES}[finding.code].name
        assert finding.location.file == str(COCO / name)


def test_every_reader_code_has_a_case_or_a_test() -> None:
    covered = {code for found in EXPECTED.values() for code, *_ in found}
    covered |= {"F007", "S004"}  # discover and native tests
    covered |= {"F030", "F031"}  # the engine's safety net: tests/hostile/test_readers_json.py
    covered |= {code for case in invalid_cases("coco") for code, *_ in expected(case)[1]}
    assert covered == {doc.code for doc in CODES}


def test_every_code_is_documented() -> None:
    for doc in CODES:
        assert doc.summary and doc.why and doc.bad and doc.good, doc.code
        assert doc.name == doc.name.lower() and " " not in doc.name


def test_small_valid_file_in_detail() -> None:
    dataset = coco.read(COCO / "valid" / "instances_small.json")[0]
    assert dataset.findings == []
    assert dataset.kind == "keypoints"
    objects = dataset.objects
    assert objects.ids == [10, 11, 12, 13]
    assert objects.image.tolist() == [0, 0, 1, 1]
    assert objects.category.tolist() == [0, 1, 1, 0]
    assert objects.crowd.tolist() == [False, True, True, False]
    assert objects.polygons.owner.tolist() == [0, 0]
    assert objects.polygons.lengths().tolist() == [8, 6]
    assert objects.keypoints.owner.tolist() == [0]
    assert objects.num_keypoints is not None and objects.num_keypoints.tolist() == [2, -1, -1, -1]
    assert objects.rle[1].counts == [0, 100, 307100] and objects.rle[2].counts == "PPYo05"
    assert objects.attributes == {3: {"occluded": True}}
    assert objects.box[3].tolist() == [1.5, 2.5, 3, 4]
    assert np.isnan(objects.score).all()
    person = dataset.categories[0]
    assert (person.keypoints, person.skeleton, person.pointer) == (
        ["nose", "left_eye", "right_eye"],
        [[1, 2], [1, 3]],
        "/categories/0",
    )
    assert [c.line for c in dataset.categories] == [19, 20]
    image = dataset.image_location(1)
    assert (image.line, image.pointer, image.image_file) == (5, "/images/1", "b.jpg")
    assert dataset.object_location(2).line == 13


def _generate(path: Path, n: int, seed: int) -> dict[str, int]:
    rnd = random.Random(seed)
    cats = [{"id": 1 + 2 * i, "name": f"c{i}"} for i in range(10)]
    images = [
        {"id": i, "file_name": f"{i}.jpg", "width": 640, "height": 480} for i in range(n // 8)
    ]
    anns, parts, kps = [], 0, 0
    for i in range(n):
        x, y = rnd.uniform(0, 500), rnd.uniform(0, 300)
        ann: dict[str, Any] = {
            "id": i + 1,
            "image_id": i // 8,
            "category_id": cats[i % 10]["id"],
            "bbox": [x, y, 20.0, 30.0],
            "area": 600.0,
            "iscrowd": 0,
            "segmentation": [[x, y, x + 20, y, x + 20, y + 30]] * (1 + i % 2),
        }
        parts += 1 + i % 2
        if i % 10 == 0:
            ann["keypoints"] = [x + 1, y + 1, 2] * 17
            ann["num_keypoints"] = 17
            kps += 1
        anns.append(ann)
    doc = {"images": images, "annotations": anns, "categories": cats}
    path.write_text(json.dumps(doc))
    return {"objects": n, "parts": parts, "keypoints": kps, "images": len(images)}


def test_generated_10k_round_trips_counts(tmp_path: Path) -> None:
    path = tmp_path / "instances_gen.json"
    counts = _generate(path, 10_000, seed=1)
    dataset = coco.read(path)[0]
    assert dataset.findings == []
    objects = dataset.objects
    assert len(objects) == counts["objects"]
    assert len(dataset.images) == counts["images"]
    assert len(objects.polygons) == counts["parts"]
    assert len(objects.keypoints) == counts["keypoints"]
    assert (objects.image >= 0).all() and (objects.category >= 0).all()
    assert objects.category[:10].tolist() == list(range(10))
    assert set(objects.keypoints.lengths().tolist()) == {51}
    assert objects.ids[-1] == 10_000
    loc = dataset.object_location(9_999)
    assert (loc.line, loc.pointer, loc.annotation_id) == (1, "/annotations/9999", "10000")
    text = path.read_text()
    assert loc.column is not None and text[loc.column - 1 :].startswith('{"id": 10000,')
    _same_as_plain_json(dataset, json.loads(text)["annotations"])


def _same_as_plain_json(dataset: Any, anns: list[dict[str, Any]]) -> None:
    """The bulk, chunked columns hold exactly what a plain per-record read gives."""
    objects = dataset.objects
    assert np.array_equal(objects.box, np.array([a["bbox"] for a in anns], float))
    parts = [(i, part) for i, a in enumerate(anns) for part in a["segmentation"]]
    assert objects.polygons.owner.tolist() == [i for i, _ in parts]
    assert objects.polygons.lengths().tolist() == [len(p) for _, p in parts]
    assert objects.polygons.values.tolist() == [v for _, p in parts for v in p]
    points = [(i, a["keypoints"]) for i, a in enumerate(anns) if "keypoints" in a]
    assert objects.keypoints.owner.tolist() == [i for i, _ in points]
    assert objects.keypoints.values.tolist() == [v for _, k in points for v in k]
