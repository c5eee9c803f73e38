"""Helpers for the browser tests: serve a built site on 127.0.0.1 and drive headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def browser_page(profile: Path) -> Iterator[Any]:
    """A Playwright page in a fresh headless Chromium profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the site's search and return the result links (hrefs), best first.

    mkdocs-material has a search input in the header and result items in the page;
    Zensical has a search button that opens a ``<dialog>`` with an ordered list of result
    links (its class names are minified, so the structure is what is matched)."""
    zensical = page.locator("button.md-search__button")
    if zensical.count():
        zensical.first.click()
        page.keyboard.type(query, delay=30)
        results = page.locator("dialog ol > li > a")
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially(query, delay=30)
        results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=20_000)
    page.wait_for_timeout(300)  # let the result list settle after the last keystroke
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
