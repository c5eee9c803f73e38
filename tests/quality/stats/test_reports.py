"""The JSON report is a snapshot; the HTML report stands alone (no script, nothing
fetched) and holds every section; the demo data's text tables name what they count."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from tests.snapshot import assert_snapshot

from taxonomist.quality.stats import DatasetStats, compare, compute_stats
from taxonomist.quality.stats.report_html import render_html
from taxonomist.quality.stats.report_json import render_json
from taxonomist.taxonomy import load

REPO = Path(__file__).parents[3]


def demo() -> DatasetStats:
    stats = compute_stats(
        load(REPO / "taxonomies" / "demo.yaml"), [REPO / "examples" / "demo" / "annotations.json"]
    )
    return replace(stats, files=("examples/demo/annotations.json",))


def test_json_snapshot() -> None:
    text = render_json(demo())
    assert_snapshot("quality/stats/demo.json", text)
    document = json.loads(text)
    assert document["schema"] == "taxonomist-stats/1"
    assert document["stats"]["objects"] == 11


def test_json_with_against(known: DatasetStats) -> None:
    document = json.loads(render_json(known, compare(known, known), known))
    assert document["drift"]["p_value"] == 1.0 and "chi-square" in document["drift"]["test"]


def test_html_is_self_contained(known: DatasetStats) -> None:
    page = render_html(known, compare(known, known), known, ("train", "val"))
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    assert page.count("<svg") >= 5  # shares, then classes, per image, size, aspect per side
    for title in ("Compared", "train: Classes", "val: Keypoint visibility", "Chi-square test"):
        assert title in page


def test_html_names_unknown_and_unused(known: DatasetStats) -> None:
    page = render_html(known)
    assert "unicorn (not in the taxonomy)" in page and "Classes never used" in page
