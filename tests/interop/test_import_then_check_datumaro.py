"""Import then check, for the Datumaro, SageMaker Ground Truth and Hugging Face ImageFolder
fixtures: each checks clean (no error, no R008) against the taxonomy imported from it, through
the real commands (``import_then_check`` of ``test_import_then_check``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.cases import DATA
from tests.interop.test_import_then_check import import_then_check

DATUMARO = DATA / "datumaro" / "valid"
SAGEMAKER = DATA / "sagemaker" / "valid"
HF = DATA / "huggingface" / "valid"

# id: (importer, class list, annotation paths)
CASES: dict[str, tuple[str, Path, tuple[Path, ...]]] = {
    **{
        f"datumaro-{name}": ("datumaro", DATUMARO / name, (DATUMARO / name,))
        for name in ("kitchen_sink", "legacy", "noisy_label_detection_cls")
    },
    "datumaro-one-subset-file": (
        "datumaro",
        DATUMARO / "legacy" / "annotations" / "train.json",
        (DATUMARO / "legacy" / "annotations" / "train.json",),
    ),
    **{
        f"sagemaker-{path.stem}": ("sagemaker", path, (path,))
        for path in sorted(SAGEMAKER.iterdir())
        if path.suffix in (".manifest", ".jsonl")
    },
    "huggingface-card": (
        "huggingface",
        HF / "detection" / "README.md",
        (HF / "detection" / "metadata.jsonl",),
    ),
    "huggingface-metadata-jsonl": (
        "huggingface",
        HF / "detection" / "metadata.jsonl",
        (HF / "detection" / "metadata.jsonl",),
    ),
    "huggingface-metadata-csv": (
        "huggingface",
        HF / "classification" / "train" / "metadata.csv",
        (HF / "classification" / "train" / "metadata.csv",),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_fixture_checks_clean_against_its_imported_class_list(tmp_path: Path, case: str) -> None:
    source, class_list, paths = CASES[case]
    assert import_then_check(tmp_path, source, class_list, list(paths)) == []
