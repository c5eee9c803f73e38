"""The quick reference page, as planned Markdown: every class with its colour, first Do,
one-line definition and look-alikes; every rule title and threshold, grouped by topic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import DrawnExample, SiteInputs
from taxonomist.guidelines.nav import build_nav
from taxonomist.guidelines.pages.quick_reference import PATH, rules_by_topic
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.text import threshold_value
from tests.guidelines.sites import REPO

CLASS_LINK = re.compile(r"\*\*\[[^\]]*\]\(classes/([^)]+)\.md\)\*\*")


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(REPO / "taxonomies" / "demo.yaml")


def _quick(tax: Taxonomy, inputs: SiteInputs | None = None) -> str:
    return next(p.markdown for p in plan(tax, inputs) if p.path == PATH)


def test_every_class_is_on_it_once(demo: Taxonomy) -> None:
    assert sorted(CLASS_LINK.findall(_quick(demo))) == sorted(demo.classes)


def test_every_class_of_lvis_is_on_it_one_line_each_without_pictures() -> None:
    lvis = load(Path("builtin:lvis"))
    md = _quick(lvis)
    assert sorted(CLASS_LINK.findall(md)) == sorted(lvis.classes)
    assert '<div class="tx-qr-classes tx-qr-compact"' in md
    assert "![" not in md and "One line per class" in md


def test_a_class_line_has_swatch_definition_and_look_alikes_both_ways(demo: Taxonomy) -> None:
    md = _quick(demo)
    rocket = next(ln for ln in md.splitlines() if "**[rocket](classes/rocket.md)**" in ln)
    assert rocket.startswith('- <span class="tx-swatch" style="background:')
    assert '— <span class="tx-text">A launch vehicle on the pad or in flight' in rocket
    assert rocket.endswith("· *vs* [space shuttle](classes/space_shuttle.md)")
    # space_shuttle names rocket in its versus; rocket's line shows it all the same.
    assert [v.other for v in demo.classes["rocket"].versus] == []


def test_a_class_shows_its_first_do_lazily() -> None:
    tax = load(REPO / "tests" / "guidelines" / "data" / "sample.yaml")
    examples = (
        DrawnExample("tiny-people", 1, "dont", "no", "a/1.jpg", "a/1.thumb.jpg", ("person",)),
        DrawnExample("tiny-people", 0, "do", "yes", "a/0.jpg", "a/0.thumb.jpg", ("person",)),
    )
    md = _quick(tax, SiteInputs(examples=examples))
    person = next(ln for ln in md.splitlines() if "](classes/person.md)**" in ln)
    assert person.startswith('- ![Do: yes](a/0.thumb.jpg){ .tx-thumb .off-glb loading="lazy" } ')
    assert "1.thumb.jpg" not in md


def test_every_rule_title_and_threshold_is_grouped_by_topic(demo: Taxonomy) -> None:
    md = _quick(demo)
    topics = re.findall(r"^### (.+)$", md.split("## Rules and thresholds by topic")[1], re.M)
    assert topics == [mdx.plain(t) for t in [*rules_by_topic(demo), "Other thresholds"]]
    for rule in demo.rules.values():
        assert f"](rules/{rule.id}.md)" in md
    for name, threshold in demo.thresholds.items():
        assert f"`{name}` **{threshold_value(threshold)}**" in md
    occlusion = md.split("### Occlusion")[1].split("###")[0]
    assert "[Draw a pose only when at least 5 keypoints can be placed]" in occlusion
    assert "Thresholds: `min_pose_keypoints` **5** (count)" in occlusion
    scope = md.split("### Scope")[1].split("###")[0]
    assert "`rocket_min_aspect` **0.03** (fraction)" in scope  # used by the check only


def test_rules_without_a_topic_come_last_and_topics_ignore_case() -> None:
    tax = load(REPO / "tests" / "guidelines" / "data" / "sample.yaml")
    found = rules_by_topic(tax)
    assert list(found) == ["Scope", "Other rules"]
    assert [r.id for r in found["Other rules"]] == ["tiny-people"]
    md = _quick(tax)
    assert "Thresholds: `min_person_height` **40 px**" in md.split("### Other rules")[1]


def test_the_page_is_wrapped_for_its_print_stylesheet_and_kept_out_of_search(
    demo: Taxonomy,
) -> None:
    page = next(p for p in plan(demo) if p.path == PATH)
    assert page.title == "Quick reference"
    assert page.markdown.startswith('<div class="tx-qr" markdown>\n\n# Quick reference\n')
    assert '<div class="tx-qr-classes" markdown>' in page.markdown
    assert page.source.startswith('---\ntitle: "Quick reference"\nsearch:\n  exclude: true\n')


def test_the_nav_has_it_after_home(demo: Taxonomy) -> None:
    nav = build_nav(plan(demo), {}, limit=150)
    assert nav[:2] == [{"Home": "index.md"}, {"Quick reference": PATH}]
