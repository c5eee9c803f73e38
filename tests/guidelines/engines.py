"""The demo site built with each engine, served on 127.0.0.1, and tabs of one headless
Chromium that record console errors and refuse (and record) every request to another host."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.guidelines.browser import CHROMIUM, CHROMIUM_ARGS
from tests.guidelines.sites import REPO

ENGINES = ("mkdocs", "zensical")
SHOTS = REPO / "test-output" / "guidelines"
DEMO = REPO / "taxonomies" / "demo.yaml"
DEMO_DATA = REPO / "examples" / "demo" / "annotations.json"  # the demo site's stats files
VIEWPORT = {"width": 1280, "height": 900}


def build_demo_site(engine: str, workdir: Path, cache_dir: Path) -> Path:
    """The demo taxonomy's site with the repository's hand-written pages, as
    ``taxonomist guidelines build taxonomies/demo.yaml --docs guidelines --engine ENGINE
    --stats examples/demo/annotations.json`` builds it, the examples verified against the
    checker."""
    from taxonomist.guidelines.render import Options
    from taxonomist.guidelines.site import build_site

    site = workdir / "site"
    options = Options(root=REPO, cache_dir=cache_dir, verify_examples=True, stats=(DEMO_DATA,))
    build_site(DEMO, site, REPO / "guidelines", engine=engine, options=options)
    return site


@dataclass(frozen=True)
class Site:
    """A built site and the address it is served at."""

    engine: str
    root: Path
    base: str

    @property
    def shots(self) -> Path:
        """Where this engine's screenshots go (made on first use)."""
        folder = SHOTS / self.engine
        folder.mkdir(parents=True, exist_ok=True)
        return folder


@dataclass
class Tab:
    """A page of the browser on one site: what it logged as errors and what it tried to
    fetch from anywhere but the site's own server."""

    page: Any
    site: Site
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.site.base + path)
        self.page.wait_for_load_state("networkidle")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def tab(browser: Any, site: Site, color_scheme: str = "light") -> Iterator[Tab]:
    """A fresh browser context on ``site``: nothing leaves the machine (a request to any
    other host is aborted and recorded), console errors and uncaught exceptions are kept."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme)
    opened = Tab(context.new_page(), site)
    own = site.base + "/"

    def route(handle: Any) -> None:
        url = handle.request.url
        if url.startswith(own) or url.startswith("data:"):
            handle.continue_()
        else:
            opened.foreign.append(url)
            handle.abort()

    context.route("**/*", route)
    opened.page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    try:
        yield opened
    finally:
        context.close()


def words(text: str) -> str:
    """Text with its runs of white space made single spaces."""
    return " ".join(text.split())


def search_results(page: Any, query: str) -> list[str]:
    """The site search's result pages for ``query``, best first, as site paths without query
    or fragment (``/rules/grade-occlusion/``), or [] when the search lists nothing.

    Works on both engines: mkdocs-material's search box in the header, Zensical's search
    dialog (its class names are minified, so the dialog's structure is matched)."""
    from urllib.parse import urlsplit

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    dialog = page.locator("button.md-search__button")
    if dialog.count():
        dialog.first.click()
        page.keyboard.type(query, delay=30)
        results = page.locator("dialog ol > li > a")
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially(query, delay=30)
        results = page.locator(".md-search-result__item > a")
    try:
        results.first.wait_for(timeout=5_000)
    except PlaywrightTimeout:
        return []
    page.wait_for_timeout(400)  # let the list settle after the last keystroke
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    return [urlsplit(h).path for h in hrefs]


def axe_script() -> str:
    """axe-core, as the axe-playwright-python wheel bundles it (MPL-2.0, notice inside)."""
    from importlib.resources import files

    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any, include: list[str]) -> list[str]:
    """axe-core's violations inside the elements matched by ``include`` (the selectors
    present on the page), one line each: rule, impact, element, what is wrong."""
    present = [s for s in include if page.locator(s).count()]
    assert present, f"none of {include} on {page.url}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    found: list[dict[str, Any]] = page.evaluate(
        "([include]) => axe.run({include: include.map(s => [s])},"
        " {resultTypes: ['violations']}).then(r => r.violations)",
        [present],
    )
    return [
        f"{v['id']} ({v['impact']}) {' '.join(n['target'])}: {words(n['failureSummary'])}"
        for v in found
        for n in v["nodes"]
    ]
