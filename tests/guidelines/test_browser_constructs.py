"""The demo site in headless Chromium, as an annotator reads it: value definitions on a class
page, the image-level questions on the home page, a decision test on both classes' pages,
and the "For the pipeline" block closed until opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.guidelines.browser import CHROMIUM, browser_page, serve
from tests.guidelines.sites import REPO, build_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
SHOTS = REPO / "test-output" / "guidelines"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"), verify=False)


@pytest.fixture
def page(tmp_path: Path) -> Any:
    with browser_page(tmp_path / "profile") as opened:
        opened.errors = []
        opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        yield opened


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_what_an_annotator_reads(demo_site: Path, page: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(demo_site) as base:
        _open(page, f"{base}/classes/helmet/")
        table = page.locator("xpath=//h3[contains(., 'Values of visor')]/following::table[1]")
        assert "The visor is down over the face." in table.inner_text()
        details = page.locator("article details.info")
        assert details.count() == 1
        assert details.evaluate("d => d.open") is False
        assert not page.get_by_text("id 1002").first.is_visible()
        details.locator("summary").click()
        assert details.evaluate("d => d.open") is True
        assert page.get_by_text("Class helmet · id 1002").first.is_visible()
        page.screenshot(path=str(SHOTS / "class-page-values.png"), full_page=True)

        _open(page, f"{base}/classes/saucer/")
        assert "written on cup's page" in page.locator("article").inner_text()

        _open(page, f"{base}/")
        questions = page.locator("xpath=//h2[contains(., 'For every image')]/following::ol[1]/li")
        assert questions.count() == 3
        assert "Is the whole image too blurred" in questions.nth(1).inner_text()
        questions.nth(1).locator("a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/label-types/blurry/")
        assert "Yes" in page.locator("article table").first.inner_text()
    assert page.errors == []
