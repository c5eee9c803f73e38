"""``taxonomist import openimages`` from a dataset folder, then ``check`` of that dataset:
no error and no R008, since rows name classes by MID (``external_ids.openimages``), and
display names are aliases. Also the real 600-class hierarchy of ``../shared/corpus``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from tests.formats.cases import DATA
from tests.interop.test_import_then_check import import_then_check

VALID = DATA / "openimages" / "valid"
V7 = VALID / "oidv7"
V6 = VALID / "datumaro" / "v6"
HIERARCHY = (
    Path(__file__).parents[2]
    / ".."
    / "shared"
    / "corpus"
    / "taxonomies"
    / "openimages_bbox_labels_600_hierarchy.json"
)


def test_v7_dataset_checks_clean_against_its_own_hierarchy_and_names(tmp_path: Path) -> None:
    assert import_then_check(tmp_path, "openimages", V7, [V7]) == []


def test_each_csv_alone_checks_clean_too(tmp_path: Path) -> None:
    files = sorted((V7 / "annotations").glob("*-annotations-*.csv"))
    assert len(files) == 3
    assert import_then_check(tmp_path, "openimages", V7, files) == []


def test_datumaro_v6_reports_only_its_own_contradiction(tmp_path: Path) -> None:
    # the reference dataset verifies /m/0 absent on image b (Confidence 0) and boxes and
    # masks /m/0 there: a true R010 (twice), nothing else
    found = import_then_check(tmp_path, "openimages", V6, [V6])
    assert (
        found
        == [
            "R010 the image lists '/m/0' as verified absent, but this object is one",
        ]
        * 2
    )


def test_v7_checks_clean_against_the_real_600_class_hierarchy(tmp_path: Path) -> None:
    if not HIERARCHY.exists():
        pytest.skip("../shared/corpus is absent")
    taxonomy, report = tmp_path / "oi.yaml", tmp_path / "report.json"
    names = V7 / "annotations" / "oidv7-class-descriptions-boxable.csv"
    with pytest.raises(SystemExit) as stop:
        main(["import", "openimages", str(HIERARCHY), "--names", str(names), "-o", str(taxonomy)])
    assert stop.value.code == 0
    with pytest.raises(SystemExit) as stop:
        main(["check", "-t", str(taxonomy), str(V7), "--report", "json", "-o", str(report)])
    assert stop.value.code == 0
    assert json.loads(report.read_text())["findings"] == []


def test_a_folder_with_descriptions_only_is_a_flat_class_list(tmp_path: Path) -> None:
    import yaml

    out = tmp_path / "v5.yaml"
    with pytest.raises(SystemExit):
        main(["import", "openimages", str(VALID / "datumaro" / "v5"), "-o", str(out)])
    classes = yaml.safe_load(out.read_text())["classes"]
    assert list(classes) == ["generic_label_0", "generic_label_1"]  # headerless (before V6)
    assert classes["generic_label_0"]["aliases"] == ["/m/0", "Generic label #0"]
    assert "parent" not in classes["generic_label_0"]
    assert classes["generic_label_0"]["group_of"] is True
