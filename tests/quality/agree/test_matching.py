"""Objects matched one to one: known IoUs, misses and extras, class swaps, OKS, mask IoU."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from tests.quality.agree.conftest import DEMO_A, agree, native, obj

from taxonomist.api import load_taxonomy
from taxonomist.taxonomy.resolved import Taxonomy


def test_identical_files_agree_fully(demo: Taxonomy) -> None:
    report = agree(demo, DEMO_A, DEMO_A)
    pair = report.pairs[0]
    assert pair.overall.f1 == 1.0 and pair.overall.matched == 11
    assert pair.overall.mean_overlap == 1.0
    assert all(a.alpha == 1.0 and a.kappa == 1.0 for a in pair.attributes)
    assert pair.disagreements == () and report.gaps == ()
    assert all(label.fleiss_kappa == 1.0 for label in report.labels)


def test_a_shifted_box_has_the_exact_iou(demo: Taxonomy, tmp_path: Path) -> None:
    a = native(tmp_path / "a.json", {"x": [obj(1, "cup", [10, 10, 20, 20])]})
    b = native(tmp_path / "b.json", {"x": [obj(1, "cup", [15, 10, 20, 20])]})
    pair = agree(demo, a, b).pairs[0]
    # overlap 15 x 20 = 300, union 400 + 400 - 300 = 500
    assert pair.overall.mean_overlap == pytest.approx(0.6)
    assert pair.overall.matched == 1


def test_below_the_threshold_is_a_miss_and_an_extra(demo: Taxonomy, tmp_path: Path) -> None:
    a = native(tmp_path / "a.json", {"x": [obj(1, "cup", [10, 10, 20, 20])]})
    b = native(tmp_path / "b.json", {"x": [obj(1, "cup", [15, 10, 20, 20])]})
    pair = agree(demo, a, b, iou=0.7).pairs[0]
    assert (pair.overall.matched, pair.overall.missed, pair.overall.extra) == (0, 1, 1)


def test_missed_and_extra_counts(demo: Taxonomy, tmp_path: Path) -> None:
    boxes = [[0, 0, 20, 20], [40, 0, 20, 20], [0, 40, 20, 20]]
    a = native(tmp_path / "a.json", {"x": [obj(i, "cup", b) for i, b in enumerate(boxes)]})
    b_objects = [obj(0, "cup", boxes[0]), obj(1, "cup", boxes[1]), obj(2, "cup", [70, 70, 20, 20])]
    b = native(tmp_path / "b.json", {"x": b_objects})
    overall = agree(demo, a, b).pairs[0].overall
    assert (overall.in_a, overall.in_b, overall.matched) == (3, 3, 2)
    assert (overall.missed, overall.extra) == (1, 1)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == pytest.approx(2 / 3)
    assert overall.f1 == pytest.approx(2 / 3)


def test_class_swap_is_a_confusion_cell(demo: Taxonomy, tmp_path: Path) -> None:
    a = native(tmp_path / "a.json", {"x": [obj(1, "cup", [10, 10, 30, 30])]})
    b = native(tmp_path / "b.json", {"x": [obj(1, "saucer", [11, 10, 30, 30])]})
    pair = agree(demo, a, b).pairs[0]
    assert pair.confusion == (("cup", "saucer", 1),)
    cup = next(c for c in pair.classes if c.name == "cup")
    assert (cup.swapped, cup.missed, cup.matched) == (1, 0, 0)
    assert [d.kind for d in pair.disagreements] == ["class-swap"]


def test_same_class_first_then_swaps(demo: Taxonomy, tmp_path: Path) -> None:
    # B's cup overlaps A's saucer more than A's cup: within-class matching still pairs cups
    a = native(
        tmp_path / "a.json",
        {"x": [obj(1, "cup", [0, 0, 40, 40]), obj(2, "saucer", [10, 0, 40, 40])]},
    )
    b = native(tmp_path / "b.json", {"x": [obj(1, "cup", [8, 0, 40, 40])]})
    pair = agree(demo, a, b).pairs[0]
    assert pair.confusion == (("cup", "cup", 1),)
    assert pair.overall.missed == 1


def pose(dx: float) -> list[float]:
    points = [(50 + 2 * k + dx, 40 + k, 2) for k in range(17)]
    return [v for p in points for v in p]


def test_oks_match(demo: Taxonomy, tmp_path: Path) -> None:
    def person(dx: float) -> dict[str, object]:
        record = obj(1, "person", [40, 30, 50, 60], truncated=False)
        record["shapes"] = {"coco_pose": pose(dx)}
        return record

    a = native(tmp_path / "a.json", {"x": [person(0)]})
    b = native(tmp_path / "b.json", {"x": [person(3)]})
    pair = agree(demo, a, b, match_by="keypoints").pairs[0]
    sigmas = load_taxonomy(Path("builtin:coco")).label_types["keypoints"].sigmas  # type: ignore[union-attr]
    area = 50 * 60
    expected = sum(math.exp(-9 / (2 * area * (2 * s) ** 2)) for s in sigmas.values()) / 17
    assert pair.overall.matched == 1
    assert pair.overall.mean_overlap == pytest.approx(expected)


def coco_masks(path: Path, counts: list[int]) -> Path:
    data = {
        "images": [{"id": 1, "file_name": "m.png", "width": 10, "height": 10}],
        "categories": [{"id": 47, "name": "cup"}],
        "annotations": [
            {
                "id": 1,
                "image_id": 1,
                "category_id": 47,
                "bbox": [0, 0, 10, 10],
                "area": float(sum(counts[1::2])),
                "iscrowd": 0,
                "segmentation": {"size": [10, 10], "counts": counts},
            }
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_mask_iou_on_rle(tmp_path: Path) -> None:
    coco = load_taxonomy(Path("builtin:coco"))
    # column-major runs: A paints columns 0-2 (30 px), B columns 1-4 (40 px): 20 shared, 50 in all
    a = coco_masks(tmp_path / "a.json", [0, 30, 70])
    b = coco_masks(tmp_path / "b.json", [10, 40, 50])
    report = agree(coco, a, b, match_by="mask", iou=0.3)
    assert report.pairs[0].overall.mean_overlap == pytest.approx(0.4)
    assert any("LVIS" in line for line in report.references)
    assert agree(coco, a, b).pairs[0].overall.mean_overlap == pytest.approx(1.0)  # by box
