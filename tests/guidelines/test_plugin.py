from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from taxonomist.guidelines.common import Page
from taxonomist.guidelines.plugin import TaxonomistPlugin
from taxonomist.taxonomy.resolved import Taxonomy

DATA = Path(__file__).parent / "data"


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_taxonomy_and_the_example_folders(sample: Taxonomy) -> None:
    plugin = TaxonomistPlugin()
    plugin.taxonomy = sample
    plugin.project_root = DATA
    server = FakeServer()
    config: Any = MkDocsConfig()
    plugin.on_serve(server, config=config, builder=None)
    assert str((DATA / "sample.yaml").resolve()) in server.watched
    assert str((DATA / "sample").resolve()) in server.watched


def test_templates_striptags_keeps_taxonomy_text_escaped() -> None:
    import jinja2

    env = jinja2.Environment()  # mkdocs' own: no autoescape
    config: Any = MkDocsConfig()
    TaxonomistPlugin().on_env(env, config=config, files=Files([]))
    title = "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; <code>y</code> &amp; z"
    shown = env.from_string("<title>{{ t | striptags }}</title>").render(t=title)
    assert shown == "<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; y &amp; z</title>"
    in_attribute = env.from_string('"{{ t | striptags | e }}"').render(t=title)
    assert in_attribute == '"&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; y &amp; z"'


def test_generated_pages_carry_their_title_as_front_matter(sample: Taxonomy) -> None:
    from taxonomist.guidelines.plan import plan

    pages = {p.path: p for p in plan(sample)}
    assert pages["index.md"].source == pages["index.md"].markdown  # <title> is the site name
    mannequin = pages["classes/mannequin.md"].source
    title = "Mannequin &lt;img src=x onerror=window.pwned=3&gt;"
    assert mannequin.startswith(
        f'---\ntitle: "{title}"\nsearch:\n  boost: 4.0\nhide: ["tags"]\ntags: ["mannequin", '
    )  # search terms, not chips at the page's foot
    assert mannequin.endswith(pages["classes/mannequin.md"].markdown)
    # Pipeline pages are left out of search, so annotators find classes and rules first.
    assert "search:\n  exclude: true\n" in Page("checks/X003.md", "X003", "").source
    # So is the quick reference: each of its lines repeats a class or rule page.
    assert "search:\n  exclude: true\n" in pages["quick-reference.md"].source
