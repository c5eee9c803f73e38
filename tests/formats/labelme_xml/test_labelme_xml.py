"""MIT LabelMe XML reader: Datumaro's LabelMe test dataset (MIT) read as Datumaro reads it,
checked clean against a taxonomy written for it; sniffing kept apart from Pascal VOC."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taxonomist.api import check
from taxonomist.formats import READERS, labelme_xml, reader
from tests.formats.cases import DATA, errors, findings, read_all

DATASET = DATA / "labelme_xml" / "valid" / "labelme_dataset"
IMG1 = DATASET / "Annotations" / "subset1" / "img1.xml"
TAXONOMY = """\
name: labelme-assets
version: 1.0.0
label_types:
  box: {kind: box}
  outline: {kind: polygon}
  mask: {kind: mask}
classes:
  window: {id: 1, label_types: [outline]}
  license_plate: {id: 2, label_types: [mask], aliases: [license plate]}
  o1: {id: 3, label_types: [outline]}
  q1: {id: 4, label_types: [outline], part_of: o1}
  b1: {id: 5, label_types: [box], part_of: o1}
  m1: {id: 6, label_types: [mask]}
  hg: {id: 7, label_types: [outline], part_of: m1}
"""


def _claims(path: Path) -> list[str]:
    head = path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


def test_datumaro_asset_reads_as_datumaro_reads_it() -> None:
    assert _claims(IMG1) == ["labelme-xml"]
    (dataset,) = read_all("labelme-xml", IMG1)
    assert findings([dataset]) == []
    assert dataset.images.ids == ["img1"]
    assert (dataset.images.width[0], dataset.images.height[0]) == (102, 77)  # ncols, nrows
    names = [dataset.categories[i].name for i in dataset.objects.category.tolist()]
    assert names == ["window", "license plate", "o1", "q1", "b1", "m1", "hg"]
    assert dataset.objects.ids == ["0", "1", "2", "3", "4", "5", "6"]
    shapes = [dataset.objects.flags[i]["shape"] for i in range(7)]
    assert shapes == ["polygon", "mask", "polygon", "polygon", "bounding_box", "mask", "polygon"]
    assert dataset.objects.box[4].tolist() == [13, 19, 10, 11]  # bounding_box: the bounds
    assert dataset.objects.box[1].tolist() == [58, 66, 4, 2]  # the <segm> <box>
    assert dataset.objects.polygons.row(0).tolist() == [43, 34, 45, 34, 45, 37, 43, 37]
    assert dataset.objects.annotator[1] == "brussell"
    flags = dataset.objects.flags
    assert flags[2]["occluded"] is True and flags[3]["occluded"] is False
    assert flags[2]["has_parts"] == "3,4" and flags[3]["part_of"] == "2"
    assert flags[6]["attributes"] == {"gfd lkj lkj hi": True}  # free text, not an attribute
    assert dataset.object_location(2).line == 1  # the asset is one line


def test_asset_checks_clean_against_its_taxonomy(tmp_path: Path) -> None:
    taxonomy = tmp_path / "labelme.yaml"
    taxonomy.write_text(TAXONOMY)
    report = check(taxonomy, [IMG1])
    assert [f.render() for f in report.findings if f.code != "R008"] == []


def test_key_value_attributes_deleted_objects_and_sizes_from_the_image(tmp_path: Path) -> None:
    root = tmp_path / "labelme"
    shutil.copytree(DATASET, root)
    path = root / "Annotations" / "subset1" / "img1.xml"
    text = path.read_text()
    text = text.replace("<imagesize><nrows>77</nrows><ncols>102</ncols></imagesize>", "")
    text = text.replace(
        "<attributes>a1</attributes>", "<attributes>pose=front, a\\,b, n=3</attributes>"
    )
    text = text.replace(
        "<name>q1</name><deleted>0</deleted>", "<name>q1</name><deleted>1</deleted>"
    )
    path.write_text(text)
    (dataset,) = read_all("labelme-xml", path)
    assert (dataset.images.width[0], dataset.images.height[0]) == (102, 77)  # Images/subset1
    assert [(f.code, f.severity.label) for f in dataset.findings] == [
        ("S160", "info"),  # q1 deleted: not read, said
        ("S161", "warning"),  # o1's hasparts still names 3
    ]
    assert "q1" not in [dataset.categories[i].name for i in dataset.objects.category.tolist()]
    assert dataset.objects.attributes == {2: {"pose": "front", "n": 3}}
    assert dataset.objects.flags[2]["attributes"] == {"a,b": True}


def test_a_mask_name_leaving_the_masks_folder_is_not_opened(tmp_path: Path) -> None:
    root = tmp_path / "labelme"
    shutil.copytree(DATASET, root)
    path = root / "Annotations" / "subset1" / "img1.xml"
    path.write_text(path.read_text().replace("img1_mask_1.png", "../../Images/subset1/img1.png"))
    (dataset,) = read_all("labelme-xml", path)
    assert [f.code for f in dataset.findings] == ["F008"]
    assert "outside the Masks folder" in dataset.findings[0].message


@pytest.mark.parametrize(
    ("xml", "claimed"),
    [
        (
            b"<annotation><object><polygon><pt><x>1</x></pt></polygon></object></annotation>",
            ["labelme-xml"],
        ),
        (
            b"<annotation><filename>a.jpg</filename><object><segm><mask>m.png</mask></segm></object></annotation>",
            ["labelme-xml"],
        ),
        (b"<annotation><imagesize><nrows>2</nrows></imagesize></annotation>", ["labelme-xml"]),
        (b"<annotation><object><bndbox><xmin>1</xmin></bndbox></object></annotation>", ["voc"]),
        (b"<annotation><size><width>2</width></size><object><polygon/></object></annotation>", []),
    ],
)
def test_labelme_xml_and_voc_claim_apart(tmp_path: Path, xml: bytes, claimed: list[str]) -> None:
    path = tmp_path / "file.xml"
    path.write_bytes(xml)
    assert _claims(path) == claimed


def test_errors_only_for_broken_files() -> None:
    assert labelme_xml.sniff(DATASET, b"") is None
    assert errors(read_all("labelme-xml", IMG1)) == []
