"""``taxonomist export --to cityscapes``: a labels.py table cityscapesScripts can import.
The taxonomy imported from cityscapesScripts' own labels.py exports the same 35 labels; a
column the taxonomy cannot fill is InvalidInput, never a guess."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.interop.export import exporter
from taxonomist.taxonomy import load
from tests.interop.export_cases import export

LABELS = Path(__file__).parents[1] / "data" / "interop" / "cityscapes" / "valid" / "labels.py"


def _labels(text: str) -> list[tuple[Any, ...]]:
    """The ``labels`` list a labels.py module defines, as plain tuples."""
    namespace: dict[str, Any] = {"__name__": "labels"}
    exec(compile(text, "labels.py", "exec"), namespace)  # our own test data
    return [tuple(label) for label in namespace["labels"]]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("import") / "cityscapes.yaml"
    with pytest.raises(SystemExit) as stop:
        main(["import", "cityscapes", str(LABELS), "-o", str(out)])
    assert stop.value.code == 0
    return out


def test_the_imported_real_table_exports_the_same_labels(imported: Path) -> None:
    text = exporter("cityscapes").export(load(imported))
    assert _labels(text) == _labels(LABELS.read_text())
    assert len(_labels(text)) == 35


def test_the_export_defines_the_lookups_cityscapes_scripts_use(imported: Path) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(exporter("cityscapes").export(load(imported)), "l.py", "exec"), namespace)
    assert namespace["name2label"]["license plate"].id == -1
    assert namespace["id2label"][26].name == "car"
    assert namespace["trainId2label"][13].name == "car"
    assert [lab.name for lab in namespace["category2labels"]["sky"]] == ["sky"]


def test_export_then_import_is_the_same_taxonomy(imported: Path, tmp_path: Path) -> None:
    exported = tmp_path / "labels.py"
    with pytest.raises(SystemExit) as stop:
        main(["export", str(imported), "--to", "cityscapes", "-o", str(exported)])
    assert stop.value.code == 0
    again = tmp_path / "again.yaml"
    with pytest.raises(SystemExit):
        main(["import", "cityscapes", str(exported), "-o", str(again)])
    first, second = load(imported), load(again)
    assert {n: (c.id, c.spec.ids, c.color) for n, c in first.classes.items()} == {
        n: (c.id, c.spec.ids, c.color) for n, c in second.classes.items()
    }


BASE = """\
name: t
version: 1.0.0
id_spaces:
  train_id: {ignore_value: 255}
  category_id: {}
label_types:
  outline: {kind: polygon}
  segmentation: {kind: mask, mode: semantic}
classes:
  flat: {id: 100, abstract: true, ids: {category_id: 1}}
  road: {id: 7, parent: flat, kind: stuff, color: '#804080', ids: {train_id: 0},
         label_types: [segmentation]}
"""


NO_TRAIN = ("  train_id: {ignore_value: 255}\n", ""), ("ids: {train_id: 0},", "")
NO_MASK = ("  segmentation: {kind: mask, mode: semantic}\n", ""), ("[segmentation]", "[outline]")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (NO_TRAIN, "no train_id id space"),
        ((("color: '#804080', ", ""),), "class 'road' has no color"),
        ((("parent: flat, ", ""),), "class 'road' has no parent"),
        (((", ids: {category_id: 1}", ""),), "category 'flat' has no category_id"),
        ((("road: {id: 7,", "road: {id: 300,"),), "has id 300: labelIds PNGs are 8-bit"),
        (NO_MASK, "no mask label type"),
        (
            (("ids: {train_id: 0},", ""), ("{ignore_value: 255}", "{}")),
            "class 'road' has no train_id and the id space has no ignore_value",
        ),
    ],
)
def test_a_column_the_taxonomy_cannot_fill_is_invalid_input(
    tmp_path: Path, changes: tuple[tuple[str, str], ...], message: str
) -> None:
    text = BASE
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "t.yaml"
    path.write_text(text)
    with pytest.raises(InvalidInput, match=message):
        exporter("cityscapes").export(load(path))


@pytest.mark.parametrize(
    ("old", "new", "row"),
    [
        ("", "", ("road", 7, 0, "flat", 1, False, False, (128, 64, 128))),
        ("ids: {train_id: 0},", "", ("road", 7, 255, "flat", 1, False, False, (128, 64, 128))),
        ("[segmentation]", "[outline]", ("road", -1, -1, "flat", 1, False, False, (128, 64, 128))),
    ],
)
def test_ignored_and_unpainted_classes(
    tmp_path: Path, old: str, new: str, row: tuple[Any, ...]
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(BASE.replace(old, new) if old else BASE)
    assert _labels(exporter("cityscapes").export(load(path))) == [row]


def test_a_taxonomy_without_its_columns_says_which_one() -> None:
    with pytest.raises(InvalidInput, match=r"no train_id id space|no mask label type"):
        export("cityscapes")
