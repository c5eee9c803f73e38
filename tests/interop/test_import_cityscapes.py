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
    assert "license_plate" not in classes  # type: ignore[operator]  # id -1
    assert classes["human"] == {"id": 1005, "abstract": True}  # type: ignore[index]


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
