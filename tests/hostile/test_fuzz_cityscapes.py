"""Fuzzing the Cityscapes reader on the shared harness (``tests.hostile.fuzzing``): each PNG
kind of the fixture frame replaced by random PNGs of every colour type, bit depth and size
(the mask mutators of ``test_fuzz_other``), and the polygons files mutated structure-aware
(``mixed_mutations``); the whole dataset root read and checked each time, and no exception
may escape. ``python -m tests.hostile.test_fuzz_cityscapes N`` runs N examples per kind and
prints every distinct escape."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, mixed_mutations, run_example, seeded
from tests.hostile.test_fuzz_other import PNG_MUTATIONS

VALID = Path(__file__).parents[1] / "data" / "interop" / "cityscapes" / "valid"
AACHEN = "gtFine/train/aachen/aachen_000000_000019_gtFine"
DATUMARO = "gtFine/val/defaultcity/defaultcity_000001_000019_gtFine"

PNGS = [
    *(Seed("cityscapes", VALID / "frame", f"{AACHEN}_{kind}.png") for kind in (
        "labelIds", "instanceIds", "labelTrainIds", "instanceTrainIds", "color"
    )),
    Seed("cityscapes", VALID / "gtfine_only", "gtFine/aachen_000000_000019_gtFine_instanceIds.png"),
    Seed("cityscapes", VALID / "datumaro" / "train_dataset", f"{DATUMARO}_labelTrainIds.png"),
    Seed("cityscapes", VALID / "datumaro" / "train_dataset", f"{DATUMARO}_instanceIds.png"),
]  # fmt: skip
POLYGONS = [
    Seed("cityscapes", VALID / "frame", f"{AACHEN}_polygons.json"),
    Seed("cityscapes", VALID / "frame", f"{AACHEN}_polygons.json", f"{AACHEN}_polygons.json"),
    Seed("cityscapes", VALID / "sample_valid.cityscapes.json"),
]
READERS = {"pngs": (PNGS, PNG_MUTATIONS), "polygons": (POLYGONS, mixed_mutations)}


@fuzz_settings()
@given(example=seeded(PNGS, PNG_MUTATIONS))
def test_random_cityscapes_pngs_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(POLYGONS, mixed_mutations))
def test_polygons_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@pytest.mark.parametrize("seeds", [PNGS, POLYGONS])
def test_every_seed_reads_cleanly(tmp_path: Path, seeds: list[Seed]) -> None:
    """A seed must read without an escape before its mutations mean anything."""
    for seed in seeds:
        data = (seed.root / seed.target if seed.target else seed.root).read_bytes()
        assert run_example(seed, data, tmp_path)


def main() -> None:
    """``python -m tests.hostile.test_fuzz_cityscapes N [pngs|polygons]``: N examples each,
    every distinct escape printed."""
    import sys
    import tempfile

    from tests.hostile.fuzzing import collect_escapes

    examples, names = int(sys.argv[1]), sys.argv[2:] or list(READERS)
    for name in names:
        seeds, mutation = READERS[name]
        with tempfile.TemporaryDirectory() as tmp:
            escapes = collect_escapes(seeds, mutation, examples, Path(tmp))
        print(f"{name}: {len(escapes)} distinct escapes")
        for where, example in escapes.items():
            print(f"  {where}\n    {example}")


if __name__ == "__main__":
    main()
