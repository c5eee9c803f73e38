"""LabelMe reader: v4 and v5 files with every shape type (read from ../shared only: the
examples are GPL), group_id instances, flags; broken cases at their lines."""

from __future__ import annotations

import pytest

from taxonomist.formats import labelme
from tests.formats.cases import (
    DATA,
    errors,
    read_all,
    shared_corpus,
)

LABELME = ("labelme_json", "labelme")


def test_group_id_joins_parts_and_flags_become_labels() -> None:
    path = DATA / "labelme" / "valid" / "grouped.json"
    assert labelme.sniff(path, path.read_bytes()) is not None
    (dataset,) = read_all("labelme", path)
    assert errors([dataset]) == []
    assert len(dataset.objects) == 5  # two person parts are one object
    assert dataset.objects.polygons.owner.tolist() == [0, 0, 1]
    assert dataset.objects.attributes == {1: {"occluded": True}}
    assert dataset.images.labels == [{"flags": ["daytime"]}]
    assert dataset.objects.polylines.row(0).tolist() == [0, 90, 100, 95, 199, 90]
    assert dataset.objects.box[2].tolist() == pytest.approx([90, 40, 20, 20])  # the circle


@pytest.mark.corpus
def test_shared_corpus_labelme_reads_without_errors() -> None:
    files = sorted(shared_corpus(*LABELME).rglob("*.json"))
    assert len(files) == 9
    for path in files:
        assert labelme.sniff(path, path.read_bytes()[:65536]) is not None
        assert errors(read_all("labelme", path)) == [], path


@pytest.mark.corpus
def test_every_shape_type_of_labelme_5() -> None:
    (dataset,) = read_all("labelme", shared_corpus(*LABELME, "primitives.json"))
    shapes = [dataset.objects.flags[i]["shape"] for i in range(len(dataset.objects))]
    assert shapes == [
        "rectangle", "circle", "rectangle", "polygon", "line", "point", "linestrip", "mask"
    ]  # fmt: skip
    assert dataset.objects.box[0].tolist() == [32, 35, 100, 100]
    assert dataset.object_location(3).line == 59


@pytest.mark.corpus
def test_ignore_pseudo_label_and_group_of_two_polygons() -> None:
    (dataset,) = read_all(
        "labelme", shared_corpus(*LABELME, "instance_segmentation", "2011_000003.json")
    )
    names = [dataset.categories[i].name for i in dataset.objects.category.tolist()]
    assert names == ["person", "person", "bottle", "__ignore__"]
    assert dataset.objects.polygons.owner.tolist() == [0, 1, 1, 2, 3]


@pytest.mark.corpus
def test_classification_flags() -> None:
    (dataset,) = read_all("labelme", shared_corpus(*LABELME, "classification", "0001.json"))
    assert dataset.images.labels == [{"flags": ["cat"]}]
