"""The changes page and the "Changes" notes on class, rule and home pages, from the diffs of a
taxonomy's versions: a snapshot of the change scenario (renames, merges, splits), the demo's
own history, no page without history, and the taxonomy's words escaped on the way.

Refresh with ``TAXONOMIST_UPDATE_SNAPSHOTS=1 pytest tests/guidelines/test_changes.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markdown import markdown as python_markdown

from taxonomist.guidelines import inputs as site_inputs
from taxonomist.guidelines.common import Page, SiteInputs
from taxonomist.guidelines.nav import build_nav
from taxonomist.guidelines.pages.changes import CHANGES, changes_markdown
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.change.diff import diff
from taxonomist.taxonomy.change.render import markdown
from taxonomist.taxonomy.resolved import Taxonomy
from tests.snapshot import assert_snapshot

REPO = Path(__file__).resolve().parents[2]
SCENARIO = REPO / "tests" / "data" / "change" / "scenario"
DEMO = REPO / "taxonomies" / "demo.yaml"
SECTION = re.compile(r"^## Changes\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)


def _site(path: Path) -> tuple[Taxonomy, dict[str, Page]]:
    tax = load(path)
    changes, note = site_inputs.changes(tax)
    pages = plan(tax, SiteInputs(changes=changes, history_note=note))
    return tax, {p.path: p for p in pages}


def _changes_sections(pages: dict[str, Page]) -> str:
    found = []
    for path, page in sorted(pages.items()):
        match = SECTION.search(page.markdown)
        if match:
            found.append(f"===== {path}\n{match.group(0).strip()}\n")
    return "".join(found)


def test_scenario_pages_snapshot() -> None:
    _, pages = _site(SCENARIO / "v2.yaml")
    text = (
        f"===== {CHANGES}\n{pages[CHANGES].markdown}"
        f"===== index.md\n{pages['index.md'].markdown.split('## Label types')[0]}"
        f"{_changes_sections(pages)}"
    )
    assert_snapshot("guidelines/changes_scenario.md", text)


def test_class_pages_say_what_happened_to_them() -> None:
    _, pages = _site(SCENARIO / "v2.yaml")
    notes = {path: SECTION.search(p.markdown) for path, p in pages.items()}
    text = {path: m.group(0) for path, m in notes.items() if m}
    assert "Renamed from `mission_patch` in 2.0.0." in text["classes/mission_emblem.md"]
    assert (
        "[`rocket`](rocket.md) was merged into this class in 2.0.0."
        in text["classes/launch_vehicle.md"]
    )
    assert "New in 2.0.0." in text["classes/launch_vehicle.md"]
    assert (
        "Split into [`flag_cloth`](flag_cloth.md) and [`flag_picture`]" in text["classes/flag.md"]
    )
    assert "Merged into [`launch_vehicle`](launch_vehicle.md) in 2.0.0" in text["classes/rocket.md"]
    assert "**Breaking:** Renamed from" in text["classes/mission_emblem.md"]
    assert "[What changed in each version](../changes.md)" in text["classes/flag.md"]


def test_changes_page_is_the_diff_markdown_with_links() -> None:
    old, new = load(SCENARIO / "v1.yaml"), load(SCENARIO / "v2.yaml")
    found = diff(old, new)
    plain = changes_markdown([found])
    assert plain == markdown([found], level=2, verdicts=False)  # the same text as diff's
    _, pages = _site(SCENARIO / "v2.yaml")
    page = pages[CHANGES].markdown
    assert "## 2.0.0 (from 1.0.0)" in page and "### Classes" in page
    assert "([class](classes/mission_emblem.md))" in page
    assert "**Breaking:** `mission_patch` was renamed `mission_emblem`." in page


def test_demo_history_reaches_every_page_kind() -> None:
    tax, pages = _site(DEMO)
    assert tax.version == "1.1.0"
    assert "## 1.1.0 (from 1.0.0)" in pages[CHANGES].markdown
    assert "**Breaking:**" not in pages[CHANGES].markdown  # 1.1.0 is a minor release
    assert "Definition changed in 1.1.0." in pages["classes/cup.md"].markdown
    assert "In 1.1.0: `visor` can now also be `none`." in pages["classes/helmet.md"].markdown
    reworded = pages["rules/reflections-and-screens.md"].markdown
    assert "Guidance changed in 1.1.0." in reworded
    assert "New in 1.1.0." in pages["rules/every-cup-is-a-cup.md"].markdown
    home = pages["index.md"].markdown
    assert home.index("## New in 1.1.0 (from 1.0.0)") < home.index("## Label types in use")
    assert "[All changes](changes.md)" in home
    nav = build_nav(list(pages.values()), {}, 150)
    assert {"Changes": "changes.md"} in nav


def test_without_history_there_is_no_page_nor_nav_entry(tmp_path: Path) -> None:
    doc = {"name": "t", "version": "1.0.0", "classes": {"cup": {"id": 1}}}
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    _, pages = _site(tmp_path / "t.yaml")
    assert CHANGES not in pages
    assert "## New in" not in pages["index.md"].markdown
    assert "## Changes" not in pages["classes/cup.md"].markdown
    assert all(item != {"Changes": CHANGES} for item in build_nav(list(pages.values()), {}, 9))


def test_a_previous_version_that_cannot_be_read_stops_the_build(tmp_path: Path) -> None:
    from taxonomist.core.errors import InvalidInput

    doc = {"name": "t", "version": "2.0.0", "previous": "t-1.yaml", "classes": {"c": {"id": 1}}}
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"t-1\.yaml \(previous: of .*t\.yaml\) cannot be"):
        site_inputs.changes(load(tmp_path / "t.yaml"))


HOSTILE_TITLE = "Sharp [click](javascript:alert(1)) <img src=x onerror=alert(1)>"


def test_the_taxonomys_words_are_escaped(tmp_path: Path) -> None:
    def write(name: str, version: str, guidance: str, previous: str | None = None) -> Path:
        rule = {"title": HOSTILE_TITLE, "guidance": guidance, "applies_to": {"classes": ["c"]}}
        doc = {"name": "t", "version": version, "classes": {"c": {"id": 1}}, "rules": {"r": rule}}
        if previous:
            doc["previous"] = previous
        (tmp_path / name).write_text(yaml.safe_dump(doc), encoding="utf-8")
        return tmp_path / name

    write("t-1.yaml", "1.0.0", "Old words.")
    _, pages = _site(write("t.yaml", "1.0.1", "New words.", previous="t-1.yaml"))
    page = pages[CHANGES].markdown
    assert "Guidance changed in 1.0.1." in pages["rules/r.md"].markdown
    rendered = python_markdown(page)
    assert "<img" not in rendered
    assert 'href="javascript' not in rendered
    assert "Sharp [click](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;" in rendered


def test_the_repository_site_shows_the_demo_history(tmp_path: Path) -> None:
    from tests.guidelines.sites import build_demo

    site = build_demo(tmp_path, verify=False)
    page = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "1.1.0 (from 1.0.0)" in page and 'href="../rules/every-cup-is-a-cup/"' in page
    home = (site / "index.html").read_text(encoding="utf-8")  # hand-written, with the marker
    assert "New in 1.1.0 (from 1.0.0)" in home and 'href="changes/"' in home
    helmet = (site / "classes" / "helmet" / "index.html").read_text(encoding="utf-8")
    assert "can now also be <code>none</code>" in helmet


def test_a_build_whose_previous_version_is_missing_fails_in_one_line(tmp_path: Path) -> None:
    from taxonomist.core.errors import InvalidInput
    from taxonomist.guidelines.site import build_site

    doc = {"name": "t", "version": "2.0.0", "previous": "gone.yaml", "classes": {"c": {"id": 1}}}
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        build_site(tmp_path / "t.yaml", tmp_path / "site")
    detail = caught.value.message.splitlines()[1]
    assert "gone.yaml (previous: of" in detail and "cannot be loaded" in detail
    assert not (tmp_path / "site").exists()
