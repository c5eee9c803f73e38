"""Every statistic of a constructed COCO file, against answers worked out by hand."""

from __future__ import annotations

from pathlib import Path

from taxonomist.quality.stats import DatasetStats
from taxonomist.quality.stats.model import ImageSize, KeypointStats, Pair


def by_name(stats: DatasetStats) -> dict[str, object]:
    return {c.name: c for c in stats.classes}


def test_class_counts_and_unknown_names(known: DatasetStats, known_file: Path) -> None:
    classes = by_name(known)
    assert {c.name: c.objects for c in known.used()} == {
        "car": 2,
        "person": 1,
        "bicycle": 1,
        "unicorn": 1,
    }
    unicorn = classes["unicorn"]
    assert not unicorn.known and unicorn.files == (str(known_file),)
    assert [c.name for c in known.unknown] == ["unicorn"]
    assert classes["car"].images == 2 and classes["car"].mean_width == 70.0


def test_hierarchy(known: DatasetStats) -> None:
    classes = by_name(known)
    assert classes["vehicle"].subtree == 3 and classes["vehicle"].objects == 0
    assert classes["car"].parent == "vehicle" and classes["car"].depth == 1
    assert classes["person"].subtree == 1


def test_images_and_objects_per_image(known: DatasetStats) -> None:
    assert (known.images, known.objects) == (4, 5)
    assert known.objects_per_image == ((0, 1), (1, 1), (2, 2))
    assert known.images_without_objects == 1 and known.empty_images == ("d.jpg",)
    assert known.image_sizes == (ImageSize(640, 480, 3), ImageSize(100, 50, 1))


def test_area_bins_use_the_files_area(known: DatasetStats) -> None:
    assert known.area_bins == (2, 2, 1)
    assert known.area_from_file == 4 and known.area_unknown == 0
    classes = by_name(known)
    assert classes["person"].area_bins == (1, 0, 0)  # area 150, though its box is 200
    assert classes["unicorn"].area_bins == (0, 1, 0)  # 1024 = 32² is not < 32²
    assert classes["car"].area_bins == (0, 1, 1)


def test_box_histograms(known: DatasetStats) -> None:
    assert sum(known.width.counts) == 5 and sum(known.aspect.counts) == 5
    edges = known.aspect.edges
    square = next(i for i, e in enumerate(edges) if e == 1.0)
    assert known.aspect.counts[square] == 3  # three square boxes; 0.5 and 2 elsewhere
    assert known.aspect.counts[square - 4] == 1 and known.aspect.counts[square + 4] == 1


def test_cooccurrence(known: DatasetStats) -> None:
    assert known.pairs == (Pair("car", "person", 1), Pair("car", "unicorn", 1))


def test_attributes(known: DatasetStats) -> None:
    found = {a.name: {v.value: v.count for v in a.values} for a in known.attributes}
    assert found == {"color": {"red": 2}, "occluded": {"false": 2, "true": 1}}


def test_keypoint_visibility(known: DatasetStats) -> None:
    points = {k.name: k for k in known.keypoints}
    assert points["nose"] == KeypointStats("keypoints", "nose", 1, 0, 0)
    assert (points["left_eye"].visible, points["left_eye"].hidden) == (0, 1)
    assert points["right_ankle"].unlabelled == 1 and len(points) == 17


def test_unused_classes(known: DatasetStats) -> None:
    assert "dog" in known.unused and "car" not in known.unused
    assert "vehicle" not in known.unused  # abstract, and used below
    assert len(known.unused) == 80 - 3
