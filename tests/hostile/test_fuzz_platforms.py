"""Structure-aware fuzzing of the labeling platforms' readers (Supervisely projects and
annotation files, V7 Darwin JSON, Labelbox NDJSON): no mutation of a valid file lets an
exception escape, and none takes more than the harness's deadline. Seeds are the valid
test files of each format (no ``../shared/corpus`` holds these formats)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, mixed_mutations, run_example, seeded

INTEROP = Path(__file__).parents[1] / "data" / "interop"
SUPERVISELY = INTEROP / "supervisely" / "valid"
PROJECT = SUPERVISELY / "project"
DARWIN = INTEROP / "darwin" / "valid"
LABELBOX = INTEROP / "labelbox" / "valid"

SUPERVISELY_SEEDS = [
    Seed("supervisely", PROJECT, "meta.json"),
    Seed("supervisely", PROJECT, "ds1/ann/street.jpg.json"),
    Seed("supervisely", PROJECT, "ds2/ann/portrait.png.json"),
    Seed("supervisely", PROJECT / "ds1" / "ann" / "street.jpg.json"),
    Seed("supervisely", SUPERVISELY / "panlabel" / "sample_valid.supervisely.json"),
]
DARWIN_SEEDS = [Seed("darwin", path) for path in sorted(DARWIN.rglob("*.json"))]
LABELBOX_SEEDS = [Seed("labelbox", path) for path in sorted(LABELBOX.rglob("*.ndjson"))]


@fuzz_settings()
@given(example=seeded(SUPERVISELY_SEEDS, mixed_mutations))
def test_supervisely_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(DARWIN_SEEDS, mixed_mutations))
def test_darwin_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(LABELBOX_SEEDS, mixed_mutations))
def test_labelbox_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@pytest.mark.parametrize(
    "seeds",
    [SUPERVISELY_SEEDS, DARWIN_SEEDS, LABELBOX_SEEDS],
    ids=["supervisely", "darwin", "labelbox"],
)
def test_every_seed_reads_cleanly(tmp_path: Path, seeds: list[Seed]) -> None:
    """A seed must read without an escape before its mutations mean anything."""
    for seed in seeds:
        run_example(
            seed, (seed.root / seed.target if seed.target else seed.root).read_bytes(), tmp_path
        )
