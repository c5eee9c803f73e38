"""CVAT XML reader: task, project and video exports; skeletons, tags, broken cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.formats import cvat
from tests.formats.cases import (
    DATA,
    errors,
    read_all,
    shared_corpus,
)

VALID = sorted((DATA / "cvat" / "valid").rglob("*.xml"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_files_read_without_errors(path: Path) -> None:
    assert cvat.sniff(path, path.read_bytes()[:65536]) is not None
    assert errors(read_all("cvat", path)) == []


def test_task_export_shapes_attributes_and_empty_labels() -> None:
    (dataset,) = read_all(
        "cvat", DATA / "cvat/valid/datumaro_cvat/for_images/export_task/train.xml"
    )
    assert [c.name for c in dataset.categories] == ["label1", "label2"]
    assert dataset.categories[0].line == 8
    assert dataset.objects.box[0].tolist() == [0, 2, 4, 2]
    assert dataset.objects.attributes[0] == {"a1": True, "a2": "v3", "a3": "0003", "a4": 2.4}
    assert dataset.objects.points.row(0).tolist() == [1, 2, 3, 4, 5, 6]
    assert {f.code for f in dataset.findings} == {"S101"}  # two label="" shapes, info only


def test_project_export_keeps_image_ids_unique_per_subset() -> None:
    path = DATA / "cvat/valid/datumaro_cvat/for_images/export_project/annotations.xml"
    (dataset,) = read_all("cvat", path)
    assert len(set(dataset.images.ids)) == len(dataset.images) == 6
    assert len(dataset.objects.polygons) == 3
    assert len(dataset.objects.polylines) == 3


def test_video_tracks_skip_outside_frames() -> None:
    (dataset,) = read_all("cvat", DATA / "cvat/valid/datumaro_cvat/for_video/annotations.xml")
    assert dataset.images.ids == ["frame_000010", "frame_000013"]
    assert dataset.objects.ids == ["track0/frame10", "track1/frame10", "track2/frame13"]
    assert (dataset.images.width[0], dataset.images.height[0]) == (25.0, 20.0)
    assert dataset.objects.attributes[1] == {"hgl": "hgkf"}
    assert [c.name for c in dataset.categories] == ["klhg", "z U k", "II"]


def test_skeleton_points_follow_sublabel_order_tags_and_ellipses() -> None:
    (dataset,) = read_all("cvat", DATA / "cvat/valid/skeleton_tags.xml")
    assert dataset.objects.keypoints.row(0).tolist() == [50, 10, 2, 0, 0, 0, 60, 40, 1]
    assert dataset.objects.attributes[0] == {"pose": "sitting"}
    assert dataset.images.labels == [{"tag": ["daytime"]}]
    assert dataset.objects.box[1].tolist() == [15, 66, 10, 8]


def test_parent_layout_points_are_the_skeleton_s_not_classes() -> None:
    (dataset,) = read_all("cvat", DATA / "cvat/valid/skeleton_parent.xml")
    assert [c.name for c in dataset.categories] == ["car", "s1"]
    first = [54.47, 94.81, 2, 68.02, 162.34, 2, 125.87, 62.85, 2]
    assert dataset.objects.keypoints.row(0).tolist() == first


def test_skeleton_track_gives_one_object_per_frame() -> None:
    (dataset,) = read_all("cvat", DATA / "cvat/valid/skeleton_track.xml")
    assert dataset.objects.ids == ["track1/frame0", "track1/frame1", "track1/frame6"]
    assert dataset.objects.keypoints.row(1).tolist() == [0.0] * 9  # every point outside


def test_nested_point_tracks_fill_the_skeleton_outside_is_v0() -> None:
    (dataset,) = read_all("cvat", DATA / "cvat/valid/skeleton_nested_tracks.xml")
    assert [c.name for c in dataset.categories] == ["car", "s1"]
    assert dataset.images.ids == ["frame_000000", "frame_000006"]
    first = [112.07, 258.59, 2, 127.87, 333.23, 2, 195.37, 223.27, 2]
    assert dataset.objects.keypoints.row(0).tolist() == first
    assert dataset.objects.keypoints.row(1).tolist()[3:6] == [0, 0, 0]


def test_nested_point_tracks_without_skeleton_elements(tmp_path: Path) -> None:
    text = (DATA / "cvat/valid/skeleton_nested_tracks.xml").read_text()
    lines = [
        line for line in text.splitlines() if not line.lstrip().startswith(("<skel", "</skel"))
    ]
    path = tmp_path / "point_tracks_only.xml"
    path.write_text("\n".join(lines))
    (dataset,) = cvat.read(path)
    assert dataset.objects.ids == ["track1/frame0", "track1/frame6"]
    assert dataset.objects.keypoints.row(1).tolist()[6:] == [210.37, 260.27, 2]


@pytest.mark.corpus
def test_shared_corpus_cvat_reads_without_errors() -> None:
    root = shared_corpus("cvat")
    files = sorted(root.rglob("*.xml"))
    assert len(files) == 3
    for path in files:
        assert errors(read_all("cvat", path)) == [], path
