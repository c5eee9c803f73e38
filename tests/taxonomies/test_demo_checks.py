"""The demo is checked by the real checker: examples keep their verdicts, the shipped dataset
is clean, and its broken copy shows every finding family."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.api import check
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "taxonomies" / "demo.yaml"
DATA = ROOT / "examples" / "demo"


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(DEMO)


def _cases() -> list[tuple[str, str, str]]:
    tax = load(DEMO)
    return [
        (rule_id, ex.verdict, ex.annotation)
        for rule_id, rule in tax.rules.items()
        for ex in rule.rule.examples
    ]


def _findings(tax: Taxonomy, path: Path) -> list[Finding]:
    return list(check(tax, path).findings)


@pytest.mark.parametrize(("rule_id", "verdict", "annotation"), _cases())
def test_example_keeps_its_verdict(
    demo: Taxonomy, rule_id: str, verdict: str, annotation: str
) -> None:
    findings = _findings(demo, DEMO.parent / annotation)
    if verdict == "do":
        assert [f for f in findings if f.severity >= Severity.WARNING] == []
    else:
        assert rule_id in {f.name for f in findings}, [(f.code, f.name) for f in findings]


def test_shipped_dataset_is_clean(demo: Taxonomy) -> None:
    assert _findings(demo, DATA / "annotations.json") == []


def test_broken_dataset_shows_every_family(demo: Taxonomy) -> None:
    findings = _findings(demo, DATA / "broken" / "annotations.json")
    names = {f.name for f in findings}
    assert {
        "unknown-class",
        "duplicate-annotation-id",
        "verified-absent-present",
        "box-outside-image",
        "keypoints-length",
        "rle-size-mismatch",
    } <= names
    assert {f.code[0] for f in findings} >= {"R", "G", "K", "A", "L", "X"}
    rules_broken = {f.name for f in findings if f.code.startswith("X")}
    assert rules_broken == {
        "min-object-size",
        "rocket-box-shape",
        "clip-at-image-edge",
        "patch-on-person",
        "grade-occlusion",
        "shuttle-is-a-model",
        "say-what-is-depicted",
    }
