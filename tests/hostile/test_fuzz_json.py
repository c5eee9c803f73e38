"""Structure-aware fuzzing of the JSON readers (COCO detection, keypoints, RLE, panoptic and
results; native JSON and JSON Lines; LabelMe; Label Studio): no mutation of a valid file lets
an exception escape, and none takes more than the harness's deadline.

Seeds are the valid test files and the real files of ``../shared/corpus``. The example budget
is per reader; ``TAXONOMIST_FUZZ_EXAMPLES`` raises it for a long run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, mixed_mutations, run_example, seeded

TESTS = Path(__file__).parents[1]
FORMATS = TESTS / "data" / "formats"
INTEROP = TESTS / "data" / "interop"
CORPUS = TESTS.parent / ".." / "shared" / "corpus" / "formats"
DATUMARO = CORPUS / "coco" / "datumaro_coco" / "annotations"
LABEL_STUDIO = CORPUS / "label_studio" / "label_studio_sdk"


def _present(seeds: list[Seed]) -> list[Seed]:
    """The seeds whose files exist (the shared corpus may be absent)."""
    return [s for s in seeds if (s.root / s.target if s.target else s.root).is_file()]


COCO = _present(
    [
        Seed("coco", FORMATS / "coco" / "valid" / "instances_small.json"),
        Seed("coco", FORMATS / "coco" / "panoptic", "valid.json", "valid.json"),
        Seed("coco", DATUMARO, "instances_val.json", "instances_val.json"),
        Seed("coco", DATUMARO, "person_keypoints_val.json", "person_keypoints_val.json"),
        Seed("coco", DATUMARO, "stuff_val.json", "stuff_val.json"),
        Seed("coco", DATUMARO, "panoptic_val.json", "panoptic_val.json"),
        Seed("coco", DATUMARO, "labels_val.json", "labels_val.json"),
        Seed("coco", DATUMARO, "captions_val.json", "captions_val.json"),
        Seed(
            "coco",
            CORPUS / "coco" / "cocoapi_results" / "instances_val2014_fakebbox100_results.json",
        ),
    ]
)
NATIVE = _present(
    [
        Seed("native", FORMATS / "native" / "valid.json"),
        Seed("native", FORMATS / "native" / "valid.jsonl"),
    ]
)
LABELME = _present(
    [
        Seed("labelme", INTEROP / "labelme" / "valid" / "grouped.json"),
        Seed("labelme", CORPUS / "labelme_json" / "labelme" / "primitives.json"),
        Seed(
            "labelme", CORPUS / "labelme_json" / "labelme" / "bbox_detection" / "2011_000003.json"
        ),
        Seed(
            "labelme",
            CORPUS / "labelme_json" / "labelme" / "instance_segmentation" / "2011_000006.json",
        ),
        Seed("labelme", CORPUS / "labelme_json" / "labelme" / "classification" / "0001.json"),
    ]
)
LABEL_STUDIO_SEEDS = _present(
    [
        Seed("label-studio", INTEROP / "label_studio" / "valid" / "own_project.json"),
        Seed("label-studio", LABEL_STUDIO / "coco_project" / "data.json"),
        Seed("label-studio", LABEL_STUDIO / "json_min_project" / "data.json"),
        Seed("label-studio", LABEL_STUDIO / "keypoints_project" / "data_keypoints.json"),
        Seed("label-studio", LABEL_STUDIO / "yolo_project" / "data.json"),
    ]
)


@fuzz_settings()
@given(example=seeded(COCO, mixed_mutations))
def test_coco_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(NATIVE, mixed_mutations))
def test_native_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(LABELME, mixed_mutations))
def test_labelme_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings()
@given(example=seeded(LABEL_STUDIO_SEEDS, mixed_mutations))
def test_label_studio_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@pytest.mark.parametrize("seeds", [COCO, NATIVE, LABELME, LABEL_STUDIO_SEEDS])
def test_every_seed_reads_cleanly(tmp_path: Path, seeds: list[Seed]) -> None:
    """A seed must read without an escape before its mutations mean anything."""
    for seed in seeds:
        run_example(
            seed, (seed.root / seed.target if seed.target else seed.root).read_bytes(), tmp_path
        )
