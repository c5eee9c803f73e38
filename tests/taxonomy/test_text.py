"""``$name`` threshold references rendered as values with units, shared by the checker's
messages and the guideline site."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.taxonomy import load
from taxonomist.taxonomy.model import Threshold
from taxonomist.taxonomy.text import render_thresholds, threshold_value

THRESHOLDS = {
    "min_box_height": Threshold(value=16, unit="px"),
    "max_share": Threshold(value=0.5, unit="fraction"),
    "min_visible": Threshold(value=30, unit="percent"),
    "max_signs": Threshold(value=30, unit="count"),
    "range": Threshold(value=2.5, unit="m"),
}


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("min_box_height", "16 px"),
        ("max_share", "0.5"),
        ("min_visible", "30%"),
        ("max_signs", "30"),
        ("range", "2.5 m"),
    ],
)
def test_threshold_value_writes_the_unit_as_people_do(name: str, shown: str) -> None:
    assert threshold_value(THRESHOLDS[name]) == shown


def test_references_become_values_and_undefined_ones_stay() -> None:
    text = "Boxes under $min_box_height; at most $max_signs signs; $undefined_one stays."
    assert render_thresholds(text, THRESHOLDS) == (
        "Boxes under 16 px; at most 30 signs; $undefined_one stays."
    )
    assert render_thresholds("over $min_visible.", THRESHOLDS, named=True) == (
        "over `min_visible` (30%)."
    )
    assert render_thresholds("no references", {}) == "no references"


def test_a_resolved_taxonomy_is_a_source(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nversion: 1.0.0\nthresholds:\n  min_h: {value: 40, unit: px}\n"
        "classes:\n  car: {id: 1}\n",
        encoding="utf-8",
    )
    assert render_thresholds("taller than $min_h", load(path)) == "taller than 40 px"
