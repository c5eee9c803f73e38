"""V7 Darwin JSON reader: darwin-py's own e2e fixtures (every annotation type it writes for
images, sub-annotations, properties, the raster layer) read and check clean against a
taxonomy written for them; panlabel's seed; the sniff against the other JSON readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import discover
from tests.formats.cases import DATA, errors, findings, read_all

FOLDER = DATA / "darwin"
VALID = FOLDER / "valid"
PY = VALID / "darwin_py"
FILES = sorted(VALID.rglob("*.json"))


def _claims(path: Path) -> list[str]:
    """The readers that claim ``path``, in sniffing order. COCO claims any object with a
    top-level annotations list, so Darwin is asked before it: the first claim wins."""
    head = path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_fixture_is_darwin_only_and_reads_without_a_finding(path: Path) -> None:
    assert _claims(path) == ["darwin", "coco"]
    assert [s.format for s in discover([path]).sources] == ["darwin"]
    datasets = read_all("darwin", path)
    assert findings(datasets) == []


def test_the_fixtures_check_clean_against_their_taxonomy(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    args = ["check", "-t", str(FOLDER / "taxonomy.yaml"), *map(str, FILES)]
    with pytest.raises(SystemExit) as stop:
        main([*args, "--report", "json", "-o", str(report)])
    assert json.loads(report.read_text())["findings"] == []
    assert stop.value.code in (0, None)


def test_shapes_of_the_tag_skeleton_mask_line_file() -> None:
    (dataset,) = read_all("darwin", PY / "image_1-tag_skeleton_mask_line.json")
    assert dataset.images.files == ["image_1.jpg"]
    assert dataset.images.width.tolist() == [1920] and dataset.images.height.tolist() == [1080]
    assert dataset.images.labels == [{"tag": ["test_tag_basic"]}]
    assert len(dataset.objects.polylines) == 1
    assert dataset.objects.keypoints.row(0).tolist() == pytest.approx(
        [55.0883, 303.3708, 2, 70.3435, 275.634, 2]
    )
    assert dataset.categories[1].keypoints == ["node", "2"]
    # the mask's box: its pixels in the raster layer's dense RLE
    assert dataset.objects.box[2].tolist() == [273, 149, 29, 27]


def test_ellipse_polygon_and_keypoint() -> None:
    (dataset,) = read_all("darwin", PY / "image_1-keypoint_ellipse_polygon_bbox.json")
    box = dataset.objects.box
    assert box[0].tolist() == pytest.approx([18.6838, 135.2167, 91.878, 72.809])
    assert dataset.objects.points.row(0).tolist() == pytest.approx([483.2745, 199.3579])
    assert box[2].tolist() == pytest.approx([44.7555, 89.3462, 339.6382, 339.6382], abs=1e-3)
    assert dataset.object_location(1).line == 74


def test_sub_annotations_and_properties_are_attributes() -> None:
    (dataset,) = read_all("darwin", PY / "image_1.json")
    assert dataset.objects.attributes[0] == {
        "text": "test_text",
        "multi_select-1": ["1", "2"],
        "single_select-1": "1",
    }
    assert dataset.objects.flags[0] == {"instance_id": 2.0}
    assert dataset.images.labels == [{"tag": ["test_tag_with_subtypes_and_properties"]}]


def test_polygon_paths_are_parts() -> None:
    (dataset,) = read_all("darwin", PY / "test_input_with_bboxes_and_polys.json")
    owners = dataset.objects.polygons.owner.tolist()
    assert owners == [0, 0, 0, 0, 0, 4]  # a complex polygon: five paths, one object
    assert errors([dataset]) == []


def test_a_coco_file_is_not_darwin(tmp_path: Path) -> None:
    path = tmp_path / "instances.json"
    path.write_text(json.dumps({"images": [], "annotations": [], "categories": []}))
    assert _claims(path) == ["coco"]
    path.write_text(json.dumps({"image": {"filename": "a.jpg"}, "annotations": []}))
    assert _claims(path)[0] == "darwin"  # Darwin 1.0
