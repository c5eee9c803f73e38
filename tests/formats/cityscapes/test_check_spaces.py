"""The checker reads each Cityscapes mask through the id space its kind is in
(``MaskPixels.space``): a value valid in another id space is a finding, not a pass; colours
through the classes' colours; instance numbers only for things. Masks that do not say (VOC,
generic) keep the pooled vocabulary of every mask label type."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from taxonomist.api import check
from taxonomist.cli import main
from tests.formats.cases import DATA

VALID = DATA / "cityscapes" / "valid"
STEM = "aachen_000000_000019"


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The taxonomy imported from cityscapesScripts' own labels.py."""
    out = tmp_path_factory.mktemp("taxonomy") / "cityscapes.yaml"
    with pytest.raises(SystemExit) as stop:
        main(["import", "cityscapes", str(VALID / "labels.py"), "-o", str(out)])
    assert stop.value.code == 0
    return out


def _mask(tmp_path: Path, kind: str, values: list[int], mode: str = "L") -> Path:
    folder = tmp_path / "gtFine" / "train" / "aachen"
    folder.mkdir(parents=True, exist_ok=True)
    dtype = np.uint16 if mode == "I;16" else np.uint8
    pixels = np.array([values], dtype)
    path = folder / f"{STEM}_gtFine_{kind}.png"
    Image.fromarray(pixels).save(path)
    return path


def _findings(taxonomy: Path, path: Path) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in check(taxonomy, [path]).findings if f.code != "F130"]


@pytest.mark.parametrize(
    ("kind", "values", "unknown"),
    [
        ("labelIds", [0, 7, 255], "255"),  # 255 is the train ids' ignore, no label id
        ("labelTrainIds", [0, 13, 25], "25"),  # 25 is rider's id, no train id
        ("labelIds", [0, 7, 34], "34"),
        ("labelTrainIds", [0, 13, 19], "19"),  # train ids stop at 18
    ],
)
def test_a_value_of_another_id_space_is_a_finding(
    tmp_path: Path, taxonomy: Path, kind: str, values: list[int], unknown: str
) -> None:
    found = _findings(taxonomy, _mask(tmp_path, kind, values))
    assert [code for code, _ in found] == ["G009"]
    assert found[0][1].startswith(f"mask values {unknown} are no class of the taxonomy")


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("labelIds", [0, 7, 25, 33]),  # 25 (rider) is a label id
        ("labelTrainIds", [0, 13, 18, 255]),  # 255 is the ignore value
    ],
)
def test_the_same_values_in_their_own_kind_pass(
    tmp_path: Path, taxonomy: Path, kind: str, values: list[int]
) -> None:
    assert _findings(taxonomy, _mask(tmp_path, kind, values)) == []


def test_the_messages_name_the_id_space(tmp_path: Path, taxonomy: Path) -> None:
    (found,) = _findings(taxonomy, _mask(tmp_path, "labelTrainIds", [0, 25]))
    assert found[1] == (
        "mask values 25 are no class of the taxonomy's train_id id space "
        "(value 25 first at x, y = (1, 0))"
    )


def test_a_colour_no_class_has_is_a_finding_at_its_first_pixel(
    tmp_path: Path, taxonomy: Path
) -> None:
    folder = tmp_path / "gtFine" / "train" / "aachen"
    folder.mkdir(parents=True)
    pixels = np.array([[[128, 64, 128, 255], [0, 0, 142, 255], [1, 2, 3, 255]]], np.uint8)
    Image.fromarray(pixels, "RGBA").save(folder / f"{STEM}_gtFine_color.png")
    (found,) = _findings(taxonomy, folder)
    assert found == (
        "G009",
        "mask values (1, 2, 3) are no class of the taxonomy's colours "
        "(value (1, 2, 3) first at x, y = (2, 0))",
    )


def test_a_grey_value_that_is_a_colour_code_is_no_colour(tmp_path: Path, taxonomy: Path) -> None:
    """142 is car's colour (0, 0, 142) as a code, but a labelIds 142 is no label id."""
    (found,) = _findings(taxonomy, _mask(tmp_path, "labelIds", [7, 142]))
    assert found[0] == "G009" and "142" in found[1]


def test_instance_numbers_only_for_things(tmp_path: Path, taxonomy: Path) -> None:
    things = _mask(tmp_path, "instanceIds", [7, 26000, 26001, 24, 26], "I;16")
    assert _findings(taxonomy, things) == []  # 24 and 26: a persongroup and a cargroup
    stuff = _mask(tmp_path, "instanceIds", [7, 7001, 26000], "I;16")
    (found,) = _findings(taxonomy, stuff)
    assert found == (
        "G009",
        "mask value 7001: instance 1 of 'road' (id 7), a class without instances (stuff)",
    )


def test_instance_train_ids_number_things_in_the_train_id_space(
    tmp_path: Path, taxonomy: Path
) -> None:
    things = _mask(tmp_path, "instanceTrainIds", [0, 13000, 13001, 11, 255], "I;16")
    assert _findings(taxonomy, things) == []
    stuff = _mask(tmp_path, "instanceTrainIds", [0, 1001, 13000], "I;16")  # 1: sidewalk
    (found,) = _findings(taxonomy, stuff)
    assert found == (
        "G009",
        "mask value 1001: instance 1 of 'sidewalk' (train_id 1), a class without instances (stuff)",
    )


def test_datumaro_train_ids_and_instances_against_the_real_table(taxonomy: Path) -> None:
    """Datumaro's samples use its own label map: train id 19 and ego vehicle (id 1, stuff)
    with an instance number are no Cityscapes values."""
    report = check(taxonomy, [VALID / "datumaro" / "train_dataset"])
    found = sorted((f.code, f.location.image_id, f.message.split(" (")[0]) for f in report.findings)
    assert ("G009", "defaultcity_000001_000019_gtFine_instanceIds",
            "mask value 1024: instance 24 of 'ego_vehicle'") in {
        (c, i, m.split(",")[0]) for c, i, m in found
    }  # fmt: skip
    train = [m for c, i, m in found if i and i.endswith("labelTrainIds")]
    assert train == ["mask values 19 are no class of the taxonomy's train_id id space"] * 4


def test_generic_masks_keep_the_pooled_vocabulary(tmp_path: Path) -> None:
    """A mask that does not say its id space may hold a value of any mask label type's."""
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_text(
        "name: t\nversion: 1.0.0\nid_spaces:\n  train_id: {ignore_value: 255}\n"
        "label_types:\n  ids: {kind: mask, mode: semantic}\n"
        "  train: {kind: mask, mode: semantic, id_space: train_id}\n"
        "classes:\n  road: {id: 7, ids: {train_id: 0}, label_types: [ids, train]}\n"
    )
    folder = tmp_path / "masks"
    folder.mkdir()
    Image.fromarray(np.array([[7, 0, 255]], np.uint8)).save(folder / "a.png")
    assert [f.code for f in check(taxonomy, [folder]).findings] == []
