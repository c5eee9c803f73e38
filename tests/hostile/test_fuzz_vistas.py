"""Fuzzing the Mapillary Vistas and ADE20K readers on the shared harness
(``tests.hostile.fuzzing``): whatever a mutated file holds, reading and checking its
dataset lets no exception escape, within the harness's deadline.

Seeds are the readers' reference datasets; each seed copies a whole dataset folder and
mutates one file of it: the JSON files (a config, a panoptic file, a polygons file, an
ADE20K image JSON) structure-aware (``mixed_mutations``), the masks by random PNGs of every
colour type and bit depth and the ``*_atr.txt`` lines by the label-line mutator
(``tests.hostile.test_fuzz_other``).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, mixed_mutations, run_example, seeded
from tests.hostile.test_fuzz_other import LINE_MUTATIONS, PNG_MUTATIONS

INTEROP = Path(__file__).parents[1] / "data" / "interop"
VISTAS_ROOT = INTEROP / "mapillary_vistas" / "valid" / "mapillary_vistas_dataset"
ADE = INTEROP / "ade20k" / "valid"


def _vistas(target: str) -> Seed:
    return Seed("mapillary-vistas", VISTAS_ROOT, target)


VISTAS_JSON = [
    _vistas("config_v2.0.json"),
    _vistas("config_v1.2.json"),
    _vistas("val/v2.0/panoptic/panoptic_2020.json"),
    _vistas("train/v1.2/panoptic/panoptic_2018.json"),
    _vistas("val/v2.0/polygons/1.json"),
]
VISTAS_PNG = [
    _vistas("val/v2.0/labels/1.png"),
    _vistas("val/v2.0/instances/1.png"),
    _vistas("val/v2.0/panoptic/1.png"),
    _vistas("train/images/2.jpg"),
]
ADE_JSON = [
    Seed("ade20k", ADE / "ade20k2020_dataset", "dataset/validation/2.json", "dataset"),
]
ADE_LINES = [
    Seed("ade20k", ADE / "ade20k2017_dataset", "dataset/validation/2_atr.txt", "dataset"),
]
ADE_PNG = [
    Seed("ade20k", ADE / "ade20k2017_dataset", "dataset/validation/2_seg.png", "dataset"),
    Seed("ade20k", ADE / "ade20k2017_dataset", "dataset/validation/2_parts_2.png", "dataset"),
    Seed(
        "ade20k",
        ADE / "ade20k2020_dataset",
        "dataset/validation/2/instance_001_ADE_val_2.png",
        "dataset",
    ),
    Seed(
        "ade20k",
        ADE / "sceneparsing",
        "ADEChallengeData2016/annotations/validation/ADE_val_00000003.png",
        "ADEChallengeData2016",
    ),
]


@fuzz_settings()
@given(example=seeded(VISTAS_JSON, mixed_mutations))
def test_vistas_json_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(VISTAS_PNG, PNG_MUTATIONS))
def test_vistas_random_pngs_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(ADE_JSON, mixed_mutations))
def test_ade20k_json_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(ADE_LINES, LINE_MUTATIONS))
def test_ade20k_atr_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(ADE_PNG, PNG_MUTATIONS))
def test_ade20k_random_pngs_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)
