"""Fuzzing the KITTI and class-folder readers on the shared harness
(``tests.hostile.fuzzing``): whatever a mutated file holds, reading and checking it lets no
exception escape, within the harness's deadline.

KITTI label lines get the YOLO line mutators of ``test_fuzz_other`` (tokens replaced,
added or dropped, lines doubled or made huge, bytes that are not UTF-8): both are lines of
space-separated numbers. A class-folder dataset gets an image replaced by a random PNG (cut
short, lying about its size) or by mutated label lines (an image that is no image), and its
class index by the JSON mutations.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, mixed_mutations, run_example, seeded
from tests.hostile.test_fuzz_other import LINE_MUTATIONS, PNG_MUTATIONS

VALID = Path(__file__).parents[1] / "data" / "interop"
KITTI_ROOTS = (
    VALID / "kitti" / "valid" / "datumaro_kitti" / "kitti_detection" / "training",
    VALID / "kitti" / "valid" / "datumaro_kitti" / "kitti_3d" / "training",
    VALID / "kitti" / "valid" / "panlabel" / "sample_valid.kitti",
)
KITTI = [
    Seed("kitti", root, label.relative_to(root).as_posix())
    for root in KITTI_ROOTS
    for label in sorted((root / "label_2").glob("*.txt"))
]
FOLDERS = VALID / "class_folders" / "valid"
IMAGES = [
    Seed("class-folders", FOLDERS / "imagenet_wnid", "train/n01440764/n01440764_10026.JPEG"),
    Seed("class-folders", FOLDERS / "cifar_names", "test/bird/1000_bird.png"),
]
INDEX = [Seed("class-folders", FOLDERS / "imagenet_wnid", "imagenet_class_index.json")]
SYNSETS = [Seed("class-folders", FOLDERS / "imagenet_loc", "LOC_synset_mapping.txt")]


@fuzz_settings(200)
@given(example=seeded(KITTI, LINE_MUTATIONS))
def test_kitti_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(200)
@given(example=seeded(IMAGES, PNG_MUTATIONS))
def test_class_folder_images_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(200)
@given(example=seeded(INDEX, mixed_mutations))
def test_class_index_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(200)
@given(example=seeded(SYNSETS, LINE_MUTATIONS))
def test_synset_list_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)
