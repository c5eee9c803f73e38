from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from taxonomist.core.errors import UnsafeInput
from taxonomist.core.findings import Finding, Location, Report, Severity
from taxonomist.guidelines.examples import Drawer, inside, sources
from taxonomist.guidelines.verify import mismatch, verify
from taxonomist.taxonomy.resolved import Taxonomy

DATA = Path(__file__).parent / "data"


def test_examples_are_drawn_once_and_named_by_content(sample: Taxonomy, tmp_path: Path) -> None:
    srcs = sources(sample, DATA)
    first = Drawer(sample, tmp_path)
    drawn = [first.example(s) for s in srcs]
    assert first.drawn == 2
    for ex in drawn:
        data = first.assets[ex.image]
        assert hashlib.sha256(data).hexdigest()[:20] in ex.image
    assert drawn[0].classes == ("person", "cat")
    again = Drawer(sample, tmp_path)
    assert [again.example(s) for s in srcs] == drawn
    assert again.drawn == 0  # unchanged examples come from the cache


def test_skeleton_diagrams_for_keypoint_types(sample: Taxonomy) -> None:
    drawer = Drawer(sample, None)
    skeletons = drawer.skeletons()
    assert set(skeletons) == {"pose"}
    assert drawer.assets[skeletons["pose"]].startswith(b"\x89PNG")


def test_paths_outside_the_project_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeInput, match=r"outside the project"):
        inside(DATA / "sample", DATA / "sample", "../sample.yaml", "example image", "t.yaml:3:5")


def test_example_outside_the_project_names_the_taxonomy_line(
    sample: Taxonomy, tmp_path: Path
) -> None:
    pattern = r"sample\.yaml:\d+:\d+: example image 'sample/street\.png' resolves outside"
    with pytest.raises(UnsafeInput, match=pattern):
        sources(sample, tmp_path)


def _report(*findings: Finding) -> Report:
    return Report(findings=findings)


def finding(name: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("X001", name, severity, f"{name} found", Location("a.json"))


def test_verify_agrees_when_the_checker_does(sample: Taxonomy) -> None:
    srcs = sources(sample, DATA)

    def runner(tax: Taxonomy, paths: list[Path]) -> Report:
        tiny = paths[0].name == "person_tiny.json"
        return _report(finding("tiny-people")) if tiny else _report(finding("x", Severity.WARNING))

    assert verify(sample, srcs, runner) == []


def test_verify_names_example_rule_and_what_was_found(sample: Taxonomy) -> None:
    do, dont = sources(sample, DATA)
    message = mismatch(do, [finding("box-outside-image")])
    assert message is not None
    assert "sample.yaml:" in message and "\"do\" example 1 of rule 'tiny-people'" in message
    assert "X001 box-outside-image (box-outside-image found)" in message
    message = mismatch(dont, [])
    assert message is not None
    assert "should produce a 'tiny-people' finding, but the checker found: nothing" in message
