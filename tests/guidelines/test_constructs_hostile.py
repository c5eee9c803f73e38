"""Taxonomy text in the constructs the site now shows (value definitions, questions, label
map targets, relation, threshold and id-space descriptions, decision tests seen from the
other side) stays text: rendered the way the site renders Markdown, no page of a poisoned
kitchen-sink taxonomy holds a script, an event handler or a ``javascript:`` link."""

from __future__ import annotations

import html
import html.parser
import shutil
from typing import Any

import markdown
import pytest
import yaml

from taxonomist.guidelines.common import Page
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from tests.guidelines.hostile import TEXT_KEYS, payload
from tests.guidelines.test_constructs import EXTENSIONS, KITCHEN_SINK

# ``name`` is a reference the loader resolves except where a person is named; threshold
# units are a closed list.
KEYS = (TEXT_KEYS - {"name"}) | {"question"}


def _payloads(where: str) -> str:
    """The shared payload, and the same without the backticks that make it a code span in
    Markdown (which would hide a string left unescaped)."""
    return f"{payload(where)} {payload(where).strip('`')}"


def _poison(node: Any, where: str) -> Any:
    if isinstance(node, dict):
        return {k: _poison_item(k, v, f"{where}.{k}") for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, f"{where}.{i}") for i, v in enumerate(node)]
    return node


def _poison_item(key: str, value: Any, where: str) -> Any:
    free = key in KEYS and not (key == "unit" and ".thresholds." in where)
    if free and isinstance(value, str):
        return f"{value} {_payloads(where)}"
    if free and isinstance(value, list):
        return [f"{v} {_payloads(f'{where}.{i}')}" if isinstance(v, str) else v
                for i, v in enumerate(value)]  # fmt: skip
    if key in ("value_descriptions", "map") and isinstance(value, dict):
        return {k: f"{v} {_payloads(f'{where}.{k}')}" if isinstance(v, str) else v
                for k, v in value.items()}  # fmt: skip
    return _poison(value, where)


class _Live(html.parser.HTMLParser):
    """What a browser would run: script text, handlers and ``javascript:`` links."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            text = (value or "").strip().lower()
            if name.startswith("on") or text.startswith("javascript:"):
                self.live.append(f"<{tag} {name}={text[:60]}>")

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.live.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    folder = tmp_path_factory.mktemp("sink") / "kitchen_sink"
    shutil.copytree(KITCHEN_SINK.parent, folder)
    path = folder / KITCHEN_SINK.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Its translation is keyed by the topics and texts poisoned here; the translated site is
    # the hostile demo's (tests/guidelines/hostile.py).
    data.pop("translations", None)
    data = _poison(data, "sink")
    data["owners"] = [{"name": "Ada " + _payloads("owner")}]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return plan(load(path))


def test_the_poison_reached_the_new_constructs(poisoned: list[Page]) -> None:
    rendered = (markdown.markdown(p.markdown, extensions=EXTENSIONS) for p in poisoned)
    text = html.unescape(html.unescape("".join(rendered)))
    fields = (
        "sink.attributes.depiction.value_descriptions.model",
        "sink.label_maps.coarse.map.person",
        "sink.relations.rides.description",
        "sink.thresholds.min_box_height.description",
        "sink.label_types.blurry.question",
        "sink.id_spaces.train_id.description",
        "sink.classes.person.versus.0.test",
    )
    for field in fields:
        assert f"__pwned='{field}'" in text, field


def test_no_page_holds_live_markup(poisoned: list[Page]) -> None:
    leaks = {}
    for page in poisoned:
        parser = _Live()
        parser.feed(markdown.markdown(page.markdown, extensions=EXTENSIONS))
        if parser.live:
            leaks[page.path] = parser.live
    assert leaks == {}


def test_the_poison_shows_as_text(poisoned: list[Page]) -> None:
    mannequin = next(p for p in poisoned if p.path == "classes/mannequin.md")
    rendered = markdown.markdown(mannequin.markdown, extensions=EXTENSIONS)
    assert "&lt;script&gt;window.__pwned=" in rendered  # the versus test written on person
