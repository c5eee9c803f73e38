"""Every construct of a taxonomy reaches the page an annotator looks for it on: attribute
value definitions, image-level questions, decision tests from both sides, label maps,
relations, threshold values with their units; the technical parameters wait in a collapsed
block for the pipeline, and annotators read words instead of check-kind names."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import Page, SiteInputs
from taxonomist.guidelines.nav import build_nav
from taxonomist.guidelines.pages.index import front
from taxonomist.guidelines.pages.label_type import NO_ANSWERS
from taxonomist.guidelines.pages.pipeline import OPENER
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.model import EnumAttribute, Threshold
from taxonomist.taxonomy.resolved import Taxonomy

REPO = Path(__file__).resolve().parents[2]
KITCHEN_SINK = REPO / "tests" / "data" / "taxonomies" / "kitchen_sink" / "kitchen_sink.yaml"
SHIPPED = sorted((REPO / "taxonomies").glob("*.yaml")) + sorted(
    (REPO / "src" / "taxonomist" / "taxonomy" / "library").glob("*.yaml")
)
REFERENCE = re.compile(r"\$[a-z][a-z0-9_]*")
# What the site's Markdown extensions make of a page (the plugin's list, with the details
# blocks the pipeline parts need).
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc", "pymdownx.details"]


@pytest.fixture(scope="module")
def demo() -> dict[str, Page]:
    return {p.path: p for p in plan(load(REPO / "taxonomies" / "demo.yaml"))}


@pytest.fixture(scope="module")
def sink_tax() -> Taxonomy:
    return load(KITCHEN_SINK)


@pytest.fixture(scope="module")
def sink(sink_tax: Taxonomy) -> dict[str, Page]:
    return {p.path: p for p in plan(sink_tax)}


def annotator_part(text: str) -> str:
    """A page without its pipeline blocks: the opener and the indented lines under it."""
    kept, inside = [], False
    for line in text.splitlines():
        if line == OPENER:
            inside = True
            continue
        if inside and line.strip() and not line.startswith("    "):
            inside = False
        if not inside:
            kept.append(line)
    return "\n".join(kept)


def pipeline_part(text: str) -> str:
    outside = set(annotator_part(text).splitlines())
    return "\n".join(line for line in text.splitlines() if line not in outside)


# --------------------------------------------------------------------------- values


def test_value_definitions_are_in_the_class_pages_attribute_table(demo: dict[str, Page]) -> None:
    helmet = demo["classes/helmet.md"].markdown
    row = next(line for line in helmet.splitlines() if line.startswith("| `visor`"))
    assert "| one of `open`, `closed`, `none` (meanings below) | required |" in row
    visor = helmet.split("### Values of `visor`\n\n")[1].split("\n\n")[0]
    assert '| `open` | <span class="tx-text">The visor is up, the face is visible' in visor
    assert '| `none` | <span class="tx-text">The helmet has no visor' in visor
    bins = helmet.split("### Values of `occlusion`\n\n")[1].split("\n\n")[0]
    assert "| `partly_occluded` | 40 to under 60 percent |" in bins
    person = demo["classes/person.md"].markdown
    depiction = person.split("### Values of `depiction`\n\n")[1].split("\n\n")[0]
    assert '| `reflection` | <span class="tx-text">A mirror image in glass' in depiction
    assert "`model`" not in depiction  # person restricts the values it allows
    assert "### Values of `visor`" not in person  # forbidden for people


def test_every_value_definition_reaches_every_class_using_the_attribute(
    demo: dict[str, Page],
) -> None:
    tax = load(REPO / "taxonomies" / "demo.yaml")
    checked = 0
    for cls in tax.classes.values():
        for name, use in cls.attributes.items():
            spec = tax.attributes[name]
            if not isinstance(spec, EnumAttribute) or use.presence == "forbidden":
                continue
            chosen = {str(v) for v in (use.values or spec.values)}
            for value, text in spec.value_descriptions.items():
                if value in chosen:
                    assert mdx.inline(text) in demo[f"classes/{cls.name}.md"].markdown
                    checked += 1
    assert checked > 50  # 7 depiction values on most classes, 3 visor values on helmets


def test_a_rule_about_an_attribute_lists_its_values_and_which_it_allows(
    demo: dict[str, Page], sink: dict[str, Page]
) -> None:
    shuttle = demo["rules/shuttle-is-a-model.md"].markdown
    assert "## The attribute `depiction`" in shuttle
    assert '| `real` | <span class="tx-text">The object itself.</span> | ✗ not allowed |' in shuttle
    assert '| `model` | <span class="tx-text">A scale model or replica' in shuttle
    assert "✓ allowed |" in shuttle
    occlusion = demo["rules/grade-occlusion.md"].markdown
    assert "| `partly_occluded` | 40 to under 60 percent |" in occlusion
    drawn = sink["rules/drawn-people.md"].markdown
    assert '| `model` | <span class="tx-text">A scale model: a toy rocket, say.</span> |' in drawn


def test_computed_attributes_say_how_they_are_worked_out(sink: dict[str, Page]) -> None:
    person = sink["classes/person.md"].markdown
    assert "| `difficulty` | one of `easy`, `moderate`, `hard`; worked out from the other" in (
        person
    )
    worked = person.split("### How `difficulty` is worked out\n\n")[1].split("\n## ")[0]
    assert "KITTI difficulty from height and occlusion." in worked
    assert (
        "| `easy` | `visibility` is at least 80 percent and the box is at least 40 px high |"
        in (worked)
    )
    assert "| `hard` | `visibility` is below 40 percent and the box is at least 10 px high |" in (
        worked
    )  # min_box_height: $min_box_height, resolved
    assert "| `moderate` | otherwise |" in worked


# --------------------------------------------------------------------------- questions


def test_every_image_level_question_is_asked_on_the_home_page(demo: dict[str, Page]) -> None:
    home = demo["index.md"].markdown
    section = home.split("## For every image, answer\n\n")[1].split("\n\n")[0]
    lines = section.splitlines()
    assert len(lines) == 3  # scene, blurry, tags: two of them named by no class
    assert lines[1].startswith(
        "2. **[Is the whole image too blurred to place boxes within a few pixels?]"
        "(label-types/blurry.md)**: Answer yes or no"
    )
    assert "(label-types/tags.md)**" in lines[2] and "Answers: person, cat, horse" in lines[2]
    assert "scene studio, scene home, scene outdoor or scene artwork" in lines[0]


def test_a_hand_written_home_page_gets_the_questions_too() -> None:
    tax = load(REPO / "taxonomies" / "demo.yaml")
    assert "## For every image, answer" in front(tax, SiteInputs())


def test_each_image_question_has_a_page_with_its_answers(
    demo: dict[str, Page], sink: dict[str, Page]
) -> None:
    blurry = demo["label-types/blurry.md"].markdown
    assert "For every image, answer: **Is the whole image too blurred" in blurry
    assert "| Yes | `true` |" in blurry and "| No | `false` |" in blurry
    tags = demo["label-types/tags.md"].markdown
    assert '| [saucer](../classes/saucer.md) | `saucer` | <span class="tx-text">A small' in tags
    sink_tags = sink["label-types/tags.md"].markdown
    assert "Choose at least 1 and at most 3. Never more than one of day or night." in sink_tags
    assert "| Yes | `yes` |" in sink["label-types/blurry.md"].markdown
    index = demo["label-types/index.md"].markdown
    assert "| [Objects present](tags.md) | any of 11 classes |" in index


def test_a_class_page_names_the_questions_it_answers(demo: dict[str, Page]) -> None:
    assert "An answer to the image question: [Objects present](../label-types/tags.md)" in (
        demo["classes/cup.md"].markdown
    )
    assert "[Scene](../label-types/scene.md)" in demo["classes/scene_home.md"].markdown


# --------------------------------------------------------------------------- versus


def test_a_decision_test_shows_on_both_pages(demo: dict[str, Page], sink: dict[str, Page]) -> None:
    cup = demo["classes/cup.md"].markdown
    assert '**vs [saucer](saucer.md)**: <span class="tx-text">The cup holds the drink;' in cup
    saucer = demo["classes/saucer.md"].markdown
    assert (
        '**vs [cup](cup.md)**: <span class="tx-text">The cup holds the drink; the saucer is '
        "the flat dish underneath.</span> (written on [cup's page](cup.md))" in saucer
    )
    assert "(written on [space shuttle's page](space_shuttle.md))" in (
        demo["classes/rocket.md"].markdown
    )
    assert "(written on [Person's page](person.md))" in sink["classes/mannequin.md"].markdown


# --------------------------------------------------------------------------- label maps


def test_a_label_map_page_says_what_each_class_becomes(sink: dict[str, Page]) -> None:
    coarse = sink["label-maps/coarse.md"].markdown
    assert "| [Person](../classes/person.md) | human |" in coarse
    assert "| [car](../classes/car.md) | vehicle |" in coarse
    left_out = coarse.split("## Left out\n\n")[1]
    assert "[mannequin](../classes/mannequin.md)" in left_out
    assert "**human** ← [Person](../classes/person.md), [head](../classes/head.md)" in coarse
    partial = sink["label-maps/eval_only.md"].markdown
    assert "Classes it does not list are not part of this set." in partial
    assert "[car](../classes/car.md)" in partial.split("## Not listed\n\n")[1]
    assert "| [`coarse`](coarse.md) |" in sink["label-maps/index.md"].markdown


def test_a_class_page_says_what_it_becomes_in_each_map(sink: dict[str, Page]) -> None:
    person = sink["classes/person.md"].markdown
    assert "In the [`coarse`](../label-maps/coarse.md) set this class becomes **human**." in person
    mannequin = sink["classes/mannequin.md"].markdown
    assert "In the [`coarse`](../label-maps/coarse.md) set this class is left out." in mannequin
    assert "The [`eval_only`](../label-maps/eval_only.md) set does not list this class" in (
        mannequin
    )


def test_no_label_map_or_relation_pages_without_them(demo: dict[str, Page]) -> None:
    assert not any(p.startswith(("label-maps/", "relations/")) for p in demo)


# --------------------------------------------------------------------------- relations


def test_relations_show_on_both_ends_and_on_their_page(sink: dict[str, Page]) -> None:
    person = sink["classes/person.md"].markdown.split("## Relations")[1].split("\n## ")[0]
    assert '**rides**: link it to a [vehicle](vehicle.md): <span class="tx-text">A person' in (
        person
    )
    assert "(at most 1 per Person)" in person
    assert "**head_of**: a [head](head.md) links to it" in person
    assert "**rides**: a [Person](person.md) links to it" in sink["classes/vehicle.md"].markdown
    assert "(as a kind of [vehicle](vehicle.md))" in sink["classes/bus.md"].markdown
    assert "(at least one per head)" in sink["classes/head.md"].markdown
    page = sink["relations/index.md"].markdown
    assert (
        "| **rides** | [Person](../classes/person.md) | [vehicle](../classes/vehicle.md) "
        "| at most 1 per Person |" in page
    )


def test_the_nav_has_a_section_for_label_maps_and_relations(sink: dict[str, Page]) -> None:
    nav = build_nav(list(sink.values()), {}, 150)
    titles = [next(iter(item)) for item in nav if isinstance(item, dict)]
    assert titles.index("Relations") == titles.index("Label types") + 1
    # What each class becomes in another class set is for the pipeline.
    pipeline = next(item["For the pipeline"] for item in nav if "For the pipeline" in item)
    assert {"Label maps": ["label-maps/index.md"]} in pipeline


# --------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_threshold_reference_is_left_on_any_page(path: Path) -> None:
    tax = load(path)
    left = [(p.path, m) for p in plan(tax) for m in REFERENCE.findall(p.markdown)]
    assert left == []


def test_thresholds_are_resolved_with_their_units_everywhere(
    demo: dict[str, Page], sink: dict[str, Page]
) -> None:
    rule = demo["rules/min-object-size.md"].markdown
    assert rule.startswith("# Leave out objects lower than 16 px\n")
    assert "| `min_height` | `min_box_height` = 16 px |" in rule
    assert '- `min_box_height` = 16 px: <span class="tx-text">Objects lower than this' in rule
    assert "the box of every object must be at least 16 px high" in rule
    assert "at least 5 points placed" in demo["rules/pose-min-keypoints.md"].markdown
    car = sink["classes/car.md"].markdown
    assert "| `distance` | a number from 0 m to 80 m |" in car  # max: $max_depth


def test_an_undefined_threshold_is_named_not_left_as_a_reference() -> None:
    known = {"min_h": Threshold(value=4, unit="px")}
    assert mdx.amount("$min_h", known) == "4 px"
    assert mdx.amount("$missing", known) == "missing (not defined)"
    assert mdx.named_amount("$min_h", known) == "`min_h` = 4 px"
    assert mdx.share(0.9, known) == "90%"
    assert mdx.number(25_000_000) == "25,000,000"


# --------------------------------------------------------------------------- pipeline


def test_check_kinds_ids_and_sigmas_wait_in_the_pipeline_block(demo: dict[str, Page]) -> None:
    jargon = ("attribute-required", "attribute-value", "box-size", "keypoints-min-visible",
              "min_visible", "Sigma", "severity", "id **", "`yolo`")  # fmt: skip
    for page in demo.values():
        outside = annotator_part(page.markdown)
        for word in jargon:
            assert word not in outside, (page.path, word)
    assert "check `attribute-required`" in pipeline_part(demo["rules/grade-occlusion.md"].markdown)
    assert "`yolo` 0" in pipeline_part(demo["classes/person.md"].markdown)
    pose = pipeline_part(demo["label-types/coco_pose.md"].markdown)
    assert "| `left_hip` | 0.107 |" in pose and "| `min_visible` | `0` |" in pose


def test_annotators_read_what_a_check_asks_in_words(demo: dict[str, Page]) -> None:
    assert not any("Enforced by" in p.markdown for p in demo.values())
    helmet = demo["classes/helmet.md"].markdown
    assert "| Checked automatically: every helmet must say `depiction` |" in helmet
    assert (
        "Checked automatically: every helmet must say `occlusion` when `depiction` is `real`"
        in (helmet)
    )
    pose = demo["label-types/coco_pose.md"].markdown
    assert "There is no minimum number of points: place every point you can see" in pose


def test_the_pipeline_block_renders_collapsed(demo: dict[str, Page]) -> None:
    text = demo["rules/min-object-size.md"].markdown
    assert f"\n{OPENER}\n" in text and "???+" not in text
    html = markdown.markdown(text, extensions=EXTENSIONS)
    block = html.split('<details class="info">')[1].split("</details>")[0]
    assert "<summary>For the pipeline</summary>" in block
    assert "<table>" in block and "<code>min_box_height</code> = 16 px" in block
    assert "<details open" not in html


def test_every_rule_class_and_label_type_page_has_one_pipeline_block(
    demo: dict[str, Page],
) -> None:
    for path, page in demo.items():
        if path.startswith(("rules/", "classes/", "label-types/")) and not path.endswith(
            "/index.md"
        ):
            assert page.markdown.count(OPENER) == 1, path


def test_a_question_without_answers_says_so(sample: Taxonomy) -> None:
    pages = {p.path: p for p in plan(sample)}
    assert NO_ANSWERS in pages["label-types/scene.md"].markdown  # no class names `scene`
    assert f"Choose exactly one answer for the whole image. {NO_ANSWERS}" in (
        pages["index.md"].markdown
    )


def test_semantic_masks_are_painted_by_class() -> None:
    tax = load(REPO / "src" / "taxonomist" / "taxonomy" / "library" / "cityscapes.yaml")
    page = next(p for p in plan(tax) if p.path == "label-types/train_segmentation.md")
    advice = page.markdown.split("## How to draw it\n\n")[1].split("\n")[0]
    assert advice.startswith("Paint every pixel of each class; objects of one class are not")
    assert "of the object" not in advice
