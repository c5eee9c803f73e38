"""The ADE20K reader on SceneParsing's own sample annotations (CSAILVision/sceneparsing)
and Datumaro's ADE20K 2017 and 2020 reference datasets, and the importer of objectInfo150
and of Datumaro's dataset_meta.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import discover
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import lint
from tests.formats.cases import DATA

FORMAT = "ade20k"
VALID = DATA / "ade20k" / "valid"
SCENE = VALID / "sceneparsing" / "ADEChallengeData2016"
ADE2017 = VALID / "ade20k2017_dataset"
ADE2020 = VALID / "ade20k2020_dataset"


def read(path: Path) -> list[Dataset]:
    return reader(FORMAT).read(path)


def test_scene_parsing_samples_give_class_indices_with_other_as_void() -> None:
    (dataset,) = read(SCENE)
    assert dataset.findings == []
    assert dataset.images.files == [f"images/validation/ADE_val_0000000{i}.jpg" for i in (1, 2, 3)]
    masks = dataset.images.masks
    assert masks.values[0] == [1, 2, 3, 5, 7, 10, 18]
    assert masks.void == {0: 0, 1: 0, 2: 0}  # 0: "other objects", painted in each
    assert (dataset.images.width[0], dataset.images.height[0]) == (683, 512)


def test_ade20k_2017_objects_parts_and_attributes() -> None:
    datasets = read(ADE2017 / "dataset")
    assert [f.render() for d in datasets for f in d.findings] == []
    validation = next(d for d in datasets if "validation" in d.source)
    assert [c.name for c in validation.categories] == ["sky", "person", "license plate", "rim"]
    assert validation.objects.ids == ["0/1", "0/2", "1/1", "2/1"]
    assert validation.objects.flags[3] == {"part_level": 2}
    training = next(d for d in datasets if "training" in d.source)
    assert training.objects.attributes[0] == {"occluded": True}
    assert training.objects.attributes[1] == {"walkin": True, "occluded": False}
    assert training.images.masks.instances == {0: [0, 1, 2]}
    assert training.locate_object is not None and training.locate_object(1).line == 2


def test_ade20k_2020_json_objects_are_parts_of_their_whole() -> None:
    datasets = read(ADE2020 / "dataset")
    assert [f.render() for d in datasets for f in d.findings] == []
    validation = next(d for d in datasets if "validation" in d.source)
    assert [c.name for c in validation.categories] == ["car", "person", "door", "rim"]
    assert validation.objects.flags[2] == {"part_level": 1, "part_of": "0"}
    assert validation.objects.flags[3] == {"part_level": 2, "part_of": "2"}
    assert validation.objects.attributes[2] == {"occluded": True}
    located = validation.object_location(3)
    assert located.pointer == "/annotation/object/3" and located.line is not None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (SCENE, "ADE20K SceneParsing annotations (training / validation PNG folders)"),
        (
            SCENE / "annotations",
            "ADE20K SceneParsing annotations (training / validation PNG folders)",
        ),
        (SCENE / "annotations" / "validation", "ADE20K SceneParsing annotations/validation folder"),
        (ADE2017 / "dataset", "ADE20K full dataset (images with *_seg.png and *_atr.txt or JSON)"),
        (ADE2020, "ADE20K full dataset (images with *_seg.png and *_atr.txt or JSON)"),
        (ADE2017 / "dataset" / "validation" / "2_atr.txt", "ADE20K *_atr.txt beside its *_seg.png"),
        (
            ADE2020 / "dataset" / "validation" / "2.json",
            "ADE20K image JSON (annotation.object) beside its *_seg.png",
        ),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_discovery_gives_its_folders_and_files_to_the_ade20k_reader(
    path: Path, reason: str
) -> None:
    assert [(s.format, s.reason) for s in discover([path]).sources] == [(FORMAT, reason)]


@pytest.mark.parametrize(
    "path",
    [
        ADE2017 / "dataset" / "validation" / "2_atr.txt",
        ADE2020 / "dataset" / "validation" / "2.json",
    ],
    ids=["atr", "json"],
)
def test_no_other_reader_claims_its_annotation_files(path: Path) -> None:
    head = path.read_bytes()[:65536]
    assert [n for n in READERS if reader(n).sniff(path, head)] == [FORMAT]


def test_a_lone_image_json_is_not_ade20k(tmp_path: Path) -> None:
    path = tmp_path / "2.json"
    path.write_text(json.dumps({"annotation": {"object": []}}))
    assert reader(FORMAT).sniff(path, path.read_bytes()) is None  # no 2_seg.png beside it


# -- importer ----------------------------------------------------------------------------
def imported(path: Path) -> dict[str, object]:
    document: dict[str, object] = importer("ade20k").import_taxonomy(path, ImportOptions()).document
    return document


def test_object_info_txt_gives_150_classes_with_synonyms() -> None:
    document = imported(VALID / "sceneparsing" / "objectInfo150.txt")
    classes: dict[str, dict[str, object]] = document["classes"]  # type: ignore[assignment]
    assert len(classes) == 150
    assert classes["person"]["id"] == 13
    assert classes["person"]["synonyms"] == ["individual", "someone", "somebody", "mortal", "soul"]
    assert classes["coffee_table"] == {
        "id": 65, "aliases": ["coffee table"], "synonyms": ["cocktail table"],
        "label_types": ["outline", "segmentation"],
    }  # fmt: skip
    assert "synonyms" not in classes["blind"]  # its "screen" is class 131
    segmentation = document["label_types"]["segmentation"]  # type: ignore[index]
    assert segmentation["void_value"] == 0


def test_object_info_csv_takes_its_names_from_the_txt_beside_it(tmp_path: Path) -> None:
    csv_classes = imported(VALID / "sceneparsing" / "objectInfo150.csv")["classes"]
    assert csv_classes["coffee_table"]["kind"] == "thing"  # type: ignore[index]  # Stuff column
    assert csv_classes["wall"]["kind"] == "stuff"  # type: ignore[index]
    alone = tmp_path / "objectInfo150.csv"
    alone.write_bytes((VALID / "sceneparsing" / "objectInfo150.csv").read_bytes())
    names = list(imported(alone)["classes"])  # type: ignore[arg-type]
    assert names[64] == "coffee_table_cocktail_table"  # ";" between words and synonyms alike


def test_imported_scene_parsing_taxonomy_lints_clean(tmp_path: Path) -> None:
    out = tmp_path / "ade20k.yaml"
    with pytest.raises(SystemExit) as stop:
        main(
            ["import", "ade20k", str(VALID / "sceneparsing" / "objectInfo150.csv"), "-o", str(out)]
        )
    assert stop.value.code == 0
    assert [f.render() for f in lint([out]) if f.severity >= Severity.ERROR] == []


def test_dataset_meta_json_gives_its_labels() -> None:
    document = imported(ADE2017 / "dataset_with_meta_file" / "dataset_meta.json")
    classes: dict[str, dict[str, object]] = document["classes"]  # type: ignore[assignment]
    assert {n: c["id"] for n, c in classes.items()} == {
        "sky": 0, "person": 1, "license_plate": 2, "rim": 3
    }  # fmt: skip
    assert classes["license_plate"]["aliases"] == ["license plate"]
    assert "void_value" not in document["label_types"]["segmentation"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Idx,Name\n0,other\n", "Idx 0 is SceneParsing's 'other objects'"),
        ("Idx,Name\n1,wall\n1,sky\n", "Idx 1 is used twice"),
        ("Index,Label\n1,wall\n", "no Idx and Name columns"),
        ("Idx,Name\n1,wall,extra\n", "3 columns, the header has 2"),
    ],
)
def test_unusable_tables_are_invalid_input(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "objectInfo150.txt.csv"
    path.write_text(text)
    with pytest.raises(InvalidInput, match=message):
        imported(path)


def test_a_folder_without_the_layout_is_f007(tmp_path: Path) -> None:
    (dataset,) = read(tmp_path)
    assert [(f.code, f.severity) for f in dataset.findings] == [("F007", Severity.ERROR)]


def test_a_seg_png_without_its_annotation_is_f008(tmp_path: Path) -> None:
    folder = ADE2017 / "dataset" / "validation"
    for name in ("2.jpg", "2_seg.png", "2_parts_1.png", "2_parts_2.png", "2_atr.txt"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    (tmp_path / "3_seg.png").write_bytes((folder / "2_seg.png").read_bytes())
    datasets = read(tmp_path)
    assert [[f.code for f in d.findings] for d in datasets] == [[], ["F008"]]
