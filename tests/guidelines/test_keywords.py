"""Search keywords of class and rule pages: what an annotator types, on the page for both
engines (front-matter tags for mkdocs-material, the page's opening for Zensical)."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.guidelines.audience import search_meta
from taxonomist.guidelines.keywords import page_keywords, spoken, words
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.sites import REPO


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(REPO / "taxonomies" / "demo.yaml")


def test_words_split_ids_and_spell_out_abbreviations() -> None:
    assert words("spray_can", "min-object-size") == [
        "spray",
        "can",
        "min",
        "minimum",
        "object",
        "size",
    ]
    assert spoken("min_box_height") == "minimum box height"
    assert spoken("max_kp_count") == "maximum keypoint count"


def test_a_rule_is_found_by_its_topic_id_and_thresholds_not_by_its_check_kind(
    demo: Taxonomy,
) -> None:
    found = page_keywords(demo)
    # min-object-size: topic "min size", check box-size reading $min_box_height
    assert set(found["rules/min-object-size.md"]) == {
        "min",
        "minimum",
        "object",
        "size",
        "box",
        "height",
    }
    # degenerate-box runs the same check kind (box-size) on $min_box_side: "size" is the
    # check's word, not the rule's, so "minimum box size" does not tie the two rules
    assert "size" not in found["rules/degenerate-box.md"]
    assert {"degenerate", "box", "geometry", "minimum", "side"} <= set(
        found["rules/degenerate-box.md"]
    )
    assert "occlusion" in found["rules/grade-occlusion.md"]


def test_a_class_is_found_by_its_synonyms_split_into_words(demo: Taxonomy) -> None:
    lvis = load(Path("builtin:lvis"))
    found = page_keywords(lvis)
    spray = next(c for c in lvis.classes.values() if "spray_can" in c.spec.synonyms)
    assert {"spray", "can"} <= set(found[f"classes/{spray.name}.md"])
    assert {"person", "pedestrian"} <= set(page_keywords(demo)["classes/person.md"])


def test_the_rule_page_opening_says_its_thresholds_in_words(demo: Taxonomy) -> None:
    """Zensical matches every query word in one section and never reads tags: the opening
    section of the rule page holds its topic and its thresholds' names in words."""
    pages = {p.path: p for p in plan(demo)}
    opening = pages["rules/min-object-size.md"].markdown.split("\n## ", 1)[0]
    assert "Topic: **min size**" in opening
    assert "Threshold: minimum box height **16 px**" in opening
    for word in page_keywords(demo)["rules/min-object-size.md"]:
        if word not in {"min", "object"}:  # the id's own words are on the title and below
            assert word in opening.lower(), word
    no_threshold = pages["rules/crowd-of-people.md"].markdown.split("\n## ", 1)[0]
    assert "Threshold" not in no_threshold  # its limit of 12 is a number in the check


def test_keywords_are_search_terms_not_shown_tags(demo: Taxonomy) -> None:
    page = next(p for p in plan(demo) if p.path == "rules/min-object-size.md")
    head = page.source.split("\n---\n", 1)[0]
    assert 'hide: ["tags"]' in head and "tags: [" in head


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("quick-reference.md", {"exclude": True}),
        ("checks/X001.md", {"exclude": True}),
        ("rules/min-object-size.md", {"boost": 4.0}),
        ("classes/index.md", {"boost": 1.0}),
        ("label-types/box.md", {"boost": 2.0}),
        ("quiz.md", None),
    ],
)
def test_what_search_reads_of_each_kind_of_page(path: str, expected: object) -> None:
    assert search_meta(path) == expected
    assert search_meta(path, {"search": {"boost": 9}}) is None  # the page's own entry wins
