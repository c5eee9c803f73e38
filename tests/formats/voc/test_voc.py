"""Pascal VOC reader: real files read without errors; broken cases give codes at lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.formats import voc
from tests.formats.cases import (
    DATA,
    actual,
    errors,
    findings,
    read_all,
    shared_corpus,
)

VALID = sorted((DATA / "voc" / "valid").rglob("*.xml"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parents[1].name}/{p.name}")
def test_valid_files_read_without_errors(path: Path) -> None:
    assert voc.sniff(path, path.read_bytes()) is not None
    assert errors(read_all("voc", path)) == []


def test_boxes_flags_parts_and_actions() -> None:
    path = DATA / "voc" / "valid" / "voc_dataset1" / "Annotations" / "2007_000001.xml"
    (dataset,) = read_all("voc", path)
    names = [dataset.categories[i].name for i in dataset.objects.category.tolist()]
    assert names == ["cat", "person", "head"]
    assert dataset.objects.box[2].tolist() == [5.5, 6.0, 2.0, 2.0]
    flags = dataset.objects.flags
    assert flags[0] == {"pose": "Unspecified", "truncated": True, "difficult": False}
    assert flags[2]["part_of"] == "2"  # the head is part of the person
    assert flags[1]["actions"]["phoning"] is True
    assert dataset.object_location(1).line == 23


def test_missing_size_comes_from_the_image_header() -> None:
    path = DATA / "voc" / "valid" / "voc_dataset3" / "Annotations" / "2007_000001.xml"
    (dataset,) = read_all("voc", path)
    assert (dataset.images.width[0], dataset.images.height[0]) == (20.0, 10.0)


def test_file_without_objects_is_one_image() -> None:
    path = DATA / "voc" / "valid" / "voc_dataset2" / "Annotations" / "@.xml"
    (dataset,) = read_all("voc", path)
    assert (len(dataset.images), len(dataset.objects)) == (1, 0)


def test_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    levels = "".join(f' <!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 12))
    head = '<?xml version="1.0"?>\n<!DOCTYPE a [\n <!ENTITY l0 "lol">\n'
    bomb = f"{head}{levels}]>\n<annotation>&l11;</annotation>\n"
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)
    # 10**11 expansions if expanded: the test finishing at all shows the refusal is early
    got = actual(findings(read_all("voc", path)))
    assert got == {("F101", "3", "bomb.xml")}


@pytest.mark.corpus
def test_shared_corpus_voc_reads_without_errors() -> None:
    root = shared_corpus("voc")
    files = sorted(root.rglob("Annotations/*.xml"))
    assert len(files) == 7
    for path in files:
        assert errors(read_all("voc", path)) == [], path
