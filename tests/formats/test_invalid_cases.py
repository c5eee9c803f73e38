"""Every broken case under ``tests/data/interop/<format>/invalid/`` gives exactly the codes
at the lines its ``expected.txt`` names (see ``cases.py``): one test for all readers, so a
new case is a new folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.cases import actual, expected, findings, invalid_cases, read_all

FORMATS = (
    *("coco", "cvat", "label-studio", "labelme", "mask", "native", "voc", "yolo"),
    *("kitti", "class-folders", "cityscapes", "openimages"),
    *("labelme-xml", "scalabel"),
    *("mapillary-vistas", "ade20k"),
    *("datumaro", "sagemaker", "huggingface"),
    *("supervisely", "darwin", "labelbox"),
)
CASES = [(fmt, case) for fmt in FORMATS for case in invalid_cases(fmt)]


@pytest.mark.parametrize(("fmt", "case"), CASES, ids=lambda v: getattr(v, "name", v))
def test_invalid_case(fmt: str, case: Path) -> None:
    target, want = expected(case)
    assert actual(findings(read_all(fmt, target))) == want
