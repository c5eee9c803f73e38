"""An LVIS-sized taxonomy (1,203 classes with synonyms and definitions) loads and lints clean."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from taxonomist.core.findings import Severity
from taxonomist.taxonomy import lint_file, load
from taxonomist.taxonomy.linter.advice import COLORS_TOO_CLOSE

CLASSES = 1203


def generated(path: Path) -> Path:
    classes = {
        f"group_{g}": {
            "id": 5000 + g,
            "abstract": True,
            "definition": f"Group {g}.",
            "label_types": ["box", "mask"],
        }
        for g in range(12)
    }
    for i in range(CLASSES):
        classes[f"class_{i:04d}"] = {
            "id": i + 1,
            "parent": f"group_{i % 12}",
            "definition": f"Thing number {i}.",
            "synonyms": [f"synonym {i}", f"other name {i}"],
            "frequency": "rcf"[i % 3],
            "external_ids": {"wordnet": f"thing_{i}.n.01"},
        }
    doc = {
        "name": "large",
        "version": "1.0.0",
        "label_types": {"box": {"kind": "box"}, "mask": {"kind": "mask"}},
        "classes": classes,
        "rules": {
            "tiny": {"title": "Tiny", "guidance": "Skip.", "applies_to": {"classes": ["group_3"]}}
        },
    }
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_lvis_sized_taxonomy_lints_clean(tmp_path: Path) -> None:
    tax, findings = lint_file(generated(tmp_path / "large.yaml"))
    assert [f.render() for f in findings if f.severity >= Severity.WARNING] == []
    assert tax is not None and len(tax.classes) == CLASSES + 12
    assert tax.lookup("Other Name 1202") is tax.classes["class_1202"]
    assert len(tax.rules["tiny"].classes) == 1 + len(range(3, CLASSES, 12))
    assert len({c.color for c in tax.classes.values()}) > 1000


@pytest.mark.parametrize(
    ("checks", "severity"), [("", COLORS_TOO_CLOSE.severity), ("info", Severity.INFO)]
)
def test_many_explicit_close_colours_are_one_finding_per_class_at_t904s_severity(
    checks: str, severity: Severity, tmp_path: Path
) -> None:
    """T904 is documented as a warning and reported as one, however many classes have
    colours; a large palette lowers it with ``checks:``."""
    path = generated(tmp_path / "large.yaml")
    text = path.read_text(encoding="utf-8")
    text = text.replace("    frequency: r\n", "    color: '#808080'\n    frequency: r\n")
    if checks:
        text += f"checks:\n  T904: {{severity: {checks}}}\n"
    path.write_text(text, encoding="utf-8")
    findings = [f for f in lint_file(path)[1] if f.code == "T904"]
    assert {f.severity for f in findings} == {severity}
    assert len(findings) == len(range(0, CLASSES, 3)) - 1  # one per class, not per pair


def test_load_returns_the_same_taxonomy_twice(tmp_path: Path) -> None:
    path = generated(tmp_path / "large.yaml")
    first, second = load(path), load(path)
    assert [c.color for c in first.classes.values()] == [c.color for c in second.classes.values()]
