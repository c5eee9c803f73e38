"""The class index and the quick reference in headless Chromium: the filter box hides what
does not match and says when nothing does, the index reads in full without JavaScript, and
the demo's quick reference prints on one or two A4 pages holding every class."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from taxonomist.guidelines.pages.class_index import filter_text
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.browser import CHROMIUM, CHROMIUM_ARGS, browser_page, serve
from tests.guidelines.sites import REPO, build_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
SHOTS = REPO / "test-output" / "guidelines"
VISIBLE_ENTRIES = """
Array.from(document.querySelectorAll("li[data-filter]"))
  .filter(li => li.offsetParent !== null)
  .map(li => li.querySelector("a").getAttribute("href").replace(/\\/$/, ""))
"""


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"), verify=False)


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(REPO / "taxonomies" / "demo.yaml")


@pytest.fixture
def page(tmp_path: Path) -> Any:
    with browser_page(tmp_path / "profile") as opened:
        opened.errors = []
        opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        yield opened


@contextlib.contextmanager
def _page_without_javascript(profile: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _expected(tax: Taxonomy, typed: str) -> set[str]:
    """The entries a filter should leave: the matches, the classes they are kinds of and
    their own kinds."""
    words = typed.lower().split()
    found = {n for n, c in tax.classes.items() if all(w in filter_text(c) for w in words)}
    above = {a for n in found for a in tax.classes[n].ancestors}
    return found | above | {k for n in found for k in tax.subtree(n)}


def _filter(page: Any, text: str) -> list[str]:
    box = page.locator("#tx-filter-input")
    box.fill("")
    box.press_sequentially(text, delay=20)
    shown: list[str] = page.evaluate(VISIBLE_ENTRIES)
    return shown


def test_the_filter_shows_only_matching_entries(demo_site: Path, demo: Taxonomy, page: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(demo_site) as base:
        _open(page, f"{base}/classes/")
        assert page.locator(".tx-filter").is_visible()
        assert len(page.evaluate(VISIBLE_ENTRIES)) == len(demo.classes)

        shown = _filter(page, "sp")
        assert set(shown) == _expected(demo, "sp") == {
            "kitchen", "spoon", "spacecraft", "rocket", "space_shuttle"
        }  # fmt: skip
        assert not page.locator("#kinds-animal").is_visible()  # a group with no match hides
        assert not page.locator(".tx-filter-none").is_visible()
        page.screenshot(path=str(SHOTS / "class-index-filtered.png"))

        shown = _filter(page, "Pony")  # a synonym of horse, in another case
        assert set(shown) == {"horse", "animal"}
        shown = _filter(page, "animal")  # a group: it shows its kinds
        assert set(shown) == {"animal", "cat", "horse"}
        shown = _filter(page, "space_transportation")  # underscores read as spaces
        assert set(shown) == {"space_shuttle", "spacecraft"}

        assert _filter(page, "zebra") == []
        assert page.locator(".tx-filter-none").is_visible()
        page.locator("#tx-filter-input").fill("")
        assert len(page.evaluate(VISIBLE_ENTRIES)) == len(demo.classes)
        assert not page.locator(".tx-filter-none").is_visible()
    assert page.errors == []


def test_the_index_reads_in_full_without_javascript(
    demo_site: Path, demo: Taxonomy, tmp_path: Path
) -> None:
    with serve(demo_site) as base, _page_without_javascript(tmp_path / "profile") as page:
        _open(page, f"{base}/classes/")
        assert not page.locator(".tx-filter").is_visible()  # no box that could not work
        names = [
            href.rstrip("/")
            for href in page.locator("li[data-filter] > a").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
        ]
        assert sorted(names) == sorted(demo.classes)
        assert page.locator("li[data-filter]:visible").count() == len(demo.classes)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_the_quick_reference_prints_on_one_or_two_a4_pages(
    demo_site: Path, demo: Taxonomy, page: Any, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "quick-reference.pdf"
    with serve(demo_site) as base:
        _open(page, f"{base}/quick-reference/")
        page.screenshot(path=str(SHOTS / "quick-reference.png"), full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=str(SHOTS / "quick-reference-print.png"), full_page=True)
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    assert 1 <= pages <= 2, info.stdout
    assert "A4" in info.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    flat = " ".join(text.stdout.split())
    missing = [c.title for c in demo.classes.values() if " ".join(c.title.split()) not in flat]
    assert missing == []
    assert "Space and kitchen" not in flat.split("Quick reference", 1)[0]  # no theme header
    assert page.errors == []
