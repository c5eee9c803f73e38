"""Hostile and careless input to the guideline site: taxonomy text that tries to run a script
in the published pages, and ``-o`` folders a build must not destroy."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest

from tests.guidelines.hostile import hostile_copy
from tests.guidelines.sites import build_taxonomy_site


class _LiveMarkup(html.parser.HTMLParser):
    """Collects what a browser would run: script text and event handlers naming a payload,
    and ``javascript:`` links. ``<title>`` is read as a browser reads it (text up to
    ``</title>``), so markup that escapes it shows up as live elements."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            text = value or ""
            handler = name.startswith("on") and "__pwned" in text
            if handler or (name in ("href", "src") and text.lower().startswith("javascript:")):
                self.live.append(f"<{tag} {name}={text[:80]}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "__pwned" in data:
            self.live.append(f"<script>{data[:80]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def _live(page: Path) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.live


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("hostile")
    return build_taxonomy_site(hostile_copy(workdir), workdir)


def test_markup_in_titles_and_text_is_never_live(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    leaks = {str(p.relative_to(hostile_site)): _live(p) for p in pages}
    assert {page: live for page, live in leaks.items() if live} == {}


def test_a_hostile_title_reads_literally_in_the_title_element(hostile_site: Path) -> None:
    text = (hostile_site / "classes" / "helmet" / "index.html").read_text(encoding="utf-8")
    start = text.index("<title>") + len("<title>")
    title = text[start : text.index("</title>", start)]
    assert title.startswith("helmet `&lt;/title&gt;&lt;script&gt;window.__pwned=")
