"""``taxonomist import cityscapes``: labels.py tables and CSV with the same columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Severity
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import lint

DATA = Path(__file__).parents[1] / "data" / "interop" / "import"


def run(path: Path) -> dict[str, object]:
    return importer("cityscapes").import_taxonomy(path, ImportOptions()).document


def test_labels_py_ids_train_ids_categories_and_flags() -> None:
    classes = run(DATA / "cityscapes_labels.py")["classes"]
    car = classes["car"]  # type: ignore[index]
    assert car["id"] == 26 and car["ids"] == {"train_id": 13}
    assert car["parent"] == "vehicle" and car["kind"] == "thing" and car["color"] == "#00008e"
    assert classes["unlabeled"]["region"] == "void"  # type: ignore[index]
    assert classes["unlabeled"]["evaluated"] is False  # type: ignore[index]
    assert "ids" not in classes["ego_vehicle"]  # type: ignore[operator]  # train id 255
    assert classes["traffic_light"]["aliases"] == ["traffic light"]  # type: ignore[index]
    assert car["crowd"] is True  # cargroup polygons: crowd regions of cars
    plate = classes["license_plate"]  # type: ignore[index]  # id -1: never painted in masks
    assert plate["label_types"] == ["outline"] and plate["id"] > 1005
    assert plate["aliases"] == ["license plate"] and plate["parent"] == "vehicle"
    human = classes["human"]  # type: ignore[index]
    assert human == {"id": 1005, "abstract": True, "ids": {"category_id": 6}}


def test_a_category_named_like_a_class_keeps_its_name_for_the_export() -> None:
    classes = run(DATA.parent / "cityscapes" / "valid" / "labels.py")["classes"]
    assert classes["sky_group"]["external_ids"] == {"cityscapes": "sky"}  # type: ignore[index]
    assert classes["sky"]["parent"] == "sky_group"  # type: ignore[index]


def test_csv_table() -> None:
    classes = run(DATA / "cityscapes_labels.csv")["classes"]
    assert {n: c["id"] for n, c in classes.items() if "abstract" not in c} == {  # type: ignore[union-attr]
        "unlabeled": 0, "road": 7, "car": 26
    }  # fmt: skip


def test_cli_result_lints_clean(tmp_path: Path) -> None:
    out = tmp_path / "cityscapes.yaml"
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "cityscapes", str(DATA / "cityscapes_labels.py"), "-o", str(out)])
    assert exit_info.value.code == 0
    assert [f.render() for f in lint([out]) if f.severity >= Severity.ERROR] == []


def test_missing_columns_are_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("name,id\nroad,7\n")
    with pytest.raises(InvalidInput, match="missing columns"):
        run(path)


def test_json_with_cityscapes_scripts_keys_is_the_csv_table() -> None:
    assert (
        run(DATA / "cityscapes_labels.json")["classes"]
        == run(DATA / "cityscapes_labels.csv")["classes"]
    )


def test_json_with_detectron2_keys() -> None:
    """detectron2's CITYSCAPES_CATEGORIES: isthing for hasInstances, no category."""
    classes = run(DATA / "cityscapes_detectron2.json")["classes"]
    assert classes == {
        "road": {
            "id": 7,
            "color": "#804080",
            "label_types": ["outline", "segmentation"],
            "kind": "stuff",
            "ids": {"train_id": 0},
        },
        "car": {
            "id": 26,
            "color": "#00008e",
            "label_types": ["outline", "segmentation"],
            "kind": "thing",
            "crowd": True,
            "ids": {"train_id": 13},
        },
    }


BAD_JSON = [
    ('{"labels": {"road": 7}}', "#/labels: not a list of label objects"),
    ("[7]", "#/0: a label must be an object"),
    ('{"categories": [{"name": "road"}]}', "#/categories/0: the label has no 'id'"),
    ('[{"name": "road", "id": 7.5}]', "#/0: the label's id 7.5 is no integer"),
    ('[{"name": "road", "id": true}]', "#/0: the label's id True is no integer"),
    ('[{"name": "road", "id": 7, "color": [1, 2]}]', "#/0: unusable label row"),
    ('[{"name": "???", "id": 7}]', "#/0: unusable label row"),
    ("[]", "no labels found"),
    ("[1,", "not valid JSON"),
]


@pytest.mark.parametrize(("text", "message"), BAD_JSON)
def test_unusable_json_tables_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "labels.json"
    path.write_text(text)
    with pytest.raises(SystemExit) as stop:
        main(["import", "cityscapes", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    assert message in err and "hint:" in err
