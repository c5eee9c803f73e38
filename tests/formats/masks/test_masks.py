"""Mask PNG reader: palette, grayscale and VOC-coloured RGB masks; mask size
against image size; oversized PNGs refused from their header."""

from __future__ import annotations

import pytest

from taxonomist.formats import masks
from tests.formats.cases import (
    DATA,
    errors,
    read_all,
    shared_corpus,
)

VALID = DATA / "mask" / "valid"


def test_voc_coloured_rgb_masks_read_as_voc_indices() -> None:
    folder = VALID / "voc_dataset1" / "SegmentationClass"
    assert masks.sniff(folder, b"") is not None
    (dataset,) = read_all("mask", folder)
    assert errors([dataset]) == []
    assert dataset.images.masks.values == {0: [2]}  # (0, 128, 0) is VOC index 2
    assert dataset.images.files == ["JPEGImages/2007_000001.jpg"]


def test_instance_masks_are_not_class_values() -> None:
    (dataset,) = read_all("mask", VALID / "voc_dataset1" / "SegmentationObject")
    assert dataset.images.masks.values == {}
    assert dataset.images.masks.instances == {0: [1]}


def test_grayscale_values_counts_and_example_pixels() -> None:
    (dataset,) = read_all("mask", VALID / "gray" / "masks")
    assert dataset.images.masks.values == {0: [0, 3]}
    assert dataset.images.masks.counts == {0: {0: 12, 3: 12}}
    assert dataset.images.masks.examples == {0: {0: (0, 0), 3: (0, 2)}}
    assert (dataset.images.width[0], dataset.images.height[0]) == (6.0, 4.0)


def test_a_photo_folder_is_not_a_mask_folder() -> None:
    assert masks.sniff(VALID / "voc_dataset1" / "JPEGImages", b"") is None


@pytest.mark.corpus
def test_shared_corpus_masks_read_without_errors() -> None:
    root = shared_corpus("masks", "labelme_voc_export")
    (semantic,) = read_all("mask", root / "SegmentationClass")
    assert errors([semantic]) == []
    assert semantic.images.masks.values == {0: [0, 5, 15]}
    assert semantic.images.masks.void == {0: 255}  # VOC palette: 255 is the void border
    assert semantic.images.masks.counts[0][255] == 9460
    assert semantic.images.masks.examples[0][15] == (482, 87)
    (instance,) = read_all("mask", root / "SegmentationObject")
    assert errors([instance]) == []
    assert instance.images.masks.instances == {0: [0, 1, 2, 3]}
