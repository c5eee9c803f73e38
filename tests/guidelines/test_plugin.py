from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from taxonomist.guidelines.examples import sources
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
    plugin.examples = sources(sample, DATA)
    server = FakeServer()
    config: Any = MkDocsConfig()
    plugin.on_serve(server, config=config, builder=None)
    assert str((DATA / "sample.yaml").resolve()) in server.watched
    assert str((DATA / "sample").resolve()) in server.watched
