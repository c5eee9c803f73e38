from __future__ import annotations

import posixpath
import re

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines.common import Download, DrawnExample, Page, SiteInputs
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy.resolved import Taxonomy

LINK = re.compile(r"\]\(([^)\s]+)\)")
CHECKS = (
    CodeDoc(
        code="G001",
        name="box-size",
        family="geometry",
        summary="Box smaller than allowed.",
        why="Tiny boxes.",
        bad="a",
        good="b",
    ),
    CodeDoc(
        code="F001",
        name="not-json",
        family="file",
        summary="Not JSON.",
        why="Nothing else works.",
        bad="{",
        good="{}",
    ),
    CodeDoc(
        code="X001",
        name="box-size",
        family="edge cases",
        summary="Rule box size.",
        why="The rule says so.",
        bad="a",
        good="b",
    ),
)
EXAMPLES = (
    DrawnExample("tiny-people", 0, "do", "Tall person", "assets/x/a.jpg", "assets/x/b.jpg",
                 ("person", "cat")),
    DrawnExample("tiny-people", 1, "dont", "Too small", "assets/x/c.jpg", "assets/x/d.jpg",
                 ("person",)),
)  # fmt: skip
INPUTS = SiteInputs(
    examples=EXAMPLES,
    skeletons={"pose": "assets/x/pose.png"},
    checks=CHECKS,
    downloads=(Download("downloads/sample.yaml", "sample.yaml", "The taxonomy"),),
)


def pages_by_path(tax: Taxonomy, inputs: SiteInputs = INPUTS) -> dict[str, Page]:
    pages = plan(tax, inputs)
    assert len({p.path for p in pages}) == len(pages), "page paths are unique"
    return {p.path: p for p in pages}


def test_every_kind_of_page_has_a_stable_path(sample: Taxonomy) -> None:
    paths = set(pages_by_path(sample))
    assert {"index.md", "classes/index.md", "rules/index.md", "label-types/index.md",
            "checks/index.md", "downloads.md", "about.md"} <= paths  # fmt: skip
    assert {f"classes/{n}.md" for n in sample.classes} <= paths
    assert {f"rules/{r}.md" for r in sample.rules} <= paths
    assert {"checks/G001.md", "checks/F001.md", "label-types/pose.md"} <= paths


def test_plan_is_deterministic(sample: Taxonomy) -> None:
    assert plan(sample, INPUTS) == plan(sample, INPUTS)


def test_every_relative_link_points_at_a_planned_page_or_asset(sample: Taxonomy) -> None:
    pages = pages_by_path(sample)
    assets = {f"assets/x/{n}.jpg" for n in "abcd"} | {"assets/x/pose.png"}
    targets = set(pages) | assets | {"downloads/sample.yaml"}
    for page in pages.values():
        for link in LINK.findall(page.markdown):
            if link.startswith(("http://", "https://")):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), link))
            assert resolved in targets, f"{page.path} links to missing {link}"


def test_class_page_content(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["classes/person.md"].markdown
    assert "## Definition" in md and "<em>any</em> age" in md
    assert "→ use [Mannequin &lt;img src=x onerror=window" in md  # the class to use instead
    assert "](mannequin.md)" in md
    assert "## Synonyms\n\nhuman, pedestrian" in md
    assert "**vs [Mannequin &lt;img" in md
    assert "kind of [living](living.md)" in md
    assert "![Skeleton of pose](../assets/x/pose.png)" in md


def test_attributes_table_includes_inherited_ones_with_conditions(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["classes/person.md"].markdown
    assert (
        "| `depiction` | one of `real`, `photo`, `model`, `toy` "
        "| required when `occluded` is `false` | this class |" in md
    )
    assert "| optional | [living](living.md) |" in md  # occluded, inherited from living


def test_rules_that_apply_include_inherited_ones(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["classes/cat.md"].markdown
    assert (
        "[Pets count too](../rules/pets-everywhere.md) "
        "| inherited from [living](living.md) | Reviewers check it (guidance only) |" in md
    )
    assert "tiny-people" not in md.split("## Rules that apply")[1]


def test_galleries_split_do_and_dont_and_use_the_lightbox(sample: Taxonomy) -> None:
    person = pages_by_path(sample)["classes/person.md"].markdown
    do, dont = person.split("### Don't")
    assert "../assets/x/b.jpg" in do and "../assets/x/d.jpg" in dont
    assert '{ .glightbox data-gallery="person" data-title=' in person
    cat = pages_by_path(sample)["classes/cat.md"].markdown
    assert "### Do" in cat and "### Don't" not in cat


def test_rule_page_shows_check_parameters_by_threshold_name_and_value(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["rules/tiny-people.md"].markdown
    assert "[`X001` box-size](../checks/X001.md)" in md  # the rule check's code
    assert "| `min_height` | `min_person_height` = 40 px |" in md
    assert "<code>min&#95;person&#95;height</code> &#40;40 px&#41;" in md  # in the guidance
    assert "Applies to: [person](../classes/person.md)" in md


def test_guidance_only_rule(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["rules/pets-everywhere.md"].markdown
    assert "**Guidance only.**" in md
    assert "(and the kinds of them)" in md


def test_label_type_pages_for_types_in_use_and_every_image_question(sample: Taxonomy) -> None:
    pages = pages_by_path(sample)
    assert "label-types/outline.md" in pages  # drawn by cat
    assert "label-types/scene.md" in pages  # an image-level question, though no class names it
    pose = pages["label-types/pose.md"].markdown
    assert "| 2 | `left_eye` | `right_eye` |\n" in pose
    assert "subject's own" in pose


def test_check_pages_render_the_code_docs(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["checks/G001.md"].markdown
    assert md.startswith("# G001 box\\-size")
    assert "## Why it matters" in md and "```\na\n```" in md


def test_no_page_carries_active_content(sample: Taxonomy) -> None:
    for page in plan(sample, INPUTS):
        text = page.markdown.replace('<script type="application/json" id="tx-quiz-data">', "")
        assert "<script" not in text.lower(), page.path  # the quiz's data island runs nothing
        assert not re.search(r"<[^<>]*onerror", page.markdown), page.path


def test_start_page_says_what_is_labelled(sample: Taxonomy) -> None:
    md = pages_by_path(sample)["index.md"].markdown
    assert "version **1\\.2\\.0**" in md
    assert "[`pose`](label-types/pose.md) (keypoints)" in md
    assert "## How to read this site" in md


def test_large_taxonomy_plans_without_inputs(sample: Taxonomy) -> None:
    pages = plan(sample)
    assert not any(p.path.startswith("checks/") for p in pages)
    assert "downloads.md" not in {p.path for p in pages}


def test_rule_check_page_lists_the_rules_checked_that_way(sample: Taxonomy) -> None:
    pages = pages_by_path(sample)
    rules = "## Rules of this taxonomy checked this way"
    assert rules in pages["checks/X001.md"].markdown
    assert "[Do not label tiny people](../rules/tiny-people.md)" in pages["checks/X001.md"].markdown
    assert rules not in pages["checks/G001.md"].markdown
