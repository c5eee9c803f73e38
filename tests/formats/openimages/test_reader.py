"""The Open Images reader on Datumaro's reference datasets (v6), panlabel's 8-column box CSV
and a V7 dataset built from the documented layout (``valid/oidv7/README.md``)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from taxonomist.dataset.model import Dataset
from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import discover
from tests.formats.cases import DATA, errors, read_all

VALID = DATA / "openimages" / "valid"
V6 = VALID / "datumaro" / "v6"
V7 = VALID / "oidv7"
PANLABEL = VALID / "panlabel" / "sample_valid.openimages.csv"


def read(path: Path) -> Dataset:
    (dataset,) = read_all("openimages", path)
    return dataset


def rows(dataset: Dataset, file: str) -> list[int]:
    return [
        i for i in range(len(dataset.objects)) if dataset.object_location(i).file.endswith(file)
    ]


def test_datumaro_v6_boxes_are_pixels_as_datumaro_reads_them() -> None:
    dataset = read(V6)
    assert errors([dataset]) == []
    assert [c.name for c in dataset.categories] == ["/m/0", "/m/3", "/m/1"]
    images = dataset.images
    sizes = {i: (w, h) for i, w, h in zip(images.ids, images.width, images.height, strict=True)}
    assert sizes == {"b": (8, 2), "a": (6, 8), "c": (5, 10)}
    (b_box,) = rows(dataset, "oidv6-train-annotations-bbox.csv")
    # tests/unit/test_open_images_format.py: Bbox(x=1.6, y=0.6, w=6.4, h=0.4)
    assert dataset.objects.box[b_box] == pytest.approx([1.6, 0.6, 6.4, 0.4])
    assert dataset.objects.flags[b_box]["IsOccluded"] is None  # -1: unknown, not false
    assert not dataset.objects.crowd[b_box]
    (c_box,) = rows(dataset, "test-annotations-bbox.csv")
    assert dataset.objects.box[c_box] == pytest.approx([3.5, 0, 0.5, 5])
    assert dataset.objects.crowd[c_box]  # IsGroupOf 1
    assert dataset.objects.flags[c_box]["IsOccluded"] is True
    assert dataset.objects.flags[c_box]["IsTruncated"] is False


def test_datumaro_v6_mask_box_is_the_mask_resized_to_the_image() -> None:
    dataset = read(V6)
    (mask,) = rows(dataset, "train-annotations-object-segmentation.csv")
    # Datumaro's expected mask: np.hstack((np.ones((2, 2)), np.zeros((2, 6))))
    assert dataset.objects.box[mask] == pytest.approx([0, 0, 2, 2])
    assert dataset.objects.flags[mask]["PredictedIoU"] == 0.5


def test_verified_absent_and_present_image_labels() -> None:
    dataset = read(V6)
    labels = rows(dataset, "human-imagelabels.csv")
    assert len(labels) == 3  # a /m/0, c /m/1, c /m/3 (Confidence 1)
    assert all(np.isnan(dataset.objects.box[labels]).all(axis=1))
    b = dataset.images.ids.index("b")
    assert dataset.images.verified_absent == {b: [dataset.categories.index(_cat(dataset, "/m/0"))]}


def _cat(dataset: Dataset, name: str) -> object:
    return next(c for c in dataset.categories if c.name == name)


def test_v7_boxes_masks_at_half_resolution_and_locations() -> None:
    dataset = read(V7)
    assert [f.render() for f in dataset.findings] == []
    boxes = rows(dataset, "validation-annotations-bbox.csv")
    assert [dataset.object_location(i).line for i in boxes] == [2, 3, 4, 5, 6]
    assert dataset.objects.box[boxes[0]] == pytest.approx([8, 16, 24, 44])
    masks = rows(dataset, "object-segmentation.csv")
    # 32 x 32 and 40 x 20 masks of 64 x 64 and 80 x 40 images: the same boxes as the rows'
    assert dataset.objects.box[masks] == pytest.approx(dataset.objects.box[[boxes[0], boxes[3]]])
    group_of = [i for i in boxes if dataset.objects.crowd[i]]
    assert group_of == [boxes[2]]
    assert len(dataset.images.verified_absent) == 2


def test_panlabel_eight_columns_without_images_stay_normalised() -> None:
    dataset = read(PANLABEL)
    assert errors([dataset]) == []
    assert [f.code for f in dataset.findings] == ["F120"]  # one note, info
    assert np.isnan(dataset.objects.box).all()
    assert [c.name for c in dataset.categories] == ["Cat", "Dog"]
    assert dataset.objects.flags[1]["Confidence"] == "0.9"


def test_panlabel_with_its_images_beside_the_csv(tmp_path: Path) -> None:
    from PIL import Image

    shutil.copy(PANLABEL, tmp_path / "boxes.csv")
    (tmp_path / "images").mkdir()
    Image.new("RGB", (100, 50)).save(tmp_path / "images" / "abc123.jpg")
    dataset = read(tmp_path / "boxes.csv")
    assert dataset.objects.box[0] == pytest.approx([10, 10, 40, 30])
    assert math.isnan(dataset.objects.box[2][0])  # def456 has no image


@pytest.mark.parametrize(
    "path",
    [
        V6,
        V7,
        PANLABEL,
        V6 / "annotations" / "test-annotations-human-imagelabels.csv",
        V7 / "annotations" / "validation-annotations-object-segmentation.csv",
    ],
    ids=lambda p: p.name,
)
def test_sniffed_by_structure_and_by_this_reader_only(path: Path) -> None:
    head = b"" if path.is_dir() else path.read_bytes()[:65536]
    assert [n for n in READERS if reader(n).sniff(path, head)] == ["openimages"]
    assert [s.format for s in discover([path]).sources] == ["openimages"]


def test_other_csvs_and_folders_are_not_open_images(tmp_path: Path) -> None:
    other = tmp_path / "classes.csv"
    other.write_text("ImageID,Subset,OriginalURL\na,train,x\n")
    assert reader("openimages").sniff(other, other.read_bytes()) is None
    descriptions = V6 / "annotations" / "oidv6-class-descriptions.csv"
    assert reader("openimages").sniff(descriptions, descriptions.read_bytes()) is None
    assert reader("openimages").sniff(VALID / "datumaro" / "v5", b"") is None  # no annotations


def test_the_annotations_folder_itself_reads_the_dataset_around_it() -> None:
    dataset = read(V7 / "annotations")
    assert [f.render() for f in dataset.findings] == []
    assert list(dataset.images.width) == [64, 80]  # images/validation/ of its parent


def test_a_lone_csv_in_annotations_finds_its_descriptions_and_images() -> None:
    dataset = read(V6 / "annotations" / "test-annotations-bbox.csv")
    assert [f.render() for f in dataset.findings] == []
    assert dataset.objects.box[0] == pytest.approx([3.5, 0, 0.5, 5])


def test_a_fifo_named_like_a_csv_or_a_mask_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    shutil.copytree(V7, tmp_path / "oi")
    annotations = tmp_path / "oi" / "annotations"
    (annotations / "validation-annotations-bbox.csv").unlink()
    os.mkfifo(annotations / "validation-annotations-bbox.csv")
    mask = tmp_path / "oi" / "masks" / "validation" / "1f2e3d4c5b6a7980_m01yrx_8e9f0a1b.png"
    mask.unlink()
    os.mkfifo(mask)
    dataset = read(tmp_path / "oi")
    assert sorted((f.code, f.location.line) for f in dataset.findings) == [
        ("F001", None),
        ("F008", 3),
    ]


def test_quoted_header_and_windows_line_endings_read_the_same(tmp_path: Path) -> None:
    lines = PANLABEL.read_text(encoding="utf-8").splitlines()
    header = ",".join(f'"{name}"' for name in lines[0].split(","))
    path = tmp_path / "boxes.csv"
    path.write_bytes("\r\n".join([header, *lines[1:]]).encode() + b"\r\n")
    assert reader("openimages").sniff(path, path.read_bytes()) is not None
    dataset = read(path)
    assert [f.code for f in dataset.findings] == ["F120"]
    assert [dataset.object_location(i).line for i in range(3)] == [2, 3, 4]
