"""The class index (grouping, A–Z jump bar, filter data, one-line definitions) and the
neighbours at the foot of each class page, as planned Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from taxonomist.guidelines.common import DrawnExample, SiteInputs
from taxonomist.guidelines.pages.class_index import (
    COMPACT_ABOVE,
    LETTERS,
    first_sentence,
    groups,
    index_order,
    initial,
    neighbours,
)
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.sites import REPO
from tests.snapshot import assert_snapshot

FILTER = re.compile(r'\{: data-filter="([^"]*)" \}')
ANCHOR = re.compile(r"^## .* \{ #([a-z0-9_.\-]+) \}$", re.M)


@pytest.fixture(scope="module")
def lvis() -> Taxonomy:
    return load(Path("builtin:lvis"))


@pytest.fixture(scope="module")
def lvis_index(lvis: Taxonomy) -> str:
    return _index(lvis)


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(REPO / "taxonomies" / "demo.yaml")


def _index(tax: Taxonomy, inputs: SiteInputs | None = None) -> str:
    return next(p.markdown for p in plan(tax, inputs) if p.path == "classes/index.md")


def _page(tax: Taxonomy, name: str) -> str:
    return next(p.markdown for p in plan(tax) if p.path == f"classes/{name}.md")


def _taxonomy(tmp_path: Path, classes: dict[str, dict[str, object]]) -> Taxonomy:
    doc = {
        "name": "t",
        "version": "1.0.0",
        "title": "T",
        "label_types": {"box": {"kind": "box"}},
        "classes": {n: {"label_types": ["box"], **c} for n, c in classes.items()},
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return load(path)


# --------------------------------------------------------------------------- every class


@pytest.mark.parametrize("name", ["lvis", "demo"])
def test_every_class_has_one_entry_with_its_link(name: str, request: pytest.FixtureRequest) -> None:
    tax: Taxonomy = request.getfixturevalue(name)
    md = request.getfixturevalue("lvis_index") if name == "lvis" else _index(tax)
    assert len(FILTER.findall(md)) == len(tax.classes)
    links = re.findall(r"\]\(([^)]+)\.md\)", md)
    assert sorted(links) == sorted(tax.classes)
    assert sorted(index_order(tax)) == sorted(tax.classes)


def test_class_pages_follow_the_index_order(demo: Taxonomy) -> None:
    paths = [
        p.path for p in plan(demo) if p.path.startswith("classes/") and p.path != "classes/index.md"
    ]
    assert paths == [f"classes/{n}.md" for n in index_order(demo)]


def test_each_entry_has_the_first_sentence_of_its_definition(lvis_index: str) -> None:
    md = lvis_index
    line = next(ln for ln in md.splitlines() if "[aerosol can](aerosol_can.md)" in ln)
    assert (
        '— <span class="tx-text">a dispenser that holds a substance under pressure</span>' in line
    )
    # Every LVIS class is drawn the same three ways: said once, not on 1,203 lines.
    assert "Every class is drawn as `box`, `segmentation`, `mask`." in md
    assert "`segmentation`" not in line


def test_first_sentence() -> None:
    assert first_sentence("A cat. Not a lion.") == "A cat."
    assert first_sentence("A cup, e.g. a mug. Saucers are not.") == "A cup, e.g. a mug."
    assert first_sentence("One\nline broken.\n\nSecond paragraph.") == "One line broken."
    assert first_sentence("no full stop") == "no full stop"


# --------------------------------------------------------------------------- A–Z


def test_a_flat_taxonomy_is_grouped_a_to_z_with_an_anchor_per_initial(
    lvis: Taxonomy, lvis_index: str
) -> None:
    md = lvis_index
    initials = {initial(c.title) for c in lvis.classes.values()}
    anchors = ANCHOR.findall(md)
    assert anchors == [f"az-{x.lower()}" for x in LETTERS if x in initials]
    bar = re.search(r'<nav class="tx-az"[^>]*>(.*?)</nav>', md)
    assert bar is not None
    for letter in LETTERS:
        if letter in initials:
            assert f'<a href="#az-{letter.lower()}">{letter}</a>' in bar.group(1)
        else:  # no LVIS class starts with X
            assert f'<span aria-hidden="true">{letter}</span>' in bar.group(1)
    assert "X" not in initials


def test_entries_sort_by_title_without_accents_and_odd_initials_come_last(tmp_path: Path) -> None:
    tax = _taxonomy(
        tmp_path,
        {
            "zebra": {"id": 1},
            "eclair": {"id": 2, "title": "Éclair"},
            "egg": {"id": 3},
            "printer_3d": {"id": 4, "title": "3D printer"},
            "apple": {"id": 5, "synonyms": ["pomme"]},
        },
    )
    assert [g.title for g in groups(tax)] == ["A", "E", "Z", "#"]
    assert index_order(tax) == ("apple", "eclair", "egg", "zebra", "printer_3d")
    md = _index(tax)
    assert "## \\# { #az-other }" in md
    assert '<nav class="tx-az"' not in md  # five classes are seen at a glance: no jump bar


def test_flat_index_snapshot(tmp_path: Path) -> None:
    tax = _taxonomy(
        tmp_path,
        {
            "aerosol_can": {"id": 1, "definition": "A can. It sprays.", "synonyms": ["spray_can"]},
            "bus": {"id": 2, "definition": "A *large* road vehicle.", "deprecated": True},
            "zebra": {"id": 3},
        },
    )
    assert_snapshot("guidelines/class_index_flat.md", _index(tax))


# --------------------------------------------------------------------------- by parent


def test_a_hierarchy_is_grouped_by_parent_with_lone_classes_last(demo: Taxonomy) -> None:
    found = groups(demo)
    assert [g.title for g in found] == [
        "animal",
        "kitchen",
        "Person (supercategory)",
        "scene kind",
        "spacecraft",
        "Other classes",
    ]
    spacecraft = found[4]
    assert [(e.cls.name, e.depth) for e in spacecraft.entries] == [
        ("spacecraft", 0),
        ("rocket", 1),
        ("space_shuttle", 1),
    ]
    assert [e.cls.name for e in found[-1].entries] == ["flag", "helmet", "mission_patch"]
    md = _index(demo)
    assert "## spacecraft { #kinds-spacecraft }" in md
    assert '    {: data-filter="rocket launch vehicle" }' in md  # indented under spacecraft


def test_a_single_root_over_everything_is_listed_first_and_its_kinds_grouped(
    tmp_path: Path,
) -> None:
    tax = _taxonomy(
        tmp_path,
        {
            "entity": {"id": 0},
            "animal": {"id": 1, "parent": "entity"},
            "cat": {"id": 2, "parent": "animal"},
            "rock": {"id": 3, "parent": "entity"},
        },
    )
    found = groups(tax)
    assert [(g.title, [e.cls.name for e in g.entries]) for g in found] == [
        ("", ["entity"]),
        ("animal", ["animal", "cat"]),
        ("Other classes", ["rock"]),
    ]


# --------------------------------------------------------------------------- filter data


def test_filter_data_holds_names_and_synonyms_split_on_underscores_and_dashes(
    lvis: Taxonomy, lvis_index: str, tmp_path: Path
) -> None:
    data = dict(zip(index_order(lvis), FILTER.findall(lvis_index), strict=True))
    assert data["aerosol_can"] == "aerosol can spray can"
    tax = _taxonomy(
        tmp_path,
        {
            "t-shirt": {"id": 1, "synonyms": ["tee_shirt", "Polo-Shirt"]},
            "hostile": {"id": 2, "synonyms": ['x" onmouseover="alert(1)', "<b>bold</b>"]},
        },
    )
    data = dict(zip(index_order(tax), FILTER.findall(_index(tax)), strict=True))
    assert data["t-shirt"] == "t shirt tee shirt polo shirt"
    # Letters, digits and spaces only: nothing in it can leave the attribute.
    assert data["hostile"] == "hostile x onmouseover alert 1 b bold b"


def test_the_filter_box_is_hidden_until_its_script_shows_it(demo: Taxonomy) -> None:
    md = _index(demo)
    assert '<div class="tx-filter" hidden>' in md
    assert '<label for="tx-filter-input">' in md and 'id="tx-filter-input"' in md
    assert '<p class="tx-filter-none" role="status" hidden>No class matches.</p>' in md


# --------------------------------------------------------------------------- thumbnails

EXAMPLES = (
    DrawnExample("r", 0, "dont", "bad", "assets/x/0.jpg", "assets/x/0.thumb.jpg", ("cat",)),
    DrawnExample("r", 1, "do", "good", "assets/x/1.jpg", "assets/x/1.thumb.jpg", ("cat",)),
)


def test_small_taxonomies_show_the_first_do_lazily(tmp_path: Path) -> None:
    tax = _taxonomy(tmp_path, {"cat": {"id": 1}, "dog": {"id": 2}})
    md = _index(tax, SiteInputs(examples=EXAMPLES))
    assert '![Do: good](../assets/x/1.thumb.jpg){ .tx-thumb .off-glb loading="lazy" }' in md
    assert "0.thumb.jpg" not in md  # a Don't is never the picture of a class


def test_large_taxonomies_show_no_thumbnails(tmp_path: Path) -> None:
    classes: dict[str, dict[str, object]] = {f"c{i:03d}": {"id": i} for i in range(COMPACT_ABOVE)}
    tax = _taxonomy(tmp_path, {**classes, "cat": {"id": 999}})
    md = _index(tax, SiteInputs(examples=EXAMPLES))
    assert ".thumb.jpg" not in md and "tx-index-thumbs" not in md


# --------------------------------------------------------------------------- neighbours


def test_neighbours_of_the_first_and_last_class(lvis: Taxonomy) -> None:
    order = index_order(lvis)
    first, second = lvis.classes[order[0]], lvis.classes[order[1]]
    last = lvis.classes[order[-1]]
    foot = neighbours(lvis, first, f"classes/{first.name}.md")
    assert "Previous" not in foot
    assert f"Next: [{second.title}]({second.name}.md) →" in foot
    assert "[All classes](index.md)" in foot
    foot = neighbours(lvis, last, f"classes/{last.name}.md")
    assert "Next" not in foot and "← Previous: " in foot
    assert "Other kinds" not in foot  # a flat taxonomy has no siblings to show


def test_neighbours_name_the_siblings_and_follow_the_tree(demo: Taxonomy) -> None:
    rocket = demo.classes["rocket"]
    foot = neighbours(demo, rocket, "classes/rocket.md")
    assert "Other kinds of [spacecraft](spacecraft.md): [space shuttle](space_shuttle.md)" in foot
    assert "← Previous: [spacecraft](spacecraft.md)" in foot
    assert "Next: [space shuttle](space_shuttle.md) →" in foot
    assert foot in _page(demo, "rocket")
    assert "data-search-exclude" in foot


def test_an_only_child_has_no_siblings_line(demo: Taxonomy) -> None:
    foot = neighbours(demo, demo.classes["person"], "classes/person.md")
    assert "Other kinds" not in foot
    assert "← Previous: [Person \\(supercategory\\)](person_group.md)" in foot


def test_many_siblings_are_counted_not_listed(tmp_path: Path) -> None:
    kids: dict[str, dict[str, object]] = {
        f"kid{i:02d}": {"id": i + 1, "parent": "top"} for i in range(40)
    }
    tax = _taxonomy(tmp_path, {"top": {"id": 0}, **kids})
    foot = neighbours(tax, tax.classes["kid05"], "classes/kid05.md")
    assert "One of 40 kinds of [top](top.md)." in foot
    assert "[kid06](kid06.md)" in foot  # as next, not as a sibling


def test_the_only_class_of_a_taxonomy_has_no_neighbours(tmp_path: Path) -> None:
    tax = _taxonomy(tmp_path, {"alone": {"id": 0}})
    assert neighbours(tax, tax.classes["alone"], "classes/alone.md") == ""
    assert "tx-neighbours" not in _page(tax, "alone")
