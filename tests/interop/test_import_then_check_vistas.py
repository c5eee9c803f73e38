"""Import then check (the property of ``test_import_then_check``) for Mapillary Vistas and
ADE20K: each reference dataset checks with no error and no R008 against the taxonomy
imported from its own class list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.cases import DATA
from tests.interop.test_import_then_check import import_then_check

VISTAS = "mapillary_vistas/valid/mapillary_vistas_dataset"
ADE = "ade20k/valid"
# id: (importer, class list, annotation paths)
CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "vistas-v1.2": (
        "mapillary",
        f"{VISTAS}/config_v1.2.json",
        (f"{VISTAS}/train/v1.2", f"{VISTAS}/val/v1.2"),
    ),
    "vistas-v2.0": (
        "mapillary",
        f"{VISTAS}/config_v2.0.json",
        (f"{VISTAS}/train/v2.0", f"{VISTAS}/val/v2.0"),
    ),
    "vistas-whole": ("mapillary", f"{VISTAS}/config_v2.0.json", (VISTAS,)),
    "ade20k-sceneparsing-csv": (
        "ade20k",
        f"{ADE}/sceneparsing/objectInfo150.csv",
        (f"{ADE}/sceneparsing/ADEChallengeData2016",),
    ),
    "ade20k-sceneparsing-txt": (
        "ade20k",
        f"{ADE}/sceneparsing/objectInfo150.txt",
        (f"{ADE}/sceneparsing/ADEChallengeData2016",),
    ),
    "ade20k-2017": (
        "ade20k",
        f"{ADE}/ade20k2017_dataset/dataset_with_meta_file/dataset_meta.json",
        (f"{ADE}/ade20k2017_dataset/dataset_with_meta_file",),
    ),
    "ade20k-2020": (
        "ade20k",
        f"{ADE}/ade20k2020_dataset/dataset_with_meta_file/dataset_meta.json",
        (f"{ADE}/ade20k2020_dataset/dataset_with_meta_file",),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_reference_dataset_checks_clean_against_its_imported_class_list(
    tmp_path: Path, case: str
) -> None:
    source, class_list, paths = CASES[case]
    files = [DATA / p for p in paths]
    assert import_then_check(tmp_path, source, DATA / class_list, files) == []
