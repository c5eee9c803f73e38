"""Labelbox ontology export: a snapshot of the street taxonomy, and export -> import ->
export giving the same ontology back."""

from __future__ import annotations

from pathlib import Path

from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.interop.yaml_out import dump_yaml
from taxonomist.taxonomy import load
from tests.formats.cases import DATA
from tests.interop.export_cases import export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.labelbox.json", export("labelbox"))


def test_export_import_export_is_stable(tmp_path: Path) -> None:
    ontology = DATA / "labelbox" / "valid" / "ontology.json"
    doc = importer("labelbox").import_taxonomy(ontology, ImportOptions(name="streets")).document
    first = tmp_path / "first.yaml"
    first.write_text(dump_yaml(doc), encoding="utf-8")
    exported = tmp_path / "ontology.json"
    exported.write_text(export("labelbox", load(first)), encoding="utf-8")
    again = importer("labelbox").import_taxonomy(exported, ImportOptions(name="streets"))
    second = tmp_path / "second.yaml"
    second.write_text(dump_yaml(again.document), encoding="utf-8")
    assert export("labelbox", load(second)) == exported.read_text(encoding="utf-8")
    assert again.document["attributes"] == doc["attributes"]
    assert again.document["label_types"] == doc["label_types"]
