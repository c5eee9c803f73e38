"""The counts agree with pycocotools' COCO API on real COCO files of the corpus: objects
per category, images, images per category and COCO's area bins by the file's ``area``."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

import pytest

from taxonomist.quality.stats import compute_stats

GENERATOR = Path(__file__).parents[3] / "benchmarks" / "generate.py"
FILES = (
    "datumaro_coco/annotations/instances_train.json",
    "datumaro_coco/annotations/instances_val.json",
    "datumaro_coco/annotations/person_keypoints_train.json",
    "datumaro_coco/annotations/labels_val.json",
)


def pycocotools_counts(path: Path) -> dict[str, Any]:
    coco_api = pytest.importorskip("pycocotools.coco")
    with contextlib.redirect_stdout(io.StringIO()):  # it prints its progress
        coco = coco_api.COCO(str(path))
    per_category, images_with, bins = {}, {}, {}
    for cat in coco.loadCats(coco.getCatIds()):
        anns = coco.loadAnns(coco.getAnnIds(catIds=[cat["id"]], iscrowd=None))
        if anns:
            per_category[cat["id"]] = len(anns)
            images_with[cat["id"]] = len(coco.getImgIds(catIds=[cat["id"]]))
            areas = [a["area"] for a in anns if "area" in a]
            bins[cat["id"]] = (
                sum(a < 32**2 for a in areas),
                sum(32**2 <= a < 96**2 for a in areas),
                sum(a >= 96**2 for a in areas),
            )
    given = all("area" in a for a in coco.anns.values())
    return {
        "areas_given": given,
        "images": len(coco.getImgIds()),
        "objects": len(coco.getAnnIds()),
        "per_category": per_category,
        "images_with": images_with,
        "bins": bins,
    }


@pytest.mark.parametrize("name", FILES)
def test_counts_equal_pycocotools(name: str, shared_dir: Path, coco: Any) -> None:
    path = shared_dir / "corpus" / "formats" / "coco" / name
    if not path.is_file():
        pytest.skip(f"{path} not in the corpus")
    assert_same_counts(path, coco)


def test_generated_file_counts_equal_pycocotools(
    coco: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20k annotations over the 80 classes (gaps in the ids, polygons with their areas,
    keypoints), written by the benchmarks' seeded generator."""
    spec = importlib.util.spec_from_file_location("benchmark_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, generator)  # its dataclasses look it up
    spec.loader.exec_module(generator)
    path = generator.generate(20_000, tmp_path, faults=False)["clean"]
    assert_same_counts(path, coco)


def assert_same_counts(path: Path, coco: Any) -> None:
    expected = pycocotools_counts(path)
    stats = compute_stats(coco, [path])
    assert not stats.unread
    assert (stats.images, stats.objects) == (expected["images"], expected["objects"])
    ids = {name: cls.spec.id for name, cls in coco.classes.items()}  # files match by id
    assert {ids[c.name]: c.objects for c in stats.used()} == expected["per_category"]
    assert {ids[c.name]: c.images for c in stats.used()} == expected["images_with"]
    if expected["areas_given"]:
        assert {ids[c.name]: c.area_bins for c in stats.used()} == expected["bins"]
