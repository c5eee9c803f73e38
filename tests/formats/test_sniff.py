"""Readers sniff by structure, not by substring: a key counts where it sits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.formats import READERS, reader
from taxonomist.formats._io.sniff import SCALAR, json_shape, xml_paths
from taxonomist.formats.discover import discover

DATUMARO = {
    "info": {},
    "categories": {"label": {"labels": [{"name": "car", "parent": "", "attributes": []}]}},
    "items": [
        {
            "id": "a",
            "annotations": [{"id": 0, "type": "bbox", "label_id": 0, "bbox": [1, 2, 3, 4]}],
            "image": {"path": "a.jpg", "size": [10, 10]},
        }
    ],
}


def _claims(path: Path) -> list[str]:
    head = path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


def test_a_datumaro_file_is_not_coco(tmp_path: Path) -> None:
    path = tmp_path / "default.json"
    path.write_text(json.dumps(DATUMARO))
    assert _claims(path) == ["datumaro"]  # its own reader's, never COCO's
    found = discover([path])
    assert [s.format for s in found.sources] == ["datumaro"]
    assert found.findings == []


@pytest.mark.parametrize(
    ("document", "claimed"),
    [
        ({"images": [], "annotations": [], "categories": []}, ["coco"]),
        ({"categories": [{"id": 1, "name": "car"}]}, ["coco"]),
        ({"images": [{"id": 1, "file_name": "a.jpg"}]}, ["coco"]),
        ([{"image_id": 1, "category_id": 2, "bbox": [0, 0, 1, 1], "score": 0.5}], ["coco"]),
        ({"annotations": {"a": 1}, "categories": {"b": 2}}, []),  # objects, not lists
        ({"meta": {"annotations": [], "categories": []}}, []),  # nested, not top level
        ({"taxonomy": "demo", "images": [{"file": "a.jpg", "objects": []}]}, ["native"]),
        ({"images": [{"file": "a.jpg"}], "note": '"annotations": ['}, ["native"]),
        ({"shapes": [], "imagePath": "a.jpg", "version": "5.0"}, ["labelme"]),
        ({"shapes": {}, "imagePath": "a.jpg"}, []),
        (
            [{"id": 1, "data": {"image": "a.jpg"}, "annotations": [{"result": []}]}],
            ["label-studio"],
        ),
        ([{"id": 1, "note": "annotations result data"}], []),
    ],
)
def test_json_readers_claim_by_top_level_structure(
    tmp_path: Path, document: object, claimed: list[str]
) -> None:
    path = tmp_path / "file.json"
    path.write_text(json.dumps(document))
    assert _claims(path) == claimed


def test_json_shape_reads_a_cut_off_head() -> None:
    head = b'\xef\xbb\xbf {"info": {"a": "x{[\\"]"}, "images": [{"id": 1}, {"id": 2, "k": [1, 2'
    assert json_shape(head) == {"info": {"a": SCALAR}, "images": [{"id": SCALAR}]}
    assert json_shape(b'{"images": [{"file_name": "cut [{ off') == {"images": [{}]}
    assert json_shape(b"id,name\n1,car\n") is None


def test_xml_paths_locate_elements() -> None:
    head = b"""<?xml version="1.0"?><!-- <meta> --><annotations><image id="0">
    <box label="car"/></image><version>1.1</version>"""
    assert xml_paths(head) == {
        "annotations",
        "annotations/image",
        "annotations/image/box",
        "annotations/version",
    }


@pytest.mark.parametrize(
    ("xml", "claimed"),
    [
        (b"<annotations><version>1.1</version><meta/></annotations>", ["cvat"]),
        (b"<annotations><image name='a'><meta>x</meta></image></annotations>", []),
        (b"<?xml version='1.0'?><!-- <meta> --><annotations><image/></annotations>", []),
        (b"<annotation><object><bndbox><xmin>1</xmin></bndbox></object></annotation>", ["voc"]),
        (
            b"<annotation><object><polygon><pt><x>1</x></pt></polygon></object></annotation>",
            ["labelme-xml"],
        ),
    ],
)
def test_xml_readers_claim_by_element_position(
    tmp_path: Path, xml: bytes, claimed: list[str]
) -> None:
    path = tmp_path / "file.xml"
    path.write_bytes(xml)
    assert _claims(path) == claimed
