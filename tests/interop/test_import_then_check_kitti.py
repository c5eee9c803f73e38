"""Import then check for the class-folder datasets (``taxonomist import imagenet``): a
dataset checked against the taxonomy imported from its own class index, or from its class
folders, has no error and no R008. The class index in each published layout (Keras JSON,
names only, a synset list), and the real ILSVRC-2012 synset mapping of ../shared/corpus
against ImageNet-style folders named by wnid. KITTI has no class-list file: its reference
samples check clean against a hand-written taxonomy in ``tests/formats/kitti``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.formats.cases import DATA, SHARED
from tests.interop.test_import_then_check import import_then_check

FOLDERS = DATA / "class_folders" / "valid"
WNID, LOC, CIFAR = FOLDERS / "imagenet_wnid", FOLDERS / "imagenet_loc", FOLDERS / "cifar_names"
SUBSETS = FOLDERS / "datumaro" / "imagenet_subsets_dataset"
CORPUS_SYNSETS = SHARED.parent / "taxonomies" / "imagenet_LOC_synset_mapping.txt"
# id: (class list, datasets)
OWN: dict[str, tuple[Path, tuple[Path, ...]]] = {
    "keras-index": (WNID / "imagenet_class_index.json", (WNID,)),
    "loc-synsets": (LOC / "LOC_synset_mapping.txt", (LOC,)),
    "dataset-with-index": (LOC, (LOC, LOC / "val")),
    "ultralytics-folders": (CIFAR, (CIFAR,)),
    "datumaro-folders": (SUBSETS, (SUBSETS,)),
}


@pytest.mark.parametrize("case", list(OWN))
def test_class_folders_check_clean_against_their_imported_index(tmp_path: Path, case: str) -> None:
    class_list, datasets = OWN[case]
    assert import_then_check(tmp_path, "imagenet", class_list, list(datasets)) == []


@pytest.mark.parametrize(
    "index",
    [{"0": "airplane", "1": "automobile", "2": "bird"}, ["airplane", "automobile", "bird"]],
    ids=["names-object", "names-list"],
)
def test_a_names_only_index_checks_clean(tmp_path: Path, index: object) -> None:
    path = tmp_path / "imagenet_class_index.json"
    path.write_text(json.dumps(index))
    assert import_then_check(tmp_path, "imagenet", path, [CIFAR]) == []


@pytest.mark.corpus
def test_the_ilsvrc_synset_mapping_matches_wnid_folders(tmp_path: Path) -> None:
    if not CORPUS_SYNSETS.exists():
        pytest.skip("../shared/corpus is absent")
    assert import_then_check(tmp_path, "imagenet", CORPUS_SYNSETS, [WNID, LOC]) == []


def test_a_folder_the_taxonomy_lacks_is_an_error(tmp_path: Path) -> None:
    """The property has teeth: CIFAR folders against the ImageNet index are L004."""
    found = import_then_check(tmp_path, "imagenet", WNID / "imagenet_class_index.json", [CIFAR])
    assert found and all(f.startswith("L004 'airplane'") or "L004" in f for f in found)
