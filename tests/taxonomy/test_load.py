"""load() and lint(): the public entry points, on small inline taxonomies."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.core.errors import TaxonomyInvalid
from taxonomist.taxonomy import lint, load

GOOD = """\
name: tiny
version: 1.0.0
label_types:
  box: {kind: box}
attributes:
  occluded: {type: bool}
classes:
  animal: {id: 1, abstract: true, label_types: [box], attributes: {occluded: optional}}
  cat: {id: 2, parent: animal, definition: A cat., color: '#ff0000'}
"""


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_resolves_inheritance(tmp_path: Path) -> None:
    tax = load(write(tmp_path, GOOD))
    cat = tax.classes["cat"]
    assert cat.ancestors == ("animal",)
    assert cat.label_types == ("box",)
    assert cat.attributes["occluded"].presence == "optional"
    assert cat.color == "#ff0000"
    assert tax.classes["animal"].color.startswith("#")
    assert tax.positions["/classes/cat/parent"].line == 9


def test_load_raises_with_every_error(tmp_path: Path) -> None:
    text = GOOD + "  dog: {id: 2, parent: animl}\n"
    with pytest.raises(TaxonomyInvalid) as info:
        load(write(tmp_path, text))
    got = sorted((f.code, f.location.line, f.location.column) for f in info.value.findings)
    assert got == [("T201", 10, 24), ("T301", 10, 13)]


def test_lint_never_raises_for_missing_file(tmp_path: Path) -> None:
    findings = lint([tmp_path / "nope.yaml"])
    assert [f.code for f in findings] == ["T001"]


def test_do_example_counts_for_the_classes_its_file_shows(tmp_path: Path) -> None:
    (tmp_path / "cat.png").write_bytes(b"png")
    (tmp_path / "cat.json").write_text(
        '{"images": [{"id": "a", "objects": [{"class": "cat"}, {"class": 3}]}]}',
        encoding="utf-8",
    )
    rule = (
        "rules:\n  whole:\n    title: Whole\n    guidance: Box it all.\n    examples:\n"
        "      - {image: cat.png, annotation: cat.json, verdict: do, caption: A cat.}\n"
    )
    findings = lint([write(tmp_path, GOOD + rule)])
    assert [f.code for f in findings] == []
    (tmp_path / "cat.json").write_text("not json", encoding="utf-8")
    assert [f.code for f in lint([tmp_path / "t.yaml"])] == ["T903"]


def test_multi_label_groups_name_classes(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  box: {kind: box}\n",
        "  box: {kind: box}\n  tags: {kind: multi_label, exclusive_groups: [[cat, dgo]]}\n",
    )
    found = [(f.code, f.location.line, f.location.column) for f in lint([write(tmp_path, text)])]
    assert ("T203", 5, 54) in found
