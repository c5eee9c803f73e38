"""Every valid real COCO file reads with zero findings, as the variant it is."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from taxonomist.formats import coco
from tests.formats.conftest import CORPUS

FILES = sorted(CORPUS.glob("formats/coco*/**/*.json")) if CORPUS.is_dir() else []
KINDS = {
    "captions": "captions",
    "image_info": "image_info",
    "instances": "instances",
    "labels": "labels",
    "panoptic": "panoptic",
    "person_keypoints": "keypoints",
    "stuff": "instances",
}


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_file_reads_clean(path: Path) -> None:
    dataset = coco.read(path)[0]
    assert [f.render() for f in dataset.findings] == []
    assert coco.sniff(path, path.read_bytes()[:65536])
    if path.name.endswith("_results.json"):
        assert dataset.kind == "results"
    else:
        prefix = path.stem.rsplit("_", 1)[0]
        assert dataset.kind == KINDS[prefix]


@pytest.mark.corpus
def test_instances_quirks(corpus: Path) -> None:
    path = corpus / "formats/coco/datumaro_coco/annotations/instances_val.json"
    dataset = coco.read(path)[0]
    objects = dataset.objects
    assert [c.id for c in dataset.categories] == [1, 2, 4]
    assert objects.category.tolist() == [0, 1]
    assert objects.polygons.owner.tolist() == [0]
    assert objects.polygons.row(0).tolist() == [0.0, 0.0, 1.0, 0.0, 1.0, 2.0, 0.0, 2.0]
    assert objects.rle[1].counts == [0, 20, 30]
    assert (objects.rle[1].height, objects.rle[1].width) == (10, 5)
    assert objects.attributes == {0: {"x": 1, "y": "hello"}}
    assert objects.crowd.tolist() == [False, True]
    loc = dataset.object_location(1)
    assert (loc.pointer, loc.annotation_id, loc.image_id, loc.image_file) == (
        "/annotations/1",
        "2",
        "40",
        "b.jpg",
    )
    assert loc.line is not None
    text = path.read_text().splitlines()
    assert text[loc.line - 1][loc.column - 1] == "{"


@pytest.mark.corpus
def test_keypoint_results(corpus: Path) -> None:
    path = (
        corpus
        / "formats/coco/cocoapi_results/person_keypoints_val2014_fakekeypoints100_results.json"
    )
    dataset = coco.read(path)[0]
    assert dataset.kind == "results"
    assert not dataset.declares_categories
    assert len(dataset.objects.keypoints) == len(dataset.objects) == 125
    assert set(np.diff(dataset.objects.keypoints.offsets).tolist()) == {51}
    assert (dataset.objects.image >= 0).all()
    assert not np.isnan(dataset.objects.score).any()


@pytest.mark.corpus
def test_panoptic_png_areas(corpus: Path) -> None:
    path = corpus / "formats/coco_panoptic/panopticapi/panoptic_examples.json"
    dataset = coco.read(path)[0]
    assert dataset.kind == "panoptic"
    areas = dataset.objects.png_area
    assert not np.isnan(areas).any()
    assert np.allclose(areas, dataset.objects.area)


@pytest.mark.corpus
def test_discover_finds_every_coco_file(corpus: Path) -> None:
    from taxonomist.formats.discover import discover

    found = discover([corpus / "formats" / "coco", corpus / "formats" / "coco_panoptic"])
    assert found.findings == []
    assert sorted(s.path.resolve() for s in found.sources) == sorted(p.resolve() for p in FILES)
    assert {s.format for s in found.sources} == {"coco"}
