"""Hostile titles in headless Chromium: markup in every free-text field of the taxonomy (titles,
nav labels, synonyms, captions, attribute values and descriptions, owners) runs nothing on any
page, through ``taxonomist guidelines build`` with either engine and ``mkdocs build``, and
titles read as the author wrote them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.guidelines.browser import CHROMIUM, browser_page, search, serve
from tests.guidelines.hostile import build_both

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
PAGES = ("/", "/classes/", "/classes/helmet/", "/rules/shuttle-is-a-model/", "/label-types/scene/",
         "/tools/label-studio/", "/tools/cvat/")  # fmt: skip
LITERAL = "`</title><script>window.__pwned="


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_both(tmp_path_factory.mktemp("hostile-site"))


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    with browser_page(tmp_path / "profile") as opened:
        opened.dialogs = []
        opened.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        yield opened


def _visit(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None, (url, page.evaluate("window.__pwned"))


@pytest.mark.parametrize(
    "builder", ["guidelines build", "guidelines build --engine zensical", "mkdocs build"]
)
def test_no_payload_runs_and_titles_read_literally(
    sites: dict[str, Path], page: Any, builder: str
) -> None:
    if not sites[builder].is_dir():
        pytest.skip("zensical is not installed (the test extra installs it)")
    with serve(sites[builder]) as base:
        for url in PAGES:
            _visit(page, base + url)
        _visit(page, f"{base}/classes/helmet/")
        assert page.title().startswith(f"helmet {LITERAL}'classes.helmet.title'</script>")
        assert page.locator("h1").inner_text().startswith(f"helmet {LITERAL}")
        nav = page.locator("nav.md-nav--primary a", has_text="helmet `</title>").first
        assert nav.inner_text().startswith(f"helmet {LITERAL}")
        assert search(page, "helmet")
        assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
