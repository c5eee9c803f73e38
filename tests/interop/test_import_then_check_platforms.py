"""Import-then-check for the labeling platforms' formats that carry a class list: a
Supervisely project checks clean against the taxonomy imported from its own meta.json
(and from the project folder given whole); panlabel's Supervisely files, whose classes are
in no meta, against a taxonomy imported from a meta written for them; a Labelbox export
against the taxonomy imported from its project's ontology JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.importers import ImportOptions, importer
from tests.formats.cases import DATA
from tests.interop.test_import_then_check import import_then_check

PROJECT = DATA / "supervisely" / "valid" / "project"
CASES: dict[str, tuple[Path, list[Path]]] = {
    "meta-file": (PROJECT / "meta.json", [PROJECT]),
    "project-folder": (PROJECT, [PROJECT]),
    "annotation-files": (
        PROJECT / "meta.json",
        sorted(PROJECT.rglob("ann/*.json")),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_supervisely_project_checks_clean_against_its_meta(tmp_path: Path, case: str) -> None:
    class_list, paths = CASES[case]
    assert import_then_check(tmp_path, "supervisely", class_list, paths) == []


def test_panlabel_files_check_clean_against_their_meta(tmp_path: Path) -> None:
    meta = tmp_path / "meta.json"
    meta.write_text(
        '{"classes": [{"title": "cat", "shape": "rectangle"}, {"title": "dog", "shape":'
        ' "polygon"}, {"title": "car", "shape": "polygon"}], "tags": []}',
        encoding="utf-8",
    )
    files = sorted((DATA / "supervisely" / "valid" / "panlabel").glob("*.json"))
    assert import_then_check(tmp_path, "supervisely", meta, files) == []


def test_labelbox_export_checks_clean_against_its_ontology(tmp_path: Path) -> None:
    valid = DATA / "labelbox" / "valid"
    found = import_then_check(
        tmp_path, "labelbox", valid / "ontology.json", [valid / "export_v2.ndjson"]
    )
    assert found == []


def test_labelbox_ontology_import_refuses_what_is_no_ontology(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[{"data_row": {}}]', encoding="utf-8")
    with pytest.raises(InvalidInput, match="not a Labelbox ontology"):
        importer("labelbox").import_taxonomy(path, ImportOptions())
    path.write_text('{"tools": [{"tool": "rectangle"}]}', encoding="utf-8")
    with pytest.raises(InvalidInput, match="a tool needs a name"):
        importer("labelbox").import_taxonomy(path, ImportOptions())


def test_labelbox_ontology_notes_what_has_no_label_type() -> None:
    result = importer("labelbox").import_taxonomy(
        DATA / "labelbox" / "valid" / "ontology.json", ImportOptions()
    )
    assert result.notes == ("classification 'notes' (text) has no label type; left out",)
    assert result.document["attributes"]["damage"] == {
        "type": "enum",
        "values": ["dented", "scratched"],
        "multiple": True,
    }
