"""The built site in headless Chromium: images load, no console errors, search finds a class
by a synonym, class pages link to rule pages, and taxonomy text cannot run a script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.guidelines.browser import CHROMIUM, browser_page, serve
from tests.guidelines.sites import REPO, build_demo, build_taxonomy_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
SHOTS = REPO / "test-output" / "guidelines"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The examples' agreement with the checker is tested on its own (test_demo.py); here the
    # site is built to test what a reader sees.
    return build_demo(tmp_path_factory.mktemp("demo"), verify=False)


@pytest.fixture
def page(tmp_path: Path) -> Any:
    with browser_page(tmp_path / "profile") as opened:
        opened.errors = []
        opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        yield opened


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _images_loaded(page: Any) -> list[str]:
    """Sources of images on the page that did not load."""
    broken: list[str] = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    return broken


def test_class_page_search_and_rule_link(demo_site: Path, page: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(demo_site) as base:
        _open(page, f"{base}/classes/space_shuttle/")
        assert page.locator("h1").inner_text().startswith("space shuttle")
        assert page.locator("img").count() >= 3
        assert _images_loaded(page) == []
        page.screenshot(path=str(SHOTS / "class-page.png"), full_page=True)

        page.locator("label.md-search__icon, .md-search__input").first.click()
        # "transportation" appears only among space_shuttle's synonyms
        page.locator("input.md-search__input").press_sequentially("transportation", delay=30)
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=20_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert any("classes/space_shuttle/" in (h or "") for h in hrefs), hrefs
        page.screenshot(path=str(SHOTS / "search.png"))
        page.keyboard.press("Escape")

        _open(page, f"{base}/classes/space_shuttle/")
        page.locator("article a[href*='rules/shuttle-is-a-model/']").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/rules/shuttle-is-a-model/")
        assert "model or a picture" in page.locator("h1").inner_text()
        assert _images_loaded(page) == []
        page.screenshot(path=str(SHOTS / "rule-page.png"), full_page=True)
    assert page.errors == []


def test_script_in_a_class_description_does_not_run(tmp_path: Path, page: Any) -> None:
    site = build_taxonomy_site(DATA / "sample.yaml", tmp_path / "hostile")
    with serve(site) as base:
        for url in ("/", "/classes/person/", "/classes/mannequin/", "/rules/tiny-people/"):
            _open(page, base + url)
            assert page.evaluate("window.pwned") is None, url
        assert "<script>" in page.content() or "&lt;script&gt;" in page.content()
    assert page.errors == []
