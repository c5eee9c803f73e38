"""Labelbox NDJSON reader: a data-row file after the export v2 documentation (every image
annotation kind, nested classifications, two annotators on one row) and panlabel's files,
checked clean against a taxonomy written for them; line locations; the sniff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.formats import READERS, reader
from tests.formats.cases import DATA, findings, read_all

FOLDER = DATA / "labelbox"
VALID = FOLDER / "valid"
EXPORT = VALID / "export_v2.ndjson"
FILES = sorted(VALID.rglob("*.ndjson"))


def _claims(path: Path) -> list[str]:
    head = path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_fixture_is_labelbox_only_and_reads_without_a_finding(path: Path) -> None:
    assert _claims(path) == ["labelbox"]
    assert findings(read_all("labelbox", path)) == []


def test_the_fixtures_check_clean_against_their_taxonomy(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    args = ["check", "-t", str(FOLDER / "taxonomy.yaml"), *map(str, FILES)]
    with pytest.raises(SystemExit) as stop:
        main([*args, "--report", "json", "-o", str(report)])
    assert json.loads(report.read_text())["findings"] == []
    assert stop.value.code in (0, None)


def test_every_kind_and_two_annotators() -> None:
    (dataset,) = read_all("labelbox", EXPORT)
    objects = dataset.objects
    assert dataset.images.files == ["street_0001.jpg", "street_0002.jpg"]
    assert objects.box[0].tolist() == [407, 200, 176, 172]  # left, top, width, height
    assert objects.box[1].tolist() == [0, 500, 1280, 220]
    assert objects.points.row(0).tolist() == [640.5, 90.25]
    assert objects.polylines.row(0).tolist() == [100, 700, 400, 520, 620, 505]
    assert objects.annotator[0] == "ana@example.com" and objects.annotator[5] == "ben@example.com"
    assert objects.attributes[0] == {
        "occlusion": "partial",
        "occluder": "vehicle",  # nested under the radio answer
        "damage": ["dented", "scratched"],
        "plate": "AB-123",
    }
    # the first label that answers a question gives the image's answer; text is no label
    assert dataset.images.labels == [
        {"weather": "sunny", "quality": ["blurry"]},
        {"weather": "rainy"},
    ]


def test_locations_are_lines() -> None:
    (dataset,) = read_all("labelbox", EXPORT)
    where = dataset.object_location(6)
    assert (where.line, where.pointer) == (2, "/projects/clp0001/labels/0/annotations/objects/0")


def test_a_native_jsonl_file_is_not_labelbox(tmp_path: Path) -> None:
    path = tmp_path / "images.jsonl"
    path.write_text(json.dumps({"file": "a.jpg", "objects": []}) + "\n")
    assert _claims(path) == ["native"]
