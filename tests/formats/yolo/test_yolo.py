"""YOLO reader: real datasets read without errors, broken cases give their codes and lines."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from taxonomist.formats import yolo
from tests.formats.cases import (
    DATA,
    actual,
    errors,
    findings,
    read_all,
    shared_corpus,
)

VALID = DATA / "yolo" / "valid"
VALID_SETS = [
    "datumaro_roboflow/yolo",
    "datumaro_roboflow/yolo_obb",
    "datumaro_yolo/annotations",
    "datumaro_yolo/labels",
    "datumaro_yolo/strict",
    "pose",
    "segment",
]


@pytest.mark.parametrize("name", VALID_SETS)
def test_valid_datasets_read_without_errors(name: str) -> None:
    path = VALID / name
    assert yolo.sniff(path, b"") is not None
    datasets = read_all("yolo", path)
    assert errors(datasets) == []
    assert len(datasets[0].objects) > 0


def test_roboflow_reads_every_split_and_converts_to_pixels() -> None:
    (dataset,) = read_all("yolo", VALID / "datumaro_roboflow" / "yolo")
    assert len(dataset.images) == 3  # train (2) and val, although data.yaml says ../valid
    assert [(c.id, c.name) for c in dataset.categories] == [(0, "label_0"), (1, "label_1")]
    # "0 0.35 0.3 0.3 0.2" on a 10 x 5 image
    assert dataset.objects.box[0].tolist() == pytest.approx([2.0, 1.0, 3.0, 1.0])
    location = dataset.object_location(0)
    assert (Path(location.file).name, location.line) == ("train_001.txt", 1)


def test_dota_obb_lines_keep_class_names_and_pixel_corners() -> None:
    (dataset,) = read_all("yolo", VALID / "datumaro_roboflow" / "yolo_obb")
    corners = dataset.objects.rotated_boxes
    assert len(corners) == 4 and len(dataset.objects.polygons) == 0
    assert corners.row(0).tolist() == [0, 0, 0, 2, 2, 2, 2, 0]
    assert dataset.objects.box[0].tolist() == [0, 0, 2, 2]
    names = [dataset.categories[i].name for i in dataset.objects.category.tolist()]
    assert names == ["label_0", "label_1", "label_0", "label_1"]


def test_pose_keypoints_in_pixels_and_kind() -> None:
    (dataset,) = read_all("yolo", VALID / "pose")
    assert dataset.kind == "keypoints"
    kps = dataset.objects.keypoints.row(0).tolist()
    assert kps == pytest.approx([5.0, 1.5, 2, 4.0, 2.5, 1, 0, 0, 0])


def test_segment_polygon_and_confidence_column() -> None:
    (dataset,) = read_all("yolo", VALID / "segment")
    assert len(dataset.objects.polygons) == 2
    assert dataset.objects.score[2] == pytest.approx(0.9)
    assert np.isnan(dataset.objects.score[0])


def test_names_dict_and_list_give_index_and_name() -> None:
    (dataset,) = read_all("yolo", VALID / "pose")
    assert [(c.id, c.name, c.line) for c in dataset.categories] == [(0, "person", 7)]


def test_index_outside_names_is_an_undeclared_category(tmp_path: Path) -> None:
    (tmp_path / "data.yaml").write_text("train: images\nnames: [car]\n")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "a.txt").write_text("3 0.5 0.5 0.1 0.1\n")
    (dataset,) = read_all("yolo", tmp_path)
    assert dataset.objects.category.tolist() == [-1]


def test_single_label_file_without_names(tmp_path: Path) -> None:
    label = tmp_path / "a.txt"
    label.write_text("2 0.5 0.5 0.1 0.1\n")
    assert yolo.sniff(label, label.read_bytes()) is not None
    (dataset,) = read_all("yolo", label)
    assert not dataset.declares_categories
    assert [(c.id, c.name) for c in dataset.categories] == [(2, "")]


def test_stray_readme_and_lists_are_not_labels() -> None:
    readme = VALID / "datumaro_yolo" / "labels" / "README.txt"
    assert yolo.sniff(readme, readme.read_bytes()) is None
    listing = VALID / "datumaro_yolo" / "strict" / "train.txt"
    assert yolo.sniff(listing, listing.read_bytes()) is None


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG file that *claims* ``width`` x ``height`` (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def test_oversized_image_is_refused_from_its_header(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(png_header(100_000, 100_000))
    (tmp_path / "labels" / "a.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    (tmp_path / "data.yaml").write_text("train: images\nnames: [car]\n")
    got = actual(findings(read_all("yolo", tmp_path)))
    assert got == {("F009", "-", "a.png")}


@pytest.mark.corpus
def test_shared_corpus_yolo_reads_without_errors() -> None:
    root = shared_corpus("yolo")
    for name in VALID_SETS[:5]:
        assert errors(read_all("yolo", root / name)) == []


@pytest.mark.corpus
def test_ultralytics_pose_yaml_from_shared() -> None:
    path = shared_corpus("..", "taxonomies", "ultralytics_coco8-pose.yaml")
    assert yolo.sniff(path, path.read_bytes()) is not None
    (dataset,) = read_all("yolo", path)
    assert errors([dataset]) == []
    assert [(c.id, c.name) for c in dataset.categories] == [(0, "person")]
    assert dataset.kind == "keypoints"
