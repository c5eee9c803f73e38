"""Structure-aware fuzzing of the Datumaro JSON, SageMaker Ground Truth manifest and Hugging
Face ImageFolder metadata readers: no mutation of a valid file lets an exception escape, and
none takes more than the harness's deadline.

Seeds are the readers' valid test files (``tests/data/interop/<format>/valid``); a Datumaro
seed is its whole dataset folder, so a mutated file is read with its images beside it, and an
ImageFolder seed its folder with the card and images, so the card's names are in play.
JSON and JSON Lines get ``mixed_mutations``; ``metadata.csv`` and the dataset card get raw
byte mutations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from tests.hostile.fuzzing import (
    Seed,
    byte_mutations,
    fuzz_settings,
    mixed_mutations,
    run_example,
    seeded,
)

INTEROP = Path(__file__).parents[1] / "data" / "interop"
DATUMARO_VALID = INTEROP / "datumaro" / "valid"
SAGEMAKER_VALID = INTEROP / "sagemaker" / "valid"
HF_VALID = INTEROP / "huggingface" / "valid"

DATUMARO = [
    Seed("datumaro", DATUMARO_VALID / "kitchen_sink", "annotations/train.json"),
    Seed("datumaro", DATUMARO_VALID / "legacy", "annotations/train.json"),
    Seed(
        "datumaro",
        DATUMARO_VALID / "noisy_label_detection_cls",
        "annotations/train.json",
        "annotations/train.json",
    ),
]
SAGEMAKER = [Seed("sagemaker", p) for p in sorted(SAGEMAKER_VALID.glob("*.manifest"))]
SAGEMAKER += [Seed("sagemaker", SAGEMAKER_VALID / "seed_valid.jsonl")]
HF_JSON = [Seed("huggingface", HF_VALID / "detection", "metadata.jsonl", "metadata.jsonl")]
HF_BYTES = [
    Seed("huggingface", HF_VALID / "detection", "README.md", "metadata.jsonl"),
    Seed("huggingface", HF_VALID / "classification", "train/metadata.csv", "train/metadata.csv"),
    Seed("huggingface", HF_VALID / "classification", "README.md", "train/metadata.csv"),
]


@fuzz_settings()
@given(example=seeded(DATUMARO, mixed_mutations))
def test_datumaro_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(SAGEMAKER, mixed_mutations))
def test_sagemaker_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(HF_JSON, mixed_mutations))
def test_imagefolder_jsonl_mutations_never_escape(
    tmp_path: Path, example: tuple[Seed, bytes]
) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(HF_BYTES, byte_mutations))
def test_imagefolder_csv_and_card_mutations_never_escape(
    tmp_path: Path, example: tuple[Seed, bytes]
) -> None:
    run_example(*example, tmp_path)


@pytest.mark.parametrize("seeds", [DATUMARO, SAGEMAKER, HF_JSON, HF_BYTES])
def test_every_seed_reads_cleanly(tmp_path: Path, seeds: list[Seed]) -> None:
    """A seed must read without an escape before its mutations mean anything."""
    for seed in seeds:
        run_example(
            seed, (seed.root / seed.target if seed.target else seed.root).read_bytes(), tmp_path
        )
