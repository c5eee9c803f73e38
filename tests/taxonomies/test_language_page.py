"""The language reference page's examples are real: they parse, and the complete one lints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from taxonomist.core.findings import Severity
from taxonomist.taxonomy import lint
from taxonomist.taxonomy.model import TaxonomyDocument

PAGE = Path(__file__).parents[2] / "guidelines" / "language.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _blocks() -> list[str]:
    return YAML_BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def _complete_example() -> str:
    section = PAGE.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    found = YAML_BLOCK.search(section)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("index", range(len(_blocks())))
def test_every_snippet_is_a_yaml_mapping(index: int) -> None:
    assert isinstance(yaml.safe_load(_blocks()[index]), dict)


def test_complete_example_is_a_valid_document() -> None:
    doc = TaxonomyDocument.model_validate(yaml.safe_load(_complete_example()))
    kinds = {t.kind for t in doc.label_types.values()}
    assert kinds == {
        "binary",
        "multi_class",
        "multi_label",
        "box",
        "polygon",
        "polyline",
        "mask",
        "keypoints",
    }
    assert {a.type for a in doc.attributes.values()} >= {"bool", "tristate", "enum", "int"}
    checks = {r.check.name for r in doc.rules.values() if r.check is not None}
    assert len(checks) == 11


def test_complete_example_lints_without_errors_or_warnings(tmp_path: Path) -> None:
    text = _complete_example()
    path = tmp_path / "city-streets.yaml"
    path.write_text(text, encoding="utf-8")
    for relative in re.findall(r"(?:image|annotation): (examples/\S+)", text):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("{}", encoding="utf-8")
    serious = [f for f in lint([path]) if f.severity >= Severity.WARNING]
    assert serious == []
