"""Fuzzing the scene readers: MIT LabelMe XML (the XML mutators of ``test_fuzz_other``, the
whole LabelMe folder copied so masks and images come along) and Scalabel / BDD100K JSON
(``mixed_mutations``). No mutation lets an exception escape or takes past the deadline."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, mixed_mutations, run_example, seeded
from tests.hostile.test_fuzz_other import XML_MUTATIONS

INTEROP = Path(__file__).parents[1] / "data" / "interop"
LABELME_ROOT = INTEROP / "labelme_xml" / "valid" / "labelme_dataset"
IMG1 = "Annotations/subset1/img1.xml"

LABELME_XML = [
    Seed("labelme-xml", LABELME_ROOT, IMG1, IMG1),
    *(
        Seed("labelme-xml", case)
        for case in sorted(INTEROP.glob("labelme_xml/invalid/*/*.xml"))
        if "not_well_formed" not in str(case)  # the XML mutators parse their seed
    ),
]
SCALABEL = [
    Seed("scalabel", path) for path in sorted((INTEROP / "scalabel" / "valid").rglob("*.json"))
]


@fuzz_settings()
@given(example=seeded(LABELME_XML, XML_MUTATIONS))
def test_labelme_xml_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(SCALABEL, mixed_mutations))
def test_scalabel_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@pytest.mark.parametrize("seeds", [LABELME_XML, SCALABEL], ids=["labelme-xml", "scalabel"])
def test_every_seed_reads_cleanly(tmp_path: Path, seeds: list[Seed]) -> None:
    for seed in seeds:
        target = seed.root / seed.target if seed.target else seed.root
        run_example(seed, target.read_bytes(), tmp_path)
