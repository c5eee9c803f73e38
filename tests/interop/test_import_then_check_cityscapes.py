"""The import-then-check property for Cityscapes: the taxonomy imported from
cityscapesScripts' own labels.py checks the fixture frame (its four PNG kinds rendered from
its polygons as json2labelImg.py and json2instanceImg.py render them, with groups, a
deleted object, the license plate, and a test-split image without labels) with no error and
no R008, read from every level of the layout; and the Datumaro samples, made with Datumaro's
own label map, are not clean: their values are reported, not passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.cases import DATA
from tests.interop.test_import_then_check import import_then_check

VALID = DATA / "cityscapes" / "valid"
FRAME = VALID / "frame"
AACHEN = FRAME / "gtFine" / "train" / "aachen"
STEM = "aachen_000000_000019"


@pytest.mark.parametrize(
    "paths",
    [
        [FRAME],
        [FRAME / "gtFine"],
        [FRAME / "gtFine" / "train"],
        [AACHEN],
        [AACHEN / f"{STEM}_gtFine_{k}.png" for k in ("labelIds", "labelTrainIds", "color")],
        [AACHEN / f"{STEM}_gtFine_instanceIds.png", AACHEN / f"{STEM}_gtFine_polygons.json"],
        [VALID / "gtfine_only" / "gtFine"],
    ],
    ids=["root", "gtFine", "split", "city", "semantic-pngs", "instances-polygons", "bare"],
)
def test_the_frame_checks_clean_against_the_imported_labels_py(
    tmp_path: Path, paths: list[Path]
) -> None:
    assert import_then_check(tmp_path, "cityscapes", VALID / "labels.py", paths) == []


def test_the_datumaro_samples_report_their_own_label_map(tmp_path: Path) -> None:
    found = import_then_check(
        tmp_path, "cityscapes", VALID / "labels.py", [VALID / "datumaro" / "train_dataset"]
    )
    assert found and all(line.startswith("G009 ") for line in found)
