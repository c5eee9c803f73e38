"""The shipped demo's examples are tests: the checker agrees with every verdict, and the
demo meets the issue's bar (examples across classes and rules, a keypoint example, a polygon
or mask example, the shuttle-model depiction case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.guidelines.examples import ExampleSource, sources
from taxonomist.guidelines.verify import mismatch
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.records import example_record

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "taxonomies" / "demo.yaml"


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(DEMO)


def _sources() -> list[ExampleSource]:
    return sources(load(DEMO), REPO)


@pytest.mark.parametrize("src", _sources(), ids=lambda s: f"{s.rule}-{s.index + 1}")
def test_example_agrees_with_the_checker(demo: Taxonomy, src: ExampleSource) -> None:
    from taxonomist.check import run_check

    report = run_check(demo, [src.annotation])
    assert mismatch(src, report.findings) is None, mismatch(src, report.findings)


def test_demo_has_the_examples_the_site_promises(demo: Taxonomy) -> None:
    srcs = sources(demo, REPO)
    assert len(srcs) >= 8
    assert {s.example.verdict for s in srcs} == {"do", "dont"}
    records = [example_record(s) for s in srcs]
    objects = [o for r in records for o in r.get("objects", [])]
    shapes = {kind for o in objects for kind in o.get("shapes", {})}
    kinds = {demo.label_types[name].kind for name in shapes if name in demo.label_types}
    assert "keypoints" in kinds
    assert kinds & {"polygon", "mask"}
    assert any(s.image.name == "astronaut.png" for s in srcs)
    assert any(s.rule == "shuttle-is-a-model" for s in srcs)
