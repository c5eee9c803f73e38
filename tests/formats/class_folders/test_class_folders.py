"""Class-folder classification datasets: Datumaro's ImageNet samples and the suite's own
Ultralytics and ImageNet layouts read as a trainer reads them (the folder under the split
is the class, images below it belong to it, images outside class folders are findings),
images measured from headers only and fast, class indexes in every published layout, and a
sniff that takes no other format's folder."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from taxonomist.formats import READERS, class_folders, reader
from taxonomist.formats.class_folders.index import find_index, load_index
from taxonomist.formats.discover import discover
from tests.formats.cases import DATA, SHARED, findings, read_all

VALID = DATA / "class_folders" / "valid"
SUBSETS = VALID / "datumaro" / "imagenet_subsets_dataset"
WNID = VALID / "imagenet_wnid"
CIFAR = VALID / "cifar_names"


def _labels(path: Path) -> dict[str, str]:
    (dataset,) = read_all("class-folders", path)
    labels = dataset.images.labels or []
    return {i: lab["class"] for i, lab in zip(dataset.images.ids, labels, strict=True)}


def test_datumaro_subsets_read_the_top_folder_as_the_class() -> None:
    (dataset,) = read_all("class-folders", SUBSETS)
    assert len(dataset.images) == 9  # 3 splits x 3 images in class folders
    labels = _labels(SUBSETS)
    assert labels["train/label_1/label_1_1/label_1_1"] == "label_1"  # as ImageFolder reads it
    assert labels["val/label_0/label_0_1"] == "label_0"
    loose = sorted(Path(f.location.file).relative_to(SUBSETS).as_posix() for f in dataset.findings)
    assert loose == ["test/label_0_2.jpg", "train/label_0_2.jpg", "val/label_0_2.jpg"]
    assert {f.code for f in dataset.findings} == {"F152"}
    assert set(dataset.images.width.tolist()) == {8.0}


def test_wnid_folders_keep_their_wnid_and_sizes_come_from_headers() -> None:
    (dataset,) = read_all("class-folders", WNID)
    assert findings([dataset]) == []
    assert set(_labels(WNID).values()) == {"n01440764", "n01443537", "n01484850"}
    shapes = zip(dataset.images.width, dataset.images.height, strict=True)
    sizes = dict(zip(dataset.images.ids, shapes, strict=True))
    assert sizes["train/n01443537/n01443537_1000"] == (16, 9)
    assert dataset.images.files[0] == "train/n01440764/n01440764_10026.JPEG"


def test_a_split_folder_alone_is_read_with_its_dataset_s_index(tmp_path: Path) -> None:
    copy = tmp_path / "wnid"
    shutil.copytree(WNID, copy)
    shutil.rmtree(copy / "train" / "n01484850")
    (copy / "val" / "n02012849").mkdir()
    (dataset,) = class_folders.read(copy / "val")
    assert [f.code for f in dataset.findings] == ["F153", "F150"]  # not indexed, and empty
    assert dataset.images.ids == [
        "val/n01440764/ILSVRC2012_val_00000293",
        "val/n01443537/ILSVRC2012_val_00000236",
    ]


def test_a_thousand_images_are_read_from_their_headers_fast(tmp_path: Path) -> None:
    image = (CIFAR / "test" / "bird" / "1000_bird.png").read_bytes()
    for n in range(1000):
        folder = tmp_path / "train" / f"class_{n % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n}.png").write_bytes(image)
    start = time.perf_counter()
    (dataset,) = class_folders.read(tmp_path)
    assert time.perf_counter() - start < 10
    assert len(dataset.images) == 1000 and dataset.findings == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "imagenet_class_index.json",
            '{"0": ["n01440764", "tench"], "1": ["n01443537", "goldfish"]}',
        ),
        ("imagenet_class_index.json", '{"1": "goldfish", "0": "tench"}'),
        ("imagenet_class_index.json", '["tench", "goldfish"]'),
        ("LOC_synset_mapping.txt", "n01440764 tench, Tinca tinca\nn01443537 goldfish\n"),
        ("synset_words.txt", "n01440764 : tench, Tinca tinca\n\nn01443537 : goldfish\n"),
    ],
)
def test_every_class_index_layout(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    found = find_index(tmp_path)
    assert found is not None
    index, problems = load_index(found)
    assert problems == [] and index is not None
    assert [(e.number, e.name) for e in index.entries] == [(0, "tench"), (1, "goldfish")]
    if "n01440764" in text:
        assert [e.wnid for e in index.entries] == ["n01440764", "n01443537"]
    if "Tinca" in text:
        assert index.entries[0].words == ("Tinca tinca",)


def test_the_corpus_synset_mapping_is_a_thousand_classes() -> None:
    path = SHARED.parent / "taxonomies" / "imagenet_LOC_synset_mapping.txt"
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    index, problems = load_index(path)
    assert problems == [] and index is not None
    assert len(index.entries) == 1000
    assert index.entries[0].wnid == "n01440764" and index.entries[0].name == "tench"
    assert sum(e.name == "crane" for e in index.entries) == 2  # ImageNet repeats names


def test_a_mutated_index_is_findings(tmp_path: Path) -> None:
    path = tmp_path / "imagenet_class_index.json"
    path.write_text(json.dumps({"0": ["x", "tench"], "1": []}))
    index, problems = load_index(path)
    assert index is not None and index.entries == []
    assert [p.code for p in problems] == ["S002", "S002"]
    path.write_text('"tench"')
    assert [p.code for p in load_index(path)[1]] == ["F003"]


def _claims(path: Path) -> list[str]:
    return [name for name in READERS if reader(name).sniff(path, b"")]


def test_sniff_takes_the_class_folder_layouts() -> None:
    for path in (SUBSETS, WNID, CIFAR, VALID / "imagenet_loc", WNID / "train", CIFAR / "val"):
        assert _claims(path) == ["class-folders"], path
    assert _claims(VALID / "datumaro" / "imagenet_dataset") == []  # no split: --format only


def test_sniff_takes_no_other_format_s_folder() -> None:
    """Every folder of the suite's fixtures and of ../shared/corpus outside the class-folder
    fixtures: YOLO detection splits (train/images, train/labels), VOC, COCO image folders,
    mask folders, KITTI."""
    roots = [DATA, SHARED]
    folders = [p for r in roots if r.is_dir() for p in (r, *r.rglob("*")) if p.is_dir()]
    assert len(folders) > 100
    own = DATA / "class_folders"
    claimed = [p for p in folders if class_folders.sniff(p, b"") and own not in p.parents]
    assert claimed == []


def test_discovery_reads_each_dataset_once() -> None:
    sources = discover([VALID]).sources
    assert sorted(s.path.name for s in sources) == [
        "cifar_names",
        "imagenet_loc",
        "imagenet_subsets_dataset",
        "imagenet_wnid",
    ]
    assert {s.format for s in sources} == {"class-folders"}


def test_a_link_to_a_folder_is_not_followed(tmp_path: Path) -> None:
    shutil.copytree(CIFAR, tmp_path / "data")
    (tmp_path / "data" / "train" / "root").symlink_to("/", target_is_directory=True)
    (dataset,) = class_folders.read(tmp_path / "data")
    assert [(f.code, Path(f.location.file).name) for f in dataset.findings] == [("F151", "root")]
    assert len(dataset.images) == 7
