"""Import then check for Scalabel / BDD100K: a dataset checked against the taxonomy imported
from its own label config (or BDD100K's detection config) has no error and no R008. MIT
LabelMe XML carries no class list; its asset checks clean against a hand-written taxonomy in
``tests/formats/labelme_xml``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.cases import DATA
from tests.interop.test_import_then_check import import_then_check

VALID = DATA / "scalabel" / "valid"
# id: (class list, annotation files; none means the class list itself)
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "own-dataset-with-config": ("own/bdd100k_det.json", ()),
    "bdd100k-det-config-ins-seg": ("bdd100k/det.toml", ("scalabel/scalabel_ins_seg.json",)),
    "bdd100k-det-config-pose": ("bdd100k/det.toml", ("scalabel/scalabel_pose.json",)),
    "bdd100k-det-config-rle": ("bdd100k/det.toml", ("scalabel/insseg_rle.json",)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_scalabel_checks_clean_against_its_imported_config(tmp_path: Path, case: str) -> None:
    class_list, paths = CASES[case]
    files = [VALID / p for p in paths or (class_list,)]
    assert import_then_check(tmp_path, "scalabel", VALID / class_list, files) == []
