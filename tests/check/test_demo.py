"""The shipped demo: its "do" annotations check clean, and a deliberately broken copy shows
every finding family (file, structure, references, geometry, keypoints, labels,
attributes/taxonomy, edge-case rules). The text report of the broken copy is snapshotted."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.check import run_check
from taxonomist.core.findings import Severity
from taxonomist.report import render
from taxonomist.taxonomy import load
from tests.snapshot import assert_snapshot

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "taxonomies" / "demo.yaml"
BROKEN = Path("tests/data/check/demo")


@pytest.mark.parametrize("path", sorted((ROOT / "taxonomies" / "demo").glob("*-do.json")))
def test_do_examples_have_no_errors(path: Path) -> None:
    report = run_check(load(DEMO), [path])
    assert [f.render() for f in report.findings if f.severity >= Severity.ERROR] == []


def test_broken_copy_shows_every_family(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    taxonomy = load(DEMO)
    report = run_check(taxonomy, [BROKEN / "astronaut-broken.json"])
    files = [BROKEN / "structure-broken.json", BROKEN / "syntax-broken.json"]
    raw = run_check(taxonomy, files, format="native")
    families = {f.code[0] for f in (*report.findings, *raw.findings)}
    assert families == {"F", "S", "R", "G", "K", "L", "A", "X"}
    edge = {f.name for f in report.findings if f.code.startswith("X")}
    assert edge == {"clip-at-image-edge", "min-object-size", "say-what-is-depicted"}
    assert_snapshot("check/demo-broken.txt", render("text", report, color=False))
