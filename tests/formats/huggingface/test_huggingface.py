"""Hugging Face ImageFolder reader: metadata.jsonl object detection named through the dataset
card, metadata.csv classification, sizes from the images beside the metadata."""

from __future__ import annotations

from pathlib import Path

from taxonomist.formats import READERS, reader
from taxonomist.formats.huggingface.card import read_card
from tests.formats.cases import DATA, errors, read_all

VALID = DATA / "huggingface" / "valid"
DETECTION = VALID / "detection" / "metadata.jsonl"
CLASSIFICATION = VALID / "classification" / "train" / "metadata.csv"


def _claims(path: Path) -> list[str]:
    head = path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


def test_metadata_files_are_claimed_by_huggingface_only() -> None:
    assert _claims(DETECTION) == ["huggingface"]
    assert _claims(CLASSIFICATION) == ["huggingface"]


def test_another_name_is_no_imagefolder_metadata(tmp_path: Path) -> None:
    other = tmp_path / "labels.jsonl"
    other.write_bytes(DETECTION.read_bytes())
    assert "huggingface" not in _claims(other)


def test_detection_boxes_are_coco_xywh_named_by_the_card() -> None:
    (dataset,) = read_all("huggingface", DETECTION)
    assert errors([dataset]) == []
    assert [c.name for c in dataset.categories] == ["helmet", "vest", "person"]
    assert [dataset.categories[c].name for c in dataset.objects.category] == [
        "helmet",
        "vest",
        "person",
        "person",
    ]
    assert dataset.objects.box[2].tolist() == [150, 30, 240, 600]
    assert dataset.images.width.tolist() == [1024, 1024, 960]  # from the PNG headers
    assert dataset.object_location(3).line == 3
    assert dataset.object_location(3).pointer == "/objects/bbox/1"


def test_csv_labels_are_image_level_labels_named_by_the_card_one_folder_up() -> None:
    (dataset,) = read_all("huggingface", CLASSIFICATION)
    assert errors([dataset]) == []
    assert dataset.images.labels == [{"label": ["cat"]}, {"label": ["dog"]}]
    assert dataset.images.width.tolist() == [64, 64]


def test_the_card_reads_names_as_a_mapping_or_a_list(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(
        "---\ndataset_info:\n  features:\n  - name: label\n    dtype:\n      class_label:\n"
        "        names: [ant, bee]\n---\n# card\n"
    )
    assert read_card(card).names == {"label": ["ant", "bee"]}
    assert read_card(VALID / "detection" / "README.md").names == {
        "objects": ["helmet", "vest", "person"]
    }


def test_without_a_card_category_numbers_are_their_own_names(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("0001.png", "0002.png", "0003.png"):
        (folder / name).write_bytes((VALID / "detection" / name).read_bytes())
    (folder / "metadata.jsonl").write_bytes(DETECTION.read_bytes())
    (dataset,) = read_all("huggingface", folder / "metadata.jsonl")
    assert [c.name for c in dataset.categories] == ["0", "1", "2"]
