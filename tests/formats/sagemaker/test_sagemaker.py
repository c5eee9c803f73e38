"""SageMaker Ground Truth reader: panlabel's reference manifests and lines built from AWS's
documented layouts (object detection, single- and multi-label classification)."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.formats import READERS, reader
from tests.formats.cases import DATA, errors, read_all

VALID = DATA / "sagemaker" / "valid"
FILES = sorted(p for p in VALID.iterdir() if p.suffix in (".manifest", ".jsonl"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_valid_manifest_is_claimed_by_sagemaker_only_and_reads_cleanly(path: Path) -> None:
    head = path.read_bytes()[:65536]
    assert [name for name in READERS if reader(name).sniff(path, head)] == ["sagemaker"]
    assert errors(read_all("sagemaker", path)) == []


def test_detection_boxes_are_pixels_xywh_named_through_the_class_map() -> None:
    (dataset,) = read_all("sagemaker", VALID / "sample_valid.sagemaker.manifest")
    assert [c.name for c in dataset.categories] == ["cat", "dog"]
    assert dataset.images.files == [
        "s3://example-bucket/images/img_a.jpg",
        "s3://example-bucket/images/img_b.jpg",
    ]
    assert dataset.images.width.tolist() == [640, 800]
    assert dataset.images.height.tolist() == [480, 600]
    assert dataset.objects.box.tolist() == [[10, 20, 30, 40], [100, 120, 50, 60]]
    assert [dataset.categories[c].name for c in dataset.objects.category] == ["cat", "dog"]
    assert dataset.objects.flags[1] == {"confidence": 0.85}
    assert dataset.object_location(1).line == 1
    assert dataset.object_location(1).pointer == "/bounding-box/annotations/1"


def test_classification_jobs_are_image_level_labels() -> None:
    (dataset,) = read_all("sagemaker", VALID / "documented_image_classification.manifest")
    assert dataset.images.labels == [
        {"label": ["Dawn"]},
        {"label": ["Night"]},
        {"label": ["Soccer", "Running"]},
    ]
    assert len(dataset.objects) == 0


def test_a_malformed_line_is_reported_at_its_line_and_the_rest_is_read() -> None:
    path = DATA / "sagemaker" / "invalid" / "malformed_line" / "output.manifest"
    (dataset,) = read_all("sagemaker", path)
    assert [(f.code, f.location.line) for f in dataset.findings] == [("F002", 2)]
    assert len(dataset.images.ids) == 2 and len(dataset.objects) == 2
