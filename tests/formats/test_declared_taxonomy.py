"""The taxonomy a file says it follows, read by the native and COCO readers from both forms
(``taxonomy: NAME`` with ``taxonomy_version``, or ``taxonomy: {name, version}``; COCO inside
``info``); mistyped values are ignored, never a traceback. Cases: ``data/formats/declared``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomist.formats import coco, native
from tests.formats.conftest import DATA

DECLARED = DATA / "declared"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (DECLARED / "expected.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reader_keeps_the_declared_taxonomy(name: str) -> None:
    path = DECLARED / name
    reader = coco if name.startswith("coco") else native
    assert reader.sniff(path, path.read_bytes()) is not None
    dataset = reader.read(path)[0]
    got = [dataset.taxonomy, dataset.taxonomy_version, dataset.taxonomy_version_pointer]
    assert got == EXPECTED[name]["declared"]
    assert [f.code for f in dataset.findings] == EXPECTED[name]["codes"]


def test_every_case_file_is_listed() -> None:
    files = {p.name for p in Path(DECLARED).glob("*.json")}
    assert files == set(EXPECTED)


def test_json_lines_declare_no_taxonomy() -> None:
    dataset = native.read_data(
        b'{"id": 1, "file": "a.jpg", "taxonomy": "demo"}\n', "x.jsonl", jsonl=True
    )
    assert (dataset.taxonomy, dataset.taxonomy_version) == (None, None)
