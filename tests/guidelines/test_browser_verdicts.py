"""Verdicts in headless Chromium: every example's caption carries its verdict badge, the
lightbox shows the verdict and the caption (and a Don't's faults) on every slide, and a
hostile caption shown there runs nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.guidelines.browser import CHROMIUM, browser_page, serve
from tests.guidelines.hostile import hostile_copy
from tests.guidelines.sites import REPO, build_demo, build_taxonomy_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
SHOTS = REPO / "test-output" / "guidelines"
WORDS = {"tx-do": "✓ DO", "tx-dont": "✗ DON'T"}  # as shown (the badge is upper case)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"), verify=False)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    with browser_page(tmp_path / "profile") as opened:
        opened.errors = []
        opened.dialogs = []
        opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        opened.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        yield opened


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _gallery_pages(site: Path) -> list[str]:
    """The rule pages with examples: each example is shown on its rule's page."""
    pages = sorted(site.glob("rules/*/index.html"))
    return [
        "/" + p.parent.relative_to(site).as_posix() + "/"
        for p in pages
        if "tx-example" in p.read_text(encoding="utf-8")
    ]


def _slide(page: Any) -> tuple[str, str]:
    """The current lightbox slide's title and description, once shown."""
    current = page.locator(".glightbox-container .gslide.current")
    current.locator(".gslide-description").wait_for(state="visible")
    page.wait_for_timeout(300)  # the slide's own transition
    title = current.locator(".gslide-title").inner_text()
    return _words(title), _words(current.locator(".gslide-desc").inner_text())


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_example_shows_its_verdict_in_its_caption_and_lightbox(
    demo_site: Path, page: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    urls = _gallery_pages(demo_site)
    assert len(urls) >= 9  # every demo rule with examples
    seen = 0
    with serve(demo_site) as base:
        for url in urls:
            _open(page, base + url)
            figures = page.locator("figure.tx-example")
            for i in range(figures.count()):
                figure = figures.nth(i)
                kind = "tx-dont" if "tx-dont" in figure.get_attribute("class") else "tx-do"
                badge = figure.locator("figcaption .tx-verdict").inner_text()
                assert _words(badge) == WORDS[kind], url
                thumb = figure.locator("img")
                assert thumb.evaluate("i => i.complete && i.naturalWidth > 0"), url
                assert thumb.evaluate("i => Math.max(i.naturalWidth, i.naturalHeight)") <= 360
                seen += 1
            first = page.locator("figure.tx-example a.glightbox").first
            gallery_size = page.locator(
                f"a.glightbox[data-gallery='{first.get_attribute('data-gallery')}']"
            ).count()
            first.click()
            for _ in range(gallery_size):  # page through the whole gallery in the lightbox
                title, description = _slide(page)
                assert title in WORDS.values(), (url, title)
                assert "rule " in description, (url, description)
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Escape")
            page.wait_for_timeout(400)
    assert seen >= 22
    assert page.errors == []


def test_a_donts_lightbox_shows_its_faults(demo_site: Path, page: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(demo_site) as base:
        _open(page, f"{base}/rules/clip-at-image-edge/")
        page.locator(".tx-dont a.glightbox").first.click()
        title, description = _slide(page)
        assert title == WORDS["tx-dont"]
        assert "helmet's box runs past" in description
        assert "the object is not inside the image" in description  # the marked fault
        image = page.locator(".glightbox-container .gslide.current img")
        assert image.evaluate("i => i.naturalWidth") == 512  # the demo photo, not shrunk
        page.screenshot(path=str(SHOTS / "lightbox-dont.png"))
    assert page.errors == []


def test_hostile_captions_in_the_lightbox_run_nothing(tmp_path: Path, page: Any) -> None:
    site = build_taxonomy_site(hostile_copy(tmp_path), tmp_path / "site")
    with serve(site) as base:
        for url in ("/classes/helmet/", "/rules/shuttle-is-a-model/"):
            _open(page, base + url)
            links = page.locator("a.glightbox")
            assert links.count() >= 2
            links.first.click()
            for _ in range(links.count()):
                title, description = _slide(page)
                assert title in WORDS.values()
                assert "window.__pwned" in description  # the payload, shown as text
                assert page.evaluate("window.__pwned") is None, (url, description)
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Escape")
            page.wait_for_timeout(400)
    assert page.dialogs == []
