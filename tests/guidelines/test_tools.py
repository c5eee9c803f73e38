"""The labeling-tool pages and class facts say what the exports contain: every hotkey,
label and attribute input is read back from the exported XML and JSON, not restated."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import markdown
import pytest

from taxonomist.guidelines.common import SiteInputs
from taxonomist.guidelines.nav import build_nav
from taxonomist.guidelines.pages.tools import INPUTS, tool_facts, tool_pages, tool_path
from taxonomist.guidelines.plan import plan
from taxonomist.guidelines.tool_map import BUILDERS, TITLES, ToolMap, names, tool_maps, tools
from taxonomist.interop.export import EXPORTERS, exporter
from taxonomist.taxonomy import load
from taxonomist.taxonomy.library import builtin_path
from taxonomist.taxonomy.model.metadata import GUIDELINE_TOOLS
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.hostile import hostile_copy
from tests.snapshot import assert_snapshot

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "taxonomies" / "demo.yaml"
KITCHEN_SINK = REPO / "tests" / "data" / "taxonomies" / "kitchen_sink" / "kitchen_sink.yaml"
LABELS_CONTROLS = {"RectangleLabels", "PolygonLabels", "BrushLabels"}
SAFE_TAGS = frozenset(
    {"p", "h1", "h2", "table", "thead", "tbody", "tr", "th", "td", "a", "code", "span"}
    | {"kbd", "br", "ul", "li", "strong", "em"}
)
LS_INPUT = {"single-radio": "radio", "multiple": "choices"}


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(DEMO)


@pytest.fixture(scope="module")
def sink() -> Taxonomy:
    return load(KITCHEN_SINK)


def with_tools(tax: Taxonomy, names_: list[str]) -> Taxonomy:
    config = tax.guidelines.model_copy(update={"tools": names_})
    return dataclasses.replace(tax, guidelines=config)


def maps(tax: Taxonomy) -> dict[str, ToolMap]:
    return {m.tool: m for m in tool_maps(tax)}


def ls_config(tax: Taxonomy) -> ElementTree.Element:
    return ElementTree.fromstring(exporter("label-studio").export(tax))


def cvat_labels(tax: Taxonomy) -> list[dict[str, object]]:
    labels: list[dict[str, object]] = json.loads(exporter("cvat").export(tax))
    return labels


def page(tax: Taxonomy, tool: str) -> str:
    found = {p.path: p.markdown for p in tool_pages(tax, SiteInputs())}
    return found[tool_path(tool)]


def rows(md: str, section: str) -> list[list[str]]:
    """The body rows of the first table under ``## section``, as cells."""
    body = md.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in body.splitlines() if line.startswith("| ")]
    return [line[2:-2].split(" | ") for line in lines[1:]]


# --------------------------------------------------------------------------- declared tools


def test_every_tool_the_language_knows_has_an_exporter_and_a_page_builder() -> None:
    assert set(GUIDELINE_TOOLS) <= set(EXPORTERS)
    assert set(GUIDELINE_TOOLS) == set(BUILDERS) == set(TITLES)


def test_tools_are_those_named_once_each_unknown_ones_left_to_lint(demo: Taxonomy) -> None:
    assert tools(demo) == ("label-studio", "cvat")
    assert tools(with_tools(demo, ["cvat", "labelstudio", "cvat"])) == ("cvat",)


def test_no_tools_no_pages_and_no_facts(demo: Taxonomy) -> None:
    bare = with_tools(demo, [])
    assert tool_pages(bare, SiteInputs()) == []
    assert not any(p.path.startswith("tools/") for p in plan(bare))
    assert tool_facts(bare, bare.classes["person"], "classes/person.md") == ""


def test_plan_puts_the_tool_pages_in_their_own_nav_section(demo: Taxonomy) -> None:
    pages = plan(demo)
    paths = [p.path for p in pages]
    assert paths.index("tools/label-studio.md") > paths.index("label-types/index.md")
    nav = build_nav(pages, {}, 500)
    section = next(item["Tools"] for item in nav if isinstance(item, dict) and "Tools" in item)
    assert section == [
        {"Using Label Studio": "tools/label-studio.md"},
        {"Using CVAT": "tools/cvat.md"},
    ]


# --------------------------------------------------------------------------- the mapping


def test_label_studio_map_is_what_the_exported_xml_holds(demo: Taxonomy) -> None:
    tool = maps(demo)["label-studio"]
    exported = {
        (control.get("name"), label.get("value"), label.get("hotkey"))
        for control in ls_config(demo)
        if control.tag in LABELS_CONTROLS
        for label in control
    }
    mapped = {
        (p.control, p.label, p.hotkey)
        for entry in tool.classes.values()
        for p in entry.picks
        if p.kind in ("box", "polygon", "mask")
    }
    assert mapped == exported
    assert ("box", "person", "1") in mapped and ("mask", "saucer", "c") in mapped


def test_label_studio_attribute_fields_are_the_exported_controls(demo: Taxonomy) -> None:
    tool = maps(demo)["label-studio"]
    per_region = [c for c in ls_config(demo) if c.get("perRegion") == "true"]
    assert [f.name for f in tool.fields if f.per_object] == [c.get("name") for c in per_region]
    for control in per_region:
        field = next(f for f in tool.fields if f.name == control.get("name"))
        want = LS_INPUT[control.get("choice", "")] if control.tag == "Choices" else None
        assert field.input == (want or {"Number": "number", "TextArea": "text"}[control.tag])
        assert field.classes == tuple((control.get("whenLabelValue") or "").split(","))
        assert field.required == (control.get("required") == "true")
        assert field.values == tuple(c.get("value") for c in control)


def test_label_studio_image_level_questions_are_the_exported_choices(demo: Taxonomy) -> None:
    tool = maps(demo)["label-studio"]
    image = [c for c in ls_config(demo) if c.tag == "Choices" and c.get("perRegion") is None]
    questions = [f for f in tool.fields if not f.per_object]
    assert (
        [f.name for f in questions]
        == [c.get("name") for c in image]
        == [
            "scene",
            "blurry",
            "tags",
        ]
    )
    for field, control in zip(questions, image, strict=True):
        assert field.values == tuple(c.get("value") for c in control)
        assert field.input == LS_INPUT[control.get("choice", "")]


def test_cvat_map_is_what_the_exported_json_holds(demo: Taxonomy) -> None:
    tool = maps(demo)["cvat"]
    labels = cvat_labels(demo)
    assert {e.label: e.type for e in tool.classes.values()} == {
        str(lab["name"]): str(lab["type"]) for lab in labels
    }
    exported = {
        (str(lab["name"]), str(a["name"]), str(a["input_type"]))
        for lab in labels
        for a in lab["attributes"]  # type: ignore[attr-defined]
    }
    mapped = {
        (tool.classes[c].label, f.control, f.input)
        for f in tool.fields
        if f.per_object
        for c in f.classes
    }
    assert mapped == exported
    assert ("helmet", "worn", "checkbox") in mapped and ("person", "depiction", "select") in mapped


def test_cvat_has_no_place_for_a_binary_question(demo: Taxonomy) -> None:
    tool = maps(demo)["cvat"]
    assert tool.missing == ("blurry",)
    assert any("<code>blurry</code>" in line and "no place" in line for line in tool.limits)


# --------------------------------------------------------------------------- the pages


@pytest.mark.parametrize("tool", ["label-studio", "cvat"])
def test_demo_tool_page_snapshot(demo: Taxonomy, tool: str) -> None:
    assert_snapshot(f"guidelines/tools/demo.{tool}.md", page(demo, tool))


@pytest.mark.parametrize("tool", ["label-studio", "cvat"])
def test_kitchen_sink_tool_page_snapshot(sink: Taxonomy, tool: str) -> None:
    assert_snapshot(f"guidelines/tools/kitchen_sink.{tool}.md", page(sink, tool))


@pytest.mark.parametrize("path", [DEMO, KITCHEN_SINK], ids=lambda p: p.stem)
def test_label_studio_page_lists_every_class_with_its_exported_hotkeys(path: Path) -> None:
    tax = load(path)
    md = page(tax, "label-studio")
    table = rows(md, "Picking a class")
    header = md.split("## Picking a class\n", 1)[1].split("\n|---", 1)[0].splitlines()[-1]
    columns = [
        re.sub(r"<code>(.*?)</code>.*", r"\1", c).replace("\\", "") for c in header.split(" | ")
    ]
    by_class = {re.search(r"\(\.\./classes/(.+?)\.md\)", r[0]).group(1): r for r in table}  # type: ignore[union-attr]
    for control in ls_config(tax):
        if control.tag not in LABELS_CONTROLS:
            continue
        col = columns.index(str(control.get("name")))
        for label in control:
            cells = by_class[str(label.get("value"))]
            assert cells[col] == f"<kbd>{label.get('hotkey')}</kbd>"
    region_classes = {
        str(label.get("value"))
        for control in ls_config(tax)
        if control.tag in LABELS_CONTROLS
        for label in control
    }
    assert set(by_class) == region_classes


@pytest.mark.parametrize("tool", ["label-studio", "cvat"])
def test_attribute_rows_name_the_exported_input(demo: Taxonomy, tool: str) -> None:
    if tool == "label-studio":
        want = {
            str(c.get("name")): LS_INPUT[c.get("choice", "")]
            for c in ls_config(demo)
            if c.get("perRegion") == "true"
        }
    else:
        want = {
            str(a["name"]): str(a["input_type"])
            for lab in cvat_labels(demo)
            for a in lab["attributes"]  # type: ignore[attr-defined]
        }
    got = {}
    for cells in rows(page(demo, tool), "Where each question is answered"):
        found = re.match(r"<code>(\w+)</code>", cells[0])
        if found and cells[2].startswith("per object"):
            got[found.group(1)] = cells[1]
    assert set(got) == set(want)
    for name, input_ in want.items():
        assert got[name].startswith(INPUTS[input_][0]), name


def test_cvat_page_lists_every_label_with_its_type(demo: Taxonomy) -> None:
    table = rows(page(demo, "cvat"), "Picking a class")
    listed = {re.sub(r"<code>(.+?)</code>", r"\1", r[1]).replace("\\", ""): r[2] for r in table}
    exported = {str(lab["name"]): str(lab["type"]) for lab in cvat_labels(demo)}
    assert set(listed) == set(exported)
    for name, kind in exported.items():
        assert listed[name].startswith(f"<code>{kind}</code>: "), name


def test_what_to_apply_by_hand(sink: Taxonomy, demo: Taxonomy) -> None:
    ls, cvat = maps(sink)["label-studio"], maps(sink)["cvat"]
    both = "\n".join(ls.limits) + "\n".join(cvat.limits)
    assert "<code>distance</code> is required only when `occluded` is `false`" in both
    assert any(
        "<code>lane</code> (polyline) is not in the Label Studio config" in x for x in ls.limits
    )
    assert any("<code>occluded</code> is a checkbox" in x for x in cvat.limits)
    assert any("<code>weather</code> may take several values" in x for x in cvat.limits)
    assert not any("weather" in x and "each group" in x for x in cvat.limits)
    assert any("<code>weather</code> takes at most one value of each group" in x for x in ls.limits)
    assert any("<code>person</code> is a skeleton label in CVAT" in x for x in cvat.limits)
    assert any("CVAT cannot make an answer required" in x for x in cvat.limits)
    assert not any("cannot make an answer required" in x for x in ls.limits)
    demo_ls = maps(demo)["label-studio"].limits
    assert any("<code>worn</code> is required only when" in x for x in demo_ls)


def test_labels_past_the_last_hotkey_are_picked_from_the_list() -> None:
    path = builtin_path("lvis")
    assert path is not None
    lvis = with_tools(load(path), ["label-studio"])
    (tool,) = tool_maps(lvis)
    picks = [p for e in tool.classes.values() for p in e.picks if p.kind != "image"]
    assert sum(1 for p in picks if p.hotkey) == 36
    assert any("Only the first 36 region labels have a hotkey" in x for x in tool.limits)
    cls = next(c for c in lvis.classes.values() if c.labellable and c.id > 100)
    assert "no hotkey in <code>" in tool_facts(lvis, cls, "classes/x.md")


def test_names_say_every_class_or_every_class_but() -> None:
    assert names(["a", "b"], ["a", "b"]) == "every class"
    assert names(["a", "b", "c"], ["a", "b", "c", "d"]) == "every class but <code>d</code>"
    assert names(["a"], ["a", "b"]) == "<code>a</code>"
    assert names([str(i) for i in range(10)]).endswith("and 2 more")


# --------------------------------------------------------------------------- class facts


def test_tool_facts_for_a_class(demo: Taxonomy) -> None:
    facts = tool_facts(demo, demo.classes["person"], "classes/person.md")
    ls, cvat = facts.splitlines()
    assert ls.startswith(
        "- **[Label Studio](../tools/label-studio.md)**: label <code>person</code>"
    )
    assert "hotkey <kbd>1</kbd> in <code>box</code>, <kbd>w</kbd> in <code>outline</code>" in ls
    assert "its points in <code>coco\\_pose</code>" in ls
    assert "<code>depiction</code> (radio, required)" in ls
    assert cvat.startswith("- **[CVAT](../tools/cvat.md)**: label <code>person</code>, skeletons")
    assert "<code>truncated</code> (checkbox)" in cvat
    helmet = tool_facts(demo, demo.classes["helmet"], "classes/helmet.md")
    assert (
        "<code>visor</code> (radio, required)" in helmet
        and "<code>visor</code> (drop-down)" in helmet
    )


def test_tool_facts_follow_the_export(demo: Taxonomy) -> None:
    hotkeys = {
        (str(control.get("name")), str(label.get("value"))): str(label.get("hotkey"))
        for control in ls_config(demo)
        if control.tag in LABELS_CONTROLS
        for label in control
    }
    for (control, cls), key in hotkeys.items():
        facts = tool_facts(demo, demo.classes[cls], f"classes/{cls}.md")
        assert f"<kbd>{key}</kbd> in <code>{control}</code>" in facts


def test_no_facts_for_a_class_the_tools_do_not_offer(demo: Taxonomy) -> None:
    abstract = next(c for c in demo.classes.values() if c.abstract)
    assert tool_facts(demo, abstract, f"classes/{abstract.name}.md") == ""
    image_level = tool_facts(demo, demo.classes["scene_home"], "classes/scene_home.md")
    assert "a choice of <code>scene</code>" in image_level
    assert "tags on the whole image only" in image_level


# --------------------------------------------------------------------------- hostile text


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_hostile_titles_and_values_stay_text(tmp_path: Path) -> None:
    tax = load(hostile_copy(tmp_path))
    texts = [p.markdown for p in tool_pages(tax, SiteInputs())]
    texts += [tool_facts(tax, c, f"classes/{c.name}.md") for c in tax.classes.values()]
    assert len(texts) > 2 and "pwned" in texts[0]  # the payloads did reach the pages, as text
    converter = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "admonition"])
    for text in texts:
        parser = _Collect()
        parser.feed(converter.reset().convert(text))
        for tag, attrs in parser.tags:
            assert tag in SAFE_TAGS, tag
            for key, value in attrs:
                assert not key.startswith("on"), (tag, key)
                assert not (value or "").lower().startswith("javascript:"), (tag, value)
