"""``taxonomist export --to openimages``: the class descriptions CSV of the MIDs a taxonomy
keeps, which reads back as the dataset's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.taxonomy import load
from tests.formats.cases import DATA
from tests.interop.export_cases import export

V7 = DATA / "openimages" / "valid" / "oidv7"


def test_import_then_export_gives_the_dataset_descriptions_back(tmp_path: Path) -> None:
    taxonomy = tmp_path / "oi.yaml"
    with pytest.raises(SystemExit):
        main(["import", "openimages", str(V7), "-o", str(taxonomy)])
    text = export("openimages", load(taxonomy))
    original = V7 / "annotations" / "oidv7-class-descriptions-boxable.csv"
    assert text == original.read_text(encoding="utf-8")


def test_a_display_name_with_a_comma_is_quoted(tmp_path: Path) -> None:
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_text(
        "name: t\nversion: 0.1.0\nlabel_types: {box: {kind: box}}\nclasses:\n"
        "  a: {id: 1, title: 'Ball, golf', label_types: [box], "
        "external_ids: {openimages: /m/02wmf}}\n"
        "  b: {id: 2, label_types: [box]}\n",
        encoding="utf-8",
    )
    assert export("openimages", load(taxonomy)) == 'LabelName,DisplayName\n/m/02wmf,"Ball, golf"\n'


def test_a_taxonomy_without_mids_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no class has an Open Images MID"):
        export("openimages")
